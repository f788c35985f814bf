"""After the first import: read the days that can hold something new, and restatements.

A run asks only for the days that can hold something new (import_plan.py): days not final
yet, and new days once the tenant can have published them whole. Once a day a daily call's
totals are compared with the rows stored, and the days the utility restated are read again.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from homeassistant.util import dt as dt_util

from .const import LOGGER
from .import_plan import RETRY_AFTER, MeterPlan, days_to_read
from .sew import DAILY_WINDOW_DAYS, Direction, Resolution
from .statistic_rows import HOUR, MeterStatistics, Rows, midnight, rows_of
from .statistics_base import ImporterBase
from .statistics_recorder import async_daily_totals, async_merge

# Two daily totals differ when apart by more than the tenant's rounding of 24 hours can make.
TOTAL_TOLERANCE = 0.01
TOTAL_MIN_DIFFERENCE = 0.05


class FollowSteps(ImporterBase):
    """Keep a meter's imported history current."""

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
        await async_merge(self.hass, series, rows_of(readings, series.metadata))
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
        stored = await async_daily_totals(
            self.hass,
            series,
            kind,
            midnight(first, zone),
            midnight(asked, zone) + 24 * HOUR,
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
            await async_merge(self.hass, series, day_rows)
        return changed


def _differs(portal: float, stored: float) -> bool:
    """Tell whether a daily total differs from the rows stored beyond rounding."""
    return abs(portal - stored) > max(
        TOTAL_TOLERANCE * abs(portal), TOTAL_MIN_DIFFERENCE
    )
