"""The SEW Utility & LG ThinQ integration."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import CONF_KIND, DOMAIN, KIND_SEW, KIND_THINQ, LOGGER
from .import_plan import history_store
from .runtime import EntryRuntime, SewThinqConfigEntry
from .sew_entry import migrated_data, title_without_login
from .sew_runtime import async_sew_runtime
from .thinq_runtime import async_thinq_runtime

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

RUNTIMES: Final[
    dict[
        str,
        Callable[[HomeAssistant, SewThinqConfigEntry], Awaitable[EntryRuntime[Any]]],
    ]
] = {KIND_SEW: async_sew_runtime, KIND_THINQ: async_thinq_runtime}


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the integration; accounts are added as config entries."""
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SewThinqConfigEntry) -> bool:
    """Set up a utility login or an LG ThinQ account from a config entry."""
    entry.runtime_data = await RUNTIMES[entry.data[CONF_KIND]](hass, entry)
    await hass.config_entries.async_forward_entry_setups(
        entry, entry.runtime_data.platforms
    )
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: SewThinqConfigEntry) -> bool:
    """Bring an entry's data to the current version.

    Version 2 stores a utility login's layout (where its services live and their dialect)
    instead of a base URL and a flavor; ThinQ entries are unchanged. From 2.2 a utility
    entry's title is the utility's name alone, without the login it was made with.
    """
    if entry.version == 1:
        data = dict(entry.data)
        if data[CONF_KIND] == KIND_SEW:
            data = migrated_data(data)
        hass.config_entries.async_update_entry(entry, data=data, version=2)
        LOGGER.debug("Migrated a %s entry to version 2", data[CONF_KIND])
    if entry.version == 2 and entry.minor_version < 2:
        hass.config_entries.async_update_entry(
            entry, title=title_without_login(entry.title, entry.data), minor_version=2
        )
    return True


async def async_unload_entry(hass: HomeAssistant, entry: SewThinqConfigEntry) -> bool:
    """Unload a config entry."""
    return await hass.config_entries.async_unload_platforms(
        entry, entry.runtime_data.platforms
    )


async def async_remove_entry(hass: HomeAssistant, entry: SewThinqConfigEntry) -> None:
    """Forget a removed utility login's import plans; its statistics stay."""
    if entry.data[CONF_KIND] == KIND_SEW:
        await history_store(hass, entry.entry_id).async_remove()


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SewThinqConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow removing a device only once its account, meter or appliance is gone."""
    return not entry.runtime_data.owns_device(
        {identifier for domain, identifier in device.identifiers if domain == DOMAIN}
    )
