"""What LG's air-conditioner model documents call each mode, fan speed and vane position.

Labels from ollo69/ha-smartthinq-sensors @ ccaac04 ``wideq/devices/ac.py`` (cited ``ac.py``)
and LG's own model data (``../shared/realworld/thinq/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from .model_info import EnumValue, RangeValue


class OperationMode(StrEnum):
    """What the unit does when it is on (ac.py:181-193, and the real heat pump's OpMode)."""

    COOL = "cool"
    DRY = "dry"
    FAN = "fan"
    AI = "ai"
    HEAT = "heat"
    AIR_CLEAN = "air_clean"
    ACO = "aco"
    AROMA = "aroma"
    ENERGY_SAVING = "energy_saving"
    ENERGY_SAVER = "energy_saver"
    ANTIBUGS = "antibugs"


class FanSpeed(StrEnum):
    """Wind strengths (ac.py:196-208)."""

    SLOW = "slow"
    SLOW_LOW = "slow_low"
    LOW = "low"
    LOW_MID = "low_mid"
    MID = "mid"
    MID_HIGH = "mid_high"
    HIGH = "high"
    POWER = "power"
    AUTO = "auto"
    NATURE = "nature"


class VerticalVane(StrEnum):
    """Vertical vane positions, 1 the topmost (ac.py:217-234)."""

    OFF = "off"
    POSITION_1 = "1"
    POSITION_2 = "2"
    POSITION_3 = "3"
    POSITION_4 = "4"
    POSITION_5 = "5"
    POSITION_6 = "6"
    SWING = "swing"


class HorizontalVane(StrEnum):
    """Horizontal vane positions, 1 the leftmost (ac.py:237-255)."""

    OFF = "off"
    POSITION_1 = "1"
    POSITION_2 = "2"
    POSITION_3 = "3"
    POSITION_4 = "4"
    POSITION_5 = "5"
    LEFT_HALF = "13"
    RIGHT_HALF = "35"
    SWING = "swing"


MODE_LABELS: Final = {
    f"@AC_MAIN_OPERATION_MODE_{name}_W": mode
    for name, mode in (
        ("COOL", OperationMode.COOL),
        ("DRY", OperationMode.DRY),
        ("FAN", OperationMode.FAN),
        ("AI", OperationMode.AI),
        ("HEAT", OperationMode.HEAT),
        ("AIRCLEAN", OperationMode.AIR_CLEAN),
        ("ACO", OperationMode.ACO),
        ("AROMA", OperationMode.AROMA),
        ("ENERGY_SAVING", OperationMode.ENERGY_SAVING),
        ("ENERGY_SAVER", OperationMode.ENERGY_SAVER),
        ("ANTIBUGS", OperationMode.ANTIBUGS),
    )
}
FAN_LABELS: Final = {
    f"@AC_MAIN_WIND_STRENGTH_{speed.name}_W": speed for speed in FanSpeed
}
VERTICAL_LABELS: Final = {
    "@OFF": VerticalVane.OFF,
    **{f"@{n}": VerticalVane(str(n)) for n in range(1, 7)},
    "@100": VerticalVane.SWING,
}
HORIZONTAL_LABELS: Final = {
    "@OFF": HorizontalVane.OFF,
    **{f"@{n}": HorizontalVane(str(n)) for n in (1, 2, 3, 4, 5, 13, 35)},
    "@100": HorizontalVane.SWING,
}
# The labels of each value a command selects one member of, by the value's name.
LABELS: Final[Mapping[str, Mapping[str, StrEnum]]] = {
    "OpMode": MODE_LABELS,
    "WindStrength": FAN_LABELS,
    "WDirVStep": VERTICAL_LABELS,
    "WDirHStep": HORIZONTAL_LABELS,
}
OPERATION_OFF: Final = "@AC_MAIN_OPERATION_OFF_W"
OPERATION_ON_PREFERENCE: Final = (
    "@AC_MAIN_OPERATION_ALL_ON_W",
    "@AC_MAIN_OPERATION_ON_W",
)
# What ``SupportRACSubMode`` lists for vane steps and jet (ac.py:26-36).
STEP_UP_DOWN: Final = "@AC_MAIN_WIND_DIRECTION_STEP_UP_DOWN_W"
STEP_LEFT_RIGHT: Final = "@AC_MAIN_WIND_DIRECTION_STEP_LEFT_RIGHT_W"
COOL_JET_SUPPORT: Final = "@AC_MAIN_WIND_MODE_COOL_JET_W"
HEAT_JET_SUPPORT: Final = "@AC_MAIN_WIND_MODE_HEAT_JET_W"
JET_OFF, COOL_JET, HEAT_JET = "@OFF", "@COOL_JET", "@HEAT_JET"  # ac.py:258-265
HALF_DEGREE_CONTROL: Final = "@0_5UNIT_CONTROL"
# Without a TempCfg range: ac.py:134-135.
DEFAULT_RANGE: Final = RangeValue(16, 30, 1)
# Setpoint limits per mode, named as a real v1 model names them
# (pifou25/jeedom-lgthinq-plugin resources/devices/RAC_Model.json).
MODE_LIMITS: Final = {
    OperationMode.HEAT: ("HeatLowLimit", "HeatHighLimit"),
    OperationMode.COOL: ("CoolLowLimit", "CoolHighLimit"),
    OperationMode.ACO: ("ACOLowLimit", "ACOHighLimit"),
}
ENERGY_SAVING_MODES: Final = (OperationMode.ENERGY_SAVING, OperationMode.ENERGY_SAVER)


def offered_members[T](
    value: EnumValue | None, labels: Mapping[str, T]
) -> dict[T, str]:
    """Return the known members a value offers, each with its first raw value."""
    found: dict[T, str] = {}
    for raw, label in value.options.items() if value else ():
        if (member := labels.get(label)) is not None:
            found.setdefault(member, raw)
    return found


def label_of[T](labels: Mapping[str, T], member: T) -> str:
    """Return the label a table gives a member."""
    return next(label for label, value in labels.items() if value == member)
