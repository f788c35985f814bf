"""Coordinator of an LG ThinQ account: its ThinQ1 air conditioners and heat pumps."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import CONF_THINQ_SCAN_INTERVAL, DEFAULT_THINQ_SCAN_INTERVAL, DOMAIN, LOGGER
from .runtime import SewThinqConfigEntry
from .thinq import (
    Appliance,
    ApplianceInfo,
    Command,
    FilterState,
    ThinQAuthError,
    ThinQClient,
    ThinQDeviceOfflineError,
    ThinQError,
    ThinQModelError,
    ThinQTermsError,
    ThinQUnsupportedError,
)
from .thinq_device import ThinqDevice, raise_cloud_failure, supported, with_result
from .thinq_entry import thinq_client
from .thinq_models import ModelDocuments, ModelProblems

DEVICE_LIST_INTERVAL: Final = timedelta(minutes=15)
# Power and filter are read every few minutes, as live clients do (ac.py:142, 909-920).
EXTRAS_INTERVAL: Final = timedelta(minutes=5)
# A monitor answers nothing until it is ready, usually within a few seconds.
WARM_UP_POLLS: Final = 3
WARM_UP_DELAY: Final = timedelta(seconds=1)


class ThinqCoordinator(DataUpdateCoordinator[dict[str, ThinqDevice]]):
    """Poll every air conditioner of an LG ThinQ account through its monitor."""

    config_entry: SewThinqConfigEntry
    client: ThinQClient

    def __init__(self, hass: HomeAssistant, entry: SewThinqConfigEntry) -> None:
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
        self.documents = ModelDocuments(hass, entry.entry_id)
        self.model_problems = ModelProblems(hass, entry.entry_id)
        self.unsupported: dict[str, ApplianceInfo] = {}
        self._devices: dict[str, ThinqDevice] = {}
        self._devices_listed_at = dt_util.utcnow()
        self._extras_at: dict[str, datetime] = {}
        self._no_power: set[str] = set()
        self._no_filter: set[str] = set()
        # Appliances whose entities were built on a model LG has since replaced.
        self._model_replaced: set[str] = set()
        self._terms_issue = f"terms_not_accepted_{entry.entry_id}"
        self._warm_up_polls = 0
        self._cancel_warm_up_poll: CALLBACK_TYPE | None = None
        self._shut_down = False

    async def _async_setup(self) -> None:
        """Sign in, list the appliances and read their models (each on its own)."""
        self.client = thinq_client(self.hass, self.config_entry.data)
        await self.documents.async_load()
        try:
            await self.client.connect()
            await self._async_list_appliances()
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
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self._terms_issue,
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="terms_not_accepted",
                translation_placeholders={"title": self.config_entry.title},
            )
            return UpdateFailed(
                translation_domain=DOMAIN, translation_key="terms_not_accepted"
            )
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="thinq_update_failed",
            translation_placeholders={"error": str(err)},
        )

    # The appliances and their models.
    async def _async_list_appliances(self) -> None:
        """Read LG's list; keep what is known of appliances already there."""
        listed = await self.client.get_appliances()
        for info in listed:
            if not supported(info) and info.device_id not in self.unsupported:
                LOGGER.info(
                    "LG appliance model %s (%s, type %s) is not supported: only ThinQ1 "
                    "air conditioners and heat pumps are",
                    info.model_name or "unknown",
                    info.platform.value,
                    info.device_type,
                )
        self.unsupported = {i.device_id: i for i in listed if not supported(i)}
        devices: dict[str, ThinqDevice] = {}
        for info in filter(supported, listed):
            known = self._devices.get(info.device_id)
            if known is None or known.info.model_key != info.model_key:
                devices[info.device_id] = ThinqDevice(info)
                if known is not None and known.appliance is not None:
                    self._model_replaced.add(info.device_id)
            else:
                devices[info.device_id] = replace(known, info=info)
        for gone in self._devices.keys() - devices.keys():
            self._forget(gone)
        self._devices = devices
        self._devices_listed_at = dt_util.utcnow()
        self._remove_stale_devices()
        await self._async_read_models()

    def _forget(self, device_id: str) -> None:
        """Forget what is known of an appliance LG no longer lists."""
        self.model_problems.forget(device_id)
        self._extras_at.pop(device_id, None)
        self._no_power.discard(device_id)
        self._no_filter.discard(device_id)
        self._model_replaced.discard(device_id)

    def _remove_stale_devices(self) -> None:
        """Remove the devices of appliances LG no longer lists, with their entities.

        Not after an empty list: an account without appliances and an answer that lost
        them look alike, and the devices of the latter must survive (a device can still
        be deleted from its page once its appliance is gone).
        """
        if not self._devices and not self.unsupported:
            return
        registry = dr.async_get(self.hass)
        entry_id = self.config_entry.entry_id
        for device in dr.async_entries_for_config_entry(registry, entry_id):
            appliance_ids = {
                key for domain, key in device.identifiers if domain == DOMAIN
            }
            if not self.has_device(appliance_ids):
                LOGGER.info(
                    "%s is no longer on the LG account; removing its device",
                    device.name,
                )
                registry.async_update_device(device.id, remove_config_entry_id=entry_id)

    async def _async_read_models(self) -> None:
        """Read the models not read yet: stored ones at once, others when due."""
        waiting = [
            d.info
            for d in self._devices.values()
            if d.appliance is None and self.model_problems.due(d.info.device_id)
        ]
        results = await asyncio.gather(*(self._async_model(i) for i in waiting))
        for info, result in zip(waiting, results, strict=True):
            device = self._devices[info.device_id]
            if isinstance(result, ThinQModelError):
                self.model_problems.failed(info, str(result))
                self._devices[info.device_id] = replace(device, problem=str(result))
            else:
                self.model_problems.recovered(info.device_id)
                self._devices[info.device_id] = replace(
                    device, appliance=result, problem=None
                )
        await self.documents.async_save()
        # Entities describe their model (modes, ranges, the table) from the start: a
        # model LG replaced, once read, gives them new descriptions, so they are rebuilt.
        replaced = {i.device_id for i in waiting} & self._model_replaced
        if any(self._devices[i].appliance is not None for i in replaced):
            LOGGER.info("LG updated an appliance's model; reloading its entities")
            self.hass.config_entries.async_schedule_reload(self.config_entry.entry_id)

    async def _async_model(self, info: ApplianceInfo) -> Appliance | ThinQModelError:
        """Return an appliance with its model read, or why it cannot be."""
        key = info.model_key
        if key is not None and (stored := self.documents.get(key)) is not None:
            try:
                return Appliance.from_document(info, stored)
            except ThinQModelError:
                self.documents.forget(key)
        try:
            document = await self.client.fetch_model(info)
            appliance = Appliance.from_document(info, document)
        except ThinQModelError as err:
            return err
        if key is not None:
            self.documents.put(key, document)
        return appliance

    # Polling.
    async def _async_update_data(self) -> dict[str, ThinqDevice]:
        """Poll every appliance whose model is read; retry models that are due."""
        try:
            if dt_util.utcnow() - self._devices_listed_at >= DEVICE_LIST_INTERVAL:
                await self._async_list_appliances()
            else:
                await self._async_read_models()
            ready = [d.appliance for d in self._devices.values() if d.appliance]
            results = await self.client.poll_all(ready)
            raise_cloud_failure(results)
            for device_id, result in results.items():
                self._devices[device_id] = with_result(self._devices[device_id], result)
            await self._async_read_extras()
        except ThinQError as err:
            raise self._update_error(err) from err
        ir.async_delete_issue(self.hass, DOMAIN, self._terms_issue)
        self._schedule_warm_up_poll(None in results.values())
        return dict(self._devices)

    async def _async_read_extras(self) -> None:
        """Read power and filter of online appliances every few minutes, all at once."""
        now = dt_util.utcnow()
        due = [
            device
            for device in self._devices.values()
            if device.appliance is not None
            and device.online
            and now >= self._extras_at.get(device.info.device_id, now)
        ]
        for device in due:
            self._extras_at[device.info.device_id] = now + EXTRAS_INTERVAL
        read = await asyncio.gather(*(self._async_extras(d) for d in due))
        for device, (power, filter_state) in zip(due, read, strict=True):
            device_id = device.info.device_id
            if (current := self._devices.get(device_id)) is not None:
                self._devices[device_id] = replace(
                    current, power_w=power, filter=filter_state
                )

    async def _async_extras(
        self, device: ThinqDevice
    ) -> tuple[float | None, FilterState | None]:
        """Return the device's power and filter, read where the model has them."""
        appliance, device_id = device.appliance, device.info.device_id
        assert appliance is not None
        power, filter_state = device.power_w, device.filter
        if device_id not in self._no_power:
            try:
                power = await self.client.read_power(appliance)
            except ThinQUnsupportedError:
                self._no_power.add(device_id)
            except ThinQAuthError, ThinQTermsError:
                raise
            except ThinQError as err:
                LOGGER.debug("Reading the power of %s failed: %s", device_id, err)
        if device_id not in self._no_filter:
            try:
                filter_state = await self.client.read_filter(appliance)
            except ThinQUnsupportedError:
                self._no_filter.add(device_id)
            except ThinQAuthError, ThinQTermsError:
                raise
            except ThinQError as err:
                LOGGER.debug("Reading the filter of %s failed: %s", device_id, err)
        return power, filter_state

    @callback
    def _schedule_warm_up_poll(self, warming: bool) -> None:
        """Poll again soon while monitors are warming up, a few times at most."""
        if self._cancel_warm_up_poll is not None:
            self._cancel_warm_up_poll()
            self._cancel_warm_up_poll = None
        if not warming or self._shut_down:
            self._warm_up_polls = 0
        elif self._warm_up_polls < WARM_UP_POLLS:
            self._warm_up_polls += 1
            self._cancel_warm_up_poll = async_call_later(
                self.hass, WARM_UP_DELAY, self._async_warm_up_poll
            )

    async def _async_warm_up_poll(self, _now: datetime) -> None:
        self._cancel_warm_up_poll = None
        await self.async_refresh()

    def has_device(self, identifiers: set[str]) -> bool:
        """Return whether the account still has an appliance of a device."""
        return not identifiers.isdisjoint(self._devices)

    # Control.
    async def async_send(self, device_id: str, command: Command) -> None:
        """Send a command, show its outcome at once, and read the state back soon."""
        device = self._devices[device_id]
        assert device.appliance is not None
        try:
            await self.client.control(device.appliance, command)
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
        if device.state is not None:
            self._devices[device_id] = replace(
                device, state=device.state.updated(command)
            )
            self.async_set_updated_data(dict(self._devices))
        await self.async_request_refresh()

    async def async_shutdown(self) -> None:
        """Stop the monitors when the entry unloads."""
        # A poll still running (the one that asked for a reload) must not schedule more.
        self._shut_down = True
        self._schedule_warm_up_poll(False)
        await super().async_shutdown()
        if hasattr(self, "client"):
            await self.client.close()
