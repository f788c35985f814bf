"""The LG ThinQ side of the integration against the simulated cloud over real HTTP."""

from __future__ import annotations

from datetime import timedelta
import logging
from pathlib import Path
from typing import Any
from unittest.mock import patch
from urllib.parse import urlsplit

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_CURRENT_HUMIDITY,
    ATTR_CURRENT_TEMPERATURE,
    ATTR_FAN_MODE,
    ATTR_FAN_MODES,
    ATTR_HVAC_MODES,
    ATTR_MAX_TEMP,
    ATTR_MIN_TEMP,
    ATTR_PRESET_MODE,
    ATTR_PRESET_MODES,
    ATTR_SWING_MODE,
    ATTR_SWING_MODES,
    ATTR_TARGET_TEMP_STEP,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_PRESET_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
    ClimateEntityFeature,
    HVACMode,
)
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_SUPPORTED_FEATURES,
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

from custom_components.sew_thinq.const import (
    CONF_COUNTRY,
    CONF_GATEWAY_URL,
    CONF_KIND,
    CONF_LANGUAGE,
    CONF_REFRESH_TOKEN,
    DOMAIN,
    KIND_THINQ,
)
from simulators.thinq import (
    AIR_CONDITIONER_ID,
    DEMO_USER_NUMBER,
    DRYER_ID,
    HEAT_PUMP_ID,
    HEAT_PUMP_MODEL,
    THINQ2_AC_ID,
    heat_pump_model,
    start_thinq_cloud,
)

from .conftest import RunningThinQCloud, remove_device, setup_entry

HEAT_PUMP = "climate.living_room_heat_pump"
AIR_CONDITIONER = "climate.bedroom_ac"
OFFLINE = "climate.garage_heat_pump"
TABLE: dict[str, Any] = heat_pump_model()["Value"]["TempFahToCel"]["option"]


async def _poll(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Run the coordinator's next poll now."""
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def _call(hass: HomeAssistant, service: str, entity_id: str, **data: Any) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


def _attributes(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    state = hass.states.get(entity_id)
    assert state is not None
    return {"state": state.state, **state.attributes}


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
    """Each ThinQ1 AC gets a climate entity, a connectivity sensor and its sensors."""
    with patch("custom_components.sew_thinq.thinq_runtime.PLATFORMS", [platform]):
        await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.LOADED
    await snapshot_platform(hass, entity_registry, snapshot, thinq_entry.entry_id)


async def test_devices(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Each supported appliance is a device; the dryer and the ThinQ2 AC are not."""
    await setup_entry(hass, thinq_entry)
    heat_pump = device_registry.async_get_device_by_identifier(
        (DOMAIN, HEAT_PUMP_ID), thinq_entry.entry_id
    )
    assert heat_pump is not None
    assert (heat_pump.manufacturer, heat_pump.model) == ("LG", HEAT_PUMP_MODEL)
    assert heat_pump.name == "Living room heat pump"
    assert heat_pump.sw_version
    for unsupported in (DRYER_ID, THINQ2_AC_ID):
        assert not device_registry.async_get_device_by_identifier(
            (DOMAIN, unsupported), thinq_entry.entry_id
        )


async def test_heat_pump_from_lgs_model(
    hass: HomeAssistant, thinq_entry: MockConfigEntry
) -> None:
    """What LG's model offers, and the real monitor answer it starts from."""
    hass.config.units = METRIC_SYSTEM
    await setup_entry(hass, thinq_entry)
    attributes = _attributes(hass, HEAT_PUMP)
    assert attributes["state"] == HVACMode.COOL  # energy saving cools
    assert attributes[ATTR_PRESET_MODE] == "eco"
    assert attributes[ATTR_HVAC_MODES] == [
        HVACMode.OFF,
        HVACMode.COOL,
        HVACMode.DRY,
        HVACMode.FAN_ONLY,
        HVACMode.AUTO,
        HVACMode.HEAT,
        HVACMode.HEAT_COOL,
    ]
    assert attributes[ATTR_FAN_MODES] == [
        "low",
        "low_mid",
        "medium",
        "mid_high",
        "high",
        "diffuse",
    ]
    assert attributes[ATTR_SWING_MODES] == [
        "off",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "swing",
    ]
    assert attributes[ATTR_PRESET_MODES] == ["none", "eco", "boost"]
    features = ClimateEntityFeature(attributes[ATTR_SUPPORTED_FEATURES])
    assert ClimateEntityFeature.SWING_MODE in features
    assert ClimateEntityFeature.SWING_HORIZONTAL_MODE not in features
    assert attributes[ATTR_TARGET_TEMP_STEP] == 0.5
    assert (attributes[ATTR_MIN_TEMP], attributes[ATTR_MAX_TEMP]) == (18, 30)
    assert (attributes[ATTR_TEMPERATURE], attributes[ATTR_CURRENT_TEMPERATURE]) == (
        23.5,
        24,
    )
    assert attributes[ATTR_CURRENT_HUMIDITY] == 46
    assert attributes[ATTR_FAN_MODE] == "low"
    assert attributes[ATTR_SWING_MODE] == "off"


@pytest.mark.usefixtures("fahrenheit")
@pytest.mark.parametrize(
    ("hvac_mode", "lowest"), [(HVACMode.HEAT, 60), (HVACMode.COOL, 64)]
)
async def test_every_fahrenheit_of_the_table(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    hvac_mode: HVACMode,
    lowest: int,
) -> None:
    """Every whole °F of LG's table reaches the unit as the table's °C and reads back."""
    await setup_entry(hass, thinq_entry)
    await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=hvac_mode)
    attributes = _attributes(hass, HEAT_PUMP)
    assert attributes[ATTR_TARGET_TEMP_STEP] == 1
    assert (attributes[ATTR_MIN_TEMP], attributes[ATTR_MAX_TEMP]) == (lowest, 86)
    for fahrenheit in range(lowest, 87):
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=fahrenheit)
        device = thinq_cloud.cloud.device_state(HEAT_PUMP_ID)
        assert float(device["TempCfg"]) == TABLE[str(fahrenheit)]
        await _poll(hass, thinq_entry)
        assert _attributes(hass, HEAT_PUMP)[ATTR_TEMPERATURE] == fahrenheit


async def test_every_half_degree_celsius(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """In Celsius the heat pump takes and shows every half degree of its range."""
    hass.config.units = METRIC_SYSTEM
    await setup_entry(hass, thinq_entry)
    await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=HVACMode.HEAT)
    attributes = _attributes(hass, HEAT_PUMP)
    assert (attributes[ATTR_MIN_TEMP], attributes[ATTR_MAX_TEMP]) == (16, 30)
    for half_degrees in range(32, 61):
        celsius = half_degrees / 2
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=celsius)
        assert float(thinq_cloud.cloud.device_state(HEAT_PUMP_ID)["TempCfg"]) == celsius
        await _poll(hass, thinq_entry)
        assert _attributes(hass, HEAT_PUMP)[ATTR_TEMPERATURE] == celsius
    with pytest.raises(ServiceValidationError):
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=31)


@pytest.mark.usefixtures("fahrenheit")
async def test_72_fahrenheit_after_a_restart(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """72 °F is sent as the table's Celsius and shown as 72 °F after a restart."""
    await setup_entry(hass, thinq_entry)
    await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=72)
    assert float(thinq_cloud.cloud.device_state(HEAT_PUMP_ID)["TempCfg"]) == TABLE["72"]
    await hass.config_entries.async_reload(thinq_entry.entry_id)
    await hass.async_block_till_done()
    assert _attributes(hass, HEAT_PUMP)[ATTR_TEMPERATURE] == 72


@pytest.mark.usefixtures("fahrenheit")
async def test_room_temperature_agrees(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """The temperature sensor and the climate entity show the room through LG's table."""
    await setup_entry(hass, thinq_entry)
    for room_c in (24, 26.5):
        thinq_cloud.cloud.devices[HEAT_PUMP_ID].room_c = room_c
        await _poll(hass, thinq_entry)
        climate = _attributes(hass, HEAT_PUMP)[ATTR_CURRENT_TEMPERATURE]
        sensor = hass.states.get("sensor.living_room_heat_pump_temperature")
        assert sensor is not None
        assert float(sensor.state) == climate
        assert sensor.attributes["unit_of_measurement"] == "°F"
    assert climate == 79  # TempCelToFah: 26.5 °C -> 79 °F (the formula says 80)
    # Shown in whole degrees, as the climate entity shows them (75, not 75.0).
    registered = er.async_get(hass).async_get(
        "sensor.living_room_heat_pump_temperature"
    )
    assert registered is not None
    assert registered.options["sensor"]["suggested_display_precision"] == 0


async def test_modes_and_power(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """Each mode reaches the unit as its model's raw value; ACO is heat_cool."""
    await setup_entry(hass, thinq_entry)
    cloud = thinq_cloud.cloud
    for hvac_mode, op_mode in (
        (HVACMode.HEAT_COOL, "6"),
        (HVACMode.HEAT, "4"),
        (HVACMode.AUTO, "3"),
        (HVACMode.FAN_ONLY, "2"),
        (HVACMode.DRY, "1"),
        (HVACMode.COOL, "0"),
    ):
        await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=hvac_mode)
        assert cloud.device_state(HEAT_PUMP_ID)["OpMode"] == op_mode
        await _poll(hass, thinq_entry)
        assert _attributes(hass, HEAT_PUMP)["state"] == hvac_mode
    await _call(hass, SERVICE_TURN_OFF, HEAT_PUMP)
    assert cloud.device_state(HEAT_PUMP_ID)["Operation"] == "0"
    assert _attributes(hass, HEAT_PUMP)["state"] == HVACMode.OFF
    await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=HVACMode.HEAT)
    assert cloud.device_state(HEAT_PUMP_ID)["Operation"] == "257"  # ALL_ON
    await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=HVACMode.OFF)
    await _call(hass, SERVICE_TURN_ON, HEAT_PUMP)
    await _call(
        hass,
        SERVICE_SET_TEMPERATURE,
        HEAT_PUMP,
        temperature=20,
        hvac_mode=HVACMode.COOL,
    )
    device = cloud.device_state(HEAT_PUMP_ID)
    assert (device["Operation"], device["OpMode"], device["TempCfg"]) == (
        "257",
        "0",
        "20",
    )


async def test_presets_fan_and_swing(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """Energy saving is eco, jet is boost (cool jet only); fan and vane positions."""
    await setup_entry(hass, thinq_entry)
    cloud = thinq_cloud.cloud
    await _call(hass, SERVICE_SET_PRESET_MODE, HEAT_PUMP, preset_mode="none")
    assert cloud.device_state(HEAT_PUMP_ID)["OpMode"] == "0"
    await _call(hass, SERVICE_SET_PRESET_MODE, HEAT_PUMP, preset_mode="boost")
    assert cloud.device_state(HEAT_PUMP_ID)["Jet"] == "1"
    await _poll(hass, thinq_entry)
    assert _attributes(hass, HEAT_PUMP)[ATTR_PRESET_MODE] == "boost"
    await _call(hass, SERVICE_SET_PRESET_MODE, HEAT_PUMP, preset_mode="none")
    assert cloud.device_state(HEAT_PUMP_ID)["Jet"] == "0"
    await _call(hass, SERVICE_SET_PRESET_MODE, HEAT_PUMP, preset_mode="none")
    await _call(hass, SERVICE_SET_PRESET_MODE, HEAT_PUMP, preset_mode="eco")
    assert cloud.device_state(HEAT_PUMP_ID)["OpMode"] == "8"
    await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=HVACMode.HEAT)
    with pytest.raises(ServiceValidationError) as error:
        await _call(hass, SERVICE_SET_PRESET_MODE, HEAT_PUMP, preset_mode="boost")
    assert error.value.translation_key == "jet_unavailable"

    await _call(hass, SERVICE_SET_FAN_MODE, HEAT_PUMP, fan_mode="diffuse")
    await _call(hass, SERVICE_SET_SWING_MODE, HEAT_PUMP, swing_mode="swing")
    device = cloud.device_state(HEAT_PUMP_ID)
    assert (device["WindStrength"], device["WDirVStep"]) == ("8", "100")
    await _poll(hass, thinq_entry)
    attributes = _attributes(hass, HEAT_PUMP)
    assert (attributes[ATTR_FAN_MODE], attributes[ATTR_SWING_MODE]) == (
        "diffuse",
        "swing",
    )
    await _call(hass, SERVICE_SET_FAN_MODE, HEAT_PUMP, fan_mode="mid_high")
    assert cloud.device_state(HEAT_PUMP_ID)["WindStrength"] == "5"


async def test_control_releases_the_permission(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """After a control the permission goes back to LG, so its app is not locked out."""
    await setup_entry(hass, thinq_entry)
    await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=HVACMode.HEAT)
    assert thinq_cloud.cloud.locked_devices() == [HEAT_PUMP_ID]
    await _poll(hass, thinq_entry)
    assert thinq_cloud.cloud.locked_devices() == []
    assert HEAT_PUMP_ID in thinq_cloud.cloud.permission_releases


async def test_binary_controlled_model_is_read_only(
    hass: HomeAssistant, thinq_entry: MockConfigEntry
) -> None:
    """A model controlled in BINARY(BYTE) shows its state and offers no control."""
    await setup_entry(hass, thinq_entry)
    attributes = _attributes(hass, AIR_CONDITIONER)
    assert attributes["state"] == HVACMode.OFF
    assert attributes[ATTR_HVAC_MODES] == []
    assert attributes[ATTR_SUPPORTED_FEATURES] == 0
    assert attributes[ATTR_CURRENT_TEMPERATURE] == 24
    with pytest.raises(ServiceValidationError):
        await _call(
            hass, SERVICE_SET_HVAC_MODE, AIR_CONDITIONER, hvac_mode=HVACMode.COOL
        )


async def test_power_filter_and_humidity(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Power and filter life are read every five minutes; a model without them is not asked again."""
    await setup_entry(hass, thinq_entry)
    cloud = thinq_cloud.cloud
    power = hass.states.get("sensor.living_room_heat_pump_power")
    assert power is not None
    assert float(power.state) > 0
    filter_life = hass.states.get("sensor.living_room_heat_pump_filter_life")
    assert filter_life is not None
    assert filter_life.state == "79"
    humidity = hass.states.get("sensor.living_room_heat_pump_humidity")
    assert humidity is not None
    assert float(humidity.state) == 46
    assert hass.states.get("sensor.bedroom_ac_power") is None
    assert hass.states.get("sensor.bedroom_ac_filter_life") is None
    asked = cloud.requests["rti/rtiControl"]
    assert asked == 4  # power and filter of each: the binary AC answered 9000
    await _poll(hass, thinq_entry)
    assert cloud.requests["rti/rtiControl"] == asked
    cloud.devices[HEAT_PUMP_ID].filter_hours = 1900
    freezer.tick(timedelta(minutes=5))
    await _poll(hass, thinq_entry)
    assert cloud.requests["rti/rtiControl"] == asked + 2
    filter_life = hass.states.get("sensor.living_room_heat_pump_filter_life")
    assert filter_life is not None
    assert filter_life.state == "5"


async def test_power_read_failures_are_not_fatal(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A failed power or filter read keeps the last value and is tried again."""
    cloud = thinq_cloud.cloud
    cloud.inject("0100", route="rti/rtiControl", device_id=HEAT_PUMP_ID, times=2)
    await setup_entry(hass, thinq_entry)
    assert hass.states.get("sensor.living_room_heat_pump_power") is None
    freezer.tick(timedelta(minutes=5))
    await _poll(hass, thinq_entry)
    assert hass.states.get("sensor.living_room_heat_pump_power") is not None


async def test_unsupported_appliances_are_logged_once(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The ThinQ2 AC and the dryer do not break setup; each is logged once."""
    caplog.set_level(logging.INFO)
    await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.LOADED
    for _ in range(2):
        freezer.tick(timedelta(minutes=16))
        await _poll(hass, thinq_entry)
    assert caplog.text.count("is not supported") == 2
    assert caplog.text.count("Full Model (thinq2, type 401) is not supported") == 1
    assert (
        caplog.text.count("RV13B6AM_D_US_WIFI (thinq1, type 202) is not supported") == 1
    )


async def test_offline_appliance(
    hass: HomeAssistant, thinq_entry: MockConfigEntry
) -> None:
    """An appliance LG cannot reach is unavailable; the others keep working."""
    await setup_entry(hass, thinq_entry)
    assert _attributes(hass, OFFLINE)["state"] == STATE_UNAVAILABLE
    connectivity = hass.states.get("binary_sensor.garage_heat_pump_connectivity")
    assert connectivity is not None
    assert connectivity.state == STATE_OFF
    connectivity = hass.states.get("binary_sensor.living_room_heat_pump_connectivity")
    assert connectivity is not None
    assert connectivity.state == STATE_ON
    assert _attributes(hass, HEAT_PUMP)["state"] != STATE_UNAVAILABLE


async def test_an_appliance_unavailable_and_back(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An answer that cannot be read affects only its appliance, once, and it recovers."""
    caplog.set_level(logging.INFO)
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.inject(
        "0100", route="rti/rtiResult", device_id=HEAT_PUMP_ID, times=2
    )
    for _ in range(2):
        await _poll(hass, thinq_entry)
        assert _attributes(hass, HEAT_PUMP)["state"] == STATE_UNAVAILABLE
        assert _attributes(hass, AIR_CONDITIONER)["state"] != STATE_UNAVAILABLE
    assert caplog.text.count("Living room heat pump is unavailable") == 1
    for _ in range(2):
        await _poll(hass, thinq_entry)
    assert _attributes(hass, HEAT_PUMP)["state"] != STATE_UNAVAILABLE
    assert caplog.text.count("Living room heat pump is available again") == 1


async def test_unavailable_logs_once_at_info_and_once_back(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An unreachable appliance logs once at INFO, and once when it is back.

    In between, polls and the list and extras refreshes log nothing above DEBUG.
    """
    caplog.set_level(logging.DEBUG, logger="custom_components.sew_thinq")
    await setup_entry(hass, thinq_entry)
    caplog.clear()

    def logged() -> list[tuple[int, str]]:
        return [
            (record.levelno, record.getMessage())
            for record in caplog.records
            if record.name.startswith("custom_components.sew_thinq")
            and record.levelno > logging.DEBUG
        ]

    thinq_cloud.cloud.devices[HEAT_PUMP_ID].online = False
    for _ in range(6):
        freezer.tick(timedelta(minutes=6))
        await _poll(hass, thinq_entry)
        assert _attributes(hass, HEAT_PUMP)["state"] == STATE_UNAVAILABLE
    assert logged() == [
        (logging.INFO, "Living room heat pump is unavailable: not connected to LG")
    ]
    caplog.clear()
    thinq_cloud.cloud.devices[HEAT_PUMP_ID].online = True
    for _ in range(3):
        freezer.tick(timedelta(minutes=6))
        await _poll(hass, thinq_entry)
        assert _attributes(hass, HEAT_PUMP)["state"] != STATE_UNAVAILABLE
    assert logged() == [(logging.INFO, "Living room heat pump is available again")]


@pytest.mark.parametrize("fault", ["http_status", "malformed_json"])
async def test_cloud_unavailable_and_back(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """A failing cloud makes every entity unavailable, logged once, until it recovers."""
    await setup_entry(hass, thinq_entry)
    faults = thinq_cloud.cloud.faults
    setattr(faults, fault, 500 if fault == "http_status" else True)
    await _poll(hass, thinq_entry)
    await _poll(hass, thinq_entry)
    assert _attributes(hass, HEAT_PUMP)["state"] == STATE_UNAVAILABLE
    assert caplog.text.count("Error fetching") == 1
    setattr(faults, fault, None if fault == "http_status" else False)
    await _poll(hass, thinq_entry)
    assert _attributes(hass, HEAT_PUMP)["state"] != STATE_UNAVAILABLE
    assert caplog.text.count("Fetching") == 1


async def test_token_expiry_is_transparent(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """An expired access token (0102) is refreshed without the entities noticing."""
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.expire_access_tokens()
    await _poll(hass, thinq_entry)
    assert _attributes(hass, HEAT_PUMP)["state"] != STATE_UNAVAILABLE
    assert thinq_cloud.cloud.requests["token"] == 2
    assert thinq_cloud.cloud.requests["member/login"] == 0


async def test_refused_refresh_token_starts_reauthentication(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """When LG refuses the refresh token, Home Assistant asks to sign in again."""
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.faults.reject_refresh_tokens = True
    thinq_cloud.cloud.expire_access_tokens()
    await _poll(hass, thinq_entry)
    assert len(list(thinq_entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1


async def test_refused_refresh_token_at_setup(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    thinq_cloud.cloud.faults.reject_refresh_tokens = True
    await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.SETUP_ERROR
    assert len(list(thinq_entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1


async def test_terms_repair_issue(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    issue_registry: ir.IssueRegistry,
) -> None:
    """0110 on device calls raises the terms issue; it goes once they are accepted."""
    await setup_entry(hass, thinq_entry)
    issue_id = f"terms_not_accepted_{thinq_entry.entry_id}"
    thinq_cloud.cloud.faults.terms_pending = True
    await _poll(hass, thinq_entry)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "terms_not_accepted"
    assert _attributes(hass, HEAT_PUMP)["state"] == STATE_UNAVAILABLE
    thinq_cloud.cloud.faults.terms_pending = False
    await _poll(hass, thinq_entry)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert _attributes(hass, HEAT_PUMP)["state"] != STATE_UNAVAILABLE


async def test_terms_at_setup(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    issue_registry: ir.IssueRegistry,
) -> None:
    thinq_cloud.cloud.faults.terms_pending = True
    await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.SETUP_RETRY
    assert issue_registry.async_get_issue(
        DOMAIN, f"terms_not_accepted_{thinq_entry.entry_id}"
    )


async def test_terms_only_at_member_login_do_not_matter(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """member/login answering 0110 (nVuln PR #158) is irrelevant: it is not called."""
    thinq_cloud.cloud.faults.member_login_code = "0110"
    await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.LOADED
    assert _attributes(hass, HEAT_PUMP)["state"] != STATE_UNAVAILABLE


async def test_command_errors(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """Failed commands raise translated errors and change nothing."""
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.faults.http_status = 500
    with pytest.raises(HomeAssistantError) as error:
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=22)
    assert error.value.translation_key == "command_failed"
    thinq_cloud.cloud.faults.http_status = None
    thinq_cloud.cloud.devices[HEAT_PUMP_ID].online = False
    with pytest.raises(HomeAssistantError) as error:
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=22)
    assert error.value.translation_key == "device_offline"


async def test_unload_stops_monitors(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
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
    assert _attributes(hass, HEAT_PUMP)["state"] == STATE_UNAVAILABLE
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=2))
    await hass.async_block_till_done()
    assert _attributes(hass, HEAT_PUMP)["state"] == HVACMode.COOL
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
    assert _attributes(hass, HEAT_PUMP)["state"] == STATE_UNAVAILABLE
    assert thinq_cloud.cloud.requests["rti/rtiResult"] == 8


async def test_appliances_come_and_go(
    freezer: FrozenDateTimeFactory,
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """New appliances appear and removed ones go, without a reload, once LG's list says so."""
    await setup_entry(hass, thinq_entry)
    cloud = thinq_cloud.cloud
    office = cloud.add_heat_pump("Office heat pump")
    bedroom_ac = cloud.devices[AIR_CONDITIONER_ID]
    cloud.remove_device(AIR_CONDITIONER_ID)
    await _poll(hass, thinq_entry)
    assert hass.states.get("climate.office_heat_pump") is None
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, AIR_CONDITIONER_ID), thinq_entry.entry_id
    )

    freezer.tick(timedelta(minutes=16))
    await _poll(hass, thinq_entry)
    assert _attributes(hass, "climate.office_heat_pump")["state"] == HVACMode.COOL
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, office), thinq_entry.entry_id
    )
    assert (
        device_registry.async_get_device_by_identifier(
            (DOMAIN, AIR_CONDITIONER_ID), thinq_entry.entry_id
        )
        is None
    )
    assert entity_registry.async_get(AIR_CONDITIONER) is None
    assert hass.states.get(AIR_CONDITIONER) is None
    assert hass.states.get("binary_sensor.bedroom_ac_connectivity") is None
    assert _attributes(hass, HEAT_PUMP)["state"] != STATE_UNAVAILABLE
    heat_pump = device_registry.async_get_device_by_identifier(
        (DOMAIN, HEAT_PUMP_ID), thinq_entry.entry_id
    )
    assert heat_pump is not None
    assert not await remove_device(hass, hass_ws_client, thinq_entry, heat_pump.id)

    # Put back in LG's app, it comes back with its entities.
    cloud.devices[AIR_CONDITIONER_ID] = bedroom_ac
    freezer.tick(timedelta(minutes=16))
    await _poll(hass, thinq_entry)
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, AIR_CONDITIONER_ID), thinq_entry.entry_id
    )
    assert _attributes(hass, AIR_CONDITIONER)["state"] == HVACMode.OFF


async def test_appliance_gone_while_home_assistant_was_off(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """An appliance removed from the account between two runs goes at the next start."""
    await setup_entry(hass, thinq_entry)
    assert await hass.config_entries.async_unload(thinq_entry.entry_id)
    thinq_cloud.cloud.remove_device(AIR_CONDITIONER_ID)
    assert await hass.config_entries.async_setup(thinq_entry.entry_id)
    await hass.async_block_till_done()
    assert (
        device_registry.async_get_device_by_identifier(
            (DOMAIN, AIR_CONDITIONER_ID), thinq_entry.entry_id
        )
        is None
    )
    assert entity_registry.async_get(AIR_CONDITIONER) is None
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, HEAT_PUMP_ID), thinq_entry.entry_id
    )


async def test_an_empty_list_removes_nothing(
    freezer: FrozenDateTimeFactory,
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A list with no appliance at all may have lost them: devices stay, deletable by hand."""
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.devices.clear()
    freezer.tick(timedelta(minutes=16))
    await _poll(hass, thinq_entry)
    heat_pump = device_registry.async_get_device_by_identifier(
        (DOMAIN, HEAT_PUMP_ID), thinq_entry.entry_id
    )
    assert heat_pump is not None
    assert _attributes(hass, HEAT_PUMP)["state"] == STATE_UNAVAILABLE
    assert await remove_device(hass, hass_ws_client, thinq_entry, heat_pump.id)


@pytest.mark.usefixtures("fahrenheit")
async def test_failed_setpoint_keeps_what_was_shown(
    hass: HomeAssistant, thinq_entry: MockConfigEntry, thinq_cloud: RunningThinQCloud
) -> None:
    """A setpoint the cloud refused does not change the Fahrenheit shown."""
    await setup_entry(hass, thinq_entry)
    await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=66)
    thinq_cloud.cloud.faults.http_status = 500
    with pytest.raises(HomeAssistantError):
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=80)
    thinq_cloud.cloud.faults.http_status = None
    await _poll(hass, thinq_entry)
    assert _attributes(hass, HEAT_PUMP)[ATTR_TEMPERATURE] == 66


async def test_restart_of_the_lg_cloud_and_home_assistant(
    hass: HomeAssistant,
    socket_enabled: None,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A simulated cloud restarted from its saved state is the same cloud.

    To Home Assistant restarted with it, the sign-in holds and the heat pump is as it
    was, with no warning.
    """
    hass.config.units = METRIC_SYSTEM
    state_path = tmp_path / "thinq_cloud.json"
    runner, cloud, gateway_url = await start_thinq_cloud(
        state_path=state_path, warmup_polls=0
    )
    assert not cloud.restored
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=DEMO_USER_NUMBER,
        data={
            CONF_KIND: KIND_THINQ,
            CONF_GATEWAY_URL: gateway_url,
            CONF_COUNTRY: "US",
            CONF_LANGUAGE: "en-US",
            CONF_REFRESH_TOKEN: cloud.issue_refresh_token(),
        },
    )
    try:
        await setup_entry(hass, entry)
        await _call(hass, SERVICE_SET_HVAC_MODE, HEAT_PUMP, hvac_mode=HVACMode.HEAT)
        await _call(hass, SERVICE_SET_TEMPERATURE, HEAT_PUMP, temperature=21.5)
        assert await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await runner.cleanup()

    port = urlsplit(gateway_url).port
    runner, cloud, restarted_url = await start_thinq_cloud(
        port=port, state_path=state_path, warmup_polls=0
    )
    try:
        assert (cloud.restored, restarted_url) == (True, gateway_url)
        caplog.clear()
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        assert not list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))
        attributes = _attributes(hass, HEAT_PUMP)
        assert (attributes["state"], attributes[ATTR_TEMPERATURE]) == (
            HVACMode.HEAT,
            21.5,
        )
        assert [
            record.getMessage()
            for record in caplog.records
            if record.name.startswith("custom_components.sew_thinq")
            and record.levelno >= logging.WARNING
        ] == []
    finally:
        assert await hass.config_entries.async_unload(entry.entry_id)
        await runner.cleanup()
