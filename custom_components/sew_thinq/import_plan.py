"""What the history import keeps between runs, and when a day of hours is worth asking.

Per meter: where the daily and hourly parts of the first import start, whether it is done,
the newest day asked hour by hour and the days not final yet. Per utility login: how late
the tenant publishes hours, learnt from what it answered.

Hours come out a day or two late, the newest days are estimated and corrected later, and
a day may be published partly (sew-protocol.md section 9; P7 dnlbck/ha-nbpower api.py
docstring). A day is asked once it can be final: when its last hour and the first hour of
the next day can have been published, by the delay the tenant showed. A day that comes
back estimated, partial or empty is asked again a day later (or on an earlier visit made
for another day), while it is in the re-read window; a final day is never asked again. So
the portal is visited about once a day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN

STORAGE_VERSION = 3
HOUR = timedelta(hours=1)
# A day not final brings the next visit to the portal a day after it was asked, and comes
# along on any visit made for other reasons once this much time has passed.
RETRY_AFTER = timedelta(hours=23, minutes=45)
ALONG_AFTER = timedelta(hours=6)
# How late hours are assumed to come out until the tenant has shown it.
ASSUMED_LAG = timedelta(days=1)


def day_end(day: date, zone: ZoneInfo) -> datetime:
    """Return when a local day ends, in UTC."""
    following = datetime.combine(day + timedelta(days=1), time(), zone)
    return following.astimezone(dt_util.UTC)


def days_in_zone(day: date, old: ZoneInfo, new: ZoneInfo) -> list[date]:
    """Return the days of zone `new` that hold some hour of `day` in zone `old`."""
    first = datetime.combine(day, time(), old).astimezone(new).date()
    last = (day_end(day, old) - HOUR).astimezone(new).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass(slots=True)
class MeterPlan:
    """The import of one meter: its ranges, how far it has come, what is not final."""

    daily_start: date
    hourly_start: date
    complete: bool = False
    # Whether the daily range was set on a billing cycle's first day (from the cycles).
    ranged: bool = True
    # The newest day asked hour by hour; None until the first import has asked any.
    hourly_through: date | None = None
    # Days not final yet (estimated, partial or without rows), and when each was asked.
    pending: dict[date, datetime] = field(default_factory=dict)
    # The zone (IANA key) the account stated when the plan's days were last read.
    zone: str | None = None
    # When daily totals were last compared with the rows stored.
    totals_checked: datetime | None = None
    # Daily totals that differed from the rows and made a day read again hour by hour:
    # the same total differing again does not make it read once more.
    restated: dict[date, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the plan as JSON-friendly values."""
        return {
            "daily_start": self.daily_start.isoformat(),
            "hourly_start": self.hourly_start.isoformat(),
            "complete": self.complete,
            "ranged": self.ranged,
            "hourly_through": _iso(self.hourly_through),
            "pending": {
                day.isoformat(): at.isoformat() for day, at in self.pending.items()
            },
            "zone": self.zone,
            "totals_checked": _iso(self.totals_checked),
            "restated": {day.isoformat(): t for day, t in self.restated.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeterPlan:
        """Rebuild a stored plan of the current version."""
        through = data.get("hourly_through")
        checked = data.get("totals_checked")
        return cls(
            daily_start=date.fromisoformat(data["daily_start"]),
            hourly_start=date.fromisoformat(data["hourly_start"]),
            complete=bool(data.get("complete")),
            ranged=bool(data.get("ranged", True)),
            hourly_through=date.fromisoformat(through) if through else None,
            pending={
                date.fromisoformat(day): datetime.fromisoformat(at)
                for day, at in (data.get("pending") or {}).items()
            },
            zone=data.get("zone"),
            totals_checked=datetime.fromisoformat(checked) if checked else None,
            restated={
                date.fromisoformat(day): float(total)
                for day, total in (data.get("restated") or {}).items()
            },
        )

    def move_to(self, zone: ZoneInfo) -> bool:
        """Take the zone the account states now; tell whether its days moved.

        The new zone's days that hold hours of the newest day read or of a day not final
        yet are to be read (again) at once, so that no hour between the zones is left
        out or left estimated.
        """
        old, self.zone = self.zone, zone.key
        if old is None or old == zone.key or self.hourly_through is None:
            return False
        days = {
            day
            for read in (*self.pending, self.hourly_through)
            for day in days_in_zone(read, ZoneInfo(old), zone)
        }
        self.pending = dict.fromkeys(
            sorted(days), datetime.min.replace(tzinfo=dt_util.UTC)
        )
        return True


def _iso(moment: date | None) -> str | None:
    return None if moment is None else moment.isoformat()


@dataclass(slots=True)
class Publication:
    """How late the tenant publishes an hour, as the smallest delay it has shown.

    An hour seen at `now` was published at most `now - end` after it ended, so every
    observation is an upper bound of the true delay, and the smallest is the best.
    """

    lag: timedelta | None = None

    def observe(self, now: datetime, newest_end: datetime) -> None:
        """Learn from the newest published hour seen while a newer one was missing."""
        seen = max(now - newest_end, timedelta())
        self.lag = seen if self.lag is None else min(self.lag, seen)

    def final_from(self, day: date, zone: ZoneInfo) -> datetime:
        """Return from when a day can be final: the next day's first hour is out."""
        return day_end(day, zone) + (self.lag or ASSUMED_LAG) + HOUR

    def oldest_to_read(self, now: datetime, zone: ZoneInfo, window: timedelta) -> date:
        """Return the oldest day still asked again: `window` days before the newest one out."""
        newest = (now - (self.lag or ASSUMED_LAG) - HOUR).astimezone(zone).date()
        return newest - window


def days_to_read(
    plan: MeterPlan,
    publication: Publication,
    zone: ZoneInfo,
    now: datetime,
    window: timedelta,
) -> list[date]:
    """Return the days worth asking on a visit now.

    New days that can be final, and days not final yet that were asked long enough ago.
    """
    today = now.astimezone(zone).date()
    oldest = publication.oldest_to_read(now, zone, window)
    days = [
        day
        for day, asked in plan.pending.items()
        if day >= oldest
        and now >= _retry_at(day, asked, ALONG_AFTER, publication, zone)
    ]
    day = (plan.hourly_through or today - window) + timedelta(days=1)
    while day < today and now >= publication.final_from(day, zone):
        days.append(day)
        day += timedelta(days=1)
    return sorted(set(days))


def next_read(
    plan: MeterPlan,
    publication: Publication,
    zone: ZoneInfo,
    now: datetime,
    window: timedelta,
) -> datetime:
    """Return when a day of the meter is next worth a visit of its own."""
    today = now.astimezone(zone).date()
    newest = plan.hourly_through or today - window
    moments = [publication.final_from(newest + timedelta(days=1), zone)]
    oldest = publication.oldest_to_read(now, zone, window)
    moments.extend(
        _retry_at(day, asked, RETRY_AFTER, publication, zone)
        for day, asked in plan.pending.items()
        if day >= oldest
    )
    return min(moments)


def _retry_at(
    day: date,
    asked: datetime,
    after: timedelta,
    publication: Publication,
    zone: ZoneInfo,
) -> datetime:
    """Return when a day not final is worth asking again.

    Once it can be final, and `after` it was last asked.
    """
    return max(publication.final_from(day, zone), asked + after)


class HistoryStore(Store[dict[str, Any]]):
    """Where a utility entry keeps its import plans and the tenant's publication delay."""

    async def _async_migrate_func(
        self,
        old_major_version: int,
        old_minor_version: int,
        old_data: dict[str, Any],
    ) -> dict[str, Any]:
        """Bring stored plans to version 3.

        Version 1 held only the plans by meter, with `"complete": "yes"`; version 2 added
        the publication delay and stored `complete` as a boolean.
        """
        data = (
            {"meters": old_data, "lag_s": None} if old_major_version == 1 else old_data
        )
        for plan in (data.get("meters") or {}).values():
            plan["complete"] = plan.get("complete") in (True, "yes")
        return data


def history_store(hass: HomeAssistant, entry_id: str) -> HistoryStore:
    """Return where a utility entry keeps its import plans."""
    return HistoryStore(hass, STORAGE_VERSION, f"{DOMAIN}.history.{entry_id}")
