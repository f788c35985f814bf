"""LG's own data (``../shared/realworld/thinq/``) read by the client.

Every document there must parse, and what it holds must come out of the client: a client
that cannot read these is wrong, whatever the simulator says. The ThinQ1 twin of LG's
room-AC model is rebuilt here, independently of the simulator, through the ThinQ2 -> ThinQ1
key pairs ollo69/ha-smartthinq-sensors reads both with (wideq/devices/ac.py:19-81).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.sew_thinq.thinq import (
    AirConditioner,
    ApplianceInfo,
    FanSpeed,
    ModelInfo,
    OperationMode,
    Platform,
    ThinQResponseError,
    VerticalVane,
)
from custom_components.sew_thinq.thinq.gateway import _oauth_base, _uri
from custom_components.sew_thinq.thinq.model_info import decode_json
from custom_components.sew_thinq.thinq.monitor import parse_result
from custom_components.sew_thinq.thinq_climate import HVAC_MODES

REALWORLD = Path(__file__).resolve().parents[2].parent / "shared/realworld/thinq"
ROOM_AC = "models/nvuln-homebridge-lg-thinq/airconditioner-model.json"
SNAPSHOT = "models/nvuln-homebridge-lg-thinq/airconditioner-snapshot.json"
DRYER = "models/sampsyo-wideq/dryer-US-RV13B6AM_D_US_WIFI.json"
DRYER_STATUS = "captures/sampsyo-wideq-test_dryer-POLL_DATA.json"
OP_MODE = "captures/sampsyo-wideq-pr3-OpMode.v1-fragment.json"
MONITOR = "captures/nvuln-ac-rac-decoded-monitor-2021.json"
DASHBOARD = "captures/openhab-dashboard-thinq1-ac-entry.json"
ROUTE = "captures/route-gateway-uri-result-US-2024-02.partial.json"
KIC = "captures/kic-gatewayUriList-lgedmRoot-US-2024-02.partial.json"
PURIFIER = "captures/nvuln-issue74-rtiResult-envelope-airpurifier-2021.truncated.json"

# ollo69 wideq/devices/ac.py [v1, v2] pairs used here.
PAIRS = {
    "Operation": "airState.operation",
    "OpMode": "airState.opMode",
    "WindStrength": "airState.windStrength",
    "TempCfg": "airState.tempState.target",
    "TempCur": "airState.tempState.current",
    "WDirVStep": "airState.wDir.vStep",
    "WDirHStep": "airState.wDir.hStep",
    "SensorHumidity": "airState.humidity.current",
    "Jet": "airState.wMode.jet",
    "SupportOpMode": "support.airState.opMode",
    "SupportWindStrength": "support.airState.windStrength",
    "SupportRACSubMode": "support.racSubMode",
    "TempFahToCel": "TempFahToCel",
    "TempCelToFah": "TempCelToFah",
}


def load(name: str) -> Any:
    return json.loads((REALWORLD / name).read_text(encoding="utf-8"))


def v1_twin(full_model: dict[str, Any]) -> dict[str, Any]:
    """Return LG's ThinQ2 Full ModelJson with its values renamed and typed as in v1."""
    values = {}
    for v1, v2 in PAIRS.items():
        spec = full_model["Value"][v2]
        if spec["data_type"] == "enum":
            values[v1] = {"type": "Enum", "option": spec["value_mapping"]}
        else:
            values[v1] = {"type": "Range", "option": spec["value_validation"]}
    return {"Info": full_model["Info"], "Value": values, "Monitoring": {"type": "JSON"}}


def test_every_document_parses() -> None:
    """Each file is JSON; each model document is a model the client reads."""
    files = sorted(REALWORLD.rglob("*.json"))
    assert len(files) == 10
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))
    for name in (ROOM_AC, DRYER):
        model = ModelInfo(load(name))
        for value in load(name)["Value"]:
            if name == DRYER:
                model.value(value)
    assert ModelInfo(v1_twin(load(ROOM_AC))).has("TempFahToCel")


def test_room_ac_model() -> None:
    """LG's room-AC model: its own modes and fans, half degrees, every °F round trips."""
    ac = AirConditioner(ModelInfo(v1_twin(load(ROOM_AC))))
    assert ac.operation_modes == (
        OperationMode.COOL,
        OperationMode.DRY,
        OperationMode.FAN,
        OperationMode.AI,
    )
    assert [HVAC_MODES[mode] for mode in ac.operation_modes] == [
        "cool",
        "dry",
        "fan_only",
        "auto",
    ]
    assert ac.fan_speeds == (
        FanSpeed.LOW,
        FanSpeed.LOW_MID,
        FanSpeed.MID,
        FanSpeed.MID_HIGH,
        FanSpeed.HIGH,
        FanSpeed.NATURE,
    )
    # Only the labelled vane positions are positions (@OFF, @1..@6, @100), and only
    # because SupportRACSubMode lists the up/down step; no left/right step is listed.
    assert ac.vertical_vanes == tuple(VerticalVane)
    assert ac.horizontal_vanes == ()
    assert ac.cool_jet
    assert not ac.heat_jet
    assert ac.target_step == 0.5
    assert ac.target_range().min == 18
    assert ac.target_range().max == 30
    low, high = ac.fahrenheit_range()
    assert (low, high) == (64, 86)
    table = load(ROOM_AC)["Value"]["TempFahToCel"]["value_mapping"]
    for fahrenheit in range(low, high + 1):
        command = ac.set_target_fahrenheit(fahrenheit)
        assert float(command.values["TempCfg"]) == table[str(fahrenheit)]
        assert ac.to_fahrenheit(command.changes["target_c"]) == fahrenheit
    halves = [18 + n / 2 for n in range(25)]
    assert [ac.set_target_celsius(c).changes["target_c"] for c in halves] == halves


def test_heat_pump_op_mode() -> None:
    """The real heat pump's OpMode: auto changeover (ACO) is heat_cool."""
    op_mode = load(OP_MODE)["OpMode"]
    full = v1_twin(load(ROOM_AC))
    full["Value"]["OpMode"] = op_mode
    del full["Value"]["SupportOpMode"]
    ac = AirConditioner(ModelInfo(full))
    assert OperationMode.ACO in ac.operation_modes
    assert OperationMode.HEAT in ac.operation_modes
    assert HVAC_MODES[OperationMode.ACO] == "heat_cool"
    assert ac.energy_saving is OperationMode.ENERGY_SAVING
    assert ac.state({"Operation": "1", "OpMode": "6"}).mode is OperationMode.ACO


def test_decoded_monitor_answer() -> None:
    """The real ThinQ1 monitor answer: 24 °C in the room, 23.5 set, energy saving."""
    full = v1_twin(load(ROOM_AC))
    full["Value"]["OpMode"] = load(OP_MODE)["OpMode"]
    ac = AirConditioner(ModelInfo(full))
    monitor = load(MONITOR)
    state = ac.state(ac.model.decode(json.dumps(monitor).encode()))
    assert state.current_c == 24
    assert state.target_c == 23.5
    assert state.mode is OperationMode.ENERGY_SAVING
    assert state.power is True
    assert state.fan is FanSpeed.LOW
    assert state.vertical_vane is VerticalVane.OFF
    assert state.humidity is None  # "0": no humidity sensor
    assert state.jet is False
    assert ac.to_fahrenheit(state.target_c) == 75


def test_thinq2_snapshot() -> None:
    """The ThinQ2 snapshot reads with the Full ModelJson's names."""
    snapshot = load(SNAPSHOT)
    full = load(ROOM_AC)["Value"]
    assert full["airState.opMode"]["value_mapping"]["0"].endswith("COOL_W")
    assert full["airState.windStrength"]["value_mapping"][
        str(snapshot["airState.windStrength"])
    ].endswith("NATURE_W")
    ac = AirConditioner(ModelInfo(v1_twin(load(ROOM_AC))))
    assert ac.to_fahrenheit(snapshot["airState.tempState.current"]) == 79
    assert ac.to_fahrenheit(snapshot["airState.tempState.target"]) == 78


def test_dashboard_entry() -> None:
    """The real dashboard entry is a ThinQ1 AC with its model URL and version."""
    info = ApplianceInfo.from_api(load(DASHBOARD))
    assert info.platform is Platform.THINQ1
    assert info.device_type == 401
    assert info.model_name == "RAC_056905_WW"
    assert info.model_url is not None
    assert info.model_url.startswith("https://aic.lgthinq.com:46030/api/webContents/")
    assert info.model_version == "7.13"
    assert info.online is False
    assert info.mac_address == "74:40:be:92:ac:08"


def test_gateway_captures() -> None:
    """The route answer names every host but the OAuth base; the kic one has it."""
    route = load(ROUTE)
    assert _uri(route, "thinq1Uri") == "https://aic.lgthinq.com:46030/api"
    assert _uri(route, "thinq2Uri") == "https://aic-service.lgthinq.com:46030/v1"
    assert _uri(route, "empSpxUri") == "https://us.m.lgaccount.com/spx"
    assert _uri(route, "empTermsUri") == "https://us.emp.lgsmartplatform.com"
    assert _oauth_base(route) is None
    assert _uri(load(KIC), "oauthUri") == "https://us.lgeapi.com"


def test_dryer_binary_model() -> None:
    """The real binary dryer model decodes the real dryer status, byte by byte."""
    model = ModelInfo(load(DRYER))
    assert model.is_binary
    assert model.control_type == "BINARY(BYTE)"
    status = load(DRYER_STATUS)
    size = max(f.start_byte + f.length for f in model.protocol)
    payload = bytearray(size)
    for field in model.protocol:
        payload[field.start_byte] = int(status[field.name])
    assert model.decode(bytes(payload)) == status
    assert model.enum("State").label(status["State"]) is not None


def test_truncated_monitor_envelope() -> None:
    """The captured rtiResult envelope: a workList object with base64 data."""
    root = load(PURIFIER)["lgedmRoot"]
    work = root["workList"]
    # The capture was cut mid-character: as it is, it is not base64 (a typed error).
    with pytest.raises(ThinQResponseError, match="base64"):
        parse_result(root, work["deviceId"], "any")
    work["returnData"] = work["returnData"][: len(work["returnData"]) // 4 * 4]
    result = parse_result(root, work["deviceId"], "any")
    assert result.ready
    assert result.code == "0000"
    assert result.data is not None
    assert result.data.startswith(b'{"Operation":"1","OpMode":"13"')
    with pytest.raises(ThinQResponseError):
        decode_json(result.data)
    assert base64.b64decode(work["returnData"]) == result.data
