"""Import what the utility measured into long-term statistics for the Energy dashboard.

History is read coarse to fine and oldest first, so each period is covered once:
billing cycles up to the first cycle of the daily range, days up to the first day of
the hourly range, then hours. Each part is written as soon as it is read, continuing
the running sums, so an interrupted import resumes from the newest row written.
Afterwards every run re-reads a trailing window of days and rewrites it from the sum
just before it, which absorbs estimated, corrected and partial days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
import re
from typing import Any
from zoneinfo import ZoneInfo

from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    get_last_statistics,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER, METER_UNITS
from .pacer import RequestPacer
from .sew import (
    Account,
    Direction,
    Meter,
    MeterType,
    Resolution,
    SewClient,
    SewError,
    UsageReading,
    UsageSeries,
)

STORAGE_VERSION = 1
DAYS_PER_DAILY_CALL = 30
HOUR = timedelta(hours=1)


class Kind(StrEnum):
    """What one statistic of a meter adds up."""

    CONSUMPTION = "consumption"
    COST = "cost"
    RETURN = "return"
    COMPENSATION = "compensation"
    PRODUCTION = "production"


MONEY_KINDS = {Kind.COST, Kind.COMPENSATION}


def meter_kinds(meter: Meter) -> tuple[Kind, ...]:
    """Return the statistics a meter feeds."""
    if meter.meter_type is MeterType.SOLAR:
        return (Kind.PRODUCTION,)
    if meter.net_metered:
        return (Kind.CONSUMPTION, Kind.COST, Kind.RETURN, Kind.COMPENSATION)
    return (Kind.CONSUMPTION, Kind.COST)


def _slug(text: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]", "_", text.lower())).strip("_")


def statistic_id(utility: str, meter: Meter, kind: Kind) -> str:
    """Return `sew_thinq:<utility>_<meter type>_<meter number>_<kind>`."""
    object_id = _slug(f"{utility}_{meter.meter_type.value}_{meter.meter_number}")
    return f"{DOMAIN}:{object_id}_{kind.value}"


def _hour(moment: datetime) -> datetime:
    """Return the start of the UTC hour a reading belongs to."""
    return moment.astimezone(dt_util.UTC).replace(minute=0, second=0, microsecond=0)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return _hour(datetime.combine(day, time(), zone))


type Rows = dict[datetime, dict[Kind, float]]


def history_store(
    hass: HomeAssistant, entry_id: str
) -> Store[dict[str, dict[str, str]]]:
    """Return where a utility entry keeps its import plans."""
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.history.{entry_id}")


def rows_of(readings: Iterable[UsageReading], kinds: Collection[Kind]) -> Rows:
    """Add readings up per statistics row (hour) and kind."""
    rows: Rows = defaultdict(lambda: dict.fromkeys(kinds, 0.0))
    for reading in readings:
        row = rows[_hour(reading.start)]
        targets: tuple[tuple[Kind, float], ...]
        if reading.direction is Direction.GENERATION:
            targets = ((Kind.PRODUCTION, reading.value),)
        elif reading.direction is Direction.EXPORT:
            targets = (
                (Kind.RETURN, reading.value),
                (Kind.COMPENSATION, reading.cost or 0.0),
            )
        else:
            targets = (
                (Kind.CONSUMPTION, reading.value),
                (Kind.COST, reading.cost or 0.0),
            )
        for kind, value in targets:
            if kind in row:
                row[kind] += value
    return dict(rows)


@dataclass(frozen=True, slots=True)
class ImportSettings:
    """How much history to import and how gently."""

    history: timedelta
    hourly_history: timedelta
    window: timedelta
    rate: float


@dataclass(slots=True)
class MeterProgress:
    """How far a meter's history import has come."""

    planned: int = 0
    done: int = 0
    complete: bool = False

    @property
    def percent(self) -> float:
        """Return the part of the planned requests made, in percent."""
        if self.complete:
            return 100.0
        return min(99.0, round(100 * self.done / max(self.planned, 1), 1))


@dataclass(slots=True)
class _Series:
    """One meter's statistics: ids, metadata and the running sums written so far."""

    account: Account
    meter: Meter
    metadata: dict[Kind, StatisticMetaData]
    sums: dict[Kind, float] = field(default_factory=dict)
    last: datetime | None = None

    @property
    def zone(self) -> ZoneInfo:
        """Return the account's time zone."""
        return self.account.time_zone


class HistoryImporter:
    """Keep one utility login's statistics complete and current."""

    def __init__(
        self,
        hass: HomeAssistant,
        client: SewClient,
        *,
        entry_id: str,
        utility: str,
        settings: ImportSettings,
    ) -> None:
        """Initialize the importer of a utility entry."""
        self.hass = hass
        self.client = client
        self.utility = utility
        self.settings = settings
        self.progress: dict[str, MeterProgress] = {}
        self.latest: dict[str, tuple[UsageReading | None, UsageReading | None]] = {}
        self._pacer = RequestPacer(settings.rate)
        self._store = history_store(hass, entry_id)
        self._plans: dict[str, dict[str, str]] | None = None
        self._failing = False

    def _metadata(self, meter: Meter, kind: Kind) -> StatisticMetaData:
        unit, unit_class = METER_UNITS.get(meter.unit, (meter.unit, None))
        if kind in MONEY_KINDS:
            unit, unit_class = self.hass.config.currency, None
        return StatisticMetaData(
            mean_type=StatisticMeanType.NONE,
            has_sum=True,
            name=(
                f"{self.utility} {meter.meter_type.name.lower()} "
                f"{meter.meter_number} {kind.value}"
            ),
            source=DOMAIN,
            statistic_id=statistic_id(self.utility, meter, kind),
            unit_class=unit_class,
            unit_of_measurement=unit,
        )

    async def async_import(self, meters: Mapping[str, tuple[Account, Meter]]) -> None:
        """Import what is missing; a failure is logged once and retried next time."""
        try:
            await self._async_import(meters)
        except SewError as err:
            if not self._failing:
                LOGGER.warning("Importing usage statistics paused: %s", err)
            self._failing = True
        else:
            if self._failing:
                LOGGER.info("Importing usage statistics resumed")
            self._failing = False

    async def _async_import(self, meters: Mapping[str, tuple[Account, Meter]]) -> None:
        """Import what is missing for each meter, then refresh the trailing window."""
        if self._plans is None:
            self._plans = await self._store.async_load() or {}
        for key, (account, meter) in meters.items():
            series = _Series(
                account,
                meter,
                {kind: self._metadata(meter, kind) for kind in meter_kinds(meter)},
            )
            progress = self.progress.setdefault(key, MeterProgress())
            await self._async_load_last(series)
            plan = await self._async_plan(key, series)
            if plan.get("complete"):
                progress.complete = True
                await self._async_refresh_window(key, series)
                continue
            LOGGER.info(
                "Importing the history of %s meter %s",
                meter.meter_type.name.lower(),
                meter.meter_number,
            )
            await self._async_backfill(key, series, plan, progress)
            progress.complete = True
            LOGGER.info(
                "Imported the history of %s meter %s",
                meter.meter_type.name.lower(),
                meter.meter_number,
            )

    async def _fetch(
        self,
        read: Callable[[Account, Meter, Resolution, date], Awaitable[UsageSeries]],
        series: _Series,
        resolution: Resolution,
        day: date,
    ) -> list[UsageReading]:
        await self._pacer.wait()
        answer = await read(series.account, series.meter, resolution, day)
        return list(answer.readings)

    def _reader(
        self, series: _Series
    ) -> Callable[[Account, Meter, Resolution, date], Awaitable[UsageSeries]]:
        if series.meter.meter_type is MeterType.SOLAR:
            return self.client.get_generation
        return self.client.get_usage

    async def _async_load_last(self, series: _Series) -> None:
        """Read the newest row written and its running sums."""
        recorder = get_instance(self.hass)
        for kind, metadata in series.metadata.items():
            last = await recorder.async_add_executor_job(
                get_last_statistics,
                self.hass,
                1,
                metadata["statistic_id"],
                False,
                {"sum"},
            )
            rows = last.get(metadata["statistic_id"], [])
            if rows:
                series.sums[kind] = rows[0].get("sum") or 0.0
                series.last = dt_util.utc_from_timestamp(rows[0]["start"])
            else:
                series.sums[kind] = 0.0

    async def _async_plan(self, key: str, series: _Series) -> dict[str, str]:
        """Return where the daily and hourly parts of the import start."""
        assert self._plans is not None
        if (plan := self._plans.get(key)) is None:
            today = dt_util.now(series.zone).date()
            plan = {
                "daily_start": (today - self.settings.history).isoformat(),
                "hourly_start": (today - self.settings.hourly_history).isoformat(),
            }
            self._plans[key] = plan
            await self._store.async_save(self._plans)
        return plan

    async def _async_backfill(
        self,
        key: str,
        series: _Series,
        plan: dict[str, str],
        progress: MeterProgress,
    ) -> None:
        """Import billing cycles, then days, then hours, from where the rows end."""
        assert self._plans is not None
        zone = series.zone
        read = self._reader(series)
        daily_start = date.fromisoformat(plan["daily_start"])
        hourly_start = date.fromisoformat(plan["hourly_start"])
        yesterday = dt_util.now(zone).date() - timedelta(days=1)
        last_day = series.last.astimezone(zone).date() if series.last else None
        kinds = list(series.metadata)

        daily_from = daily_start
        if last_day is not None and last_day >= daily_start:
            daily_from = last_day + timedelta(days=1)
        hourly_from = hourly_start
        if last_day is not None and last_day >= hourly_start:
            hourly_from = last_day
        daily_calls = max(
            0, -(-(hourly_start - daily_from).days // DAYS_PER_DAILY_CALL)
        )
        hourly_calls = (yesterday - hourly_from).days + 1
        progress.planned = 1 + daily_calls + hourly_calls
        progress.done = 1 if series.last is not None else 0

        if series.last is None:
            cycles = await self._fetch(read, series, Resolution.BILLING, yesterday)
            progress.done += 1
            daily_start = daily_from = self._daily_start(cycles, daily_start, zone)
            plan["daily_start"] = daily_start.isoformat()
            await self._store.async_save(self._plans)
            first_day = _midnight(daily_start, zone)
            self._write(
                series,
                rows_of(
                    (c for c in cycles if c.start + c.duration <= first_day), kinds
                ),
            )

        while daily_from < hourly_start:
            end = min(
                daily_from + timedelta(days=DAYS_PER_DAILY_CALL - 1),
                hourly_start - timedelta(days=1),
            )
            days = await self._fetch(read, series, Resolution.DAY, end)
            progress.done += 1
            first, after = (
                _midnight(daily_from, zone),
                _midnight(end, zone) + timedelta(days=1),
            )
            self._write(
                series, rows_of((d for d in days if first <= d.start < after), kinds)
            )
            daily_from = end + timedelta(days=1)

        if last_day is not None and last_day >= hourly_start:
            await self._async_rewind(series, _midnight(hourly_from, zone))
        day = hourly_from
        while day <= yesterday:
            readings = await self._fetch(read, series, Resolution.HOUR, day)
            progress.done += 1
            self._write(series, self._with_gaps_filled(series, readings, day))
            self._remember_latest(key, readings)
            day += timedelta(days=1)
        plan["complete"] = "yes"
        await self._store.async_save(self._plans)

    @staticmethod
    def _daily_start(cycles: list[UsageReading], wanted: date, zone: ZoneInfo) -> date:
        """Return the first cycle start on or after `wanted`, so cycles and days never overlap."""
        starts = sorted(
            {cycle.start.astimezone(zone).date() for cycle in cycles}
            | {
                (cycle.start + cycle.duration).astimezone(zone).date()
                for cycle in cycles
            }
        )
        return next((start for start in starts if start >= wanted), wanted)

    async def _async_refresh_window(self, key: str, series: _Series) -> None:
        """Re-read the trailing window and rewrite it from the sum just before it."""
        zone = series.zone
        today = dt_util.now(zone).date()
        first = today - self.settings.window
        if series.last is not None:
            first = min(first, series.last.astimezone(zone).date())
        read = self._reader(series)
        readings: list[UsageReading] = []
        day = first
        while day < today:
            readings.extend(await self._fetch(read, series, Resolution.HOUR, day))
            day += timedelta(days=1)
        await self._async_rewind(series, _midnight(first, zone))
        self._write(series, self._with_gaps_filled(series, readings, first))
        self._remember_latest(key, readings)

    async def _async_rewind(self, series: _Series, start: datetime) -> None:
        """Take the running sums from the last row before `start`."""
        recorder = get_instance(self.hass)
        ids = {metadata["statistic_id"] for metadata in series.metadata.values()}
        before = await recorder.async_add_executor_job(
            statistics_during_period,
            self.hass,
            start - timedelta(days=DAYS_PER_DAILY_CALL + 2),
            start,
            ids,
            "hour",
            None,
            {"sum"},
        )
        for kind, metadata in series.metadata.items():
            rows = before.get(metadata["statistic_id"], [])
            series.sums[kind] = (rows[-1].get("sum") or 0.0) if rows else 0.0

    def _with_gaps_filled(
        self, series: _Series, readings: list[UsageReading], first: date
    ) -> Rows:
        """Return the rows of the readings, with zero rows where hours are missing.

        Rows already written up to the newest one are overwritten, so nothing stale
        stays behind inside the rewritten range.
        """
        kinds = list(series.metadata)
        rows = rows_of(readings, kinds)
        newest = max([*rows, series.last or datetime.min.replace(tzinfo=dt_util.UTC)])
        hour = _midnight(first, series.zone)
        while hour <= newest:
            rows.setdefault(hour, dict.fromkeys(kinds, 0.0))
            hour += HOUR
        return rows

    def _write(self, series: _Series, rows: Rows) -> None:
        """Append rows after the running sums and hand them to the recorder."""
        if not rows:
            return
        statistics: dict[Kind, list[StatisticData]] = {
            kind: [] for kind in series.metadata
        }
        for start in sorted(rows):
            for kind, value in rows[start].items():
                series.sums[kind] += value
                statistics[kind].append(
                    StatisticData(start=start, state=value, sum=series.sums[kind])
                )
        for kind, metadata in series.metadata.items():
            async_add_external_statistics(self.hass, metadata, statistics[kind])
        series.last = max(rows)

    def _remember_latest(self, key: str, readings: list[UsageReading]) -> None:
        used = [r for r in readings if r.direction is not Direction.EXPORT]
        exported = [r for r in readings if r.direction is Direction.EXPORT]
        if used:
            self.latest[key] = (
                max(used, key=lambda r: r.start),
                max(exported, key=lambda r: r.start, default=None),
            )

    def diagnostics(self) -> dict[str, Any]:
        """Return the import's progress per meter."""
        return {
            "progress": [progress.percent for progress in self.progress.values()],
        }
