"""Signing in: the pasted address, tokens, the account profile and the EMP trade."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from .const import (
    ACCESS_TOKEN_LIFETIME,
    CLIENT_ID,
    CODE_REDIRECT_URI,
    DATE_FORMAT,
    EMP_APP_KEY,
    EMP_OAUTH_HOST,
    EMP_SESSION_PATH,
    OAUTH_SECRET_KEY,
    PROFILE_PATH,
    SPX_APPLICATION_KEY,
    SVC_CODE,
    THIRD_PARTY_KINDS,
    TOKEN_PATH,
)
from .errors import (
    ThinQAuthError,
    ThinQConnectionError,
    ThinQResponseError,
    ThinQSignInError,
    ThinQThirdPartyError,
)
from .gateway import Gateway, lg_host_url
from .transport import Transport


@dataclass(frozen=True, slots=True)
class RefreshTokenSignIn:
    """A sign-in that yielded a refresh token."""

    refresh_token: str


@dataclass(frozen=True, slots=True)
class CodeSignIn:
    """A sign-in that yielded an authorization code, and where to trade it."""

    code: str
    backend_url: str | None


@dataclass(frozen=True, slots=True)
class ThirdPartySignIn:
    """A Google, Apple, Amazon or Facebook sign-in (core_async:961-968)."""

    user_id: str
    token: str
    kind: str


type SignIn = RefreshTokenSignIn | CodeSignIn | ThirdPartySignIn


@dataclass(frozen=True, slots=True)
class AccessToken:
    """An access token and how many seconds it is valid for."""

    token: str
    expires_in: float


@dataclass(frozen=True, slots=True)
class Tokens:
    """What a completed sign-in yields."""

    refresh_token: str
    access: AccessToken | None


def oauth_signature(message: str, secret: str = OAUTH_SECRET_KEY) -> str:
    """Return the base64 HMAC-SHA1 LG's OAuth service expects (core_async:280-292)."""
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def oauth_date(now: datetime | None = None) -> str:
    """Return the UTC date header value LG's OAuth service expects."""
    return (now or datetime.now(UTC)).strftime(DATE_FORMAT)


def _first(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[0].strip() or None if values else None


def parse_sign_in(text: str) -> SignIn:
    """Read the address LG's sign-in page ended on, or a bare refresh token.

    The address carries a ``refresh_token``, or a ``code`` with ``oauth2_backend_url``
    (core_async:128-150), or a third-party ``user_id``/``user_thirdparty_token``/
    ``user_id_type`` (core_async:952-992; nVuln cli.ts:77-105).
    """
    text = text.strip()
    if not text:
        raise ThinQSignInError("Paste the address LG's sign-in page ended on")
    if "=" not in text and "://" not in text and "?" not in text:
        if any(char.isspace() for char in text) or len(text) < 8:
            raise ThinQSignInError("This is neither an address nor a refresh token")
        return RefreshTokenSignIn(text)
    query = parse_qs(urlsplit(text).query or text.partition("?")[2] or text)
    if refresh_token := _first(query, "refresh_token"):
        return RefreshTokenSignIn(refresh_token)
    if code := _first(query, "code"):
        return CodeSignIn(code, _first(query, "oauth2_backend_url"))
    user_id, token = _first(query, "user_id"), _first(query, "user_thirdparty_token")
    kind = _first(query, "user_id_type") or ""
    if user_id and token and kind in THIRD_PARTY_KINDS:
        return ThirdPartySignIn(user_id, token, kind)
    raise ThinQSignInError(
        "The address has no refresh_token, code or third-party sign-in: sign in "
        "again and copy the whole address of the page LG ended on"
    )


def _expires_in(answer: dict[str, Any]) -> float:
    try:
        expires_in = float(answer.get("expires_in", ACCESS_TOKEN_LIFETIME))
    except TypeError, ValueError:
        return ACCESS_TOKEN_LIFETIME
    return expires_in if 0 < expires_in < 10 * 86400 else ACCESS_TOKEN_LIFETIME


def _text(data: dict[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value:
        raise ThinQResponseError(f"{what} answer lacks {key}")
    return value


def _access_token(answer: dict[str, Any]) -> AccessToken:
    """Return the access token of a token answer."""
    return AccessToken(_text(answer, "access_token", "Token"), _expires_in(answer))


def _tokens(answer: dict[str, Any]) -> Tokens:
    """Return both tokens of a token answer that grants a refresh token."""
    return Tokens(_text(answer, "refresh_token", "Token"), _access_token(answer))


async def _token_request(
    transport: Transport, oauth_base: str, form: dict[str, str]
) -> dict[str, Any]:
    """Post a signed grant to ``/oauth/1.0/oauth2/token`` (core_async:727-765).

    The signature covers the path with the form as its query, and the date. A refusal is
    any answer but 200 (core_async:756), with ``error.code`` ``LG.OAUTH.EC.4001``.
    """
    date = oauth_date()
    status, answer = await transport.request_json(
        "POST",
        f"{oauth_base.rstrip('/')}{TOKEN_PATH}",
        headers={
            "x-lge-appkey": CLIENT_ID,
            "x-lge-oauth-signature": oauth_signature(
                f"{TOKEN_PATH}?{urlencode(form)}\n{date}"
            ),
            "x-lge-oauth-date": date,
            "Accept": "application/json",
        },
        form=form,
    )
    if not isinstance(answer, dict):
        raise ThinQResponseError("Token answer is not a JSON object")
    if status != 200 or str(answer.get("status", 1)) != "1":
        error = answer.get("error")
        code = error.get("code") if isinstance(error, dict) else None
        raise ThinQAuthError(
            f"LG refused the sign-in ({code or f'HTTP {status}'}): sign in again"
        )
    return answer


async def refresh_access_token(
    transport: Transport, oauth_base: str, refresh_token: str
) -> AccessToken:
    """Trade the refresh token for a new access token (core_async:784-795)."""
    answer = await _token_request(
        transport,
        oauth_base,
        {"grant_type": "refresh_token", "refresh_token": refresh_token},
    )
    return _access_token(answer)


def _backend_url(gateway: Gateway, backend_url: str | None) -> str | None:
    """Return the sign-in's OAuth backend if it is LG's (or the gateway's own host)."""
    if backend_url is None:
        return None
    host = urlsplit(backend_url).hostname or ""
    if host.endswith(".lgeapi.com") or host == urlsplit(gateway.gateway_url).hostname:
        return backend_url
    return None


async def exchange_code(
    transport: Transport, gateway: Gateway, oauth_base: str, sign_in: CodeSignIn
) -> Tokens:
    """Trade an authorization code for tokens (core_async:767-782; nVuln Auth.ts:196-219)."""
    answer = await _token_request(
        transport,
        _backend_url(gateway, sign_in.backend_url) or oauth_base,
        {
            "code": sign_in.code,
            "grant_type": "authorization_code",
            "redirect_uri": CODE_REDIRECT_URI,
        },
    )
    return _tokens(answer)


async def trade_third_party(
    transport: Transport, gateway: Gateway, sign_in: ThirdPartySignIn
) -> Tokens:
    """Trade a third-party sign-in through LG's EMP session (core_async:542-690, 952-992).

    ``preLogin``, then the EMP account session with the third-party token, then the EMP
    signing secret from ``searchKey``, then a signed ``empsession`` token request.
    ``searchKey`` answered 404 for some in September 2026 (ollo69#1016): the trade fails
    there with a clear error.
    """
    headers = {
        "Accept": "application/json",
        "X-Application-Key": SPX_APPLICATION_KEY,
        "X-Client-App-Key": CLIENT_ID,
        "X-Lge-Svccode": "SVC709",
        "X-Device-Type": "M01",
        "X-Device-Platform": "ADR",
        "X-Device-Language-Type": "IETF",
        "X-Device-Publish-Flag": "Y",
        "X-Device-Country": gateway.country,
        "X-Device-Language": gateway.language,
    }
    kind = THIRD_PARTY_KINDS[sign_in.kind]
    status, pre_login = await transport.request_json(
        "POST",
        f"{gateway.emp_spx_uri}/preLogin",
        headers=headers,
        form={
            "user_auth2": sign_in.token,
            "log_param": f"login request / user_id : {sign_in.user_id} / third_party "
            f": {kind} / svc_list : SVC202,SVC710 / 3rd_service : ",
        },
    )
    if status != 200 or not isinstance(pre_login, dict):
        raise ThinQThirdPartyError(f"LG refused the {kind} sign-in (preLogin)")
    session_headers = headers | {
        "X-Signature": _text(pre_login, "signature", "preLogin"),
        "X-Timestamp": _text(pre_login, "tStamp", "preLogin"),
    }
    status, login = await transport.request_json(
        "POST",
        f"{gateway.emp_terms_uri}/emp/v2.0/account/session/{quote(sign_in.user_id)}",
        headers=session_headers,
        form={
            "user_auth2": _text(pre_login, "encrypted_pw", "preLogin"),
            "password_hash_prameter_flag": "Y",
            "svc_list": "SVC202,SVC710",
            "third_party": kind,
        },
    )
    account = login.get("account") if isinstance(login, dict) else None
    if status != 200 or not isinstance(account, dict):
        raise ThinQThirdPartyError(f"LG refused the {kind} sign-in")
    try:
        status, raw = await transport.fetch(
            "GET",
            f"{gateway.emp_spx_uri}/searchKey?key_name=OAUTH_SECRETKEY&sever_type=OP",
        )
        secret = json.loads(raw.decode()).get("returnData") if status == 200 else None
    except ThinQConnectionError, UnicodeDecodeError, ValueError, AttributeError:
        secret = None
    if not isinstance(secret, str) or not secret:
        raise ThinQThirdPartyError(
            f"LG no longer lets other apps complete a {kind} sign-in (its searchKey "
            "service is gone)"
        )
    emp_form = {
        "account_type": _text(account, "userIDType", "Account"),
        "client_id": CLIENT_ID,
        "country_code": _text(account, "country", "Account"),
        "username": _text(account, "userID", "Account"),
    }
    date = oauth_date()
    _, token = await transport.request_json(
        "POST",
        lg_host_url(gateway.gateway_url, EMP_OAUTH_HOST) + EMP_SESSION_PATH,
        headers={
            "lgemp-x-app-key": EMP_APP_KEY,
            "lgemp-x-date": date,
            "lgemp-x-session-key": _text(account, "loginSessionID", "Account"),
            "lgemp-x-signature": oauth_signature(
                f"{EMP_SESSION_PATH}?{urlencode(emp_form)}\n{date}", secret
            ),
            "Accept": "application/json",
        },
        form=emp_form,
    )
    if not isinstance(token, dict) or str(token.get("status")) != "1":
        raise ThinQThirdPartyError(f"LG refused the {kind} sign-in (token)")
    return _tokens(token)


async def fetch_user_number(
    transport: Transport, oauth_base: str, access_token: str
) -> str:
    """Return the account's user number (core_async:692-725; nVuln Auth.ts:399-422)."""
    date = oauth_date()
    _, answer = await transport.request_json(
        "GET",
        f"{oauth_base.rstrip('/')}{PROFILE_PATH}",
        headers={
            "Accept": "application/json",
            "Authorization": f"Bearer {access_token}",
            "X-Lge-Svccode": SVC_CODE,
            "X-Application-Key": SPX_APPLICATION_KEY,
            "lgemp-x-app-key": CLIENT_ID,
            "X-Device-Type": "M01",
            "X-Device-Platform": "ADR",
            "x-lge-oauth-date": date,
            "x-lge-oauth-signature": oauth_signature(f"{PROFILE_PATH}\n{date}"),
        },
    )
    if not isinstance(answer, dict):
        raise ThinQResponseError("Profile answer is not a JSON object")
    if str(answer.get("status")) != "1":
        raise ThinQAuthError("LG did not accept the access token for the profile")
    account = answer.get("account")
    if not isinstance(account, dict):
        raise ThinQResponseError("Profile answer lacks the account")
    return _text(account, "userNo", "Profile")
