"""HTTP transport: the lgedm envelope, its headers and its result codes."""

from __future__ import annotations

from collections.abc import Mapping
import json
from typing import Any

import aiohttp

from .const import (
    APP_KEY,
    CODE_NOT_CONNECTED,
    CODE_TERMS,
    DATA_ROOT,
    RESULT_OK,
    SECURITY_KEY,
    SESSION_CODES,
)
from .errors import (
    ThinQConnectionError,
    ThinQDeviceOfflineError,
    ThinQError,
    ThinQResponseError,
    ThinQTermsError,
)


class SessionExpiredError(ThinQError):
    """LG no longer accepts the session (0102, 9003); the client logs in again."""

    def __init__(self, code: str) -> None:
        """Initialise with the code LG answered."""
        super().__init__(f"LG ThinQ session is not valid (code {code})")
        self.code = code


def normalize_code(raw: object) -> str:
    """Return a result code as LG's four-character string (codes may be integers)."""
    if isinstance(raw, bool):
        raise ThinQResponseError(f"LG ThinQ answered an invalid result code {raw!r}")
    if isinstance(raw, int):
        return f"{raw:04d}"
    if isinstance(raw, str):
        return raw.strip()
    raise ThinQResponseError(f"LG ThinQ answered an invalid result code {raw!r}")


def raise_for_code(code: str, message: object) -> None:
    """Raise the typed error for a result code other than ``0000``."""
    if code == RESULT_OK:
        return
    if code in SESSION_CODES:
        raise SessionExpiredError(code)
    if code == CODE_NOT_CONNECTED:
        raise ThinQDeviceOfflineError(
            "The device is not connected to LG ThinQ (code 0106)"
        )
    if code == CODE_TERMS:
        raise ThinQTermsError(
            "LG asks the account holder to accept new terms in the LG ThinQ app (code 0110)"
        )
    text = message if isinstance(message, str) and message else "request failed"
    raise ThinQResponseError(f"LG ThinQ rejected the request: {text[:200]}", code)


def unwrap_envelope(body: object) -> dict[str, Any]:
    """Return the ``lgedmRoot`` object of an answer, raising typed errors for bad codes."""
    if not isinstance(body, dict) or not isinstance(root := body.get(DATA_ROOT), dict):
        raise ThinQResponseError(f"LG ThinQ answer has no {DATA_ROOT} object")
    if "returnCd" in root:
        raise_for_code(normalize_code(root["returnCd"]), root.get("returnMsg"))
    return root


class Transport:
    """Make HTTP requests to LG and turn every failure into a typed error."""

    def __init__(self, session: aiohttp.ClientSession, *, timeout: float) -> None:
        """Initialise with the caller's aiohttp session and a per-request timeout."""
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self.request_count = 0

    async def request_json(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        json_body: object = None,
        form: Mapping[str, str] | None = None,
    ) -> Any:
        """Send a request and return its JSON answer (any status below 500)."""
        self.request_count += 1
        try:
            async with self._session.request(
                method,
                url,
                headers=dict(headers or {}),
                json=json_body,
                data=form,
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                status = response.status
                raw = await response.read()
        except TimeoutError as err:
            raise ThinQConnectionError("LG ThinQ did not answer in time") from err
        except aiohttp.ClientError as err:
            raise ThinQConnectionError(
                f"Cannot reach LG ThinQ: {type(err).__name__}"
            ) from err
        if status >= 500:
            raise ThinQConnectionError(f"LG ThinQ answered HTTP {status}")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as err:
            if status >= 300:
                raise ThinQConnectionError(f"LG ThinQ answered HTTP {status}") from err
            raise ThinQResponseError(
                "LG ThinQ answered something that is not JSON"
            ) from err

    async def lgedm_post(
        self,
        url: str,
        data: Mapping[str, Any] | None = None,
        *,
        access_token: str | None = None,
        session_id: str | None = None,
    ) -> dict[str, Any]:
        """Post ``{"lgedmRoot": data}`` and return the answer's ``lgedmRoot``."""
        headers = {
            "x-thinq-application-key": APP_KEY,
            "x-thinq-security-key": SECURITY_KEY,
            "Accept": "application/json",
        }
        if access_token:
            headers["x-thinq-token"] = access_token
        if session_id:
            headers["x-thinq-jsessionId"] = session_id
        body = await self.request_json(
            "POST",
            url,
            headers=headers,
            json_body={DATA_ROOT: dict(data) if data else None},
        )
        return unwrap_envelope(body)
