"""The parsers: every format the notes list, and nothing but typed errors for anything else."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.sew_thinq.sew import (
    Direction,
    Encryption,
    Flavor,
    MeterType,
    Portal,
    Resolution,
    SewError,
    SewResponseError,
)
from custom_components.sew_thinq.sew.parsing import (
    parse_accounts,
    parse_bill_history,
    parse_bill_summary,
    parse_bool,
    parse_date,
    parse_local_datetime,
    parse_meters,
    parse_number,
    parse_projection,
    parse_text,
    parse_time,
    parse_usage,
    rows,
)
from custom_components.sew_thinq.sew.timezones import resolve_time_zone
from custom_components.sew_thinq.sew.transport import ApiTransport, MobileTransport

CHICAGO = ZoneInfo("America/Chicago")
UTC_ZONE = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/03/25", date(2025, 12, 3)),
        ("12/03/2025", date(2025, 12, 3)),
        ("December 3, 2025", date(2025, 12, 3)),
        ("Dec 3, 2025", date(2025, 12, 3)),
        ("2025-12-03", date(2025, 12, 3)),
        ("2025-12-03T00:00:00", date(2025, 12, 3)),
        ("12/3/2025 12:00:00 AM", date(2025, 12, 3)),
        ("/Date(1733184000000)/", date(2024, 12, 3)),
        ("/Date(1733205600000-0600)/", date(2024, 12, 3)),
        ("/Date(1733162400000+0600)/", date(2024, 12, 3)),
        ("January 1, 0001", None),
        ("/Date(-62135596800000)/", None),
        ("", None),
        (None, None),
    ],
)
def test_dates(text: str | None, expected: date | None) -> None:
    """Every date format the notes list, and the year-1 placeholder."""
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31/31/25", "yesterday", "/Date(99999999999999999)/", "/Date(999999999999999)/"],
)
def test_bad_dates(text: str) -> None:
    """Unknown dates are response errors."""
    with pytest.raises(SewResponseError):
        parse_local_datetime(text)
    with pytest.raises(SewResponseError, match="Expected a date"):
        parse_date(20251203)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13:00", time(13)),
        ("01:15", time(1, 15)),
        ("12:00 AM", time(0)),
        ("12:00 PM", time(12)),
        ("1:00 pm", time(13)),
        ("07:30:00 PM", time(19, 30)),
        ("3 AM", time(3)),
        ("7", time(7)),
        (7, time(7)),
        ("", None),
        (None, None),
    ],
)
def test_hours(text: Any, expected: time | None) -> None:
    """Hours as HH:MM, 12-hour clock labels and bare numbers."""
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "noon", 3.5, "99"])
def test_bad_hours(text: Any) -> None:
    """Unknown hours are response errors."""
    with pytest.raises(SewResponseError):
        parse_time(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1.0),
        (1.5, 1.5),
        ("1,234.50", 1234.5),
        ("$12.00", 12.0),
        ("(3.20)", -3.2),
        ("-0.5", -0.5),
        ("", None),
        ("N/A", None),
        (None, None),
    ],
)
def test_numbers(value: Any, expected: float | None) -> None:
    """Numbers as numbers or strings."""
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", [True, "abc", "nan", float("inf"), [1], {"a": 1}])
def test_bad_numbers(value: Any) -> None:
    """Anything else is a response error."""
    with pytest.raises(SewResponseError):
        parse_number(value)


def test_flags_and_text() -> None:
    """Flags come as booleans, numbers and words; text as strings or numbers."""
    assert [parse_bool(v) for v in (True, 1, "1", "Y", "true", None, 0, "0", "No", "")] == [
        True, True, True, True, True, False, False, False, False, False,
    ]  # fmt: skip
    with pytest.raises(SewResponseError):
        parse_bool("maybe")
    with pytest.raises(SewResponseError):
        parse_bool([])
    assert parse_text(" abc ") == "abc"
    assert parse_text(12) == "12"
    assert parse_text("  ") is None
    with pytest.raises(SewResponseError):
        parse_text({"a": 1})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Central Standard Time", "America/Chicago"),
        ("Eastern Standard Time", "America/New_York"),
        ("(UTC-06:00) Central Time (US & Canada)", "America/Chicago"),
        ("America/Denver", "America/Denver"),
        ("CST", "America/Chicago"),
        ("Mars Standard Time", None),
        ("../../etc/passwd", None),
        ("", None),
        (-6, None),
    ],
)
def test_time_zones(name: object, expected: str | None) -> None:
    """Windows ids, display names and IANA names; anything else is unknown."""
    zone = resolve_time_zone(name)
    assert (zone.key if zone else None) == expected


def test_accounts_fall_back_to_the_configured_zone() -> None:
    """Rows without a usable zone use the configured one; duplicates collapse."""
    data = {
        "Table": [
            {"AccountNumber": "2", "IsDefaultAccount": "0", "TimeZoneId": "Nowhere"},
            {"AccountNumber": "1", "IsDefaultAccount": True, "MeterType": "E, W;PV|X"},
            {"AccountNumber": "1"},
            {"Message": "not an account"},
        ]
    }
    accounts = parse_accounts(data, CHICAGO)
    assert [a.account_number for a in accounts] == ["1", "2"]
    assert accounts[0].utility_account_number == "1"
    assert accounts[0].meter_types == (
        MeterType.ELECTRIC,
        MeterType.WATER,
        MeterType.SOLAR,
    )
    assert {a.time_zone for a in accounts} == {CHICAGO}


def test_meters() -> None:
    """Meters with flags, statuses and unknown types."""
    data = {
        "MeterDetails": [
            {"MeterNumber": "1", "MeterType": "E", "IsAMI": "1", "IsNetMetering": "0"},
            {"MeterNumber": "2", "MeterType": "w", "IsAMI": False, "Status": "0"},
            {"MeterNumber": "3", "MeterType": "Z"},
        ]
    }
    meters = parse_meters(data, "A")
    assert [(m.meter_number, m.meter_type, m.is_ami, m.active, m.net_metered, m.unit) for m in meters] == [
        ("1", MeterType.ELECTRIC, True, True, False, "kWh"),
        ("2", MeterType.WATER, False, False, False, "gal"),
    ]  # fmt: skip
    with pytest.raises(SewResponseError, match="lacks MeterNumber"):
        parse_meters({"MeterDetails": [{"MeterType": "E"}]}, "A")


def usage(data: Any, resolution: Resolution, day: date, **kwargs: Any) -> list[Any]:
    """Parse usage for meter M1 in Chicago."""
    return parse_usage(
        data,
        resolution=resolution,
        day=day,
        zone=CHICAGO,
        meter_number="M1",
        unit="kWh",
        **kwargs,
    )


def test_usage_rows_of_other_meters_and_days_are_dropped() -> None:
    """Only the asked-for meter and day survive; duplicates do not double count."""
    rows_ = [
        {"UsageDate": "11/03/25", "Hourly": "01:00 AM", "UsageValue": "1.5", "MeterNumber": "M1"},
        {"UsageDate": "11/03/25", "Hourly": "01:00 AM", "UsageValue": "1.5", "MeterNumber": "M1"},
        {"UsageDate": "11/03/25", "Hourly": "02:00", "UsageValue": "9", "MeterNumber": "M2"},
        {"UsageDate": "11/02/25", "Hourly": "02:00", "UsageValue": "9"},
        {"UsageDate": "11/03/25", "Hourly": "03:00", "UsageValue": None},
        {"Year": "2025", "Month": "11", "Day": "3", "Hourly": "04:00", "UsageValue": -2, "ValidationStatus": "ESTIMATED"},
    ]  # fmt: skip
    readings = usage(
        {"objUsageGenerationResultSetTwo": rows_}, Resolution.HOUR, date(2025, 11, 3)
    )
    assert [(r.start.astimezone(CHICAGO).hour, r.value, r.direction, r.estimated) for r in readings] == [
        (1, 1.5, Direction.IMPORT, False),
        (4, 2.0, Direction.EXPORT, True),
    ]  # fmt: skip


def test_fall_back_hour_and_quarters() -> None:
    """The repeated hour is told apart by order; minutes come from `Minute` or the label."""
    day = date(2025, 11, 2)
    rows_ = [
        {"UsageDate": "11/02/25", "Hourly": "01:00", "Minute": "15", "UsageValue": 1},
        {"UsageDate": "11/02/25", "Hourly": "01:15 AM", "UsageValue": 2},
        {"UsageDate": "/Date(1762041600000)/", "Hourly": "01:30", "UsageValue": 3},
    ]
    readings = usage(rows_, Resolution.QUARTER_HOUR, day)
    assert [r.start for r in readings] == [
        datetime(2025, 11, 2, 6, 15, tzinfo=UTC),
        datetime(2025, 11, 2, 6, 30, tzinfo=UTC),
        datetime(2025, 11, 2, 7, 15, tzinfo=UTC),
    ]
    assert {r.duration for r in readings} == {timedelta(minutes=15)}


def test_interval_times_from_the_date_field() -> None:
    """Rows carrying the time in `UsageDate` itself."""
    readings = usage(
        [{"UsageDate": "2025-10-01T13:00:00", "UsageValue": 1}],
        Resolution.HOUR,
        date(2025, 10, 1),
    )
    assert readings[0].start == datetime(2025, 10, 1, 18, tzinfo=UTC)
    with pytest.raises(SewResponseError, match="no hour"):
        usage(
            [{"Year": 2025, "Month": 10, "Day": 1, "UsageValue": 1}],
            Resolution.HOUR,
            date(2025, 10, 1),
        )
    with pytest.raises(SewResponseError, match="no date"):
        usage([{"UsageValue": 1}], Resolution.DAY, date(2025, 10, 1))
    with pytest.raises(SewResponseError, match="Invalid date"):
        usage(
            [{"Year": 2025, "Month": 13, "Day": 1, "UsageValue": 1}],
            Resolution.DAY,
            date(2025, 10, 1),
        )


def test_billing_rows() -> None:
    """Cycles from FromDate/ToDate or BillPeriod; later cycles dropped; bad periods refused."""
    rows_ = [
        {"UsageDate": "January 1, 0001", "FromDate": "09/01/25", "ToDate": "09/30/25", "UsageValue": 1},
        {"UsageDate": "January 1, 0001", "BillPeriod": "10/01/25 to 10/31/25", "UsageValue": 2, "ValueCost": "$0.30"},
        {"BillPeriod": "11/01/25 - 11/30/25", "UsageValue": 3},
    ]  # fmt: skip
    readings = usage(rows_, Resolution.BILLING, date(2025, 10, 31))
    assert [(r.start, r.duration, r.cost) for r in readings] == [
        (datetime(2025, 9, 1, 5, tzinfo=UTC), timedelta(days=30), None),
        (datetime(2025, 10, 1, 5, tzinfo=UTC), timedelta(days=31), 0.3),
    ]
    with pytest.raises(SewResponseError, match="no period"):
        usage(
            [{"UsageValue": 1, "BillPeriod": "soon"}],
            Resolution.BILLING,
            date(2025, 1, 1),
        )
    with pytest.raises(SewResponseError, match="ends before"):
        usage(
            [{"UsageValue": 1, "FromDate": "2/1/2025", "ToDate": "1/1/2025"}],
            Resolution.BILLING,
            date(2025, 3, 1),
        )


def test_projection_and_bills() -> None:
    """Projection and bill rows, empty answers included."""
    assert parse_projection({}, "gal").projected_cost is None
    projection = parse_projection(
        {"getTentativeData": [{"SoFar": "10", "SoFarDollar": 1.5, "ExpectedUsage": "30", "ProjectedBill": "4.5", "UsageCycle": "11/01/25 to 11/30/25"}]},
        "gal",
    )  # fmt: skip
    assert (
        projection.usage_so_far,
        projection.projected_cost,
        projection.cycle_end,
    ) == (
        10.0,
        4.5,
        date(2025, 11, 30),
    )
    history = parse_bill_history(
        {"objBillingHistoryEntity": [
            {"amount": "10", "invoiceDate": "01/05/2025"},
            {"amount": None},
            {"amount": 20, "invoiceDate": "/Date(1738713600000)/", "dueDate": "February 26, 2025", "invoiceNumber": 7},
        ]}
    )  # fmt: skip
    assert [(b.amount, b.invoice_number) for b in history] == [
        (20.0, "7"),
        (10.0, None),
    ]
    summary = parse_bill_summary({}, history)
    assert summary.amount_due is None
    assert summary.last_bills == history


def test_rows_shapes() -> None:
    """Rows from lists, named lists, single objects; anything else is refused."""
    assert rows([{"a": 1}]) == [{"a": 1}]
    assert rows({"Table": [{"a": 1}]}) == [{"a": 1}]
    assert rows({"a": 1}) == [{"a": 1}]
    assert rows({"Other": []}) == []
    assert rows({}) == []
    with pytest.raises(SewResponseError):
        rows("text")
    with pytest.raises(SewResponseError):
        rows([1, 2])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
FIELD_NAMES = st.sampled_from(
    [
        "UsageDate", "Hourly", "Minute", "UsageValue", "ValueCost", "UsageType", "MeterNumber",
        "ValidationStatus", "FromDate", "ToDate", "BillPeriod", "Year", "Month", "Day",
        "AccountNumber", "TimeZoneId", "IsDefaultAccount", "MeterType", "IsAMI", "Status",
        "SoFar", "UsageCycle", "amount", "invoiceDate", "billamount", "duedate", "STATUS",
    ]
)  # fmt: skip
FIELD_VALUES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=25) | st.sampled_from(
    ["11/03/25", "November 3, 2025", "/Date(1762128000000)/", "12:00 AM", "13:00", "Eusage", "1", "0", "M1", "E", "PV", "01/01/25 to 01/31/25", "January 1, 0001"]
)  # fmt: skip
ROWS = st.lists(st.dictionaries(FIELD_NAMES, FIELD_VALUES, max_size=8), max_size=5)
ANSWERS = (
    JSON
    | ROWS
    | ROWS.map(
        lambda r: {"objUsageGenerationResultSetTwo": r, "Table": r, "MeterDetails": r}
    )
)


@settings(max_examples=150, deadline=None)
@given(data=ANSWERS, resolution=st.sampled_from(Resolution), generation=st.booleans())
def test_parsers_raise_only_typed_errors(
    data: Any, resolution: Resolution, generation: bool
) -> None:
    """Arbitrary answers give records or the library's typed errors, nothing else."""
    try:
        readings = usage(data, resolution, date(2025, 11, 3), generation=generation)
    except SewError:
        readings = []
    for reading in readings:
        assert reading.start.tzinfo is UTC
        assert reading.direction is Direction.IMPORT or reading.value >= 0
    for parse in (
        lambda: parse_accounts(data, UTC_ZONE),
        lambda: parse_meters(data, "A"),
        lambda: parse_projection(data, "kWh"),
        lambda: parse_bill_summary(data, parse_bill_history(data)),
        lambda: MobileTransport.check(data),
        lambda: ApiTransport.unwrap(data),
        lambda: MobileTransport(
            None, Portal("x", Flavor.MOBILE, Encryption.IOS), 1
        ).decode(data),  # type: ignore[arg-type]
    ):
        with contextlib.suppress(SewError):
            parse()


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=40)
    | st.from_regex(r"/Date\(-?\d{1,16}([+-]\d{4})?\)/", fullmatch=True)
)
def test_scalar_parsers_raise_only_typed_errors(text: str) -> None:
    """Arbitrary strings give values or typed errors."""
    for parse in (parse_date, parse_time, parse_number, parse_bool, resolve_time_zone):
        try:
            parsed = parse(text)
        except SewError:
            continue
        assert parsed is None or not isinstance(parsed, str)
    decoder = MobileTransport(None, Portal("x", Flavor.MOBILE, Encryption.ANDROID), 1)  # type: ignore[arg-type]
    with contextlib.suppress(SewError):
        decoder.decode({"d": text})


def test_days_outside_the_window_and_out_of_range() -> None:
    """Daily rows outside the 30 days are dropped; dates at the end of time are refused."""
    rows_ = [
        {"UsageDate": "10/01/25", "UsageValue": 1},
        {"UsageDate": "11/03/25", "UsageValue": 2},
        {"UsageDate": "11/04/25", "UsageValue": 3},
    ]
    assert [r.value for r in usage(rows_, Resolution.DAY, date(2025, 11, 3))] == [2.0]
    with pytest.raises(SewResponseError, match="out of range"):
        usage([{"UsageDate": "12/31/9999", "UsageValue": 1}], Resolution.DAY, date.max)


@pytest.mark.parametrize("text", ["²", "٣", "१२"])
def test_non_ascii_digits_are_not_hours(text: str) -> None:
    """Digits of other scripts (found by hypothesis) are refused, not crashed on."""
    with pytest.raises(SewResponseError):
        parse_time(text)
