"""Read and write a meter's long-term statistics in the recorder.

Rows are written after the running sums of each statistic; a day read again is merged into
the rows stored from it onwards, whose sums are rewritten from the row just before it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from homeassistant.components.recorder.models import StatisticData
from homeassistant.components.recorder.statistics import (
    StatisticsRow,
    async_add_external_statistics,
    get_last_statistics,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util

from .sew import DAILY_WINDOW_DAYS
from .statistic_rows import MeterStatistics, Rows, StatisticKind

type HourRows = dict[str, list[StatisticsRow]]


async def _async_hour_rows(
    hass: HomeAssistant,
    start: datetime,
    end: datetime | None,
    statistics: set[str],
    types: set[Literal["change", "state", "sum"]],
    *,
    written: bool = True,
) -> HourRows:
    """Return hourly rows of statistics; with `written`, once queued writes are done."""
    recorder = get_instance(hass)
    if written:
        await recorder.async_block_till_done()
    rows: HourRows = await recorder.async_add_executor_job(
        statistics_during_period, hass, start, end, statistics, "hour", None, types
    )
    return rows


async def async_produced(
    hass: HomeAssistant, statistic: str, start: datetime, end: datetime | None = None
) -> float | None:
    """Return what a production statistic added up from `start` (to `end`).

    Hour by hour: each row's change counts, the first one of the period too.
    """
    rows = await _async_hour_rows(
        hass, start, end, {statistic}, {"change"}, written=False
    )
    changes = [row.get("change") for row in rows.get(statistic, [])]
    return sum(change for change in changes if change is not None) if changes else None


async def async_load_last(
    hass: HomeAssistant, series: MeterStatistics
) -> dict[StatisticKind, datetime]:
    """Read the newest row written of each statistic and its running sum.

    Return when each statistic's newest row starts.
    """
    recorder = get_instance(hass)
    await recorder.async_block_till_done()
    starts: dict[StatisticKind, datetime] = {}
    for kind, metadata in series.metadata.items():
        last = await recorder.async_add_executor_job(
            get_last_statistics,
            hass,
            1,
            metadata["statistic_id"],
            False,
            {"state", "sum"},
        )
        rows = last.get(metadata["statistic_id"], [])
        series.sums[kind] = (rows[0].get("sum") or 0.0) if rows else 0.0
        if rows:
            series.states[kind] = rows[0].get("state")
            starts[kind] = start = dt_util.utc_from_timestamp(rows[0]["start"])
            series.last = max(series.last or start, start)
    return starts


async def async_daily_totals(
    hass: HomeAssistant,
    series: MeterStatistics,
    kind: StatisticKind,
    start: datetime,
    end: datetime,
) -> dict[date, float]:
    """Return the stored rows of a statistic added up by local day."""
    statistic = series.metadata[kind]["statistic_id"]
    rows = await _async_hour_rows(hass, start, end, {statistic}, {"state"})
    totals: dict[date, float] = {}
    for row in rows.get(statistic, []):
        day = dt_util.utc_from_timestamp(row["start"]).astimezone(series.zone)
        totals[day.date()] = totals.get(day.date(), 0.0) + (row.get("state") or 0.0)
    return totals


async def async_merge(hass: HomeAssistant, series: MeterStatistics, rows: Rows) -> None:
    """Merge read hours into the rows stored from the first of them, then rewrite those.

    An hour read replaces the stored one; a stored hour not read stays as it was.
    """
    starts = [start for values in rows.values() for start in values]
    if not starts:
        return
    first = min(starts)
    stored = await _async_hour_rows(hass, first, None, set(series.ids), {"state"})
    await async_rewind(hass, series, first)
    merged: Rows = {kind: {} for kind in series.metadata}
    for statistic, kind in series.ids.items():
        for row in stored.get(statistic, []):
            if (state := row.get("state")) is not None:
                merged[kind][dt_util.utc_from_timestamp(row["start"])] = state
        merged[kind].update(rows.get(kind, {}))
    append(hass, series, merged)


async def async_rewind(
    hass: HomeAssistant, series: MeterStatistics, start: datetime
) -> None:
    """Take the running sums from the last row before `start`."""
    before = await _async_hour_rows(
        hass,
        start - timedelta(days=DAILY_WINDOW_DAYS + 2),
        start,
        set(series.ids),
        {"sum"},
    )
    for statistic, kind in series.ids.items():
        rows = before.get(statistic, [])
        series.sums[kind] = (rows[-1].get("sum") or 0.0) if rows else 0.0


def append(hass: HomeAssistant, series: MeterStatistics, rows: Rows) -> None:
    """Write rows after the running sums of each statistic."""
    for kind, values in rows.items():
        if not values:
            continue
        statistics = []
        for start in sorted(values):
            series.sums[kind] += values[start]
            statistics.append(
                StatisticData(start=start, state=values[start], sum=series.sums[kind])
            )
        async_add_external_statistics(hass, series.metadata[kind], statistics)
        newest = max(values)
        series.last = max(series.last or newest, newest)
