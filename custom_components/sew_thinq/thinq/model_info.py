"""Model info: the JSON document describing a device model's values and monitoring."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import json
import math
from typing import Any

from .const import BINARY_FORMAT
from .errors import ThinQModelError, ThinQResponseError, ThinQUnsupportedError


def raw_text(value: object) -> str:
    """Return a raw model value as the device's string ("22", "21.5")."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ThinQResponseError(
            f"Model info holds a boolean where a value belongs: {value}"
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    raise ThinQResponseError(f"Model info holds an unusable value {value!r:.40}")


def to_number(value: object) -> float | None:
    """Return a raw value as a number, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True, slots=True)
class EnumValue:
    """A value with named options: raw value -> label."""

    options: Mapping[str, str]

    def label(self, raw: object) -> str | None:
        """Return the label of a raw value, or None when the model does not name it."""
        try:
            return self.options.get(raw_text(raw))
        except ThinQResponseError:
            return None

    def raw(self, label: str) -> str | None:
        """Return the raw value of a label, or None when the model has no such label."""
        return next((raw for raw, name in self.options.items() if name == label), None)


@dataclass(frozen=True, slots=True)
class RangeValue:
    """A numeric value with a minimum, maximum and step."""

    min: float
    max: float
    step: float


@dataclass(frozen=True, slots=True)
class BitOption:
    """One named field inside a bit value."""

    start_bit: int
    length: int
    value: str


@dataclass(frozen=True, slots=True)
class BitValue:
    """A value whose bits carry several named fields."""

    options: tuple[BitOption, ...]


@dataclass(frozen=True, slots=True)
class ReferenceValue:
    """A value whose options live in another top-level section of the model."""

    name: str
    table: Mapping[str, Any]

    def comment(self, raw: object) -> str | None:
        """Return the ``_comment`` the referenced section gives a raw value."""
        entry = self.table.get(str(raw))
        if isinstance(entry, dict) and isinstance(
            comment := entry.get("_comment"), str
        ):
            return comment
        return None


@dataclass(frozen=True, slots=True)
class BooleanValue:
    """A true/false value (the real dryer model's ``InitialBit``)."""

    default: bool | None


@dataclass(frozen=True, slots=True)
class StringValue:
    """A free-form string value."""

    comment: str


type ModelValue = (
    EnumValue | RangeValue | BitValue | ReferenceValue | StringValue | BooleanValue
)


@dataclass(frozen=True, slots=True)
class ProtocolField:
    """Where a value sits in a ``BINARY(BYTE)`` monitoring payload."""

    start_byte: int
    length: int
    name: str


def _number(
    data: Mapping[str, Any], key: str, name: str, default: float | None = None
) -> float:
    value = to_number(data.get(key, default))
    if value is None:
        raise ThinQResponseError(f"Model value {name} has no numeric {key}")
    return value


def _int(data: object, key: str, what: str) -> int:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ThinQResponseError(f"{what} has no integer {key}")
    try:
        number = int(value)
    except ValueError as err:
        raise ThinQResponseError(f"{what} has no integer {key}") from err
    if number < 0:
        raise ThinQResponseError(f"{what} has a negative {key}")
    return number


class ModelInfo:
    """The interpretation of one model-info document."""

    def __init__(self, data: object) -> None:
        """Check the document's shape; values are parsed when first asked for."""
        if not isinstance(data, dict) or not isinstance(data.get("Value"), dict):
            raise ThinQModelError("The model document has no Value object")
        self._data: dict[str, Any] = data
        self._values: dict[str, Any] = data["Value"]
        self._cache: dict[str, ModelValue] = {}
        self._protocol: tuple[ProtocolField, ...] | None = None

    @property
    def raw(self) -> dict[str, Any]:
        """Return the document as LG served it."""
        return self._data

    @property
    def model_name(self) -> str | None:
        """Return the model name the document carries, if any."""
        info = self._data.get("Info")
        name = info.get("modelName") if isinstance(info, dict) else None
        return name if isinstance(name, str) else None

    def has(self, name: str) -> bool:
        """Return whether the model describes ``name``."""
        return isinstance(self._values.get(name), dict)

    def value(self, name: str) -> ModelValue:
        """Return the typed description of value ``name``."""
        if (cached := self._cache.get(name)) is not None:
            return cached
        spec = self._values.get(name)
        if not isinstance(spec, dict):
            raise ThinQUnsupportedError(f"The model has no value {name}")
        parsed = self._parse(name, spec)
        self._cache[name] = parsed
        return parsed

    def enum(self, name: str) -> EnumValue:
        """Return value ``name``, which must be an enum."""
        value = self.value(name)
        if not isinstance(value, EnumValue):
            raise ThinQResponseError(f"Model value {name} is not an enum")
        return value

    def range(self, name: str) -> RangeValue:
        """Return value ``name``, which must be a range."""
        value = self.value(name)
        if not isinstance(value, RangeValue):
            raise ThinQResponseError(f"Model value {name} is not a range")
        return value

    def default(self, name: str) -> str | None:
        """Return the default raw value of ``name``, if the model gives one."""
        spec = self._values.get(name)
        if not isinstance(spec, dict) or "default" not in spec:
            return None
        try:
            return raw_text(spec["default"])
        except ThinQResponseError:
            return None

    def _parse(self, name: str, spec: dict[str, Any]) -> ModelValue:
        kind = spec.get("type")
        kind = kind.lower() if isinstance(kind, str) else None
        option = spec.get("option")
        if kind == "enum":
            if isinstance(option, list):
                # Real v1 models list some options by position (the dryer's on/off).
                option = {str(index): label for index, label in enumerate(option)}
            if not isinstance(option, dict):
                raise ThinQResponseError(f"Enum {name} has no options")
            return EnumValue(
                {raw_text(raw): raw_text(label) for raw, label in option.items()}
            )
        if kind == "range":
            if not isinstance(option, dict):
                raise ThinQResponseError(f"Range {name} has no options")
            step = _number(option, "step", name, 1)
            low, high = _number(option, "min", name), _number(option, "max", name)
            if step <= 0 or low > high:
                raise ThinQResponseError(
                    f"Range {name} is empty or has no positive step"
                )
            return RangeValue(low, high, step)
        if kind == "bit":
            if not isinstance(option, list):
                raise ThinQResponseError(f"Bit value {name} has no options")
            return BitValue(tuple(self._bit(name, item) for item in option))
        if kind == "reference":
            if (
                not isinstance(option, list)
                or not option
                or not isinstance(option[0], str)
            ):
                raise ThinQResponseError(f"Reference {name} names no section")
            table = self._data.get(option[0])
            if not isinstance(table, dict):
                raise ThinQResponseError(f"Reference {name} names a missing section")
            return ReferenceValue(option[0], table)
        if kind == "boolean":
            default = spec.get("default")
            return BooleanValue(default if isinstance(default, bool) else None)
        if kind == "string":
            comment = spec.get("_comment", "")
            return StringValue(comment if isinstance(comment, str) else "")
        raise ThinQResponseError(
            f"Model value {name} has an unknown type {spec.get('type')!r:.40}"
        )

    @staticmethod
    def _bit(name: str, item: object) -> BitOption:
        value = item.get("value") if isinstance(item, dict) else None
        if not isinstance(value, str):
            raise ThinQResponseError(f"Bit value {name} has an unnamed field")
        what = f"Bit value {name}"
        return BitOption(
            _int(item, "startbit", what), _int(item, "length", what), value
        )

    @property
    def monitoring_type(self) -> str:
        """Return the monitoring type ("JSON" unless the model says otherwise)."""
        monitoring = self._data.get("Monitoring")
        kind = monitoring.get("type") if isinstance(monitoring, dict) else None
        return kind if isinstance(kind, str) else "JSON"

    @property
    def control_type(self) -> str:
        """Return the control type ("JSON" unless ``ControlWifi`` says otherwise)."""
        control = self._data.get("ControlWifi")
        kind = control.get("type") if isinstance(control, dict) else None
        return kind if isinstance(kind, str) else "JSON"

    @property
    def is_binary(self) -> bool:
        """Return whether monitoring payloads are ``BINARY(BYTE)``."""
        return self.monitoring_type == BINARY_FORMAT

    @property
    def protocol(self) -> tuple[ProtocolField, ...]:
        """Return the byte layout of binary monitoring payloads."""
        if self._protocol is None:
            monitoring = self._data.get("Monitoring")
            items = monitoring.get("protocol") if isinstance(monitoring, dict) else None
            if not isinstance(items, list):
                raise ThinQResponseError("Binary monitoring without a protocol")
            fields = []
            for item in items:
                name = item.get("value") if isinstance(item, dict) else None
                if not isinstance(name, str):
                    raise ThinQResponseError("Monitoring protocol has an unnamed field")
                what = f"Monitoring field {name}"
                length = _int(item, "length", what)
                if length == 0:
                    raise ThinQResponseError(f"{what} is empty")
                fields.append(
                    ProtocolField(_int(item, "startByte", what), length, name)
                )
            self._protocol = tuple(fields)
        return self._protocol

    def decode(self, payload: bytes) -> dict[str, Any]:
        """Decode a monitoring payload into raw values keyed by value name."""
        if self.is_binary:
            return self.decode_binary(payload)
        return decode_json(payload)

    def decode_binary(self, payload: bytes) -> dict[str, Any]:
        """Read each protocol field big-endian from a ``BINARY(BYTE)`` payload."""
        decoded: dict[str, Any] = {}
        for field in self.protocol:
            end = field.start_byte + field.length
            if end > len(payload):
                raise ThinQResponseError(
                    f"Binary status is {len(payload)} bytes; field {field.name} needs {end}"
                )
            decoded[field.name] = str(
                int.from_bytes(payload[field.start_byte : end], "big")
            )
        return decoded


def decode_json(payload: bytes) -> dict[str, Any]:
    """Decode a JSON monitoring payload, which must be an object."""
    try:
        decoded = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise ThinQResponseError("Device status is not valid JSON") from err
    if not isinstance(decoded, dict):
        raise ThinQResponseError("Device status is not a JSON object")
    return decoded
