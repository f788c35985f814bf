"""Alliant's usage rows (`/UsageAPI/api/V1/Electric`) and projection (`ProjectedElectric`).

Keys as in cx_common.py. What each shape rests on:
- Envelope `{"StatusCode": 200, "Message": "Request successful.", "Result":
  {"electricUsages": [...]}}` (DR; AL1 client.py:255 and AL3 read `Result.electricUsages`).
- Only electric (`ERES`) meters have rows here (AL2 client.py:11-14); nothing before service
  start (AL3 `DEFAULT_START` comment); no paging, the whole range in one answer (AL3
  `collect`).
- MO: one row per billing period, `readingFrom`/`readingTo` ISO with a trailing `Z` (AL1
  client.py replaces it; DR shows `+00:00` at Dominion), `amount` (USD) and `consumption`
  (kWh, whole as in DR's sample `84`; negative in net-export months, AL2 client.py:426-427),
  `uom`, `tierTou`/`ratePlan` empty on a flat rate (AL3 `tou`). `readingTo` is the read
  date, where the next period starts (AL2 uses it as the current period's start). After a
  bill, "a second, zero-length row for the same period: readingTo == readingFrom, 0 kWh, but
  carrying the closed period's amount" (AL3 `collect`), and a placeholder row whose
  `readingFrom` does not start with a year (AL3: "anything without a real period is a
  placeholder"). Its value "0001-01-01T00:00:00" is an ASSUMPTION (.NET's DateTime.MinValue,
  as NB Power's "January 1, 0001" on the same platform, P7).
- DA/HH rows: `readDate`, `consumption`, `tierTou`, `ratePlan`, `uom` (AL3). HH is hourly
  (AL3 "~12k hourly rows for 17 months"); "Alliant labels each interval by the hour it ends:
  01:00 is midnight->1am, and 24:00 is written as 00:00 on the *same* date"; "readDate
  carries a nonsense +01:00 offset. The values are really local wall time"; "Duplicate hour
  rows appear on days the utility re-read the meter. They are byte-identical repeats" (AL3
  `hour_start`, module docstring, `collect`). UNVERIFIED: the DA `readDate` format (taken as
  HH's), whether HH rows carry `amount` (they do not here), DST days (labels are the end's
  wall time, so November repeats the 01:00 label), TOU tier rows (not modelled), and net
  meters' DA/HH values (net, as the MO rows).
- ProjectedElectric: `Result.projectedElectric` with the fields AL1 (client.py:328-373) and
  AL2 (client.py:557-565) read; the window is [StartDate, EndDate] and "soFarThisMonth..."
  counts from StartDate (AL2 client.py:515-531); "Alliant returns "0" (no projection) for
  net-metering meters" (AL2 client.py:573-575). Values as strings: ASSUMPTION from AL2's
  quoted "0"; peers read them with float().
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from simulators.sew.truth import HOUR, SimMeter, noise

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from simulators.sew.server.portal import SewPortal

    from .cx_common import CxSwitches

OFFSET = "+01:00"
PLACEHOLDER = "0001-01-01T00:00:00"
PROJECTION_FIELDS = (
    "soFarThisMonthProjectedConsumption",
    "projectedConsumption",
    "averageThisYearConsumption",
    "highestThisYearConsumption",
    "averageDailyConsumption",
    "soFarThisMonthProjectedAmount",
    "projectedAmount",
    "averageThisYearAmount",
    "highestThisYearAmount",
)
REREAD_SHARE = 0.08  # share of days re-read by chance (made up)


def hour_label(start: datetime, zone: ZoneInfo) -> str:
    """Return an hour's `readDate`: its end's wall clock on its start's date, "+01:00"."""
    end = (start + HOUR).astimezone(zone)
    return f"{start.astimezone(zone):%Y-%m-%d}T{end:%H}:00:00{OFFSET}"


def _day_range(first: date, last: date) -> list[date]:
    """Return every day from `first` to `last`."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class AlliantUsage:
    """Builds Electric rows and the projection from the portal's truth."""

    def __init__(self, portal: SewPortal, switches: CxSwitches) -> None:
        """Keep the portal and the switches (re-read days)."""
        self.portal = portal
        self.switches = switches

    def rows(
        self,
        meter: SimMeter,
        account_id: str,
        periodicity: str,
        first: date,
        last: date,
    ) -> list[dict[str, Any]]:
        """Return the rows of a periodicity (MO, DA, HH) for local days first..last.

        A gas or a retired meter has none (the retired one's history before the swap and
        its short "stub" periods, AL2 client.py:469-481, are not modelled).
        """
        if meter.kind != "electric" or not meter.active:
            return []
        ids = {"accountNumber": account_id, "meterNumber": meter.number}
        if periodicity == "MO":
            return [{**ids, **row} for row in self._periods(meter, first, last)]
        first = max(first, self.portal.data_start)
        last = min(last, self.portal.latest_published_day)
        if periodicity == "DA":
            return [{**ids, **row} for row in self._days(meter, first, last)]
        if periodicity == "HH":
            return [{**ids, **row} for row in self._hours(meter, first, last)]
        return []

    # -- MO ---------------------------------------------------------------------------------

    def _periods(
        self, meter: SimMeter, first: date, last: date
    ) -> list[dict[str, Any]]:
        """Return billing periods overlapping first..last, the zero-length row, a placeholder."""
        truth = self.portal.truth
        rows: list[dict[str, Any]] = []
        amounts: dict[date, float] = {}
        for start, end in truth.billing_cycles():
            if end < first or start > last:
                continue
            kwh, amount = truth.net_cycle_total(meter.number, start)
            amounts[start] = amount
            rows.append(
                self._period_row(start, end + timedelta(days=1), round(kwh), amount)
            )
        bills = truth.bills(meter.account)
        if bills and (newest := bills[0].cycle_start) in amounts:
            rows.append(self._period_row(newest, newest, 0, amounts[newest]))
        rows.append(
            {
                "readingFrom": PLACEHOLDER,
                "readingTo": PLACEHOLDER,
                "amount": 0,
                "consumption": 0,
                "uom": "kWh",
                "tierTou": "",
                "ratePlan": "",
            }
        )
        return rows

    def _period_row(
        self, start: date, end: date, kwh: int, amount: float
    ) -> dict[str, Any]:
        """Return one MO row."""
        return {
            "readingFrom": f"{start:%Y-%m-%d}T00:00:00Z",
            "readingTo": f"{end:%Y-%m-%d}T00:00:00Z",
            "amount": amount,
            "consumption": kwh,
            "uom": "kWh",
            "tierTou": "",
            "ratePlan": "",
        }

    # -- DA and HH ------------------------------------------------------------------------------

    def _days(self, meter: SimMeter, first: date, last: date) -> list[dict[str, Any]]:
        """Return one DA row per day with published hours."""
        rows = []
        for day in _day_range(first, last):
            if not (hours := self.portal.publisher.net_hourly(meter.number, day)):
                continue
            total = round(sum(r.value for r in hours), meter.decimals)
            rows.append(self._value_row(f"{day:%Y-%m-%d}T00:00:00{OFFSET}", total))
        return rows

    def _hours(self, meter: SimMeter, first: date, last: date) -> list[dict[str, Any]]:
        """Return HH rows labelled by their end, repeats on re-read days."""
        zone = self.portal.zone
        rows = []
        for day in _day_range(first, last):
            reread = day in self.switches.reread_days or (
                noise("alliant-reread", meter.number, day) < REREAD_SHARE
            )
            for reading in self.portal.publisher.net_hourly(meter.number, day):
                row = self._value_row(hour_label(reading.start, zone), reading.value)
                rows.append(row)
                if (
                    reread
                    and noise("alliant-repeat", meter.number, reading.start) < 0.3
                ):
                    rows.append(dict(row))
        return rows

    def _value_row(self, read_date: str, value: float) -> dict[str, Any]:
        """Return a DA or HH row."""
        return {
            "readDate": read_date,
            "consumption": value,
            "tierTou": "",
            "ratePlan": "",
            "uom": "kWh",
        }

    # -- ProjectedElectric ----------------------------------------------------------------------

    def projection(self, meter: SimMeter, start: date, end: date) -> dict[str, str]:
        """Return `projectedElectric` for the window start..end ("0" on net meters)."""
        if meter.solar_kw or meter.kind != "electric" or end < start:
            return dict.fromkeys(PROJECTION_FIELDS, "0")
        through = min(self.portal.latest_published_day, end)
        days = _day_range(start, through) if through >= start else []
        so_far = sum(
            r.value
            for day in days
            for r in self.portal.published_hourly(meter.number, day)
        )
        elapsed = len(days)
        projected = so_far / elapsed * ((end - start).days + 1) if elapsed else 0.0
        tariff = self.portal.truth.tariff(meter)
        rate = tariff.tier1 if tariff is not None else 0.0
        year = [
            self.portal.truth.net_cycle_total(meter.number, first)
            for first, _ in self.portal.billing_cycles()
            if first.year == self.portal.today.year
        ]
        average = sum(k for k, _ in year) / len(year) if year else 0.0
        average_amount = sum(a for _, a in year) / len(year) if year else 0.0
        values = {
            "soFarThisMonthProjectedConsumption": so_far,
            "projectedConsumption": projected,
            "averageThisYearConsumption": average,
            "highestThisYearConsumption": max((k for k, _ in year), default=0.0),
            "averageDailyConsumption": so_far / elapsed if elapsed else 0.0,
            "soFarThisMonthProjectedAmount": so_far * rate,
            "projectedAmount": projected * rate,
            "averageThisYearAmount": average_amount,
            "highestThisYearAmount": max((a for _, a in year), default=0.0),
        }
        return {name: f"{value:.2f}" for name, value in values.items()}
