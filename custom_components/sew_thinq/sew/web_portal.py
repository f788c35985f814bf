"""Flavor C, SEW's ASP.NET web portal: `<folder>/<Page>.aspx/<WebMethod>` in a cookie session.

Sources (research note web-portal.md, each step cited there): funkadelic/ha-acwd @ 2ceb7e57
and parvez/acwd_water_usage @ 1f930a5c (Alameda County Water District), jsinnott/cpau @
77debbfa (City of Palo Alto Utilities, real browser captures), sarbuandreidaniel/
hidroelectrica @ 8ad14f0f (contracts, expiry), T-Fowl/tango-energy-usage-exporter @ 00444302.

The HTTP session must keep cookies (`ASP.NET_SessionId`) and be this client's alone. One
session serves one contract at a time: `Common.aspx/HandleAddressDropDownChange` switches
it for every later call (hidroelectrica api.py:195-207), so each account's calls run under
a lock, after switching to it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, timedelta
import logging
from typing import Any

from .accounts import meter_type, parse_accounts, parse_meters
from .bodies import DAILY_WINDOW_DAYS
from .dates import parse_date
from .errors import (
    EndpointNotFoundError,
    PortalFailureError,
    SessionExpiredError,
    SewAuthError,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
)
from .flavor import NO_RECORDS, PortalContext, says_no_records
from .http import Answer
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
from .web_answers import CsrfRefusedError, checked, login_rows, unwrap
from .web_bodies import (
    DATE_FORMATS,
    JSON_HEADERS,
    PAGE_HEADERS,
    QUARTER_MODES,
    USAGE_METHODS,
    UsageMode,
    login_body,
    usage_body,
    usage_mode,
)
from .web_pages import PageContract, PortalPage, read_page

# The dashboard each login row's `DashboardOption` names (ha-acwd acwd_api.py:93-99; SEW's
# script default.js:494-501); the plain one when the option is unknown.
DASHBOARDS = {
    "1": "Dashboard.aspx",
    "2": "DashboardCustom.aspx",
    "3": "DashboardCustom3_3.aspx",
}
# The page a fresh CSRF token is taken from before the usage calls (ha-acwd acwd_api.py
# :396-418; jsinnott/cpau session.py:284-290; PGW `_get_csrf_token`).
USAGE_PAGE = "Usages.aspx"
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
        self._root = context.layout.login_root.rstrip("/")
        self._lock = asyncio.Lock()
        self._session: PortalSession | None = None
        self._token: str | None = None
        self._address_ids: dict[str, str] = {}
        self._current: str | None = None
        # What the tenant was found to take: `strDate` format, quarter-hour mode.
        self._date_format: int | None = None
        self._quarter: UsageMode | None = None
        self._injecting: dict[tuple[str, str], bool] = {}
        # Which contract each meter number was answered for.
        self._owners: dict[str, str] = {}

    # -- HTTP ---------------------------------------------------------------------------------

    async def _get(self, page: str) -> tuple[PortalPage, Answer]:
        """Load a page (redirects followed); raise when it is not there."""
        answer = await self._context.http.request(
            "GET", f"{self._root}/{page}", headers=PAGE_HEADERS
        )
        if answer.status == 404:
            raise EndpointNotFoundError(f"The portal has no {answer.where} (HTTP 404)")
        if answer.status != 200:
            raise SewConnectionError(
                f"The portal answered {answer.where} with HTTP {answer.status}"
            )
        return read_page(answer.text), answer

    async def _post(
        self, method: str, body: Mapping[str, Any], token: str | None
    ) -> Any:
        """Call a page method; return its `d`."""
        headers = {**JSON_HEADERS, "Referer": f"{self._root}/", "isajax": "1"}
        if token:
            headers["csrftoken"] = token
        answer = await self._context.http.request(
            "POST", f"{self._root}/{method}", headers=headers, json_body=body
        )
        if answer.status in (401, 403):
            raise SessionExpiredError(
                f"The portal refused the session (HTTP {answer.status})"
            )
        return unwrap(answer)

    async def _invoke(
        self, method: str, body: Mapping[str, Any], *, null_ok: bool = False
    ) -> Any:
        """Call a page method of the session; a refused token is renewed once.

        `null_ok`: the method answers null when it works (a method returning nothing).
        """
        try:
            return _read(await self._post(method, body, self._token), method, null_ok)
        except CsrfRefusedError:
            await self._renew_token()
        try:
            return _read(await self._post(method, body, self._token), method, null_ok)
        except CsrfRefusedError as err:
            raise SessionExpiredError(str(err)) from err

    async def _renew_token(self) -> None:
        """Take a fresh CSRF token from the usage page."""
        page, _ = await self._get(USAGE_PAGE)
        if page.is_login_page or page.csrf_token is None:
            raise SessionExpiredError("The portal ended the session")
        self._token = page.csrf_token

    # -- login and contracts ------------------------------------------------------------------

    async def login(self) -> PortalSession:
        """Load the login page, log in, and read the dashboard's token and contracts."""
        async with self._lock:
            return await self._login()

    async def _login(self) -> PortalSession:
        credentials = self._context.credentials
        page, _ = await self._get("")
        # Sent on login by ha-acwd, acwd_water_usage and CPAU; others send none and work.
        token = page.login_token
        try:
            # Sent by ha-acwd, hidroelectrica and Tango, skipped by CPAU's browser; its
            # answer is ignored (ha-acwd acwd_api.py:229-230).
            await self._post("default.aspx/updateState", {}, token)
        except SewRateLimitError:
            raise
        except (SewConnectionError, SewResponseError) as err:
            _LOGGER.debug("updateState: %s", err)
        value = await self._post(
            "default.aspx/validateLogin",
            login_body(credentials.username, credentials.password or ""),
            token,
        )
        rows = login_rows(value)
        option = parse_text(field(rows[0], "DashboardOption")) or "1"
        dashboard, _ = await self._get(DASHBOARDS.get(option, DASHBOARDS["1"]))
        if dashboard.is_login_page:
            # homeassistant-ihidro web_portal_api.py:340-362: the login did not take.
            raise SewAuthError("The portal did not keep the login")
        csrf = dashboard.csrf_token
        if csrf is None:
            raise SewResponseError("The portal's dashboard carries no request token")
        accounts = self._accounts(rows, dashboard.contracts)
        user_id = parse_id(field(rows[0], "UserID")) or credentials.username
        session = PortalSession(user_id, csrf, tuple(accounts))
        self._session, self._token, self._current = session, csrf, None
        self._address_ids = {
            contract.utility_account_number: contract.address_id
            for contract in dashboard.contracts
        }
        return session

    def _accounts(
        self, rows: list[Row], contracts: tuple[PageContract, ...]
    ) -> list[Account]:
        """Return the login's contracts: its rows', and the page's it did not name.

        No peer shows a login answer with several contracts (Tango takes row [0],
        main.go:323); hidroelectrica lists them from the dashboard (auth.py:212-287).
        """
        zone = self._context.zone
        accounts = parse_accounts(rows, zone)
        if accounts:
            zone = accounts[0].time_zone
        known = {account.utility_account_number for account in accounts}
        for contract in contracts:
            if contract.utility_account_number in known:
                continue
            kind = meter_type(contract.meter_type)
            accounts.append(
                Account(
                    account_number=contract.account_number
                    or contract.utility_account_number,
                    utility_account_number=contract.utility_account_number,
                    address=contract.label,
                    time_zone=zone,
                    is_default=contract.is_default,
                    meter_types=(kind,) if kind else (),
                )
            )
        if not accounts:
            raise SewResponseError("The portal's login named no account")
        return sorted(accounts, key=lambda account: not account.is_default)

    def _check(self, session: PortalSession) -> None:
        """Refuse a session this client did not open (a stored one: its cookie is gone)."""
        if session is not self._session:
            raise SessionExpiredError("The portal session is not this client's")

    async def _select(self, session: PortalSession, account: Account) -> None:
        """Make an account the session's current contract, unless it is the only one."""
        self._check(session)
        uan = account.utility_account_number
        if len(session.accounts) < 2 or self._current == uan:
            return
        address_id = self._address_ids.get(uan)
        if address_id is None:
            raise SewResponseError(
                f"The portal's address list does not offer contract {uan}"
            )
        # The answer is unknown (hidroelectrica ignores it): a null is not an expiry here,
        # but a refused token or a failure is (the switch must not fail unnoticed).
        self._current = None
        await self._invoke(
            "Common.aspx/HandleAddressDropDownChange",
            {"ddlAddressSelectedValue": address_id},
            null_ok=True,
        )
        self._current = uan

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the contracts the login named."""
        self._check(session)
        return list(session.accounts)

    # -- meters ---------------------------------------------------------------------------------

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Read BindMultiMeter per meter type (`{"MeterType": "W"}`, ha-acwd l.356-357).

        `d` is "" when the contract has none of a type (SEW's script usage-common.js:380).
        An electric meter is net metered when its billing rows hold exports.
        """
        kinds = [kind for kind in account.meter_types if kind in USAGE_METHODS] or list(
            USAGE_METHODS
        )
        async with self._lock:
            await self._select(session, account)
            meters: list[Meter] = []
            for kind in kinds:
                value = await self._invoke(
                    "Usages.aspx/BindMultiMeter", {"MeterType": kind.value}
                )
                if value == "":
                    continue
                if not isinstance(value, Mapping):
                    raise SewResponseError("BindMultiMeter did not list meters")
                rows = rows_of(field(value, "MeterDetails"), "MeterDetails")
                meters.extend(parse_meters(rows, account, kind))
            self._claim(account, meters)
            return [
                replace(meter, net_metered=True)
                if meter.meter_type is MeterType.ELECTRIC
                and meter.active
                and await self._injects(account, meter)
                else meter
                for meter in meters
            ]

    def _claim(self, account: Account, meters: list[Meter]) -> None:
        """Refuse meters another contract of the login answered before.

        Nothing in the answers names the contract (research note section 6): a switch that
        did not take shows as the other contract's meters, which must never be taken.
        """
        uan = account.utility_account_number
        for meter in meters:
            owner = self._owners.setdefault(meter.meter_number, uan)
            if meter.meter_number and owner != uan:
                self._current = None
                raise SewResponseError(
                    "The portal answered another contract's meters: the contract "
                    "switch did not take"
                )

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
        return await self._invoke(f"Usages.aspx/{method}", body)

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
        async with self._lock:
            await self._select(session, account)
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
        async with self._lock:
            await self._select(session, account)
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
        async with self._lock:
            await self._select(session, account)
            balance = await self._invoke(
                "BillDashboard.aspx/LoadBilling", {"IsDashboard": 1}
            )
            try:
                history = await self._invoke(
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


def _read(value: Any, method: str, null_ok: bool) -> Any:
    """Return a call's `d` once checked; null only where the method answers nothing."""
    return None if value is None and null_ok else checked(value, method)


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
