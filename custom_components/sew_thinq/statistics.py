"""Import what the utility measured into long-term statistics for the Energy dashboard.

Each meter imports on its own (statistics_backfill.py the first time, statistics_follow.py
afterwards): a meter whose reads fail backs off alone while the others go on; a login
refused or a portal asking to slow down stops the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from homeassistant.util import dt as dt_util

from .const import LOGGER
from .import_plan import MeterPlan, next_read
from .sew import Account, Meter, SewAuthError, SewError, SewRateLimitError
from .statistic_rows import HOUR, MeterStatistics, StatisticKind, meter_kinds
from .statistics_backfill import BackfillSteps
from .statistics_base import MeterProgress
from .statistics_follow import FollowSteps
from .statistics_recorder import async_load_last

# A meter whose reads fail waits this long before its next try, doubling up to a day.
FIRST_BACK_OFF = timedelta(minutes=30)
MAX_BACK_OFF = timedelta(days=1)


class HistoryImporter(BackfillSteps, FollowSteps):
    """Keep one utility login's statistics complete and current."""

    def plan(self, key: str) -> MeterPlan | None:
        """Return a meter's import plan, once the import has loaded or made it."""
        return (self._plans or {}).get(key)

    def next_due(self, now: datetime) -> datetime:
        """Return when a run can next find something to read (now while importing).

        Without a meter to import, never.
        """
        paused_until = self.rate_limit.paused_until
        if paused_until is not None and now < paused_until:
            return paused_until
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

    async def async_import(self, meters: Mapping[str, tuple[Account, Meter]]) -> None:
        """Import what is missing, each meter on its own.

        A meter whose reads fail backs off alone while the others go on; a login refused
        or a portal asking to slow down stops the run. Each is logged once.
        """
        if self.rate_limit.paused(dt_util.utcnow()):
            return
        try:
            await self._async_import(meters)
        except SewRateLimitError as err:
            self.rate_limit.pause(err)
        except SewAuthError as err:
            if not self._failing:
                LOGGER.warning("Importing usage statistics paused: %s", err)
            self._failing = True
        else:
            if self._failing:
                LOGGER.info("Importing usage statistics resumed")
            self._failing = False
            self.rate_limit.resumed()

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

    async def _async_load_last(self, key: str, series: MeterStatistics) -> None:
        """Read the newest rows written; show the newest hour stored until one is read."""
        starts = await async_load_last(self.hass, series)
        for kind in (StatisticKind.CONSUMPTION, StatisticKind.PRODUCTION):
            if kind in starts and key not in self.latest:
                self._remember_stored(
                    key, series, starts[kind], series.states.get(kind)
                )
