"""A logged-in session, small enough to store and give back at the next start.

Hidroelectrica's clients keep `UserID` and `SessionToken` across restarts and log in again
only on HTTP 401 (P1 emanuelbesliu/homeassistant-ihidro api.py:98-122; P2 cnecrea/
hidroelectrica api.py:113-143). The mobile flavor's `LoginToken` and NB Power's widget token
(which lives about a day, P7 dnlbck/ha-nbpower api.py `bootstrap_with_token`) are kept the
same way. The accounts the login named travel with the session: the widget and mobile
flavors have no other call that lists them. CX tenants add the refresh token, when the
access token expires, and (Dominion) the sign-in service's cookies that make the device
trusted, so that a new sign-in asks no second factor (DP gigya_auth.py:492-589).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
import zoneinfo

from .models import Account, MeterType


@dataclass(frozen=True, slots=True)
class PortalSession:
    """Who is logged in and the token the portal accepts; never logged (see `repr`)."""

    user_id: str
    token: str = field(repr=False)
    accounts: tuple[Account, ...] = field(default=(), repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    expires_at: datetime | None = None
    device: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, Any]:
        """Return the session as JSON-friendly values, for storage."""
        data: dict[str, Any] = {
            "user_id": self.user_id,
            "token": self.token,
            "accounts": [_account_to_dict(account) for account in self.accounts],
        }
        if self.refresh_token is not None:
            data["refresh_token"] = self.refresh_token
        if self.expires_at is not None:
            data["expires_at"] = self.expires_at.isoformat()
        if self.device:
            data["device"] = dict(self.device)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PortalSession:
        """Rebuild a stored session; raise ValueError when it is not one."""
        try:
            user_id, token = str(data["user_id"]), str(data["token"])
            accounts = tuple(_account_from_dict(item) for item in data["accounts"])
            refresh = data.get("refresh_token")
            expires = data.get("expires_at")
            device = tuple(
                (str(name), str(value))
                for name, value in (data.get("device") or {}).items()
            )
            expires_at = datetime.fromisoformat(expires) if expires else None
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"A stored session is incomplete: {err}") from None
        return cls(
            user_id,
            token,
            accounts,
            str(refresh) if refresh else None,
            expires_at,
            device,
        )


def _account_to_dict(account: Account) -> dict[str, Any]:
    return {
        "account_number": account.account_number,
        "utility_account_number": account.utility_account_number,
        "address": account.address,
        "time_zone": account.time_zone.key,
        "is_default": account.is_default,
        "customer_type": account.customer_type,
        "meter_types": [meter_type.value for meter_type in account.meter_types],
    }


def _account_from_dict(data: Mapping[str, Any]) -> Account:
    try:
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        meter_types = tuple(MeterType(code) for code in data["meter_types"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"A stored account is not valid: {err}") from None
    return Account(
        account_number=str(data["account_number"]),
        utility_account_number=str(data["utility_account_number"]),
        address=data["address"],
        time_zone=zone,
        is_default=bool(data["is_default"]),
        customer_type=data["customer_type"],
        meter_types=meter_types,
    )
