"""Typed records the SEW client hands out: no raw rows or vendor labels past it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
import zoneinfo


class MeterType(StrEnum):
    """The kind of meter, as SEW codes it."""

    ELECTRIC = "E"
    WATER = "W"
    GAS = "G"
    SOLAR = "PV"


class Resolution(StrEnum):
    """The period of a usage series a caller asks for."""

    BILLING = "billing"
    DAY = "day"
    HOUR = "hour"
    QUARTER_HOUR = "quarter_hour"


class Direction(StrEnum):
    """Which way a reading's energy or volume flowed."""

    IMPORT = "import"
    EXPORT = "export"
    GENERATION = "generation"


@dataclass(frozen=True, slots=True)
class Account:
    """A utility account (a contract) the login can see."""

    account_number: str
    utility_account_number: str
    address: str | None
    time_zone: zoneinfo.ZoneInfo
    is_default: bool
    customer_type: str | None = None
    meter_types: tuple[MeterType, ...] = ()


@dataclass(frozen=True, slots=True)
class Meter:
    """A meter of an account."""

    account_number: str
    meter_number: str
    meter_type: MeterType
    is_ami: bool
    active: bool
    unit: str
    net_metered: bool = False


@dataclass(frozen=True, slots=True)
class UsageReading:
    """One reading of a series.

    `start` is in UTC: local times are converted with the account's zone, so the repeated hour
    of the day clocks fall back gives two distinct starts.
    `value` and `cost` are magnitudes for exports: an export of 1.5 kWh credited $0.08 reads
    value=1.5, cost=0.08, direction=EXPORT, even though the portal sends both negative.
    """

    start: datetime
    duration: timedelta
    value: float
    unit: str
    cost: float | None
    direction: Direction
    estimated: bool


class UsageStatus(StrEnum):
    """What a usage call said about the period asked for."""

    # Rows for the period: the readings are what the portal measured.
    ROWS = "rows"
    # The portal said "no records" or sent an empty table: nothing is known, not zero.
    NO_RECORDS = "no_records"
    # The portal sent only other days (its latest published one): not published yet.
    NOT_PUBLISHED = "not_published"


@dataclass(frozen=True, slots=True)
class UsageSeries:
    """What one usage call gave.

    Only `ROWS` carries readings; the other statuses never stand for zero usage. `days` are
    the local days the readings cover, which for a daily series is the portal's own window
    whatever was asked (P7 dnlbck/ha-nbpower api.py docstring "Mode=D returns a fixed
    trailing window ... regardless of the requested date range").
    """

    status: UsageStatus
    readings: tuple[UsageReading, ...] = ()
    days: tuple[date, ...] = ()

    @property
    def has_rows(self) -> bool:
        """Return whether the portal sent readings for the period asked."""
        return self.status is UsageStatus.ROWS


@dataclass(frozen=True, slots=True)
class Projection:
    """Usage and cost so far this billing cycle, and what the cycle is projected to be.

    Every field is None where the portal gave nothing (or only its zeroed placeholder).
    """

    usage_so_far: float | None
    cost_so_far: float | None
    projected_usage: float | None
    projected_cost: float | None
    unit: str
    average: float | None = None
    highest: float | None = None
    cycle_start: date | None = None
    cycle_end: date | None = None


@dataclass(frozen=True, slots=True)
class Bill:
    """One past bill."""

    amount: float
    due_date: date | None
    invoice_date: date | None
    invoice_number: str | None


class PaymentKind(StrEnum):
    """What a credit on the account was."""

    PAYMENT = "payment"
    # Hidroelectrica's ANRE prosumer compensations, channel "Comp ANRE-..." (P1
    # emanuelbesliu/homeassistant-ihidro helpers.py:473-498).
    COMPENSATION = "compensation"


@dataclass(frozen=True, slots=True)
class Payment:
    """One payment or compensation received."""

    amount: float
    paid_on: date | None
    kind: PaymentKind


@dataclass(frozen=True, slots=True)
class BillSummary:
    """The account's current bill and its recent history; None where unknown."""

    amount_due: float | None
    due_date: date | None
    balance: float | None
    last_bills: tuple[Bill, ...]
    payments: tuple[Payment, ...] = field(default=())
