"""List a utility entry's meters."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState

from .coordinator import SewCoordinator, SewThinqConfigEntry


def meter_choices(entry: SewThinqConfigEntry) -> dict[str, str]:
    """Return the meters a loaded utility entry knows, keyed as the options store them."""
    if entry.state is not ConfigEntryState.LOADED or not isinstance(
        coordinator := entry.runtime_data, SewCoordinator
    ):
        return {}
    return coordinator.meter_choices()
