"""Flavor C, SEW's ASP.NET web portal: `<folder>/<Page>.aspx/<WebMethod>` in a cookie session.

Sources (research note web-portal.md, each step cited there): funkadelic/ha-acwd @ 2ceb7e57
and parvez/acwd_water_usage @ 1f930a5c (Alameda County Water District), jsinnott/cpau @
77debbfa (City of Palo Alto Utilities, real browser captures), sarbuandreidaniel/
hidroelectrica @ 8ad14f0f (contracts, expiry), T-Fowl/tango-energy-usage-exporter @ 00444302.

The login, the page methods and the contract switch are web_session.py's; the calls here
run under its lock, after switching to the account's contract.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, timedelta
import logging
from typing import Any

from .accounts import parse_meters
from .bodies import DAILY_WINDOW_DAYS
from .dates import parse_date
from .errors import EndpointNotFoundError, PortalFailureError, SewResponseError
from .flavor import NO_RECORDS, PortalContext, says_no_records
from .locale import DateOrder, Locale
from .models import (
    Account,
    Bill,
    BillSummary,
    Direction,
    Meter,
    MeterType,
    Projection,
    Resolution,
    UsageSeries,
)
from .projection import parse_projection
from .session import PortalSession
from .usage import UsageQuery, merge_series, parse_meter_usage
from .values import Row, field, parse_id, parse_number, parse_text, rows_of
from .web_bodies import (
    DATE_FORMATS,
    QUARTER_MODES,
    USAGE_METHODS,
    UsageMode,
    usage_body,
    usage_mode,
)
from .web_session import WebSession

# Rows of exported energy on net-metered accounts (the CPAU capture: `UsageType` "Eusage",
# negative values; "IUsage" the import).
EXPORT_ROWS = "eusage"
QUARTER_HOUR = timedelta(minutes=15)
HOUR = timedelta(hours=1)
_LOGGER = logging.getLogger(__name__)


class WebPortalApi:
    """The web portal flavor's calls."""

    def __init__(self, context: PortalContext) -> None:
        """Keep the context; nothing is known of the portal's session yet."""
        self._context = context
        self._web = WebSession(context)
        # What the tenant was found to take: `strDate` format, quarter-hour mode.
        self._date_format: int | None = None
        self._quarter: UsageMode | None = None
        self._injecting: dict[tuple[str, str], bool] = {}

    async def login(self) -> PortalSession:
        """Load the login page, log in, and read the dashboard's token and contracts."""
        return await self._web.login()

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the contracts the login named."""
        return await self._web.accounts(session)

    # -- meters ---------------------------------------------------------------------------------

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Read BindMultiMeter per meter type (`{"MeterType": "W"}`, ha-acwd l.356-357).

        `d` is "" when the contract has none of a type (SEW's script usage-common.js:380).
        An electric meter is net metered when its billing rows hold exports.
        """
        kinds = [kind for kind in account.meter_types if kind in USAGE_METHODS] or list(
            USAGE_METHODS
        )
        async with self._web.lock:
            await self._web.select(session, account)
            meters: list[Meter] = []
            for kind in kinds:
                value = await self._web.invoke(
                    "Usages.aspx/BindMultiMeter", {"MeterType": kind.value}
                )
                if value == "":
                    continue
                if not isinstance(value, Mapping):
                    raise SewResponseError("BindMultiMeter did not list meters")
                rows = rows_of(field(value, "MeterDetails"), "MeterDetails")
                meters.extend(parse_meters(rows, account, kind))
            self._web.claim(account, meters)
            return [
                replace(meter, net_metered=True)
                if meter.meter_type is MeterType.ELECTRIC
                and meter.active
                and await self._injects(account, meter)
                else meter
                for meter in meters
            ]

    async def _injects(self, account: Account, meter: Meter) -> bool:
        """Tell whether a meter's billing periods hold exported energy, asked once."""
        key = (account.utility_account_number, meter.meter_number)
        if key not in self._injecting:
            mode = usage_mode(Resolution.BILLING, meter.meter_type)
            value = await self._usage_call(meter, mode, None, DATE_FORMATS[0])
            self._injecting[key] = any(_is_export(row) for row in _usage_rows(value))
        return self._injecting[key]

    # -- usage ----------------------------------------------------------------------------------

    async def _usage_call(
        self,
        meter: Meter,
        mode: UsageMode,
        day: date | None,
        write: Callable[[date], str],
    ) -> Any:
        method = USAGE_METHODS.get(meter.meter_type)
        if method is None:
            raise SewResponseError(
                f"The web portal has no usage of {meter.meter_type.name.lower()} meters"
            )
        body = usage_body(
            meter.meter_type,
            meter.meter_number,
            mode=mode,
            day=day,
            write_date=write,
            window_days=DAILY_WINDOW_DAYS,
        )
        return await self._web.invoke(f"Usages.aspx/{method}", body)

    async def usage(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Read one period of a meter; quarter-hours in the mode the tenant answers."""
        if query.generation:
            raise SewResponseError("The web portal offers no generation series")
        if query.resolution is Resolution.QUARTER_HOUR:
            modes = (self._quarter,) if self._quarter else QUARTER_MODES
        else:
            modes = (usage_mode(query.resolution, meter.meter_type),)
        async with self._web.lock:
            await self._web.select(session, account)
            series = NO_RECORDS
            for mode in modes:
                series = await self._read(account, meter, query, mode)
                if series.has_rows:
                    if query.resolution is Resolution.QUARTER_HOUR:
                        self._quarter = mode
                    break
            return series

    async def _read(
        self, account: Account, meter: Meter, query: UsageQuery, mode: UsageMode
    ) -> UsageSeries:
        """Ask a period, trying the `strDate` formats until the tenant's is found."""
        day = None if query.resolution is Resolution.BILLING else query.day
        if day is None or self._date_format is not None:
            formats = [self._date_format or 0]
        else:
            formats = list(range(len(DATE_FORMATS)))
        interval = QUARTER_HOUR if mode in QUARTER_MODES else HOUR
        query = replace(query, net=False, money=False, interval=interval)
        series = NO_RECORDS
        for index in formats:
            try:
                value = await self._usage_call(meter, mode, day, DATE_FORMATS[index])
            except PortalFailureError as err:
                if says_no_records(err) or len(formats) > 1:
                    continue
                raise
            series = self._series(_usage_rows(value), account, meter, query)
            if series.has_rows:
                if day is not None:
                    self._date_format = index
                break
        return series

    def _series(
        self, rows: list[Row], account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Read rows; export rows (`Eusage`, negative) as the export series."""
        imported = [row for row in rows if not _is_export(row)]
        exported = [row for row in rows if _is_export(row)]
        locale = self._context.locale
        parts = [parse_meter_usage(imported, query, account, meter, locale)]
        if exported:
            series = parse_meter_usage(exported, query, account, meter, locale)
            parts.append(
                UsageSeries(
                    series.status,
                    tuple(
                        replace(r, value=abs(r.value), direction=Direction.EXPORT)
                        for r in series.readings
                    ),
                    series.days,
                )
            )
        return merge_series(*parts)

    async def projection(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Projection:
        """Read `getTentativeData[0]` of the billing answer (ha-acwd sensor.py:91-150)."""
        async with self._web.lock:
            await self._web.select(session, account)
            mode = usage_mode(Resolution.BILLING, meter.meter_type)
            value = await self._usage_call(meter, mode, None, DATE_FORMATS[0])
        rows = (
            rows_of(field(value, "getTentativeData"), "getTentativeData")
            if isinstance(value, Mapping)
            else []
        )
        return parse_projection(rows, meter.unit, self._context.locale)

    # -- bills ----------------------------------------------------------------------------------

    async def bills(self, session: PortalSession, account: Account) -> BillSummary:
        """Read LoadBilling's balance and the bill history of the current contract.

        `LoadBilling` `{"IsDashboard": 1}` answers `d` as an object (acwd_water_usage
        sensor.py:217-226; SEW's script dashboard.js:1030-1077): `ToTalBalance` (sic, may
        end in DR or CR), `BillDue`, `TotalBill`. `BillingHistory.aspx/LoadW2UIGridData`
        rows carry `Date` (DD/MM/YYYY) and `Amount` (hidroelectrica api.py:63-69, sensor.py
        :498-551).
        """
        async with self._web.lock:
            await self._web.select(session, account)
            balance = await self._web.invoke(
                "BillDashboard.aspx/LoadBilling", {"IsDashboard": 1}
            )
            try:
                history = await self._web.invoke(
                    "BillingHistory.aspx/LoadW2UIGridData",
                    {
                        "tabType": "menu1",
                        "fromDate": "",
                        "toDate": "",
                        "invoiceType": "",
                    },
                )
            except (EndpointNotFoundError, PortalFailureError) as err:
                _LOGGER.debug("No bill history: %s", err)
                history = []
        if not isinstance(balance, Mapping):
            raise SewResponseError("LoadBilling did not answer a balance")
        locale = self._context.locale
        history_rows = rows_of(history, "the bill history") if history else []
        return BillSummary(
            amount_due=parse_number(field(balance, "TotalBill"), locale.number_format),
            due_date=parse_date(field(balance, "BillDue"), locale.date_order),
            balance=_balance(field(balance, "ToTalBalance"), locale),
            last_bills=_bills(history_rows, locale),
        )


def _usage_rows(value: Any) -> list[Row]:
    """Return a usage answer's rows; `d` "" is no rows.

    Redwood City's 2019 portal answered `{"Table": [{"Hourly", "TotalValue"}]}` instead
    (index file 2086857452); its `TotalValue` is read as the usage.
    """
    if value == "":
        return []
    if not isinstance(value, Mapping):
        raise SewResponseError("The usage answer is not an object")
    rows = field(value, "objUsageGenerationResultSetTwo")
    if rows is not None:
        return rows_of(rows, "objUsageGenerationResultSetTwo")
    if field(value, "Table") is not None:
        return [
            {**row, "UsageValue": field(row, "UsageValue", "TotalValue")}
            for row in rows_of(field(value, "Table"), "Table")
        ]
    raise SewResponseError("The usage answer holds no usage rows")


def _is_export(row: Row) -> bool:
    return (parse_text(field(row, "UsageType")) or "").casefold() == EXPORT_ROWS


def _balance(value: object, locale: Locale) -> float | None:
    """Read `ToTalBalance`: "CR" marks a credit, "DR" a debit (SEW dashboard.js:1044-1066)."""
    text = parse_text(value)
    number = parse_number(text, locale.number_format)
    if number is None or text is None:
        return None
    return -abs(number) if text.upper().endswith("CR") else number


def _bills(rows: list[Row], locale: Locale) -> tuple[Bill, ...]:
    """Read the bill history, newest first."""
    order = locale.date_order or DateOrder.DAY_FIRST
    bills = [
        Bill(
            amount=amount,
            due_date=None,
            invoice_date=parse_date(field(row, "Date"), order),
            invoice_number=parse_id(field(row, "InvoiceNumber")),
        )
        for row in rows
        if (amount := parse_number(field(row, "Amount"), locale.number_format))
        is not None
    ]
    return tuple(
        sorted(bills, key=lambda bill: bill.invoice_date or date.min, reverse=True)
    )
