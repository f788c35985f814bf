"""The rows and the projection block of NB Power's usage answers (see nbpower.py).

Sources: P7 = dnlbck/ha-nbpower (api.py @ 018586e8 module docstring and
`parse_usage_rows`/`parse_tentative`; tests @ 8c9d27bd), P8 = noslent/nbpower-ha usage.py @
49b7be3e, and the live capture realworld/sew/nbpower-widgetapi-getTentativeData-live.json.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from simulators.sew.truth import Reading, SimMeter, noise, quarters

from .base import long_date

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

# "~one billing cycle" of daily rows (P7 docstring; 20 to 40 rows in its real-payload test),
# ending about four days back (P7 conftest `_daily_window`).
DAILY_WINDOW = 30
DAILY_LAG = timedelta(days=3)
# "~36 monthly billing-cycle rows" (P7 docstring; test_real_payloads.py: 36).
MONTHS = 36
# 15-minute data are "Available roughly one year back" (P7 `get_interval_usage`).
INTERVAL_HISTORY = timedelta(days=365)
# The zeroed block answers other than Mode M embed (P7 conftest `_zeroed_tentative_block`).
ZEROED = {
    "Skey": 0,
    "UsageDate": None,
    "SoFar": 0.0,
    "ExpectedUsage": 0.0,
    "PeakLoad": 0.0,
    "Average": 0.0,
    "Highest": 0.0,
    "ProjectedBill": 0.0,
    "ProjectedBillDollar": 0.0,
    "SoFarDollar": 0.0,
}


class NbPowerRows:
    """Builds GetUsageGeneration's rows from the portal's truth."""

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal."""
        self.portal = portal

    def values(self, kwh: float, cost: float, money: bool) -> dict[str, Any]:
        """Return a row's values: `Consumption` kWh, `Amount` dollars, `UsageValue`.

        Consumption/Amount per P7 `parse_usage_rows`; UsageValue is the kWh, or the dollars
        with Type "D" (P8 usage.py `_normalize_row`).
        """
        return {
            "Consumption": kwh,
            "UsageValue": round(cost, 2) if money else kwh,
            "Amount": round(cost, 2),
        }

    def rate(self, meter: SimMeter) -> float:
        """Return the flat rate the tenant bills at."""
        tariff = self.portal.truth.tariff(meter)
        return 0.0 if tariff is None else tariff.tier1

    def cycles(self, meter: SimMeter, money: bool) -> list[dict[str, Any]]:
        """Return the last 36 billing cycles, newest first (P7 conftest `_monthly_cycles`).

        `UsageDate` is the "January 1, 0001" placeholder, the span is in FromDate/ToDate;
        cycles are billed in whole kWh ("Consumption": 1774.0, "Amount": 281.0: P7
        test_parsing.py `test_monthly_cycle_rows_use_fromdate_not_placeholder`).
        """
        rows = []
        for first, last in reversed(self.portal.billing_cycles()[-MONTHS:]):
            kwh = float(round(self.portal.cycle_total(meter.number, first)[0]))
            rows.append(
                {
                    "UsageDate": "January 1, 0001",
                    "FromDate": long_date(first),
                    "ToDate": long_date(last),
                    **self.values(kwh, kwh * self.rate(meter), money),
                    "BillingDays": (last - first).days + 1,
                    "Month": first.month,
                    "Year": first.year,
                    "ValidationStatus": None,
                }
            )
        return rows

    def daily(self, meter: SimMeter, money: bool) -> list[dict[str, Any]]:
        """Return the fixed trailing window, whatever dates were asked (P7 docstring).

        The last two days are "Estimated" with provisional values; a day without data has
        an empty Consumption (P7 conftest `_daily_window`).
        """
        last = self.portal.latest_published_day - DAILY_LAG
        rows = []
        for offset in range(DAILY_WINDOW - 1, -1, -1):
            day = last - timedelta(days=offset)
            published = self.portal.publisher.read_hourly(meter.number, day)
            if (
                published.withheld is not None
                and published.withheld.style == "no_records"
            ):
                continue
            estimated = offset < 2
            kwh = round(sum(r.value for r in published.readings), meter.decimals)
            if estimated:
                factor = 0.9 + 0.2 * noise("daily-estimate", meter.number, day)
                kwh = round(kwh * factor, meter.decimals)
            values = self.values(kwh, kwh * self.rate(meter), money)
            if not published.readings:
                values = {"Consumption": "", "UsageValue": "", "Amount": 0.0}
            rows.append(
                {
                    "UsageDate": long_date(day),
                    **values,
                    "ValidationStatus": "Estimated" if estimated else "Validated",
                    "BillingDays": 0,
                }
            )
        return rows

    def intervals(
        self, meter: SimMeter, day: date | None, money: bool, minutes: int
    ) -> list[dict[str, Any]]:
        """Return one day of hourly or 15-minute rows, one day per call.

        An unpublished day answers with the latest published day's rows (P7
        `get_interval_usage`).
        """
        latest = self.portal.latest_published_day
        if day is None or day < self.portal.today - INTERVAL_HISTORY:
            return []
        day = min(day, latest)
        zone = self.portal.zone
        readings: list[Reading] = self.portal.publisher.read_hourly(
            meter.number, day
        ).readings
        if minutes == 15:
            readings = [q for reading in readings for q in quarters(meter, reading)]
        return [
            {
                "UsageDate": long_date(day),
                "Hourly": reading.start.astimezone(zone).strftime("%H:%M"),
                **self.values(reading.value, reading.cost or 0.0, money),
                "ValidationStatus": "Estimated" if reading.estimated else "Validated",
            }
            for reading in readings
        ]

    def tentative(self, meter: SimMeter) -> dict[str, Any]:
        """Return the month-to-date block (only Mode M carries real values, P7 conftest).

        Semantics of the live capture: ProjectedBill = projected kWh, ProjectedBillDollar =
        projected cost, ExpectedUsage 0, SoFar/SoFarDollar month to date, Average/Highest
        historical monthly kWh; whole kWh as floats (1388.0, 1440.0, 1874.0, 2640.0).
        """
        truth = self.portal.truth
        first, last = truth.cycle_start(truth.today), truth.cycle_end(truth.today)
        through = min(self.portal.latest_published_day, last)
        so_far = 0.0
        day = first
        while day <= through:
            so_far += sum(
                r.value for r in self.portal.published_hourly(meter.number, day)
            )
            day += timedelta(days=1)
        elapsed = (through - first).days + 1
        projected = (
            round(so_far / elapsed * ((last - first).days + 1)) if elapsed > 0 else 0
        )
        history = [
            self.portal.cycle_total(meter.number, start)[0]
            for start, _ in self.portal.billing_cycles()[-MONTHS:]
        ]
        rate = self.rate(meter)
        return {
            **ZEROED,
            "SoFar": float(round(so_far)),
            "Average": float(round(sum(history) / len(history))) if history else 0.0,
            "Highest": float(round(max(history, default=0.0))),
            "ProjectedBill": float(projected),
            "ProjectedBillDollar": round(projected * rate, 2),
            "SoFarDollar": round(round(so_far) * rate, 2),
        }
