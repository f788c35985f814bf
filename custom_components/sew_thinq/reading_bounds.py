"""Readings no household meter can have made, dropped before they reach the statistics.

A portal can publish a negative hour on an import meter, an absurd one (1e20, which makes
every later running sum lose the hour's values to float precision) or an hour that has
not happened yet. None of them is written: each is logged once with its meter and hour.
A day holding one is not final, so it is asked again while the re-read window lasts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from .const import LOGGER
from .sew import Direction, UsageReading, UsageSeries, UsageStatus

HOUR = timedelta(hours=1)

# The most a household meter can register in an hour, by unit, with room to spare:
# - kWh: a 400 A service at 240 V (the largest single-family service in North America)
#   delivers 96 kW at most, so an hour holds under 100 kWh;
# - gal: a 2-inch meter, the largest fitted to a household, passes about 160 gallons a
#   minute (AWWA C700's maximum flow), 9,600 gallons an hour;
# - m³: the same water meter, about 36 m³ an hour; a household gas meter passes far less;
# - CCF / HCF (100 cubic feet): the same 9,600 gallons are about 12.8 CCF.
# A unit not listed is bounded only against absurd values, which break the running sums.
MAX_PER_HOUR: dict[str, float] = {
    "kWh": 100.0,
    "gal": 10_000.0,
    "m³": 40.0,
    "CCF": 15.0,
    "HCF": 15.0,
}
ABSURD_PER_HOUR = 1e6


@dataclass(slots=True)
class ReadingGuard:
    """Drop impossible readings of one utility login, each logged once."""

    _logged: set[tuple[str, datetime, str]] = field(default_factory=set)

    def checked(
        self, series: UsageSeries, meter_number: str, now: datetime
    ) -> UsageSeries:
        """Return the series without the readings no meter can have made.

        A series that loses a reading keeps its status and days: the day holding it is
        then not complete and is asked again.
        """
        kept = tuple(
            reading
            for reading in series.readings
            if not self._rejected(reading, meter_number, now)
        )
        if len(kept) == len(series.readings):
            return series
        if not kept:
            return UsageSeries(UsageStatus.NO_RECORDS)
        return replace(series, readings=kept)

    def _rejected(
        self, reading: UsageReading, meter_number: str, now: datetime
    ) -> bool:
        reason = problem(reading, now)
        if reason is None:
            return False
        key = (meter_number, reading.start, reason)
        if key not in self._logged:
            self._logged.add(key)
            LOGGER.warning(
                "Dropped the reading of meter %s for the hour from %s: %s",
                meter_number,
                reading.start.isoformat(),
                reason,
            )
        return True


def problem(reading: UsageReading, now: datetime) -> str | None:
    """Return why no meter can have made a reading, or None when it can have."""
    # A billing cycle in progress has begun; an hour or a day must have ended.
    if reading.start + min(reading.duration, HOUR) > now:
        return "it is for a time that has not ended yet"
    if reading.direction is Direction.IMPORT and reading.value < 0:
        return f"a negative use of {reading.value:g} {reading.unit}"
    hours = max(reading.duration / HOUR, 1.0)
    bound = MAX_PER_HOUR.get(reading.unit, ABSURD_PER_HOUR) * hours
    if abs(reading.value) > bound:
        return f"{reading.value:g} {reading.unit} is more than a household meter can register"
    return None
