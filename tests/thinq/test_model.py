"""Model documents, their air-conditioner reading and the Fahrenheit tables."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from custom_components.sew_thinq.thinq import (
    AirConditioner,
    BitValue,
    BooleanValue,
    EnumValue,
    FahrenheitTable,
    FanSpeed,
    HorizontalVane,
    ModelInfo,
    OperationMode,
    RangeValue,
    ReferenceValue,
    StringValue,
    ThinQModelError,
    ThinQResponseError,
    ThinQUnsupportedError,
    VerticalVane,
)
from custom_components.sew_thinq.thinq.model_info import raw_text, to_number
from simulators.thinq import binary_ac_model, heat_pump_model


def test_value_types() -> None:
    model = ModelInfo(
        {
            "Info": {"modelName": "M"},
            "Value": {
                "E": {"type": "Enum", "option": {"1": "@A", "2": 5}, "default": 1},
                "L": {"type": "enum", "option": ["@OFF", "@ON"]},
                "R": {"type": "Range", "option": {"min": 0, "max": 9, "step": 0.5}},
                "B": {
                    "type": "Bit",
                    "option": [{"startbit": 0, "length": 1, "value": "X"}],
                },
                "F": {"type": "Reference", "option": ["Error"]},
                "S": {"type": "String", "_comment": "note"},
                "T": {"type": "Boolean", "default": False},
            },
            "Error": {"5": {"_comment": "Outdoor unit fault"}},
            "ControlWifi": {"type": "BINARY(BYTE)"},
        }
    )
    assert model.enum("E") == EnumValue({"1": "@A", "2": "5"})
    assert model.enum("L").label(1) == "@ON"
    assert model.range("R") == RangeValue(0, 9, 0.5)
    assert isinstance(model.value("B"), BitValue)
    reference = model.value("F")
    assert isinstance(reference, ReferenceValue)
    assert reference.comment(5) == "Outdoor unit fault"
    assert reference.comment("9") is None
    assert model.value("S") == StringValue("note")
    assert model.value("T") == BooleanValue(False)
    assert model.value("S") is model.value("S")
    assert model.default("E") == "1"
    assert model.default("R") is None
    assert model.model_name == "M"
    assert model.monitoring_type == "JSON"
    assert model.control_type == "BINARY(BYTE)"
    with pytest.raises(ThinQUnsupportedError):
        model.value("Missing")
    with pytest.raises(ThinQResponseError):
        model.enum("R")
    with pytest.raises(ThinQResponseError):
        model.range("E")
    assert model.enum("E").label(object()) is None
    assert model.enum("E").raw("@A") == "1"
    assert model.enum("E").raw("nothing") is None


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
        with pytest.raises(ThinQModelError):
            ModelInfo(data)
    model = ModelInfo(
        {"Value": {}, "Info": "x", "Monitoring": {"type": "BINARY(BYTE)"}}
    )
    assert model.model_name is None
    with pytest.raises(ThinQResponseError, match="protocol"):
        model.decode(b"\x00")
    for protocol in ([{"value": 1}], [{"value": "A", "startByte": 0, "length": 0}]):
        odd = ModelInfo(
            {"Value": {}, "Monitoring": {"type": "BINARY(BYTE)", "protocol": protocol}}
        )
        with pytest.raises(ThinQResponseError):
            odd.decode(b"\x00")


def test_decoders() -> None:
    binary = ModelInfo(binary_ac_model())
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


def test_heat_pump() -> None:
    """The heat pump from LG's data: its modes, fans, vanes, limits, presets."""
    ac = AirConditioner(ModelInfo(heat_pump_model()))
    assert ac.controllable
    assert OperationMode.ACO in ac.operation_modes
    assert ac.energy_saving is OperationMode.ENERGY_SAVING
    assert FanSpeed.NATURE in ac.fan_speeds
    assert FanSpeed.AUTO not in ac.fan_speeds  # not in its support list
    assert ac.vertical_vanes == tuple(VerticalVane)
    assert ac.horizontal_vanes == ()
    assert (ac.cool_jet, ac.heat_jet, ac.has_jet) == (True, False, True)
    assert ac.has_humidity
    assert ac.target_step == 0.5
    assert ac.target_range() == RangeValue(18, 30, 1)
    assert ac.target_range(OperationMode.HEAT).min == 16
    assert ac.target_range(OperationMode.COOL).min == 18
    assert ac.fahrenheit_range(OperationMode.HEAT) == (60, 86)
    assert ac.power(True).values == {"Operation": "257"}  # ALL_ON (ac.py:355)
    assert ac.power(False).values == {"Operation": "0"}
    assert ac.set_target_celsius(21.4).values == {"TempCfg": "21.5"}
    assert ac.set_target_celsius(16, OperationMode.HEAT).changes == {"target_c": 16}
    with pytest.raises(ThinQUnsupportedError):
        ac.set_target_celsius(16, OperationMode.COOL)
    with pytest.raises(ThinQUnsupportedError):
        ac.set_target_fahrenheit(40)
    with pytest.raises(ThinQUnsupportedError):
        ac.set_mode(OperationMode.ENERGY_SAVER)
    with pytest.raises(ThinQUnsupportedError):
        ac.set_fan(FanSpeed.AUTO)
    with pytest.raises(ThinQUnsupportedError):
        ac.set_horizontal_vane(HorizontalVane.SWING)
    assert ac.jet_available(OperationMode.COOL)
    assert ac.jet_available(OperationMode.DRY)
    assert not ac.jet_available(OperationMode.HEAT)
    assert ac.set_jet(True, OperationMode.COOL).values == {"Jet": "1"}
    assert ac.set_jet(False, OperationMode.HEAT).values == {"Jet": "0"}
    with pytest.raises(ThinQUnsupportedError):
        ac.set_jet(True, OperationMode.HEAT)
    state = ac.state(
        {"Operation": "0", "TempCfg": "0", "TempCur": 24, "SensorHumidity": "455"}
    )
    assert (state.power, state.target_c, state.current_c, state.humidity) == (
        False,
        None,
        24,
        45.5,
    )
    assert state.mode is None
    assert ac.state({}).power is None
    updated = state.updated(ac.power(True) | ac.set_mode(OperationMode.HEAT))
    assert (updated.power, updated.mode) == (True, OperationMode.HEAT)
    assert updated.raw["OpMode"] == "4"


def test_binary_ac_is_read_only() -> None:
    ac = AirConditioner(ModelInfo(binary_ac_model()))
    assert not ac.controllable
    assert ac.target_step == 1
    assert ac.vertical_vanes == ()  # no SupportRACSubMode says so
    assert ac.operation_modes == (
        OperationMode.COOL,
        OperationMode.DRY,
        OperationMode.FAN,
    )
    assert not ac.has_jet
    assert ac.energy_saving is None
    with pytest.raises(ThinQUnsupportedError, match="BINARY"):
        ac.power(True)
    with pytest.raises(ThinQUnsupportedError, match="no jet"):
        ac.set_jet(False, OperationMode.COOL)


def test_models_that_cannot_be_used() -> None:
    """A model without Operation, or with a value of the wrong shape, is a model error."""
    with pytest.raises(ThinQModelError, match="Operation"):
        AirConditioner(ModelInfo({"Value": {}}))
    for name, spec in (
        ("OpMode", {"type": "Enum", "option": 3}),
        ("TempCfg", {"type": "Range", "option": {"min": "cold", "max": None}}),
        ("TempFahToCel", {"type": "Enum", "option": {"70": "twenty"}}),
        ("TempCur", {"type": "Range"}),
    ):
        model = heat_pump_model()
        model["Value"][name] = spec
        with pytest.raises(ThinQModelError):
            AirConditioner(ModelInfo(model))


def test_odd_but_usable_models() -> None:
    bare = AirConditioner(
        ModelInfo(
            {
                "Value": {
                    "Operation": {
                        "type": "Enum",
                        "option": {
                            "0": "@AC_MAIN_OPERATION_OFF_W",
                            "1": "@AC_MAIN_OPERATION_RIGHT_ON_W",
                        },
                    }
                }
            }
        )
    )
    assert bare.operation_modes == ()
    assert bare.power(True).values == {"Operation": "1"}  # the one way to switch on
    assert bare.target_range() == RangeValue(16, 30, 1)
    assert bare.set_target_fahrenheit(72).values == {"TempCfg": "22"}  # the formula
    assert bare.fahrenheit_range() == (61, 86)
    with pytest.raises(ThinQUnsupportedError, match="no jet"):
        bare.set_jet(False, None)
    two_on = heat_pump_model()
    two_on["Value"]["Operation"]["option"] = {
        "0": "@AC_MAIN_OPERATION_OFF_W",
        "2": "@AC_MAIN_OPERATION_RIGHT_ON_W",
        "256": "@AC_MAIN_OPERATION_LEFT_ON_W",
    }
    with pytest.raises(ThinQUnsupportedError, match="single way"):
        AirConditioner(ModelInfo(two_on)).power(True)
    odd_limits = heat_pump_model()
    odd_limits["Value"]["HeatLowLimit"]["option"] = {"0": 0}
    odd_limits["Value"]["CoolLowLimit"]["option"] = {"0": 0, "31": 31}
    ac = AirConditioner(ModelInfo(odd_limits))
    assert ac.target_range(OperationMode.HEAT) == ac.target_range()
    assert ac.target_range(OperationMode.COOL) == ac.target_range()


def test_heat_pump_table() -> None:
    """Every °F of the table in heat mode: sent as the table's °C, shown back as that °F."""
    model = heat_pump_model()
    table = model["Value"]["TempFahToCel"]["option"]
    ac = AirConditioner(ModelInfo(model))
    low, high = ac.fahrenheit_range(OperationMode.HEAT)
    for fahrenheit in range(low, high + 1):
        command = ac.set_target_fahrenheit(fahrenheit, OperationMode.HEAT)
        assert float(command.values["TempCfg"]) == table[str(fahrenheit)]
        assert ac.to_fahrenheit(command.changes["target_c"]) == fahrenheit


def test_table_details() -> None:
    table = FahrenheitTable.from_model(ModelInfo(binary_ac_model()))
    span = RangeValue(18, 30, 1)
    assert table.to_celsius_value(72, span, 1) == "22"
    assert table.to_fahrenheit(22) == 72  # 71 and 72 share 22; nearest the formula
    assert table.to_fahrenheit(18) == 64
    assert table.to_fahrenheit(22, last_set=71) == 71
    assert table.to_fahrenheit(25, last_set=71) == 77  # the unit moved on
    assert table.to_fahrenheit(40) == 104  # formula
    assert table.span(span) == (64, 86)
    assert table.span(RangeValue(40, 45, 1)) == (104, 113)
    bare = FahrenheitTable({}, {})
    assert not bare.has_table
    assert bare.to_celsius_value(100, span, 0.5) == "30"  # formula, clamped
    assert bare.to_fahrenheit(22.2, last_set=72) == 72
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
