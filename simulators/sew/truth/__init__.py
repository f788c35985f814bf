"""Ground truth of the simulated tenants: data, hourly truth, cycles, bills, publication."""

from .ledger import GroundTruth, cycle_end, cycle_start
from .model import (
    Bill,
    BillingRules,
    Channel,
    HourTruth,
    Login,
    PublicationRules,
    Reading,
    SimAccount,
    SimMeter,
    Tariff,
    Tenant,
    channel_value,
    flat_tariff,
)
from .publication import DayRows, Publisher, Withheld, quarters
from .weather import HOUR, local_hours, noise, utc_hours

__all__ = [
    "HOUR",
    "Bill",
    "BillingRules",
    "Channel",
    "DayRows",
    "GroundTruth",
    "HourTruth",
    "Login",
    "PublicationRules",
    "Publisher",
    "Reading",
    "SimAccount",
    "SimMeter",
    "Tariff",
    "Tenant",
    "Withheld",
    "channel_value",
    "cycle_end",
    "cycle_start",
    "flat_tariff",
    "local_hours",
    "noise",
    "quarters",
    "utc_hours",
]
