"""Typed records of the SEW Smart Customer Mobile client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
import zoneinfo


class Flavor(StrEnum):
    """The two API flavors SEW portals speak."""

    MOBILE = "mobile"
    API = "api"


class Encryption(StrEnum):
    """How the mobile flavor protects its request parameters."""

    ANDROID = "android"
    IOS = "ios"
    NONE = "none"


class MeterType(StrEnum):
    """The kind of meter, as SEW codes it."""

    ELECTRIC = "E"
    WATER = "W"
    GAS = "G"
    SOLAR = "PV"


class Resolution(StrEnum):
    """The period of a usage series, as SEW's `Mode` parameter codes it."""

    BILLING = "M"
    DAY = "D"
    HOUR = "H"
    QUARTER_HOUR = "MI"


class Direction(StrEnum):
    """Which way a reading's energy or volume flowed."""

    IMPORT = "import"
    EXPORT = "export"
    GENERATION = "generation"


@dataclass(frozen=True, slots=True)
class Portal:
    """Where a utility's portal lives and how to talk to it."""

    base_url: str
    flavor: Flavor
    encryption: Encryption | None


@dataclass(frozen=True, slots=True)
class KnownUtility:
    """A utility known to run a SEW portal, with where that is known from."""

    key: str
    name: str
    portal: Portal
    evidence: str


@dataclass(frozen=True, slots=True)
class Account:
    """A utility account the login can see."""

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


@dataclass(frozen=True, slots=True)
class Projection:
    """Usage and cost so far this billing cycle, and what the cycle is projected to cost."""

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


@dataclass(frozen=True, slots=True)
class BillSummary:
    """The account's current bill and its recent history."""

    amount_due: float | None
    due_date: date | None
    balance: float | None
    last_bills: tuple[Bill, ...]
