"""LG's own documents from ``../shared/realworld/thinq/`` and the ThinQ1 model built from them.

No ThinQ1 room-AC model document is public (docs/thinq-protocol.md). LG serves ThinQ1 units
the v1 twin of its "Full ModelJson"; the twin is rebuilt here from the real ThinQ2 document
through the key pairs a live client uses to read both (ollo69 devices/ac.py:19-81), in the v1
value format of a real v1 document (sampsyo's dryer model: ``type``/``option`` where ThinQ2
has ``data_type``/``value_mapping``). The heat pump takes the real v1 ``OpMode`` of the
wideq author's heat pump (sampsyo/wideq pull 3).
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache
import json
from pathlib import Path
from typing import Any, Final

REALWORLD: Final = (
    Path(__file__).resolve().parents[3] / "shared" / "realworld" / "thinq"
)
ROOM_AC_MODEL: Final = (
    REALWORLD / "models/nvuln-homebridge-lg-thinq/airconditioner-model.json"
)
ROOM_AC_SNAPSHOT: Final = (
    REALWORLD / "models/nvuln-homebridge-lg-thinq/airconditioner-snapshot.json"
)
DRYER_MODEL: Final = REALWORLD / "models/sampsyo-wideq/dryer-US-RV13B6AM_D_US_WIFI.json"
DRYER_POLL_DATA: Final = REALWORLD / "captures/sampsyo-wideq-test_dryer-POLL_DATA.json"
HEAT_PUMP_OP_MODE: Final = (
    REALWORLD / "captures/sampsyo-wideq-pr3-OpMode.v1-fragment.json"
)
AC_MONITOR: Final = REALWORLD / "captures/nvuln-ac-rac-decoded-monitor-2021.json"
DASHBOARD_AC_ENTRY: Final = (
    REALWORLD / "captures/openhab-dashboard-thinq1-ac-entry.json"
)
ROUTE_GATEWAY_US: Final = (
    REALWORLD / "captures/route-gateway-uri-result-US-2024-02.partial.json"
)
KIC_GATEWAY_US: Final = (
    REALWORLD / "captures/kic-gatewayUriList-lgedmRoot-US-2024-02.partial.json"
)

# ThinQ2 name -> ThinQ1 name. ollo69 devices/ac.py pairs each state and support key as
# [v1, v2] (lines 19-26, 62-81); the per-mode limits, the 0.5 °C control and PowerSave
# are named as a real v1 room-AC model names them (pifou25/jeedom-lgthinq-plugin
# resources/devices/RAC_Model.json: CoolLowLimit ... SupportTempCtrl, PowerSave).
KEY_PAIRS: Final = {
    "airState.operation": "Operation",
    "airState.opMode": "OpMode",
    "airState.windStrength": "WindStrength",
    "airState.tempState.target": "TempCfg",
    "airState.tempState.current": "TempCur",
    "airState.wDir.vStep": "WDirVStep",
    "airState.wDir.hStep": "WDirHStep",
    "airState.wDir.leftRight": "WDirLeftRight",
    "airState.wDir.upDown": "WDirUpDown",
    "airState.humidity.current": "SensorHumidity",
    "airState.wMode.airClean": "AirClean",
    "airState.wMode.jet": "Jet",
    "airState.quality.sensorMon": "SensorMon",
    "airState.quality.PM1": "SensorPM1",
    "airState.quality.PM2": "SensorPM2",
    "airState.quality.PM10": "SensorPM10",
    "airState.reservation.sleepTime": "SleepTime",
    "airState.powerSave.basic": "PowerSave",
    "support.airState.opMode": "SupportOpMode",
    "support.airState.windStrength": "SupportWindStrength",
    "support.racSubMode": "SupportRACSubMode",
    "support.racMode": "SupportRACMode",
    "support.airPolution": "SupportAirPolution",
    "support.light": "SupportLight",
    "support.pacMode": "SupportPACMode",
    "support.airState.ductZone.type": "SupportDuctZoneType",
    "support.tempCtrl": "SupportTempCtrl",
    "support.coolLowLimit": "CoolLowLimit",
    "support.coolHighLimit": "CoolHighLimit",
    "support.heatLowLimit": "HeatLowLimit",
    "support.heatHighLimit": "HeatHighLimit",
    "support.acoLowLimit": "ACOLowLimit",
    "support.acoHighLimit": "ACOHighLimit",
    "TempFahToCel": "TempFahToCel",
    "TempCelToFah": "TempCelToFah",
}


@cache
def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load(path: Path) -> Any:
    """Return a fresh copy of one of LG's documents."""
    return deepcopy(_load(path))


def v1_value(spec: dict[str, Any]) -> dict[str, Any]:
    """Return a ThinQ2 value description in the v1 format (``Enum``/``Range``)."""
    kind = spec["data_type"]
    if kind == "enum":
        value: dict[str, Any] = {"type": "Enum", "option": spec["value_mapping"]}
    elif kind == "range":
        value = {"type": "Range", "option": spec["value_validation"]}
    else:
        value = {"type": "String"}
    if "default" in spec:
        value["default"] = spec["default"]
    return value


def v1_values(full_model: dict[str, Any]) -> dict[str, Any]:
    """Return the v1 ``Value`` section of a ThinQ2 Full ModelJson, through the key pairs."""
    return {
        v1: v1_value(full_model["Value"][v2])
        for v2, v1 in KEY_PAIRS.items()
        if v2 in full_model["Value"]
    }


def heat_pump_op_mode() -> dict[str, Any]:
    """Return the real heat pump's v1 ``OpMode`` (COOL ... ACO ... ANTIBUGS)."""
    op_mode: dict[str, Any] = load(HEAT_PUMP_OP_MODE)["OpMode"]
    return op_mode


def heat_pump_model(model_name: str) -> dict[str, Any]:
    """Return the ThinQ1 heat pump's model document, built from LG's own data.

    Its ``Value`` section is the room AC's through the key pairs, with the heat pump's
    real ``OpMode``. The heat pump's own support list is not public: its ``SupportOpMode``
    names each mode of its real ``OpMode``, in the support lists' format (index -> label).
    Monitoring is JSON, as the real decoded ThinQ1 AC monitor answer is; control is JSON as
    for every AC a live client controls (ollo69 device.py:555-564).
    """
    full = load(ROOM_AC_MODEL)
    values = v1_values(full)
    op_mode = heat_pump_op_mode()
    values["OpMode"] = {key: op_mode[key] for key in ("type", "default", "option")}
    labels = list(op_mode["option"].values())
    values["SupportOpMode"] = {
        "type": "Enum",
        "option": {"0": "@NON"} | {str(n): label for n, label in enumerate(labels, 1)},
    }
    info = dict(full["Info"]) | {
        "modelName": model_name,
        "model": "Heat pump (ThinQ1 twin of LG's Full ModelJson)",
        "country": "US",
    }
    return {
        "Info": info,
        "Value": values,
        "Monitoring": {"type": "JSON"},
        "ControlWifi": {"type": "JSON"},
        "Config": full["Config"],
    }


def heat_pump_monitor() -> dict[str, str]:
    """Return the real decoded ThinQ1 AC monitor answer: every value a string."""
    monitor: dict[str, str] = load(AC_MONITOR)
    return monitor


def dashboard_ac_entry() -> dict[str, Any]:
    """Return the real ``thinq1`` AC entry of a v2 dashboard answer (openHAB capture)."""
    entry: dict[str, Any] = load(DASHBOARD_AC_ENTRY)
    return entry


def dryer_model() -> dict[str, Any]:
    """Return the real v1 dryer model (``BINARY(BYTE)`` monitoring and control)."""
    model: dict[str, Any] = load(DRYER_MODEL)
    return model


def dryer_status() -> dict[str, str]:
    """Return the real decoded dryer status of wideq's tests."""
    status: dict[str, str] = load(DRYER_POLL_DATA)
    return status


def room_ac_full_model() -> dict[str, Any]:
    """Return LG's ThinQ2 room-AC Full ModelJson as published."""
    model: dict[str, Any] = load(ROOM_AC_MODEL)
    return model


def room_ac_snapshot() -> dict[str, Any]:
    """Return the real ThinQ2 room-AC snapshot."""
    snapshot: dict[str, Any] = load(ROOM_AC_SNAPSHOT)
    return snapshot
