"""Model info, the air conditioner interpretation and the Fahrenheit tables."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from custom_components.sew_thinq.thinq import (
    AirConditioner,
    BitValue,
    DeviceInfo,
    EnumValue,
    FahrenheitTable,
    ModelInfo,
    RangeValue,
    ReferenceValue,
    StringValue,
    ThinQClient,
    ThinQResponseError,
    ThinQUnsupportedError,
)
from custom_components.sew_thinq.thinq.model_info import raw_text, to_number
from simulators.thinq_cloud import (
    AIR_CONDITIONER_ID,
    HEAT_PUMP_ID,
    ThinQCloud,
    air_conditioner_model,
    heat_pump_model,
)

MODELS = {"heat pump": heat_pump_model, "air conditioner": air_conditioner_model}


def test_value_types() -> None:
    model = ModelInfo(heat_pump_model())
    assert isinstance(model.value("OpMode"), EnumValue)
    assert model.range("TempCfg") == RangeValue(16, 30, 0.5)
    assert model.value("InOutInstantPower") == RangeValue(0, 10000, 1)
    jet = model.value("Jet")
    assert isinstance(jet, BitValue)
    assert [option.value for option in jet.options] == ["JetCool", "JetHeat"]
    error = model.value("ErrorCode")
    assert isinstance(error, ReferenceValue)
    assert error.comment(5) == "Outdoor unit fault"
    assert error.comment("9") is None
    assert model.value("ModelNote") == StringValue("Simulated heat pump")
    assert model.value("ModelNote") is model.value("ModelNote")
    assert model.default("Operation") == "0"
    assert model.default("TempCfg") is None
    assert model.default("Missing") is None
    assert model.has("TempCfg")
    assert not model.has("Missing")
    assert model.model_name == "LW-SIM-HP1"
    assert model.monitoring_type == "JSON"
    assert not model.is_binary
    with pytest.raises(ThinQUnsupportedError):
        model.value("Missing")
    with pytest.raises(ThinQResponseError):
        model.enum("TempCfg")
    with pytest.raises(ThinQResponseError):
        model.range("OpMode")
    enum = model.enum("OpMode")
    assert enum.label(4) == "@AC_MAIN_OPERATION_MODE_HEAT_W"
    assert enum.label(object()) is None
    assert enum.raw("@AC_MAIN_OPERATION_MODE_HEAT_W") == "4"
    assert enum.raw("nothing") is None


@pytest.mark.parametrize(
    "spec",
    [
        {"type": "Enum"},
        {"type": "Range", "option": []},
        {"type": "Range", "option": {"min": 5, "max": 1}},
        {"type": "Range", "option": {"min": "a", "max": 1}},
        {"type": "Bit", "option": {}},
        {"type": "Bit", "option": [{"startbit": 0, "length": 1}]},
        {"type": "Bit", "option": [{"startbit": "x", "length": 1, "value": "A"}]},
        {"type": "Bit", "option": [{"startbit": -1, "length": 1, "value": "A"}]},
        {"type": "Bit", "option": [{"startbit": True, "length": 1, "value": "A"}]},
        {"type": "Reference", "option": []},
        {"type": "Reference", "option": ["Nowhere"]},
        {"type": "Mystery"},
        {"type": None},
        {"type": "Enum", "option": {"1": None}},
        {"type": "Enum", "option": {"1": True}},
    ],
)
def test_malformed_values(spec: dict[str, Any]) -> None:
    model = ModelInfo(
        {"Value": {"X": spec, "D": {"type": "Enum", "option": {}, "default": []}}}
    )
    with pytest.raises(ThinQResponseError):
        model.value("X")
    assert model.default("D") is None


def test_malformed_documents() -> None:
    for data in (None, [], {"Value": []}, {"Info": {}}):
        with pytest.raises(ThinQResponseError):
            ModelInfo(data)
    model = ModelInfo(
        {"Value": {}, "Info": "x", "Monitoring": {"type": "BINARY(BYTE)"}}
    )
    assert model.model_name is None
    assert model.value  # bound method exists
    with pytest.raises(ThinQResponseError, match="protocol"):
        model.decode(b"\x00")
    for protocol in ([{"value": 1}], [{"value": "A", "startByte": 0, "length": 0}]):
        odd = ModelInfo(
            {"Value": {}, "Monitoring": {"type": "BINARY(BYTE)", "protocol": protocol}}
        )
        with pytest.raises(ThinQResponseError):
            odd.decode(b"\x00")


def test_decoders() -> None:
    binary = ModelInfo(air_conditioner_model())
    assert binary.is_binary
    assert binary.decode(bytes([1, 0, 4, 22, 25, 100, 1, 44])) == {
        "Operation": "1",
        "OpMode": "0",
        "WindStrength": "4",
        "TempCfg": "22",
        "TempCur": "25",
        "WDirVStep": "100",
        "SleepTime": "300",
    }
    with pytest.raises(ThinQResponseError, match="needs 8"):
        binary.decode(bytes(7))
    json_model = ModelInfo(heat_pump_model())
    assert json_model.decode(b'{"TempCfg": "22"}') == {"TempCfg": "22"}
    for payload in (b"[1]", b"\xff", b"{"):
        with pytest.raises(ThinQResponseError):
            json_model.decode(payload)


def test_raw_text_and_numbers() -> None:
    assert [raw_text(v) for v in ("21.5", 22, 22.0, 21.5)] == [
        "21.5",
        "22",
        "22",
        "21.5",
    ]
    for bad in (True, None, float("nan"), [1]):
        with pytest.raises(ThinQResponseError):
            raw_text(bad)
    assert [to_number(v) for v in ("21.5", 3, True, "x", None, "inf")] == [
        21.5,
        3,
        None,
        None,
        None,
        None,
    ]


def test_heat_pump_interpretation() -> None:
    ac = AirConditioner(ModelInfo(heat_pump_model()))
    assert ac.operation_modes == [
        "@AC_MAIN_OPERATION_MODE_COOL_W",
        "@AC_MAIN_OPERATION_MODE_DRY_W",
        "@AC_MAIN_OPERATION_MODE_FAN_W",
        "@AC_MAIN_OPERATION_MODE_HEAT_W",
    ]
    assert ac.fan_speeds[-1] == "@AC_MAIN_WIND_STRENGTH_AUTO_W"
    assert ac.vertical_swing is not None
    assert "@100" in ac.vertical_swing
    assert ac.horizontal_swing is not None
    assert "@35" in ac.horizontal_swing
    assert ac.temperature_range == RangeValue(16, 30, 0.5)
    assert ac.has_instant_power
    assert ac.power_values(True) == {"Operation": "3"}
    assert ac.power_values(False) == {"Operation": "0"}
    assert ac.target_celsius_values(21.4) == {"TempCfg": "21.5"}
    assert ac.target_celsius_values(22) == {"TempCfg": "22"}
    with pytest.raises(ThinQUnsupportedError):
        ac.target_celsius_values(31)
    with pytest.raises(ThinQUnsupportedError):
        ac.mode_values("@AC_MAIN_OPERATION_MODE_NOPE_W")
    state = ac.state(
        {"Operation": "1", "TempCfg": "21.5", "TempCur": 24, "InOutInstantPower": "x"}
    )
    assert state.power is True
    assert state.target_c == 21.5
    assert state.current_c == 24
    assert state.instant_power is None
    assert state.mode is None
    empty = ac.state({})
    assert empty.power is None
    assert empty.target_c is None


def test_air_conditioner_interpretation() -> None:
    ac = AirConditioner(ModelInfo(air_conditioner_model()))
    assert "@AC_MAIN_OPERATION_MODE_ENERGY_SAVING_W" in ac.operation_modes
    assert ac.horizontal_swing is None
    assert ac.power_values(True) == {"Operation": "1"}
    assert not ac.has_instant_power
    assert ac.temperature_range == RangeValue(18, 30, 1)
    assert ac.state({"Operation": "0", "InOutInstantPower": "5"}).instant_power is None
    assert ac.target_celsius_values(22.4) == {"TempCfg": "22"}


def test_models_without_values() -> None:
    bare = AirConditioner(ModelInfo({"Value": {}}))
    assert bare.operation_modes == []
    assert bare.vertical_swing is None
    with pytest.raises(ThinQUnsupportedError):
        bare.power_values(True)
    with pytest.raises(ThinQUnsupportedError):
        _ = bare.temperature_range
    assert bare.fahrenheit.to_celsius_value(72) == "22"
    assert (bare.fahrenheit.min_fahrenheit, bare.fahrenheit.max_fahrenheit) == (61, 86)
    two_on = heat_pump_model()
    del two_on["Value"]["Operation"]["option"]["3"]
    with pytest.raises(ThinQUnsupportedError, match="single way"):
        AirConditioner(ModelInfo(two_on)).power_values(True)
    unsupported = heat_pump_model()
    unsupported["Value"]["SupportOpMode"]["option"] = {"9": "@OTHER"}
    assert len(AirConditioner(ModelInfo(unsupported)).operation_modes) == 6


@pytest.mark.parametrize("name", MODELS)
def test_every_fahrenheit_round_trips(name: str) -> None:
    """Set each F of the table, report the Celsius the device keeps, show that F."""
    ac = AirConditioner(ModelInfo(MODELS[name]()))
    table = ac.fahrenheit
    assert table.has_table
    low, high = table.min_fahrenheit, table.max_fahrenheit
    for fahrenheit in range(low, high + 1):
        sent = ac.target_fahrenheit_values(fahrenheit)["TempCfg"]
        reported = float(sent)
        assert ac.target_fahrenheit(reported, last_set=fahrenheit) == fahrenheit


def test_heat_pump_table_details() -> None:
    table = FahrenheitTable.from_model(ModelInfo(heat_pump_model()))
    assert table.to_celsius_value(72) == "22"
    assert table.to_celsius_value(65) == "18.5"
    assert (table.min_fahrenheit, table.max_fahrenheit) == (59, 89)
    assert table.to_fahrenheit(16) == 60  # TempCelToFah picks one of 59
    assert 60
    assert table.to_fahrenheit(16, last_set=59) == 59
    assert table.to_fahrenheit(16, last_set=72) == 60  # the device moved on
    assert table.to_fahrenheit(30.5) == 89  # only in TempCelToFah
    assert table.to_fahrenheit(40) == 104  # formula
    assert table.to_celsius_value(100) == "30"  # formula, clamped to the range
    assert table.to_celsius_value(50) == "16"


def test_air_conditioner_table_details() -> None:
    table = FahrenheitTable.from_model(ModelInfo(air_conditioner_model()))
    assert table.to_celsius_value(72) == "22"  # a JSON number in the model
    assert table.to_fahrenheit(22) == 72  # 71 and 72 share 22; nearest the formula
    assert table.to_fahrenheit(18) == 64
    assert table.to_fahrenheit(22, last_set=71) == 71
    assert (table.min_fahrenheit, table.max_fahrenheit) == (64, 86)


def test_table_out_of_range_and_malformed() -> None:
    model = heat_pump_model()
    model["Value"]["TempCfg"]["option"] = {"min": 40, "max": 45}
    table = FahrenheitTable.from_model(ModelInfo(model))
    assert (table.min_fahrenheit, table.max_fahrenheit) == (104, 113)
    no_range = heat_pump_model()
    del no_range["Value"]["TempCfg"]
    assert FahrenheitTable.from_model(ModelInfo(no_range)).min_fahrenheit == 59
    for table_name, options in (
        ("TempFahToCel", {"x": "1"}),
        ("TempFahToCel", {"70.5": "21"}),
        ("TempFahToCel", {"70": "warm"}),
        ("TempCelToFah", {"21": "x"}),
    ):
        broken = copy.deepcopy(heat_pump_model())
        broken["Value"][table_name]["option"] = options
        with pytest.raises(ThinQResponseError):
            FahrenheitTable.from_model(ModelInfo(broken))


async def test_72_fahrenheit_through_the_cloud(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    """Set 72 F on both devices, read the device's Celsius back, show 72 F."""
    for device_id, celsius in ((HEAT_PUMP_ID, "22"), (AIR_CONDITIONER_ID, "22")):
        device = devices[device_id]
        ac = AirConditioner(await client.get_model_info(device))
        await client.set_values(device, ac.target_fahrenheit_values(75))
        await client.set_values(device, ac.target_fahrenheit_values(72))
        assert cloud.device_state(device_id)["TempCfg"] == celsius
        snapshot = None
        while snapshot is None:
            snapshot = await client.poll(device)
        target = ac.state(snapshot).target_c
        assert target is not None
        assert ac.target_fahrenheit(target, last_set=72) == 72


@pytest.mark.parametrize("device_id", [HEAT_PUMP_ID, AIR_CONDITIONER_ID])
async def test_every_fahrenheit_round_trips_through_the_cloud(
    cloud: ThinQCloud,
    client: ThinQClient,
    devices: dict[str, DeviceInfo],
    device_id: str,
) -> None:
    device = devices[device_id]
    ac = AirConditioner(await client.get_model_info(device))
    await client.poll(device)
    for fahrenheit in range(
        ac.fahrenheit.min_fahrenheit, ac.fahrenheit.max_fahrenheit + 1
    ):
        await client.set_values(device, ac.target_fahrenheit_values(fahrenheit))
        snapshot = await client.poll(device)
        assert snapshot is not None
        target = ac.state(snapshot).target_c
        assert target is not None
        assert ac.target_fahrenheit(target, last_set=fahrenheit) == fahrenheit
