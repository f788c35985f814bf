"""Async client for SEW Smart Customer Mobile utility portals.

Knows both API flavors (the encrypted mobile `PortalService` and the JSON `API`) and nothing of
Home Assistant.
"""

from __future__ import annotations

from .client import SewClient
from .crypto import hash_password
from .discovery import discover_portal, normalise_url
from .errors import (
    SewAuthError,
    SewConnectionError,
    SewError,
    SewRateLimitError,
    SewResponseError,
)
from .models import (
    Account,
    Bill,
    BillSummary,
    Direction,
    Encryption,
    Flavor,
    KnownUtility,
    Meter,
    MeterType,
    Portal,
    Projection,
    Resolution,
    UsageReading,
)
from .utilities import KNOWN_UTILITIES

__all__ = [
    "KNOWN_UTILITIES",
    "Account",
    "Bill",
    "BillSummary",
    "Direction",
    "Encryption",
    "Flavor",
    "KnownUtility",
    "Meter",
    "MeterType",
    "Portal",
    "Projection",
    "Resolution",
    "SewAuthError",
    "SewClient",
    "SewConnectionError",
    "SewError",
    "SewRateLimitError",
    "SewResponseError",
    "UsageReading",
    "discover_portal",
    "hash_password",
    "normalise_url",
]
