"""Air conditioners and heat pumps (device type 401), interpreted from the model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ThinQUnsupportedError
from .model_info import EnumValue, ModelInfo, RangeValue, raw_text, to_number
from .temperature import FahrenheitTable

OPERATION = "Operation"
OP_MODE = "OpMode"
WIND_STRENGTH = "WindStrength"
SWING_VERTICAL = "WDirVStep"
SWING_HORIZONTAL = "WDirHStep"
TARGET = "TempCfg"
CURRENT = "TempCur"
SUPPORT_OP_MODE = "SupportOpMode"
SUPPORT_WIND_STRENGTH = "SupportWindStrength"
INSTANT_POWER = "InOutInstantPower"

OPERATION_OFF = "@AC_MAIN_OPERATION_OFF_W"
OPERATION_ALL_ON = "@AC_MAIN_OPERATION_ALL_ON_W"


@dataclass(frozen=True, slots=True)
class AirConditionerState:
    """An air conditioner's state, as labels and numbers (None where unknown)."""

    power: bool | None
    mode: str | None
    fan_speed: str | None
    vertical_swing: str | None
    horizontal_swing: str | None
    target_c: float | None
    current_c: float | None
    instant_power: float | None


class AirConditioner:
    """What one AC or heat-pump model offers, and the raw values that control it."""

    def __init__(self, model: ModelInfo) -> None:
        """Interpret ``model``; nothing here does I/O."""
        self.model = model
        self.fahrenheit = FahrenheitTable.from_model(model)

    def _enum(self, name: str) -> EnumValue | None:
        return self.model.enum(name) if self.model.has(name) else None

    def _labels(self, name: str, support: str | None = None) -> list[str]:
        value = self._enum(name)
        if value is None:
            return []
        labels = list(dict.fromkeys(value.options.values()))
        if support is not None and (supported := self._enum(support)) is not None:
            allowed = set(supported.options.values())
            return [label for label in labels if label in allowed] or labels
        return labels

    @property
    def operation_modes(self) -> list[str]:
        """Return the operation mode labels, in model order, as the model supports."""
        return self._labels(OP_MODE, SUPPORT_OP_MODE)

    @property
    def fan_speeds(self) -> list[str]:
        """Return the fan speed labels, in model order, as the model supports."""
        return self._labels(WIND_STRENGTH, SUPPORT_WIND_STRENGTH)

    @property
    def vertical_swing(self) -> list[str] | None:
        """Return the vertical swing labels, or None when the model has none."""
        return self._labels(SWING_VERTICAL) or None

    @property
    def horizontal_swing(self) -> list[str] | None:
        """Return the horizontal swing labels, or None when the model has none."""
        return self._labels(SWING_HORIZONTAL) or None

    @property
    def temperature_range(self) -> RangeValue:
        """Return the target temperature range in degrees Celsius (min, max, step)."""
        if not self.model.has(TARGET):
            raise ThinQUnsupportedError("The model has no target temperature")
        return self.model.range(TARGET)

    @property
    def has_instant_power(self) -> bool:
        """Return whether the model reports instant power (watts)."""
        return self.model.has(INSTANT_POWER)

    def state(self, snapshot: Mapping[str, Any]) -> AirConditionerState:
        """Interpret a decoded monitoring snapshot."""

        def label(name: str) -> str | None:
            value = self._enum(name)
            return value.label(snapshot[name]) if value and name in snapshot else None

        operation = label(OPERATION)
        return AirConditionerState(
            power=None if operation is None else operation != OPERATION_OFF,
            mode=label(OP_MODE),
            fan_speed=label(WIND_STRENGTH),
            vertical_swing=label(SWING_VERTICAL),
            horizontal_swing=label(SWING_HORIZONTAL),
            target_c=to_number(snapshot.get(TARGET)),
            current_c=to_number(snapshot.get(CURRENT)),
            instant_power=to_number(snapshot.get(INSTANT_POWER))
            if self.has_instant_power
            else None,
        )

    def _values(self, name: str, label: str) -> dict[str, str]:
        value = self._enum(name)
        raw = value.raw(label) if value else None
        if raw is None:
            raise ThinQUnsupportedError(f"The model has no {name} option {label}")
        return {name: raw}

    def power_values(self, on: bool) -> dict[str, str]:
        """Return the values that switch the unit on (``ALL_ON`` or its one on option) or off."""
        if not on:
            return self._values(OPERATION, OPERATION_OFF)
        operations = self._enum(OPERATION)
        if operations is None:
            raise ThinQUnsupportedError("The model has no Operation value")
        if (raw := operations.raw(OPERATION_ALL_ON)) is not None:
            return {OPERATION: raw}
        on_options = [
            raw for raw, name in operations.options.items() if name != OPERATION_OFF
        ]
        if len(on_options) != 1:
            raise ThinQUnsupportedError("The model has no single way to switch on")
        return {OPERATION: on_options[0]}

    def mode_values(self, label: str) -> dict[str, str]:
        """Return the values that select an operation mode."""
        return self._values(OP_MODE, label)

    def fan_values(self, label: str) -> dict[str, str]:
        """Return the values that select a fan speed."""
        return self._values(WIND_STRENGTH, label)

    def vertical_swing_values(self, label: str) -> dict[str, str]:
        """Return the values that select a vertical swing position."""
        return self._values(SWING_VERTICAL, label)

    def horizontal_swing_values(self, label: str) -> dict[str, str]:
        """Return the values that select a horizontal swing position."""
        return self._values(SWING_HORIZONTAL, label)

    def target_celsius_values(self, celsius: float) -> dict[str, str]:
        """Return the values that set the target to ``celsius`` (on the model's step)."""
        span = self.temperature_range
        low, high, step = span.min, span.max, span.step
        if not low <= celsius <= high:
            raise ThinQUnsupportedError(
                f"{celsius} °C is outside the model's {low} to {high} °C"
            )
        stepped = low + round((celsius - low) / step) * step
        return {TARGET: raw_text(round(min(stepped, high), 3))}

    def target_fahrenheit_values(self, fahrenheit: int) -> dict[str, str]:
        """Return the values that set the target to ``fahrenheit`` via the model's table."""
        return {TARGET: self.fahrenheit.to_celsius_value(fahrenheit)}

    def target_fahrenheit(self, celsius: float, last_set: int | None = None) -> int:
        """Return the Fahrenheit to show for the device's target Celsius."""
        return self.fahrenheit.to_fahrenheit(celsius, last_set)
