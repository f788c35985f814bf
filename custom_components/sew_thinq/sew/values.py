"""Values as portals write them: numbers, amounts, flags, text and ids.

Every function raises `SewResponseError` (never anything else) for a value it cannot read.
"""

from __future__ import annotations

from collections.abc import Mapping
import math
import re
from typing import Any

from .errors import SewResponseError
from .locale import NumberFormat

type Row = Mapping[str, Any]

_MAX_SHOWN = 80
_MAX_MESSAGE = 200
_EMPTY = frozenset({"", "-", "null", "n/a", "na"})
# Currency codes, symbols and spaces around or inside an amount: "RON 50", "50 lei",
# "$12.00", "1 234,56" (P1 helpers.py:180-207 strips RON/EUR/LEI).
_NOISE = re.compile(r"[^\d.,+\-()]")
_INSIDE = re.compile(r"\d[^\d.,\s]+\d")
_NUMBER = re.compile(r"\d[\d.,]*|[.,]\d+")
_TRUE = frozenset({"1", "true", "y", "yes", "t"})
_FALSE = frozenset({"0", "false", "n", "no", "f", ""})


def show(value: object) -> str:
    """Describe a value for an error message, shortened."""
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else f"{text[:_MAX_SHOWN]}..."


def field(row: Row, *names: str) -> Any:
    """Return the first named field present in a row (any letter case), or None."""
    for name in names:
        if name in row:
            return row[name]
    folded = {str(key).casefold(): value for key, value in row.items()}
    for name in names:
        if (value := folded.get(name.casefold())) is not None:
            return value
    return None


def parse_number(
    value: object, number_format: NumberFormat | None = None
) -> float | None:
    """Read a number sent as a JSON number or as text; None when empty.

    Text may carry a currency ("RON 50", "$12.00", "50 lei"), thousands separators and
    either decimal separator ("1.234,56", "1,234.56", "245,67" -> 245.67, never 24567).
    A single separator followed by exactly three digits ("1,234", "1.234") is ambiguous:
    the tenant's declared `number_format` decides; without one a comma is the decimal
    separator, as Hidroelectrica's clients read it (P1 helpers.py:201-202, the one peer that
    reads lone commas), and a dot is one, as in JSON.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SewResponseError(f"Expected a number, got {show(value)}")
    if isinstance(value, str):
        number = _parse_text_number(value, number_format)
        if number is None:
            return None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise SewResponseError(f"Expected a finite number, got {show(value)}")
    return number


def _parse_text_number(text: str, number_format: NumberFormat | None) -> float | None:
    """Read a number written as text."""
    if text.strip().casefold() in _EMPTY:
        return None
    if _INSIDE.search(text):
        raise SewResponseError(f"Expected a number, got {show(text)}")
    body = _NOISE.sub("", text)
    negative = body.startswith("(") and body.endswith(")")
    body = body.strip("()")
    if body.startswith(("-", "+")):
        negative = negative != body.startswith("-")
        body = body[1:]
    if not _NUMBER.fullmatch(body):
        if not body:
            return None
        raise SewResponseError(f"Expected a number, got {show(text)}")
    whole, fraction = body, ""
    if decimal := _decimal_separator(body, number_format):
        whole, _, fraction = body.rpartition(decimal)
        if decimal in whole:
            raise SewResponseError(f"Expected a number, got {show(text)}")
    digits = _ungroup(whole, text)
    number = float(f"{digits or '0'}.{fraction or '0'}")
    return -number if negative else number


def _decimal_separator(body: str, number_format: NumberFormat | None) -> str | None:
    """Return which separator in `body` is the decimal one, if any."""
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        return "," if body.rfind(",") > body.rfind(".") else "."
    if commas + dots != 1:
        return None
    separator = "," if commas else "."
    head, tail = body.split(separator)
    if len(tail) != 3 or not 1 <= len(head) <= 3 or head.startswith("0"):
        return separator
    if number_format is NumberFormat.DECIMAL_COMMA:
        return separator if separator == "," else None
    if number_format is NumberFormat.DECIMAL_POINT:
        return separator if separator == "." else None
    return separator


def _ungroup(whole: str, original: str) -> str:
    """Remove thousands separators, checking they sit between groups of three digits."""
    # At most one kind is left: the decimal one, when there is one, was split off.
    used = [sep for sep in (",", ".") if sep in whole]
    if not used:
        return whole
    groups = whole.split(used[0])
    if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
        raise SewResponseError(f"Expected a number, got {show(original)}")
    return "".join(groups)


def parse_bool(value: object) -> bool:
    """Read the many ways portals say yes or no; None is no."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise SewResponseError(f"Expected a yes/no flag, got {show(value)}")


def parse_text(value: object) -> str | None:
    """Return a text field, stripped, or None when empty."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SewResponseError(f"Expected text, got {show(value)}")
    text = str(value).strip()
    return text or None


def parse_id(value: object) -> str | None:
    """Read an identifier that may come as text or as a JSON number.

    Login rows carry `AccountNumber`/`UtilityAccountNumber` as numbers on some tenants
    (P4 b247/iHidroGo main.go:283-291; P7 tests/conftest.py `verify_token`: an int).
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return parse_text(value)


def required_id(row: Row, *names: str) -> str:
    """Return an identifier that must be present."""
    if (text := parse_id(field(row, *names))) is None:
        raise SewResponseError(f"The portal's answer lacks {names[0]}")
    return text


def portal_message(value: object) -> str:
    """Return a portal's message made safe to show: text, one line, shortened."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text[:_MAX_MESSAGE]


def rows_of(value: object, what: str) -> list[Row]:
    """Return a list of row objects; an absent list is empty."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(row, Mapping) for row in value
    ):
        raise SewResponseError(f"Expected {what} to be a list of objects")
    return value
