"""A utility login's runtime: its coordinator, sensors, devices and diagnostics."""

from __future__ import annotations

from functools import partial
from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

from .const import LOGGER
from .cx_keepalive import async_keep_alive
from .runtime import EntryRuntime, SewThinqConfigEntry
from .sew_coordinator import SewCoordinator
from .sew_diagnostics import sew_diagnostics
from .sew_entry import entry_client
from .sew_sensor import async_add_sew_sensors

PLATFORMS: Final = [Platform.SENSOR]
ADD_ENTITIES: Final = {Platform.SENSOR: async_add_sew_sensors}


async def async_sew_runtime(
    hass: HomeAssistant, entry: SewThinqConfigEntry
) -> EntryRuntime[SewCoordinator]:
    """Read the login's accounts and meters once, and keep a CX login's token alive."""
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
    await coordinator.async_config_entry_first_refresh()
    async_keep_alive(hass, entry, coordinator.client)
    return EntryRuntime(
        coordinator=coordinator,
        platforms={
            platform: partial(ADD_ENTITIES[platform], coordinator)
            for platform in PLATFORMS
        },
        owns_device=coordinator.has_device,
        diagnostics=partial(sew_diagnostics, coordinator),
    )


def meter_choices(entry: SewThinqConfigEntry) -> dict[str, str]:
    """Return the meters a loaded utility entry knows, keyed as the options store them."""
    if entry.state is not ConfigEntryState.LOADED:
        return {}
    coordinator: SewCoordinator = entry.runtime_data.coordinator
    return coordinator.meter_choices()
