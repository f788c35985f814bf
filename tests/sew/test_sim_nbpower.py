"""The `nbpower` profile over HTTP: NB Power's WidgetAPI as its peers and the capture show it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import aiohttp
import pytest

from simulators.sew import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    NB_ACCOUNT,
    NB_POWER_RATE,
    SewPortal,
    nbpower_tentative,
)

from .conftest import PortalFactory

METER = "NBP5512093"
UAN = "80244170"


async def _post(
    http: aiohttp.ClientSession,
    url: str,
    body: dict[str, Any],
    token: str | None,
) -> tuple[int, Any]:
    """POST as P7's `_widget_post_json` does: Token header and body member."""
    headers = {"Content-Type": "application/json", "X-SEW": "", "Authorization": ""}
    if token is not None:
        headers["Token"] = token
        body = {**body, "Token": token}
    async with http.post(url, json=body, headers=headers) as response:
        return response.status, await response.json()


def _usage_body(mode: str, day: date | None = None, **extra: Any) -> dict[str, Any]:
    """Return the GetUsageGeneration body P7's `get_usage` sends."""
    return {
        "Type": "K",
        "Mode": mode,
        "strdate": f"{day.month}/{day.day}/{day.year}" if day else None,
        "enddate": None,
        "date": f"{day:%B} {day.day}, {day.year}" if day else None,
        "hourlyType": "H",
        "seasonId": "",
        "weatherOverlay": 1,
        "usageyear": "",
        "MeterNumber": "",
        "DateFromDaily": "",
        "DateToDaily": "",
        "IsNetUsage": "false",
        "IsNewUsageApi": "true",
        "usageType": "e",
        "LanguageCode": "EN",
        "AccountNumber": NB_ACCOUNT,
        "UtilityAccountNumber": UAN,
        "UserType": "Residential",
        "Uom": "kW",
        "RatePlanCategoryName": "RES_URBAN",
        **extra,
    }


@pytest.fixture
async def nbpower(
    start_portal: PortalFactory,
) -> tuple[SewPortal, str, str]:
    """Return the portal, its WidgetAPI URL and a pasted widget token."""
    portal, base_url = await start_portal(profile="nbpower")
    return portal, f"{base_url}/WidgetAPI", portal.issue_token("widget")


async def _usage(
    http: aiohttp.ClientSession, api: str, token: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Return a usage answer's Data."""
    status, answer = await _post(http, f"{api}/Usage/GetUsageGeneration", body, token)
    assert status == 200
    assert answer["result"]["Status"] == 1
    data: dict[str, Any] = answer["result"]["Data"]
    return data


async def test_tokens_and_account_ids(
    nbpower: tuple[SewPortal, str, str], http: aiohttp.ClientSession
) -> None:
    """The pasted token works on usage, VerifyToken refuses it, ids are required."""
    portal, api, token = nbpower
    assert await _post(http, f"{api}/Token/VerifyToken", {}, token) == (
        200,
        {"result": {"Status": 0, "Message": "Token has been expired.", "Data": None}},
    )
    page_token = portal.issue_token("widget-page")
    status, verified = await _post(
        http, f"{api}/Token/VerifyToken", {"Token": page_token}, None
    )
    assert status == 200
    assert verified["result"]["Data"] == {
        "AccountNumber": int(NB_ACCOUNT),
        "UtilityAccountNumber": UAN,
    }
    assert verified["responsestatus"] == 1
    meters_body = {
        "AccountNumber": NB_ACCOUNT,
        "UtilityAccountNumber": UAN,
        "MeterType": "E",
    }
    status, meters = await _post(http, f"{api}/Usage/GetMultiMeter", meters_body, token)
    assert status == 200
    assert [row["MeterNumber"] for row in meters["result"]["MeterDetails"]] == [METER]
    without_ids = _usage_body("D", AccountNumber="", UtilityAccountNumber="")
    assert await _post(http, f"{api}/Usage/GetUsageGeneration", without_ids, token) == (
        400,
        {"responsestatus": -1},
    )
    portal.advance(timedelta(days=1))
    assert (
        await _post(http, f"{api}/Usage/GetUsageGeneration", _usage_body("D"), token)
    )[1]["result"]["Message"] == "Token has been expired."
    assert (await _post(http, f"{api}/Usage/GetMultiMeter", meters_body, "nope"))[1][
        "result"
    ]["Status"] == 0


async def test_monthly_rows_and_projection(
    nbpower: tuple[SewPortal, str, str], http: aiohttp.ClientSession
) -> None:
    """Mode M: 36 cycles (27th to 26th) with the live projection block's semantics."""
    portal, api, token = nbpower
    data = await _usage(http, api, token, _usage_body("M"))
    rows = data["objUsageGenerationResultSetTwo"]
    assert len(rows) == 36
    newest = rows[0]
    first, last = portal.billing_cycles()[-1]
    assert (first.day, last.day) == (27, 26)
    assert newest["UsageDate"] == "January 1, 0001"
    assert newest["FromDate"] == f"{first:%B} {first.day}, {first.year}"
    assert newest["BillingDays"] == (last - first).days + 1
    kwh, cost = portal.cycle_total(METER, first)
    assert newest["Consumption"] == newest["UsageValue"] == round(kwh)
    assert newest["Amount"] == pytest.approx(cost, abs=0.1)

    block = data["getTentativeData"][0]
    capture = nbpower_tentative()
    assert block.keys() == capture.keys()
    assert all(isinstance(block[key], float) for key in ("SoFar", "ProjectedBill"))
    assert block["ExpectedUsage"] == capture["ExpectedUsage"] == 0.0
    assert block["ProjectedBillDollar"] == pytest.approx(
        block["ProjectedBill"] * NB_POWER_RATE, abs=0.01
    )
    assert capture["ProjectedBillDollar"] == pytest.approx(
        capture["ProjectedBill"] * NB_POWER_RATE, abs=0.01
    )
    current = portal.cycle_start(portal.today)
    so_far = sum(
        portal.day_total(METER, current + timedelta(days=i))
        for i in range((portal.latest_published_day - current).days + 1)
    )
    assert block["SoFar"] == round(so_far)
    assert block["SoFar"] < block["ProjectedBill"]
    history = [
        portal.cycle_total(METER, f)[0] for f, _ in portal.billing_cycles()[-36:]
    ]
    assert block["Highest"] == round(max(history))
    # Other modes embed a zeroed block.
    daily = await _usage(http, api, token, _usage_body("D"))
    assert daily["getTentativeData"][0]["ProjectedBill"] == 0.0


async def test_daily_window_ignores_dates(
    nbpower: tuple[SewPortal, str, str], http: aiohttp.ClientSession
) -> None:
    """Mode D answers the same trailing window whatever is asked, last two estimated."""
    portal, api, token = nbpower
    asked = _usage_body("D", DateFromDaily="2024-01-01", DateToDaily="2024-01-31")
    rows = (await _usage(http, api, token, asked))["objUsageGenerationResultSetTwo"]
    assert (
        rows
        == (await _usage(http, api, token, _usage_body("D")))[
            "objUsageGenerationResultSetTwo"
        ]
    )
    assert len(rows) == 30
    assert [row["ValidationStatus"] for row in rows[-3:]] == [
        "Validated",
        "Estimated",
        "Estimated",
    ]
    day = portal.latest_published_day - timedelta(days=10)
    row = next(r for r in rows if r["UsageDate"] == f"{day:%B} {day.day}, {day.year}")
    assert row["Consumption"] == portal.day_total(METER, day, published=False)
    money = await _usage(http, api, token, _usage_body("D", Type="D"))
    dollars = next(
        r
        for r in money["objUsageGenerationResultSetTwo"]
        if r["UsageDate"] == row["UsageDate"]
    )
    assert dollars["UsageValue"] == dollars["Amount"] == row["Amount"]
    assert dollars["Consumption"] == row["Consumption"]


async def test_interval_modes(
    nbpower: tuple[SewPortal, str, str], http: aiohttp.ClientSession
) -> None:
    """MI: 96 quarters of one day (100 on the fall-back day); Mi nothing; H yesterday."""
    portal, api, token = nbpower
    day = date(2025, 10, 20)
    rows = (await _usage(http, api, token, _usage_body("MI", day)))[
        "objUsageGenerationResultSetTwo"
    ]
    assert len(rows) == 96
    assert rows[1]["Hourly"] == "00:15"
    assert sum(r["Consumption"] for r in rows) == pytest.approx(
        portal.day_total(METER, day, published=False)
    )
    fall_back = date(2025, 11, 2)
    assert (
        len(
            (await _usage(http, api, token, _usage_body("MI", fall_back)))[
                "objUsageGenerationResultSetTwo"
            ]
        )
        == 100
    )
    lower = await _usage(http, api, token, _usage_body("Mi", day))
    assert lower["objUsageGenerationResultSetTwo"] == []
    # An unpublished day answers with the latest published day's rows.
    tomorrow = await _usage(http, api, token, _usage_body("MI", portal.today))
    latest = portal.latest_published_day
    assert {r["UsageDate"] for r in tomorrow["objUsageGenerationResultSetTwo"]} == {
        f"{latest:%B} {latest.day}, {latest.year}"
    }
    hourly = (await _usage(http, api, token, _usage_body("H", day)))[
        "objUsageGenerationResultSetTwo"
    ]
    assert {r["UsageDate"] for r in hourly} == {
        f"{latest:%B} {latest.day}, {latest.year}"
    }
    assert len(hourly) == len(portal.published_hourly(METER, latest))
    status, ranged = await _post(
        http,
        f"{api}/Usage/GetUsageGeneration",
        _usage_body("MI", day, enddate="10/21/2025"),
        token,
    )
    assert (status, ranged["result"]["Status"]) == (200, 0)
    old = await _usage(http, api, token, _usage_body("MI", day - timedelta(days=400)))
    assert old["objUsageGenerationResultSetTwo"] == []


async def test_partial_day_in_blocks(
    nbpower: tuple[SewPortal, str, str], http: aiohttp.ClientSession
) -> None:
    """A day published in blocks (hours 08-15 missing) answers 64 of 96 quarters."""
    portal, api, token = nbpower
    day = date(2025, 10, 30)
    portal.withhold(METER, day, hours=range(8, 16))
    rows = (await _usage(http, api, token, _usage_body("MI", day)))[
        "objUsageGenerationResultSetTwo"
    ]
    assert len(rows) == 64
    assert not any("08:00" <= r["Hourly"] < "16:00" for r in rows)


async def _sign_in(http: aiohttp.ClientSession, base_url: str, password: str) -> str:
    """Sign in as P7's `_prime_session`/`_login` do; return the page the browser ends on."""
    async with http.get(f"{base_url}/Default.aspx") as response:
        assert "btnEnglish" in await response.text()
    async with http.post(
        f"{base_url}/Default.aspx", data={"btnEnglish": "English"}
    ) as response:
        assert response.status == 200
    async with http.get(f"{base_url}/auth/weblogin.aspx") as response:
        page = await response.text()
    assert 'name="ctl00$contentPlaceHolder$hdnCaptchaText"' in page
    async with http.post(
        f"{base_url}/auth/weblogin.aspx",
        data={
            "ctl00$contentPlaceHolder$txtUsername": DEMO_USERNAME,
            "ctl00$contentPlaceHolder$txtPassword": password,
            "ctl00$contentPlaceHolder$btnLogin": "Login",
            "ctl00$contentPlaceHolder$hdnCaptchaText": (
                "BotDetect CAPTCHA ASP.NET Form Validation"
            ),
        },
    ) as response:
        return f"{response.url.path}\n{await response.text()}"


async def test_web_sign_in_hands_out_the_page_token(
    start_portal: PortalFactory, socket_enabled: None
) -> None:
    """NB Power's site signs in with its form; the account page carries the token.

    The token is the kind VerifyToken accepts (P7 `bootstrap`), naming the account.
    """
    portal, base_url = await start_portal(profile="nbpower")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"{base_url}/Customer/AccountSummaryView.aspx") as response:
            assert response.url.path == "/auth/weblogin.aspx"
        refused = await _sign_in(http, base_url, "wrong")
        assert refused.startswith("/auth/weblogin.aspx")
        signed_in = await _sign_in(http, base_url, DEMO_PASSWORD)
        assert signed_in.startswith("/Customer/AccountSummaryView.aspx")
        token = (
            signed_in.split(
                'name="ctl00$contentPlaceHolder$ucConsumptionGraph$accountSEWToken"'
            )[1]
            .split('value="')[1]
            .split('"')[0]
        )
        status, verified = await _post(
            http, f"{base_url}/WidgetAPI/Token/VerifyToken", {}, token
        )
    assert status == 200
    assert verified["result"]["Data"] == {
        "AccountNumber": int(NB_ACCOUNT),
        "UtilityAccountNumber": UAN,
    }
    assert portal.sessions.logins[DEMO_USERNAME] == 1


async def test_web_sign_in_needs_cookies(
    start_portal: PortalFactory, socket_enabled: None
) -> None:
    """A browser that keeps no cookies is told so, as P7 and P8 expect."""
    portal, base_url = await start_portal(profile="nbpower")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        page = await _sign_in(http, base_url, DEMO_PASSWORD)
    assert "Cookies required" in page
    assert not portal.sessions.logins
