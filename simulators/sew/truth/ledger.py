"""The ground truth of a tenant: true hourly values, billing cycles, cycle totals and bills.

An hour's value is a pure function of the meter and the hour (weather.py), computed in the
tenant's own zone. Days are grouped in the account's current zone (`zone`), which a test may
change (a portal moving the account to another zone); the hours themselves never move. A
test may also restate hours (the utility corrects a day): the restated value then is the
truth, and the tiered costs of the cycle follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
import functools
from zoneinfo import ZoneInfo

from .model import (
    Bill,
    Channel,
    HourTruth,
    SimAccount,
    SimMeter,
    Tariff,
    Tenant,
    channel_value,
)
from .weather import HOUR, consumption, local_hours, solar, utc_hours


def cycle_start(day: date, start_day: int) -> date:
    """Return the first day of the billing cycle holding a day (cycles start on `start_day`)."""
    if day.day >= start_day:
        return day.replace(day=start_day)
    previous = day.replace(day=1) - timedelta(days=1)
    return previous.replace(day=start_day)


def cycle_end(day: date, start_day: int) -> date:
    """Return the last day of the billing cycle holding a day."""
    first = cycle_start(day, start_day)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=start_day)
    return following - timedelta(days=1)


@functools.lru_cache(maxsize=8192)
def _home_day(
    meter: SimMeter, day: date, zone_key: str, start_day: int
) -> tuple[HourTruth, ...]:
    """Return the true hourly values of a meter for a day of the tenant's own zone."""
    zone = ZoneInfo(zone_key)
    before = _import_before(meter, day, zone_key, start_day)
    hours: list[HourTruth] = []
    for local in local_hours(day, zone):
        used = consumption(meter, local)
        made = solar(meter, local)
        if meter.kind == "pv":
            imported, exported, generated = 0.0, 0.0, made
        else:
            imported = max(used - made, 0.0)
            exported = max(made - used, 0.0)
            generated = made
        truth = HourTruth(
            local.astimezone(UTC),
            round(imported, meter.decimals),
            round(exported, meter.decimals),
            round(generated, meter.decimals),
            before,
        )
        before += truth.imported
        hours.append(truth)
    return tuple(hours)


@functools.lru_cache(maxsize=8192)
def _import_before(meter: SimMeter, day: date, zone_key: str, start_day: int) -> float:
    """Return the true import of a meter from its cycle's start up to (not including) a day."""
    if day == cycle_start(day, start_day):
        return 0.0
    previous = day - timedelta(days=1)
    return _import_before(meter, previous, zone_key, start_day) + sum(
        hour.imported for hour in _home_day(meter, previous, zone_key, start_day)
    )


class GroundTruth:
    """What really happened at a tenant, as tests compare statistics against."""

    def __init__(self, tenant: Tenant, now: Callable[[], datetime]) -> None:
        """Keep the tenant and a way to read the portal's clock."""
        self.tenant = tenant
        self.home_zone = ZoneInfo(tenant.zone)
        self.zone = self.home_zone
        self.meters: dict[str, SimMeter] = tenant.meters
        self.accounts: dict[str, SimAccount] = {
            account.number: account for account in tenant.accounts
        }
        self._now = now
        self._restated: dict[str, dict[datetime, float]] = {}
        self._cycles: dict[
            tuple[str, date, Channel, str], tuple[float, float | None]
        ] = {}

    # -- calendar -------------------------------------------------------------------------

    @property
    def today(self) -> date:
        """Return the local date in the account's zone."""
        return self._now().astimezone(self.zone).date()

    @property
    def data_start(self) -> date:
        """Return the first day with data: a cycle start `history_days` back."""
        return self.cycle_start(self.today - timedelta(days=self.tenant.history_days))

    def cycle_start(self, day: date) -> date:
        """Return the first day of the billing cycle holding a day."""
        return cycle_start(day, self.tenant.billing.cycle_start_day)

    def cycle_end(self, day: date) -> date:
        """Return the last day of the billing cycle holding a day."""
        return cycle_end(day, self.tenant.billing.cycle_start_day)

    def billing_cycles(self) -> list[tuple[date, date]]:
        """Return the completed billing cycles (first and last day), oldest first."""
        cycles: list[tuple[date, date]] = []
        first = self.data_start
        while (last := self.cycle_end(first)) < self.today:
            cycles.append((first, last))
            first = last + timedelta(days=1)
        return cycles

    def change_time_zone(self, zone: str) -> None:
        """Group days (and format local times) in another zone from now on."""
        self.zone = ZoneInfo(zone)
        self._cycles.clear()

    # -- hours ----------------------------------------------------------------------------

    def tariff(self, meter: SimMeter) -> Tariff | None:
        """Return the tariff a meter is billed on (None: not billed)."""
        return self.tenant.tariffs.get(meter.kind)

    def hour(self, meter: SimMeter, start: datetime) -> HourTruth:
        """Return the truth of the hour starting at `start` (UTC), restatements applied."""
        home_day = start.astimezone(self.home_zone).date()
        hours = _home_day(
            meter, home_day, self.home_zone.key, self.tenant.billing.cycle_start_day
        )
        base = hours[int((start - hours[0].start) / HOUR)]
        restated = self._restated.get(meter.number)
        if not restated:
            return base
        shift = self._restated_import_before(meter, start)
        value = restated.get(start)
        if value is None:
            return replace(base, cycle_import_before=base.cycle_import_before + shift)
        if meter.kind == "pv":
            return replace(base, generated=value)
        return replace(
            base, imported=value, cycle_import_before=base.cycle_import_before + shift
        )

    def _restated_import_before(self, meter: SimMeter, start: datetime) -> float:
        """Return how much restatements earlier in the hour's cycle changed its import."""
        if meter.kind == "pv":
            return 0.0
        home_day = start.astimezone(self.home_zone).date()
        first = datetime.combine(
            self.cycle_start(home_day), time(), self.home_zone
        ).astimezone(UTC)
        return sum(
            value - self._base_import(meter, moment)
            for moment, value in self._restated.get(meter.number, {}).items()
            if first <= moment < start
        )

    def _base_import(self, meter: SimMeter, start: datetime) -> float:
        """Return an hour's import before any restatement."""
        home_day = start.astimezone(self.home_zone).date()
        hours = _home_day(
            meter, home_day, self.home_zone.key, self.tenant.billing.cycle_start_day
        )
        return hours[int((start - hours[0].start) / HOUR)].imported

    def true_day(self, meter_number: str, day: date) -> tuple[HourTruth, ...]:
        """Return the true, final hourly values of a meter for a local day."""
        meter = self.meters[meter_number]
        if not meter.active or day < self.data_start:
            return ()
        return tuple(self.hour(meter, start) for start in utc_hours(day, self.zone))

    def true_hourly(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> list[tuple[datetime, float]]:
        """Return (UTC start, value) of one channel's true, final hourly values for a day."""
        return [
            (hour.start, channel_value(hour, channel))
            for hour in self.true_day(meter_number, day)
        ]

    def true_day_total(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> float:
        """Return a day's true, final total."""
        meter = self.meters[meter_number]
        values = [value for _, value in self.true_hourly(meter_number, day, channel)]
        return round(sum(values), meter.decimals)

    def hour_cost(
        self, meter: SimMeter, hour: HourTruth, channel: Channel, value: float
    ) -> float | None:
        """Return what `value` units of an hour cost (import) or earn (export)."""
        tariff = self.tariff(meter)
        if tariff is None or channel is Channel.GENERATION:
            return None
        if channel is Channel.EXPORT:
            return round(value * tariff.export_credit, 4)
        return round(tariff.cost(value, hour.cycle_import_before), 4)

    # -- cycles and bills -------------------------------------------------------------------

    def cycle_total(
        self, meter_number: str, first: date, channel: Channel = Channel.IMPORT
    ) -> tuple[float, float | None]:
        """Return a billing cycle's true total and cost (None: the meter is not billed)."""
        key = (meter_number, first, channel, self.zone.key)
        if (known := self._cycles.get(key)) is not None:
            return known
        meter = self.meters[meter_number]
        total = 0.0
        cost = 0.0
        day = first
        while day <= self.cycle_end(first):
            for hour in self.true_day(meter_number, day):
                value = channel_value(hour, channel)
                total += value
                cost += self.hour_cost(meter, hour, channel, value) or 0.0
            day += timedelta(days=1)
        billed = self.tariff(meter) is not None
        result = round(total, meter.decimals), round(cost, 2) if billed else None
        if self.cycle_end(first) < self.today:
            self._cycles[key] = result
        return result

    def net_cycle_total(self, meter_number: str, first: date) -> tuple[float, float]:
        """Return a cycle's net use and amount: energy, customer charge, export credit."""
        meter = self.meters[meter_number]
        kwh, cost = self.cycle_total(meter_number, first)
        exported, credit = self.cycle_total(meter_number, first, Channel.EXPORT)
        tariff = self.tariff(meter)
        charge = tariff.monthly_charge if tariff is not None else 0.0
        return kwh - exported, round((cost or 0.0) + charge - (credit or 0.0), 2)

    def bill_amount(self, account_number: str, first: date) -> float:
        """Return an account's bill for a cycle: charges plus usage, minus export credits."""
        amount = 0.0
        for meter in self.accounts[account_number].meters:
            if (tariff := self.tariff(meter)) is None or not meter.active:
                continue
            amount += tariff.monthly_charge
            amount += self.cycle_total(meter.number, first)[1] or 0.0
            if meter.solar_kw:
                amount -= (
                    self.cycle_total(meter.number, first, Channel.EXPORT)[1] or 0.0
                )
        return round(amount, 2)

    def bills(self, account_number: str) -> list[Bill]:
        """Return the account's issued bills, newest first."""
        rules = self.tenant.billing
        account = self.accounts[account_number]
        bills: list[Bill] = []
        for first, last in reversed(self.billing_cycles()):
            invoice = last + timedelta(days=rules.issue_after_days)
            if invoice > self.today:
                continue
            bills.append(
                Bill(
                    account.number,
                    first,
                    last,
                    self.bill_amount(account.number, first),
                    invoice,
                    invoice + timedelta(days=rules.due_after_days),
                    f"INV{account.number[-6:]}{first:%Y%m}",
                )
            )
        return bills

    # -- changes a test makes -----------------------------------------------------------------

    def restate(
        self,
        meter_number: str,
        day: date,
        *,
        factor: float | None = None,
        values: Sequence[float] | None = None,
    ) -> list[tuple[datetime, float]]:
        """Change the truth of a local day: every hour times `factor`, or the given values."""
        meter = self.meters[meter_number]
        starts = utc_hours(day, self.zone)
        if values is None:
            if factor is None:
                raise ValueError("Restate a day with a factor or with values")
            channel = Channel.GENERATION if meter.kind == "pv" else Channel.IMPORT
            values = [
                round(
                    channel_value(self.hour(meter, start), channel) * factor,
                    meter.decimals,
                )
                for start in starts
            ]
        if len(values) != len(starts):
            raise ValueError(f"{day} has {len(starts)} hours, not {len(values)}")
        changed = dict(zip(starts, values, strict=True))
        self.record(meter_number, changed)
        return sorted(changed.items())

    def record(self, meter_number: str, values: Mapping[datetime, float]) -> None:
        """Make recorded values (UTC hour starts) the truth of those hours."""
        for start in values:
            if start.tzinfo is None or start.minute or start.second:
                raise ValueError(f"{start} is not the aware start of an hour")
        self._cycles.clear()
        self._restated.setdefault(meter_number, {}).update(
            {start.astimezone(UTC): value for start, value in values.items()}
        )
