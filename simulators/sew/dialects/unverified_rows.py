"""UNVERIFIED: the usage rows the first simulator served on its `/API/` layout and mobile.

No tenant was seen answering these exact rows; they spread every date style the
notes list over flavors and modes (strings vs numbers, `/Date(ms)/`, `12:00 AM` vs
`13:00`) so that a client reading them stays tolerant. Kept for the `unverified` profile and
the mobile answers until real answers are known.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from simulators.sew.truth import Channel, Reading, SimMeter

# `Type` parameter -> factor from the meter's own unit.
UNIT_TYPES: dict[str, dict[str, float]] = {
    "kWh": {"K": 1.0},
    "gal": {"G": 1.0, "W": 1 / 748.052},
    "CCF": {"C": 1.0, "W": 1.0},
}


def format_number(value: float) -> str:
    """Format a number as .NET DataSets often do: a plain decimal string."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def mdy(day: date) -> str:
    """Return MM/DD/YY."""
    return day.strftime("%m/%d/%y")


def long_date(day: date) -> str:
    """Return `December 3, 2025`."""
    return f"{day:%B} {day.day}, {day.year}"


def dotnet_date(moment: date | datetime) -> str:
    """Return `/Date(ms)/` for a naive local date or time, counted as if it were UTC."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    naive = moment.replace(tzinfo=None)
    millis = (naive - datetime(1970, 1, 1)) // timedelta(milliseconds=1)  # noqa: DTZ001
    return f"/Date({millis})/"


def hour_12(moment: datetime) -> str:
    """Return `12:00 AM` style."""
    return moment.strftime("%I:%M %p")


def hour_24(moment: datetime) -> str:
    """Return `13:00` style."""
    return moment.strftime("%H:%M")


class RowFormatter:
    """Format rows: strings on the mobile services, numbers on the API layout."""

    def __init__(
        self,
        meter: SimMeter,
        zone: ZoneInfo,
        *,
        mobile: bool,
        factor: float,
        cycle_of: Callable[[date], tuple[date, date]],
    ) -> None:
        """Keep the meter, its zone, the flavor, the unit factor and a cycle lookup."""
        self.meter = meter
        self.zone = zone
        self.mobile = mobile
        self.factor = factor
        self.cycle_of = cycle_of
        self.order = 0

    def number(self, value: float) -> Any:
        """Format a number: a string on the mobile services, a number on the API."""
        return format_number(value) if self.mobile else value

    def value(self, value: float, channel: Channel) -> Any:
        """Format a usage value in the unit asked for; exports are negative."""
        converted = round(value * self.factor, 4)
        return self.number(-converted if channel is Channel.EXPORT else converted)

    def cost(self, cost: float | None, channel: Channel) -> Any:
        """Format a cost; export credits are negative."""
        if cost is None:
            return None
        return self.number(-cost if channel is Channel.EXPORT else cost)

    def date_text(self, day: date, mode: str) -> str:
        """Format a row date: every style the notes list, spread over flavors and modes."""
        if mode == "D":
            return long_date(day) if self.mobile else dotnet_date(day)
        if mode == "H" and not self.mobile:
            return dotnet_date(day)
        return mdy(day)

    def bill_period(self, day: date) -> str:
        """Return `MM/DD/YY to MM/DD/YY` for the cycle holding a day."""
        first, last = self.cycle_of(day)
        return f"{mdy(first)} to {mdy(last)}"

    def _common(self, channel: Channel, estimated: bool) -> dict[str, Any]:
        """Return the fields every row has."""
        self.order += 1
        return {
            "_order": self.order,
            "MeterNumber": self.meter.number,
            "UsageType": "Eusage" if channel is Channel.EXPORT else "IUsage",
            "ValidationStatus": "Estimated" if estimated else "Actual",
        }

    def interval(self, reading: Reading, channel: Channel, mode: str) -> dict[str, Any]:
        """Format an hourly or 15-minute row (local naive time)."""
        local = reading.start.astimezone(self.zone)
        row = self._common(channel, reading.estimated)
        if mode == "H":
            hourly = hour_12(local) if self.mobile else hour_24(local)
            minute = "0"
        else:
            hourly = hour_24(local.replace(minute=0)) if self.mobile else hour_12(local)
            minute = str(local.minute)
        order = row.pop("_order") * 10 + (1 if channel is Channel.EXPORT else 0)
        row.update(
            {
                "_order": (local.astimezone(UTC).timestamp(), order),
                "UsageDate": self.date_text(local.date(), mode),
                "Hourly": hourly,
                "Minute": minute,
                "Year": str(local.year),
                "Month": str(local.month),
                "Day": str(local.day),
                "UsageValue": self.value(reading.value, channel),
                "ValueCost": self.cost(reading.cost, channel),
                "DemandValue": self.number(
                    round(reading.value * (4 if mode == "MI" else 1), 3)
                ),
                "BillPeriod": self.bill_period(local.date()),
            }
        )
        return row

    def daily(
        self, day: date, readings: list[Reading], channel: Channel
    ) -> dict[str, Any]:
        """Format a daily row: the day's published hours added up."""
        row = self._common(channel, any(r.estimated for r in readings))
        total = round(sum(r.value for r in readings), self.meter.decimals)
        costs = [r.cost for r in readings if r.cost is not None]
        row.update(
            {
                "_order": (day.toordinal(), row.pop("_order")),
                "UsageDate": self.date_text(day, "D"),
                "Hourly": "",
                "Year": str(day.year),
                "Month": str(day.month),
                "Day": str(day.day),
                "UsageValue": self.value(total, channel),
                "ValueCost": self.cost(
                    round(sum(costs), 2) if costs else None, channel
                ),
                "BillPeriod": self.bill_period(day),
            }
        )
        return row

    def cycle(
        self,
        first: date,
        last: date,
        total: float,
        cost: float | None,
        channel: Channel,
    ) -> dict[str, Any]:
        """Format a billing-cycle row (`UsageDate` is the year-1 placeholder)."""
        row = self._common(channel, False)
        row.update(
            {
                "_order": (first.toordinal(), row.pop("_order")),
                "UsageDate": "January 1, 0001",
                "FromDate": mdy(first),
                "ToDate": mdy(last),
                "BillPeriod": f"{mdy(first)} to {mdy(last)}",
                "Year": str(first.year),
                "Month": str(first.month),
                "UsageValue": self.value(total, channel),
                "ValueCost": self.cost(cost, channel),
            }
        )
        return row
