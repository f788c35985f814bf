"""The `alliant` profile over HTTP: sign-in, tokens, headers, accounts and bills."""

from __future__ import annotations

from datetime import date, timedelta

import aiohttp
import pytest

from simulators.sew import (
    ALLIANT_ACCOUNT_1,
    ALLIANT_METER,
    ALLIANT_PREMISE_1,
    ALLIANT_UUID,
    cx_state,
    jwt_claims,
)

from .conftest import PortalFactory
from .cx_alliant import LOGIN_BODY, Alliant, start_alliant


@pytest.fixture
async def alliant(start_portal: PortalFactory, http: aiohttp.ClientSession) -> Alliant:
    """Return the profile on 127.0.0.1."""
    return await start_alliant(start_portal, http)


async def test_sign_in_answers_tokens_minutes_and_the_uuid(alliant: Alliant) -> None:
    status, answer = await alliant.login()
    assert status == 200
    assert answer["status"] == {"type": "success", "message": ""}
    data = answer["data"]
    assert data["expiresIn"] == 30
    assert data["user"] == {
        "uuid": ALLIANT_UUID,
        "firstName": "Alex",
        "lastName": "Example",
    }
    assert jwt_claims(data["accessToken"])["Uuid"] == ALLIANT_UUID
    assert data["refreshToken"].endswith("=")
    counters = cx_state(alliant.portal).counters
    assert (counters.logins, counters.password_logins) == (1, 1)


async def test_wrong_password_and_locked_account_are_401s(alliant: Alliant) -> None:
    status, answer = await alliant.login("wrong")
    assert status == 401
    assert answer == {
        "status": {"type": "error", "message": "Invalid username or password"},
        "data": None,
    }
    alliant.portal.lock_account()
    status, answer = await alliant.login()
    assert status == 401
    assert "locked" in answer["status"]["message"]
    assert cx_state(alliant.portal).counters.refused_logins == 2


async def test_requests_that_do_not_look_like_the_portal_meet_an_html_403(
    alliant: Alliant,
) -> None:
    path = "/UsermanagementAPI/api/1/Login/auth"
    async with alliant.http.post(alliant.base + path, json=LOGIN_BODY) as response:
        assert response.status == 403
        assert response.content_type == "text/html"
    status, _ = await alliant.call(
        "POST", path, json=LOGIN_BODY, headers={"Origin": ""}
    )
    assert status == 403
    # AL3 sends no pt on the sign-in, AL2 a "Mozilla/9.0" agent: both are let in.
    status, _ = await alliant.call(
        "POST",
        path,
        json=LOGIN_BODY,
        headers={"pt": "", "User-Agent": "Mozilla/9.0 (X11)"},
    )
    assert status == 200
    status, answer = await alliant.call(
        "POST", path, json=LOGIN_BODY, headers={"st": ""}
    )
    assert status == 400
    assert answer["status"]["type"] == "error"
    cx_state(alliant.portal).switches.browser_check = False
    async with alliant.http.post(
        alliant.base + path, json=LOGIN_BODY, headers={"st": "PL"}
    ) as response:
        assert response.status == 200


async def test_paths_are_case_insensitive_and_unknown_ones_404(
    alliant: Alliant,
) -> None:
    status, _ = await alliant.call(
        "POST", "/usermanagementapi/API/1/login/AUTH", json=LOGIN_BODY
    )
    assert status == 200
    assert (await alliant.call("GET", "/Services/api/1/Nope"))[0] == 404
    assert (await alliant.call("GET", "/UsermanagementAPI/api/1/Login/auth"))[0] == 405
    # GETs are calls here: the benchmark counts them.
    assert alliant.portal.requests["/Services/api/1/Nope"] == 1


async def test_an_expired_token_is_refused_401_and_403_on_bills(
    alliant: Alliant,
) -> None:
    access, _ = await alliant.tokens()
    path = f"/Services/api/1/Addresses/User/{ALLIANT_UUID}"
    assert (await alliant.call("GET", path, access))[0] == 200
    alliant.portal.advance(timedelta(minutes=30))
    status, answer = await alliant.call("GET", path, access)
    assert status == 401
    assert answer["status"] == {"type": "error", "message": "Unauthorized Access"}
    status, _ = await alliant.call(
        "POST",
        "/Services/api/1/bill/Current",
        access,
        json={"accountNumbers": [ALLIANT_ACCOUNT_1]},
    )
    assert status == 403
    assert (await alliant.call("GET", path, "not-a-token"))[0] == 401


async def test_refresh_rotates_both_tokens_only_while_the_access_token_lives(
    alliant: Alliant,
) -> None:
    access, refresh = await alliant.tokens()
    path = "/UsermanagementAPI/api/1/Login/auth/refresh"
    alliant.portal.advance(timedelta(minutes=29))
    status, answer = await alliant.call(
        "POST", path, access, json={"refreshToken": refresh}
    )
    assert status == 200
    assert answer["status"] == {"type": "success"}
    data = answer["data"]
    assert set(data) == {"accessToken", "refreshToken", "expiresIn"}
    assert data["accessToken"] != access
    assert data["refreshToken"] != refresh
    # The rotated-out refresh token is spent.
    status, answer = await alliant.call(
        "POST", path, access, json={"refreshToken": refresh}
    )
    assert status == 401
    assert answer["status"]["message"] == "Unauthorized Access"
    # A refresh does not revive an expired access token (AL4).
    alliant.portal.advance(timedelta(minutes=31))
    status, _ = await alliant.call(
        "POST", path, data["accessToken"], json={"refreshToken": data["refreshToken"]}
    )
    assert status == 401
    counters = cx_state(alliant.portal).counters
    assert (counters.logins, counters.refreshes, counters.refused_refreshes) == (
        1,
        1,
        2,
    )


async def test_a_refused_refresh_switch(alliant: Alliant) -> None:
    access, refresh = await alliant.tokens()
    cx_state(alliant.portal).switches.refuse_refresh = True
    status, _ = await alliant.call(
        "POST",
        "/UsermanagementAPI/api/1/login/auth/refresh",
        access,
        json={"refreshToken": refresh},
    )
    assert status == 401


async def test_addresses_and_meters(alliant: Alliant) -> None:
    access, _ = await alliant.tokens()
    status, answer = await alliant.call(
        "GET", f"/Services/api/1/Addresses/User/{ALLIANT_UUID}", access
    )
    assert status == 200
    first, second = answer["data"]
    assert (first["accountNumber"], first["premiseNumber"]) == (
        ALLIANT_ACCOUNT_1,
        ALLIANT_PREMISE_1,
    )
    assert first["serviceAddress"] == {
        "address1": "1420 Prairie Ln",
        "address2": "",
        "city": "Cedar Rapids",
        "state": "IA",
    }
    assert first["nickName"] is None
    assert second["nickName"] == "The workshop"
    other = await alliant.call(
        "GET", "/Services/api/1/Addresses/User/someone-else", access
    )
    assert other[1]["data"] == []
    status, answer = await alliant.call(
        "POST",
        "/Services/api/1/Usages/GetMeterAndPremise",
        access,
        json={"accountNumber": ALLIANT_ACCOUNT_1, "premiseNumber": ALLIANT_PREMISE_1},
    )
    meters = [(row["meterNumber"], row["deviceAttribute5"]) for row in answer["data"]]
    # A gas meter first (AL2 e17a0082), the live meter once per service period (AL3),
    # the retired meter still listed (AL2 ab39527).
    assert meters == [
        ("G7520114", "GRES"),
        (ALLIANT_METER, "ERES"),
        (ALLIANT_METER, "ERES"),
        ("41733390", "ERES"),
    ]


async def test_current_bill_and_history(alliant: Alliant) -> None:
    access, _ = await alliant.tokens()
    bills = alliant.portal.bills(ALLIANT_ACCOUNT_1)
    status, answer = await alliant.call(
        "POST",
        "/Services/api/1/bill/Current",
        access,
        json={"accountNumbers": [ALLIANT_ACCOUNT_1]},
    )
    current = answer["data"]
    assert current["totalAmountDue"] == bills[0].amount
    assert current["netDueDate"] == f"{bills[0].due_date:%m-%d-%Y}"
    assert current["invoiceDate"] == f"{bills[0].invoice_date:%m-%d-%Y}"
    assert current["billPeriodStartDate"] is None
    status, answer = await alliant.call(
        "POST",
        "/Services/api/1/bill/History",
        access,
        json={
            "accountNumbers": [ALLIANT_ACCOUNT_1],
            "startDate": "20250101",
            "endDate": "20251105",
        },
    )
    assert status == 200
    history = answer["data"]
    assert [row["amountDue"] for row in history] == [
        b.amount for b in bills if date(2025, 1, 1) <= b.invoice_date
    ]
    assert all(row["dueDate"] is None for row in history)
    assert history[0]["invoiceId"] == current["invoiceId"]


async def test_token_lifetimes_are_switches(alliant: Alliant) -> None:
    switches = cx_state(alliant.portal).switches
    switches.access_lifetime = timedelta(minutes=5)
    switches.rotated_refresh_valid = True
    status, answer = await alliant.login()
    assert answer["data"]["expiresIn"] == 5
    access, refresh = answer["data"]["accessToken"], answer["data"]["refreshToken"]
    path = "/UsermanagementAPI/api/1/Login/auth/refresh"
    for _ in range(2):  # the rotated-out refresh token still works once switched so
        status, _answer = await alliant.call(
            "POST", path, access, json={"refreshToken": refresh}
        )
        assert status == 200
    switches.refresh_lifetime = timedelta(minutes=3)
    alliant.portal.advance(timedelta(minutes=4))
    status, _answer = await alliant.call(
        "POST", path, access, json={"refreshToken": refresh}
    )
    assert status == 401
