"""The `acwd` profile over HTTP: ACWD's web portal as ha-acwd and acwd_water_usage speak it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
import json
import re
from zoneinfo import ZoneInfo

import pytest

from simulators.sew import (
    ACWD_METER,
    ACWD_RENTAL_METER,
    DEMO_2FA_USERNAME,
    DEMO_MIGRATED_USERNAME,
    DEMO_TWO_CONTRACTS_USERNAME,
    DEMO_USERNAME,
    FailureStyle,
    Fault,
    LoginAnswer,
    SewPortal,
    WebPortal,
    load_realworld,
)

from .conftest import PortalFactory
from .web_browser import ACWD_LOGIN, Browser, field_value, new_http, parse

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
NOW = datetime(2025, 12, 12, 12, 30, tzinfo=LOS_ANGELES)
REAL_DAY = date(2025, 12, 9)
WATER = "Usages.aspx/LoadWaterUsage"


def _usage(
    mode: str, day: str = "", hourly: str = "H", **extra: object
) -> dict[str, object]:
    """Return ACWD1's LoadWaterUsage body (acwd_api.py:497-509)."""
    return {
        "Type": "G",
        "Mode": mode,
        "strDate": day,
        "hourlyType": hourly,
        "seasonId": "" if mode == "B" else 0,
        "weatherOverlay": 0,
        "usageyear": "",
        "MeterNumber": ACWD_METER,
        "DateFromDaily": "",
        "DateToDaily": "",
        "isNoDashboard": True,
        **extra,
    }


@pytest.fixture
async def acwd(
    start_portal: PortalFactory, socket_enabled: None
) -> AsyncIterator[tuple[SewPortal, Browser]]:
    """Yield the portal and a browser on the URL a user pastes."""
    portal, base_url = await start_portal(profile="acwd", now=NOW)
    async with new_http() as http:
        yield portal, Browser(http, WebPortal.of(portal).portal_url(base_url))


async def test_login_page_session_and_bodies(acwd: tuple[SewPortal, Browser]) -> None:
    """The login page sets the cookie and token; every peer's login body is accepted."""
    portal, browser = acwd
    assert browser.url.endswith("/portal/")
    status, page, response = await browser.get()
    assert status == 200
    assert "ASP.NET_SessionId" in response.cookies
    hidden = [i for i in parse(page).inputs if i.get("type") == "hidden"]
    token = field_value(page, by_name="hdnCSRFToken")
    assert token == field_value(page, by_id="hdnCSRFToken")
    assert token is not None
    assert len(token) == 64
    assert any(i.get("name") == "hdnCSRFToken" for i in hidden)
    assert {"txtLogin", "txtpwd", "btnlogin"} <= {
        i.get("id") for i in parse(page).inputs
    }
    # TANGO posts an empty body with a JSON content type (main.go:295).
    async with browser.http.post(
        browser.url + "default.aspx/updateState",
        data="",
        headers={"Content-Type": "application/json"},
    ) as answer:
        assert await answer.json() == {"d": True}
    rows = await browser.login(DEMO_USERNAME)
    assert [row["STATUS"] for row in rows] == ["1"]
    assert rows[0]["UserName"] == DEMO_USERNAME
    assert rows[0]["DashboardOption"] == "1"
    assert all(isinstance(value, str) for value in rows[0].values())
    # PGW's three fields, TANGO's nine with token null, on fresh cookie sessions.
    for extra in ({"rememberme": False}, {**ACWD_LOGIN, "token": None}):
        async with new_http() as http:
            other = Browser(http, browser.url.upper().replace("HTTP://", "http://"))
            body = {"username": DEMO_USERNAME.upper(), "password": "Prairie-Sun-2025!"}
            got = await other.d("Default.aspx/validateLogin", body | extra)
            assert got[0]["AccountNumber"] == rows[0]["AccountNumber"]
    status, error = await browser.call("default.aspx/validateLogin", {"username": "x"})
    assert status == 500
    assert error["Message"] == "There was an error processing the request."
    assert portal.sessions.logins[DEMO_USERNAME] == 3


async def test_every_login_answer_shape(acwd: tuple[SewPortal, Browser]) -> None:
    """Refusals as a row or a table, server errors, two-factor, migrated, locked."""
    portal, browser = acwd
    web = WebPortal.of(portal)
    assert await browser.login(DEMO_USERNAME, "wrong") == [
        {"STATUS": "0", "Message": "Invalid Username or Password."}
    ]
    web.failure = FailureStyle.TABLE
    refused = await browser.login(DEMO_USERNAME, "wrong")
    assert refused["dtResponse"][0]["Status"] == "0"
    web.force_login_answer(DEMO_USERNAME, LoginAnswer.SERVER_ERROR)
    error = await browser.login(DEMO_USERNAME)
    assert error["dtException"][0]["StatusCode"] == "0"
    web.force_login_answer(DEMO_USERNAME, LoginAnswer.FAILURE_ROW)
    assert (await browser.login(DEMO_USERNAME))[0]["STATUS"] == "0"
    web.force_login_answer(DEMO_USERNAME, None)
    table = (await browser.login(DEMO_2FA_USERNAME))["Table"][0]
    assert table["MaskedEmail"].startswith("t***")
    assert "MaskedPhone" in table
    portal.set_two_factor(DEMO_USERNAME)
    assert "Table" in await browser.login(DEMO_USERNAME)
    portal.set_two_factor(DEMO_USERNAME, enabled=False)
    status, envelope = await browser.call(
        "default.aspx/validateLogin",
        {"username": DEMO_MIGRATED_USERNAME, "password": "Prairie-Sun-2025!"},
    )
    assert (status, envelope) == (200, {"d": "Migrated User Found"})
    assert await browser.login(DEMO_2FA_USERNAME, "wrong") == {
        "dtResponse": [{"Status": "0", "Message": "Invalid Username or Password."}]
    }
    for _ in range(4):
        await browser.login(DEMO_2FA_USERNAME, "wrong")
    locked = await browser.login(DEMO_2FA_USERNAME)
    assert "locked" in locked["dtResponse"][0]["Message"]
    # No session was opened by any of these answers.
    assert await browser.call("Usages.aspx/BindMultiMeter", {"MeterType": "W"}) == (
        200,
        {"d": None},
    )


async def test_csrf_refresh_expiry_and_sign_out(
    acwd: tuple[SewPortal, Browser],
) -> None:
    """Calls need the session's token; an expired session answers null and redirects."""
    portal, browser = acwd
    await browser.login(DEMO_USERNAME)
    login_token = browser.token
    meters = {"MeterType": "W"}
    refused = await browser.d("Usages.aspx/BindMultiMeter", meters, token="")
    assert "CSRF" in refused["dtException"][0]["MessageInformation"]
    wrong = await browser.d("Usages.aspx/BindMultiMeter", meters, token="x" * 64)
    assert "dtException" in wrong
    # ACWD2 uses the login page's token throughout; ACWD1 re-reads it from the usage page.
    assert (await browser.d("Usages.aspx/BindMultiMeter", meters))["MeterDetails"]
    assert await browser.page_token("usages.aspx?type=WU") == login_token
    upper = {"CSRFToken": login_token}
    assert await browser.d(
        "usages.aspx/bindmultimeter", meters, token="", headers=upper
    )
    # Sliding expiry: 20 idle minutes.
    portal.advance(timedelta(minutes=15))
    assert await browser.d("Usages.aspx/BindMultiMeter", meters)
    portal.advance(timedelta(minutes=15))
    assert await browser.d("Usages.aspx/BindMultiMeter", meters)
    portal.advance(timedelta(minutes=21))
    assert await browser.call(WATER, _usage("H", "December 9, 2025")) == (
        200,
        {"d": None},
    )
    status, _, response = await browser.get("Usages.aspx?type=WU", follow=False)
    assert status == 302
    assert re.fullmatch(r"/portal\?r=[A-Za-z0-9/%=]+", response.headers["Location"])
    await browser.login(DEMO_USERNAME)
    assert browser.token != login_token
    assert "dtException" in await browser.d(WATER, _usage("H"), token=login_token)
    portal.expire_all_tokens()
    assert (await browser.call("BillDashboard.aspx/LoadBilling", {"IsDashboard": 1}))[
        1
    ] == {"d": None}
    await browser.login(DEMO_USERNAME)
    status, page, _ = await browser.get("signout.aspx")
    assert status == 200
    assert "txtLogin" in page
    assert (await browser.call("Usages.aspx/BindMultiMeter", meters))[1] == {"d": None}


async def test_real_day_and_units(acwd: tuple[SewPortal, Browser]) -> None:
    """The real ACWD day comes back as captured, in gallons (G) or HCF (W)."""
    portal, browser = acwd
    await browser.login(DEMO_USERNAME)
    captured = load_realworld("sew/acwd-web-LoadWaterUsage-hourly-2025-12-09.json")[
        "objUsageGenerationResultSetTwo"
    ]
    meters = (await browser.d("Usages.aspx/BindMultiMeter", {"MeterType": "W"}))[
        "MeterDetails"
    ]
    assert [(m["MeterNumber"], m["IsAMI"], m["Status"]) for m in meters] == [
        (ACWD_METER, True, 1)
    ]
    for day in ("December 9, 2025", "December 09, 2025", "12/09/2025", "12/09/25"):
        rows = (await browser.d(WATER, _usage("H", day)))[
            "objUsageGenerationResultSetTwo"
        ]
        assert [
            {"Hourly": r["Hourly"], "UsageValue": r["UsageValue"]} for r in rows
        ] == (captured)
        assert {r["UsageDate"] for r in rows} == {"December 9, 2025"}
    hcf = (await browser.d(WATER, _usage("H", "December 9, 2025", Type="W")))[
        "objUsageGenerationResultSetTwo"
    ]
    assert hcf[13]["UsageValue"] == round(58.87 / 748, 4)
    truth = [value for _, value in portal.true_hourly(ACWD_METER, REAL_DAY)]
    assert truth == [row["UsageValue"] for row in captured]
    assert (await browser.d(WATER, _usage("H", "not a date")))[
        "objUsageGenerationResultSetTwo"
    ] == []


async def test_quarter_hours_days_cycles_and_projection(
    acwd: tuple[SewPortal, Browser],
) -> None:
    """Mode H + Q gives quarters; D a range of days; B the cycles; the projection."""
    portal, browser = acwd
    await browser.login(DEMO_USERNAME)
    day = date(2025, 12, 8)
    hourly = (await browser.d(WATER, _usage("H", "December 8, 2025")))[
        "objUsageGenerationResultSetTwo"
    ]
    quarters = (await browser.d(WATER, _usage("H", "December 8, 2025", "Q")))[
        "objUsageGenerationResultSetTwo"
    ]
    assert len(hourly) == 24
    assert len(quarters) == 96
    assert [(q["Hour"], q["Minute"]) for q in quarters[:3]] == [
        (0, 0),
        (0, 15),
        (0, 30),
    ]
    assert quarters[5]["Hourly"] == "1:15 AM"
    for hour in range(24):
        part = sum(q["UsageValue"] for q in quarters if q["Hour"] == hour)
        assert part == pytest.approx(hourly[hour]["UsageValue"], abs=1e-6)
    assert (await browser.d(WATER, _usage("MI", "December 8, 2025")))[
        "objUsageGenerationResultSetTwo"
    ] == []
    daily = (
        await browser.d(
            WATER, _usage("D", DateFromDaily="12/01/2025", DateToDaily="12/12/2025")
        )
    )["objUsageGenerationResultSetTwo"]
    assert [r["UsageDate"] for r in daily][:2] == [
        "December 1, 2025",
        "December 2, 2025",
    ]
    assert len(daily) == 12
    assert daily[7]["UsageValue"] == pytest.approx(portal.day_total(ACWD_METER, day))
    latest = portal.latest_published_day
    assert latest == date(2025, 12, 12)
    assert portal.partial_day == latest
    partial = (await browser.d(WATER, _usage("H", "December 12, 2025")))[
        "objUsageGenerationResultSetTwo"
    ]
    assert 0 < len(partial) < 24
    answer = await browser.d(WATER, _usage("B"))
    cycles = answer["objUsageGenerationResultSetTwo"]
    assert cycles[-1]["FromDate"] == "November 1, 2025"
    assert cycles[-1]["UsageValue"] == pytest.approx(
        portal.cycle_total(ACWD_METER, date(2025, 11, 1))[0]
    )
    assert cycles[-1]["ServiceCharge"] == 24.3
    projection = answer["getTentativeData"][0]
    so_far = sum(
        r.value
        for d in range(12)
        for r in portal.published_hourly(ACWD_METER, date(2025, 12, 1) + timedelta(d))
    )
    assert projection["SoFar"] == pytest.approx(so_far, abs=0.01)
    assert projection["ExpectedUsage"] == pytest.approx(so_far / 12 * 31, abs=0.05)
    assert projection["Highest"] >= projection["Average"] > 0


async def test_publication_behaviours(acwd: tuple[SewPortal, Browser]) -> None:
    """Withheld days, restated days and injected readings reach the web answers."""
    portal, browser = acwd
    await browser.login(DEMO_USERNAME)
    day = date(2025, 12, 5)
    text = "December 5, 2025"
    portal.withhold(ACWD_METER, day, style="no_records", times=1)
    assert await browser.call(WATER, _usage("H", text)) == (200, {"d": ""})
    portal.withhold(ACWD_METER, day, hours=[0, 1], times=1)
    rows = (await browser.d(WATER, _usage("H", text)))["objUsageGenerationResultSetTwo"]
    assert rows[0]["Hourly"] == "2:00 AM"
    assert len(rows) == 22
    restated = portal.restate(ACWD_METER, day, factor=2.0)
    rows = (await browser.d(WATER, _usage("H", text)))["objUsageGenerationResultSetTwo"]
    assert [r["UsageValue"] for r in rows] == [value for _, value in restated]
    start = datetime(2025, 12, 5, 3, tzinfo=LOS_ANGELES)
    portal.inject_reading(ACWD_METER, start, -7.5)
    rows = (await browser.d(WATER, _usage("H", text)))["objUsageGenerationResultSetTwo"]
    assert rows[3]["UsageValue"] == -7.5
    portal.inject(Fault.SERVER_ERROR, meter=ACWD_METER, times=1)
    error = await browser.d(WATER, _usage("H", text))
    assert error["dtException"][0]["StatusCode"] == "0"
    portal.inject(Fault.WRONG_SHAPE, path="*/LoadBilling", times=1)
    assert await browser.d("BillDashboard.aspx/LoadBilling", {"IsDashboard": 1}) == {
        "Data": "Unexpected"
    }
    portal.inject(Fault.SERVER_ERROR, methods=("GET",), times=1)
    assert (await browser.get("Dashboard.aspx"))[0] == 500


async def test_two_contracts_and_bills(acwd: tuple[SewPortal, Browser]) -> None:
    """The address list switches the session's contract; every answer follows it."""
    portal, browser = acwd
    rows = await browser.login(DEMO_TWO_CONTRACTS_USERNAME)
    assert len(rows) == 2
    assert rows[0]["IsDefaultAccount"] == "1"
    _, page, _ = await browser.get("Dashboard.aspx")
    items = parse(page).items
    assert [item["data-id"] for item in items] == [
        r["UtilityAccountNumber"] for r in rows
    ]
    options = parse(page).options
    assert [o["value"].split(":")[1] for o in options] == [
        i["addressid"] for i in items
    ]
    assert "selected" in options[0]
    assert options[0]["value"].split(":")[7] == "W"
    balance = await browser.d("BillDashboard.aspx/LoadBilling", {"IsDashboard": 1})
    home_bill = portal.bills(rows[0]["AccountNumber"])[0]
    assert balance["ToTalBalance"] == f"{home_bill.amount:.2f}"
    assert balance["BillDue"] == f"{home_bill.due_date:%m/%d/%Y}"
    switch = {"ddlAddressSelectedValue": items[1]["addressid"]}
    assert await browser.call("Common.aspx/HandleAddressDropDownChange", switch) == (
        200,
        {"d": None},
    )
    meters = await browser.d("Usages.aspx/BindMultiMeter", {"MeterType": "W"})
    assert [m["MeterNumber"] for m in meters["MeterDetails"]] == [ACWD_RENTAL_METER]
    # A client that keeps the first contract's meter number gets the rental's rows.
    rows_b = (await browser.d(WATER, _usage("H", "December 8, 2025")))[
        "objUsageGenerationResultSetTwo"
    ]
    rental = portal.published_hourly(ACWD_RENTAL_METER, date(2025, 12, 8))
    assert [r["UsageValue"] for r in rows_b] == [r.value for r in rental]
    assert {r["MeterNumber"] for r in rows_b} == {ACWD_RENTAL_METER}
    balance = await browser.d("BillDashboard.aspx/LoadBilling", {"IsDashboard": 1})
    assert (
        balance["ToTalBalance"]
        == f"{portal.bills(rows[1]['AccountNumber'])[0].amount:.2f}"
    )
    unpaid = await browser.d("BillDashboard.aspx/BindUnpaidInvoicesdetailsinGrid")
    assert [u["contractAccountID"] for u in unpaid] == [rows[0]["UtilityAccountNumber"]]
    assert unpaid[0]["dueDate"] == f"{home_bill.due_date:%d/%m/%Y}"
    history = await browser.d(
        "BillingHistory.aspx/LoadW2UIGridData",
        {"tabType": "menu1", "fromDate": "", "toDate": "", "invoiceType": ""},
    )
    assert len(history) == len(portal.bills(rows[1]["AccountNumber"]))
    await browser.call(
        "Common.aspx/HandleAddressDropDownChange",
        {"ddlAddressSelectedValue": options[0]["value"]},
    )
    meters = await browser.d("Usages.aspx/BindMultiMeter", {"MeterType": "W"})
    assert meters["MeterDetails"][0]["MeterNumber"] == ACWD_METER
    status, error = await browser.call("Usages.aspx/NoSuchMethod", {})
    assert status == 500
    assert "Message" in error
    assert (await browser.get("NoSuchPage.aspx"))[0] == 404
    async with browser.http.post(
        browser.url + "Usages.aspx/BindMultiMeter",
        data=json.dumps({"MeterType": "W"}),
        headers={"Content-Type": "text/plain", "csrftoken": browser.token},
    ) as response:
        assert response.status == 500


async def test_demo_description(start_portal: PortalFactory) -> None:
    """`python -m simulators --sew-tenant acwd` prints the URL a user pastes."""
    from simulators.sew import describe

    portal, base_url = await start_portal(profile="acwd", now=NOW)
    text = describe(portal, base_url)
    assert f"{base_url}/portal/" in text
    assert DEMO_MIGRATED_USERNAME in text
