"""What every flavor's transport offers the client, and what they share."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable
import zoneinfo

from .crypto import hash_password
from .errors import PortalFailureError
from .http import PortalHttp
from .layout import PortalLayout
from .locale import Locale
from .models import Account, BillSummary, Meter, Projection, UsageSeries, UsageStatus
from .session import PortalSession
from .usage import UsageQuery

# Usage calls may answer a failure whose message only says there is nothing to return; the
# wording is unverified (no peer quotes one), so these phrases are matched loosely.
_NO_RECORDS = ("no record", "no data", "no usage", "record not found")


@dataclass(frozen=True, slots=True)
class Credentials:
    """The login: the user name and the password or (mobile flavor) its digest."""

    username: str
    password: str | None = field(default=None, repr=False)
    password_sha256: str | None = field(default=None, repr=False)

    def digest(self) -> str:
        """Return the password's SHA-256 hex, as the mobile flavor sends it."""
        return self.password_sha256 or hash_password(self.password or "")


@dataclass(frozen=True, slots=True)
class PortalContext:
    """What a flavor's transport needs: HTTP, addresses, conventions, login, fallback zone."""

    http: PortalHttp
    layout: PortalLayout
    locale: Locale
    credentials: Credentials
    zone: zoneinfo.ZoneInfo


class PortalApi(Protocol):
    """The calls every flavor answers; `SessionExpiredError` means "log in again"."""

    async def login(self) -> PortalSession:
        """Log in and return the session."""

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the login's accounts, the default one first."""

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Return an account's meters."""

    async def usage(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Return one usage series."""

    async def projection(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Projection:
        """Return the month-to-date block."""

    async def bills(self, session: PortalSession, account: Account) -> BillSummary:
        """Return the current bill and the history."""


@runtime_checkable
class TokenApi(Protocol):
    """A flavor whose access token expires and is refreshed (CX)."""

    def adopt(self, session: PortalSession) -> None:
        """Take up a stored session."""

    def refresh_due(self, session: PortalSession) -> bool:
        """Tell whether the session is to be refreshed before the next call."""

    async def refresh(self, session: PortalSession) -> PortalSession:
        """Return the session with fresh tokens; SessionExpiredError when refused."""


def says_no_records(err: PortalFailureError) -> bool:
    """Tell whether a failure only says there is nothing to return."""
    return any(phrase in err.portal_message.casefold() for phrase in _NO_RECORDS)


NO_RECORDS = UsageSeries(UsageStatus.NO_RECORDS)


async def empty_if_no_records[T](answer: Awaitable[T], empty: T) -> T:
    """Await a call's answer; a failure that only says "no records" gives `empty`."""
    try:
        return await answer
    except PortalFailureError as err:
        if says_no_records(err):
            return empty
        raise
