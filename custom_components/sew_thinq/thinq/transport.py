"""HTTP transport: LG's two answer envelopes, the app headers and the result codes."""

from __future__ import annotations

from collections.abc import Mapping
import json
from typing import Any, TypedDict, Unpack
import uuid

import aiohttp

from .const import (
    APP_HEADERS,
    CLIENT_ID_CODES,
    CODE_DEVICE_NOT_FOUND,
    CODE_INVALID_REQUEST,
    CODE_TERMS,
    DATA_ROOT,
    RESULT_OK,
    SECURITY_KEY,
    SESSION_CODES,
    UNREACHABLE_CODES,
)
from .errors import (
    ThinQConnectionError,
    ThinQDeviceNotFoundError,
    ThinQDeviceOfflineError,
    ThinQError,
    ThinQInvalidRequestError,
    ThinQResponseError,
    ThinQTermsError,
)


class SessionExpiredError(ThinQError):
    """LG no longer accepts the access token (0102); the client refreshes it."""

    def __init__(self, code: str) -> None:
        """Initialise with the code LG answered."""
        super().__init__(f"LG ThinQ asks to sign in again (code {code})")
        self.code = code


class ClientIdRefusedError(ThinQError):
    """LG answered 9006/9012 ("use the official API"); the client takes a new id."""

    def __init__(self, code: str) -> None:
        """Initialise with the code LG answered."""
        super().__init__(f"LG ThinQ refused the client id (code {code})")
        self.code = code


def normalize_code(raw: object) -> str:
    """Return a result code as LG's four-character string (9000 arrives as an integer)."""
    if isinstance(raw, bool):
        raise ThinQResponseError(f"LG ThinQ answered an invalid result code {raw!r}")
    if isinstance(raw, int):
        return f"{raw:04d}"
    if isinstance(raw, str):
        return raw.strip()
    raise ThinQResponseError(f"LG ThinQ answered an invalid result code {raw!r:.20}")


def raise_for_code(code: str, message: object) -> None:
    """Raise the typed error of a result code other than ``0000``."""
    if code == RESULT_OK:
        return
    if code in SESSION_CODES:
        raise SessionExpiredError(code)
    if code in CLIENT_ID_CODES:
        raise ClientIdRefusedError(code)
    if code in UNREACHABLE_CODES:
        raise ThinQDeviceOfflineError(
            f"The appliance is not connected to LG ThinQ (code {code})"
        )
    if code == CODE_DEVICE_NOT_FOUND:
        raise ThinQDeviceNotFoundError("LG ThinQ no longer knows the appliance")
    if code == CODE_TERMS:
        raise ThinQTermsError(
            "LG asks the account holder to accept new terms in the LG ThinQ app "
            "(code 0110)"
        )
    text = message if isinstance(message, str) and message else "request failed"
    if code == CODE_INVALID_REQUEST:
        raise ThinQInvalidRequestError(f"LG ThinQ refused: {text[:200]}", code)
    raise ThinQResponseError(f"LG ThinQ rejected the request: {text[:200]}", code)


def unwrap_v1(body: object) -> dict[str, Any]:
    """Return the ``lgedmRoot`` object of a ThinQ1 answer, raising for bad codes."""
    if not isinstance(body, dict) or not isinstance(root := body.get(DATA_ROOT), dict):
        raise ThinQResponseError(f"LG ThinQ answer has no {DATA_ROOT} object")
    if "returnCd" in root:
        raise_for_code(normalize_code(root["returnCd"]), root.get("returnMsg"))
    return root


def unwrap_v2(body: object) -> Any:
    """Return the ``result`` of a ThinQ2 answer ``{resultCode, result}``."""
    if not isinstance(body, dict) or "resultCode" not in body:
        raise ThinQResponseError("LG ThinQ answer has no resultCode")
    raise_for_code(normalize_code(body["resultCode"]), body.get("result"))
    return body.get("result")


def app_headers(
    *,
    country: str,
    language: str,
    client_id: str,
    access_token: str | None = None,
    user_number: str | None = None,
    thinq1: bool = False,
) -> dict[str, str]:
    """Return the v2 app headers; ThinQ1 calls add the security key (core_async:295-333)."""
    headers = {
        "Accept": "application/json",
        **APP_HEADERS,
        "x-client-id": client_id,
        "x-country-code": country,
        "x-language-code": language,
        "x-message-id": str(uuid.uuid4()),
    }
    if thinq1:
        headers["x-thinq-security-key"] = SECURITY_KEY
    if access_token:
        headers["x-emp-token"] = access_token
    if user_number:
        headers["x-user-no"] = user_number
    return headers


class RequestContent(TypedDict, total=False):
    """What a request carries besides its method and address."""

    headers: Mapping[str, str]
    json_body: object
    form: Mapping[str, str]


class Transport:
    """Make HTTP requests to LG and turn every failure into a typed error."""

    def __init__(self, session: aiohttp.ClientSession, *, timeout: float) -> None:
        """Initialise with the caller's aiohttp session and a per-request timeout."""
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self.request_count = 0

    async def fetch(
        self, method: str, url: str, **content: Unpack[RequestContent]
    ) -> tuple[int, bytes]:
        """Send a request; return its status and body (connection failures raise)."""
        self.request_count += 1
        try:
            async with self._session.request(
                method,
                url,
                headers=dict(content.get("headers") or {}),
                json=content.get("json_body"),
                data=content.get("form"),
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise ThinQConnectionError("LG ThinQ did not answer in time") from err
        except aiohttp.ClientError as err:
            raise ThinQConnectionError(
                f"Cannot reach LG ThinQ: {type(err).__name__}"
            ) from err

    async def request_json(
        self, method: str, url: str, **content: Unpack[RequestContent]
    ) -> tuple[int, Any]:
        """Send a request; return its status and JSON answer (server errors raise).

        LG puts error codes in the bodies of 4xx answers too (nVuln request.ts:91-104),
        so any status below 500 with a JSON body is returned.
        """
        status, raw = await self.fetch(method, url, **content)
        if status >= 500:
            raise ThinQConnectionError(f"LG ThinQ answered HTTP {status}")
        try:
            return status, json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as err:
            if status >= 300:
                raise ThinQConnectionError(f"LG ThinQ answered HTTP {status}") from err
            raise ThinQResponseError(
                "LG ThinQ answered something that is not JSON"
            ) from err

    async def post_v1(
        self, url: str, data: Mapping[str, Any] | None, headers: Mapping[str, str]
    ) -> dict[str, Any]:
        """Post ``{"lgedmRoot": data}`` and return the answer's ``lgedmRoot``."""
        _, body = await self.request_json(
            "POST",
            url,
            headers=headers,
            json_body={DATA_ROOT: dict(data) if data is not None else None},
        )
        return unwrap_v1(body)

    async def get_v2(self, url: str, headers: Mapping[str, str]) -> Any:
        """Get a ThinQ2 resource and return its ``result``."""
        _, body = await self.request_json("GET", url, headers=headers)
        return unwrap_v2(body)
