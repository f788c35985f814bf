"""HTTP exchanges with a SEW portal, in either flavor.

The transports know URLs, headers, envelopes and encryption; they hand back the answer's
payload and raise the library's typed errors for everything else.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Mapping
from dataclasses import dataclass, field as dataclass_field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
import json
import re
from typing import Any

import aiohttp
from yarl import URL

from .crypto import decrypt, encrypt_query
from .errors import (
    PortalFailureError,
    SewAuthError,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
    TokenRejectedError,
)
from .models import Encryption, Flavor, Portal
from .parsing import Row, field, parse_bool, parse_text, rows

_TOKEN_REJECTED = re.compile(
    r"token.*(expire|invalid|not valid)|(invalid|expired).*token|session.*expire",
    re.IGNORECASE,
)
_TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.IGNORECASE | re.DOTALL)
_FAILED_STATUS = frozenset({"0", "-1", "false"})
_MAX_MESSAGE = 200


@dataclass(slots=True)
class Session:
    """A logged-in session: who, with which token, and the login's own rows."""

    user_id: str
    token: str
    rows: list[Row] = dataclass_field(default_factory=list)


def portal_message(value: object) -> str:
    """Return a portal message made safe to show: text, one line, shortened."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text[:_MAX_MESSAGE]


def _failed(status: object) -> bool:
    """Tell whether a status field says the call failed."""
    return status is not None and str(status).strip().casefold() in _FAILED_STATUS


def _retry_after(value: str | None) -> float | None:
    """Parse a Retry-After header: seconds or an HTTP date."""
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except TypeError, ValueError, IndexError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def _login_failure(message: str) -> SewAuthError:
    """Classify a failed login by the portal's message."""
    folded = message.casefold()
    if "lock" in folded:
        return SewAuthError(f"The account is locked: {message}")
    if ("two" in folded and "factor" in folded) or "otp" in folded:
        return SewAuthError(f"The account requires two-factor login: {message}")
    return SewAuthError(f"The portal refused the login: {message or 'no reason given'}")


def _check_two_factor(row: Row) -> None:
    """Refuse logins that stop at a second factor: the client cannot answer one."""
    try:
        two_factor = parse_bool(field(row, "IsTwoFactor", "TwoFactorEnabled"))
    except SewResponseError:
        two_factor = False
    if two_factor:
        raise SewAuthError(
            "The account requires two-factor login, which this client cannot complete"
        )


class Transport:
    """What both flavors share: one HTTP exchange and its error mapping."""

    def __init__(
        self, http: aiohttp.ClientSession, portal: Portal, request_timeout: float
    ) -> None:
        """Keep the HTTP session, where the portal is and how long to wait for it."""
        self._http = http
        self.portal = portal
        self._timeout = request_timeout
        self.request_count = 0

    async def post(self, url: str, body: object, headers: Mapping[str, str]) -> Any:
        """POST a JSON body and return the decoded JSON answer."""
        where = URL(url).path
        self.request_count += 1
        try:
            async with (
                asyncio.timeout(self._timeout),
                self._http.post(url, json=body, headers=headers) as response,
            ):
                raw = await response.read()
                status = response.status
                content_type = response.content_type
                retry_after = response.headers.get("Retry-After")
        except TimeoutError:
            raise SewConnectionError(
                f"The portal did not answer {where} within {self._timeout:g} s"
            ) from None
        except aiohttp.ClientError as err:
            raise SewConnectionError(
                f"Could not reach the portal at {URL(url).host}: {type(err).__name__}"
            ) from err
        text = raw.decode("utf-8", errors="replace")
        if status == 429:
            wait = _retry_after(retry_after)
            hint = f"; retry after {wait:g} s" if wait is not None else ""
            raise SewRateLimitError(f"The portal is rate limiting requests{hint}", wait)
        if status == 401:
            raise TokenRejectedError(
                f"The portal refused the session for {where} (HTTP 401)"
            )
        if content_type == "text/html" or text.lstrip().startswith("<"):
            title = _TITLE.search(text)
            page = f" ({portal_message(title.group(1))})" if title else ""
            raise SewConnectionError(
                f"The portal answered {where} with an HTML page{page}, HTTP {status}, instead of data"
            )
        if status >= 500:
            raise SewConnectionError(
                f"The portal failed to answer {where} (HTTP {status})"
            )
        if status == 403:
            raise SewAuthError(f"The portal forbids {where} (HTTP 403)")
        if status >= 400:
            raise SewResponseError(
                f"The portal rejected the request to {where} (HTTP {status})"
            )
        try:
            return json.loads(text)
        except ValueError:
            raise SewResponseError(
                f"The portal's answer to {where} is not valid JSON"
            ) from None


class MobileTransport(Transport):
    """The mobile flavor: `PortalService/{Module}.svc/{Method}Mob` with encrypted parameters."""

    @property
    def encryption(self) -> Encryption:
        """Return the encryption variant, `none` when the portal does not say."""
        return self.portal.encryption or Encryption.NONE

    def url(self, module: str, method: str) -> str:
        """Return a call's URL."""
        return f"{self.portal.base_url}/PortalService/{module}.svc/{method}Mob"

    async def exchange(
        self, module: str, method: str, params: Mapping[str, str]
    ) -> Any:
        """Send one call and return its decoded payload, before any status check."""
        body: object = (
            dict(params)
            if self.encryption is Encryption.NONE
            else encrypt_query(params, self.encryption)
        )
        answer = await self.post(
            self.url(module, method), body, {"Content-Type": "application/json"}
        )
        return self.decode(answer)

    def decode(self, answer: object) -> Any:
        """Unwrap WCF's `{"d": ...}` / `{"XResult": ...}` and decrypt or parse string payloads."""
        while (
            isinstance(answer, dict)
            and len(answer) == 1
            and (key := next(iter(answer))) is not None
            and (key == "d" or key.endswith("Result"))
        ):
            answer = answer[key]
        if not isinstance(answer, str):
            return answer
        text = answer.strip()
        if not text.startswith(("{", "[")):
            text = self._decrypt(text)
        try:
            return json.loads(text)
        except ValueError:
            raise SewResponseError(
                "The portal's answer holds text that is not JSON"
            ) from None

    def _decrypt(self, text: str) -> str:
        """Decrypt an encrypted answer, trying this portal's variant first."""
        variants = [self.encryption, Encryption.ANDROID, Encryption.IOS]
        for variant in dict.fromkeys(v for v in variants if v is not Encryption.NONE):
            try:
                clear = decrypt(text, variant)
                json.loads(clear)
            except SewResponseError, ValueError:
                continue
            return clear
        raise SewResponseError(
            "The portal sent an encrypted answer that does not decrypt"
        )

    @staticmethod
    def check(payload: object) -> Any:
        """Raise for a failure status (`STATUS` "0") and return the payload."""
        if not isinstance(payload, Mapping | list):
            raise SewResponseError(
                f"Unexpected answer of type {type(payload).__name__}"
            )
        row: object = payload
        if isinstance(payload, Mapping) and "STATUS" not in payload:
            table = payload.get("Table")
            row = table[0] if isinstance(table, list) and table else None
        elif isinstance(payload, list):
            row = payload[0] if payload else None
        if isinstance(row, Mapping) and _failed(row.get("STATUS")):
            message = portal_message(field(row, "Message"))
            if _TOKEN_REJECTED.search(message):
                raise TokenRejectedError(f"The portal rejected the session: {message}")
            raise PortalFailureError(
                f"The portal reported a failure: {message}", message
            )
        return payload

    async def login(self, username: str, password_sha256: str) -> Session:
        """Log in with the password digest."""
        payload = await self.exchange(
            "UserLogin",
            "ValidateUserLogin",
            {"UserId": username, "Password": password_sha256},
        )
        try:
            self.check(payload)
        except TokenRejectedError as err:
            raise SewAuthError(str(err)) from err
        except PortalFailureError as err:
            raise _login_failure(err.portal_message) from err
        found = rows(payload, "Table")
        if not found:
            raise SewResponseError("The login answer has no rows")
        _check_two_factor(found[0])
        token = parse_text(field(found[0], "LoginToken", "SessionToken"))
        user_id = parse_text(field(found[0], "UserID", "UserId")) or username
        if token is None:
            raise SewResponseError("The login answer has no LoginToken")
        return Session(user_id, token, found)

    async def call(
        self, module: str, method: str, params: Mapping[str, str], session: Session
    ) -> Any:
        """Call a method with the session's token and return its payload."""
        full = {"UserID": session.user_id, "LoginToken": session.token, **params}
        return self.check(await self.exchange(module, method, full))


class ApiTransport(Transport):
    """The API flavor: `API/{Module}/{Method}` with Basic tokens and a status envelope."""

    def url(self, module: str, method: str) -> str:
        """Return a call's URL."""
        return f"{self.portal.base_url}/API/{module}/{method}"

    @staticmethod
    def basic(user: str, secret: str) -> str:
        """Return a Basic authorization header value."""
        return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode("ascii")

    @staticmethod
    def unwrap(answer: object) -> Any:
        """Check the `{responsestatus, result: {Status, Message, Data}}` envelope, return Data."""
        if not isinstance(answer, Mapping):
            raise SewResponseError("The portal's answer is not an object")
        result = field(answer, "result")
        if not isinstance(result, Mapping):
            if _failed(field(answer, "responsestatus")):
                raise SewResponseError("The portal refused the request as malformed")
            raise SewResponseError("The portal's answer has no result")
        message = portal_message(field(result, "Message"))
        if _failed(field(result, "Status")):
            if _TOKEN_REJECTED.search(message):
                raise TokenRejectedError(f"The portal rejected the session: {message}")
            raise PortalFailureError(
                f"The portal reported a failure: {message}", message
            )
        return field(result, "Data")

    async def login(self, username: str, password: str) -> Session:
        """Get a login key, then validate the credentials with it."""
        try:
            ids = self.unwrap(
                await self.post(self.url("UserLogin", "GetId"), {}, {"SourceType": "0"})
            )
            if not isinstance(ids, Mapping):
                raise SewResponseError("The GetId answer has no key")
            key = parse_text(field(ids, "key"))
            token_id = parse_text(field(ids, "tokenId"))
            if key is None or token_id is None:
                raise SewResponseError("The GetId answer has no key and tokenId")
            data = self.unwrap(
                await self.post(
                    self.url("UserLogin", "ValidateUserLogin"),
                    {
                        "UserId": username,
                        "password": password,
                        "deviceType": "Android",
                        "OperatingSystem": "Android",
                        "TimeOffSet": "0",
                        "LanguageCode": "EN",
                    },
                    {"SourceType": "0", "Authorization": self.basic(key, token_id)},
                )
            )
        except TokenRejectedError as err:
            raise SewAuthError(str(err)) from err
        except PortalFailureError as err:
            raise _login_failure(err.portal_message) from err
        found = rows(data, "Table")
        if not found:
            raise SewResponseError("The login answer has no rows")
        _check_two_factor(found[0])
        user_id = parse_text(field(found[0], "UserID", "UserId"))
        token = parse_text(field(found[0], "SessionToken", "LoginToken"))
        if user_id is None or token is None:
            raise SewResponseError("The login answer has no UserID and SessionToken")
        return Session(user_id, token, found)

    async def call(
        self, module: str, method: str, params: Mapping[str, str], session: Session
    ) -> Any:
        """Call a method with the session's Basic token and return its Data."""
        headers = {
            "SourceType": "1",
            "Authorization": self.basic(session.user_id, session.token),
        }
        return self.unwrap(
            await self.post(
                self.url(module, method), {"UserID": session.user_id, **params}, headers
            )
        )


def make_transport(
    http: aiohttp.ClientSession, portal: Portal, request_timeout: float
) -> MobileTransport | ApiTransport:
    """Return the transport for a portal's flavor."""
    if portal.flavor is Flavor.API:
        return ApiTransport(http, portal, request_timeout)
    return MobileTransport(http, portal, request_timeout)
