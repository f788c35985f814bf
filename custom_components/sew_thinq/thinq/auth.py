"""Gateway discovery, the browser sign-in, token refresh and the account identity."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
import hashlib
import hmac
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlparse

import aiohttp

from .const import (
    ACCESS_TOKEN_LIFETIME,
    CLIENT_ID,
    DATE_FORMAT,
    DEFAULT_COUNTRY,
    DEFAULT_GATEWAY_URL,
    DEFAULT_LANGUAGE,
    OAUTH_CLIENT_KEY,
    OAUTH_SECRET_KEY,
    PROFILE_PATH,
    SVC_CODE,
    TOKEN_PATH,
)
from .errors import ThinQAuthError, ThinQResponseError
from .transport import Transport


@dataclass(frozen=True, slots=True)
class Gateway:
    """The LG hosts serving one country and language."""

    auth_base: str
    api_root: str
    oauth_root: str
    country: str
    language: str


@dataclass(frozen=True, slots=True)
class AccessToken:
    """An access token and how many seconds it is valid for."""

    token: str
    expires_in: float


def oauth_signature(message: str, secret: str = OAUTH_SECRET_KEY) -> str:
    """Return the base64 HMAC-SHA1 of ``message`` that LG's OAuth service expects."""
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def oauth_date(now: datetime | None = None) -> str:
    """Return the UTC date header value LG's OAuth service expects."""
    return (now or datetime.now(UTC)).strftime(DATE_FORMAT)


def refresh_signature(refresh_token: str, date: str) -> str:
    """Return the signature of a refresh request made at ``date``."""
    return oauth_signature(
        f"{TOKEN_PATH}?grant_type=refresh_token&refresh_token={refresh_token}\n{date}"
    )


def _text(data: dict[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ThinQResponseError(f"{what} answer lacks {key}")
    return value


async def discover_gateway(
    session: aiohttp.ClientSession,
    *,
    gateway_url: str = DEFAULT_GATEWAY_URL,
    country: str = DEFAULT_COUNTRY,
    language: str = DEFAULT_LANGUAGE,
    request_timeout: float = 30,
) -> Gateway:
    """Ask LG's gateway which hosts serve ``country`` and ``language``."""
    return await discover(
        Transport(session, timeout=request_timeout),
        gateway_url=gateway_url,
        country=country,
        language=language,
    )


async def discover(
    transport: Transport,
    *,
    gateway_url: str = DEFAULT_GATEWAY_URL,
    country: str = DEFAULT_COUNTRY,
    language: str = DEFAULT_LANGUAGE,
) -> Gateway:
    """Discover the gateway through an existing transport."""
    answer = await transport.lgedm_post(
        gateway_url, {"countryCode": country, "langCode": language}
    )
    return Gateway(
        auth_base=_text(answer, "empUri", "Gateway"),
        api_root=_text(answer, "thinqUri", "Gateway"),
        oauth_root=_text(answer, "oauthUri", "Gateway"),
        country=country,
        language=language,
    )


def login_url(gateway: Gateway) -> str:
    """Return the URL where the user signs in to LG in a browser."""
    query = urlencode(
        {
            "country": gateway.country,
            "language": gateway.language,
            "svcCode": SVC_CODE,
            "authSvr": "oauth2",
            "client_id": CLIENT_ID,
            "division": "ha",
            "grant_type": "password",
        }
    )
    return f"{urljoin(gateway.auth_base, 'login/sign_in')}?{query}"


def parse_callback(url_or_token: str) -> str:
    """Return the refresh token from the pasted callback URL, or a bare refresh token."""
    text = url_or_token.strip()
    if not text:
        raise ThinQAuthError("Paste the address LG's sign-in page redirected to")
    if "://" in text or "?" in text or "=" in text:
        query = urlparse(text).query or text.partition("?")[2] or text
        tokens = parse_qs(query).get("refresh_token")
        if tokens and (token := tokens[0].strip()):
            return token
        raise ThinQAuthError(
            "The pasted address has no refresh_token: sign in again and copy the whole "
            "address of the page LG redirected to"
        )
    if any(char.isspace() for char in text) or len(text) < 8:
        raise ThinQAuthError(
            "This is neither LG's callback address nor a refresh token"
        )
    return text


async def refresh_access_token(
    transport: Transport, gateway: Gateway, refresh_token: str
) -> AccessToken:
    """Trade the refresh token for a new access token (signed request)."""
    date = oauth_date()
    answer = await transport.request_json(
        "POST",
        urljoin(gateway.oauth_root, TOKEN_PATH),
        headers={
            "lgemp-x-app-key": OAUTH_CLIENT_KEY,
            "lgemp-x-date": date,
            "lgemp-x-signature": refresh_signature(refresh_token, date),
            "Accept": "application/json",
        },
        form={"grant_type": "refresh_token", "refresh_token": refresh_token},
    )
    if not isinstance(answer, dict):
        raise ThinQResponseError("Token answer is not a JSON object")
    if str(answer.get("status")) != "1":
        raise ThinQAuthError("LG no longer accepts the refresh token: sign in again")
    token = _text(answer, "access_token", "Token")
    try:
        expires_in = float(answer.get("expires_in", ACCESS_TOKEN_LIFETIME))
    except TypeError, ValueError:
        expires_in = ACCESS_TOKEN_LIFETIME
    if not 0 < expires_in < 10 * 86400:
        expires_in = ACCESS_TOKEN_LIFETIME
    return AccessToken(token, expires_in)


async def fetch_user_number(
    transport: Transport, gateway: Gateway, access_token: str
) -> str:
    """Return the account's LG user number (stable across new sign-ins)."""
    date = oauth_date()
    answer = await transport.request_json(
        "GET",
        urljoin(gateway.oauth_root, PROFILE_PATH),
        headers={
            "Accept": "application/json",
            "Authorization": f"Bearer {access_token}",
            "X-Lge-Svccode": SVC_CODE,
            "lgemp-x-app-key": CLIENT_ID,
            "x-lge-oauth-date": date,
            "x-lge-oauth-signature": oauth_signature(f"{PROFILE_PATH}\n{date}"),
        },
    )
    if not isinstance(answer, dict):
        raise ThinQResponseError("Profile answer is not a JSON object")
    if str(answer.get("status")) != "1":
        raise ThinQAuthError(
            "LG did not accept the access token for the account profile"
        )
    account = answer.get("account")
    if not isinstance(account, dict):
        raise ThinQResponseError("Profile answer lacks the account")
    number = account.get("userNo")
    if isinstance(number, int) and not isinstance(number, bool):
        return str(number)
    return _text(account, "userNo", "Profile")
