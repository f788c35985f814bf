"""An LG ThinQ account's runtime: its coordinator, platforms, devices and diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Final

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity

from .runtime import EntryRuntime, SewThinqConfigEntry
from .thinq_climate import thinq_climates
from .thinq_connectivity import thinq_connectivities
from .thinq_coordinator import ThinqCoordinator
from .thinq_device import ThinqDevice
from .thinq_diagnostics import thinq_diagnostics
from .thinq_entity import async_add_thinq_entities
from .thinq_sensor import thinq_sensors

PLATFORMS: Final = [Platform.BINARY_SENSOR, Platform.CLIMATE, Platform.SENSOR]
ENTITIES_OF: Final[
    dict[Platform, Callable[[ThinqCoordinator, ThinqDevice], Iterable[Entity]]]
] = {
    Platform.BINARY_SENSOR: thinq_connectivities,
    Platform.CLIMATE: thinq_climates,
    Platform.SENSOR: thinq_sensors,
}


async def async_thinq_runtime(
    hass: HomeAssistant, entry: SewThinqConfigEntry
) -> EntryRuntime[ThinqCoordinator]:
    """Connect to the account and poll its appliances once."""
    coordinator = ThinqCoordinator(hass, entry)
    await coordinator.async_config_entry_first_refresh()
    return EntryRuntime(
        coordinator=coordinator,
        platforms={
            platform: partial(
                async_add_thinq_entities, coordinator, ENTITIES_OF[platform]
            )
            for platform in PLATFORMS
        },
        owns_device=coordinator.has_device,
        diagnostics=partial(thinq_diagnostics, coordinator),
    )
