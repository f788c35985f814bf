"""An LG ThinQ account's session: the gateway, the tokens and the signed ThinQ1 call.

Sign-in and tokens follow ollo69/ha-smartthinq-sensors @ ccaac04 (``wideq/core_async.py``,
cited ``core_async``): the route gateway, OAuth at ``/oauth/1.0/oauth2/token``, the user
number from the profile, no ``member/login``; ThinQ1 calls carry the v2 app headers with
the access token and user number.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
import hashlib
import logging
import time
from typing import Any

import aiohttp

from .auth import fetch_user_number, refresh_access_token
from .const import (
    DEFAULT_CLIENT_ID,
    DEFAULT_COUNTRY,
    DEFAULT_GATEWAY_URL,
    DEFAULT_LANGUAGE,
    REFRESH_MARGIN,
)
from .errors import ThinQError, ThinQResponseError
from .gateway import Gateway, discover, legacy_oauth_base
from .transport import ClientIdRefusedError, SessionExpiredError, Transport, app_headers

_LOGGER = logging.getLogger(__name__)


def _client_id(user_number: str) -> str:
    """Return a client id of the account's own (core_async:242-260)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    return hashlib.sha256((user_number + stamp).encode()).hexdigest()


class ThinQAccount:
    """An LG ThinQ account's session; the client adds its appliances."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        refresh_token: str,
        gateway_url: str = DEFAULT_GATEWAY_URL,
        country: str = DEFAULT_COUNTRY,
        language: str = DEFAULT_LANGUAGE,
        request_timeout: float = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Initialise with the route gateway to ask; nothing is sent until the first call."""
        self._transport = Transport(session, timeout=request_timeout)
        self._refresh_token = refresh_token
        self._gateway_url = gateway_url
        self._country = country
        self._language = language
        self._clock = clock
        self._gateway: Gateway | None = None
        self._oauth_base: str | None = None
        self._access_token: str | None = None
        self._refresh_at = 0.0
        self._generation = 0
        self._user_number: str | None = None
        self._client_id = DEFAULT_CLIENT_ID
        self._auth_lock = asyncio.Lock()
        self.refresh_count = 0

    @property
    def request_count(self) -> int:
        """Return how many HTTP requests the client has made."""
        return self._transport.request_count

    @property
    def gateway(self) -> Gateway | None:
        """Return the discovered gateway, if any yet."""
        return self._gateway

    @property
    def account_id(self) -> str:
        """Return the LG user number, the account's stable identity."""
        if self._user_number is None:
            raise ThinQError("The client is not connected yet")
        return self._user_number

    async def connect(self) -> None:
        """Discover the gateway, refresh the access token and read the user number."""
        await self._ensure_token()
        if self._user_number is None:
            assert self._oauth_base is not None
            assert self._access_token is not None
            self._user_number = await fetch_user_number(
                self._transport, self._oauth_base, self._access_token
            )
            self._client_id = _client_id(self._user_number)

    # Tokens.
    async def _ensure_gateway(self) -> Gateway:
        if self._gateway is None:
            self._gateway = await discover(
                self._transport, self._gateway_url, self._country, self._language
            )
        if self._oauth_base is None:
            self._oauth_base = self._gateway.oauth_base or await legacy_oauth_base(
                self._transport, self._gateway
            )
        return self._gateway

    async def _ensure_token(self) -> None:
        if self._access_token is None or self._clock() >= self._refresh_at:
            await self._refresh(self._generation)

    async def _refresh(self, seen_generation: int) -> None:
        """Refresh the access token once for every caller that saw it fail."""
        async with self._auth_lock:
            if (
                self._generation != seen_generation
                and self._access_token is not None
                and self._clock() < self._refresh_at
            ):
                return
            await self._ensure_gateway()
            assert self._oauth_base is not None
            token = await refresh_access_token(
                self._transport, self._oauth_base, self._refresh_token
            )
            self.refresh_count += 1
            self._access_token = token.token
            self._refresh_at = self._clock() + max(
                token.expires_in - REFRESH_MARGIN, token.expires_in / 2
            )
            self._generation += 1

    async def _call(self, send: Callable[[Gateway, dict[str, str]], Any]) -> Any:
        """Send with the app headers; refresh the token or the client id once if LG asks."""
        await self._ensure_token()
        refreshed = renamed = False
        while True:
            generation = self._generation
            assert self._gateway is not None
            try:
                return await send(self._gateway, self._headers(thinq1=True))
            except SessionExpiredError as err:
                if refreshed:
                    raise ThinQResponseError(
                        "LG refused a token it had just issued", err.code
                    ) from err
                refreshed = True
                _LOGGER.debug("LG asked to sign in again (%s)", err.code)
                await self._refresh(generation)
            except ClientIdRefusedError as err:
                if renamed or self._user_number is None:
                    raise ThinQResponseError(
                        "LG asks to use its official API", err.code
                    ) from err
                renamed = True
                _LOGGER.debug(
                    "LG refused the client id (%s); taking a new one", err.code
                )
                self._client_id = _client_id(self._user_number)

    def _headers(self, *, thinq1: bool) -> dict[str, str]:
        return app_headers(
            country=self._country,
            language=self._language,
            client_id=self._client_id,
            access_token=self._access_token,
            user_number=self._user_number,
            thinq1=thinq1,
        )

    async def _thinq1(self, path: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """Post to ``{thinq1Uri}/<path>`` (core_async:1140-1155)."""

        async def send(gateway: Gateway, headers: dict[str, str]) -> dict[str, Any]:
            return await self._transport.post_v1(
                f"{gateway.thinq1_uri}/{path}", data, headers
            )

        result: dict[str, Any] = await self._call(send)
        return result
