"""What a tenant has published at a moment: lag, estimated and partial days.

Also the switches tests use to make it misbehave like real portals (a day withheld, a bad
reading).

Hourly values appear `lag` after their hour ends, so the newest published day is usually
partial; the newest `estimated_days` published days are estimates (values differ from the
truth until the next day is published). Both follow the peers' reports: "Hourly data lags a
day or two; the newest days are Estimated and later corrected; days can publish partially"
(docs/sew-protocol.md section 9; dnlbck/ha-nbpower api.py module docstring).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from .ledger import GroundTruth
from .model import Channel, PublicationRules, Reading, SimMeter, channel_value
from .weather import HOUR, noise, utc_hours


@dataclass(slots=True)
class Withheld:
    """A day (or some of its hours) a portal answers without rows although it has data.

    `hours` are indexes into the local day's hours (None: the whole day); `times` counts the
    reads it still applies to (None: until cleared); `style` is "empty" (an empty table) or
    "no_records" (the tenant's failure answer for no data).
    """

    meter: str
    day: date
    hours: frozenset[int] | None
    times: int | None
    style: str


@dataclass(frozen=True, slots=True)
class DayRows:
    """The readings a portal serves for one local day, and the rule that withheld any."""

    readings: list[Reading]
    withheld: Withheld | None = None


class Publisher:
    """Turns the ground truth into what the portal serves now."""

    def __init__(
        self,
        truth: GroundTruth,
        rules: PublicationRules,
        now: Callable[[], datetime],
    ) -> None:
        """Keep the truth, the tenant's publication rules and the portal's clock."""
        self.truth = truth
        self.rules = rules
        self._now = now
        self.withheld: list[Withheld] = []
        self.injected: dict[tuple[str, datetime, Channel], float] = {}

    # -- what is published ----------------------------------------------------------------

    @property
    def latest_published_day(self) -> date:
        """Return the newest local day with any published hour."""
        return (self._now() - self.rules.lag - HOUR).astimezone(self.truth.zone).date()

    @property
    def estimated_day(self) -> date:
        """Return the newest published day (it is published as an estimate)."""
        return self.latest_published_day

    def is_estimated(self, day: date) -> bool:
        """Tell whether a day is still published as an estimate."""
        newest = self.latest_published_day
        return newest - timedelta(days=self.rules.estimated_days) < day <= newest

    @property
    def partial_day(self) -> date | None:
        """Return the newest published day when not all of its hours are published yet."""
        day = self.latest_published_day
        return (
            day if not self.is_published(utc_hours(day, self.truth.zone)[-1]) else None
        )

    def is_published(self, start: datetime) -> bool:
        """Tell whether the hour starting at `start` is published."""
        return start + HOUR + self.rules.lag <= self._now()

    def published_hourly(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> list[Reading]:
        """Return the hourly readings (UTC starts) the portal publishes now for a local day."""
        return self._day(meter_number, day, channel, consume=False).readings

    def read_hourly(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> DayRows:
        """Return what a request for a day gets now (counting down withholding rules)."""
        return self._day(meter_number, day, channel, consume=True)

    def net_hourly(
        self, meter_number: str, day: date, *, consume: bool = True
    ) -> list[Reading]:
        """Return a day's published hours, net of export on a net-metered meter.

        `consume` counts down withholding rules, as a request does.
        """
        meter = self.truth.meters[meter_number]
        imported = self._day(meter_number, day, Channel.IMPORT, consume=consume)
        if not meter.solar_kw:
            return imported.readings
        exported = {
            r.start: r.value
            for r in self._day(
                meter_number, day, Channel.EXPORT, consume=consume
            ).readings
        }
        return [
            Reading(
                r.start,
                round(r.value - exported.get(r.start, 0.0), meter.decimals),
                None,
                r.estimated,
            )
            for r in imported.readings
        ]

    def published_day_total(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> float:
        """Return a day's total as the daily rows publish it now."""
        meter = self.truth.meters[meter_number]
        values = [r.value for r in self.published_hourly(meter_number, day, channel)]
        return round(sum(values), meter.decimals)

    def _day(
        self, meter_number: str, day: date, channel: Channel, *, consume: bool
    ) -> DayRows:
        """Build a day's readings: published hours, estimates, withheld and injected ones."""
        meter = self.truth.meters[meter_number]
        estimated = self.is_estimated(day)
        readings: dict[datetime, Reading] = {}
        for hour in self.truth.true_day(meter_number, day):
            if not self.is_published(hour.start):
                break
            value = channel_value(hour, channel)
            if estimated:
                factor = 0.8 + 0.4 * noise(
                    "estimate", meter_number, hour.start.isoformat()
                )
                value = round(value * factor, meter.decimals)
            cost = self.truth.hour_cost(meter, hour, channel, value)
            readings[hour.start] = Reading(hour.start, value, cost, estimated)
        readings.update(self._injected(meter, day, channel))
        rows = [readings[start] for start in sorted(readings)]
        rule = self._withholding(meter_number, day, consume=consume)
        if rule is not None:
            starts = utc_hours(day, self.truth.zone)
            hidden = (
                set(starts)
                if rule.hours is None
                else {starts[i] for i in rule.hours if i < len(starts)}
            )
            rows = [reading for reading in rows if reading.start not in hidden]
        return DayRows(rows, rule)

    def _injected(
        self, meter: SimMeter, day: date, channel: Channel
    ) -> Iterable[tuple[datetime, Reading]]:
        """Yield the injected readings that fall on a local day."""
        for (number, start, kind), value in self.injected.items():
            if number != meter.number or kind is not channel:
                continue
            if start.astimezone(self.truth.zone).date() != day:
                continue
            cost = self.truth.hour_cost(
                meter, self.truth.hour(meter, start), channel, value
            )
            yield start, Reading(start, value, cost, self.is_estimated(day))

    def _withholding(
        self, meter_number: str, day: date, *, consume: bool
    ) -> Withheld | None:
        """Return the rule withholding (part of) a day, counting a read when asked."""
        for rule in self.withheld:
            if rule.meter != meter_number or rule.day != day:
                continue
            if rule.times is not None and rule.times <= 0:
                continue
            if consume and rule.times is not None:
                rule.times -= 1
            return rule
        return None

    # -- switches -------------------------------------------------------------------------

    def withhold(
        self,
        meter_number: str,
        day: date,
        *,
        hours: Iterable[int] | None = None,
        times: int | None = None,
        style: str = "empty",
    ) -> Withheld:
        """Answer a day (or some hours, by index in the local day) without its rows."""
        if style not in {"empty", "no_records"}:
            raise ValueError(f"Unknown withholding style {style!r}")
        if meter_number not in self.truth.meters:
            raise KeyError(meter_number)
        rule = Withheld(
            meter_number,
            day,
            None if hours is None else frozenset(hours),
            times,
            style,
        )
        self.withheld.append(rule)
        return rule

    def inject_reading(
        self,
        meter_number: str,
        start: datetime,
        value: float,
        channel: Channel = Channel.IMPORT,
    ) -> None:
        """Publish `value` for the hour starting at `start`: a bad, absurd or future reading.

        The truth is unchanged: a client must drop the reading, not store it.
        """
        if start.tzinfo is None:
            raise ValueError("An injected reading needs an aware start")
        if meter_number not in self.truth.meters:
            raise KeyError(meter_number)
        self.injected[(meter_number, start.astimezone(UTC), channel)] = value

    def clear(self) -> None:
        """Publish normally again."""
        self.withheld.clear()
        self.injected.clear()


def quarters(meter: SimMeter, reading: Reading) -> list[Reading]:
    """Split an hour into four 15-minute readings that add up to it exactly."""
    weights = [
        0.7 + 0.6 * noise("quarter", meter.number, reading.start.isoformat(), i)
        for i in range(4)
    ]
    scale = sum(weights)
    values = [round(reading.value * w / scale, meter.decimals) for w in weights[:3]]
    values.append(round(reading.value - sum(values), meter.decimals))
    costs: list[float | None] = [None] * 4
    if reading.cost is not None:
        split = [round(reading.cost * w / scale, 4) for w in weights[:3]]
        costs = [*split, round(reading.cost - sum(split), 4)]
    return [
        Reading(
            reading.start + timedelta(minutes=15 * i),
            values[i],
            costs[i],
            reading.estimated,
        )
        for i in range(4)
    ]
