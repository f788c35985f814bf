"""Alliant's `Electric` rows into a typed series.

What the rows hold (keys of /work/research/cx.md):
- MO: `readingFrom`/`readingTo` (ISO, `Z` or an offset, AL1 client.py:260; DR), `amount`
  (USD of the billing period), `consumption` (kWh, negative in net-export months, AL2
  client.py:426-427). `readingTo` is the read date the next period starts on (AL2 uses it
  as the current period's start). A row without a real period is a placeholder and the
  zero-length row after a bill repeats the closed period's amount (AL3 `collect`): both
  are skipped, so that no period counts twice.
- DA/HH: `readDate`, `consumption` (AL3). HH is hourly and "labels each interval by the hour
  it ends: 01:00 is midnight->1am, and 24:00 is written as 00:00 on the *same* date";
  "`readDate` carries a nonsense `+01:00` offset. The values are really local wall time";
  repeats on re-read days are "byte-identical" and "last-wins is right; summing them
  double-counts" (AL3). Repeats are recognised as an identical row right after its original
  (so the repeated wall hour of the day clocks fall back, which differs in value, stays
  two hours); a second label otherwise is the later occurrence of that wall time.
- `amount` on DA/HH rows is read as the cost where a row carries one (Alectra's HH rows do,
  AE 56266297964; Alliant's are not shown with one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
import math
import re
import zoneinfo

from .errors import SewResponseError
from .models import Direction, Resolution, UsageReading, UsageSeries, UsageStatus
from .usage import UsageQuery
from .values import Row, field, parse_id, parse_number, show

_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
HOUR = timedelta(hours=1)


def _wall(value: object) -> tuple[date, int] | None:
    """Return a stamp's local date and hour, its offset ignored; None for a placeholder."""
    if not isinstance(value, str) or not (match := _STAMP.match(value.strip())):
        if value in (None, ""):
            return None
        raise SewResponseError(f"Unrecognised usage date {show(value)}")
    year, month, mday = (int(match.group(i)) for i in (1, 2, 3))
    if year <= 1:
        return None
    try:
        return date(year, month, mday), int(match.group(4) or 0)
    except ValueError:
        raise SewResponseError(f"Invalid usage date {show(value)}") from None


def _local(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(UTC)


def _reading(
    start: datetime,
    duration: timedelta,
    value: float,
    cost: float | None,
    *,
    unit: str,
    net: bool,
) -> list[UsageReading]:
    """Return a row's readings: an export where a net meter's value is negative.

    A net billing period's amount stays a cost: it is the bill, not a credit.
    """
    if net and math.copysign(1.0, value) < 0:
        export = UsageReading(
            start, duration, abs(value), unit, None, Direction.EXPORT, False
        )
        if cost is None:
            return [export]
        charge = UsageReading(start, duration, 0.0, unit, cost, Direction.IMPORT, False)
        return [charge, export]
    return [UsageReading(start, duration, value, unit, cost, Direction.IMPORT, False)]


def parse_electric(
    rows: list[Row],
    query: UsageQuery,
    *,
    zone: zoneinfo.ZoneInfo,
    meter_number: str,
    unit: str,
) -> UsageSeries:
    """Build the series of the period asked from Electric rows."""
    rows = [
        row
        for row in rows
        if not (other := parse_id(field(row, "meterNumber"))) or other == meter_number
    ]
    if query.resolution is Resolution.BILLING:
        intervals = _periods(rows, query, zone)
    elif query.resolution is Resolution.DAY:
        intervals = _days(rows, query, zone)
    else:
        intervals = _hours(rows, query, zone)
    readings: list[UsageReading] = []
    days: set[date] = set()
    for row, value, start, duration, day in intervals:
        cost = parse_number(field(row, "amount"))
        readings += _reading(start, duration, value, cost, unit=unit, net=query.net)
        days.add(day)
    if readings:
        ordered = sorted(readings, key=lambda r: (r.start, r.direction))
        return UsageSeries(UsageStatus.ROWS, tuple(ordered), tuple(sorted(days)))
    if rows:
        return UsageSeries(UsageStatus.NOT_PUBLISHED)
    return UsageSeries(UsageStatus.NO_RECORDS)


# A row that counts: the row, its consumption, its UTC start, its length and local day.
type _Interval = tuple[Row, float, datetime, timedelta, date]


def _periods(
    rows: list[Row], query: UsageQuery, zone: zoneinfo.ZoneInfo
) -> Iterator[_Interval]:
    for row in rows:
        first, after = _wall(field(row, "readingFrom")), _wall(field(row, "readingTo"))
        value = parse_number(field(row, "consumption"))
        if first is None or after is None or value is None or after[0] <= first[0]:
            continue
        if first[0] > query.day:
            continue
        start = _local(first[0], zone)
        yield row, value, start, _local(after[0], zone) - start, first[0]


def _days(
    rows: list[Row], query: UsageQuery, zone: zoneinfo.ZoneInfo
) -> Iterator[_Interval]:
    days: set[date] = set()
    for row in rows:
        stamp = _wall(field(row, "readDate"))
        value = parse_number(field(row, "consumption"))
        if stamp is None or value is None or stamp[0] > query.day or stamp[0] in days:
            continue
        days.add(day := stamp[0])
        start, end = _local(day, zone), _local(day + timedelta(days=1), zone)
        yield row, value, start, end - start, day


def _hours(
    rows: list[Row], query: UsageQuery, zone: zoneinfo.ZoneInfo
) -> Iterator[_Interval]:
    seen: Counter[tuple[date, int]] = Counter()
    previous: tuple[object, object] | None = None
    for row in rows:
        raw = (field(row, "readDate"), field(row, "consumption"))
        if raw == previous:
            continue  # a re-read day's repeat
        previous = raw
        stamp = _wall(raw[0])
        value = parse_number(raw[1])
        if stamp is None or value is None:
            continue
        day, label = stamp
        end_day = day + timedelta(days=1) if label == 0 else day
        fold = min(seen[stamp], 1)
        seen[stamp] += 1
        end = datetime.combine(end_day, time(label), zone).replace(fold=fold)
        start = end.astimezone(UTC) - HOUR
        if start.astimezone(zone).date() != query.day:
            continue
        yield row, value, start, HOUR, query.day
