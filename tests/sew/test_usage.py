"""Usage rows into a typed series: fields by the request, empty never zero."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.sew_thinq.sew import (
    DateOrder,
    Direction,
    Locale,
    NumberFormat,
    Resolution,
    SewResponseError,
    UsageStatus,
)
from custom_components.sew_thinq.sew.usage import UsageQuery, parse_usage

BUCHAREST = ZoneInfo("Europe/Bucharest")
MONCTON = ZoneInfo("America/Moncton")
CHICAGO = ZoneInfo("America/Chicago")
RO = Locale(NumberFormat.DECIMAL_COMMA, DateOrder.DAY_FIRST, "RO", "Europe/Bucharest")
CA = Locale(NumberFormat.DECIMAL_POINT, DateOrder.MONTH_FIRST, "EN", "America/Moncton")
QUARTER = timedelta(minutes=15)


def series(
    rows: list[dict[str, Any]],
    query: UsageQuery,
    *,
    zone: ZoneInfo = MONCTON,
    locale: Locale = CA,
    meter: str = "MTR001",
) -> Any:
    """Parse rows for a meter."""
    return parse_usage(
        rows, query, zone=zone, meter_number=meter, unit="kWh", locale=locale
    )


def test_money_type_reads_value_as_usage() -> None:
    """With `Type` "D", `UsageValue` is the money and `value` the kWh.

    (cnecrea/ hidroelectrica sensor.py:1521-1525); decimal-comma text reads as
    245.67, not 24567.
    """
    rows = [
        # Row fields as P2 lists them (sensor.py:160-176); values invented.
        {
            "Month": 4,
            "Year": 2025,
            "UsageDate": "",
            "UsageValue": "245,67",
            "value": 120,
            "BillingDays": 30,
            "FromDate": "04/15/2025 00:00:00",
            "ToDate": "05/14/2025 00:00:00",
        },
        {"Month": 5, "Year": 2025, "UsageValue": "1.234,56", "value": "610,5"},
    ]
    query = UsageQuery(Resolution.BILLING, date(2025, 6, 1), money=True)
    result = series(rows, query, zone=BUCHAREST, locale=RO, meter="")
    assert result.status is UsageStatus.ROWS
    april, may = result.readings
    assert (april.value, april.cost) == (120.0, 245.67)
    assert april.start == datetime(2025, 4, 15, tzinfo=BUCHAREST).astimezone(UTC)
    assert april.duration == timedelta(days=30)
    # Without FromDate/ToDate the row is its calendar month.
    assert (may.value, may.cost) == (610.5, 1234.56)
    assert may.start == datetime(2025, 5, 1, tzinfo=BUCHAREST).astimezone(UTC)
    assert may.duration == timedelta(days=31)
    assert result.days == (date(2025, 4, 15), date(2025, 5, 1))


def test_billing_cycles_use_from_and_to_dates() -> None:
    """Billing cycles run from `FromDate` to `ToDate`.

    NB Power's cycles: `UsageDate` is the placeholder, `FromDate`/`ToDate` the cycle,
    `Consumption`/`Amount` the values (dnlbck/ha-nbpower tests/test_parsing.py
    `test_monthly_cycle_rows_use_fromdate_not_placeholder`). Cycles after the day asked
    for are left out.
    """
    rows = [
        {
            "UsageDate": "January 1, 0001",
            "FromDate": "July 27, 2026",
            "ToDate": "August 26, 2026",
            "Consumption": 1774.0,
            "Amount": 281.0,
            "BillingDays": 31,
        },
        {
            "UsageDate": "January 1, 0001",
            "FromDate": "August 27, 2026",
            "ToDate": "September 26, 2026",
            "Consumption": 1500.0,
            "Amount": 237.0,
        },
    ]
    result = series(rows, UsageQuery(Resolution.BILLING, date(2026, 8, 26)))
    (cycle,) = result.readings
    assert (cycle.value, cycle.cost) == (1774.0, 281.0)
    assert cycle.start == datetime(2026, 7, 27, tzinfo=MONCTON).astimezone(UTC)
    assert cycle.duration == timedelta(days=31)


def test_daily_window_whatever_was_asked() -> None:
    """A daily answer covers the portal's own window.

    `Mode` D answers a fixed trailing window whatever dates are asked; a day with an
    empty `Consumption` is missing, not zero; the last days are `Estimated` (dnlbck/
    ha-nbpower tests/conftest.py `_daily_window`).
    """
    rows = [
        {
            "UsageDate": "September 1, 2026",
            "Consumption": 21.5,
            "Amount": 3.4,
            "ValidationStatus": "Validated",
        },
        {"UsageDate": "September 2, 2026", "Consumption": "", "Amount": 0.0},
        {
            "UsageDate": "September 3, 2026",
            "Consumption": 18.25,
            "Amount": 2.88,
            "ValidationStatus": "Estimated",
        },
    ]
    result = series(rows, UsageQuery(Resolution.DAY, date(2025, 1, 31)))
    assert result.status is UsageStatus.ROWS
    assert result.days == (date(2026, 9, 1), date(2026, 9, 3))
    first, third = result.readings
    assert (first.value, first.cost, first.estimated) == (21.5, 3.4, False)
    assert (third.value, third.estimated) == (18.25, True)
    assert first.duration == timedelta(days=1)


def quarter_hours(day: date, skip: range = range(0)) -> list[dict[str, Any]]:
    """Return NB Power's 96 `MI` rows of a day.

    (dnlbck/ha-nbpower tests/conftest.py `_interval_rows`): `Hourly` "HH:MM",
    `Consumption` and `UsageValue` alike.
    """
    return [
        {
            "UsageDate": f"{day:%B} {day.day}, {day.year}",
            "Hourly": f"{quarter // 4:02d}:{quarter % 4 * 15:02d}",
            "Consumption": 0.25,
            "UsageValue": 0.25,
            "ValidationStatus": "Validated",
        }
        for quarter in range(96)
        if quarter // 4 not in skip
    ]


def test_quarter_hours() -> None:
    """96 quarter-hours make a day of 24 kWh at 0.25 each."""
    day = date(2026, 9, 20)
    query = UsageQuery(Resolution.HOUR, day, interval=QUARTER)
    result = series(quarter_hours(day), query)
    assert len(result.readings) == 96
    assert sum(r.value for r in result.readings) == pytest.approx(24.0)
    assert result.readings[1].start - result.readings[0].start == QUARTER
    assert result.readings[0].duration == QUARTER
    assert result.readings[0].start == datetime(2026, 9, 20, tzinfo=MONCTON).astimezone(
        UTC
    )


def test_partial_day() -> None:
    """Days publish in blocks: 64 of 96 quarter-hours is what there is.

    (tests/conftest.py `partial_day`), not a day with zeros.
    """
    day = date(2026, 9, 20)
    result = series(
        quarter_hours(day, skip=range(8, 16)),
        UsageQuery(Resolution.HOUR, day, interval=QUARTER),
    )
    assert len(result.readings) == 64


def test_unpublished_day_answers_the_latest() -> None:
    """An unpublished day is `NOT_PUBLISHED`, never zero.

    An unpublished day answers the latest published day's rows: filtered out, the day
    is `NOT_PUBLISHED`, never zero (dnlbck/ha-nbpower api.py `get_interval_usage`).
    """
    today = date(2026, 9, 21)
    result = series(
        quarter_hours(today - timedelta(days=1)),
        UsageQuery(Resolution.HOUR, today, interval=QUARTER),
    )
    assert result.status is UsageStatus.NOT_PUBLISHED
    assert not result.has_rows
    assert result.readings == ()


@pytest.mark.parametrize(
    "rows",
    [[], [{"UsageDate": "September 1, 2026", "Consumption": None}]],
)
def test_nothing_is_no_records(rows: list[dict[str, Any]]) -> None:
    """An empty table, or rows without values, is `NO_RECORDS`: no readings at all."""
    result = series(rows, UsageQuery(Resolution.DAY, date(2026, 9, 1)))
    assert result.status is UsageStatus.NO_RECORDS
    assert result.readings == ()


def test_zero_is_a_reading() -> None:
    """A real zero is a reading of zero: distinguishable from no rows."""
    rows = [{"UsageDate": "September 1, 2026", "Consumption": 0, "Amount": 0}]
    result = series(rows, UsageQuery(Resolution.DAY, date(2026, 9, 1)))
    assert result.has_rows
    assert result.readings[0].value == 0.0


def test_undated_hourly_rows_are_the_day_asked() -> None:
    """ACWD's hourly rows carry only `Hourly` (`12:00 AM`..`11:00 PM`)."""
    day = date(2025, 12, 9)
    rows = [
        {"Hourly": "12:00 AM", "UsageValue": 2.17},
        {"Hourly": "1:00 PM", "UsageValue": 58.87},
    ]
    result = series(rows, UsageQuery(Resolution.HOUR, day), meter="230057301")
    assert [r.start.astimezone(MONCTON).hour for r in result.readings] == [0, 13]
    assert result.readings[0].duration == timedelta(hours=1)


def test_fall_back_hour_twice() -> None:
    """On the day clocks fall back, the repeated hour gives two distinct readings."""
    day = date(2025, 11, 2)
    labels = ["12:00 AM", "1:00 AM", "1:00 AM", *(f"{h}:00 AM" for h in range(2, 12))]
    labels += ["12:00 PM", *(f"{h}:00 PM" for h in range(1, 12))]
    rows = [{"Hourly": label, "UsageValue": 1.0} for label in labels]
    result = series(rows, UsageQuery(Resolution.HOUR, day), zone=CHICAGO)
    assert len(result.readings) == 25
    starts = [r.start for r in result.readings]
    assert len(set(starts)) == 25
    assert starts[2] - starts[1] == timedelta(hours=1)


def test_rows_of_other_meters_are_dropped() -> None:
    """A row naming another meter is not this meter's."""
    rows = [
        {"UsageDate": "2026-09-01", "MeterNumber": "OTHER", "UsageValue": 9},
        {"UsageDate": "2026-09-01", "MeterNumber": "MTR001", "UsageValue": 1},
    ]
    result = series(rows, UsageQuery(Resolution.DAY, date(2026, 9, 1)))
    assert [r.value for r in result.readings] == [1.0]


def test_net_usage_exports_and_generation() -> None:
    """Net usage sends exports negative.

    (emanuelbesliu/homeassistant-ihidro api.py:487-490): magnitudes with their
    direction. Generation is its own direction.
    """
    rows = [
        {"UsageDate": "2026-09-01", "UsageValue": -1.5, "ValueCost": -0.08},
        {"UsageDate": "2026-09-02", "UsageValue": 2.0, "ValueCost": 0.3},
        {"UsageDate": "2026-09-02", "UsageValue": "-0", "ValueCost": "-0"},
    ]
    net = series(rows, UsageQuery(Resolution.DAY, date(2026, 9, 2), net=True))
    assert [(r.direction, r.value, r.cost) for r in net.readings] == [
        (Direction.EXPORT, 1.5, 0.08),
        (Direction.EXPORT, 0.0, 0.0),
        (Direction.IMPORT, 2.0, 0.3),
    ]
    made = series(
        rows[1:], UsageQuery(Resolution.DAY, date(2026, 9, 2), generation=True)
    )
    assert made.readings[0].direction is Direction.GENERATION
    plain = series(rows[:1], UsageQuery(Resolution.DAY, date(2026, 9, 1)))
    assert plain.readings[0].direction is Direction.IMPORT
    assert plain.readings[0].value == -1.5


def test_tango_typed_rows() -> None:
    """Rows with `Year`/`Month`/`Day` and `Minute` ints (the Tango schema)."""
    rows = [
        {
            "Year": 2026,
            "Month": 9,
            "Day": 1,
            "Hourly": "1:00 AM",
            "Minute": 30,
            "UsageValue": 0.4,
            "ValueCost": 0.05,
        },
    ]
    result = series(
        rows, UsageQuery(Resolution.QUARTER_HOUR, date(2026, 9, 1), interval=QUARTER)
    )
    assert result.readings[0].start == datetime(
        2026, 9, 1, 1, 30, tzinfo=MONCTON
    ).astimezone(UTC)


def test_interval_time_from_the_usage_date() -> None:
    """An interval row without an hour label may carry the time in `UsageDate`."""
    rows = [{"UsageDate": "09/01/2026 13:00:00", "UsageValue": 1}]
    result = series(rows, UsageQuery(Resolution.HOUR, date(2026, 9, 1)))
    assert result.readings[0].start.astimezone(MONCTON).hour == 13


@pytest.mark.parametrize(
    ("row", "resolution", "message"),
    [
        ({"UsageValue": 1}, Resolution.DAY, "no date"),
        ({"UsageValue": 1}, Resolution.BILLING, "no period"),
        (
            {"FromDate": "2026-09-02", "ToDate": "2026-09-01", "UsageValue": 1},
            Resolution.BILLING,
            "ends before",
        ),
        (
            {"Year": 2026, "Month": 13, "Day": 1, "UsageValue": 1},
            Resolution.DAY,
            "Invalid date",
        ),
        ({"UsageDate": "2026-09-01", "UsageValue": 1}, Resolution.HOUR, "no hour"),
        ({"UsageDate": "9999-12-31", "UsageValue": 1}, Resolution.DAY, "out of range"),
    ],
)
def test_bad_rows(row: dict[str, Any], resolution: Resolution, message: str) -> None:
    """Rows that cannot be placed are response errors."""
    with pytest.raises(SewResponseError, match=message):
        series([row], UsageQuery(resolution, date(2026, 9, 1)))
