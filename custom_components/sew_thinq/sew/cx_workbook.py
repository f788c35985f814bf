"""Dominion's 30-minute usage workbook (`Usage/DownloadExcelNew`), read with openpyxl.

Layout (keys of /work/research/cx.md): header row `Account No`, `Recorder ID`, `Date`, then
48 columns `12:00 AM kWH` ... `11:30 PM kWH`, each the half-hour starting then, in kWh; one
row per day, `Date` a date cell or `MM/DD/YYYY` text (DP client.py:358-421; DJ
DominionDataProcessor.py:59-62). Consumption is the sheet whose half-hour headers say
`kWH` (`kWH Usage Data` in the portal's download, DJ 67-80; DP reads `workbook.active`);
a sheet named `kWH Generation` (headers `... kW`, values kWh) holds a net meter's
received energy (DP client.py:413-415, 489-492; DH issue #11); `kW Usage Data` is demand
and is not read. Empty cells are missing values, never zero (DP tests).

Published days only; a day the portal has not finished reads zeros: DH drops days whose
total is 0 or with fewer than 4 non-zero intervals (coordinator.py:531-573, issues #2,
#13), DJ the newest day when its afternoon is all 0 (DominionDataProcessor.py:93-109).
Here a trailing run of zeros on the newest day is left out (the day is then incomplete
and asked again), and so is a day that is all zeros or nearly.

Reading a workbook is CPU work: callers run `read_workbook` in an executor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO
import re
from typing import Any
import zipfile
import zoneinfo

from openpyxl import load_workbook

from .errors import SewResponseError

HALF_HOUR = timedelta(minutes=30)
GENERATION_SHEET = "kwh generation"
_SLOT = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*([AP]M)\b", re.IGNORECASE)
_MIN_NONZERO = 4


@dataclass(frozen=True, slots=True)
class HalfHours:
    """One sheet's values: each local day's half-hours (start wall time, kWh)."""

    days: dict[date, tuple[tuple[time, float], ...]]


@dataclass(frozen=True, slots=True)
class Workbook:
    """What a workbook holds: consumption, and received energy on a net meter."""

    usage: HalfHours
    received: HalfHours | None


def _slot(header: object) -> time | None:
    """Return the start a `12:30 AM kWH` header names."""
    if not isinstance(header, str) or not (match := _SLOT.match(header)):
        return None
    hour, minute = int(match.group(1)) % 12, int(match.group(2))
    if match.group(3).upper() == "PM":
        hour += 12
    return time(hour, minute) if minute < 60 else None


def _day(value: object) -> date | None:
    """Return a `Date` cell's day: a date cell or `MM/DD/YYYY` text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            month, mday, year = (int(part) for part in value.strip()[:10].split("/"))
            return date(year, month, mday)
        except ValueError:
            raise SewResponseError(f"Unreadable workbook date {value[:20]!r}") from None
    return None


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise SewResponseError("A workbook value is not a number")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        raise SewResponseError("A workbook value is not a number") from None


def _sheet(rows: list[tuple[Any, ...]]) -> HalfHours | None:
    """Read one sheet; None when its first row is not the 30-minute layout."""
    if not rows:
        return None
    header = rows[0]
    names = [str(cell or "").strip().casefold() for cell in header]
    if "date" not in names:
        return None
    date_column = names.index("date")
    slots = {
        index: start for index, cell in enumerate(header) if (start := _slot(cell))
    }
    if len(slots) < 24:
        return None
    days: dict[date, tuple[tuple[time, float], ...]] = {}
    for row in rows[1:]:
        if date_column >= len(row) or (day := _day(row[date_column])) is None:
            continue
        values = [
            (start, value)
            for index, start in sorted(slots.items(), key=lambda item: item[1])
            if index < len(row) and (value := _number(row[index])) is not None
        ]
        days[day] = tuple(values)
    return HalfHours(days)


def read_workbook(data: bytes) -> Workbook:
    """Read a workbook's consumption and received sheets; raise for anything else."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise SewResponseError("The usage download is not an .xlsx workbook") from err
    try:
        usage: HalfHours | None = None
        received: HalfHours | None = None
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            header = " ".join(str(cell or "") for cell in (rows[0] if rows else ()))
            if sheet.title.strip().casefold() == GENERATION_SHEET:
                received = _sheet(rows)
            elif usage is None and " kwh" in header.casefold():
                usage = _sheet(rows)
    finally:
        book.close()
    if usage is None:
        raise SewResponseError("The usage workbook has no 30-minute kWh sheet")
    return Workbook(usage, received)


def published(halves: HalfHours) -> dict[date, tuple[tuple[time, float], ...]]:
    """Return the days that look published, the newest cut before its trailing zeros."""
    days: dict[date, tuple[tuple[time, float], ...]] = {}
    newest = max(halves.days, default=None)
    for day, values in halves.days.items():
        if sum(1 for _, value in values if value) < _MIN_NONZERO:
            continue
        days[day] = _without_trailing_zeros(values) if day == newest else values
    return days


def _without_trailing_zeros(
    values: tuple[tuple[time, float], ...],
) -> tuple[tuple[time, float], ...]:
    end = len(values)
    while end and values[end - 1][1] == 0:
        end -= 1
    return values[:end]


def half_hour_starts(
    day: date, values: tuple[tuple[time, float], ...], zone: zoneinfo.ZoneInfo
) -> list[tuple[datetime, float]]:
    """Return a day's half-hours as UTC starts.

    The day clocks go forward has no 2:00-2:59 (a value there counts in the hour after,
    as DP folds it, client.py:464-477); on the day they go back the 1:00 columns stand for
    the first 1 AM hour (how Dominion fills that day is not shown by any peer).
    """
    return [
        (datetime.combine(day, start, zone).astimezone(UTC), value)
        for start, value in values
    ]
