"""The utility side of the integration against the simulated portal over real HTTP."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.sew_thinq.const import CONF_IGNORED_METERS, DOMAIN
from simulators.sew import ACCOUNT_1, ACCOUNT_2, Fault

from .conftest import SEW_NOW, RunningSewPortal, remove_device, setup_entry

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)

ELECTRIC = "sensor.electric_meter_e10004521"
WATER = "sensor.water_meter_w20007788"
GAS = "sensor.gas_meter_g30005566"


@pytest.fixture(autouse=True)
def us_home(hass: HomeAssistant) -> None:
    """A home in the utility's country: US units and dollars."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    hass.config.currency = "USD"


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _poll(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_entities(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every account and followed meter gets its sensors."""
    with patch("custom_components.sew_thinq.SEW_PLATFORMS", [Platform.SENSOR]):
        await setup_entry(hass, sew_entry)
    assert sew_entry.state is ConfigEntryState.LOADED
    await snapshot_platform(hass, entity_registry, snapshot, sew_entry.entry_id)


async def test_devices(
    hass: HomeAssistant, sew_entry: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """Accounts are devices, and each meter is a device under its account."""
    await setup_entry(hass, sew_entry)
    devices = dr.async_entries_for_config_entry(device_registry, sew_entry.entry_id)
    by_name = {device.name: device for device in devices}
    assert set(by_name) == {
        f"Account {ACCOUNT_1}",
        f"Account {ACCOUNT_2}",
        "Electric meter E10004521",
        "Solar meter PV10004521",
        "Water meter W20007788",
        "Gas meter G30005566",
        "Electric meter E10009981",
    }
    water = by_name["Water meter W20007788"]
    assert water.model == "Water"
    assert water.serial_number == "W20007788"
    assert water.via_device_id == by_name[f"Account {ACCOUNT_1}"].id


async def test_values_match_the_portal(
    hass: HomeAssistant, sew_entry: MockConfigEntry, sew_portal: RunningSewPortal
) -> None:
    """The latest hour shown is the newest one the utility published."""
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    for entity, meter in (
        (ELECTRIC, "E10004521"),
        (WATER, "W20007788"),
        (GAS, "G30005566"),
    ):
        newest = portal.published_hourly(meter, portal.latest_published_day)[-1]
        assert float(_state(hass, f"{entity}_latest_hour_usage")) == pytest.approx(
            newest.value
        )
        shown = _state(hass, f"{entity}_latest_reading_time")
        assert shown == newest.start.isoformat()


async def test_expired_token_is_transparent(
    hass: HomeAssistant, sew_entry: MockConfigEntry, sew_portal: RunningSewPortal
) -> None:
    """An expired token is replaced by a new login without any entity noticing."""
    await setup_entry(hass, sew_entry)
    login = "/PortalService/UserLogin.svc/ValidateUserLoginMob"
    logins = sew_portal.portal.requests[login]
    sew_portal.portal.expire_all_tokens()
    await _poll(hass, sew_entry)
    assert _state(hass, f"{WATER}_latest_hour_usage") != STATE_UNAVAILABLE
    assert sew_portal.portal.requests[login] == logins + 1


@pytest.mark.parametrize(
    "fault",
    [Fault.SERVER_ERROR, Fault.HTML_PAGE, Fault.MALFORMED_JSON, Fault.WRONG_SHAPE],
)
async def test_unavailable_and_back(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    caplog: pytest.LogCaptureFixture,
    fault: Fault,
) -> None:
    """A failing portal makes the entities unavailable, logged once, until it recovers."""
    await setup_entry(hass, sew_entry)
    sew_portal.portal.inject(fault)
    await _poll(hass, sew_entry)
    await _poll(hass, sew_entry)
    assert _state(hass, f"{GAS}_latest_hour_usage") == STATE_UNAVAILABLE
    assert caplog.text.count("Error fetching") == 1

    sew_portal.portal.clear_faults()
    await _poll(hass, sew_entry)
    assert _state(hass, f"{GAS}_latest_hour_usage") != STATE_UNAVAILABLE
    assert "Fetching sew_thinq utility" in caplog.text


async def test_locked_account_starts_reauthentication(
    hass: HomeAssistant, sew_entry: MockConfigEntry, sew_portal: RunningSewPortal
) -> None:
    """A login the utility refuses asks the user to sign in again."""
    await setup_entry(hass, sew_entry)
    sew_portal.portal.lock_account()
    sew_portal.portal.expire_all_tokens()
    await _poll(hass, sew_entry)
    assert len(list(sew_entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1


async def test_portal_down_at_setup(
    hass: HomeAssistant, sew_entry: MockConfigEntry, sew_portal: RunningSewPortal
) -> None:
    """Setup is retried later when the portal is down."""
    sew_portal.portal.inject(Fault.SERVER_ERROR)
    await setup_entry(hass, sew_entry)
    assert sew_entry.state is ConfigEntryState.SETUP_RETRY


async def test_ignored_meter_and_stale_device(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A meter the user stops following loses its entities and its device can go."""
    await setup_entry(hass, sew_entry)
    water = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{sew_entry.unique_id}_meter_{ACCOUNT_1}_W_W20007788"),
        sew_entry.entry_id,
    )
    gas = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{sew_entry.unique_id}_meter_{ACCOUNT_1}_G_G30005566"),
        sew_entry.entry_id,
    )
    assert water is not None
    assert gas is not None

    hass.config_entries.async_update_entry(
        sew_entry, options={CONF_IGNORED_METERS: [f"{ACCOUNT_1}_W_W20007788"]}
    )
    await _poll(hass, sew_entry)
    assert _state(hass, f"{WATER}_latest_hour_usage") == STATE_UNAVAILABLE

    assert await remove_device(hass, hass_ws_client, sew_entry, water.id)
    assert not await remove_device(hass, hass_ws_client, sew_entry, gas.id)


async def test_new_meter_appears_without_reload(
    hass: HomeAssistant, sew_entry: MockConfigEntry
) -> None:
    """A meter that becomes followed gets its device and sensors at the next poll."""
    sew_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        sew_entry,
        options={
            **sew_entry.options,
            CONF_IGNORED_METERS: [f"{ACCOUNT_1}_G_G30005566"],
        },
    )
    await hass.config_entries.async_setup(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(f"{GAS}_usage_so_far_this_cycle") is None

    hass.config_entries.async_update_entry(
        sew_entry, options={**sew_entry.options, CONF_IGNORED_METERS: []}
    )
    await _poll(hass, sew_entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _state(hass, f"{GAS}_usage_so_far_this_cycle") != STATE_UNAVAILABLE
    assert sew_entry.state is ConfigEntryState.LOADED
