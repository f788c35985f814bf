"""Air conditioners and heat pumps (device type 401), read from their model documents.

Everything LG-specific stops here: the rest of the integration sees enums, numbers and
commands. Sources: ollo69/ha-smartthinq-sensors @ ccaac04 ``wideq/devices/ac.py`` (cited
``ac.py``) and LG's own model data (``../shared/realworld/thinq/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Final

from .ac_labels import (
    COOL_JET,
    COOL_JET_SUPPORT,
    DEFAULT_RANGE,
    ENERGY_SAVING_MODES,
    FAN_LABELS,
    HALF_DEGREE_CONTROL,
    HEAT_JET,
    HEAT_JET_SUPPORT,
    HORIZONTAL_LABELS,
    JET_OFF,
    LABELS,
    MODE_LABELS,
    MODE_LIMITS,
    OPERATION_OFF,
    OPERATION_ON_PREFERENCE,
    STEP_LEFT_RIGHT,
    STEP_UP_DOWN,
    VERTICAL_LABELS,
    FanSpeed,
    HorizontalVane,
    OperationMode,
    VerticalVane,
    label_of,
    offered_members,
)
from .const import BINARY_FORMAT
from .errors import ThinQModelError, ThinQResponseError, ThinQUnsupportedError
from .model_info import EnumValue, ModelInfo, RangeValue, raw_text, to_number
from .temperature import FahrenheitTable, on_step

# What selecting a member a model does not offer says, by the value's name.
_NOT_OFFERED: Final = {
    "OpMode": "The model has no {} mode",
    "WindStrength": "The model has no {} fan speed",
    "WDirVStep": "The model has no vertical vane {}",
    "WDirHStep": "The model has no horizontal vane {}",
}


@dataclass(frozen=True, slots=True)
class AirConditionerState:
    """What the unit reports (None where it reports nothing usable)."""

    power: bool | None
    mode: OperationMode | None
    fan: FanSpeed | None
    vertical_vane: VerticalVane | None
    horizontal_vane: HorizontalVane | None
    target_c: float | None
    current_c: float | None
    humidity: float | None
    jet: bool | None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def updated(self, command: Command) -> AirConditionerState:
        """Return the state as it will be once the unit has taken ``command``."""
        return replace(
            self, raw={**self.raw, **command.values}, **dict(command.changes)
        )


@dataclass(frozen=True, slots=True)
class Command:
    """Values to set on the unit, and what they change in its state."""

    values: Mapping[str, str]
    changes: Mapping[str, Any]

    def __or__(self, other: Command) -> Command:
        """Return both commands as one."""
        return Command(
            {**self.values, **other.values}, {**self.changes, **other.changes}
        )


@dataclass(frozen=True, slots=True)
class FilterState:
    """The filter's use, from ``Config Get Filter`` (ac.py:163-166, 829-839)."""

    used_hours: int
    change_period_hours: int

    @property
    def remaining_percent(self) -> int:
        """Return the filter life left, as live clients compute it (device.py:904-950)."""
        used = min(self.used_hours, self.change_period_hours)
        return int((self.change_period_hours - used) / self.change_period_hours * 100)


class AirConditioner:
    """What one AC or heat-pump model offers and how to command it; no I/O."""

    def __init__(self, model: ModelInfo) -> None:
        """Read the whole model now, so that a bad document fails here and only here."""
        try:
            self._read(model)
        except ThinQResponseError as err:
            raise ThinQModelError(
                f"The model document has a value it cannot read: {err}"
            ) from err

    def _enum(self, name: str) -> EnumValue | None:
        return self.model.enum(name) if self.model.has(name) else None

    def _labels(self, name: str) -> frozenset[str]:
        value = self._enum(name)
        return frozenset(value.options.values()) if value else frozenset()

    def _read(self, model: ModelInfo) -> None:
        self.model = model
        operation = self._enum("Operation")
        if operation is None:
            raise ThinQResponseError("Model has no Operation value")
        self._operation = operation
        self.controllable = model.control_type != BINARY_FORMAT
        # Per value, the raw value of each member the model offers.
        self._raws: dict[str, Mapping[Any, str]] = {
            name: offered_members(self._enum(name), labels)
            for name, labels in LABELS.items()
        }
        self.operation_modes = self._supported("OpMode", MODE_LABELS, "SupportOpMode")
        self.fan_speeds = self._supported(
            "WindStrength", FAN_LABELS, "SupportWindStrength"
        )
        sub_modes = self._labels("SupportRACSubMode")
        self.vertical_vanes = (
            tuple(self._raws["WDirVStep"]) if STEP_UP_DOWN in sub_modes else ()
        )
        self.horizontal_vanes = (
            tuple(self._raws["WDirHStep"]) if STEP_LEFT_RIGHT in sub_modes else ()
        )
        jet = self._labels("Jet")
        self.cool_jet = COOL_JET_SUPPORT in sub_modes and COOL_JET in jet
        self.heat_jet = HEAT_JET_SUPPORT in sub_modes and HEAT_JET in jet
        self.has_humidity = model.has("SensorHumidity")
        self._range = model.range("TempCfg") if model.has("TempCfg") else DEFAULT_RANGE
        self._limits = {
            mode: span
            for mode, names in MODE_LIMITS.items()
            if (span := self._limit(*names)) is not None
        }
        self.fahrenheit = FahrenheitTable.from_model(model)
        halves = any(
            not c.is_integer() for c in self.fahrenheit.celsius_values(self._range)
        )
        if (
            HALF_DEGREE_CONTROL in self._labels("SupportTempCtrl")
            or halves
            or self._range.step == 0.5
        ):
            self.target_step = 0.5
        else:
            self.target_step = self._range.step
        for name in ("TempCur", "SensorHumidity"):
            if model.has(name):
                model.value(name)

    def _supported[T](
        self, name: str, labels: Mapping[str, T], support: str
    ) -> tuple[T, ...]:
        """Return the members of a value its support list allows (all without a list)."""
        supported = self._labels(support)
        return tuple(
            member
            for member in self._raws[name]
            if not supported or label_of(labels, member) in supported
        )

    def _limit(self, low_name: str, high_name: str) -> RangeValue | None:
        """Return a mode's setpoint limits: each value's one non-zero option."""
        limits = []
        for name in (low_name, high_name):
            value = self._enum(name)
            numbers = [to_number(raw) for raw in value.options] if value else []
            usable = [n for n in numbers if n]
            if len(usable) != 1:
                return None
            limits.append(usable[0])
        low, high = limits
        return RangeValue(low, high, self._range.step) if low < high else None

    # What the model offers.
    @property
    def energy_saving(self) -> OperationMode | None:
        """Return the mode that saves energy, if the model offers one (climate.py:71-74)."""
        return next((m for m in ENERGY_SAVING_MODES if m in self.operation_modes), None)

    @property
    def has_jet(self) -> bool:
        """Return whether the model offers jet (ac.py:601-611)."""
        return self.cool_jet or self.heat_jet

    def jet_available(self, mode: OperationMode | None) -> bool:
        """Return whether jet can run in a mode: heat jet in heat, cool jet in cool or dry."""
        if mode is OperationMode.HEAT:
            return self.heat_jet
        return self.cool_jet and mode in (OperationMode.COOL, OperationMode.DRY)

    def target_range(self, mode: OperationMode | None = None) -> RangeValue:
        """Return the setpoint range in °C: the mode's own limits where the model has them."""
        span = self._limits.get(mode) if mode is not None else None
        return span or self._range

    def fahrenheit_range(self, mode: OperationMode | None = None) -> tuple[int, int]:
        """Return the lowest and highest whole °F the model's table allows in a mode."""
        return self.fahrenheit.span(self.target_range(mode))

    def to_fahrenheit(self, celsius: float, last_set: int | None = None) -> int:
        """Return the Fahrenheit to show for the device's Celsius, by the model's table."""
        return self.fahrenheit.to_fahrenheit(celsius, last_set, step=self.target_step)

    # Reading.
    def state(self, snapshot: Mapping[str, Any]) -> AirConditionerState:
        """Interpret a decoded monitor answer (values are strings in real answers)."""

        def member[T](name: str, labels: Mapping[str, T]) -> T | None:
            value = self._enum(name)
            label = value.label(snapshot[name]) if value and name in snapshot else None
            return labels.get(label) if label else None

        def number(name: str) -> float | None:
            # 0 means "not reported" for temperatures and humidity (ac.py:978-983, 1166-1178).
            value = to_number(snapshot.get(name))
            return value or None

        operation = self._operation.label(snapshot.get("Operation"))
        humidity = number("SensorHumidity") if self.has_humidity else None
        jet = self._enum("Jet")
        jet_label = jet.label(snapshot["Jet"]) if jet and "Jet" in snapshot else None
        return AirConditionerState(
            power=None if operation is None else operation != OPERATION_OFF,
            mode=member("OpMode", MODE_LABELS),
            fan=member("WindStrength", FAN_LABELS),
            vertical_vane=member("WDirVStep", VERTICAL_LABELS),
            horizontal_vane=member("WDirHStep", HORIZONTAL_LABELS),
            target_c=number("TempCfg"),
            current_c=number("TempCur"),
            humidity=None
            if humidity is None
            else humidity / (10 if humidity >= 100 else 1),
            jet=None if not self.has_jet or jet_label is None else jet_label != JET_OFF,
            raw=dict(snapshot),
        )

    # Commands.
    def _command(self, name: str, raw: str, **changes: Any) -> Command:
        if not self.controllable:
            raise ThinQUnsupportedError(
                "The model is controlled in BINARY(BYTE), which is not supported"
            )
        return Command({name: raw}, changes)

    def power(self, on: bool) -> Command:
        """Switch on (``ALL_ON``, else ``ON``, else its one on option) or off (ac.py:342-376)."""
        options = self._operation.options
        if not on:
            raw = self._operation.raw(OPERATION_OFF)
        else:
            raw = next(
                (
                    r
                    for label in OPERATION_ON_PREFERENCE
                    if (r := self._operation.raw(label))
                ),
                None,
            )
            others = [r for r, label in options.items() if label != OPERATION_OFF]
            if raw is None and len(others) == 1:
                raw = others[0]
        if raw is None:
            raise ThinQUnsupportedError(
                "The model has no single way to switch on or off"
            )
        return self._command("Operation", raw, power=on)

    def _choose(
        self, name: str, offered: tuple[StrEnum, ...], choice: StrEnum, change: str
    ) -> Command:
        """Select one of the choices the model offers for the value ``name``."""
        if choice not in offered:
            raise ThinQUnsupportedError(_NOT_OFFERED[name].format(choice))
        return self._command(name, self._raws[name][choice], **{change: choice})

    def set_mode(self, mode: OperationMode) -> Command:
        """Select an operation mode the model supports."""
        return self._choose("OpMode", self.operation_modes, mode, "mode")

    def set_fan(self, fan: FanSpeed) -> Command:
        """Select a fan speed the model supports."""
        return self._choose("WindStrength", self.fan_speeds, fan, "fan")

    def set_vertical_vane(self, vane: VerticalVane) -> Command:
        """Select a vertical vane position."""
        return self._choose("WDirVStep", self.vertical_vanes, vane, "vertical_vane")

    def set_horizontal_vane(self, vane: HorizontalVane) -> Command:
        """Select a horizontal vane position."""
        return self._choose("WDirHStep", self.horizontal_vanes, vane, "horizontal_vane")

    def set_target_celsius(
        self, celsius: float, mode: OperationMode | None = None
    ) -> Command:
        """Set the setpoint to ``celsius``, on the model's grid, within the mode's range."""
        span = self.target_range(mode)
        if not span.min <= celsius <= span.max:
            raise ThinQUnsupportedError(
                f"{celsius} °C is outside the model's {span.min} to {span.max} °C"
            )
        value = on_step(celsius, span, self.target_step)
        return self._command("TempCfg", raw_text(value), target_c=value)

    def set_target_fahrenheit(
        self, fahrenheit: int, mode: OperationMode | None = None
    ) -> Command:
        """Set the setpoint to the Celsius the model's own table gives for ``fahrenheit``."""
        span = self.target_range(mode)
        raw = self.fahrenheit.to_celsius_value(fahrenheit, span, self.target_step)
        celsius = to_number(raw)
        if celsius is None or not span.min <= celsius <= span.max:
            raise ThinQUnsupportedError(f"{fahrenheit} °F is outside the model's range")
        return self._command("TempCfg", raw, target_c=celsius)

    def set_jet(self, on: bool, mode: OperationMode | None) -> Command:
        """Switch jet on (heat jet in heat, cool jet otherwise) or off (ac.py:753-769)."""
        if on and not self.jet_available(mode):
            raise ThinQUnsupportedError(f"Jet is not available in {mode} mode")
        label = (
            (HEAT_JET if mode is OperationMode.HEAT else COOL_JET) if on else JET_OFF
        )
        jet = self._enum("Jet")
        raw = jet.raw(label) if jet else None
        if raw is None or not self.has_jet:
            raise ThinQUnsupportedError("The model has no jet")
        return self._command("Jet", raw, jet=on)
