"""CX answers the simulator does not give: literal rows, workbooks and tokens."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
import pytest

from custom_components.sew_thinq.sew import (
    Direction,
    PortalSession,
    Resolution,
    SewResponseError,
    UsageStatus,
)
from custom_components.sew_thinq.sew.cx_alliant_rows import parse_electric
from custom_components.sew_thinq.sew.cx_tokens import (
    bare_token,
    jwt_claims,
    refresh_due,
    token_session,
)
from custom_components.sew_thinq.sew.cx_transport import us_date
from custom_components.sew_thinq.sew.cx_workbook import published, read_workbook
from custom_components.sew_thinq.sew.usage import UsageQuery
from simulators.sew import make_jwt

CHICAGO = ZoneInfo("America/Chicago")
DAY = date(2025, 11, 2)  # clocks go back at 2:00 in Chicago


def _query(resolution: Resolution, day: date = DAY, *, net: bool = False) -> UsageQuery:
    return UsageQuery(resolution, day, net=net)


def _parse(rows: list[dict[str, Any]], query: UsageQuery) -> Any:
    return parse_electric(rows, query, zone=CHICAGO, meter_number="1", unit="kWh")


def test_hours_of_the_day_clocks_go_back() -> None:
    """25 labels, the repeated 01:00 two hours; a repeat right after is dropped."""
    labels = ["01", "01", *(f"{h:02d}" for h in range(2, 24)), "00"]
    rows = [
        {"readDate": f"2025-11-02T{label}:00:00+01:00", "consumption": i + 1}
        for i, label in enumerate(labels)
    ]
    rows.insert(3, dict(rows[2]))  # a re-read repeat
    rows.append({"readDate": "2025-11-03T01:00:00+01:00", "consumption": 9})
    rows.append({"readDate": None, "consumption": 1})
    series = _parse(rows, _query(Resolution.HOUR))
    assert series.status is UsageStatus.ROWS
    assert len(series.readings) == 25
    assert len({r.start for r in series.readings}) == 25
    assert series.readings[0].start == datetime(2025, 11, 2, 5, tzinfo=UTC)
    assert sum(r.value for r in series.readings) == sum(range(1, 26))


def test_net_hours_and_other_days() -> None:
    rows = [
        {"readDate": "2025-11-02T01:00:00+01:00", "consumption": -0.5, "amount": 0.1},
        {
            "readDate": "2025-11-02T02:00:00+01:00",
            "consumption": 0.5,
            "meterNumber": "2",
        },
    ]
    series = _parse(rows, _query(Resolution.HOUR, net=True))
    assert {(r.direction, r.value, r.cost) for r in series.readings} == {
        (Direction.IMPORT, 0.0, 0.1),
        (Direction.EXPORT, 0.5, None),
    }
    other = _parse(rows[:1], _query(Resolution.HOUR, DAY + timedelta(days=5)))
    assert other.status is UsageStatus.NOT_PUBLISHED
    assert _parse([], _query(Resolution.HOUR)).status is UsageStatus.NO_RECORDS


def test_billing_periods_skip_placeholders_and_repeats() -> None:
    rows = [
        {
            "readingFrom": "2025-09-05T00:00:00Z",
            "readingTo": "2025-10-05T00:00:00Z",
            "consumption": 600,
            "amount": 90.5,
        },
        {
            "readingFrom": "2025-10-05T00:00:00Z",
            "readingTo": "2025-10-05T00:00:00Z",
            "consumption": 0,
            "amount": 90.5,
        },
        {
            "readingFrom": "0001-01-01T00:00:00",
            "readingTo": "0001-01-01T00:00:00",
            "consumption": 0,
            "amount": 0,
        },
        {
            "readingFrom": "2025-12-05T00:00:00+00:00",
            "readingTo": "2026-01-05T00:00:00+00:00",
            "consumption": 1,
            "amount": 1,
        },
    ]
    series = _parse(rows, _query(Resolution.BILLING))
    assert [(r.value, r.cost) for r in series.readings] == [(600, 90.5)]
    assert series.readings[0].duration == timedelta(days=30)
    days = _parse(
        [
            {"readDate": "2025-11-01T00:00:00+01:00", "consumption": 3},
            {"readDate": "2025-11-01T00:00:00+01:00", "consumption": 3},
            {"readDate": "2025-11-09T00:00:00+01:00", "consumption": 3},
        ],
        _query(Resolution.DAY),
    )
    assert [r.value for r in days.readings] == [3]


@pytest.mark.parametrize("stamp", ["yesterday", "2025-13-01T00:00:00", 5])
def test_unreadable_dates(stamp: object) -> None:
    with pytest.raises(SewResponseError):
        _parse([{"readDate": stamp, "consumption": 1}], _query(Resolution.DAY))


def _workbook(
    rows: list[list[Any]],
    *,
    title: str = "kWH Usage Data",
    extra: bool = False,
    unit: str = "kWH",
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    header = ["Account No", "Recorder ID", "Date"]
    header += [
        f"{(i * 30 // 60) % 12 or 12}:{i * 30 % 60:02d} {'AM' if i < 24 else 'PM'} {unit}"
        for i in range(48)
    ]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if extra:
        generation = book.create_sheet("kWH Generation")
        generation.append([h.replace("kWH", "kW") for h in header])
        generation.append(["1", "2", "11/02/2025", *([0.1] * 48)])
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def test_workbook_dates_cells_and_gaps() -> None:
    data = _workbook(
        [
            ["1", "2", datetime(2025, 11, 1), *([0.5] * 48)],  # noqa: DTZ001
            ["1", "2", "11/02/2025", *([0.25] * 40), *([0] * 8)],
            ["1", "2", date(2025, 10, 31), *([None] * 48)],
            ["1", "2", None, *([1] * 48)],
            ["1", "2", "10/30/2025", "7", *([0] * 47)],
        ],
        extra=True,
    )
    book = read_workbook(data)
    days = published(book.usage)
    assert sorted(days) == [date(2025, 11, 1), date(2025, 11, 2)]
    assert len(days[date(2025, 11, 2)]) == 40  # trailing zeros: not published yet
    assert days[date(2025, 11, 1)][0] == (time(0, 0), 0.5)
    assert book.received is not None
    assert len(book.received.days[date(2025, 11, 2)]) == 48


@pytest.mark.parametrize(
    "data",
    [
        b"not a workbook",
        _workbook([["1", "2", "11/02/2025", "x", *([1] * 47)]]),
        _workbook([["1", "2", "2025-11-02", *([1] * 48)]]),
        _workbook([["1", "2", "11/02/2025", True, *([1] * 47)]]),
        _workbook([], title="kW Usage Data", unit="kW"),
    ],
    ids=["not-xlsx", "text-value", "iso-date", "flag-value", "no-kwh-sheet"],
)
def test_unreadable_workbooks(data: bytes) -> None:
    with pytest.raises(SewResponseError):
        read_workbook(data)


def test_tokens() -> None:
    access = make_jwt({"Uuid": "abc", "exp": 1})
    assert jwt_claims(access)["Uuid"] == "abc"
    assert jwt_claims("a.b") == {}
    assert jwt_claims("a.!!!.c") == {}
    assert bare_token(' "Bearer  xyz" ') == "xyz"
    now = datetime(2026, 1, 1, tzinfo=UTC)
    session = token_session({"accessToken": access, "refreshToken": "r="}, now=now)
    assert session.user_id == "abc"
    assert session.expires_at == now + timedelta(minutes=30)
    assert not refresh_due(session, now)
    assert refresh_due(session, now + timedelta(minutes=29, seconds=1))
    assert not refresh_due(PortalSession("u", "t"))
    for data in (
        None,
        {"accessToken": access},
        {"accessToken": "x", "refreshToken": "y"},
    ):
        with pytest.raises(SewResponseError):
            token_session(data)


def test_us_dates() -> None:
    assert us_date("09-24-2026") == date(2026, 9, 24)
    assert us_date("09/24/2026 00:00:00") == date(2026, 9, 24)
    assert us_date(None) is None
