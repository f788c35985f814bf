"""Async client for utility services run by SEW (Smart Energy Water).

Speaks the flavors real tenants speak (the JSON API, NB Power's WidgetAPI, the mobile
`.svc` services, the ASP.NET web portal and the CX REST services) and nothing of Home
Assistant.
"""

from __future__ import annotations

from .bodies import DAILY_WINDOW_DAYS
from .client import SewClient
from .crypto import hash_password
from .cx_api import CxSignIn
from .cx_gigya import SignInStep, TwoFactorTarget
from .discovery import Discovery, discover_portal
from .errors import (
    AccountLockedError,
    CaptchaRequiredError,
    InvalidCodeError,
    InvalidCredentialsError,
    MigratedAccountError,
    NotSewPortalError,
    SewAuthError,
    SewConnectionError,
    SewError,
    SewRateLimitError,
    SewResponseError,
    TwoFactorRequiredError,
)
from .layout import CxDialect, Encryption, Flavor, MobileDialect, PortalLayout
from .locale import DateOrder, Locale, NumberFormat
from .models import (
    Account,
    Bill,
    BillSummary,
    Direction,
    Meter,
    MeterType,
    Payment,
    PaymentKind,
    Projection,
    Resolution,
    UsageReading,
    UsageSeries,
    UsageStatus,
)
from .session import PortalSession
from .utilities import KNOWN_UTILITIES, utility_of_host
from .utility import Utility

__all__ = [
    "DAILY_WINDOW_DAYS",
    "KNOWN_UTILITIES",
    "Account",
    "AccountLockedError",
    "Bill",
    "BillSummary",
    "CaptchaRequiredError",
    "CxDialect",
    "CxSignIn",
    "DateOrder",
    "Direction",
    "Discovery",
    "Encryption",
    "Flavor",
    "InvalidCodeError",
    "InvalidCredentialsError",
    "Locale",
    "Meter",
    "MeterType",
    "MigratedAccountError",
    "MobileDialect",
    "NotSewPortalError",
    "NumberFormat",
    "Payment",
    "PaymentKind",
    "PortalLayout",
    "PortalSession",
    "Projection",
    "Resolution",
    "SewAuthError",
    "SewClient",
    "SewConnectionError",
    "SewError",
    "SewRateLimitError",
    "SewResponseError",
    "SignInStep",
    "TwoFactorRequiredError",
    "TwoFactorTarget",
    "UsageReading",
    "UsageSeries",
    "UsageStatus",
    "Utility",
    "discover_portal",
    "hash_password",
    "utility_of_host",
]
