"""Dates and hours as portals write them: naive local values.

Every function raises `SewResponseError` (never anything else) for a value it cannot read.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
import re

from .errors import SewResponseError
from .locale import DateOrder
from .values import show

# `/Date(ms)/` and `/Date(ms+hhmm)/`, ASP.NET's JSON dates (P7 api.py `_ASPNET_JSON_DATE_RE`;
# sew-protocol.md section 9 `/Date(1733184000000)/`).
_DOTNET = re.compile(r"/Date\((-?\d{1,15})(?:([+-])(\d{2})(\d{2}))?\)/")
# `a/b/yyyy` with an optional time: `MM/dd/yyyy HH:mm:ss` history dates (P2 cnecrea/
# hidroelectrica sensor.py:41 "06/15/2021 00:00:00"), `dd/MM/yyyy` payment and window dates
# (P2 sensor.py:200-201, 1759), `MM/DD/YY` (sew-protocol.md section 9).
_SLASHED = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)
# `yyyyMMdd` due dates (P2 sensor.py:77-86 "20260316").
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NAMED_FORMATS = (
    "%B %d, %Y",  # "December 3, 2025" (P9 funkadelic/ha-acwd statistics.py:321-346)
    "%b %d, %Y",  # "Sep 25, 2026" (P7 tests/test_parsing.py)
    "%d-%b-%Y",  # P7 api.py `_DATE_FORMATS`
    "%d.%m.%Y",  # P1 helpers.py:255
)
# `13:15`, `13:15:00`, `1:00 PM`, `1:00:00 PM`, `1 PM`, `1:00PM`: an hour of the day.
_CLOCK = re.compile(r"(\d{1,2})(?::([0-5]?\d)(?::([0-5]?\d))?)? ?([AP]M)?")
_PLACEHOLDER_YEAR = (
    1  # "January 1, 0001": no date (P7 tests/conftest.py `_monthly_cycles`)
)


def parse_datetime(value: object, order: DateOrder | None = None) -> datetime | None:
    """Read a naive local date and time; None when empty or the year-1 placeholder.

    In `a/b/yyyy` dates a part above 12 is the day. Otherwise a date with a time of day is
    month first, the .NET invariant format of the only example (P2 sensor.py:41), and a
    bare date follows the tenant's `order` (month first when unknown, as in the requests
    SEW's apps send, P1 api.py:196).
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise SewResponseError(f"Expected a date, got {show(value)}")
    text = value.strip()
    if not text:
        return None
    try:
        moment = _parse(text, order)
    except (ValueError, OverflowError) as err:
        raise SewResponseError(f"Invalid date {show(value)}") from err
    if moment is None:
        raise SewResponseError(f"Unrecognised date {show(value)}")
    return None if moment.year <= _PLACEHOLDER_YEAR else moment


def parse_date(value: object, order: DateOrder | None = None) -> date | None:
    """Read a date; None when empty or a placeholder."""
    moment = parse_datetime(value, order)
    return moment.date() if moment else None


def shown_order(*values: object) -> DateOrder | None:
    """Return the order the first unambiguous `a/b/yyyy` date among values shows.

    A tenant writes all dates of a row one way: "11/30/2026" shows month first, so the
    "11/01/2026" beside it is the first of November.
    """
    for value in values:
        if not isinstance(value, str) or not (
            match := _SLASHED.fullmatch(value.strip())
        ):
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            return DateOrder.DAY_FIRST
        if second > 12 >= first:
            return DateOrder.MONTH_FIRST
    return None


def possible_dates(value: object, order: DateOrder | None = None) -> tuple[date, ...]:
    """Return every date a value can be: both readings of an ambiguous `a/b/yyyy` date."""
    first = parse_date(value, order)
    if first is None:
        return ()
    other = (
        DateOrder.MONTH_FIRST if order is DateOrder.DAY_FIRST else DateOrder.DAY_FIRST
    )
    try:
        second = parse_date(value, other)
    except SewResponseError:
        second = None
    return tuple(dict.fromkeys(d for d in (first, second) if d is not None))


def _parse(text: str, order: DateOrder | None) -> datetime | None:
    """Try each known shape in turn."""
    if match := _DOTNET.fullmatch(text):
        return _dotnet(match)
    if match := _SLASHED.fullmatch(text):
        return _slashed(match, order)
    if match := _COMPACT.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return datetime(year, month, day)  # noqa: DTZ001 - a local naive date
    try:
        return datetime.fromisoformat(text.removesuffix("Z")).replace(tzinfo=None)
    except ValueError:
        pass
    for fmt in _NAMED_FORMATS:
        try:
            return datetime.strptime(text, fmt)  # noqa: DTZ007 - a local naive date
        except ValueError:
            continue
    return None


def _dotnet(match: re.Match[str]) -> datetime:
    """Read `/Date(ms)/` as a naive time; with an offset, as the local time it names."""
    moment = datetime(1970, 1, 1) + timedelta(milliseconds=int(match.group(1)))  # noqa: DTZ001
    if match.group(2):
        offset = timedelta(hours=int(match.group(3)), minutes=int(match.group(4)))
        moment += offset if match.group(2) == "+" else -offset
    return moment


def _slashed(match: re.Match[str], order: DateOrder | None) -> datetime:
    """Read `a/b/yyyy [time]`, deciding which of a and b is the month."""
    first, second, year_text = (int(match.group(i)) for i in (1, 2, 3))
    year = year_text + 2000 if len(match.group(3)) == 2 else year_text
    has_time = match.group(4) is not None
    if first > 12:
        day_first = True
    elif second > 12 or has_time:
        day_first = False
    else:
        day_first = order is DateOrder.DAY_FIRST
    day, month = (first, second) if day_first else (second, first)
    moment = datetime(year, month, day)  # noqa: DTZ001 - a local naive date
    if has_time:
        hour, minute = int(match.group(4)), int(match.group(5))
        second_of = int(match.group(6) or 0)
        if meridiem := match.group(7):
            hour = hour % 12 + (12 if meridiem.upper() == "PM" else 0)
        moment = moment.replace(hour=hour, minute=minute, second=second_of)
    return moment


def parse_time(value: object) -> time | None:
    """Read an hour label, or an hour number.

    `12:00 AM`, `1:00 PM` (P9 tests/conftest.py:71-123); `13:15` (P7 tests/conftest.py
    `_interval_rows`).
    """
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23:
        return time(value)
    if not isinstance(value, str):
        raise SewResponseError(f"Expected an hour, got {show(value)}")
    text = " ".join(value.split()).upper()
    if not text:
        return None
    if text.isascii() and text.isdigit() and int(text) <= 23:
        return time(int(text))
    if clock := _CLOCK.fullmatch(text):
        hour, minute, second = (int(part or 0) for part in clock.group(1, 2, 3))
        if meridiem := clock.group(4):
            if 1 <= hour <= 12:
                return time(hour % 12 + (12 if meridiem == "PM" else 0), minute, second)
        elif clock.group(2) is not None and hour <= 23:
            return time(hour, minute, second)
    raise SewResponseError(f"Unrecognised hour {show(value)}")
