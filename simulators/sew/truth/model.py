"""What a simulated tenant holds: logins, accounts, meters, tariffs, billing and publication rules.

These are plain data: the demo values are made up (no tenant's real customers, prices or
meters are known), only their kinds, units, zones and currencies follow the evidence cited
where each tenant is defined (tenants.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
import math


class Channel(StrEnum):
    """What a series measures."""

    IMPORT = "import"
    EXPORT = "export"
    GENERATION = "generation"


@dataclass(frozen=True, slots=True)
class Tariff:
    """A two-tier rate per billing cycle, with an export credit and a monthly charge."""

    tier_size: float
    tier1: float
    tier2: float
    export_credit: float = 0.0
    monthly_charge: float = 0.0

    def cost(self, value: float, before: float) -> float:
        """Return the cost of `value` units when `before` units were used this cycle."""
        first = min(max(self.tier_size - before, 0.0), value)
        return first * self.tier1 + (value - first) * self.tier2


def flat_tariff(rate: float) -> Tariff:
    """Return a tariff with one rate and no charge of its own."""
    return Tariff(math.inf, rate, rate)


@dataclass(frozen=True, slots=True)
class SimMeter:
    """A meter: `kind` is electric, water, gas or pv; `unit` the unit its values come in."""

    number: str
    meter_type: str
    account: str
    kind: str
    unit: str
    decimals: int
    scale: float = 1.0
    solar_kw: float = 0.0
    active: bool = True
    is_ami: bool = True


@dataclass(frozen=True, slots=True)
class SimAccount:
    """An account (a contract, on Hidroelectrica) and its meters."""

    number: str
    utility_number: str
    address: str
    is_default: bool
    meters: tuple[SimMeter, ...]
    customer_name: str = "Demo Customer"
    pod: str = ""


@dataclass(frozen=True, slots=True)
class Login:
    """A portal login and the accounts it sees."""

    username: str
    password: str
    user_id: str
    accounts: tuple[SimAccount, ...]
    two_factor: bool = False


@dataclass(frozen=True, slots=True)
class BillingRules:
    """When cycles start and when their bills are issued and due."""

    cycle_start_day: int = 1
    issue_after_days: int = 3
    due_after_days: int = 21


@dataclass(frozen=True, slots=True)
class PublicationRules:
    """How late hourly values appear and how many of the newest days are estimates."""

    lag: timedelta = timedelta(days=2)
    estimated_days: int = 1


@dataclass(frozen=True, slots=True)
class Tenant:
    """A simulated utility: where it is, what it bills in, and who logs in."""

    key: str
    name: str
    zone: str
    currency: str
    logins: tuple[Login, ...]
    tariffs: dict[str, Tariff] = field(hash=False)
    billing: BillingRules = BillingRules()
    publication: PublicationRules = PublicationRules()
    history_days: int = 800

    @property
    def accounts(self) -> tuple[SimAccount, ...]:
        """Return every account of every login, each once, in login order."""
        seen: dict[str, SimAccount] = {}
        for login in self.logins:
            for account in login.accounts:
                seen.setdefault(account.number, account)
        return tuple(seen.values())

    @property
    def meters(self) -> dict[str, SimMeter]:
        """Return every meter by number."""
        return {
            meter.number: meter for account in self.accounts for meter in account.meters
        }


@dataclass(frozen=True, slots=True)
class HourTruth:
    """The true (final) values of one hour of one meter; `start` is in UTC."""

    start: datetime
    imported: float
    exported: float
    generated: float
    cycle_import_before: float


@dataclass(frozen=True, slots=True)
class Reading:
    """One published value: what the portal shows for an hour (or quarter, day, cycle)."""

    start: datetime
    value: float
    cost: float | None
    estimated: bool


@dataclass(frozen=True, slots=True)
class Bill:
    """A bill of one account for one billing cycle."""

    account: str
    cycle_start: date
    cycle_end: date
    amount: float
    invoice_date: date
    due_date: date
    invoice_number: str


def channel_value(hour: HourTruth, channel: Channel) -> float:
    """Return one channel of an hour's truth."""
    if channel is Channel.EXPORT:
        return hour.exported
    if channel is Channel.GENERATION:
        return hour.generated
    return hour.imported
