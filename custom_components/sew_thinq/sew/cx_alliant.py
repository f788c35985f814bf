"""Alliant Energy's CX services: accounts, meters, usage rows, projection and bills.

Sources (keys of /work/research/cx.md):
- Accounts: `GET /Services/api/1/Addresses/User/{uuid}` -> `data[]{accountNumber,
  premiseNumber, serviceAddress{address1, address2, city, state}, nickName}` (AL1 client.py:
  175-194; AL4 `alliantAddressesAnswer`). The usage `AccountNumber` is `premise-account`
  (AL1 client.py:240; AL3; AL4), which names the account here.
- Meters: `POST /Services/api/1/Usages/GetMeterAndPremise` -> `data[]{meterNumber,
  deviceAttribute5}`; electric meters are `ERES` and only they have usage (AL2 client.py:
  11-14, 339); a meter is listed once per service period, so rows are de-duplicated, and a
  retired meter stays listed (AL2 `async_get_meters`, commit ab39527; AL3).
- Usage: `GET /UsageAPI/api/V1/Electric?AccountNumber&MeterNumber&From&To&Uom=kWh&
  Periodicity=MO|DA|HH` -> `Result.electricUsages[]` (parsed in alliant_rows.py).
- Projection: `GET /UsageAPI/api/V1/ProjectedElectric?AccountNumber&MeterNumber&StartDate&
  EndDate&Type=0` -> `Result.projectedElectric{...}`; all "0" for net-metering meters (AL1
  client.py:317-373; AL2 client.py:515-575).
- Bills: `POST /Services/api/1/bill/Current {"accountNumbers"}` -> `data{totalAmountDue,
  remainingBalance, netDueDate "MM-DD-YYYY", invoiceDate, invoiceId}`; `bill/History
  {"accountNumbers", "startDate", "endDate"}` (yyyyMMdd) -> `data[]{billDate, dueDate,
  invoiceId, amountDue}` (AL4 70946447050, field names read through fallbacks there too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta

from .cx_alliant_rows import parse_electric
from .cx_bills import BillNames, bill_summary, history_window
from .cx_transport import CxTransport, require_data
from .errors import PortalFailureError, SewResponseError
from .flavor import NO_RECORDS, PortalContext, says_no_records
from .models import (
    Account,
    BillSummary,
    Meter,
    MeterType,
    Projection,
    Resolution,
    UsageSeries,
)
from .session import PortalSession
from .usage import UsageQuery
from .values import Row, field, parse_id, parse_number, parse_text, rows_of

ELECTRIC = "ERES"
SERVICES = "/Services/api/1"
USAGE = "/UsageAPI/api/V1"
# The whole history comes back in one answer, without paging (AL3 `collect`).
HISTORY = timedelta(days=3660)
_BILL_NAMES = BillNames(
    amount=("amountDue", "amount"),
    invoice_date=("billDate", "invoiceDate"),
    amount_due=("totalAmountDue", "amountDue"),
    due_date=("netDueDate", "dueDate"),
)
PROJECTION_FIELDS = (
    "soFarThisMonthProjectedConsumption",
    "projectedConsumption",
    "soFarThisMonthProjectedAmount",
    "projectedAmount",
    "averageThisYearConsumption",
    "highestThisYearConsumption",
)


def _address(row: Row) -> str | None:
    """Return an account's service address as one line."""
    block = field(row, "serviceAddress", "premiseAddress", "address")
    if isinstance(block, Mapping):
        parts = [
            parse_text(field(block, name))
            for name in ("address1", "address2", "city", "state")
        ]
        return ", ".join(part for part in parts if part) or None
    return parse_text(block)


class AlliantData:
    """Alliant's data calls over a CX transport."""

    def __init__(self, context: PortalContext, transport: CxTransport) -> None:
        """Keep the context and the transport."""
        self._context = context
        self._transport = transport
        # Meters found net-metered (their projection is all "0"), by meter number.
        self._net: dict[str, bool] = {}

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the login's accounts, the first one the default."""
        envelope = await self._transport.call(
            "GET", f"{SERVICES}/Addresses/User/{session.user_id}", session
        )
        accounts: list[Account] = []
        for row in rows_of(field(envelope, "data"), "the accounts"):
            number = parse_id(field(row, "accountNumber"))
            premise = parse_id(field(row, "premiseNumber"))
            if number is None or premise is None:
                continue
            accounts.append(
                Account(
                    account_number=number,
                    utility_account_number=f"{premise}-{number}",
                    address=_address(row),
                    time_zone=self._context.zone,
                    is_default=not accounts,
                    customer_type=parse_text(field(row, "nickName")),
                    meter_types=(MeterType.ELECTRIC,),
                )
            )
        return accounts

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Return the account's electric meters, each once."""
        premise = account.utility_account_number.partition("-")[0]
        body = {"accountNumber": account.account_number, "premiseNumber": premise}
        envelope = await self._transport.call(
            "POST", f"{SERVICES}/Usages/GetMeterAndPremise", session, json_body=body
        )
        numbers: dict[str, None] = {}
        for row in rows_of(field(envelope, "data"), "the meters"):
            kind = parse_text(field(row, "deviceAttribute5"))
            number = parse_id(field(row, "meterNumber"))
            if number is not None and (kind or "").upper() == ELECTRIC:
                numbers[number] = None
        meters = []
        for number in numbers:
            meter = Meter(
                account_number=account.account_number,
                meter_number=number,
                meter_type=MeterType.ELECTRIC,
                is_ami=True,
                active=True,
                unit="kWh",
            )
            if number not in self._net:
                block = await self._projection_block(session, account, meter)
                self._net[number] = block is not None and not any(
                    parse_number(field(block, name)) for name in PROJECTION_FIELDS
                )
            meters.append(replace(meter, net_metered=self._net[number]))
        return meters

    async def usage(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Read Electric rows of the periodicity the resolution stands for."""
        if query.resolution is Resolution.BILLING:
            first, last, periodicity = query.day - HISTORY, query.day, "MO"
        elif query.resolution is Resolution.DAY:
            first, last, periodicity = query.day - timedelta(days=30), query.day, "DA"
        else:
            # HH rows are labelled by the hour they end, the last one 00:00 of the same
            # date (AL3 `hour_start`): the day's own date holds all of them.
            first, last, periodicity = query.day, query.day, "HH"
        params = {
            "AccountNumber": account.utility_account_number,
            "MeterNumber": meter.meter_number,
            "From": first.isoformat(),
            "To": last.isoformat(),
            "Uom": "kWh",
            "Periodicity": periodicity,
        }
        try:
            envelope = await self._transport.call(
                "GET", f"{USAGE}/Electric", session, params=params
            )
        except PortalFailureError as err:
            if says_no_records(err):
                return NO_RECORDS
            raise
        result = field(envelope, "Result")
        if result is None and not any(
            key.casefold() in {"result", "electricusages"} for key in envelope
        ):
            # `Result: null` is an empty answer (AL3 tolerates it); no `Result` at all
            # is not a usage answer.
            raise SewResponseError("The usage answer has no Result")
        rows = rows_of(
            field(result, "electricUsages")
            if isinstance(result, Mapping)
            else field(envelope, "electricUsages"),
            "the usage rows",
        )
        return parse_electric(
            rows,
            replace(query, net=meter.net_metered),
            zone=account.time_zone,
            meter_number=meter.meter_number,
            unit=meter.unit,
        )

    async def _projection_block(
        self,
        session: PortalSession,
        account: Account,
        meter: Meter,
        cycle: tuple[date, date] | None = None,
    ) -> Row | None:
        """Return `projectedElectric` for a window (the calendar month by default)."""
        today = datetime.now(account.time_zone).date()
        first, last = cycle or (
            today.replace(day=1),
            (today.replace(day=28) + timedelta(days=4)).replace(day=1)
            - timedelta(days=1),
        )
        envelope = await self._transport.call(
            "GET",
            f"{USAGE}/ProjectedElectric",
            session,
            params={
                "AccountNumber": account.utility_account_number,
                "MeterNumber": meter.meter_number,
                "StartDate": first.isoformat(),
                "EndDate": last.isoformat(),
                "Type": "0",
            },
        )
        result = require_data(envelope, "ProjectedElectric")
        block = (
            field(result, "projectedElectric") if isinstance(result, Mapping) else None
        )
        return block if isinstance(block, Mapping) else None

    async def projection(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Projection:
        """Read ProjectedElectric for the calendar month (AL1's window).

        All "0" is no projection (a net-metering meter), never a zero one.
        """
        block = await self._projection_block(session, account, meter)
        values = {
            name: parse_number(field(block, name)) if block else None
            for name in (*PROJECTION_FIELDS, "averageThisYearConsumption")
        }
        if not any(values.values()):
            return Projection(None, None, None, None, meter.unit)
        return Projection(
            usage_so_far=values["soFarThisMonthProjectedConsumption"],
            cost_so_far=values["soFarThisMonthProjectedAmount"],
            projected_usage=values["projectedConsumption"],
            projected_cost=values["projectedAmount"],
            unit=meter.unit,
            average=values["averageThisYearConsumption"],
            highest=values["highestThisYearConsumption"],
        )

    async def bills(self, session: PortalSession, account: Account) -> BillSummary:
        """Read the current bill and a year and a half of history."""
        numbers = {"accountNumbers": [account.account_number]}
        current = await self._transport.call(
            "POST", f"{SERVICES}/bill/Current", session, json_body=numbers
        )
        first, last = history_window(account)
        window = {"startDate": f"{first:%Y%m%d}", "endDate": f"{last:%Y%m%d}"}
        history = await self._transport.call(
            "POST", f"{SERVICES}/bill/History", session, json_body={**numbers, **window}
        )
        bill = field(current, "data")
        return bill_summary(
            bill if isinstance(bill, Mapping) else {}, history, _BILL_NAMES
        )
