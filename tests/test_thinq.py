"""The LG ThinQ side of the integration against the simulated cloud over real HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_CURRENT_TEMPERATURE,
    ATTR_FAN_MODE,
    ATTR_MAX_TEMP,
    ATTR_MIN_TEMP,
    ATTR_SWING_HORIZONTAL_MODE,
    ATTR_SWING_MODE,
    ATTR_TARGET_TEMP_STEP,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_SWING_HORIZONTAL_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
    HVACMode,
)
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.sew_thinq.const import DOMAIN
from simulators.thinq_cloud import (
    AIR_CONDITIONER_ID,
    HEAT_PUMP_ID,
    WASHER_MODEL,
    air_conditioner_model,
    heat_pump_model,
)

from .conftest import RunningThinQCloud, remove_device, setup_entry

HEAT_PUMP = "climate.living_room_heat_pump"
AIR_CONDITIONER = "climate.bedroom_ac"
OFFLINE = "climate.garage_heat_pump"


async def _poll(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Run the coordinator's next poll now."""
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()


async def _call(hass: HomeAssistant, service: str, entity_id: str, **data: Any) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        service,
        {ATTR_ENTITY_ID: entity_id, **data},
        blocking=True,
    )


@pytest.fixture
def fahrenheit(hass: HomeAssistant) -> None:
    """Show temperatures in Fahrenheit, as a US Home Assistant does."""
    hass.config.units = US_CUSTOMARY_SYSTEM


@pytest.mark.usefixtures("fahrenheit")
@pytest.mark.parametrize(
    "platform", [Platform.BINARY_SENSOR, Platform.CLIMATE, Platform.SENSOR]
)
async def test_entities(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every appliance gets a climate entity, a connectivity and its sensors."""
    with patch("custom_components.sew_thinq.THINQ_PLATFORMS", [platform]):
        await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.LOADED
    await snapshot_platform(hass, entity_registry, snapshot, thinq_entry.entry_id)


async def test_devices(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Each appliance is a device with its model and firmware."""
    await setup_entry(hass, thinq_entry)
    heat_pump = device_registry.async_get_device_by_identifier(
        (DOMAIN, HEAT_PUMP_ID), thinq_entry.entry_id
    )
    assert heat_pump is not None
    assert heat_pump.manufacturer == "LG"
    assert heat_pump.model == "LW-SIM-HP1"
    assert heat_pump.name == "Living room heat pump"
    assert heat_pump.sw_version
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, AIR_CONDITIONER_ID), thinq_entry.entry_id
    )


@pytest.mark.usefixtures("fahrenheit")
@pytest.mark.parametrize(
    ("entity_id", "device_id", "model"),
    [
        (HEAT_PUMP, HEAT_PUMP_ID, heat_pump_model()),
        (AIR_CONDITIONER, AIR_CONDITIONER_ID, air_conditioner_model()),
    ],
)
async def test_fahrenheit_through_the_lookup_table(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    entity_id: str,
    device_id: str,
    model: dict[str, Any],
) -> None:
    """Every whole °F the model offers reaches the device as its table's °C and reads back."""
    await setup_entry(hass, thinq_entry)
    table: dict[str, Any] = model["Value"]["TempFahToCel"]["option"]
    state = hass.states.get(entity_id)
    assert state is not None
    minimum, maximum = state.attributes[ATTR_MIN_TEMP], state.attributes[ATTR_MAX_TEMP]
    assert state.attributes[ATTR_TARGET_TEMP_STEP] == 1
    offered = [int(f) for f in table if minimum <= int(f) <= maximum]
    assert offered == list(range(int(minimum), int(maximum) + 1))

    for fahrenheit in offered:
        await _call(hass, SERVICE_SET_TEMPERATURE, entity_id, temperature=fahrenheit)
        device = thinq_cloud.cloud.device_state(device_id)
        assert float(device["TempCfg"]) == float(table[str(fahrenheit)])
        await _poll(hass, thinq_entry)
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.attributes[ATTR_TEMPERATURE] == fahrenheit


@pytest.mark.usefixtures("fahrenheit")
async def test_72_fahrenheit(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """72 °F is sent as the heat pump's own Celsius and shown as 72 °F after a restart."""
    await setup_entry(hass, thinq_entry)
    await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=72)
    table = heat_pump_model()["Value"]["TempFahToCel"]["option"]
    assert thinq_cloud.cloud.device_state(HEAT_PUMP_ID)["TempCfg"] == table["72"]

    # A fresh start has no memory of what the user set: the model's table decides.
    await hass.config_entries.async_reload(thinq_entry.entry_id)
    await hass.async_block_till_done()
    await _poll(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.attributes[ATTR_TEMPERATURE] == 72


async def test_celsius(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """In Celsius the entity uses the model's range and step."""
    hass.config.units = METRIC_SYSTEM
    await setup_entry(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.attributes[ATTR_MIN_TEMP] == 16
    assert state.attributes[ATTR_MAX_TEMP] == 30
    assert state.attributes[ATTR_TARGET_TEMP_STEP] == 0.5

    await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=21.5)
    assert thinq_cloud.cloud.device_state(HEAT_PUMP_ID)["TempCfg"] == "21.5"
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.attributes[ATTR_TEMPERATURE] == 21.5
    assert state.attributes[ATTR_CURRENT_TEMPERATURE] == 24

    await _call(hass, SERVICE_SET_TEMPERATURE, AIR_CONDITIONER, temperature=25)
    assert thinq_cloud.cloud.device_state(AIR_CONDITIONER_ID)["TempCfg"] == "25"
    await _poll(hass, thinq_entry)
    state = hass.states.get(AIR_CONDITIONER)
    assert state is not None
    assert state.attributes[ATTR_TEMPERATURE] == 25


async def test_modes_and_power(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """Operation modes, fan speeds and swing reach the device with the model's values."""
    await setup_entry(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == HVACMode.OFF
    assert state.attributes["hvac_modes"] == [
        HVACMode.OFF,
        HVACMode.COOL,
        HVACMode.DRY,
        HVACMode.FAN_ONLY,
        HVACMode.HEAT,
    ]
    assert state.attributes["fan_modes"] == ["low", "medium", "high", "auto"]

    await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=HVACMode.HEAT)
    device = thinq_cloud.cloud.device_state(HEAT_PUMP_ID)
    assert device["Operation"] == "3"
    assert device["OpMode"] == "4"
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == HVACMode.HEAT

    await _call(hass, SERVICE_SET_FAN_MODE, HEAT_PUMP, fan_mode="high")
    await _call(hass, SERVICE_SET_SWING_MODE, HEAT_PUMP, swing_mode="100")
    await _call(
        hass, SERVICE_SET_SWING_HORIZONTAL_MODE, HEAT_PUMP, swing_horizontal_mode="13"
    )
    device = thinq_cloud.cloud.device_state(HEAT_PUMP_ID)
    assert (device["WindStrength"], device["WDirVStep"], device["WDirHStep"]) == (
        "6",
        "100",
        "13",
    )
    await _call(
        hass,
        SERVICE_SET_TEMPERATURE,
        HEAT_PUMP,
        temperature=23,
        hvac_mode=HVACMode.COOL,
    )
    await _poll(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == HVACMode.COOL
    assert state.attributes[ATTR_FAN_MODE] == "high"
    assert state.attributes[ATTR_SWING_MODE] == "100"
    assert state.attributes[ATTR_SWING_HORIZONTAL_MODE] == "13"
    assert state.attributes[ATTR_TEMPERATURE] == 23

    await _call(hass, SERVICE_TURN_OFF, HEAT_PUMP)
    assert thinq_cloud.cloud.device_state(HEAT_PUMP_ID)["Operation"] == "0"
    await _call(hass, SERVICE_TURN_ON, HEAT_PUMP)
    assert thinq_cloud.cloud.device_state(HEAT_PUMP_ID)["Operation"] == "3"

    # The air conditioner has a single "on" option and no "all on".
    await _call(hass, SERVICE_TURN_ON, AIR_CONDITIONER)
    assert thinq_cloud.cloud.device_state(AIR_CONDITIONER_ID)["Operation"] == "1"
    await _call(hass, SERVICE_SET_HVAC_MODE, AIR_CONDITIONER, hvac_mode=HVACMode.OFF)
    assert thinq_cloud.cloud.device_state(AIR_CONDITIONER_ID)["Operation"] == "0"


async def test_current_temperature_follows_the_device(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """While heating, the room warms toward the setpoint and the unit draws power."""
    await setup_entry(hass, thinq_entry)
    await _call(
        hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=28, hvac_mode="heat"
    )
    thinq_cloud.cloud.advance(600)
    await _poll(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.attributes[ATTR_CURRENT_TEMPERATURE] == 28
    power = hass.states.get("sensor.living_room_heat_pump_power")
    assert power is not None
    assert float(power.state) > 0
    temperature = hass.states.get("sensor.living_room_heat_pump_temperature")
    assert temperature is not None
    assert float(temperature.state) == 28


async def test_offline_appliance(
    hass: HomeAssistant, thinq_entry: MockConfigEntry
) -> None:
    """An appliance LG cannot reach is unavailable; the others keep working."""
    await setup_entry(hass, thinq_entry)
    state = hass.states.get(OFFLINE)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    connectivity = hass.states.get("binary_sensor.garage_heat_pump_connectivity")
    assert connectivity is not None
    assert connectivity.state == STATE_OFF
    connectivity = hass.states.get("binary_sensor.living_room_heat_pump_connectivity")
    assert connectivity is not None
    assert connectivity.state == STATE_ON
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE


@pytest.mark.parametrize("fault", ["http_status_fault", "malformed_json"])
async def test_unavailable_and_back(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """A failing cloud makes the entities unavailable, logged once, until it recovers."""
    await setup_entry(hass, thinq_entry)
    setattr(thinq_cloud.cloud, fault, 500 if fault == "http_status_fault" else True)
    await _poll(hass, thinq_entry)
    await _poll(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    assert caplog.text.count("Error fetching") == 1

    setattr(thinq_cloud.cloud, fault, None if fault == "http_status_fault" else False)
    await _poll(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert caplog.text.count("Fetching") == 1


async def test_session_expiry_is_transparent(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """An expired session is renewed without the entities noticing."""
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.expire_sessions()
    await _poll(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert thinq_cloud.cloud.session_count == 1


async def test_rejected_sign_in_starts_reauthentication(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """When LG no longer accepts the refresh token, Home Assistant asks to sign in again."""
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.reject_refresh_tokens = True
    thinq_cloud.cloud.expire_sessions()
    thinq_cloud.cloud.advance(7200)
    await _poll(hass, thinq_entry)
    flows = thinq_entry.async_get_active_flows(hass, {SOURCE_REAUTH})
    assert len(list(flows)) == 1


async def test_rejected_sign_in_at_setup(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """A refresh token LG no longer accepts fails setup with reauthentication."""
    thinq_cloud.cloud.reject_refresh_tokens = True
    await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.SETUP_ERROR
    assert len(list(thinq_entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1


async def test_terms_repair_issue(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    issue_registry: ir.IssueRegistry,
) -> None:
    """LG's new terms raise a repair issue that goes away once they are accepted."""
    await setup_entry(hass, thinq_entry)
    issue_id = f"terms_not_accepted_{thinq_entry.entry_id}"
    thinq_cloud.cloud.terms_pending = True
    await _poll(hass, thinq_entry)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "terms_not_accepted"
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE

    thinq_cloud.cloud.terms_pending = False
    await _poll(hass, thinq_entry)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE


async def test_terms_at_setup(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Pending terms at setup retry later and raise the repair issue."""
    thinq_cloud.cloud.terms_pending = True
    await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.SETUP_RETRY
    assert issue_registry.async_get_issue(
        DOMAIN, f"terms_not_accepted_{thinq_entry.entry_id}"
    )


async def test_command_errors(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """Failed commands raise translated errors and change nothing."""
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.http_status_fault = 500
    with pytest.raises(HomeAssistantError) as error:
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=22)
    assert error.value.translation_key == "command_failed"
    thinq_cloud.cloud.http_status_fault = None

    thinq_cloud.cloud.devices[HEAT_PUMP_ID].online = False
    with pytest.raises(HomeAssistantError) as error:
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=22)
    assert error.value.translation_key == "device_offline"

    with pytest.raises(ServiceValidationError):
        await _call(hass, SERVICE_SET_TEMPERATURE, AIR_CONDITIONER, temperature=40)


async def test_model_info_is_stored(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """Model info is downloaded once and reused after a restart."""
    await setup_entry(hass, thinq_entry)
    assert thinq_cloud.cloud.requests["model_info"] == 2
    await hass.config_entries.async_reload(thinq_entry.entry_id)
    await hass.async_block_till_done()
    assert thinq_entry.state is ConfigEntryState.LOADED
    assert thinq_cloud.cloud.requests["model_info"] == 2


async def test_unload_stops_monitors(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """Unloading stops every monitor the integration started."""
    await setup_entry(hass, thinq_entry)
    assert thinq_cloud.cloud.monitor_count > 0
    assert await hass.config_entries.async_unload(thinq_entry.entry_id)
    assert thinq_entry.state is ConfigEntryState.NOT_LOADED
    assert thinq_cloud.cloud.monitor_count == 0


@pytest.mark.parametrize("thinq_cloud_options", [{"warmup_polls": 1}])
async def test_monitor_warm_up(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """Monitors that are not ready yet are asked again shortly, not a poll later."""
    await setup_entry(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=2))
    await hass.async_block_till_done()
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == HVACMode.OFF
    assert thinq_cloud.cloud.requests["rti/rtiResult"] == 4


@pytest.mark.parametrize("thinq_cloud_options", [{"warmup_polls": 10}])
async def test_monitor_slow_to_warm_up(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """An appliance whose monitor stays silent is asked again a few times, then waits."""
    await setup_entry(hass, thinq_entry)
    for _ in range(5):
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=2))
        await hass.async_block_till_done()
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    assert thinq_cloud.cloud.requests["rti/rtiResult"] == 8


async def test_appliances_come_and_go(
    freezer: FrozenDateTimeFactory,
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """New appliances appear without a reload; removed ones can be deleted."""
    await setup_entry(hass, thinq_entry)
    cloud = thinq_cloud.cloud
    washer = cloud.add_device("Washer", WASHER_MODEL)
    office = cloud.add_device("Office heat pump")
    cloud.remove_device(AIR_CONDITIONER_ID)

    await _poll(hass, thinq_entry)
    assert hass.states.get("climate.office_heat_pump") is None

    freezer.tick(timedelta(minutes=16))
    await _poll(hass, thinq_entry)
    state = hass.states.get("climate.office_heat_pump")
    assert state is not None
    assert state.state == HVACMode.OFF
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, office), thinq_entry.entry_id
    )
    assert not device_registry.async_get_device_by_identifier(
        (DOMAIN, washer), thinq_entry.entry_id
    )
    state = hass.states.get(AIR_CONDITIONER)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE

    for device_id, removable in ((AIR_CONDITIONER_ID, True), (HEAT_PUMP_ID, False)):
        device = device_registry.async_get_device_by_identifier(
            (DOMAIN, device_id), thinq_entry.entry_id
        )
        assert device is not None
        assert (
            await remove_device(hass, hass_ws_client, thinq_entry, device.id)
            is removable
        )


@pytest.mark.usefixtures("fahrenheit")
async def test_failed_setpoint_keeps_what_was_shown(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """A setpoint the cloud refused does not change the Fahrenheit shown."""
    await setup_entry(hass, thinq_entry)
    await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=61)
    thinq_cloud.cloud.http_status_fault = 500
    with pytest.raises(HomeAssistantError):
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=80)
    thinq_cloud.cloud.http_status_fault = None
    await _poll(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.attributes[ATTR_TEMPERATURE] == 61
