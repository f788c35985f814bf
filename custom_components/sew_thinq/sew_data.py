"""What a utility login's poll holds, by account and meter key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .sew import Account, BillSummary, Meter, Projection, UsageReading


@dataclass(frozen=True, slots=True)
class MeterData:
    """What the utility reports for one meter; `account_key` names its account."""

    account: Account
    account_key: str
    meter: Meter
    projection: Projection | None
    latest_usage: UsageReading | None = None
    latest_export: UsageReading | None = None
    history_imported: float = 0.0
    produced_this_cycle: float | None = None
    produced_latest_day: float | None = None
    # While the meter's history reads fail: when they are tried again.
    history_retry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AccountData:
    """What the utility reports for one account; `bills` is None where none are offered."""

    account: Account
    bills: BillSummary | None


@dataclass(frozen=True, slots=True)
class SewData:
    """Everything the utility coordinator read in one full read, by account and meter key."""

    accounts: dict[str, AccountData]
    meters: dict[str, MeterData]


def meter_key(account: str, meter: Meter) -> str:
    """Return `<account key>_<meter type>_<meter number>`."""
    return f"{account}_{meter.meter_type.value}_{meter.meter_number}"
