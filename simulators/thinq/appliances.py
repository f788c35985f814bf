"""Simulated appliances: their model documents, true state and how they answer.

Raw values are kept as the ThinQ1 monitor answer carries them: strings (the real decoded
monitor answer, ``realworld`` captures/nvuln-ac-rac-decoded-monitor-2021.json).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
import json
import math
from typing import Any, Final

from . import realworld

DEVICE_TYPE_AC: Final = 401
DEVICE_TYPE_DRYER: Final = 202
BINARY: Final = "BINARY(BYTE)"

AMBIENT_C: Final = 26.0
DRIFT_C_PER_MINUTE: Final = 0.5
AMBIENT_DRIFT_C_PER_MINUTE: Final = 0.1
FILTER_CHANGE_PERIOD_H: Final = 2000
MAX_STEP_S: Final = 3600


class Platform(StrEnum):
    """The dashboard's ``platformType`` (ollo69 device_info.py:75-80)."""

    THINQ1 = "thinq1"
    THINQ2 = "thinq2"


def fmt(number: float) -> str:
    """Return a number as the monitor answer writes it ("24", "23.5")."""
    return str(int(number)) if float(number).is_integer() else str(number)


def _label_raw(spec: dict[str, Any], label: str) -> str | None:
    return next((raw for raw, name in spec["option"].items() if name == label), None)


@dataclass(slots=True)
class Appliance:
    """One appliance of the account."""

    device_id: str
    alias: str
    model_name: str
    device_type: int
    platform: Platform
    model: dict[str, Any]
    state: dict[str, str]
    online: bool = True
    updated: float = 0.0
    # The room's true temperature (the monitor reports it rounded to half degrees),
    # hours of filter use, and the ``Config Get`` keys the model answers.
    room_c: float = 24.0
    filter_hours: float = 412.0
    configs: frozenset[str] = frozenset()
    control_locked: bool = False
    # The model document's version, as the dashboard lists it (7.13 in the real entry).
    model_version: float = 7.13
    snapshot: dict[str, Any] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, Any]:
        """Return the model's ``Value`` section."""
        values: dict[str, Any] = self.model["Value"]
        return values

    @property
    def binary_monitoring(self) -> bool:
        """Return whether monitor answers are laid out by ``Monitoring.protocol``."""
        return bool(self.model.get("Monitoring", {}).get("type") == BINARY)

    @property
    def binary_control(self) -> bool:
        """Return whether the model is controlled in ``BINARY(BYTE)`` (not JSON)."""
        return bool(self.model.get("ControlWifi", {}).get("type") == BINARY)

    @property
    def is_ac(self) -> bool:
        """Return whether the appliance is an air conditioner or heat pump."""
        return self.device_type == DEVICE_TYPE_AC

    @property
    def running(self) -> bool:
        """Return whether an AC is on."""
        return self.state.get("Operation", "0") != "0"

    # Time.
    def advance(self, now: float) -> None:
        """Let the room drift toward the setpoint (or ambient) since the last update."""
        # A jump of the clock (a test freezing time) counts as an hour at most.
        minutes = min(max(now - self.updated, 0), MAX_STEP_S) / 60
        self.updated = now
        if not self.is_ac or "TempCur" not in self.state:
            return
        current = self.room_c
        if self.running:
            target, rate = float(self.state["TempCfg"]), DRIFT_C_PER_MINUTE
            self.filter_hours += minutes / 60
        else:
            target, rate = AMBIENT_C, AMBIENT_DRIFT_C_PER_MINUTE
        gap = target - current
        current += math.copysign(min(abs(gap), rate * minutes), gap)
        self.room_c = current
        self.state["TempCur"] = fmt(round(current * 2) / 2)

    # Answers.
    def monitor_payload(self) -> bytes:
        """Return the monitor's ``returnData`` before base64: JSON or protocol bytes."""
        if not self.binary_monitoring:
            return json.dumps(self.state).encode()
        out = bytearray()
        for item in self.model["Monitoring"]["protocol"]:
            start, length = item["startByte"], item["length"]
            value = int(float(self.state.get(item["value"], "0")))
            if len(out) < start + length:
                out.extend(bytes(start + length - len(out)))
            out[start : start + length] = value.to_bytes(length, "big")
        return bytes(out)

    def power_watts(self) -> int:
        """Return the instant power the unit draws (``Config Get InOutInstantPower``)."""
        if not self.running:
            return 0
        return round(
            350 + 120 * abs(float(self.state["TempCfg"]) - float(self.state["TempCur"]))
        )

    def config(self, key: str) -> dict[str, str] | None:
        """Return a ``Config Get`` answer, or None when the model has no such config.

        The answer shapes are those live clients read: ``{"InOutInstantPower": ...}``
        (ollo69 devices/ac.py:816-822) and ``{"UseTime", "ChangePeriod"}`` in hours
        (ac.py:163-166, 829-834).
        """
        if key not in self.configs:
            return None
        if key == "InOutInstantPower":
            return {"InOutInstantPower": str(self.power_watts())}
        return {
            "UseTime": str(int(self.filter_hours)),
            "ChangePeriod": str(FILTER_CHANGE_PERIOD_H),
        }

    # Control.
    def _limits(self, mode_raw: str) -> tuple[float, float]:
        """Return the setpoint limits of an operation mode.

        The model's per-mode limits (``HeatLowLimit``, ... with one non-zero option) bound
        the setpoint where they apply, ``TempCfg``'s range otherwise. Which limits LG
        enforces is not documented; the simulator is strict so that a client ignoring the
        model fails here.
        """
        option = self.values["TempCfg"]["option"]
        low, high = float(option["min"]), float(option["max"])
        label = self.values["OpMode"]["option"].get(mode_raw, "")
        for kind, name in (("HEAT", "Heat"), ("COOL", "Cool"), ("ACO", "ACO")):
            if label == f"@AC_MAIN_OPERATION_MODE_{kind}_W":
                limits = [
                    float(v)
                    for key in (f"{name}LowLimit", f"{name}HighLimit")
                    if key in self.values
                    for v in self.values[key]["option"].values()
                    if float(v)
                ]
                if len(limits) == 2:
                    low, high = limits
        return low, high

    def _unit_step(self) -> float:
        """Return the setpoint step: 0.5 where the model lists the 0.5-unit control."""
        support = self.values.get("SupportTempCtrl", {}).get("option", {})
        if "@0_5UNIT_CONTROL" in support.values():
            return 0.5
        return float(self.values["TempCfg"]["option"].get("step", 1))

    def apply(self, values: dict[str, Any]) -> str | None:
        """Apply ``rti/rtiControl`` Set values; return why they are refused, if they are."""
        if self.binary_control:
            return "This model is controlled in BINARY(BYTE)"
        checked: dict[str, str] = {}
        for name, raw in values.items():
            spec = self.values.get(name)
            if (
                spec is None
                or (name.startswith(("Support", "Temp")) and name != "TempCfg")
                or isinstance(raw, bool)
                or not isinstance(raw, str | int | float)
            ):
                return f"{name} cannot be set to {raw!r}"
            if spec["type"] == "Enum":
                if str(raw) not in spec["option"]:
                    return f"{name} has no option {raw}"
                checked[name] = str(raw)
                continue
            try:
                number = float(raw)
            except ValueError:
                return f"{name} {raw!r} is not a number"
            if name == "TempCfg":
                mode = checked.get("OpMode", self.state.get("OpMode", "0"))
                (low, high), step = self._limits(mode), self._unit_step()
            else:
                option = spec["option"]
                low, high = float(option["min"]), float(option["max"])
                step = float(option.get("step", 1))
            if not low <= number <= high or not ((number - low) / step).is_integer():
                return f"{name} {raw} is outside {fmt(low)}..{fmt(high)} by {fmt(step)}"
            checked[name] = fmt(number)
        if "OpMode" in checked and "TempCfg" not in checked:
            low, high = self._limits(checked["OpMode"])
            target = float(self.state["TempCfg"])
            checked["TempCfg"] = fmt(min(max(target, low), high))
        self.state.update(checked)
        self.control_locked = True
        return None

    def label(self, name: str) -> str | None:
        """Return the label of a value as the model names it (for tests)."""
        spec = self.values.get(name)
        if spec is None or spec["type"] != "Enum":
            return None
        label = spec["option"].get(self.state.get(name, ""))
        return label if isinstance(label, str) else None


def heat_pump(device_id: str, alias: str, model_name: str, now: float) -> Appliance:
    """Return a ThinQ1 heat pump built from LG's real model and monitor data.

    Its state starts as the real decoded monitor answer (on, OpMode 8 = energy saving,
    TempCfg 23.5, TempCur 24), with a humidity reading (the capture's unit reports 0, which
    live clients read as "no sensor": ollo69 devices/ac.py:1172-1175).
    """
    model = realworld.heat_pump_model(model_name)
    state = realworld.heat_pump_monitor() | {"SensorHumidity": "46"}
    return Appliance(
        device_id,
        alias,
        model_name,
        DEVICE_TYPE_AC,
        Platform.THINQ1,
        model,
        state,
        updated=now,
        configs=frozenset({"InOutInstantPower", "Filter"}),
    )


def _enum(options: dict[str, str], default: str) -> dict[str, Any]:
    return {"type": "Enum", "option": options, "default": default}


def binary_ac_model(model_name: str) -> dict[str, Any]:
    """Return a ThinQ1 AC model monitored and controlled in ``BINARY(BYTE)``.

    SYNTHETIC: no public AC model with binary monitoring exists. The layout follows the real
    binary dryer model (``Monitoring.protocol`` of ``startByte``/``length``/``value``, a
    ``ControlWifi`` of type ``BINARY(BYTE)`` with ``action`` templates); the values are AC
    values as LG names them. Its Fahrenheit table is whole degrees, most Celsius having two
    Fahrenheit, as older tables do (sampsyo/wideq's test data).
    """
    celsius = [18, 18, 19, 19, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 26, 26, 27]
    celsius += [27, 28, 28, 29, 29, 30]
    fah_to_cel = {str(f): c for f, c in zip(range(64, 87), celsius, strict=True)}
    layout = [
        ("Operation", 0, 1),
        ("OpMode", 1, 1),
        ("WindStrength", 2, 1),
        ("TempCfg", 3, 1),
        ("TempCur", 4, 1),
        ("WDirVStep", 5, 1),
        ("SleepTime", 6, 2),
    ]
    return {
        "Info": {
            "productType": "AC",
            "modelType": "RAC",
            "modelName": model_name,
            "version": "1.0",
        },
        "Value": {
            "Operation": _enum(
                {"0": "@AC_MAIN_OPERATION_OFF_W", "1": "@AC_MAIN_OPERATION_RIGHT_ON_W"},
                "0",
            ),
            "OpMode": _enum(
                {
                    "0": "@AC_MAIN_OPERATION_MODE_COOL_W",
                    "1": "@AC_MAIN_OPERATION_MODE_DRY_W",
                    "2": "@AC_MAIN_OPERATION_MODE_FAN_W",
                },
                "0",
            ),
            "WindStrength": _enum(
                {
                    "2": "@AC_MAIN_WIND_STRENGTH_LOW_W",
                    "4": "@AC_MAIN_WIND_STRENGTH_MID_W",
                    "6": "@AC_MAIN_WIND_STRENGTH_HIGH_W",
                },
                "4",
            ),
            "WDirVStep": _enum({"0": "@OFF", "100": "@100"}, "0"),
            "TempCfg": {"type": "Range", "option": {"min": 18, "max": 30}},
            "TempCur": {"type": "Range", "option": {"min": 0, "max": 50}},
            "SleepTime": {"type": "Range", "option": {"min": 0, "max": 720}},
            "TempFahToCel": {"type": "Enum", "option": fah_to_cel},
        },
        "Monitoring": {
            "type": BINARY,
            "protocol": [
                {"_comment": name, "startByte": start, "length": length, "value": name}
                for name, start, length in layout
            ],
        },
        "ControlWifi": {
            "type": BINARY,
            "action": {
                "SetState": {
                    "cmd": "Control",
                    "cmdOpt": "Set",
                    "value": "ControlData",
                    "data": "[{{Operation}},{{OpMode}},{{WindStrength}},{{TempCfg}}]",
                    "encode": True,
                }
            },
        },
    }


def binary_ac(device_id: str, alias: str, model_name: str, now: float) -> Appliance:
    """Return the binary AC (off, cooling to 22 °C in a 24 °C room)."""
    state = {
        "Operation": "0",
        "OpMode": "0",
        "WindStrength": "4",
        "TempCfg": "22",
        "TempCur": "24",
        "WDirVStep": "0",
        "SleepTime": "0",
    }
    return Appliance(
        device_id,
        alias,
        model_name,
        DEVICE_TYPE_AC,
        Platform.THINQ1,
        binary_ac_model(model_name),
        state,
        updated=now,
    )


def dryer(device_id: str, alias: str, now: float) -> Appliance:
    """Return the real v1 dryer, reporting the real decoded status of wideq's tests."""
    model = realworld.dryer_model()
    return Appliance(
        device_id,
        alias,
        model["Info"]["modelName"],
        DEVICE_TYPE_DRYER,
        Platform.THINQ1,
        model,
        realworld.dryer_status(),
        updated=now,
    )


def thinq2_ac(device_id: str, alias: str, now: float) -> Appliance:
    """Return a ThinQ2 room AC: LG's Full ModelJson and a real snapshot, no monitor."""
    model = realworld.room_ac_full_model()
    return Appliance(
        device_id,
        alias,
        model["Info"]["modelName"],
        DEVICE_TYPE_AC,
        Platform.THINQ2,
        model,
        {},
        updated=now,
        snapshot=realworld.room_ac_snapshot(),
    )
