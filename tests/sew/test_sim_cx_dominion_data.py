"""The `dominion` profile over HTTP: accounts, the 30-minute workbook, forecast and bills."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from typing import Any

import aiohttp
from openpyxl.worksheet.worksheet import Worksheet
import pytest

from simulators.sew import (
    DOMINION_ACCOUNT,
    DOMINION_METER,
    DOMINION_SOLAR_ACCOUNT,
    DOMINION_SOLAR_METER,
    Channel,
    browser_sign_in,
    cx_state,
)

from .conftest import PortalFactory
from .cx_dominion import Dominion, download_body

UUID = "7c3e9a14-b2d8-45f6-a0e1-c9d3b5f70a28"


@pytest.fixture
async def dominion(start_portal: PortalFactory) -> AsyncIterator[Dominion]:
    """Return the profile on 127.0.0.1 and a session keeping its cookies."""
    portal, base = await start_portal(profile="dominion")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        yield Dominion(portal, base, http)


@pytest.fixture
def token(dominion: Dominion) -> str:
    """Return an access token, as a browser sign-in would give it."""
    return browser_sign_in(dominion.portal)[0]


def rows_by_day(sheet: Worksheet) -> dict[date, list[Any]]:
    """Return a sheet's half-hours by day ("MM/DD/YYYY" text or date cells)."""
    found: dict[date, list[Any]] = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        when = row[2]
        if isinstance(when, datetime):
            day = when.date()
        else:
            month, mday, year = str(when).split("/")
            day = date(int(year), int(month), int(mday))
        found[day] = list(row[3:])
    return found


def expected_halves(
    dominion: Dominion, meter: str, day: date, channel: Channel
) -> list[Any]:
    """Return the day's published hours as the workbook should split them (by local hour)."""
    zone = dominion.portal.zone
    return [
        (r.start.astimezone(zone).hour, r.value)
        for r in dominion.portal.published_hourly(meter, day, channel)
    ]


async def test_accounts_from_the_uuid(dominion: Dominion, token: str) -> None:
    status, answer = await dominion.call(
        "GET", "/Service/api/1/FromDb/GetBpNumber", token, params={"Uuid": UUID}
    )
    assert status == 200
    number = answer["data"]["customerNumber"]
    wrong = await dominion.call(
        "GET", "/Service/api/1/FromDb/GetBpNumber", token, params={"Uuid": "someone"}
    )
    assert wrong[1]["status"]["error"] is True
    status, answer = await dominion.call(
        "GET",
        "/Service/api/1/BusinessMaster/GetBusinessMaster",
        token,
        params={"customerNumber": number, "uuid": UUID},
    )
    customer = answer["data"][0]
    assert (customer["firstName"], customer["primaryEmail"]) == (
        "Dana",
        "demo@sew-sim.example",
    )
    home, solar, closed = customer["zbpMaintRegEnroll_nav"]["results"]
    assert (home["account"], home["accountActive"], home["default"]) == (
        DOMINION_ACCOUNT,
        "Y",
        True,
    )
    assert home["serviceAddress"]["houseNum1"] == "2204"
    assert home["conDev"] == [
        {
            "device": DOMINION_METER,
            "contract": "3001457726",
            "isActive": "Y",
            "amiFlag": True,
            "netMetering": "N",
        }
    ]
    assert solar["conDev"][0]["netMetering"] == "Y"
    assert (closed["accountActive"], closed["conDev"][0]["amiFlag"]) == ("N", False)
    assert "netMetering" not in closed["conDev"][0]
    assert closed["closingDate"].endswith(" 00:00:00")


async def test_the_workbook_layout_and_window(dominion: Dominion, token: str) -> None:
    book = await dominion.workbook(
        token, download_body(first="2025-11-03", last="2025-11-04")
    )
    assert book.sheetnames == ["kWH Usage Data", "kW Usage Data"]
    usage = book.active
    assert usage is not None
    assert usage.title == "kWH Usage Data"
    header = next(usage.iter_rows(max_row=1, values_only=True))
    assert header[:4] == ("Account No", "Recorder ID", "Date", "12:00 AM kWH")
    assert header[-1] == "11:30 PM kWH"
    assert len(header) == 51
    days = rows_by_day(usage)
    yesterday = dominion.portal.today - timedelta(days=1)
    # ~68 days whatever was asked, yesterday the newest, today absent.
    assert sorted(days) == [yesterday - timedelta(days=i) for i in range(67, -1, -1)]
    first_row = next(usage.iter_rows(min_row=2, max_row=2, values_only=True))
    assert first_row[:2] == (DOMINION_ACCOUNT, DOMINION_METER)
    assert isinstance(first_row[2], str)
    for day in (yesterday, yesterday - timedelta(days=30)):
        slots = days[day]
        for hour, value in expected_halves(
            dominion, DOMINION_METER, day, Channel.IMPORT
        ):
            assert slots[2 * hour] + slots[2 * hour + 1] == pytest.approx(
                value, abs=1e-9
            )
    demand = rows_by_day(book["kW Usage Data"])
    assert demand[yesterday][0] == pytest.approx(days[yesterday][0] * 2)
    assert cx_state(dominion.portal).counters.downloads == 1


async def test_a_net_metered_meter_has_a_generation_sheet(
    dominion: Dominion, token: str
) -> None:
    body = download_body(DOMINION_SOLAR_ACCOUNT, DOMINION_SOLAR_METER)
    book = await dominion.workbook(token, body)
    assert book.sheetnames == ["kWH Usage Data", "kW Usage Data", "kWH Generation"]
    generation = book["kWH Generation"]
    header = next(generation.iter_rows(max_row=1, values_only=True))
    assert header[3] == "12:00 AM kW"
    day = dominion.portal.today - timedelta(days=3)
    slots = rows_by_day(generation)[day]
    exported = expected_halves(dominion, DOMINION_SOLAR_METER, day, Channel.EXPORT)
    for hour, value in exported:
        assert slots[2 * hour] + slots[2 * hour + 1] == pytest.approx(value, abs=1e-9)


async def test_yesterday_reads_zeros_until_published(
    dominion: Dominion, token: str
) -> None:
    dominion.portal.now = datetime(2025, 11, 5, 4, 0, tzinfo=dominion.portal.zone)
    book = await dominion.workbook(token, download_body())
    assert book.active is not None
    slots = rows_by_day(book.active)[date(2025, 11, 4)]
    # Published 8 hours after the hour ends: 20:00 onwards is not out yet.
    assert slots[40:] == [0.0] * 8
    assert all(value > 0 for value in slots[:40])


async def test_withheld_hours_are_empty_cells_and_no_records_drops_the_day(
    dominion: Dominion, token: str
) -> None:
    portal = dominion.portal
    portal.withhold(DOMINION_METER, date(2025, 11, 1), hours=[10])
    portal.withhold(DOMINION_METER, date(2025, 11, 3), style="no_records")
    book = await dominion.workbook(token, download_body())
    assert book.active is not None
    days = rows_by_day(book.active)
    assert days[date(2025, 11, 1)][20:22] == [None, None]
    assert date(2025, 11, 3) not in days


async def test_dst_days_keep_48_columns(dominion: Dominion) -> None:
    portal = dominion.portal
    portal.now = datetime(2026, 3, 10, 12, 0, tzinfo=portal.zone)
    token = browser_sign_in(portal)[0]
    book = await dominion.workbook(token, download_body())
    assert book.active is not None
    days = rows_by_day(book.active)
    spring = days[date(2026, 3, 8)]
    assert len(spring) == 48
    assert spring[4:6] == [None, None]  # 2:00 and 2:30 do not exist that day
    total = portal.day_total(DOMINION_METER, date(2026, 3, 8))
    assert sum(v for v in spring if v is not None) == pytest.approx(total, abs=1e-6)
    portal.now = datetime(2025, 11, 4, 12, 0, tzinfo=portal.zone)
    token = browser_sign_in(portal)[0]
    book = await dominion.workbook(token, download_body())
    assert book.active is not None
    fall = rows_by_day(book.active)[date(2025, 11, 2)]
    total = portal.day_total(DOMINION_METER, date(2025, 11, 2))
    assert sum(fall) == pytest.approx(total, abs=1e-6)


async def test_date_cells_switch(dominion: Dominion, token: str) -> None:
    cx_state(dominion.portal).switches.date_cells = True
    book = await dominion.workbook(token, download_body())
    assert book.active is not None
    row = next(book.active.iter_rows(min_row=2, max_row=2, values_only=True))
    assert isinstance(row[2], datetime)


async def test_the_download_refuses_what_peers_met(
    dominion: Dominion, token: str
) -> None:
    path = "/Service/api/1/Usage/DownloadExcelNew"
    old = {
        "accountNumber": DOMINION_ACCOUNT,
        "meterNumber": DOMINION_METER,
        "startDate": "2025-10-01",
        "endDate": "2025-10-31",
    }
    assert (await dominion.call("POST", path, token, json=old))[0] == 500
    reversed_range = download_body(first="2025-11-04", last="2025-10-01")
    assert (await dominion.call("POST", path, token, json=reversed_range))[0] == 400
    other = download_body(account="219999999999")
    assert (await dominion.call("POST", path, token, json=other))[0] == 400
    assert (await dominion.call("POST", path, json=download_body()))[0] == 401


async def test_the_forecast_runs_to_today(dominion: Dominion, token: str) -> None:
    portal = dominion.portal
    status, answer = await dominion.call(
        "GET",
        "/Service/api/1/bill/billForecast",
        token,
        params={"accountNumber": DOMINION_ACCOUNT, "actionCode": "4"},
    )
    assert status == 200
    data = answer["data"]
    bill = portal.bills(DOMINION_ACCOUNT)[0]
    assert data["lastBill"]["charges"] == bill.amount
    assert data["lastBill"]["billPerdStDate"] == f"{bill.cycle_start:%m/%d/%Y} 00:00:00"
    assert data["billperdstdate"] == "10/16/2025 00:00:00"
    assert data["billperdeddate"] == f"{portal.today:%m/%d/%Y} 00:00:00"
    used = sum(
        portal.day_total(DOMINION_METER, date(2025, 10, 16) + timedelta(days=i))
        for i in range((portal.latest_published_day - date(2025, 10, 16)).days + 1)
    )
    assert data["currentUsageKwh"] == pytest.approx(used, abs=0.01)
    assert data["tou"] == "N"
    assert data["lastYear"]["charges"] > 0


async def test_bills_current_history_and_invoice(
    dominion: Dominion, token: str
) -> None:
    bills = dominion.portal.bills(DOMINION_ACCOUNT)
    status, answer = await dominion.call(
        "POST",
        "/BillingAPI/api/1/bill/current",
        token,
        json={"accountNumbers": [DOMINION_ACCOUNT], "extension": {}},
    )
    assert status == 200
    current = answer["data"][0]
    assert current["currentCharges"] == f"{bills[0].amount:.2f}"
    assert current["billDueDate"] == f"{bills[0].due_date:%m-%d-%Y}"
    assert current["extension"]["CurrentRateCat"] == "VR-1"
    status, answer = await dominion.call(
        "POST",
        "/BillingAPI/api/1/bill/history",
        token,
        json={
            "accountNumbers": [DOMINION_ACCOUNT],
            "startDate": "2025-01-01",
            "endDate": "2025-11-05",
            "extension": {},
        },
    )
    history = answer["data"]
    assert [row["amountDue"] for row in history] == [
        f"{b.amount:.2f}" for b in bills if b.invoice_date >= date(2025, 1, 1)
    ]
    assert history[0]["dueDate"] == f"{bills[0].due_date:%m/%d/%Y} 00:00:00"
    status, answer = await dominion.call(
        "GET",
        "/Service/api/1/bill/GetBillandInvoiceHistory",
        token,
        params={
            "invoiceId": history[0]["invoiceId"],
            "accountNumber": DOMINION_ACCOUNT,
        },
    )
    item = answer["data"]["zBillInvHeadtoItemNav"]["results"][0]
    assert item["amountDue"] == f"{bills[0].amount:.3f}"
    assert item["billPdStart"] == f"{bills[0].cycle_start:%m/%d/%Y} 00:00:00"
    assert dominion.portal.requests["/Service/api/1/bill/GetBillandInvoiceHistory"] == 1
