"""What every step of a utility entry's history import shares: its state and its reads."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from homeassistant.components.recorder.models import (
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .const import DOMAIN, METER_UNITS
from .import_plan import MeterPlan, Publication, history_store
from .pacer import RequestPacer
from .rate_limit import RateLimitPause
from .reading_bounds import ReadingGuard
from .sew import (
    Account,
    Direction,
    Meter,
    MeterType,
    Resolution,
    SewClient,
    UsageReading,
    UsageSeries,
)
from .statistic_rows import (
    HOUR,
    MONEY_KINDS,
    MeterStatistics,
    StatisticKind,
    is_complete,
    newest_end,
    newest_hour,
    statistic_id,
    statistic_name,
)


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


class ImporterBase:
    """One utility login's import: settings, plans, progress and the newest readings."""

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
        self.rate_limit = RateLimitPause()

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
        last_end: datetime | None = None
        incomplete = False
        for day, answer in answers.items():
            last_end = newest_end(answer.readings, last_end)
            later_rows = newest_with_rows is not None and newest_with_rows > day
            if is_complete(answer, day, zone) and (confirmed or later_rows):
                plan.pending.pop(day, None)
                continue
            plan.pending[day] = now
            incomplete = incomplete or not is_complete(answer, day, zone)
        if incomplete and last_end is not None:
            self._publication.observe(now, last_end)

    def _remember_latest(self, key: str, readings: Iterable[UsageReading]) -> None:
        """Keep the newest hour used (or produced) and exported, for the sensors."""
        readings = list(readings)
        used = newest_hour([r for r in readings if r.direction is not Direction.EXPORT])
        if used is None:
            return
        known = self.latest.get(key, (None, None))[0]
        if known is None or used.start >= known.start:
            exported = newest_hour(
                [r for r in readings if r.direction is Direction.EXPORT]
            )
            self.latest[key] = (used, exported)
