"""The asynchronous LG ThinQ client: an account's ThinQ1 appliances, as live clients reach them.

Follows ollo69/ha-smartthinq-sensors @ ccaac04 (``wideq/core_async.py``, cited
``core_async``; ``device.py``); the account's session (gateway, tokens, the signed call)
is account.py's.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
import json
import logging
from typing import Any, TypedDict, Unpack
import uuid

import aiohttp

from .account import ThinQAccount
from .air_conditioner import AirConditioner, AirConditionerState, Command, FilterState
from .appliances import ApplianceInfo
from .auth import (
    RefreshTokenSignIn,
    SignIn,
    ThirdPartySignIn,
    exchange_code,
    trade_third_party,
)
from .const import (
    DEFAULT_COUNTRY,
    DEFAULT_GATEWAY_URL,
    DEFAULT_LANGUAGE,
    LEGACY_GATEWAY_URL,
)
from .errors import (
    APPLIANCE_ERRORS,
    ThinQAuthError,
    ThinQConnectionError,
    ThinQError,
    ThinQInvalidRequestError,
    ThinQModelError,
    ThinQResponseError,
    ThinQTermsError,
    ThinQUnsupportedError,
)
from .gateway import Gateway, discover, legacy_oauth_base
from .model_info import ModelInfo, to_number
from .monitor import control_command, monitor_command, parse_result
from .transport import Transport

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Appliance:
    """An air conditioner of the account, with its model document read."""

    info: ApplianceInfo
    ac: AirConditioner

    @classmethod
    def from_document(cls, info: ApplianceInfo, document: object) -> Appliance:
        """Read a model document; a document that cannot be used raises ThinQModelError."""
        return cls(info, AirConditioner(ModelInfo(document)))


async def discover_gateway(
    session: aiohttp.ClientSession,
    *,
    gateway_url: str = DEFAULT_GATEWAY_URL,
    country: str = DEFAULT_COUNTRY,
    language: str = DEFAULT_LANGUAGE,
    request_timeout: float = 30,
) -> Gateway:
    """Ask LG's route gateway which hosts serve ``country`` and ``language``."""
    transport = Transport(session, timeout=request_timeout)
    return await discover(transport, _route_url(gateway_url), country, language)


async def complete_sign_in(
    session: aiohttp.ClientSession,
    gateway: Gateway,
    sign_in: SignIn,
    *,
    request_timeout: float = 30,
) -> str:
    """Finish a browser sign-in; return the refresh token it yields."""
    if isinstance(sign_in, RefreshTokenSignIn):
        return sign_in.refresh_token
    transport = Transport(session, timeout=request_timeout)
    if isinstance(sign_in, ThirdPartySignIn):
        return (await trade_third_party(transport, gateway, sign_in)).refresh_token
    oauth_base = gateway.oauth_base or await legacy_oauth_base(transport, gateway)
    tokens = await exchange_code(transport, gateway, oauth_base, sign_in)
    return tokens.refresh_token


def _route_url(gateway_url: str) -> str:
    """Return the route gateway for an entry made when the kic gateway was the way in."""
    return DEFAULT_GATEWAY_URL if gateway_url == LEGACY_GATEWAY_URL else gateway_url


class ClientOptions(TypedDict, total=False):
    """How a client reaches LG besides its token and gateway (ThinQAccount's keywords)."""

    country: str
    language: str
    request_timeout: float
    clock: Callable[[], float]


class ThinQClient(ThinQAccount):
    """An LG ThinQ account: tokens, appliances, monitoring and control."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        refresh_token: str,
        gateway_url: str = DEFAULT_GATEWAY_URL,
        **options: Unpack[ClientOptions],
    ) -> None:
        """Initialise; nothing is sent until the first call."""
        super().__init__(
            session,
            refresh_token=refresh_token,
            gateway_url=_route_url(gateway_url),
            **options,
        )
        self._device_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._monitors: dict[str, str] = {}
        # Polls left before the control permission is released (device.py:541-564, 663-671).
        self._pending_release: dict[str, int] = {}

    # Appliances.
    async def get_appliances(self) -> list[ApplianceInfo]:
        """Return the account's appliances from the dashboard (core_async:1257-1273)."""

        async def send(gateway: Gateway, headers: dict[str, str]) -> Any:
            headers.pop("x-thinq-security-key", None)
            return await self._transport.get_v2(
                f"{gateway.thinq2_uri}/service/application/dashboard", headers
            )

        result = await self._call(send)
        if not isinstance(result, dict):
            raise ThinQResponseError("Dashboard answer has no result object")
        items = result.get("item") or []
        appliances = []
        for item in items if isinstance(items, list) else [items]:
            try:
                appliances.append(ApplianceInfo.from_api(item))
            except ThinQResponseError as err:
                _LOGGER.debug("Skipping an appliance entry: %s", err)
        return appliances

    async def fetch_model(self, info: ApplianceInfo) -> Any:
        """Download an appliance's model document (a plain GET: core_async:1752-1783)."""
        if info.model_url is None:
            raise ThinQModelError("LG lists no model document for the appliance")
        try:
            status, raw = await self._transport.fetch("GET", info.model_url)
        except ThinQConnectionError as err:
            raise ThinQModelError(f"The content host did not answer: {err}") from err
        if status != 200:
            raise ThinQModelError(f"The content host answered HTTP {status}")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as err:
            raise ThinQModelError("The model document is not JSON") from err

    # Monitoring (core_async:1284-1344; device.py:287-334).
    async def _start_monitor(self, device_id: str) -> str:
        work_id = str(uuid.uuid4())
        root = await self._thinq1(
            "rti/rtiMon", monitor_command(device_id, work_id, start=True)
        )
        answered = root.get("workId")
        work_id = answered if isinstance(answered, str) and answered else work_id
        self._monitors[device_id] = work_id
        return work_id

    async def _stop_monitor(self, device_id: str, work_id: str) -> None:
        self._monitors.pop(device_id, None)
        try:
            await self._thinq1(
                "rti/rtiMon", monitor_command(device_id, work_id, start=False)
            )
        except ThinQAuthError, ThinQTermsError:
            raise
        except ThinQError as err:
            _LOGGER.debug("Stopping a monitor failed: %s", err)

    async def poll(self, appliance: Appliance) -> AirConditionerState | None:
        """Return the appliance's state, or None while its monitor warms up."""
        device_id = appliance.info.device_id
        async with self._device_locks[device_id]:
            try:
                work_id = self._monitors.get(device_id) or await self._start_monitor(
                    device_id
                )
                root = await self._thinq1(
                    "rti/rtiResult",
                    {"workList": [{"deviceId": device_id, "workId": work_id}]},
                )
                result = parse_result(root, device_id, work_id)
            except APPLIANCE_ERRORS:
                self._monitors.pop(device_id, None)
                raise
            await self._release_after_poll(device_id)
            if result.failed:
                _LOGGER.debug("Monitor answered %s; restarting it", result.code)
                await self._stop_monitor(device_id, work_id)
                await self._start_monitor(device_id)
                return None
        if result.data is None:
            return None
        return appliance.ac.state(appliance.ac.model.decode(result.data))

    async def poll_all(
        self, appliances: Sequence[Appliance]
    ) -> dict[str, AirConditionerState | ThinQError | None]:
        """Poll appliances at once; appliance errors are returned, account errors raised."""
        await self._ensure_token()

        async def one(appliance: Appliance) -> AirConditionerState | ThinQError | None:
            try:
                return await self.poll(appliance)
            except APPLIANCE_ERRORS as err:
                return err

        results = await asyncio.gather(*(one(a) for a in appliances))
        return {
            appliance.info.device_id: result
            for appliance, result in zip(appliances, results, strict=True)
        }

    # Control (core_async:1346-1379, 1437-1439).
    async def control(self, appliance: Appliance, command: Command) -> None:
        """Set values on the appliance (``rti/rtiControl`` Control Set)."""
        device_id = appliance.info.device_id
        await self._thinq1(
            "rti/rtiControl",
            control_command("Control", "Set", dict(command.values), device_id),
        )
        self._pending_release[device_id] = 2

    async def _release_after_poll(self, device_id: str) -> None:
        """Give the control permission back the poll after next (device.py:663-671, 807).

        LG's app stays locked out while a client holds it (sampsyo/wideq#80).
        """
        left = self._pending_release.get(device_id, 0)
        if left <= 0:
            return
        if left == 1:
            try:
                await self._thinq1("rti/delControlPermission", {"deviceId": device_id})
            except ThinQAuthError, ThinQTermsError:
                raise
            except ThinQError as err:
                _LOGGER.debug("Releasing the control permission failed: %s", err)
        self._pending_release[device_id] = left - 1

    async def _config(self, appliance: Appliance, key: str) -> Any:
        """Read a configuration (``Config Get``), base64 JSON (core_async:1412-1431)."""
        device_id = appliance.info.device_id
        try:
            root = await self._thinq1(
                "rti/rtiControl", control_command("Config", "Get", key, device_id)
            )
        except ThinQInvalidRequestError as err:
            raise ThinQUnsupportedError(f"The model does not answer {key}") from err
        self._pending_release.setdefault(device_id, 1)
        encoded = root.get("returnData")
        if not isinstance(encoded, str):
            raise ThinQResponseError(f"Config answer for {key} has no returnData")
        try:
            return json.loads(base64.b64decode(encoded, validate=True).decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError, ValueError) as err:
            raise ThinQResponseError(
                f"Config answer for {key} is not base64 JSON"
            ) from err

    async def read_power(self, appliance: Appliance) -> float:
        """Return the unit's instant power in W (``Config Get InOutInstantPower``).

        A model that answers 9000 does not report it (ac.py:816-827).
        """
        answer = await self._config(appliance, "InOutInstantPower")
        value = answer.get("InOutInstantPower") if isinstance(answer, dict) else None
        if (power := to_number(value)) is None or power < 0:
            raise ThinQResponseError("The power answer holds no number")
        return power

    async def read_filter(self, appliance: Appliance) -> FilterState:
        """Return the filter's use (``Config Get Filter``: ac.py:163-166, 829-839)."""
        answer = await self._config(appliance, "Filter")
        numbers = [
            to_number(answer.get(key)) if isinstance(answer, dict) else None
            for key in ("UseTime", "ChangePeriod")
        ]
        used, period = numbers
        if used is None or period is None or used < 0 or period <= 0:
            raise ThinQResponseError("The filter answer holds no usable numbers")
        return FilterState(int(used), int(period))

    async def close(self) -> None:
        """Stop every monitor (the aiohttp session stays the caller's)."""
        for device_id, work_id in list(self._monitors.items()):
            try:
                await self._stop_monitor(device_id, work_id)
            except ThinQError as err:
                _LOGGER.debug("Stopping a monitor on close failed: %s", err)
