"""Usage rows (`objUsageGenerationResultSetTwo`) into a typed series.

Which field holds what is decided by the request, never guessed from the numbers:
- with `Type` "D" (money) `UsageValue` is the cost and `value` the usage (P2 cnecrea/
  hidroelectrica sensor.py:1521-1525 "UsageValue = suma facturată în lei (NU kWh!)";
  P8 noslent/nbpower-ha usage.py `_normalize_row` reads `Consumption` there);
- otherwise `Consumption` is the usage when present, then `UsageValue` (P7 dnlbck/ha-nbpower
  api.py `parse_usage_rows`; P8 reads them in the other order, both hold the same value),
  and the cost is `ValueCost` (the Tango schema) or `Amount` (P7).
An empty value (`"Consumption": ""`, P7 tests/conftest.py `_daily_window`) is a missing
reading, never zero.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
import math
import zoneinfo

from .dates import parse_date, parse_datetime, parse_time, possible_dates, shown_order
from .errors import SewResponseError
from .locale import Locale
from .models import (
    Account,
    Direction,
    Meter,
    Resolution,
    UsageReading,
    UsageSeries,
    UsageStatus,
)
from .values import Row, field, parse_id, parse_number, parse_text, show


@dataclass(frozen=True, slots=True)
class UsageQuery:
    """What one GetUsageGeneration call asks, which decides how its rows read."""

    resolution: Resolution
    day: date
    money: bool = False
    generation: bool = False
    net: bool = False
    # The length of one interval row: an hour for `H`, 15 minutes for `MI`.
    interval: timedelta = timedelta(hours=1)


def parse_usage(
    rows: list[Row],
    query: UsageQuery,
    *,
    zone: zoneinfo.ZoneInfo,
    meter_number: str,
    unit: str,
    locale: Locale,
) -> UsageSeries:
    """Build the series a call's rows hold for the period asked.

    Rows of another meter are dropped. Interval rows of another day are dropped: a portal
    answers a day it has not published with its latest published day's rows (P7 api.py
    `get_interval_usage`), which makes the series `NOT_PUBLISHED`, not zero. On the day
    clocks fall back the repeated local hour is told apart by its order.
    """
    readings: dict[tuple[datetime, Direction], UsageReading] = {}
    seen: Counter[tuple[datetime, Direction]] = Counter()
    days: set[date] = set()
    other_period = False
    for row in rows:
        other_meter = parse_id(field(row, "MeterNumber"))
        if meter_number and other_meter and other_meter != meter_number:
            continue
        value, cost = _values(row, query, locale)
        direction = _direction(query, value)
        try:
            timing = _timing(
                row, query, zone=zone, locale=locale, direction=direction, seen=seen
            )
        except OverflowError:
            raise SewResponseError("A usage row's date is out of range") from None
        if timing is None:
            other_period = True
            continue
        if value is None:
            continue
        start, duration, day = timing
        if direction is not Direction.IMPORT:
            value, cost = abs(value), None if cost is None else abs(cost)
        status = parse_text(field(row, "ValidationStatus")) or ""
        readings[start, direction] = UsageReading(
            start=start,
            duration=duration,
            value=value,
            unit=unit,
            cost=cost,
            direction=direction,
            estimated="estimat" in status.casefold(),
        )
        days.add(day)
    if readings:
        ordered = sorted(readings.values(), key=lambda r: (r.start, r.direction))
        return UsageSeries(UsageStatus.ROWS, tuple(ordered), tuple(sorted(days)))
    return UsageSeries(
        UsageStatus.NOT_PUBLISHED if other_period else UsageStatus.NO_RECORDS
    )


def parse_meter_usage(
    rows: list[Row], query: UsageQuery, account: Account, meter: Meter, locale: Locale
) -> UsageSeries:
    """Build the series a call's rows hold for one meter of an account."""
    return parse_usage(
        rows,
        query,
        zone=account.time_zone,
        meter_number=meter.meter_number,
        unit=meter.unit,
        locale=locale,
    )


def merge_series(*parts: UsageSeries) -> UsageSeries:
    """Return the series several calls gave for one period, as one."""
    readings = tuple(
        sorted(
            (reading for part in parts for reading in part.readings),
            key=lambda r: (r.start, r.direction),
        )
    )
    if readings:
        days = sorted({day for part in parts for day in part.days})
        return UsageSeries(UsageStatus.ROWS, readings, tuple(days))
    if any(part.status is UsageStatus.NOT_PUBLISHED for part in parts):
        return UsageSeries(UsageStatus.NOT_PUBLISHED)
    return UsageSeries(UsageStatus.NO_RECORDS)


def _values(
    row: Row, query: UsageQuery, locale: Locale
) -> tuple[float | None, float | None]:
    """Return a row's usage and cost."""
    number_format = locale.number_format
    if query.money:
        return (
            parse_number(field(row, "value", "Consumption"), number_format),
            parse_number(field(row, "UsageValue", "Amount"), number_format),
        )
    return (
        parse_number(field(row, "Consumption", "UsageValue"), number_format),
        parse_number(field(row, "ValueCost", "Amount"), number_format),
    )


def _direction(query: UsageQuery, value: float | None) -> Direction:
    """Return which way a row's value flowed.

    Net usage answers carry exports as negative values (P1 emanuelbesliu/homeassistant-ihidro
    api.py:487-490 "Valori negative indică surplus de producție").
    """
    if query.generation:
        return Direction.GENERATION
    # "-0" is an export of nothing, not an import: the sign says which way.
    if query.net and value is not None and math.copysign(1.0, value) < 0:
        return Direction.EXPORT
    return Direction.IMPORT


def _timing(
    row: Row,
    query: UsageQuery,
    *,
    zone: zoneinfo.ZoneInfo,
    locale: Locale,
    direction: Direction,
    seen: Counter[tuple[datetime, Direction]],
) -> tuple[datetime, timedelta, date] | None:
    """Return a row's UTC start, length and local day; None when outside the period."""
    if query.resolution is Resolution.BILLING:
        first, last = _billing_period(row, locale)
        return None if first > query.day else (*_span(first, last, zone), first)
    if query.resolution is Resolution.DAY:
        row_day = _row_date(row, locale)
        if row_day is None:
            raise SewResponseError("A daily usage row has no date")
        return (*_span(row_day, row_day, zone), row_day)
    # ACWD's hourly rows carry only the hour (`../shared/realworld/sew/
    # acwd-web-LoadWaterUsage-hourly-2025-12-09.json`): they are the day asked for. A date
    # that reads as the day asked in either order is that day.
    if not _on_day(row, query.day, locale):
        return None
    row_day = query.day
    naive = datetime.combine(row_day, _row_time(row))
    fold = min(seen[naive, direction], 1)
    seen[naive, direction] += 1
    start = naive.replace(tzinfo=zone, fold=fold).astimezone(UTC)
    return start, query.interval, row_day


def _row_date(row: Row, locale: Locale) -> date | None:
    """Return a row's local date: `Year`/`Month`/`Day` (the Tango schema), or `UsageDate`.

    The numbers come first: they cannot be read in the wrong order.
    """
    year, month, mday = (
        parse_number(field(row, name)) for name in ("Year", "Month", "Day")
    )
    if year is not None and month is not None and mday is not None:
        try:
            return date(int(year), int(month), int(mday))
        except ValueError:
            raise SewResponseError(
                f"Invalid date {show(year)}-{show(month)}-{show(mday)}"
            ) from None
    return parse_date(field(row, "UsageDate", "Date"), locale.date_order)


def _on_day(row: Row, day: date, locale: Locale) -> bool:
    """Tell whether an interval row belongs to a day (rows without a date always do)."""
    if all(field(row, name) is not None for name in ("Year", "Month", "Day")):
        return _row_date(row, locale) == day
    stamp = field(row, "UsageDate", "Date")
    readings = possible_dates(stamp, locale.date_order)
    return not readings or day in readings


def _row_time(row: Row) -> time:
    """Return an interval row's local start.

    `Hourly` (`12:00 AM`, `13:15`) or `Hour`, plus `Minute` for 15-minute rows (P9
    funkadelic/ha-acwd statistics.py:238-243).
    """
    start = parse_time(field(row, "Hourly", "Hour", "UsageTime"))
    if start is None:
        # Only a `UsageDate` that names a time of day places the row in the day.
        stamp = field(row, "UsageDate")
        moment = parse_datetime(stamp) if ":" in str(stamp or "") else None
        if moment is None:
            raise SewResponseError("An interval row has no hour")
        start = moment.time()
    minute = parse_number(field(row, "Minute"))
    if (
        minute is not None
        and start.minute == 0
        and 0 < minute < 60
        and minute.is_integer()
    ):
        start = start.replace(minute=int(minute))
    return start


def _billing_period(row: Row, locale: Locale) -> tuple[date, date]:
    """Return a billing-cycle row's first and last day.

    `FromDate`/`ToDate` hold the cycle while `UsageDate` is the placeholder `January 1, 0001`
    (P7 api.py `parse_usage_rows`, tests/conftest.py `_monthly_cycles`). Rows with only
    `Month`/`Year` (P2 sensor.py:160-176 lists both) stand for that calendar month.
    """
    start, end = field(row, "FromDate"), field(row, "ToDate")
    order = shown_order(end, start) or locale.date_order
    first = parse_date(start, order)
    last = parse_date(end, order)
    if first is None or last is None:
        month, year = (
            parse_number(field(row, "Month")),
            parse_number(field(row, "Year")),
        )
        if month is None or year is None or not 1 <= month <= 12:
            raise SewResponseError("A billing-cycle row has no period")
        first = date(int(year), int(month), 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if last < first:
        raise SewResponseError(
            f"Billing period ends before it starts: {first} to {last}"
        )
    return first, last


def _span(
    first: date, last: date, zone: zoneinfo.ZoneInfo
) -> tuple[datetime, timedelta]:
    """Return the UTC start and true length of the local days from `first` through `last`."""
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    return start, end - start
