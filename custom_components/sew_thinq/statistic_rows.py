"""What a meter's statistics are: their kinds, ids and names, and rows by UTC hour."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
import re
from zoneinfo import ZoneInfo

from homeassistant.components.recorder.models import StatisticMetaData
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .sew import (
    Account,
    Direction,
    Meter,
    MeterType,
    UsageReading,
    UsageSeries,
    UsageStatus,
)

HOUR = timedelta(hours=1)


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


def hour_start(moment: datetime) -> datetime:
    """Return the start of the UTC hour a reading belongs to."""
    return moment.astimezone(dt_util.UTC).replace(minute=0, second=0, microsecond=0)


def midnight(day: date, zone: ZoneInfo) -> datetime:
    """Return the UTC hour a local day begins in."""
    return hour_start(datetime.combine(day, time(), zone))


# The values of each statistic, by the UTC hour they start.
type Rows = dict[StatisticKind, dict[datetime, float]]


def rows_of(readings: Iterable[UsageReading], kinds: Iterable[StatisticKind]) -> Rows:
    """Add readings up per statistic and hour; a statistic gets only hours it has values of."""
    rows: Rows = {kind: {} for kind in kinds}
    for reading in readings:
        hour = hour_start(reading.start)
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


def is_complete(series: UsageSeries, day: date, zone: ZoneInfo) -> bool:
    """Tell whether a day's answer has every hour of use (or production), none estimated.

    Exports alone do not make a day: a tenant may leave out hours without any.
    """
    if series.status is not UsageStatus.ROWS:
        return False
    hours = {
        hour_start(r.start)
        for r in series.readings
        if r.direction is not Direction.EXPORT
    }
    expected = int(
        (midnight(day + timedelta(days=1), zone) - midnight(day, zone)) / HOUR
    )
    return len(hours) >= expected and not any(r.estimated for r in series.readings)


def newest_hour(readings: list[UsageReading]) -> UsageReading | None:
    """Return the newest hour of readings as one reading (quarter-hours added up)."""
    if not readings:
        return None
    hour = max(hour_start(r.start) for r in readings)
    parts = [r for r in readings if hour_start(r.start) == hour]
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


def newest_end(
    readings: Iterable[UsageReading], newest: datetime | None
) -> datetime | None:
    """Return the newest end among readings and a known one."""
    ends = [r.start + r.duration for r in readings]
    if newest is not None:
        ends.append(newest)
    return max(ends, default=None)
