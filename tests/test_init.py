"""Setting up, unloading and migrating both kinds of entry."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sew_thinq.const import (
    CONF_ACCOUNT_KEY,
    CONF_BASE_URL,
    CONF_ENCRYPTION,
    CONF_FLAVOR,
    CONF_KIND,
    CONF_LAYOUT,
    CONF_PASSWORD_SHA256,
    DOMAIN,
    KIND_SEW,
)
from custom_components.sew_thinq.sew import Encryption, MobileDialect, hash_password
from custom_components.sew_thinq.sew.layout import json_api_layout, mobile_layout
from simulators.sew import DEMO_PASSWORD, DEMO_USERNAME

from .conftest import SEW_NOW, USER_IDS, RunningSewPortal, setup_entry


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


@pytest.mark.freeze_time(SEW_NOW, tick=True)
async def test_first_version_mobile_entry(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    sew_options: dict[str, Any],
    entity_registry: er.EntityRegistry,
) -> None:
    """A mobile login stored the first way keeps working, with the ids it had."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=1,
        options=sew_options,
        title=f"127.0.0.1 ({DEMO_USERNAME})",
        unique_id=f"127.0.0.1_{USER_IDS['mobile-seed']}",
        data={
            CONF_KIND: KIND_SEW,
            CONF_BASE_URL: sew_portal.base_url,
            CONF_FLAVOR: "mobile",
            CONF_ENCRYPTION: "android",
            CONF_USERNAME: DEMO_USERNAME,
            CONF_PASSWORD_SHA256: hash_password(DEMO_PASSWORD),
        },
    )
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.version == 2
    # The title no longer names the login it was made with.
    assert (entry.minor_version, entry.title) == (2, "127.0.0.1")
    assert entry.data[CONF_LAYOUT] == (
        mobile_layout(
            f"{sew_portal.base_url}/PortalService",
            MobileDialect.SEED,
            Encryption.KEY_IV,
        ).as_dict()
    )
    assert entry.data[CONF_ACCOUNT_KEY] == "account_number"
    assert not {CONF_BASE_URL, CONF_FLAVOR, CONF_ENCRYPTION} & set(entry.data)
    # Devices and sensors keep the account number they were made with.
    assert entity_registry.async_get_entity_id(
        "sensor", DOMAIN, f"{entry.unique_id}_3001234567_amount_due"
    )
    assert entity_registry.async_get_entity_id(
        "sensor", DOMAIN, f"{entry.unique_id}_3001234567_W_W20007788_latest_usage"
    )


@pytest.mark.parametrize("sew_profile", ["hidroelectrica"])
@pytest.mark.parametrize("with_layout", [False, True])
@pytest.mark.freeze_time(SEW_NOW, tick=True)
async def test_first_version_api_entry(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    sew_options: dict[str, Any],
    with_layout: bool,
) -> None:
    """A JSON API login stored the first way reaches `/API` and `/Service`."""
    layout = json_api_layout(sew_portal.base_url)
    data = {
        CONF_KIND: KIND_SEW,
        CONF_BASE_URL: sew_portal.base_url,
        CONF_FLAVOR: "api",
        CONF_USERNAME: DEMO_USERNAME,
        CONF_PASSWORD: DEMO_PASSWORD,
    }
    if with_layout:
        data[CONF_LAYOUT] = layout.as_dict()
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=1,
        options=sew_options,
        unique_id=f"127.0.0.1_{USER_IDS['hidroelectrica']}",
        data=data,
    )
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data[CONF_LAYOUT] == layout.as_dict()
    assert entry.data[CONF_PASSWORD] == DEMO_PASSWORD


async def test_first_version_thinq_entry(
    hass: HomeAssistant, thinq_entry: MockConfigEntry
) -> None:
    """An LG ThinQ account of the first version only changes version."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=1,
        unique_id=thinq_entry.unique_id,
        data=dict(thinq_entry.data),
    )
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.version == 2
    assert entry.data == thinq_entry.data
