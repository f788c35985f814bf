"""Fahrenheit through the model's own lookup tables (``TempFahToCel``, ``TempCelToFah``)."""

from __future__ import annotations

from collections.abc import Mapping
import math

from .errors import ThinQResponseError
from .model_info import EnumValue, ModelInfo, RangeValue, raw_text, to_number

FAH_TO_CEL = "TempFahToCel"
CEL_TO_FAH = "TempCelToFah"


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


def on_step(celsius: float, span: RangeValue, step: float) -> float:
    """Return ``celsius`` on the setpoint grid of ``span`` and ``step``, within ``span``."""
    stepped = span.min + round((celsius - span.min) / step) * step
    return round(min(max(stepped, span.min), span.max), 3)


class FahrenheitTable:
    """Convert between the user's Fahrenheit and the Celsius values a model uses.

    The tables are not the formula and not exact inverses; keys and values may be half
    degrees and strings (docs/thinq-protocol.md). ``to_celsius_value(f)`` is what to send
    for ``f`` °F, in the model's own format; ``to_fahrenheit(c)`` shows the device's
    Celsius: the Fahrenheit the user last set while the device still reports its Celsius,
    else ``TempCelToFah``, else the inverse of ``TempFahToCel`` (nearest the formula where
    several Fahrenheit share one Celsius), else the formula.
    """

    def __init__(
        self, fah_to_cel: Mapping[int, str], cel_to_fah: Mapping[float, int]
    ) -> None:
        """Initialise from parsed tables."""
        self._fah_to_cel = dict(fah_to_cel)
        self._cel_to_fah = dict(cel_to_fah)
        self._inverse: dict[float, list[int]] = {}
        for fahrenheit in sorted(self._fah_to_cel):
            celsius = _number(self._fah_to_cel[fahrenheit], FAH_TO_CEL)
            self._inverse.setdefault(celsius, []).append(fahrenheit)

    @classmethod
    def from_model(cls, model: ModelInfo) -> FahrenheitTable:
        """Build the tables of a model (the formula alone when it has none)."""
        fah_to_cel: dict[int, str] = {}
        cel_to_fah: dict[float, int] = {}
        if model.has(FAH_TO_CEL):
            options = model.enum(FAH_TO_CEL).options
            fah_to_cel = {_whole(f, FAH_TO_CEL): c for f, c in options.items()}
        if model.has(CEL_TO_FAH):
            reverse: EnumValue = model.enum(CEL_TO_FAH)
            cel_to_fah = {
                _number(c, CEL_TO_FAH): _whole(f, CEL_TO_FAH)
                for c, f in reverse.options.items()
            }
        return cls(fah_to_cel, cel_to_fah)

    @property
    def has_table(self) -> bool:
        """Return whether the model has a ``TempFahToCel`` table."""
        return bool(self._fah_to_cel)

    def celsius_values(self, span: RangeValue) -> list[float]:
        """Return the table's Celsius values within ``span``."""
        return sorted(c for c in self._inverse if span.min <= c <= span.max)

    def span(self, celsius: RangeValue) -> tuple[int, int]:
        """Return the lowest and highest Fahrenheit whose Celsius is within ``celsius``."""
        usable = [f for c in self.celsius_values(celsius) for f in self._inverse[c]]
        if usable:
            return min(usable), max(usable)
        return (
            math.ceil(celsius.min * 9 / 5 + 32),
            math.floor(celsius.max * 9 / 5 + 32),
        )

    def to_celsius_value(self, fahrenheit: int, span: RangeValue, step: float) -> str:
        """Return the ``TempCfg`` value for ``fahrenheit``, in the model's format."""
        if fahrenheit in self._fah_to_cel:
            return self._fah_to_cel[fahrenheit]
        return raw_text(on_step((fahrenheit - 32) * 5 / 9, span, step))

    def to_fahrenheit(
        self, celsius: float, last_set: int | None = None, *, step: float = 0.5
    ) -> int:
        """Return the Fahrenheit to show for the device's Celsius."""
        if last_set is not None:
            sent = self._fah_to_cel.get(last_set)
            if sent is not None and to_number(sent) == celsius:
                return last_set
            if sent is None and abs((last_set - 32) * 5 / 9 - celsius) <= step / 2:
                return last_set
        if celsius in self._cel_to_fah:
            return self._cel_to_fah[celsius]
        if candidates := self._inverse.get(celsius):
            formula = celsius * 9 / 5 + 32
            return min(candidates, key=lambda f: (abs(f - formula), f))
        return formula_fahrenheit(celsius)
