"""Logins, issued tokens and sessions, and the account states tests switch (lock, two-factor).

Every dialect keeps its credentials here, whatever their form: an API session token, a
mobile LoginToken, a widget token, an ASP.NET session cookie or a CX access token are all a
`Session` of some `kind`, with a lifetime, so expiring "every token" means the same for all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
import hashlib
import secrets

from simulators.sew.truth import Login

from .clock import Clock

MAX_FAILED_LOGINS = 5


class LoginFailure(StrEnum):
    """Why a login was refused."""

    INVALID = "invalid"
    LOCKED = "locked"


@dataclass(slots=True)
class Session:
    """An issued credential: `kind` names it (session, widget, cookie, ...)."""

    token: str
    login: Login
    kind: str
    issued: datetime
    lifetime: timedelta
    revoked: bool = False
    account: str | None = None

    @property
    def username(self) -> str:
        """Return the login's user name."""
        return self.login.username

    @property
    def user_id(self) -> str:
        """Return the login's user id."""
        return self.login.user_id


class SessionStore:
    """The portal's users and everything it has issued to them."""

    def __init__(
        self, clock: Clock, logins: Iterable[Login], *, lifetime: timedelta
    ) -> None:
        """Know the tenant's logins; issue sessions living `lifetime` unless told."""
        self.clock = clock
        self.lifetime = lifetime
        self.users: dict[str, Login] = {
            login.username.lower(): login for login in logins
        }
        self.sessions: dict[str, Session] = {}
        self.keys: dict[str, str] = {}
        self.locked: set[str] = set()
        self.failed_logins: Counter[str] = Counter()
        self.two_factor: set[str] = {
            login.username for login in self.users.values() if login.two_factor
        }
        self.logins: Counter[str] = Counter()

    # -- logging in ---------------------------------------------------------------------

    def check(
        self, username: str, secret: str, *, hashed: bool
    ) -> tuple[Login | None, LoginFailure | None]:
        """Check a password (or its SHA-256 hex digest); return the login or the failure."""
        login = self.users.get(username.strip().lower())
        if login is None:
            return None, LoginFailure.INVALID
        if username in self.locked or login.username in self.locked:
            return None, LoginFailure.LOCKED
        expected = (
            hashlib.sha256(login.password.encode()).hexdigest()
            if hashed
            else login.password
        )
        if not secrets.compare_digest(secret.encode(), expected.encode()):
            self.failed_logins[login.username] += 1
            if self.failed_logins[login.username] >= MAX_FAILED_LOGINS:
                self.locked.add(login.username)
            return None, LoginFailure.INVALID
        self.failed_logins.pop(login.username, None)
        self.logins[login.username] += 1
        return login, None

    def needs_two_factor(self, login: Login) -> bool:
        """Tell whether a login must pass a second factor."""
        return login.username in self.two_factor

    def issue_key(self) -> tuple[str, str]:
        """Issue a one-time pre-login key pair (the JSON API's GetId)."""
        key, token_id = secrets.token_hex(8), secrets.token_urlsafe(24)
        self.keys[key] = token_id
        return key, token_id

    def redeem_key(self, key: str, token_id: str) -> bool:
        """Use up a pre-login key pair; tell whether it was valid."""
        return self.keys.pop(key, None) == token_id

    # -- sessions -----------------------------------------------------------------------

    def issue(
        self,
        login: Login,
        *,
        kind: str = "session",
        lifetime: timedelta | None = None,
        account: str | None = None,
        token: str | None = None,
    ) -> Session:
        """Issue a credential of some kind to a login."""
        session = Session(
            token or secrets.token_hex(16),
            login,
            kind,
            self.clock.now(),
            self.lifetime if lifetime is None else lifetime,
            account=account,
        )
        self.sessions[session.token] = session
        return session

    def find(
        self, token: str, *, kind: str | None = None, user_id: str | None = None
    ) -> Session | None:
        """Return an issued credential, expired or not (None: never issued, or not theirs)."""
        session = self.sessions.get(token)
        if session is None or (kind is not None and session.kind != kind):
            return None
        if user_id is not None and session.user_id != user_id:
            return None
        return session

    def expired(self, session: Session) -> bool:
        """Tell whether a credential was revoked or outlived its lifetime."""
        return session.revoked or self.clock.now() - session.issued >= session.lifetime

    def expire_all(self, kind: str | None = None) -> None:
        """Expire every credential issued so far (of one kind, or all)."""
        for session in self.sessions.values():
            if kind is None or session.kind == kind:
                session.revoked = True

    # -- account states -------------------------------------------------------------------

    def lock(self, username: str) -> None:
        """Lock a login, as portals do after too many failed attempts."""
        self.locked.add(username)

    def unlock(self, username: str) -> None:
        """Unlock a login."""
        self.locked.discard(username)
        self.failed_logins.pop(username, None)

    def is_locked(self, login: Login) -> bool:
        """Tell whether a login is locked."""
        return login.username in self.locked

    def set_two_factor(self, username: str, enabled: bool = True) -> None:
        """Make a login need (or not) a second factor."""
        login = self.users[username.lower()]
        if enabled:
            self.two_factor.add(login.username)
        else:
            self.two_factor.discard(login.username)

    def secrets(self) -> set[str]:
        """Return every secret issued so far (tokens and pre-login keys)."""
        return {*self.sessions, *self.keys, *self.keys.values()}
