"""The `alliant` profile over HTTP: Electric rows (MO, DA, HH), projection, faults."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from simulators.sew import (
    ALLIANT_ACCOUNT_1,
    ALLIANT_ACCOUNT_2,
    ALLIANT_METER,
    ALLIANT_PREMISE_2,
    ALLIANT_SOLAR_METER,
    Channel,
    Fault,
    cx_state,
)

from .conftest import PortalFactory
from .cx_alliant import COMPOSITE, Alliant, start_alliant


@pytest.fixture
async def alliant(start_portal: PortalFactory, http: aiohttp.ClientSession) -> Alliant:
    """Return the profile on 127.0.0.1."""
    return await start_alliant(start_portal, http)


async def test_monthly_rows_are_billing_periods_with_the_bill_quirks(
    alliant: Alliant,
) -> None:
    access, _ = await alliant.tokens()
    rows = await alliant.usage(access, "MO", "2024-11-01", "2025-11-30")
    portal = alliant.portal
    periods = [
        r
        for r in rows
        if r["readingFrom"].startswith("2") and r["readingTo"] > r["readingFrom"]
    ]
    cycles = [c for c in portal.billing_cycles() if c[1] >= date(2024, 11, 1)]
    assert len(periods) == len(cycles)
    for row, (first, last) in zip(periods, cycles, strict=True):
        assert row["readingFrom"] == f"{first}T00:00:00Z"
        assert row["readingTo"] == f"{last + timedelta(days=1)}T00:00:00Z"
        assert row["consumption"] == round(portal.cycle_total(ALLIANT_METER, first)[0])
    newest = portal.bills(ALLIANT_ACCOUNT_1)[0]
    zero = [
        r
        for r in rows
        if r["readingFrom"] == r["readingTo"] and r["readingFrom"].startswith("2")
    ]
    assert len(zero) == 1
    assert zero[0]["readingFrom"] == f"{newest.cycle_start}T00:00:00Z"
    assert zero[0]["consumption"] == 0
    real = next(r for r in periods if r["readingFrom"] == zero[0]["readingFrom"])
    assert zero[0]["amount"] == real["amount"] > 0
    assert [r["readingFrom"] for r in rows if not r["readingFrom"].startswith("2")] == [
        "0001-01-01T00:00:00"
    ]


async def test_daily_rows_match_the_published_days_four_days_late(
    alliant: Alliant,
) -> None:
    access, _ = await alliant.tokens()
    rows = await alliant.usage(access, "DA", "2025-10-20", "2025-11-12")
    portal = alliant.portal
    assert rows[-1]["readDate"] == f"{portal.latest_published_day}T00:00:00+01:00"
    assert portal.latest_published_day == portal.today - timedelta(days=4)
    for row in rows:
        day = date.fromisoformat(row["readDate"][:10])
        assert row["consumption"] == pytest.approx(portal.day_total(ALLIANT_METER, day))


async def test_hourly_rows_are_hour_ending_local_labels_with_repeats(
    alliant: Alliant,
) -> None:
    access, _ = await alliant.tokens()
    portal = alliant.portal
    day = date(2025, 10, 29)
    cx_state(portal).switches.reread_days.add(day)
    rows = await alliant.usage(access, "HH", f"{day} 00:00:01", f"{day} 00:00:00")
    labels = [r["readDate"] for r in rows]
    assert labels[0] == f"{day}T01:00:00+01:00"
    assert f"{day}T00:00:00+01:00" in labels  # 24:00 written as 00:00 on the same date
    unique: dict[str, dict[str, Any]] = {}
    repeats = 0
    for row in rows:
        if row["readDate"] in unique:
            assert row == unique[row["readDate"]]  # byte-identical repeats
            repeats += 1
        unique[row["readDate"]] = row
    assert repeats > 0
    published = {r.start: r.value for r in portal.published_hourly(ALLIANT_METER, day)}
    assert len(unique) == len(published) == 24
    local_first = datetime(day.year, day.month, day.day, tzinfo=portal.zone)
    for row in unique.values():
        hour = int(row["readDate"][11:13])
        start = local_first + timedelta(hours=(hour - 1) % 24)
        assert row["consumption"] == published[start]


async def test_hourly_rows_follow_withheld_injected_and_restated_hours(
    alliant: Alliant,
) -> None:
    access, _ = await alliant.tokens()
    portal = alliant.portal
    day = date(2025, 10, 28)
    local = datetime(day.year, day.month, day.day, 5, tzinfo=portal.zone)
    portal.withhold(ALLIANT_METER, day, hours=[3])
    portal.inject_reading(ALLIANT_METER, local, -4.0)
    portal.restate(ALLIANT_METER, day, factor=2.0)
    rows = await alliant.usage(access, "HH", str(day), str(day))
    labels = {r["readDate"]: r["consumption"] for r in rows}
    assert f"{day}T04:00:00+01:00" not in labels  # hour 3 withheld
    assert labels[f"{day}T06:00:00+01:00"] == -4.0
    truth = dict(portal.true_hourly(ALLIANT_METER, day))
    eight = datetime(day.year, day.month, day.day, 8, tzinfo=portal.zone)
    assert labels[f"{day}T09:00:00+01:00"] == truth[eight]


async def test_net_meter_rows_are_net_and_its_projection_is_zero(
    alliant: Alliant,
) -> None:
    access, _ = await alliant.tokens()
    portal = alliant.portal
    rows = await alliant.usage(
        access, "MO", "2025-06-01", "2025-08-31", ALLIANT_SOLAR_METER
    )
    first = date.fromisoformat(rows[0]["readingFrom"][:10])
    imported = portal.cycle_total(ALLIANT_SOLAR_METER, first)[0]
    exported = portal.cycle_total(ALLIANT_SOLAR_METER, first, Channel.EXPORT)[0]
    assert rows[0]["consumption"] == round(imported - exported)
    assert any(r["consumption"] < 0 for r in rows if r["readingFrom"].startswith("2"))
    status, answer = await alliant.call(
        "GET",
        "/UsageAPI/api/V1/ProjectedElectric",
        access,
        params={
            "AccountNumber": f"{ALLIANT_PREMISE_2}-{ALLIANT_ACCOUNT_2}",
            "MeterNumber": ALLIANT_SOLAR_METER,
            "StartDate": "2025-11-01",
            "EndDate": "2025-11-30",
            "Type": "0",
        },
    )
    assert status == 200
    assert set(answer["Result"]["projectedElectric"].values()) == {"0"}


async def test_projection_counts_from_the_start_date(alliant: Alliant) -> None:
    access, _ = await alliant.tokens()
    portal = alliant.portal
    params = {
        "AccountNumber": COMPOSITE,
        "MeterNumber": ALLIANT_METER,
        "StartDate": "2025-10-05",
        "EndDate": "2025-11-04",
        "Type": "0",
    }
    status, answer = await alliant.call(
        "GET", "/UsageAPI/api/V1/ProjectedElectric", access, params=params
    )
    assert status == 200
    projection = answer["Result"]["projectedElectric"]
    days = [date(2025, 10, 5) + timedelta(days=i) for i in range(28)]  # to 11-01
    so_far = sum(portal.day_total(ALLIANT_METER, d) for d in days)
    assert float(projection["soFarThisMonthProjectedConsumption"]) == pytest.approx(
        so_far, abs=0.01
    )
    assert float(projection["projectedConsumption"]) == pytest.approx(
        so_far / 28 * 31, abs=0.01
    )
    assert float(projection["highestThisYearConsumption"]) >= float(
        projection["averageThisYearConsumption"]
    )


async def test_faults_reach_get_calls(alliant: Alliant) -> None:
    access, _ = await alliant.tokens()
    alliant.portal.inject(
        Fault.SERVER_ERROR, methods=("GET",), meter=ALLIANT_METER, times=1
    )
    params = {
        "AccountNumber": COMPOSITE,
        "MeterNumber": ALLIANT_METER,
        "From": "2025-10-01",
        "To": "2025-10-02",
        "Periodicity": "DA",
    }
    status, answer = await alliant.call(
        "GET", "/UsageAPI/api/V1/Electric", access, params=params
    )
    assert status == 500
    assert answer["status"]["error"] is True
    status, _ = await alliant.call(
        "GET", "/UsageAPI/api/V1/Electric", access, params=params
    )
    assert status == 200
    assert alliant.portal.requests_by_meter[ALLIANT_METER] == 2


async def test_gas_and_retired_meters_have_no_electric_rows(alliant: Alliant) -> None:
    access, _ = await alliant.tokens()
    for meter in ("G7520114", "41733390"):
        params = {
            "AccountNumber": COMPOSITE,
            "MeterNumber": meter,
            "From": "2025-01-01",
            "To": "2025-11-01",
            "Periodicity": "MO",
        }
        status, answer = await alliant.call(
            "GET", "/UsageAPI/api/V1/Electric", access, params=params
        )
        assert status == 200
        assert answer["Result"]["electricUsages"] == []
    # The plain account number is not what the usage module takes (AL3).
    params["AccountNumber"] = ALLIANT_ACCOUNT_1
    params["MeterNumber"] = ALLIANT_METER
    status, answer = await alliant.call(
        "GET", "/UsageAPI/api/V1/Electric", access, params=params
    )
    assert status == 200
    assert answer["Result"]["electricUsages"] == []
