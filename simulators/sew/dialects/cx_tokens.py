"""CX access and refresh tokens: issue, check, refresh (rotating both), refuse.

Evidence (keys as in cx_common.py):
- The access token is a JWT whose header names `http://www.w3.org/2001/04/xmldsig-more#hmac-
  sha256` (DP docs/auth-flow.md:507, decoded) with the claims `.../claims/name` (the e-mail),
  `Uuid`, `Key`, `exp`, `iss`/`aud` `https://mywebapi.com` (DR "Dominion Energy JWT").
  Peers only decode its claims (DP client.py:656-694 reads `Uuid`), so the simulator signs
  it with a key of its own. Alliant's token is the same platform's (an ASSUMPTION: AL4 shows
  only an invented opaque string).
- The refresh token is opaque base64 ending in "=" (DP docs/auth-flow.md:509).
- Refresh: `{"refreshToken"}` with the Bearer access token; both tokens rotate (DP README:53,
  auth.py:128-207; AL4 70946447050 `Refresh`: "the uuid is not restated ... carried over");
  refused with HTTP 401 (DP auth.py:159-162; AL4 test: `{"status":{"type":"error","message":
  "Unauthorized Access"}}`). Lifetimes and revival follow `CxSwitches`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
import hashlib
import hmac
import json
import secrets
from typing import TYPE_CHECKING, Any
import uuid

from aiohttp import web

from simulators.sew.server.sessions import Session
from simulators.sew.truth import Login

from .cx_common import ACCESS, FOREVER, REFRESH, CxCounters, CxSwitches, bearer

if TYPE_CHECKING:
    from datetime import datetime

    from simulators.sew.server.portal import SewPortal

HMAC_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
NAME_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
ISSUER = "https://mywebapi.com"
SIGNING_KEY = b"sew-sim: not the platform's key; clients only read the claims"


def _b64url(data: bytes) -> str:
    """Return unpadded base64url, as JWTs carry their parts."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(claims: dict[str, Any], *, alg: str = HMAC_SHA256) -> str:
    """Return a JWT of `claims`, HMAC-SHA256-signed with the simulator's key."""
    header = _b64url(
        json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode()
    )
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    return f"{header}.{payload}.{_signature(f'{header}.{payload}'.encode())}"


def _signature(signed: bytes) -> str:
    return _b64url(hmac.new(SIGNING_KEY, signed, hashlib.sha256).digest())


def jwt_claims(token: str) -> dict[str, Any]:
    """Return the claims of a token this simulator signed ({} for any other text)."""
    header, _, rest = token.partition(".")
    payload, _, signature = rest.partition(".")
    if not hmac.compare_digest(signature, _signature(f"{header}.{payload}".encode())):
        return {}
    claims: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return claims


def user_uuid(login: Login) -> str:
    """Return a login's CX uuid: its id, hyphenated when it is 32 bare hex digits (DR)."""
    value = login.user_id
    return str(uuid.UUID(hex=value)) if len(value) == 32 else value


@dataclass(frozen=True, slots=True)
class TokenPair:
    """An access token and the refresh token issued with it."""

    access: Session
    refresh: Session

    @property
    def expires_in(self) -> int:
        """Return the access token's life in whole minutes (`expiresIn`, at least 1)."""
        return max(1, int(self.access.lifetime.total_seconds() // 60))


class CxTokens:
    """Issues, checks and refreshes a CX tenant's tokens."""

    def __init__(
        self, portal: SewPortal, switches: CxSwitches, counters: CxCounters
    ) -> None:
        """Keep the portal (sessions, clock), the switches and the counters."""
        self.portal = portal
        self.switches = switches
        self.counters = counters
        self._chains: dict[
            str, datetime
        ] = {}  # refresh token -> when its chain signed in

    def sign_in(self, login: Login) -> TokenPair:
        """Issue the first pair of a chain (a password login or a token exchange)."""
        self.counters.logins += 1
        return self._issue(login, self.portal.now)

    def _issue(self, login: Login, started: datetime) -> TokenPair:
        """Issue an access JWT and a refresh token continuing a chain."""
        now = self.portal.now
        lifetime = self.switches.access_lifetime
        claims = {
            NAME_CLAIM: login.username,
            "Uuid": user_uuid(login),
            "Key": str(uuid.uuid4()),
            "exp": int((now + lifetime).timestamp()),
            "iss": ISSUER,
            "aud": ISSUER,
        }
        sessions = self.portal.sessions
        access = sessions.issue(
            login, kind=ACCESS, lifetime=lifetime, token=make_jwt(claims)
        )
        refresh = sessions.issue(
            login,
            kind=REFRESH,
            lifetime=FOREVER,  # its life is checked against the switch when used
            token=base64.b64encode(secrets.token_bytes(32)).decode(),
        )
        self._chains[refresh.token] = started
        return TokenPair(access, refresh)

    def access(self, request: web.Request) -> Session | None:
        """Return the live access token a request carries as Bearer (None: refuse it)."""
        session = self.portal.sessions.find(bearer(request), kind=ACCESS)
        if session is None or self.portal.sessions.expired(session):
            return None
        return session

    def refresh(self, access_token: str, refresh_token: str) -> TokenPair | None:
        """Rotate both tokens (None: refused, counted)."""
        pair = self._refresh(access_token, refresh_token)
        if pair is None:
            self.counters.refused_refreshes += 1
        else:
            self.counters.refreshes += 1
        return pair

    def _refresh(self, access_token: str, refresh_token: str) -> TokenPair | None:
        """Check a refresh against the switches; rotate the pair when it may."""
        sessions, switches, now = self.portal.sessions, self.switches, self.portal.now
        held = sessions.find(refresh_token, kind=REFRESH)
        if switches.refuse_refresh or held is None or held.revoked:
            return None
        if switches.refresh_lifetime is not None and now - held.issued >= (
            switches.refresh_lifetime
        ):
            return None
        started = self._chains[held.token]
        if (
            switches.session_lifetime is not None
            and now - started >= switches.session_lifetime
        ):
            return None
        access = sessions.find(access_token, kind=ACCESS)
        if access is None or access.user_id != held.user_id:
            return None
        if sessions.expired(access) and not switches.refresh_revives_expired:
            return None
        if not switches.rotated_refresh_valid:
            held.revoked = True
        return self._issue(held.login, started)
