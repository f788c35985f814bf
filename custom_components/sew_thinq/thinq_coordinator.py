"""Coordinator polling an LG ThinQ account's air conditioners and heat pumps."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import (
    CONF_THINQ_SCAN_INTERVAL,
    DEFAULT_THINQ_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    MODEL_INFO_STORAGE_KEY,
    MODEL_INFO_STORAGE_VERSION,
)
from .helpers import thinq_client
from .thinq import (
    DEVICE_TYPE_AC,
    AirConditioner,
    AirConditionerState,
    DeviceInfo,
    ThinQAuthError,
    ThinQClient,
    ThinQConnectionError,
    ThinQDeviceOfflineError,
    ThinQError,
    ThinQTermsError,
)

DEVICE_LIST_INTERVAL = timedelta(minutes=15)
# A monitor answers nothing until it is ready, usually within a few seconds.
WARM_UP_POLLS = 3
WARM_UP_DELAY = timedelta(seconds=1)


def _raise_account_failure(
    results: Mapping[str, Mapping[str, Any] | ThinQError | None],
) -> None:
    """Raise when the cloud, not single appliances, failed the poll.

    An appliance that is offline, or answers something odd, only makes itself
    unavailable; a network failure, or every appliance failing at once, is the cloud's.
    """
    failures = [
        result
        for result in results.values()
        if isinstance(result, ThinQError)
        and not isinstance(result, ThinQDeviceOfflineError)
    ]
    if failures and (
        len(failures) == len(results)
        or any(isinstance(failure, ThinQConnectionError) for failure in failures)
    ):
        raise failures[0]


@dataclass(frozen=True, slots=True)
class ThinqDevice:
    """An appliance of the account and what its monitor last reported."""

    info: DeviceInfo
    appliance: AirConditioner
    snapshot: Mapping[str, Any] | None = None
    state: AirConditionerState | None = None
    online: bool = True


class ThinqCoordinator(DataUpdateCoordinator[dict[str, ThinqDevice]]):
    """Poll every air conditioner of an LG ThinQ account through its monitor."""

    config_entry: ConfigEntry
    client: ThinQClient

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Initialize the coordinator."""
        seconds = entry.options.get(
            CONF_THINQ_SCAN_INTERVAL, DEFAULT_THINQ_SCAN_INTERVAL.total_seconds()
        )
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} ThinQ {entry.title}",
            update_interval=timedelta(seconds=seconds),
        )
        self._store: Store[dict[str, Any]] = Store(
            hass, MODEL_INFO_STORAGE_VERSION, MODEL_INFO_STORAGE_KEY
        )
        self._devices: dict[str, ThinqDevice] = {}
        self._devices_listed_at = dt_util.utcnow()
        self._issue_id = f"terms_not_accepted_{entry.entry_id}"
        self._warm_up_polls = 0
        self._cancel_warm_up_poll: CALLBACK_TYPE | None = None

    async def _async_setup(self) -> None:
        """Open the session and read the appliances, reusing stored model info."""
        self.client = thinq_client(
            self.hass, self.config_entry.data, await self._store.async_load()
        )
        try:
            await self.client.connect()
            await self._async_list_devices()
        except ThinQError as err:
            raise self._update_error(err) from err

    def _update_error(self, err: ThinQError) -> Exception:
        """Map a client error to reauthentication, a repair issue or a failed update."""
        if isinstance(err, ThinQAuthError):
            return ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="thinq_auth_failed",
                translation_placeholders={"error": str(err)},
            )
        if isinstance(err, ThinQTermsError):
            self._raise_terms_issue()
            return UpdateFailed(
                translation_domain=DOMAIN, translation_key="terms_not_accepted"
            )
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="thinq_update_failed",
            translation_placeholders={"error": str(err)},
        )

    async def _async_list_devices(self) -> None:
        """Read the device list; keep the state of appliances already known."""
        cached_models = len(self.client.model_info_cache)
        appliances = [
            info
            for info in await self.client.get_devices()
            if info.device_type == DEVICE_TYPE_AC
        ]
        new = [info for info in appliances if info.device_id not in self._devices]
        one_per_model = {info.model_info_url: info for info in new}
        models = dict(
            zip(
                one_per_model,
                await asyncio.gather(
                    *(
                        self.client.get_model_info(info)
                        for info in one_per_model.values()
                    )
                ),
                strict=True,
            )
        )
        devices: dict[str, ThinqDevice] = {}
        for info in appliances:
            if (known := self._devices.get(info.device_id)) is not None:
                devices[info.device_id] = replace(known, info=info)
            else:
                devices[info.device_id] = ThinqDevice(
                    info=info, appliance=AirConditioner(models[info.model_info_url])
                )
        self._devices = devices
        self._devices_listed_at = dt_util.utcnow()
        if len(self.client.model_info_cache) != cached_models:
            await self._store.async_save(self.client.model_info_cache)

    async def _async_update_data(self) -> dict[str, ThinqDevice]:
        """Poll every appliance's monitor at once."""
        try:
            if dt_util.utcnow() - self._devices_listed_at >= DEVICE_LIST_INTERVAL:
                await self._async_list_devices()
            results = await self.client.poll_all(
                [device.info for device in self._devices.values()]
            )
            _raise_account_failure(results)
        except ThinQError as err:
            raise self._update_error(err) from err
        ir.async_delete_issue(self.hass, DOMAIN, self._issue_id)
        self._schedule_warm_up_poll(None in results.values())
        for device_id, result in results.items():
            self._devices[device_id] = self._with_result(
                self._devices[device_id], result
            )
        return dict(self._devices)

    @callback
    def _schedule_warm_up_poll(self, warming: bool) -> None:
        """Poll again soon while monitors are warming up, a few times at most."""
        if self._cancel_warm_up_poll is not None:
            self._cancel_warm_up_poll()
            self._cancel_warm_up_poll = None
        if not warming:
            self._warm_up_polls = 0
        elif self._warm_up_polls < WARM_UP_POLLS:
            self._warm_up_polls += 1
            self._cancel_warm_up_poll = async_call_later(
                self.hass, WARM_UP_DELAY, self._async_warm_up_poll
            )

    async def _async_warm_up_poll(self, _now: datetime) -> None:
        self._cancel_warm_up_poll = None
        await self.async_refresh()

    @staticmethod
    def _with_result(
        device: ThinqDevice, result: Mapping[str, Any] | ThinQError | None
    ) -> ThinqDevice:
        """Return the device updated with one poll's outcome."""
        if isinstance(result, ThinQError):
            if not isinstance(result, ThinQDeviceOfflineError):
                LOGGER.debug("Polling %s failed: %s", device.info.alias, result)
            return replace(device, online=False)
        if result is None:
            return device
        return replace(
            device,
            snapshot=result,
            state=device.appliance.state(result),
            online=True,
        )

    def _raise_terms_issue(self) -> None:
        """Tell the user, through a repair issue, to accept LG's new terms."""
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            self._issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="terms_not_accepted",
            translation_placeholders={"title": self.config_entry.title},
        )

    def has_device(self, identifiers: set[str]) -> bool:
        """Return whether the account still has an appliance of a device."""
        return not identifiers.isdisjoint(self._devices)

    async def async_set_values(self, device_id: str, values: Mapping[str, str]) -> None:
        """Send control values, show them at once, and read the state back soon."""
        device = self._devices[device_id]
        try:
            await self.client.set_values(device.info, values)
        except ThinQDeviceOfflineError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="device_offline",
                translation_placeholders={"name": device.info.alias},
            ) from err
        except ThinQError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"name": device.info.alias, "error": str(err)},
            ) from err
        if device.snapshot is not None:
            self._devices[device_id] = self._with_result(
                device, {**device.snapshot, **values}
            )
            self.async_set_updated_data(dict(self._devices))
        await self.async_request_refresh()

    async def async_shutdown(self) -> None:
        """Stop the monitors when the entry unloads."""
        self._schedule_warm_up_poll(False)
        await super().async_shutdown()
        if hasattr(self, "client"):
            await self.client.close()
