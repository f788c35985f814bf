"""Dates and hours as portals write them."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from custom_components.sew_thinq.sew import DateOrder, SewResponseError
from custom_components.sew_thinq.sew.dates import parse_date, parse_datetime, parse_time

DAY_FIRST = DateOrder.DAY_FIRST
at = datetime.fromisoformat  # the naive local times the parsers return
MONTH_FIRST = DateOrder.MONTH_FIRST


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        # Due dates as yyyyMMdd (cnecrea/hidroelectrica sensor.py:77-86).
        ("20260316", None, at("2026-03-16T00:00")),
        # History dates with a time: month first whatever the tenant (sensor.py:41).
        ("06/15/2021 00:00:00", None, at("2021-06-15T00:00")),
        ("05/06/2021 00:00:00", DAY_FIRST, at("2021-05-06T00:00")),
        ("11/3/2025 1:00:00 PM", None, at("2025-11-03T13:00")),
        ("11/3/2025 12:30 AM", None, at("2025-11-03T00:30")),
        # Bare dates: a part above 12 decides, otherwise the tenant's order.
        ("22/04/2026", None, at("2026-04-22T00:00")),
        ("04/22/2026", DAY_FIRST, at("2026-04-22T00:00")),
        ("05/06/2021", DAY_FIRST, at("2021-06-05T00:00")),
        ("05/06/2021", MONTH_FIRST, at("2021-05-06T00:00")),
        ("05/06/2021", None, at("2021-05-06T00:00")),
        ("12/09/25", None, at("2025-12-09T00:00")),
        # ISO, with or without a Z.
        ("2026-09-25", None, at("2026-09-25T00:00")),
        ("2026-09-25T13:45:00", None, at("2026-09-25T13:45")),
        ("2026-09-25T13:45:00Z", None, at("2026-09-25T13:45")),
        # Month names (funkadelic/ha-acwd; dnlbck/ha-nbpower).
        ("December 3, 2025", None, at("2025-12-03T00:00")),
        ("Sep 25, 2026", None, at("2026-09-25T00:00")),
        ("25-Sep-2026", None, at("2026-09-25T00:00")),
        ("25.09.2026", None, at("2026-09-25T00:00")),
        # ASP.NET JSON dates (sew-protocol.md section 9).
        ("/Date(1733184000000)/", None, at("2024-12-03T00:00")),
        ("/Date(1733184000000+0200)/", None, at("2024-12-03T02:00")),
        ("/Date(1733184000000-0500)/", None, at("2024-12-02T19:00")),
    ],
)
def test_dates(text: str, order: DateOrder | None, expected: datetime) -> None:
    """Each format reads as the local date and time it names."""
    assert parse_datetime(text, order) == expected


@pytest.mark.parametrize("empty", [None, "", "  ", "January 1, 0001", "0001-01-01"])
def test_no_date(empty: str | None) -> None:
    """Empty values and the year-one placeholder (NB Power's billing rows) are no date."""
    assert parse_date(empty) is None


@pytest.mark.parametrize("garbage", ["oops", "13/13/2020", "20261399", 20260316])
def test_not_dates(garbage: object) -> None:
    """Anything else is a response error."""
    with pytest.raises(SewResponseError, match="date"):
        parse_date(garbage)


def test_date_only() -> None:
    """`parse_date` drops the time."""
    assert parse_date("06/15/2021 00:00:00") == date(2021, 6, 15)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("12:00 AM", time(0)),
        ("1:00 PM", time(13)),
        ("11:00 PM", time(23)),
        ("12:00 PM", time(12)),
        ("13:15", time(13, 15)),
        ("00:45", time(0, 45)),
        ("1:00:00 PM", time(13)),
        ("7", time(7)),
        (7, time(7)),
        ("", None),
        (None, None),
    ],
)
def test_hours(label: object, expected: time | None) -> None:
    """Hours come as `12:00 AM` (ACWD) or `HH:MM` (NB Power's quarter-hours)."""
    assert parse_time(label) == expected


@pytest.mark.parametrize("garbage", ["noon", 25, "25", 1.5])
def test_not_hours(garbage: object) -> None:
    """Anything else is a response error."""
    with pytest.raises(SewResponseError, match="hour"):
        parse_time(garbage)
