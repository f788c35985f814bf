"""The simulated portal itself: pages, errors, ground truth, profiles and their options.

The unverified profile's shapes are checked here; each evidenced profile has its own
test_sim_*.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import aiohttp
import pytest

from simulators.sew import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    PROFILES,
    Channel,
    SewPortal,
    describe,
)

from .conftest import CHICAGO, NOW, PortalFactory


async def test_help_pages_and_iis_errors(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """Help pages and error pages look like the real services'."""
    _, base_url = await start_portal(profile="unverified")
    async with http.get(f"{base_url}/PortalService/UserLogin.svc/help") as response:
        page = await response.text()
    assert response.status == 200
    assert "<title>Operations at" in page
    assert "ValidateUserLoginMob" in page
    async with http.get(f"{base_url}/API/Help/") as response:
        assert "POST API/UserLogin/GetId" in await response.text()
    async with http.get(f"{base_url}/PortalService/Nope.svc/help") as response:
        assert response.status == 404
    async with http.post(
        f"{base_url}/PortalService/UserLogin.svc/ValidateUserLoginMob",
        json={"EncType": "A", "EncQuery": "AAAAAAAAAAAAAAAAAAAAAA=="},
    ) as response:
        assert response.status == 400
        assert "Padding is invalid" in await response.text()
    async with http.post(
        f"{base_url}/PortalService/UserLogin.svc/ValidateUserLoginMob",
        json={"EncType": "A", "EncQuery": "*"},
    ) as response:
        assert "not a valid Base-64 string" in await response.text()
    async with http.post(
        f"{base_url}/PortalService/UserLogin.svc/ValidateUserLoginMob", data=b"x"
    ) as response:
        assert "unexpected message format" in await response.text()
    async with http.post(
        f"{base_url}/PortalService/Usage.svc/Nope", json={}
    ) as response:
        assert "Endpoint not found." in await response.text()
    async with http.post(f"{base_url}/API/Usage/GetMultiMeter", json={}) as response:
        assert response.status == 401
    async with http.post(f"{base_url}/API/Usage/Nope", json={}) as response:
        assert response.status == 404
    async with http.post(f"{base_url}/API/UserLogin/GetId", data=b"[") as response:
        assert (response.status, await response.json()) == (
            400,
            {"responsestatus": -1, "result": None},
        )
    async with http.get(base_url) as response:
        assert "Customer Portal" in await response.text()


def test_ground_truth() -> None:
    """Two years of deterministic data with DST days, lag, estimates and bills."""
    portal = SewPortal("unverified", now=NOW)
    again = SewPortal("unverified", now=NOW)
    assert portal.data_start <= (NOW - timedelta(days=730)).date()
    assert portal.latest_published_day == date(2025, 11, 3)
    assert portal.partial_day == date(2025, 11, 3)
    for day, hours in [
        (date(2024, 3, 10), 23),
        (date(2024, 11, 3), 25),
        (date(2025, 3, 9), 23),
        (date(2025, 11, 2), 25),
    ]:
        assert len(portal.true_hourly("E10004521", day)) == hours
    day = date(2024, 7, 15)
    assert portal.true_hourly("W20007788", day) == again.true_hourly("W20007788", day)
    exports = portal.true_hourly("E10004521", day, Channel.EXPORT)
    assert sum(value for _, value in exports) > 0
    summer = portal.day_total("E10004521", date(2025, 7, 16), published=False)
    spring = portal.day_total("E10004521", date(2025, 4, 16), published=False)
    assert summer != spring
    assert portal.true_hourly("E10000017", day) == []
    assert portal.true_hourly("E10004521", date(2020, 1, 1)) == []
    cycles = portal.billing_cycles()
    assert len(cycles) >= 24
    assert cycles[-1] == (date(2025, 10, 1), date(2025, 10, 31))
    assert portal.bill_amount("3001234567", date(2025, 10, 1)) > 12.5
    portal.now = datetime(2025, 11, 6, 0, 30, tzinfo=CHICAGO)
    assert portal.partial_day is None
    assert portal.estimated_day == date(2025, 11, 3)
    lines = describe(portal, "http://127.0.0.1:8080")
    assert DEMO_USERNAME in lines
    assert DEMO_PASSWORD in lines
    assert "http://127.0.0.1:8080/API/Help/" in lines


def test_clock_and_options() -> None:
    """The clock follows real time unless fixed, and refuses naive times."""
    portal = SewPortal("unverified")
    assert abs(portal.now - datetime.now(CHICAGO)) < timedelta(seconds=5)
    with pytest.raises(ValueError, match="aware"):
        portal.now = datetime(2025, 1, 1)  # noqa: DTZ001
    with pytest.raises(ValueError, match="encryption"):
        SewPortal("unverified", encryption="rot13")
    portal.now = None
    portal.advance(timedelta(days=1))
    assert portal.now > datetime.now(CHICAGO)


@pytest.mark.parametrize("profile", sorted(PROFILES))
async def test_every_profile_starts(
    start_portal: PortalFactory, http: aiohttp.ClientSession, profile: str
) -> None:
    """Each profile serves on 127.0.0.1, says where, and answers an unknown path 404."""
    portal, base_url = await start_portal(profile=profile)
    lines = describe(portal, base_url)
    assert f"profile {profile}" in lines
    assert portal.profile.tenant.currency in lines
    async with http.post(f"{base_url}/Nope/Nope", json={}) as response:
        assert response.status == 404
    assert portal.requests["/Nope/Nope"] == 1


def test_unknown_profile_and_options() -> None:
    """Unknown profiles and variants are refused with a message naming them."""
    with pytest.raises(ValueError, match="Unknown SEW tenant profile 'acme'"):
        SewPortal("acme")
    with pytest.raises(ValueError, match="amount style"):
        SewPortal("hidroelectrica", amount_style="euro")
    with pytest.raises(ValueError, match="history date style"):
        SewPortal("hidroelectrica", history_dates="iso")
    assert SewPortal(PROFILES["nbpower"]).profile is PROFILES["nbpower"]
