"""The asynchronous LG ThinQ v1 client."""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
import json
import logging
import time
from typing import Any
from urllib.parse import urljoin
import uuid

import aiohttp

from .auth import Gateway, discover, fetch_user_number, refresh_access_token
from .const import (
    DEFAULT_COUNTRY,
    DEFAULT_GATEWAY_URL,
    DEFAULT_LANGUAGE,
    REFRESH_MARGIN,
)
from .errors import (
    ThinQAuthError,
    ThinQDeviceOfflineError,
    ThinQError,
    ThinQResponseError,
    ThinQTermsError,
)
from .model_info import ModelInfo
from .monitor import monitor_command, parse_result
from .transport import SessionExpiredError, Transport

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """A device of the account, as ``device/deviceList`` describes it."""

    device_id: str
    alias: str
    model_name: str
    model_info_url: str
    device_type: int
    firmware: str | None
    online: bool | None
    mac_address: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, data: object) -> DeviceInfo:
        """Build from one ``item`` of the device list."""
        if not isinstance(data, dict):
            raise ThinQResponseError("Device entry is not an object")
        device_id, url = data.get("deviceId"), data.get("modelJsonUrl")
        if not isinstance(device_id, str) or not device_id:
            raise ThinQResponseError("Device entry has no deviceId")
        if not isinstance(url, str) or not url:
            raise ThinQResponseError("Device entry has no modelJsonUrl")
        try:
            device_type = int(data.get("deviceType", 0))
        except TypeError, ValueError:
            device_type = 0

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value else None

        online = data.get("online")
        return cls(
            device_id=device_id,
            alias=text("alias") or text("modelNm") or device_id,
            model_name=text("modelNm") or "",
            model_info_url=url,
            device_type=device_type,
            firmware=text("fwVer"),
            online=online if isinstance(online, bool) else None,
            mac_address=text("macAddress"),
            raw=data,
        )


def _items(root: Mapping[str, Any]) -> list[Any]:
    items = root.get("item", [])
    if items is None:
        return []
    return items if isinstance(items, list) else [items]


class ThinQClient:
    """An LG ThinQ v1 account: authentication, devices, monitoring and control."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        refresh_token: str,
        gateway_url: str = DEFAULT_GATEWAY_URL,
        country: str = DEFAULT_COUNTRY,
        language: str = DEFAULT_LANGUAGE,
        model_info_cache: dict[str, Any] | None = None,
        request_timeout: float = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Initialise; nothing is sent until the first call."""
        self._transport = Transport(session, timeout=request_timeout)
        self._refresh_token = refresh_token
        self._gateway_url = gateway_url
        self._country = country
        self._language = language
        self._model_info_cache: dict[str, Any] = dict(model_info_cache or {})
        self._models: dict[str, ModelInfo] = {}
        self._clock = clock
        self._gateway: Gateway | None = None
        self._access_token: str | None = None
        self._refresh_at = 0.0
        self._session_id: str | None = None
        self._generation = 0
        self._auth_lock = asyncio.Lock()
        self._model_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._device_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._monitors: dict[str, str] = {}
        self._account_id: str | None = None
        self.refresh_count = 0
        self.login_count = 0

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
        """Return the LG user number, a stable identity of the account."""
        if self._account_id is None:
            raise ThinQError("The client is not connected yet")
        return self._account_id

    @property
    def model_info_cache(self) -> dict[str, Any]:
        """Return downloaded model info by URL (JSON-serialisable, to persist)."""
        return dict(self._model_info_cache)

    async def connect(self) -> None:
        """Discover the gateway, refresh the access token, log in, read the account id."""
        await self._ensure_session()
        if self._account_id is None:
            assert self._gateway is not None
            assert self._access_token is not None
            self._account_id = await fetch_user_number(
                self._transport, self._gateway, self._access_token
            )

    async def _ensure_gateway(self) -> Gateway:
        if self._gateway is None:
            self._gateway = await discover(
                self._transport,
                gateway_url=self._gateway_url,
                country=self._country,
                language=self._language,
            )
        return self._gateway

    async def _ensure_session(self) -> None:
        if self._session_id is None or self._clock() >= self._refresh_at:
            await self._reauthenticate(self._generation)

    async def _reauthenticate(self, seen_generation: int) -> None:
        """Refresh the access token and start a new session, once for all waiters."""
        async with self._auth_lock:
            if (
                self._generation != seen_generation
                and self._session_id is not None
                and self._clock() < self._refresh_at
            ):
                return
            gateway = await self._ensure_gateway()
            token = await refresh_access_token(
                self._transport, gateway, self._refresh_token
            )
            self.refresh_count += 1
            self._access_token = token.token
            self._session_id = None
            self._refresh_at = self._clock() + max(
                token.expires_in - REFRESH_MARGIN, token.expires_in / 2
            )
            try:
                root = await self._transport.lgedm_post(
                    urljoin(gateway.api_root + "/", "member/login"),
                    {
                        "countryCode": gateway.country,
                        "langCode": gateway.language,
                        "loginType": "EMP",
                        "token": token.token,
                    },
                )
            except SessionExpiredError as err:
                raise ThinQResponseError(
                    "LG refused a session for a fresh access token", err.code
                ) from err
            session_id = root.get("jsessionId")
            if not isinstance(session_id, str) or not session_id:
                raise ThinQResponseError("Login answer has no jsessionId")
            self.login_count += 1
            self._session_id = session_id
            self._generation += 1
            _LOGGER.debug("Started LG ThinQ session %d", self._generation)

    async def _api(
        self, path: str, data: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Post to the API root with the session, logging in again once if LG asks."""
        await self._ensure_session()
        for attempt in range(2):
            generation = self._generation
            assert self._gateway is not None
            try:
                return await self._transport.lgedm_post(
                    urljoin(self._gateway.api_root + "/", path),
                    data,
                    access_token=self._access_token,
                    session_id=self._session_id,
                )
            except SessionExpiredError as err:
                if attempt:
                    raise ThinQResponseError(
                        "LG rejected a session it had just started", err.code
                    ) from err
                _LOGGER.debug(
                    "LG ThinQ session expired (%s); logging in again", err.code
                )
                await self._reauthenticate(generation)
        raise AssertionError  # pragma: no cover

    async def get_devices(self) -> list[DeviceInfo]:
        """Return the account's devices."""
        root = await self._api("device/deviceList")
        devices = []
        for item in _items(root):
            try:
                devices.append(DeviceInfo.from_api(item))
            except ThinQResponseError as err:
                _LOGGER.debug("Skipping a device entry: %s", err)
        return devices

    async def get_model_info(self, device: DeviceInfo) -> ModelInfo:
        """Return the model info of a device, downloaded once per model URL."""
        url = device.model_info_url
        if (model := self._models.get(url)) is not None:
            return model
        async with self._model_locks[url]:
            if (model := self._models.get(url)) is not None:
                return model
            if (cached := self._model_info_cache.get(url)) is not None:
                try:
                    model = ModelInfo(cached)
                except ThinQResponseError:
                    del self._model_info_cache[url]
            if model is None:
                data = await self._transport.request_json(
                    "GET", url, headers={"Accept": "application/json"}
                )
                model = ModelInfo(data)
                self._model_info_cache[url] = data
            self._models[url] = model
            return model

    async def _start_monitor(self, device_id: str) -> str:
        work_id = str(uuid.uuid4())
        root = await self._api(
            "rti/rtiMon", monitor_command(device_id, work_id, start=True)
        )
        answered = root.get("workId")
        work_id = answered if isinstance(answered, str) and answered else work_id
        self._monitors[device_id] = work_id
        return work_id

    async def _stop_monitor(self, device_id: str, work_id: str) -> None:
        self._monitors.pop(device_id, None)
        try:
            await self._api(
                "rti/rtiMon", monitor_command(device_id, work_id, start=False)
            )
        except ThinQAuthError, ThinQTermsError:
            raise
        except ThinQError as err:
            _LOGGER.debug("Stopping a monitor failed: %s", err)

    async def poll(self, device: DeviceInfo) -> dict[str, Any] | None:
        """Return the device's decoded status, or None while its monitor warms up."""
        model = await self.get_model_info(device)
        device_id = device.device_id
        async with self._device_locks[device_id]:
            try:
                work_id = self._monitors.get(device_id) or await self._start_monitor(
                    device_id
                )
                root = await self._api(
                    "rti/rtiResult",
                    {"workList": [{"deviceId": device_id, "workId": work_id}]},
                )
                result = parse_result(root, device_id, work_id)
                if result.failed:
                    _LOGGER.debug("Monitor answered %s; restarting it", result.code)
                    await self._stop_monitor(device_id, work_id)
                    await self._start_monitor(device_id)
                    return None
            except ThinQDeviceOfflineError:
                self._monitors.pop(device_id, None)
                raise
        if result.data is None:
            return None
        return model.decode(result.data)

    async def poll_all(
        self, devices: Sequence[DeviceInfo]
    ) -> dict[str, dict[str, Any] | ThinQError | None]:
        """Poll devices concurrently; device errors are returned, account errors raised."""
        await self._ensure_session()

        async def one(device: DeviceInfo) -> dict[str, Any] | ThinQError | None:
            try:
                return await self.poll(device)
            except ThinQAuthError, ThinQTermsError:
                raise
            except ThinQError as err:
                return err

        results = await asyncio.gather(
            *(one(d) for d in devices), return_exceptions=True
        )
        out: dict[str, dict[str, Any] | ThinQError | None] = {}
        for device, result in zip(devices, results, strict=True):
            if isinstance(result, BaseException) and not isinstance(result, ThinQError):
                raise result  # pragma: no cover
            if isinstance(result, ThinQAuthError | ThinQTermsError):
                raise result
            out[device.device_id] = result
        return out

    async def set_values(self, device: DeviceInfo, values: Mapping[str, str]) -> None:
        """Set raw values on the device (``rti/rtiControl`` Set)."""
        await self._api(
            "rti/rtiControl",
            {
                "cmd": "Control",
                "cmdOpt": "Set",
                "value": dict(values),
                "deviceId": device.device_id,
                "workId": str(uuid.uuid4()),
                "data": "",
            },
        )

    async def get_config(self, device: DeviceInfo, key: str) -> Any:
        """Read a configuration value (``rti/rtiControl`` Config Get), decoded."""
        root = await self._api(
            "rti/rtiControl",
            {
                "cmd": "Config",
                "cmdOpt": "Get",
                "value": key,
                "deviceId": device.device_id,
                "workId": str(uuid.uuid4()),
                "data": "",
            },
        )
        encoded = root.get("returnData")
        if not isinstance(encoded, str):
            raise ThinQResponseError(f"Config answer for {key} has no returnData")
        try:
            return json.loads(base64.b64decode(encoded, validate=True).decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError, ValueError) as err:
            raise ThinQResponseError(
                f"Config answer for {key} is not base64 JSON"
            ) from err

    async def close(self) -> None:
        """Stop every monitor (the aiohttp session stays the caller's)."""
        for device_id, work_id in list(self._monitors.items()):
            try:
                await self._stop_monitor(device_id, work_id)
            except ThinQError as err:
                _LOGGER.debug("Stopping a monitor on close failed: %s", err)
