"""Setting up and unloading both kinds of entry."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import SEW_NOW, setup_entry


@pytest.mark.freeze_time(SEW_NOW, tick=True)
async def test_utility_entry(hass: HomeAssistant, sew_entry: MockConfigEntry) -> None:
    """A utility login loads and unloads."""
    await setup_entry(hass, sew_entry)
    assert sew_entry.state is ConfigEntryState.LOADED
    assert hass.states.async_entity_ids("sensor")
    assert not hass.states.async_entity_ids("climate")

    assert await hass.config_entries.async_unload(sew_entry.entry_id)
    assert sew_entry.state is ConfigEntryState.NOT_LOADED


async def test_thinq_entry(hass: HomeAssistant, thinq_entry: MockConfigEntry) -> None:
    """An LG ThinQ account loads and unloads."""
    await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.LOADED
    assert hass.states.async_entity_ids("climate")

    assert await hass.config_entries.async_unload(thinq_entry.entry_id)
    assert thinq_entry.state is ConfigEntryState.NOT_LOADED
