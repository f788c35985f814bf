"""The SEW Utility & LG ThinQ integration."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import CONF_KIND, DOMAIN, KIND_SEW, LOGGER
from .cx_keepalive import async_keep_alive
from .import_plan import history_store
from .sew_coordinator import SewCoordinator, SewThinqConfigEntry
from .sew_entry import entry_client, migrated_data, title_without_login
from .thinq_coordinator import ThinqCoordinator

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

SEW_PLATFORMS = [Platform.SENSOR]
THINQ_PLATFORMS = [Platform.BINARY_SENSOR, Platform.CLIMATE, Platform.SENSOR]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the integration; accounts are added as config entries."""
    return True


def _platforms(entry: SewThinqConfigEntry) -> list[Platform]:
    return SEW_PLATFORMS if entry.data[CONF_KIND] == KIND_SEW else THINQ_PLATFORMS


async def async_setup_entry(hass: HomeAssistant, entry: SewThinqConfigEntry) -> bool:
    """Set up a utility login or an LG ThinQ account from a config entry."""
    coordinator: SewCoordinator | ThinqCoordinator
    if entry.data[CONF_KIND] == KIND_SEW:
        coordinator = SewCoordinator(hass, entry, entry_client(hass, entry))
        if coordinator.currency != hass.config.currency:
            LOGGER.warning(
                "%s bills in %s while Home Assistant's currency is %s: costs are "
                "shown and recorded in %s, not converted",
                entry.title,
                coordinator.currency,
                hass.config.currency,
                coordinator.currency,
            )
    else:
        coordinator = ThinqCoordinator(hass, entry)
    await coordinator.async_config_entry_first_refresh()
    if isinstance(coordinator, SewCoordinator):
        async_keep_alive(hass, entry, coordinator.client)
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, _platforms(entry))
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
    return await hass.config_entries.async_unload_platforms(entry, _platforms(entry))


async def async_remove_entry(hass: HomeAssistant, entry: SewThinqConfigEntry) -> None:
    """Forget a removed utility login's import plans; its statistics stay."""
    if entry.data[CONF_KIND] == KIND_SEW:
        await history_store(hass, entry.entry_id).async_remove()


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SewThinqConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow removing a device only once its account, meter or appliance is gone."""
    return not entry.runtime_data.has_device(
        {identifier for domain, identifier in device.identifiers if domain == DOMAIN}
    )
