"""The ground truth and the behaviour switches tests use to make a portal misbehave."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from simulators.sew import (
    ACCOUNT_1,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    Channel,
    SewPortal,
    acwd_hourly_day,
    hourly_values,
    load_realworld,
)

from .conftest import NOW, PortalFactory

WATER = "W20007788"
GAS = "G30005566"
ELECTRIC = "E10004521"


def test_restatement_changes_the_truth() -> None:
    """A restated day is the truth from then on, and later costs of its cycle follow."""
    portal = SewPortal("unverified", now=NOW)
    day = date(2025, 10, 10)
    before = portal.true_hourly(ELECTRIC, day)
    cycle = portal.cycle_start(day)
    total, cost = portal.cycle_total(ELECTRIC, cycle)
    changed = portal.restate(ELECTRIC, day, factor=2.0)
    assert [v for _, v in changed] == [round(v * 2.0, 3) for _, v in before]
    assert portal.true_hourly(ELECTRIC, day) == changed
    assert portal.published_hourly(ELECTRIC, day)[5].value == changed[5][1]
    new_total, new_cost = portal.cycle_total(ELECTRIC, cycle)
    added = sum(v for _, v in before)
    assert new_total == pytest.approx(total + added)
    assert new_cost is not None
    assert cost is not None
    assert new_cost > cost
    later = portal.true_day(ELECTRIC, day + timedelta(days=1))[0]
    assert later.cycle_import_before == pytest.approx(
        portal.true_day(ELECTRIC, day)[0].cycle_import_before + 2 * added
    )
    values = [1.0] * 24
    portal.restate(WATER, day, values=values)
    assert [v for _, v in portal.true_hourly(WATER, day)] == values
    with pytest.raises(ValueError, match="hours"):
        portal.restate(WATER, day, values=[1.0])
    with pytest.raises(ValueError, match="factor"):
        portal.restate(WATER, day)


def test_withheld_and_injected_readings() -> None:
    """A day answered without rows keeps its truth; bad readings are published only."""
    portal = SewPortal("unverified", now=NOW)
    day = date(2025, 10, 12)
    truth = portal.true_hourly(GAS, day)
    rule = portal.withhold(GAS, day, times=1)
    assert portal.published_hourly(GAS, day) == []
    assert portal.publisher.read_hourly(GAS, day).withheld is rule
    assert len(portal.publisher.read_hourly(GAS, day).readings) == len(truth)
    portal.withhold(GAS, day, hours=range(8, 16))
    assert len(portal.published_hourly(GAS, day)) == len(truth) - 8
    start = truth[3][0]
    portal.inject_reading(GAS, start, -5.0)
    portal.inject_reading(GAS, truth[4][0], 1e20)
    future = datetime.combine(
        portal.today + timedelta(days=3), datetime.min.time(), UTC
    )
    portal.inject_reading(GAS, future, 0.5)
    published = {r.start: r.value for r in portal.published_hourly(GAS, day)}
    assert published[start] == -5.0
    assert published[truth[4][0]] == 1e20
    assert portal.true_hourly(GAS, day) == truth
    future_day = future.astimezone(portal.zone).date()
    assert [r.value for r in portal.published_hourly(GAS, future_day)] == [0.5]
    portal.clear_faults()
    assert len(portal.published_hourly(GAS, day)) == len(truth)
    with pytest.raises(ValueError, match="style"):
        portal.withhold(GAS, day, style="quiet")
    with pytest.raises(ValueError, match="aware"):
        portal.inject_reading(GAS, datetime(2025, 1, 1), 1.0)  # noqa: DTZ001


async def test_time_zone_change(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """A zone change regroups days and reports the new zone; no hour moves."""
    portal, base_url = await start_portal(profile="unverified")
    days = [date(2025, 7, 14) + timedelta(days=i) for i in range(3)]
    hours = {start: v for d in days for start, v in portal.true_hourly(ELECTRIC, d)}
    portal.change_time_zone("America/New_York")
    moved = portal.true_hourly(ELECTRIC, days[1])
    assert moved[0][0] == datetime(2025, 7, 15, 4, tzinfo=UTC)
    assert all(hours[start] == value for start, value in moved)
    _, row = await _unverified_login(http, base_url)
    assert row["TimeZoneId"] == "Eastern Standard Time"


async def _unverified_login(
    http: aiohttp.ClientSession, base_url: str
) -> tuple[dict[str, str], dict[str, Any]]:
    """Log in on the unverified /API layout; return auth headers and the row."""
    async with http.post(f"{base_url}/API/UserLogin/GetId", json={}) as response:
        data = (await response.json())["result"]["Data"]
    key = base64.b64encode(f"{data['key']}:{data['tokenId']}".encode()).decode()
    async with http.post(
        f"{base_url}/API/UserLogin/ValidateUserLogin",
        json={"UserId": DEMO_USERNAME, "password": DEMO_PASSWORD},
        headers={"Authorization": f"Basic {key}"},
    ) as response:
        row = (await response.json())["result"]["Data"]["Table"][0]
    token = base64.b64encode(f"{row['UserID']}:{row['SessionToken']}".encode()).decode()
    return {"Authorization": f"Basic {token}"}, row


async def test_recorded_acwd_day_is_served(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """The real ACWD hourly gallons, recorded as a meter's truth, come back hour by hour."""
    portal, base_url = await start_portal(
        profile="unverified", now=datetime(2025, 12, 12, 12, tzinfo=UTC)
    )
    day, gallons = acwd_hourly_day()
    rows = load_realworld("sew/acwd-web-LoadWaterUsage-hourly-2025-12-09.json")[
        "objUsageGenerationResultSetTwo"
    ]
    assert sum(gallons) == pytest.approx(sum(r["UsageValue"] for r in rows))
    assert gallons[13] == 58.87  # "1:00 PM"
    portal.truth.record(WATER, hourly_values(day, gallons, portal.zone.key))
    assert [v for _, v in portal.true_hourly(WATER, day)] == gallons
    headers, _ = await _unverified_login(http, base_url)
    async with http.post(
        f"{base_url}/API/Usage/GetUsageGeneration",
        json={
            "AccountNumber": ACCOUNT_1,
            "MeterNumber": WATER,
            "Mode": "H",
            "Type": "G",
            "strDate": f"{day:%m/%d/%Y}",
        },
        headers=headers,
    ) as response:
        served = (await response.json())["result"]["Data"][
            "objUsageGenerationResultSetTwo"
        ]
    assert [r["UsageValue"] for r in served] == gallons
    with pytest.raises(ValueError, match="hours"):
        hourly_values(day, gallons[:23], portal.zone.key)


def test_cycles_bills_and_dst() -> None:
    """Calendar cycles with bills; DST days have 23 and 25 hours; NB cycles start the 27th."""
    portal = SewPortal("unverified", now=NOW)
    assert len(portal.true_hourly(GAS, date(2025, 3, 9))) == 23
    assert len(portal.true_hourly(GAS, date(2025, 11, 2))) == 25
    bills = portal.bills(ACCOUNT_1)
    assert bills[0].cycle_start == date(2025, 10, 1)
    assert bills[0].due_date == bills[0].invoice_date + timedelta(days=21)
    assert bills[0].amount == portal.bill_amount(ACCOUNT_1, date(2025, 10, 1))
    nbpower = SewPortal("nbpower", now=NOW)
    first, last = nbpower.billing_cycles()[-1]
    assert (first, last) == (date(2025, 9, 27), date(2025, 10, 26))
    assert nbpower.cycle_end(date(2025, 12, 31)) == date(2026, 1, 26)
    assert nbpower.profile.tenant.currency == "CAD"
    assert nbpower.zone.key == "America/Moncton"
    assert {m.unit for m in nbpower.meters.values()} == {"kWh"}
    gas_total = portal.cycle_total(GAS, date(2025, 9, 1), Channel.IMPORT)
    assert gas_total == portal.cycle_total(GAS, date(2025, 9, 1))
