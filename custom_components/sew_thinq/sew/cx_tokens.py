"""CX access and refresh tokens: reading them from answers and from what a user pastes.

Sources (keys of the research note /work/research/cx.md): the sign-in and refresh answers
`data{accessToken, refreshToken, expiresIn}` with `expiresIn` in minutes (AL1 client.py:
150-157 multiplies it by 60; DP const.py:35 "in minutes"; DP docs/auth-flow.md:497-520);
the access token is a JWT whose `Uuid` claim names the user (DP client.py:656-694; DR).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
import json
from typing import Any

from .errors import SewResponseError
from .session import PortalSession
from .values import field, parse_number, parse_text

# Refresh this long before the access token expires: AL1 client.py:169 and AL2's
# `_ensure_token` ("Refresh 1 minute before expiration"), since a refresh cannot revive an
# expired token at Alliant (AL4 70946447050 `Refresh`).
REFRESH_MARGIN = timedelta(seconds=60)
# When an answer states no lifetime: the 30 minutes both tenants give (DP const.py:35).
DEFAULT_LIFETIME = timedelta(minutes=30)


def jwt_claims(token: str) -> dict[str, Any]:
    """Return a JWT's claims, unverified ({} when it is not a JWT)."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        claims = json.loads(
            base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        )
    except ValueError:
        return {}
    return claims if isinstance(claims, dict) else {}


def bare_token(text: str) -> str:
    """Return a pasted token without quotes, spaces or a leading `Bearer `.

    DP's auth-helper strips `Bearer ` too (dompower __main__.py:447-547).
    """
    token = text.strip().strip("\"'").strip()
    if token[:7].casefold() == "bearer ":
        token = token[7:].strip()
    return token


def token_session(
    data: object,
    *,
    now: datetime | None = None,
    user_id: str | None = None,
    previous: PortalSession | None = None,
) -> PortalSession:
    """Return the session a sign-in or refresh answer's `data` opens.

    The user id is the answer's `user.uuid`, else the one given, else the token's `Uuid`
    claim (a refresh does not restate the user, AL4 "carried over"). Accounts and the
    device carry over from the previous session.
    """
    if not isinstance(data, dict):
        raise SewResponseError("The sign-in answer carries no tokens")
    access = parse_text(field(data, "accessToken"))
    refresh = parse_text(field(data, "refreshToken"))
    if access is None or refresh is None:
        raise SewResponseError("The sign-in answer lacks the access or refresh token")
    minutes = parse_number(field(data, "expiresIn"))
    lifetime = timedelta(minutes=minutes) if minutes else DEFAULT_LIFETIME
    user = field(data, "user")
    uuid = parse_text(field(user, "uuid")) if isinstance(user, Mapping) else None
    uuid = uuid or user_id or (previous.user_id if previous else None)
    uuid = uuid or parse_text(jwt_claims(access).get("Uuid"))
    if uuid is None:
        raise SewResponseError("The sign-in answer names no user")
    return PortalSession(
        uuid,
        access,
        previous.accounts if previous else (),
        refresh,
        (now or datetime.now(UTC)) + lifetime,
        previous.device if previous else (),
    )


def refresh_due(session: PortalSession, now: datetime | None = None) -> bool:
    """Tell whether a session's access token is to be refreshed before the next call."""
    if session.expires_at is None or session.refresh_token is None:
        return False
    return (now or datetime.now(UTC)) >= session.expires_at - REFRESH_MARGIN
