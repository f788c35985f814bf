"""Dominion Energy's CX services: accounts, meters, the usage workbook, forecast, bills.

Sources (keys of /work/research/cx.md):
- Accounts: `GET /Service/api/1/FromDb/GetBpNumber?Uuid=<the token's Uuid>` ->
  `data.customerNumber`; `GET /Service/api/1/BusinessMaster/GetBusinessMaster?
  customerNumber&uuid` -> `data[0].zbpMaintRegEnroll_nav.results[]{account, accountActive,
  default, nickName, serviceAddress{houseNum1, street, city, state, zipCode}, conDev[]{device,
  isActive, amiFlag, netMetering}}` (DP client.py:696-920, tests/test_client.py:625-687).
  Active accounts' active AMI devices are the meters (DH config_flow.py:302-369).
- Usage: `POST /Service/api/1/Usage/DownloadExcelNew` with DP's body (client.py:323-335;
  the older body answers HTTP 500, commit 9a6ff24) -> an .xlsx of about 68 days whatever
  range is asked (DH const.py:34-37; DN README:204); an inverted range answers HTTP 400 (DN
  coordinator.py:292-302). One download serves every day of a visit (workbook.py).
- Forecast: `GET /Service/api/1/bill/billForecast?accountNumber&actionCode=4` ->
  `data{billperdstdate, billperdeddate "MM/DD/YYYY HH:MM:SS", currentUsageKwh}` (DP
  client.py:569-654); no cost is given for the running period (peers estimate one).
- Bills: `POST /BillingAPI/api/1/bill/current {"accountNumbers", "extension": {}}` ->
  `data[0]{totalAmountDue, remainingBalance, billDueDate "MM-DD-YYYY"}`; `bill/history` ->
  `data[]{billDate, dueDate, invoiceId, amountDue}`, amounts as strings (DW api.py:1977-2117).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .cx_bills import BillNames, bill_summary, history_window
from .cx_transport import CxTransport, require_data, us_date
from .cx_workbook import HALF_HOUR, Workbook, half_hour_starts, published, read_workbook
from .errors import SewResponseError
from .flavor import NO_RECORDS, PortalContext
from .models import (
    Account,
    BillSummary,
    Direction,
    Meter,
    MeterType,
    Projection,
    Resolution,
    UsageReading,
    UsageSeries,
    UsageStatus,
)
from .session import PortalSession
from .usage import UsageQuery
from .values import Row, field, parse_bool, parse_id, parse_number, parse_text, rows_of

SERVICE = "/Service/api/1"
BILLING = "/BillingAPI/api/1"
# The workbook answers about 68 days whatever is asked (DH const.py:34-37).
WINDOW = timedelta(days=68)
# A visit reads several days of one meter: one download serves them all.
WORKBOOK_REUSE = timedelta(minutes=10)
_BILL_NAMES = BillNames(
    amount=("amountDue", "currentCharges"),
    invoice_date=("billDate",),
    amount_due=("totalAmountDue",),
    due_date=("billDueDate",),
)


def _address(row: Row) -> str | None:
    block = field(row, "serviceAddress")
    if not isinstance(block, Mapping):
        return None
    street = " ".join(
        part
        for name in ("houseNum1", "street")
        if (part := parse_text(field(block, name)))
    )
    place = " ".join(
        part
        for name in ("state", "zipCode")
        if (part := parse_text(field(block, name)))
    )
    parts = [street, parse_text(field(block, "city")), place]
    return ", ".join(part for part in parts if part) or None


def _readings(  # noqa: PLR0917
    day: date,
    values: tuple[tuple[time, float], ...],
    zone: ZoneInfo,
    meter: Meter,
    direction: Direction,
    query: UsageQuery,
) -> list[UsageReading]:
    """Return a day's half-hours, or its total for a daily series."""
    halves = half_hour_starts(day, values, zone)
    if query.resolution is Resolution.DAY:
        if not halves:
            return []
        start = datetime.combine(day, time(), zone).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
        total = round(sum(value for _, value in halves), 6)
        return [
            UsageReading(start, end - start, total, meter.unit, None, direction, False)
        ]
    return [
        UsageReading(start, HALF_HOUR, value, meter.unit, None, direction, False)
        for start, value in halves
    ]


class DominionData:
    """Dominion's data calls over a CX transport."""

    def __init__(self, context: PortalContext, transport: CxTransport) -> None:
        """Keep the context and the transport."""
        self._context = context
        self._transport = transport
        self._meters: dict[str, list[Meter]] = {}
        self._books: dict[tuple[str, str], tuple[datetime, Workbook]] = {}

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the customer's active accounts, the default one first."""
        number = await self._transport.call(
            "GET",
            f"{SERVICE}/FromDb/GetBpNumber",
            session,
            params={"Uuid": session.user_id},
        )
        data = require_data(number, "GetBpNumber")
        customer = (
            parse_id(field(data, "customerNumber"))
            if isinstance(data, Mapping)
            else None
        )
        if customer is None:
            raise SewResponseError("GetBpNumber named no customer")
        master = await self._transport.call(
            "GET",
            f"{SERVICE}/BusinessMaster/GetBusinessMaster",
            session,
            params={"customerNumber": customer, "uuid": session.user_id},
        )
        people = rows_of(require_data(master, "GetBusinessMaster"), "the customer")
        navigation = field(people[0], "zbpMaintRegEnroll_nav") if people else None
        results = (
            rows_of(field(navigation, "results"), "the accounts")
            if isinstance(navigation, Mapping)
            else []
        )
        accounts: list[Account] = []
        for row in results:
            account_number = parse_id(field(row, "account"))
            if account_number is None or not parse_bool(field(row, "accountActive")):
                continue
            account = Account(
                account_number=account_number,
                utility_account_number=account_number,
                address=_address(row),
                time_zone=self._context.zone,
                is_default=parse_bool(field(row, "default")),
                customer_type=parse_text(field(row, "nickName")),
                meter_types=(MeterType.ELECTRIC,),
            )
            self._meters[account_number] = self._devices(row, account_number)
            accounts.append(account)
        accounts.sort(key=lambda account: not account.is_default)
        return accounts

    @staticmethod
    def _devices(row: Row, account_number: str) -> list[Meter]:
        """Return an account's active AMI devices as meters."""
        meters = []
        for device in rows_of(field(row, "conDev"), "the devices"):
            number = parse_id(field(device, "device"))
            if number is None or not parse_bool(field(device, "amiFlag")):
                continue
            meters.append(
                Meter(
                    account_number=account_number,
                    meter_number=number,
                    meter_type=MeterType.ELECTRIC,
                    is_ami=True,
                    active=parse_bool(field(device, "isActive")),
                    unit="kWh",
                    net_metered=parse_bool(field(device, "netMetering")),
                )
            )
        return meters

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Return the account's meters, as GetBusinessMaster listed them."""
        if account.account_number not in self._meters:
            await self.accounts(session)
        return list(self._meters.get(account.account_number, []))

    async def _workbook(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Workbook:
        """Return the meter's workbook, downloaded at most once a visit."""
        key = (account.account_number, meter.meter_number)
        now = datetime.now(UTC)
        if (kept := self._books.get(key)) is not None and now - kept[
            0
        ] < WORKBOOK_REUSE:
            return kept[1]
        last = datetime.now(account.time_zone).date() - timedelta(days=1)
        body = {
            "Format": "Csv",
            "accountNumber": account.account_number,
            "meterIds": [meter.meter_number],
            "uom": "kWh",
            "periodicity": "HH",
            "serviceType": "electricity",
            "decimalPlaces": "2",
            "isNetUsage": "false",
            "displayUnit": "kWh",
            "from": (last - WINDOW + timedelta(days=1)).isoformat(),
            "to": last.isoformat(),
        }
        answer = await self._transport.send(
            "POST", f"{SERVICE}/Usage/DownloadExcelNew", session, json_body=body
        )
        if answer.status != 200 or answer.content_type in (
            "application/json",
            "text/html",
        ):
            self._transport.envelope(answer)
            raise SewResponseError("The usage download is not a workbook")
        book = await asyncio.get_running_loop().run_in_executor(
            None, read_workbook, answer.body
        )
        self._books[key] = (now, book)
        return book

    async def usage(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Return days or half-hours from the workbook; it holds no billing cycles."""
        if query.resolution is Resolution.BILLING:
            return NO_RECORDS
        book = await self._workbook(session, account, meter)
        usage = published(book.usage)
        if not book.usage.days:
            return NO_RECORDS
        if query.resolution is Resolution.DAY:
            wanted = [day for day in sorted(usage) if day <= query.day]
        else:
            wanted = [query.day] if query.day in usage else []
        if not wanted:
            return UsageSeries(UsageStatus.NOT_PUBLISHED)
        readings: list[UsageReading] = []
        zone = account.time_zone
        for day in wanted:
            values = usage[day]
            times = {start for start, _ in values}
            received = book.received.days.get(day, ()) if book.received else ()
            exported = tuple((start, v) for start, v in received if start in times)
            readings += _readings(day, values, zone, meter, Direction.IMPORT, query)
            if meter.net_metered:
                readings += _readings(
                    day, exported, zone, meter, Direction.EXPORT, query
                )
        return UsageSeries(UsageStatus.ROWS, tuple(readings), tuple(wanted))

    async def projection(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Projection:
        """Read the running period's usage so far from billForecast."""
        envelope = await self._transport.call(
            "GET",
            f"{SERVICE}/bill/billForecast",
            session,
            params={"accountNumber": account.account_number, "actionCode": "4"},
        )
        data = field(envelope, "data")
        if not isinstance(data, Mapping):
            return Projection(None, None, None, None, meter.unit)
        return Projection(
            usage_so_far=parse_number(field(data, "currentUsageKwh")),
            cost_so_far=None,
            projected_usage=None,
            projected_cost=None,
            unit=meter.unit,
            cycle_start=us_date(field(data, "billperdstdate")),
            cycle_end=us_date(field(data, "billperdeddate")),
        )

    async def bills(self, session: PortalSession, account: Account) -> BillSummary:
        """Read the current bill and a year and a half of history."""
        numbers = {"accountNumbers": [account.account_number], "extension": {}}
        current = await self._transport.call(
            "POST", f"{BILLING}/bill/current", session, json_body=numbers
        )
        first, last = history_window(account)
        window = {"startDate": first.isoformat(), "endDate": last.isoformat()}
        history = await self._transport.call(
            "POST", f"{BILLING}/bill/history", session, json_body={**numbers, **window}
        )
        rows = rows_of(field(current, "data"), "the current bill")
        return bill_summary(rows[0] if rows else {}, history, _BILL_NAMES)
