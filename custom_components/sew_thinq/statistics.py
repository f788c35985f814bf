"""Import what the utility measured into long-term statistics for the Energy dashboard.

The first import reads history coarse to fine and oldest first, so each period is covered
once: billing cycles up to the first cycle of the daily range, days up to the first day of
the hourly range, then hours. Each part is written as soon as it is read, continuing the
running sums, so an interrupted import resumes from the newest row written.

Afterwards a run asks only for the days that can hold something new (import_plan.py):
days not final yet, and new days once the tenant can have published them whole. Only real
rows are written: a day that comes back empty keeps what it had, an hour without a row
gets none, and a day read again is merged into the rows stored from it onwards, whose sums
are rewritten from the one just before it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
import math
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
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER, METER_UNITS
from .import_plan import (
    RETRY_AFTER,
    MeterPlan,
    Publication,
    days_to_read,
    history_store,
    next_read,
)
from .pacer import RequestPacer
from .reading_bounds import ReadingGuard
from .sew import (
    DAILY_WINDOW_DAYS,
    Account,
    Direction,
    Meter,
    MeterType,
    Resolution,
    SewAuthError,
    SewClient,
    SewError,
    SewRateLimitError,
    UsageReading,
    UsageSeries,
    UsageStatus,
)

HOUR = timedelta(hours=1)
# A meter whose reads fail waits this long before its next try, doubling up to a day.
FIRST_BACK_OFF = timedelta(minutes=30)
MAX_BACK_OFF = timedelta(days=1)
# A portal that rate limits without saying for how long is left alone this long, doubling.
RATE_LIMIT_PAUSE = timedelta(hours=1)
# Two daily totals differ when apart by more than the tenant's rounding of 24 hours can make.
TOTAL_TOLERANCE = 0.01
TOTAL_MIN_DIFFERENCE = 0.05


class StatisticKind(StrEnum):
    """What one statistic of a meter adds up."""

    CONSUMPTION = "consumption"
    COST = "cost"
    RETURN = "return"
    COMPENSATION = "compensation"
    PRODUCTION = "production"


MONEY_KINDS = {StatisticKind.COST, StatisticKind.COMPENSATION}


def meter_kinds(meter: Meter) -> tuple[StatisticKind, ...]:
    """Return the statistics a meter feeds."""
    if meter.meter_type is MeterType.SOLAR:
        return (StatisticKind.PRODUCTION,)
    if meter.net_metered:
        return (
            StatisticKind.CONSUMPTION,
            StatisticKind.COST,
            StatisticKind.RETURN,
            StatisticKind.COMPENSATION,
        )
    return (StatisticKind.CONSUMPTION, StatisticKind.COST)


def _slug(text: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]", "_", text.lower())).strip("_")


def statistic_id(utility: str, meter: Meter, kind: StatisticKind) -> str:
    """Return `sew_thinq:<utility>_<meter type>_<meter number>_<kind>`."""
    object_id = _slug(f"{utility}_{meter.meter_type.value}_{meter.meter_number}")
    return f"{DOMAIN}:{object_id}_{kind.value}"


METER_KIND_NAMES = {
    MeterType.ELECTRIC: "electric",
    MeterType.WATER: "water",
    MeterType.GAS: "gas",
    MeterType.SOLAR: "solar",
}
# What a statistic adds up, after the meter's name; usage and production go without.
KIND_SUFFIXES = {
    StatisticKind.CONSUMPTION: "",
    StatisticKind.PRODUCTION: "",
    StatisticKind.COST: " cost",
    StatisticKind.RETURN: " export",
    StatisticKind.COMPENSATION: " export credit",
}


def meter_label(meter: Meter) -> str:
    """Return a meter's short label: its kind and the end of its number ("water meter …4521")."""
    return f"{METER_KIND_NAMES[meter.meter_type]} meter …{meter.meter_number[-4:]}"


def statistic_name(utility_name: str, meter: Meter, kind: StatisticKind) -> str:
    """Return the name a person reads: "ACWD water meter …4521", "… cost"."""
    return f"{utility_name} {meter_label(meter)}{KIND_SUFFIXES[kind]}"


def _hour(moment: datetime) -> datetime:
    """Return the start of the UTC hour a reading belongs to."""
    return moment.astimezone(dt_util.UTC).replace(minute=0, second=0, microsecond=0)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return _hour(datetime.combine(day, time(), zone))


# The values of each statistic, by the UTC hour they start.
type Rows = dict[StatisticKind, dict[datetime, float]]


def rows_of(readings: Iterable[UsageReading], kinds: Iterable[StatisticKind]) -> Rows:
    """Add readings up per statistic and hour; a statistic gets only hours it has values of."""
    rows: Rows = {kind: {} for kind in kinds}
    for reading in readings:
        hour = _hour(reading.start)
        values: tuple[tuple[StatisticKind, float | None], ...]
        if reading.direction is Direction.GENERATION:
            values = ((StatisticKind.PRODUCTION, reading.value),)
        elif reading.direction is Direction.EXPORT:
            values = (
                (StatisticKind.RETURN, reading.value),
                (StatisticKind.COMPENSATION, reading.cost),
            )
        else:
            values = (
                (StatisticKind.CONSUMPTION, reading.value),
                (StatisticKind.COST, reading.cost),
            )
        for kind, value in values:
            if kind in rows and value is not None:
                rows[kind][hour] = rows[kind].get(hour, 0.0) + value
    return rows


@dataclass(frozen=True, slots=True)
class ImportSettings:
    """How much history to import, how long days are read again, and how gently."""

    history: timedelta
    hourly_history: timedelta
    window: timedelta
    rate: float


@dataclass(slots=True)
class MeterProgress:
    """How far a meter's history import has come, and when a failing meter tries again."""

    planned: int = 0
    done: int = 0
    complete: bool = False
    failures: int = 0
    retry_at: datetime | None = None

    @property
    def percent(self) -> float:
        """Return the part of the planned requests made, in percent."""
        if self.complete:
            return 100.0
        return min(99.0, round(100 * self.done / max(self.planned, 1), 1))


@dataclass(slots=True)
class MeterStatistics:
    """One meter's statistics: metadata and the running sums written so far."""

    account: Account
    meter: Meter
    metadata: dict[StatisticKind, StatisticMetaData]
    sums: dict[StatisticKind, float] = field(default_factory=dict)
    # The newest row stored of each statistic: its start and value.
    last: datetime | None = None
    states: dict[StatisticKind, float | None] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        """Return the account's time zone."""
        return self.account.time_zone

    @property
    def ids(self) -> dict[str, StatisticKind]:
        """Return the kinds by statistic id."""
        return {meta["statistic_id"]: kind for kind, meta in self.metadata.items()}


def _is_complete(series: UsageSeries, day: date, zone: ZoneInfo) -> bool:
    """Tell whether a day's answer has every hour of use (or production), none estimated.

    Exports alone do not make a day: a tenant may leave out hours without any.
    """
    if series.status is not UsageStatus.ROWS:
        return False
    hours = {
        _hour(r.start) for r in series.readings if r.direction is not Direction.EXPORT
    }
    expected = int(
        (_midnight(day + timedelta(days=1), zone) - _midnight(day, zone)) / HOUR
    )
    return len(hours) >= expected and not any(r.estimated for r in series.readings)


async def async_produced(
    hass: HomeAssistant, statistic: str, start: datetime, end: datetime | None = None
) -> float | None:
    """Return what a production statistic added up from `start` (to `end`).

    Hour by hour: each row's change counts, the first one of the period too.
    """
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        start,
        end,
        {statistic},
        "hour",
        None,
        {"change"},
    )
    changes = [row.get("change") for row in rows.get(statistic, [])]
    return sum(change for change in changes if change is not None) if changes else None


class HistoryImporter:
    """Keep one utility login's statistics complete and current."""

    def __init__(
        self,
        hass: HomeAssistant,
        client: SewClient,
        *,
        entry_id: str,
        utility: str,
        utility_name: str,
        currency: str,
        settings: ImportSettings,
    ) -> None:
        """Initialize the importer of a utility entry; costs are in `currency`.

        `utility` (the portal's host) makes the statistic ids, `utility_name` their names.
        """
        self.hass = hass
        self.client = client
        self.utility = utility
        self.utility_name = utility_name
        self.currency = currency
        self.settings = settings
        self.progress: dict[str, MeterProgress] = {}
        self.latest: dict[str, tuple[UsageReading | None, UsageReading | None]] = {}
        self._pacer = RequestPacer(settings.rate)
        self._store = history_store(hass, entry_id)
        self._plans: dict[str, MeterPlan] | None = None
        self._publication = Publication()
        self._zones: dict[str, ZoneInfo] = {}
        self._guard = ReadingGuard()
        self._failing = False
        # While the portal rate limits: until when nothing is asked, and how often in a row.
        self.paused_until: datetime | None = None
        self._rate_limits = 0

    def _metadata(self, meter: Meter, kind: StatisticKind) -> StatisticMetaData:
        unit, unit_class = METER_UNITS.get(meter.unit, (meter.unit, None))
        if kind in MONEY_KINDS:
            unit, unit_class = self.currency, None
        return StatisticMetaData(
            mean_type=StatisticMeanType.NONE,
            has_sum=True,
            name=statistic_name(self.utility_name, meter, kind),
            source=DOMAIN,
            statistic_id=statistic_id(self.utility, meter, kind),
            unit_class=unit_class,
            unit_of_measurement=unit,
        )

    def plan(self, key: str) -> MeterPlan | None:
        """Return a meter's import plan, once the import has loaded or made it."""
        return (self._plans or {}).get(key)

    def next_due(self, now: datetime) -> datetime:
        """Return when a run can next find something to read (now while importing).

        Without a meter to import, never.
        """
        if self.paused_until is not None and now < self.paused_until:
            return self.paused_until
        if self._plans is None:
            return now
        moments = []
        for key, zone in self._zones.items():
            plan = self._plans.get(key)
            progress = self.progress.get(key)
            moment = now
            if plan is not None and plan.complete:
                moment = next_read(
                    plan, self._publication, zone, now, self.settings.window
                )
            if progress is not None and progress.retry_at is not None:
                moment = max(moment, progress.retry_at)
            moments.append(moment)
        return min(moments, default=datetime.max.replace(tzinfo=dt_util.UTC))

    def pause(self, err: SewRateLimitError) -> float:
        """Leave the portal alone as long as it asked (or longer each time it repeats).

        Return the pause in seconds; it is logged once.
        """
        self._rate_limits += 1
        if err.retry_after is not None:
            pause = timedelta(seconds=err.retry_after)
        else:
            pause = min(RATE_LIMIT_PAUSE * 2 ** (self._rate_limits - 1), MAX_BACK_OFF)
        until = dt_util.utcnow() + pause
        if self.paused_until is None or until > self.paused_until:
            if self.paused_until is None:
                LOGGER.warning(
                    "The utility portal asks to slow down: nothing is asked until %s",
                    until.isoformat(timespec="seconds"),
                )
            self.paused_until = until
        return (self.paused_until - dt_util.utcnow()).total_seconds()

    def paused(self, now: datetime) -> bool:
        """Tell whether the portal asked to be left alone until after `now`."""
        if self.paused_until is None:
            return False
        if now < self.paused_until:
            return True
        self.paused_until = None
        return False

    def pause_left(self, now: datetime) -> float:
        """Return how many seconds the portal asked to be left alone from `now`."""
        if self.paused_until is None:
            return 0.0
        return max((self.paused_until - now).total_seconds(), 0.0)

    def resumed(self) -> None:
        """Note that the portal answered again after rate limiting."""
        if self._rate_limits:
            LOGGER.info("The utility portal answers again")
        self._rate_limits = 0

    async def async_import(self, meters: Mapping[str, tuple[Account, Meter]]) -> None:
        """Import what is missing, each meter on its own.

        A meter whose reads fail backs off alone while the others go on; a login refused
        or a portal asking to slow down stops the run. Each is logged once.
        """
        if self.paused(dt_util.utcnow()):
            return
        try:
            await self._async_import(meters)
        except SewRateLimitError as err:
            self.pause(err)
        except SewAuthError as err:
            if not self._failing:
                LOGGER.warning("Importing usage statistics paused: %s", err)
            self._failing = True
        else:
            if self._failing:
                LOGGER.info("Importing usage statistics resumed")
            self._failing = False
            self.resumed()

    async def _async_load_plans(self) -> dict[str, MeterPlan]:
        if self._plans is None:
            stored = await self._store.async_load() or {}
            self._plans = {
                key: MeterPlan.from_dict(plan)
                for key, plan in (stored.get("meters") or {}).items()
            }
            if (lag := stored.get("lag_s")) is not None:
                self._publication.lag = timedelta(seconds=lag)
        return self._plans

    async def _async_save(self) -> None:
        assert self._plans is not None
        lag = self._publication.lag
        await self._store.async_save(
            {
                "meters": {key: plan.as_dict() for key, plan in self._plans.items()},
                "lag_s": None if lag is None else lag.total_seconds(),
            }
        )

    async def _async_import(self, meters: Mapping[str, tuple[Account, Meter]]) -> None:
        """Import what is missing for each meter, then read the days due again."""
        await self._async_load_plans()
        self._zones = {key: account.time_zone for key, (account, _) in meters.items()}
        for key, (account, meter) in meters.items():
            progress = self.progress.setdefault(key, MeterProgress())
            if progress.retry_at is not None and dt_util.utcnow() < progress.retry_at:
                continue
            try:
                await self._async_import_meter(key, account, meter, progress)
            except SewRateLimitError, SewAuthError:
                raise
            except SewError as err:
                self._back_off(meter, progress, err)
            else:
                if progress.failures:
                    LOGGER.info(
                        "Importing the history of %s meter %s resumed",
                        meter.meter_type.name.lower(),
                        meter.meter_number,
                    )
                progress.failures = 0
                progress.retry_at = None

    def _back_off(self, meter: Meter, progress: MeterProgress, err: SewError) -> None:
        """Leave a failing meter alone for a while, longer each time; log it once."""
        progress.failures += 1
        wait = min(FIRST_BACK_OFF * 2 ** (progress.failures - 1), MAX_BACK_OFF)
        progress.retry_at = dt_util.utcnow() + wait
        log = LOGGER.warning if progress.failures == 1 else LOGGER.debug
        log(
            "Importing the history of %s meter %s failed, trying again from %s: %s",
            meter.meter_type.name.lower(),
            meter.meter_number,
            progress.retry_at.isoformat(timespec="seconds"),
            err,
        )

    async def _async_import_meter(
        self, key: str, account: Account, meter: Meter, progress: MeterProgress
    ) -> None:
        """Import what is missing of one meter, then read its days due again."""
        plans = await self._async_load_plans()
        series = MeterStatistics(
            account,
            meter,
            {kind: self._metadata(meter, kind) for kind in meter_kinds(meter)},
        )
        plan = plans.get(key)
        if plan is not None and plan.complete:
            progress.complete = True
            if key not in self.latest:
                await self._async_load_last(key, series)
            await self._async_follow(key, series, plan)
            return
        await self._async_load_last(key, series)
        if plan is None:
            today = dt_util.now(series.zone).date()
            plan = MeterPlan(
                daily_start=today - self.settings.history,
                hourly_start=today - self.settings.hourly_history,
                ranged=False,
                zone=series.zone.key,
            )
            plans[key] = plan
            await self._async_save()
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
        self, series: MeterStatistics, resolution: Resolution, day: date
    ) -> UsageSeries:
        await self._pacer.wait()
        read: Callable[[Account, Meter, Resolution, date], Awaitable[UsageSeries]]
        if series.meter.meter_type is MeterType.SOLAR:
            read = self.client.get_generation
        else:
            read = self.client.get_usage
        answer = await read(series.account, series.meter, resolution, day)
        # The client parsed the answer in this step of the loop; what the import makes of
        # it comes in the next, so that neither holds the loop long.
        await asyncio.sleep(0)
        return self._guard.checked(answer, series.meter.meter_number, dt_util.utcnow())

    async def _async_load_last(self, key: str, series: MeterStatistics) -> None:
        """Read the newest row written of each statistic and its running sum."""
        recorder = get_instance(self.hass)
        await recorder.async_block_till_done()
        for kind, metadata in series.metadata.items():
            last = await recorder.async_add_executor_job(
                get_last_statistics,
                self.hass,
                1,
                metadata["statistic_id"],
                False,
                {"state", "sum"},
            )
            rows = last.get(metadata["statistic_id"], [])
            series.sums[kind] = (rows[0].get("sum") or 0.0) if rows else 0.0
            if rows:
                series.states[kind] = rows[0].get("state")
                start = dt_util.utc_from_timestamp(rows[0]["start"])
                series.last = max(series.last or start, start)
                if (
                    kind in (StatisticKind.CONSUMPTION, StatisticKind.PRODUCTION)
                    and key not in self.latest
                ):
                    self._remember_stored(key, series, start, rows[0].get("state"))

    def _remember_stored(
        self, key: str, series: MeterStatistics, start: datetime, value: float | None
    ) -> None:
        """Show the newest hour stored until a run reads a newer one."""
        if value is None:
            return
        direction = (
            Direction.GENERATION
            if series.meter.meter_type is MeterType.SOLAR
            else Direction.IMPORT
        )
        reading = UsageReading(
            start, HOUR, value, series.meter.unit, None, direction, estimated=False
        )
        self.latest[key] = (reading, None)

    async def _async_backfill(
        self,
        key: str,
        series: MeterStatistics,
        plan: MeterPlan,
        progress: MeterProgress,
    ) -> None:
        """Import billing cycles, then days, then hours, from where the rows end.

        A new plan first sets its daily range on the billing cycles. Where the recorder
        already holds rows of the meter (an account removed and added again) the import
        goes on after them: after the whole cycle when the newest row is one.
        """
        zone = series.zone
        yesterday = dt_util.now(zone).date() - timedelta(days=1)
        last_day = series.last.astimezone(zone).date() if series.last else None
        read_cycles = 0 if plan.ranged else 2
        progress.planned = read_cycles + _requests(plan, plan.daily_start, yesterday)
        progress.done = 0

        newest: UsageSeries | None = None
        if not plan.ranged:
            cycles = await self._fetch(series, Resolution.BILLING, yesterday)
            newest = await self._fetch(
                series, Resolution.DAY, plan.hourly_start - timedelta(days=1)
            )
            progress.done += 2
            self._start_daily_range(plan, cycles, newest, zone)
            if series.last is None:
                first_day = _midnight(plan.daily_start, zone)
                self._append(
                    series,
                    rows_of(
                        (
                            c
                            for c in cycles.readings
                            if c.start + c.duration <= first_day
                        ),
                        series.metadata,
                    ),
                )
            elif last_day is not None and last_day < plan.daily_start:
                plan.daily_start = _covered_through(series, cycles, zone) + timedelta(
                    days=1
                )
            plan.ranged = True
            await self._async_save()

        daily_from = plan.daily_start
        if last_day is not None and last_day >= plan.daily_start:
            daily_from = last_day + timedelta(days=1)
        hourly_from = plan.hourly_start
        if last_day is not None and last_day >= plan.hourly_start:
            hourly_from = last_day
        progress.planned = read_cycles + _requests(plan, plan.daily_start, yesterday)
        progress.done = progress.planned - _requests(plan, daily_from, yesterday)
        if hourly_from > plan.hourly_start:
            progress.done += (hourly_from - plan.hourly_start).days

        windows = _daily_windows(daily_from, plan.hourly_start)
        for index, (first, last) in enumerate(windows):
            days = newest if newest and index == len(windows) - 1 else None
            if days is None:
                days = await self._fetch(series, Resolution.DAY, last)
                progress.done += 1
            start, after = (
                _midnight(first, zone),
                _midnight(last, zone) + timedelta(days=1),
            )
            self._append(
                series,
                rows_of(
                    (r for r in days.readings if start <= r.start < after),
                    series.metadata,
                ),
            )

        if last_day is not None and last_day >= plan.hourly_start:
            await self._async_rewind(series, _midnight(hourly_from, zone))
        answers: dict[date, UsageSeries] = {}
        day = hourly_from
        while day <= yesterday:
            answers[day] = answer = await self._fetch(series, Resolution.HOUR, day)
            progress.done += 1
            self._append(series, rows_of(answer.readings, series.metadata))
            self._remember_latest(key, answer.readings)
            day += timedelta(days=1)
        self._note_answers(plan, answers, zone, confirmed=False)
        plan.hourly_through = yesterday
        plan.complete = True
        await self._async_save()

    def _note_answers(
        self,
        plan: MeterPlan,
        answers: Mapping[date, UsageSeries],
        zone: ZoneInfo,
        *,
        confirmed: bool,
    ) -> None:
        """Mark the days read final or pending, and learn how late the tenant publishes.

        A complete day without estimates is final once the next day has begun: when it was
        asked no earlier than that (`confirmed`), or a later day came back with rows. Not
        every tenant flags estimates (Hidroelectrica's hours carry no `ValidationStatus`),
        and the newest day is the one estimated (sew-protocol.md section 9).
        """
        now = dt_util.utcnow()
        with_rows = [day for day, answer in answers.items() if answer.readings]
        newest_with_rows = max(with_rows, default=None)
        newest_end: datetime | None = None
        incomplete = False
        for day, answer in answers.items():
            newest_end = _newest_end(answer.readings, newest_end)
            later_rows = newest_with_rows is not None and newest_with_rows > day
            if _is_complete(answer, day, zone) and (confirmed or later_rows):
                plan.pending.pop(day, None)
                continue
            plan.pending[day] = now
            incomplete = incomplete or not _is_complete(answer, day, zone)
        if incomplete and newest_end is not None:
            self._publication.observe(now, newest_end)

    def _start_daily_range(
        self, plan: MeterPlan, cycles: UsageSeries, newest: UsageSeries, zone: ZoneInfo
    ) -> None:
        """Start the daily range on a cycle's first day the tenant serves days for.

        Cycles and days then never overlap. A tenant that answers a fixed window of days
        whatever is asked (P7 dnlbck/ha-nbpower api.py docstring, `Mode=D`) serves no day
        before that window: the cycles reach up to it.
        """
        wanted = plan.daily_start
        asked_first = plan.hourly_start - timedelta(days=DAILY_WINDOW_DAYS)
        if newest.days and newest.days[0] > asked_first:
            wanted = max(wanted, newest.days[0])
        elif not newest.days:
            wanted = plan.hourly_start
        bounds = sorted(
            {c.start.astimezone(zone).date() for c in cycles.readings}
            | {(c.start + c.duration).astimezone(zone).date() for c in cycles.readings}
        )
        start = next((day for day in bounds if day >= wanted), wanted)
        if start > plan.hourly_start:
            # No cycle boundary inside the days served: hours reach back to the last one.
            plan.hourly_start = max(
                (day for day in bounds if day <= plan.hourly_start),
                default=plan.hourly_start,
            )
            start = plan.hourly_start
        plan.daily_start = start

    async def _async_follow(
        self, key: str, series: MeterStatistics, plan: MeterPlan
    ) -> None:
        """Read the days that can hold something new and merge what they hold.

        Once a day, a daily call's totals are compared with the rows stored: days the
        utility restated are read again too. When the account's zone changed, the newest
        day read and the days not final yet are read again as the new zone's days that
        hold their hours: hours are merged by their UTC start, so nothing is written
        twice and no hour between the zones is left out or left estimated.
        """
        now = dt_util.utcnow()
        zone = series.zone
        window = self.settings.window
        stored = plan.as_dict()
        old_zone = plan.zone
        if plan.move_to(zone):
            LOGGER.info(
                "The account of meter %s moved from %s to %s; its newest day and "
                "the days not final yet are read again",
                series.meter.meter_number,
                old_zone,
                zone.key,
            )
        oldest = self._publication.oldest_to_read(now, zone, window)
        for day in [day for day in plan.pending if day < oldest]:
            LOGGER.debug(
                "Day %s of meter %s left the re-read window unfinished",
                day,
                series.meter.meter_number,
            )
            del plan.pending[day]
        days = days_to_read(plan, self._publication, zone, now, window)
        if not days:
            if plan.as_dict() != stored:
                await self._async_save()
            return
        await self._async_read_days(key, series, plan, days)
        if plan.totals_checked is None or now >= plan.totals_checked + RETRY_AFTER:
            plan.totals_checked = now
            if restated := await self._async_restated_days(series, plan, now):
                await self._async_read_days(key, series, plan, restated)
        await self._async_save()

    async def _async_read_days(
        self, key: str, series: MeterStatistics, plan: MeterPlan, days: list[date]
    ) -> None:
        """Read days hour by hour and merge what they hold into the rows stored."""
        answers = {day: await self._fetch(series, Resolution.HOUR, day) for day in days}
        self._note_answers(plan, answers, series.zone, confirmed=True)
        plan.hourly_through = max(plan.hourly_through or days[-1], days[-1])
        readings = [r for answer in answers.values() for r in answer.readings]
        await self._async_merge(series, rows_of(readings, series.metadata))
        self._remember_latest(key, readings)

    async def _async_restated_days(
        self, series: MeterStatistics, plan: MeterPlan, now: datetime
    ) -> list[date]:
        """Return the final days of the hourly range whose daily total changed.

        One daily call a day: it covers the newest month one day and the month before it
        the next, so the current and the previous billing cycle are both compared every
        two days. Days before the hourly range have one row a day: a restated one is
        merged here. A total that differs again as it did is not read again.
        """
        if plan.hourly_through is None:
            return []
        zone = series.zone
        back = (now.astimezone(zone).date().toordinal() % 2) * DAILY_WINDOW_DAYS
        asked = plan.hourly_through - timedelta(days=back)
        if asked < plan.daily_start:
            return []
        answer = await self._fetch(series, Resolution.DAY, asked)
        if not answer.readings:
            return []
        portal = rows_of(
            (r for r in answer.readings if r.direction is not Direction.EXPORT),
            series.metadata,
        )
        kind = next(iter(portal))
        first = min(answer.days)
        stored = await self._async_daily_totals(
            series, kind, _midnight(first, zone), _midnight(asked, zone) + 24 * HOUR
        )
        changed: list[date] = []
        day_rows: Rows = {kind: {} for kind in series.metadata}
        day_values = rows_of(answer.readings, series.metadata)
        for start, total in portal[kind].items():
            day = start.astimezone(zone).date()
            if day < plan.daily_start or day > asked or day in plan.pending:
                continue
            known = stored.get(day)
            if known is not None and not _differs(total, known):
                continue
            if plan.restated.get(day) == total:
                continue
            plan.restated[day] = total
            if day >= plan.hourly_start:
                changed.append(day)
                continue
            for other, values in day_values.items():
                if start in values:
                    day_rows[other][start] = values[start]
        oldest = plan.daily_start
        plan.restated = {d: t for d, t in plan.restated.items() if d >= oldest}
        if changed or any(day_rows.values()):
            LOGGER.info(
                "The utility changed %s day(s) of meter %s; reading them again",
                len(changed) + len(day_rows[kind]),
                series.meter.meter_number,
            )
        if any(day_rows.values()):
            await self._async_merge(series, day_rows)
        return changed

    async def _async_daily_totals(
        self,
        series: MeterStatistics,
        kind: StatisticKind,
        start: datetime,
        end: datetime,
    ) -> dict[date, float]:
        """Return the stored rows of a statistic added up by local day."""
        recorder = get_instance(self.hass)
        await recorder.async_block_till_done()
        statistic = series.metadata[kind]["statistic_id"]
        rows = await recorder.async_add_executor_job(
            statistics_during_period,
            self.hass,
            start,
            end,
            {statistic},
            "hour",
            None,
            {"state"},
        )
        totals: dict[date, float] = {}
        for row in rows.get(statistic, []):
            day = dt_util.utc_from_timestamp(row["start"]).astimezone(series.zone)
            totals[day.date()] = totals.get(day.date(), 0.0) + (row.get("state") or 0.0)
        return totals

    async def _async_merge(self, series: MeterStatistics, rows: Rows) -> None:
        """Merge read hours into the rows stored from the first of them, then rewrite those.

        An hour read replaces the stored one; a stored hour not read stays as it was.
        """
        starts = [start for values in rows.values() for start in values]
        if not starts:
            return
        first = min(starts)
        recorder = get_instance(self.hass)
        await recorder.async_block_till_done()
        stored = await recorder.async_add_executor_job(
            statistics_during_period,
            self.hass,
            first,
            None,
            set(series.ids),
            "hour",
            None,
            {"state"},
        )
        await self._async_rewind(series, first)
        merged: Rows = {kind: {} for kind in series.metadata}
        for statistic, kind in series.ids.items():
            for row in stored.get(statistic, []):
                if (state := row.get("state")) is not None:
                    merged[kind][dt_util.utc_from_timestamp(row["start"])] = state
            merged[kind].update(rows.get(kind, {}))
        self._append(series, merged)

    async def _async_rewind(self, series: MeterStatistics, start: datetime) -> None:
        """Take the running sums from the last row before `start`."""
        recorder = get_instance(self.hass)
        await recorder.async_block_till_done()
        before = await recorder.async_add_executor_job(
            statistics_during_period,
            self.hass,
            start - timedelta(days=DAILY_WINDOW_DAYS + 2),
            start,
            set(series.ids),
            "hour",
            None,
            {"sum"},
        )
        for statistic, kind in series.ids.items():
            rows = before.get(statistic, [])
            series.sums[kind] = (rows[-1].get("sum") or 0.0) if rows else 0.0

    def _append(self, series: MeterStatistics, rows: Rows) -> None:
        """Write rows after the running sums of each statistic."""
        for kind, values in rows.items():
            if not values:
                continue
            statistics = []
            for start in sorted(values):
                series.sums[kind] += values[start]
                statistics.append(
                    StatisticData(
                        start=start, state=values[start], sum=series.sums[kind]
                    )
                )
            async_add_external_statistics(self.hass, series.metadata[kind], statistics)
            newest = max(values)
            series.last = max(series.last or newest, newest)

    def _remember_latest(self, key: str, readings: Iterable[UsageReading]) -> None:
        """Keep the newest hour used (or produced) and exported, for the sensors."""
        readings = list(readings)
        used = _newest_hour(
            [r for r in readings if r.direction is not Direction.EXPORT]
        )
        if used is None:
            return
        known = self.latest.get(key, (None, None))[0]
        if known is None or used.start >= known.start:
            exported = _newest_hour(
                [r for r in readings if r.direction is Direction.EXPORT]
            )
            self.latest[key] = (used, exported)

    def diagnostics(self) -> dict[str, Any]:
        """Return the import's progress per meter and what it learnt of the tenant."""
        lag = self._publication.lag
        return {
            "progress": [progress.percent for progress in self.progress.values()],
            "publication_lag_h": None if lag is None else round(lag / HOUR, 2),
            "pending_days": [
                len(plan.pending) for plan in (self._plans or {}).values()
            ],
        }


def _differs(portal: float, stored: float) -> bool:
    """Tell whether a daily total differs from the rows stored beyond rounding."""
    return abs(portal - stored) > max(
        TOTAL_TOLERANCE * abs(portal), TOTAL_MIN_DIFFERENCE
    )


def _requests(plan: MeterPlan, daily_from: date, yesterday: date) -> int:
    """Return the requests a backfill makes for days from `daily_from` and the hours."""
    days = len(_daily_windows(daily_from, plan.hourly_start))
    return days + (yesterday - plan.hourly_start).days + 1


def _covered_through(
    series: MeterStatistics, cycles: UsageSeries, zone: ZoneInfo
) -> date:
    """Return the last day the newest stored row covers.

    A row holding a whole billing cycle starts on the cycle's first day with its total;
    any other row holds at most its day.
    """
    assert series.last is not None
    last_day = series.last.astimezone(zone).date()
    totals = rows_of(cycles.readings, series.metadata)
    for cycle in cycles.readings:
        if _hour(cycle.start) != series.last:
            continue
        for kind, state in series.states.items():
            total = totals[kind].get(series.last)
            if (
                state is not None
                and total is not None
                and math.isclose(state, total, rel_tol=1e-9, abs_tol=1e-9)
            ):
                return (cycle.start + cycle.duration).astimezone(zone).date() - (
                    timedelta(days=1)
                )
    return last_day


def _daily_windows(first: date, before: date) -> list[tuple[date, date]]:
    """Return the daily calls covering [first, before), ending on the day before `before`.

    Oldest first; each window is what one daily call asks.
    """
    windows: list[tuple[date, date]] = []
    last = before - timedelta(days=1)
    while last >= first:
        start = max(first, last - timedelta(days=DAILY_WINDOW_DAYS - 1))
        windows.append((start, last))
        last = start - timedelta(days=1)
    return windows[::-1]


def _newest_hour(readings: list[UsageReading]) -> UsageReading | None:
    """Return the newest hour of readings as one reading (quarter-hours added up)."""
    if not readings:
        return None
    hour = max(_hour(r.start) for r in readings)
    parts = [r for r in readings if _hour(r.start) == hour]
    costs = [r.cost for r in parts if r.cost is not None]
    return UsageReading(
        start=hour,
        duration=HOUR,
        value=sum(r.value for r in parts),
        unit=parts[0].unit,
        cost=sum(costs) if costs else None,
        direction=parts[0].direction,
        estimated=any(r.estimated for r in parts),
    )


def _newest_end(
    readings: Iterable[UsageReading], newest: datetime | None
) -> datetime | None:
    """Return the newest end among readings and a known one."""
    ends = [r.start + r.duration for r in readings]
    if newest is not None:
        ends.append(newest)
    return max(ends, default=None)
