"""Numbers, flags, text and ids as portals write them."""

from __future__ import annotations

import math

import pytest

from custom_components.sew_thinq.sew import NumberFormat, SewResponseError
from custom_components.sew_thinq.sew.values import (
    field,
    parse_bool,
    parse_id,
    parse_number,
    parse_text,
    portal_message,
    required_id,
    rows_of,
)

COMMA = NumberFormat.DECIMAL_COMMA
POINT = NumberFormat.DECIMAL_POINT


@pytest.mark.parametrize(
    ("text", "number_format", "expected"),
    [
        # Hidroelectrica: "1.234,56" and "RON 50" (emanuelbesliu/homeassistant-ihidro
        # helpers.py:180-207), "347,94" (cnecrea/hidroelectrica sensor.py:1759).
        ("1.234,56", None, 1234.56),
        ("1.234,56", COMMA, 1234.56),
        ("RON 50", COMMA, 50.0),
        ("50 lei", None, 50.0),
        ("347,94", COMMA, 347.94),
        ("245,67", None, 245.67),
        ("245,67", POINT, 245.67),
        ("1 234,56", COMMA, 1234.56),
        ("-12,50", COMMA, -12.5),
        # NB Power: "8,004.1" (dnlbck/ha-nbpower tests/test_parsing.py).
        ("8,004.1", None, 8004.1),
        ("1,234.56", POINT, 1234.56),
        ("$12.00", None, 12.0),
        ("(12.50)", POINT, -12.5),
        ("-$3.10", POINT, -3.1),
        ("1,234,567.8", None, 1234567.8),
        ("1.234.567", None, 1234567.0),
        ("+7", None, 7.0),
        (".5", None, 0.5),
        # The ambiguous lone separator before three digits: the tenant decides...
        ("1,234", POINT, 1234.0),
        ("1,234", COMMA, 1.234),
        ("1.234", COMMA, 1234.0),
        ("1.234", POINT, 1.234),
        # ...and without a declared format, both separators are decimal ones.
        ("1,234", None, 1.234),
        ("1.234", None, 1.234),
        # Three digits that cannot be a thousands group.
        ("0,123", POINT, 0.123),
        ("1234,567", POINT, 1234.567),
        ("245.67", COMMA, 245.67),
    ],
)
def test_numbers(
    text: str, number_format: NumberFormat | None, expected: float
) -> None:
    """Amounts read the same whatever way the tenant writes them."""
    assert parse_number(text, number_format) == pytest.approx(expected)


@pytest.mark.parametrize("empty", [None, "", " ", "-", "null", "N/A", "RON"])
def test_empty_numbers(empty: str | None) -> None:
    """An empty value is no number, never zero."""
    assert parse_number(empty) is None


@pytest.mark.parametrize(
    "garbage", ["1,2,3", "12abc34", "1.23.4", "1,234.5.6", "12,34,567.8", True, [1]]
)
def test_not_numbers(garbage: object) -> None:
    """Anything else is a response error."""
    with pytest.raises(SewResponseError, match="number"):
        parse_number(garbage)


def test_json_numbers() -> None:
    """JSON numbers are taken as they are; non-finite ones are refused."""
    assert parse_number(3) == 3.0
    assert parse_number(2.17) == 2.17
    with pytest.raises(SewResponseError, match="finite"):
        parse_number(math.inf)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (None, False),
        (1, True),
        (0, False),
        ("true", True),
        ("True", True),
        ("Y", True),
        ("1", True),
        ("false", False),
        ("0", False),
        ("", False),
        ("N", False),
    ],
)
def test_flags(value: object, expected: bool) -> None:
    """Yes and no come as booleans, numbers and text."""
    assert parse_bool(value) is expected


def test_not_a_flag() -> None:
    """Other text is not a flag."""
    with pytest.raises(SewResponseError, match="yes/no"):
        parse_bool("maybe")


def test_ids_and_text() -> None:
    """Ids may be JSON numbers (b247/iHidroGo main.go:283-291); text is stripped."""
    assert parse_id(4001234567) == "4001234567"
    assert parse_id(4001234567.0) == "4001234567"
    assert parse_id(" 123 ") == "123"
    assert parse_id("") is None
    assert parse_text(None) is None
    with pytest.raises(SewResponseError, match="text"):
        parse_text({"a": 1})
    assert required_id({"AccountNumber": 5}, "AccountNumber") == "5"
    with pytest.raises(SewResponseError, match="lacks AccountNumber"):
        required_id({}, "AccountNumber")


def test_fields_any_case() -> None:
    """A field is found under its own name first, then in any letter case."""
    row = {"usagevalue": 1, "UsageValue": 2, "Other": None}
    assert field(row, "UsageValue") == 2
    assert field({"usagevalue": 1}, "UsageValue") == 1
    assert field(row, "Missing", "other") is None


def test_messages_and_rows() -> None:
    """Portal messages are one shortened line; row lists are lists of objects."""
    assert portal_message("Token has\n been   expired.") == "Token has been expired."
    assert len(portal_message("x" * 500)) == 200
    assert portal_message(None) == ""
    assert rows_of(None, "Table") == []
    assert rows_of([{"a": 1}], "Table") == [{"a": 1}]
    with pytest.raises(SewResponseError, match="Table"):
        rows_of([1], "Table")
    with pytest.raises(SewResponseError, match="Table"):
        rows_of({"a": 1}, "Table")
