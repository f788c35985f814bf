"""The first import of a meter: billing cycles, then days, then hours, oldest first.

Each period is covered once: billing cycles up to the first cycle of the daily range,
days up to the first day of the hourly range, then hours. Each part is written as soon as
it is read, continuing the running sums, so an interrupted import resumes from the newest
row written.
"""

from __future__ import annotations

from datetime import date, timedelta
import math
from zoneinfo import ZoneInfo

from homeassistant.util import dt as dt_util

from .import_plan import MeterPlan
from .sew import DAILY_WINDOW_DAYS, Resolution, UsageSeries
from .statistic_rows import MeterStatistics, hour_start, midnight, rows_of
from .statistics_base import ImporterBase, MeterProgress
from .statistics_recorder import append, async_rewind


class BackfillSteps(ImporterBase):
    """Read a meter's history the first time."""

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
                first_day = midnight(plan.daily_start, zone)
                append(
                    self.hass,
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
                midnight(first, zone),
                midnight(last, zone) + timedelta(days=1),
            )
            append(
                self.hass,
                series,
                rows_of(
                    (r for r in days.readings if start <= r.start < after),
                    series.metadata,
                ),
            )

        if last_day is not None and last_day >= plan.hourly_start:
            await async_rewind(self.hass, series, midnight(hourly_from, zone))
        answers: dict[date, UsageSeries] = {}
        day = hourly_from
        while day <= yesterday:
            answers[day] = answer = await self._fetch(series, Resolution.HOUR, day)
            progress.done += 1
            append(self.hass, series, rows_of(answer.readings, series.metadata))
            self._remember_latest(key, answer.readings)
            day += timedelta(days=1)
        self._note_answers(plan, answers, zone, confirmed=False)
        plan.hourly_through = yesterday
        plan.complete = True
        await self._async_save()

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
        if hour_start(cycle.start) != series.last:
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
