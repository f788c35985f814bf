"""Hidroelectrica's answers to usage and billing calls, value formats included.

Sources (docs/sew-protocol.md section 2): P1 = emanuelbesliu/homeassistant-ihidro @ 3062b41c,
P2 = cnecrea/hidroelectrica @ 1a42027f, P5 = sarbuandreidaniel/hidroelectrica @ 8ad14f0f.
Where a shape is not evidenced the comment says "assumption".
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, timedelta
import hashlib
from typing import TYPE_CHECKING, Any

from simulators.sew.truth import Bill, Channel, Reading, SimAccount, SimMeter

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal


def ro_amount(value: float, *, currency: bool = False) -> str:
    """Format money as Hidroelectrica does: "1.234,56", or "RON 1.234,56".

    Decimal comma with thousands dots: P2 parses billamount/rembalance by dropping every
    "." and reading "," as the decimal point (helpers.py:89-114, sensor.py:1031-1038), so a
    dot-decimal "245.67" would read as 24567; P1 reads "1.234,56" and "RON 50"
    (helpers.py:180-207).
    """
    text = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"RON {text}" if currency else text


def history_date(day: date, style: str) -> str:
    """Format a billing-history date: "06/15/2021 00:00:00" or "15/06/2021".

    P1 reads `%m/%d/%Y %H:%M:%S` and strips a midnight time (helpers.py:210-240); P2 parses
    "06/15/2021 00:00:00" after cutting the time, dd/MM/yyyy first (sensor.py:37-48) and
    documents paymentDate as dd/MM/yyyy (sensor.py:1759). The peers disagree: both served.
    """
    if style == "dmy":
        return f"{day:%d/%m/%Y}"
    return f"{day:%m/%d/%Y} 00:00:00"


def encrypted_id(text: str) -> str:
    """Return an opaque base64 id ending in "==", like GetBill's invoicenumber.

    P2 sensor.py:1045-1048 calls it encrypted and hides it when it ends with "==".
    """
    return base64.b64encode(hashlib.sha256(text.encode()).digest()[:16]).decode()


class NoRecordsError(Exception):
    """A day the portal answers with its "no records" failure."""


@dataclass(frozen=True, slots=True)
class UsageQuery:
    """A GetUsageGeneration request, read."""

    meter: SimMeter
    mode: str
    money: bool
    generation: bool
    net: bool
    first: date | None
    last: date | None
    day: date | None


class HidroelectricaValues:
    """Builds the per-call payloads from the portal's truth."""

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal."""
        self.portal = portal

    # -- usage ------------------------------------------------------------------------------

    def channels(self, query: UsageQuery) -> list[tuple[Channel, float]]:
        """Return the channels a query adds up, with their signs.

        UsageOrGeneration true asks production, the energy a prosumer injects (P1 api.py:
        449-450); IsNetUsage true asks import minus export, negative when production wins
        (P1 api.py:487-490).
        """
        if query.generation:
            return [(Channel.EXPORT, 1.0)] if query.meter.solar_kw else []
        if query.net and query.meter.solar_kw:
            return [(Channel.IMPORT, 1.0), (Channel.EXPORT, -1.0)]
        return [(Channel.IMPORT, 1.0)]

    def _row_values(
        self, query: UsageQuery, parts: list[tuple[float, float]]
    ) -> dict[str, float]:
        """Return `value` (kWh) and `UsageValue` (money with Type "D", else kWh).

        With Type "D" UsageValue is the amount in lei and `value` the kWh (P2 sensor.py:
        1521-1526 "UsageValue = suma facturată în lei (NU kWh!)"; P5 coordinator.py:360-378).
        Numbers are JSON numbers: P2 reads them with float()/int() (sensor.py:1553-1598).
        """
        kwh = round(sum(value for value, _ in parts), 3)
        money = round(sum(cost for _, cost in parts), 2)
        return {"value": kwh, "UsageValue": money if query.money else kwh}

    def usage(self, query: UsageQuery) -> dict[str, Any]:
        """Return GetUsageGeneration's `result.Data`."""
        if query.mode == "M":
            rows = self._cycles(query)
        elif query.mode == "D":
            rows = self._days(query)
        elif query.mode == "H":
            rows = self._hours(query)
        else:
            rows = []
        account = self.portal.truth.accounts[query.meter.account]
        first, last = self._range(query)
        return {
            # Keys P1 lists for this answer (helpers.py:163-177); contents are assumptions.
            "objUsageGenerationResultSetOne": [
                {"MeterNumber": query.meter.number, "Address": account.address}
            ],
            "objUsageGenerationResultSetTwo": rows,
            "objUsageGenerationResultSetThree": [
                {"FromDate": f"{first:%m/%d/%Y}", "ToDate": f"{last:%m/%d/%Y}"}
            ],
            "listUsageColor": [],
            "getTentativeData": [self._tentative(query)],
        }

    def _range(self, query: UsageQuery) -> tuple[date, date]:
        """Return the first and last day a daily query covers (default: 30 days)."""
        latest = self.portal.latest_published_day
        last = min(query.last or latest, latest)
        first = query.first or last - timedelta(days=29)
        return max(first, self.portal.data_start), last

    def _cycles(self, query: UsageQuery) -> list[dict[str, Any]]:
        """Return one row per completed billing cycle, oldest first.

        P5 takes [-1] as the last month (coordinator.py:365). Fields per P2 sensor.py:
        160-176; the FromDate/ToDate and UsageDate formats are assumptions.
        """
        rows: list[dict[str, Any]] = []
        for first, last in self.portal.billing_cycles():
            parts = []
            for channel, sign in self.channels(query):
                total, cost = self.portal.cycle_total(
                    query.meter.number, first, channel
                )
                parts.append((sign * total, sign * (cost or 0.0)))
            if not parts:
                continue
            rows.append(
                {
                    "Month": first.month,
                    "Year": first.year,
                    "UsageDate": f"{first:%m/%d/%Y}",
                    "FromDate": f"{first:%m/%d/%Y}",
                    "ToDate": f"{last:%m/%d/%Y}",
                    "BillingDays": (last - first).days + 1,
                    **self._row_values(query, parts),
                }
            )
        return rows

    def _published(self, query: UsageQuery, day: date) -> list[list[Reading]] | None:
        """Return each channel's readings of a day (None: the day is withheld)."""
        series: list[list[Reading]] = []
        for channel, _ in self.channels(query):
            rows = self.portal.publisher.read_hourly(query.meter.number, day, channel)
            if rows.withheld is not None and rows.withheld.style == "no_records":
                return None
            series.append(rows.readings)
        return series

    def _days(self, query: UsageQuery) -> list[dict[str, Any]]:
        """Return one row per published day (assumption: no peer shows a daily row)."""
        rows: list[dict[str, Any]] = []
        signs = [sign for _, sign in self.channels(query)]
        first, last = self._range(query)
        day = first
        while day <= last:
            series = self._published(query, day) or [[] for _ in signs]
            parts = [
                (sign * r.value, sign * (r.cost or 0.0))
                for sign, readings in zip(signs, series, strict=True)
                for r in readings
            ]
            if parts:
                rows.append(
                    {
                        "UsageDate": f"{day:%m/%d/%Y}",
                        "Day": day.day,
                        "Month": day.month,
                        "Year": day.year,
                        **self._row_values(query, parts),
                    }
                )
            day += timedelta(days=1)
        return rows

    def _hours(self, query: UsageQuery) -> list[dict[str, Any]]:
        """Return a day's hourly rows (assumption: `Hourly` as the web portals write it)."""
        day = query.day or self.portal.latest_published_day
        signs = [sign for _, sign in self.channels(query)]
        series = self._published(query, day)
        if series is None:
            raise NoRecordsError(day)
        by_start: dict[Any, list[tuple[float, float]]] = {}
        for sign, readings in zip(signs, series, strict=True):
            for reading in readings:
                by_start.setdefault(reading.start, []).append(
                    (sign * reading.value, sign * (reading.cost or 0.0))
                )
        zone = self.portal.zone
        return [
            {
                "UsageDate": f"{day:%m/%d/%Y}",
                "Hourly": start.astimezone(zone).strftime("%I:%M %p").lstrip("0"),
                **self._row_values(query, parts),
            }
            for start, parts in sorted(by_start.items())
        ]

    def _tentative(self, query: UsageQuery) -> dict[str, Any]:
        """Return getTentativeData[0] for the current cycle, in the unit `Type` asks.

        Fields per P1 helpers.py:146-160 (SoFar, ExpectedUsage, Average, Highest,
        UsageCycle). The peers disagree on the unit with Type "D": P1 shows them as kWh
        (sensor.py:583-595), P5 reads Average/Highest as money (coordinator.py:372-376);
        served here in the unit of Type (money for "D"), ExpectedUsage the projection.
        """
        truth = self.portal.truth
        first, last = truth.cycle_start(truth.today), truth.cycle_end(truth.today)
        so_far: list[tuple[float, float]] = []
        day = first
        while day <= min(last, self.portal.latest_published_day):
            for channel, sign in self.channels(query):
                so_far.extend(
                    (sign * r.value, sign * (r.cost or 0.0))
                    for r in self.portal.published_hourly(
                        query.meter.number, day, channel
                    )
                )
            day += timedelta(days=1)
        elapsed = (min(last, self.portal.latest_published_day) - first).days + 1
        cycle_days = (last - first).days + 1
        index = 1 if query.money else 0
        now = sum(part[index] for part in so_far)
        history = [row["UsageValue"] for row in self._cycles(query)]
        return {
            "SoFar": round(now, 2),
            "ExpectedUsage": round(now / elapsed * cycle_days, 2)
            if elapsed > 0
            else 0.0,
            "Average": round(sum(history) / len(history), 2) if history else 0.0,
            "Highest": round(max(history, default=0.0), 2),
            "PeakLoad": 0.0,
            "UsageCycle": f"{first:%m/%d/%Y} - {last:%m/%d/%Y}",
        }

    # -- bills ------------------------------------------------------------------------------

    def bill(self, account: SimAccount) -> dict[str, Any]:
        """Return GetBill's flat `result` (P2 sensor.py:420-430; P1 helpers.py:54-77)."""
        bills = self.portal.bills(account.number)
        if not bills:
            return {
                "billamount": None,
                "invoicenumber": None,
                "rembalance": None,
                "duedate": None,
                "Table1": None,
                "objResponseProxy": None,
            }
        latest = bills[0]
        open_amount = latest.amount if latest.due_date >= self.portal.today else 0.0
        if latest.amount < 0:
            # A prosumer's credit stays owed to them, negative (P2 sensor.py:998).
            open_amount = latest.amount
        currency = self.portal.options.amount_style == "currency"
        return {
            "billamount": ro_amount(latest.amount, currency=currency),
            "invoicenumber": encrypted_id(latest.invoice_number),
            "rembalance": ro_amount(open_amount, currency=currency),
            "duedate": f"{latest.due_date:%Y%m%d}",  # yyyyMMdd: P2 sensor.py:77-86
            "Table1": None,  # null on Hidroelectrica (P1 helpers.py:60)
            "objResponseProxy": None,  # key listed by P2 sensor.py:424; value assumed
        }

    def history(
        self, account: SimAccount, first: date | None, last: date | None
    ) -> dict[str, Any]:
        """Return GetBillingHistoryList's `result`: bills and payments, newest first.

        Keys and fields per P1 helpers.py:80-96,447-465 and P2 sensor.py:115-157; payment
        channels "Incasari-*" and "Comp ANRE-*" per P1 helpers.py:473-498. Order: P1's
        sensors take [0] as the latest (sensor.py:357-371, 660-666); its diagnostics take
        [-1] (diagnostics.py:195); P2 sorts by date (sensor.py:1142-1147).
        """
        style = self.portal.options.history_dates
        bills = [
            bill
            for bill in self.portal.bills(account.number)
            if (first is None or bill.invoice_date >= first)
            and (last is None or bill.invoice_date <= last)
        ]
        return {
            "objBillingHistoryEntity": [
                {
                    "amount": ro_amount(bill.amount),
                    "invoiceDate": history_date(bill.invoice_date, style),
                    "dueDate": history_date(bill.due_date, style),
                    "invoiceType": "Factura",
                    "exbel": bill.invoice_number,
                    "invoiceId": encrypted_id(bill.invoice_number),
                }
                for bill in bills
            ],
            "objBillingPaymentHistoryEntity": [
                self._payment(bill, style) for bill in bills if self._paid(bill)
            ],
        }

    def _paid(self, bill: Bill) -> bool:
        """Tell whether a bill was settled (ten days after it was issued)."""
        return bill.invoice_date + timedelta(days=10) <= self.portal.today

    def _payment(self, bill: Bill, style: str) -> dict[str, Any]:
        """Return the payment (or prosumer compensation) that settled a bill."""
        paid = bill.invoice_date + timedelta(days=10)
        compensation = bill.amount < 0
        return {
            "amount": ro_amount(abs(bill.amount)),
            "paymentDate": history_date(paid, style),
            "channel": "Comp ANRE-Prosumator"
            if compensation
            else "Incasari-Card online",
            "type": "Compensare" if compensation else "Plata",
            "status": "Procesat",
        }
