"""Fahrenheit through the model's own lookup tables (TempFahToCel, TempCelToFah)."""

from __future__ import annotations

from collections.abc import Mapping
import math

from .errors import ThinQResponseError
from .model_info import EnumValue, ModelInfo, RangeValue, raw_text, to_number

FAH_TO_CEL = "TempFahToCel"
CEL_TO_FAH = "TempCelToFah"
TARGET = "TempCfg"


def formula_fahrenheit(celsius: float) -> int:
    """Return Celsius in whole degrees Fahrenheit by the formula (halves round up)."""
    return math.floor(celsius * 9 / 5 + 32 + 0.5)


def _number(value: object, table: str) -> float:
    number = to_number(value)
    if number is None:
        raise ThinQResponseError(f"{table} holds a non-numeric entry {value!r:.20}")
    return number


def _whole(value: object, table: str) -> int:
    number = _number(value, table)
    if not number.is_integer():
        raise ThinQResponseError(f"{table} holds a fractional Fahrenheit {value!r:.20}")
    return int(number)


class FahrenheitTable:
    """Convert between the user's Fahrenheit and the Celsius values a model uses.

    ``to_celsius_value(f)`` is what to send as ``TempCfg`` for ``f`` degrees F, in the
    model's own format. ``to_fahrenheit(c, last_set)`` is how to show the device's
    Celsius: the Fahrenheit the user last set while the device still reports its Celsius,
    else ``TempCelToFah``, else the inverse of ``TempFahToCel`` (nearest the formula
    where several Fahrenheit share one Celsius), else the formula.
    """

    def __init__(
        self,
        fah_to_cel: Mapping[int, str],
        cel_to_fah: Mapping[float, int],
        celsius_range: RangeValue,
    ) -> None:
        """Initialise from parsed tables and the model's Celsius range."""
        self._fah_to_cel = dict(fah_to_cel)
        self._cel_to_fah = dict(cel_to_fah)
        self._range = celsius_range
        self._inverse: dict[float, list[int]] = {}
        for fahrenheit in sorted(self._fah_to_cel):
            celsius = _number(self._fah_to_cel[fahrenheit], FAH_TO_CEL)
            self._inverse.setdefault(celsius, []).append(fahrenheit)

    @classmethod
    def from_model(cls, model: ModelInfo) -> FahrenheitTable:
        """Build the table of a model (the formula alone when it has no tables)."""
        fah_to_cel: dict[int, str] = {}
        cel_to_fah: dict[float, int] = {}
        if model.has(FAH_TO_CEL):
            options = model.enum(FAH_TO_CEL).options
            fah_to_cel = {_whole(f, FAH_TO_CEL): c for f, c in options.items()}
            for celsius in fah_to_cel.values():
                _number(celsius, FAH_TO_CEL)
        if model.has(CEL_TO_FAH):
            reverse: EnumValue = model.enum(CEL_TO_FAH)
            cel_to_fah = {
                _number(c, CEL_TO_FAH): _whole(f, CEL_TO_FAH)
                for c, f in reverse.options.items()
            }
        if model.has(TARGET):
            celsius_range = model.range(TARGET)
        elif fah_to_cel:
            values = [_number(c, FAH_TO_CEL) for c in fah_to_cel.values()]
            celsius_range = RangeValue(min(values), max(values), 0.5)
        else:
            celsius_range = RangeValue(16, 30, 1)
        return cls(fah_to_cel, cel_to_fah, celsius_range)

    @property
    def has_table(self) -> bool:
        """Return whether the model has a TempFahToCel table."""
        return bool(self._fah_to_cel)

    def _in_range(self, fahrenheit: int) -> bool:
        celsius = _number(self._fah_to_cel[fahrenheit], FAH_TO_CEL)
        return self._range.min <= celsius <= self._range.max

    @property
    def min_fahrenheit(self) -> int:
        """Return the lowest Fahrenheit whose Celsius is within the model's range."""
        usable = [f for f in self._fah_to_cel if self._in_range(f)]
        if usable:
            return min(usable)
        return math.ceil(self._range.min * 9 / 5 + 32)

    @property
    def max_fahrenheit(self) -> int:
        """Return the highest Fahrenheit whose Celsius is within the model's range."""
        usable = [f for f in self._fah_to_cel if self._in_range(f)]
        if usable:
            return max(usable)
        return math.floor(self._range.max * 9 / 5 + 32)

    def to_celsius_value(self, fahrenheit: int) -> str:
        """Return the ``TempCfg`` value for ``fahrenheit``, in the model's format."""
        if fahrenheit in self._fah_to_cel:
            return self._fah_to_cel[fahrenheit]
        low, high, step = self._range.min, self._range.max, self._range.step
        celsius = (fahrenheit - 32) * 5 / 9
        stepped = low + round((celsius - low) / step) * step
        return raw_text(round(min(max(stepped, low), high), 3))

    def to_fahrenheit(self, celsius: float, last_set: int | None = None) -> int:
        """Return the Fahrenheit to show for the device's Celsius."""
        if (
            last_set is not None
            and to_number(self.to_celsius_value(last_set)) == celsius
        ):
            return last_set
        if celsius in self._cel_to_fah:
            return self._cel_to_fah[celsius]
        if candidates := self._inverse.get(celsius):
            formula = celsius * 9 / 5 + 32
            return min(candidates, key=lambda f: (abs(f - formula), f))
        return formula_fahrenheit(celsius)
