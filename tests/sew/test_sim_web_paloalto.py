"""The `paloalto` profile over HTTP: CPAU's web portal as jsinnott/cpau's captures show it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
import re
from zoneinfo import ZoneInfo

import pytest

from simulators.sew import (
    DEMO_2FA_USERNAME,
    DEMO_MIGRATED_USERNAME,
    DEMO_USERNAME,
    PALO_ALTO_COTTAGE_ELECTRIC,
    PALO_ALTO_ELECTRIC,
    PALO_ALTO_GAS,
    PALO_ALTO_OLD_ELECTRIC,
    PALO_ALTO_WATER,
    Channel,
    SewPortal,
    WebPortal,
)

from .conftest import PortalFactory
from .web_browser import Browser, field_value, new_http, parse

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
NOW = datetime(2025, 12, 20, 9, 0, tzinfo=LOS_ANGELES)
USAGE = "Usages.aspx/LoadUsage"
# The keys of a LoadUsage row and of the answer, in the order of jsinnott/cpau @ f6351643
# dev-tools/electric/api_responses.json (Mode M).
ROW_KEYS = [
    "TierNumber",
    "TouName",
    "UsageType",
    "Month",
    "Year",
    "UsageDate",
    "UsageValue",
    "DemandValue",
    "FromDate",
    "ToDate",
    "UsageColorCode",
    "WeatherUsageDate",
    "DemandColorCode",
    "Tooltip",
    "MaxUsage",
    "BillPeriod",
    "Ordering",
    "UserType",
    "Type",
    "NEMData",
    "RateCategory",
    "Hourly",
    "DateOfReading",
]
ANSWER_KEYS = [
    "objUsageGenerationResultSetOne",
    "objUsageGenerationResultSetTwo",
    "objUsageGenerationResultSetThree",
    "listUsageColor",
    "getTentativeData",
    "UsageUserType",
    "NEMData",
    "LatestUsageDate",
    "LatestUsageDateModel",
]


def _usage(
    mode: str, day: str = "", meter: str = PALO_ALTO_ELECTRIC
) -> dict[str, object]:
    """Return the LoadUsage body of CPAU's library (electric_meter.py:314-328, 425-439)."""
    return {
        "UsageOrGeneration": "1",
        "Type": "K",
        "Mode": mode,
        "strDate": day,
        "hourlyType": "H",
        "SeasonId": "" if mode == "M" else 0,
        "weatherOverlay": 0,
        "usageyear": "",
        "MeterNumber": meter,
        "DateFromDaily": "",
        "DateToDaily": "",
        "IsTier": True,
        "IsTou": False,
    }


@pytest.fixture
async def cpau(
    start_portal: PortalFactory, socket_enabled: None
) -> AsyncIterator[tuple[SewPortal, Browser]]:
    """Yield the portal and a browser on the URL a user pastes."""
    portal, base_url = await start_portal(profile="paloalto", now=NOW)
    async with new_http() as http:
        yield portal, Browser(http, WebPortal.of(portal).portal_url(base_url))


async def _cpau_login(browser: Browser) -> list[dict[str, str]]:
    """Log in as CPAU's library does (session.py:77-115), then read Usages.aspx's token."""
    _, page, _ = await browser.get()
    found = re.search(r'name="__RequestVerificationToken".*?value="([^"]+)"', page)
    assert found is not None
    body = {
        "username": DEMO_USERNAME,
        "password": "Prairie-Sun-2025!",
        "rememberme": False,
        "calledFrom": "LN",
        "ExternalLoginId": "",
        "LoginMode": "1",
    }
    rows: list[dict[str, str]] = await browser.d(
        "Default.aspx/validateLogin", body, token=found.group(1)
    )
    _, usages, _ = await browser.get("Usages.aspx")
    token = re.search(r'name="ctl00\$hdnCSRFToken".*?value="([^"]+)"', usages)
    assert token is not None
    browser.token = token.group(1)
    assert browser.token != found.group(1)
    return rows


async def test_redirects_tokens_and_login(cpau: tuple[SewPortal, Browser]) -> None:
    """The browser trace: 302 to the login page, 301 to the folder, back after login."""
    _, browser = cpau
    folder = browser.url.rstrip("/")
    async with browser.http.get(
        folder + "/Usages.aspx", allow_redirects=False
    ) as first:
        assert first.status == 302
        location = first.headers["Location"]
    assert re.fullmatch(r"/Portal\?r=[A-Za-z0-9/%=]+", location)
    origin = folder.removesuffix("/Portal")
    async with browser.http.get(origin + location, allow_redirects=False) as second:
        assert second.status == 301
        assert second.headers["Location"] == "/Portal/?" + location.split("?", 1)[1]
    async with browser.http.get(origin + location) as page:
        text = await page.text()
    assert field_value(text, by_id="hdnCSRFToken") is None
    verification = field_value(text, by_name="__RequestVerificationToken")
    rows = await browser.d(
        "Default.aspx/validateLogin",
        {"username": DEMO_USERNAME, "password": "Prairie-Sun-2025!"},
        token=verification,
    )
    assert [row["IsDefaultAccount"] for row in rows] == ["1", "0"]
    assert rows[0]["DashboardOption"] == "2"
    assert rows[0]["MeterType"] == "E,G,W"
    refused = await browser.d(
        "Usages.aspx/BindMultiMeter", {"MeterType": "E"}, token=verification
    )
    assert "CSRF" in refused["dtException"][0]["MessageInformation"]
    async with browser.http.get(
        folder + "/DashboardCustom.aspx", allow_redirects=False
    ) as back:
        assert back.status == 302
        assert back.headers["Location"] == "/Portal/Usages.aspx"
    status, dashboard, _ = await browser.get("DashboardCustom.aspx")
    assert status == 200
    assert 'class="godomornig"' in dashboard


async def test_meters_and_inversion_as_captured(
    cpau: tuple[SewPortal, Browser],
) -> None:
    """BindMultiMeter is indented JSON with CRLF, old meters Status 0; IsInverted verbatim."""
    _, browser = cpau
    await _cpau_login(browser)
    status, envelope = await browser.call(
        "Usages.aspx/BindMultiMeter", {"MeterType": "E"}
    )
    assert status == 200
    text = envelope["d"]
    assert text.startswith(
        '{\r\n  "MeterDetails": [\r\n    {\r\n      "MeterType": "E",'
    )
    meters = await browser.d("Usages.aspx/BindMultiMeter", {"MeterType": "E"})
    assert list(meters) == ["MeterDetails", "MeterCheckIsAMI", "HighUsage"]
    assert [
        (m["MeterNumber"], m["Status"], m["IsAMI"]) for m in meters["MeterDetails"]
    ] == [
        (PALO_ALTO_ELECTRIC, 1, True),
        (PALO_ALTO_OLD_ELECTRIC, 0, False),
    ]
    assert meters["MeterDetails"][0]["MeterAttribute2"] == "E1N2"
    assert list(meters["MeterDetails"][0]) == [
        "MeterType",
        "MeterNumber",
        "IsAMI",
        "Status",
        "Address",
        "MeterAttribute2",
        "MeterAttribute5",
    ]
    assert meters["MeterCheckIsAMI"] == [
        {"IsAMI": True, "ShowDecimal": True, "UptoDecimalPlaces": 2}
    ]
    assert await browser.call("Usages.aspx/IsInverted", {}) == (
        200,
        {"d": '{"NetUsageInversion": "True","ShowDecimal": "True"}'},
    )


async def test_billing_periods_are_net_metered(cpau: tuple[SewPortal, Browser]) -> None:
    """Mode M: 13 periods, an Eusage (negative) and an IUsage row each, the capture's keys."""
    portal, browser = cpau
    await _cpau_login(browser)
    answer = await browser.d(USAGE, _usage("M"))
    assert list(answer) == ANSWER_KEYS
    rows = answer["objUsageGenerationResultSetTwo"]
    assert len(rows) == 26
    assert all(list(row) == ROW_KEYS for row in rows)
    assert [row["UsageType"] for row in rows[:2]] == ["Eusage", "IUsage"]
    first, last = portal.billing_cycles()[-1]
    export, imported = rows[-2], rows[-1]
    assert imported["UsageValue"] == round(
        portal.cycle_total(PALO_ALTO_ELECTRIC, first)[0]
    )
    exported = portal.cycle_total(PALO_ALTO_ELECTRIC, first, Channel.EXPORT)[0]
    assert export["UsageValue"] == -round(exported)
    assert imported["DemandValue"] == round(imported["UsageValue"] * 1.2, 1)
    assert imported["BillPeriod"] == f"{first:%m/%d/%y} to {last:%m/%d/%y}"
    assert (imported["Month"], imported["UsageDate"]) == (
        last.month,
        f"{last:%m}/01/{last:%y}",
    )
    assert imported["Tooltip"] == "Monthly Import Electricity (kWh)"
    assert answer["getTentativeData"] == []
    assert answer["UsageUserType"] == [{"UserType": "NEM 2.0", "RateCategory": "E1N2"}]
    latest = portal.latest_published_day
    assert answer["LatestUsageDateModel"] == [{"LatestUsageDate": f"{latest:%m-%d-%y}"}]
    assert latest == date(2025, 12, 18)


async def test_days_hours_and_quarter_hours(cpau: tuple[SewPortal, Browser]) -> None:
    """D: 30 days ending on strDate; H and MI: one day, "HH:MM", import and export."""
    portal, browser = cpau
    await _cpau_login(browser)
    day = date(2025, 12, 9)
    daily = (await browser.d(USAGE, _usage("D", "12/09/25")))[
        "objUsageGenerationResultSetTwo"
    ]
    assert len(daily) == 60
    assert (daily[0]["UsageDate"], daily[-1]["UsageDate"]) == ("11/10/25", "12/09/25")
    assert daily[-1]["UsageValue"] == pytest.approx(
        portal.day_total(PALO_ALTO_ELECTRIC, day)
    )
    assert daily[-2]["UsageValue"] == pytest.approx(
        -portal.day_total(PALO_ALTO_ELECTRIC, day, Channel.EXPORT)
    )
    hourly = (await browser.d(USAGE, _usage("H", "12/09/25")))[
        "objUsageGenerationResultSetTwo"
    ]
    imports = [row for row in hourly if row["UsageType"] == "IUsage"]
    exports = [row for row in hourly if row["UsageType"] == "Eusage"]
    assert [row["Hourly"] for row in imports[:2]] == ["00:00", "01:00"]
    assert [r["UsageValue"] for r in imports] == [
        r.value for r in portal.published_hourly(PALO_ALTO_ELECTRIC, day)
    ]
    assert [-r["UsageValue"] for r in exports] == [
        r.value
        for r in portal.published_hourly(PALO_ALTO_ELECTRIC, day, Channel.EXPORT)
    ]
    assert any(r["UsageValue"] < 0 for r in exports)
    tango = (await browser.d(USAGE, _usage("MI", "09-December-25")))[
        "objUsageGenerationResultSetTwo"
    ]
    assert len(tango) == 192
    assert [r["Hourly"] for r in tango[:4:2]] == ["00:00", "00:15"]
    quarter_sum = sum(r["UsageValue"] for r in tango if r["UsageType"] == "IUsage")
    assert quarter_sum == pytest.approx(sum(r["UsageValue"] for r in imports), abs=1e-6)
    # The fall-back day lists 25 hours: "01:00" twice.
    fall = (await browser.d(USAGE, _usage("H", "11/02/25")))[
        "objUsageGenerationResultSetTwo"
    ]
    labels = [r["Hourly"] for r in fall if r["UsageType"] == "IUsage"]
    assert len(labels) == 25
    assert labels.count("01:00") == 2
    # The browser sends strDate "" and gets the newest day; a day not published yet is empty.
    newest = (await browser.d(USAGE, _usage("H")))["objUsageGenerationResultSetTwo"]
    assert newest[0]["UsageDate"] == f"{portal.latest_published_day:%m/%d/%y}"
    assert (await browser.d(USAGE, _usage("H", "12/19/25")))[
        "objUsageGenerationResultSetTwo"
    ] == []
    money = (await browser.d(USAGE, _usage("H", "12/09/25") | {"Type": "D"}))[
        "objUsageGenerationResultSetTwo"
    ]
    costs = [r.cost for r in portal.published_hourly(PALO_ALTO_ELECTRIC, day)]
    assert [r["UsageValue"] for r in money if r["UsageType"] == "IUsage"] == [
        round(c or 0.0, 2) for c in costs
    ]


async def test_two_contracts_gas_and_water(cpau: tuple[SewPortal, Browser]) -> None:
    """One login, two service addresses; gas and water (unverified at CPAU) as PGW/ACWD ask."""
    portal, browser = cpau
    rows = await _cpau_login(browser)
    _, page, _ = await browser.get("Usages.aspx")
    options = parse(page).options
    assert [o["value"].split(":")[6] for o in options] == [
        r["UtilityAccountNumber"] for r in rows
    ]
    gas = await browser.d(
        "Usages.aspx/LoadGasUsage",
        {
            "Type": "C",
            "Mode": "D",
            "strDate": "12/09/25",
            "hourlyType": "H",
            "seasonId": "",
            "weatherOverlay": "0",
            "usageyear": "",
            "MeterNumber": "",
            "DateFromDaily": "",
            "DateToDaily": "",
            "HistID": "0",
            "requiredDataType": 0,
        },
    )
    assert [r["UsageValue"] for r in gas["objUsageGenerationResultSetTwo"]] == [
        r.value for r in portal.published_hourly(PALO_ALTO_GAS, date(2025, 12, 9))
    ]
    water = await browser.d(
        "Usages.aspx/LoadWaterUsage",
        {"Type": "G", "Mode": "H", "strDate": "December 9, 2025", "hourlyType": "H"},
    )
    assert len(water["objUsageGenerationResultSetTwo"]) == 24
    assert water["objUsageGenerationResultSetTwo"][0]["UsageType"] is None
    switch = {"ddlAddressSelectedValue": options[1]["value"].split(":")[1]}
    assert await browser.d("Common.aspx/HandleAddressDropDownChange", switch) is None
    meters = await browser.d("Usages.aspx/BindMultiMeter", {"MeterType": "E"})
    assert [m["MeterNumber"] for m in meters["MeterDetails"]] == [
        PALO_ALTO_COTTAGE_ELECTRIC
    ]
    assert await browser.call("Usages.aspx/BindMultiMeter", {"MeterType": "G"}) == (
        200,
        {"d": ""},
    )
    # The first contract's meter number now gets the cottage's rows (no export rows).
    cottage = (await browser.d(USAGE, _usage("H", "12/09/25")))[
        "objUsageGenerationResultSetTwo"
    ]
    assert {r["UsageType"] for r in cottage} == {"IUsage"}
    assert [r["UsageValue"] for r in cottage] == [
        r.value
        for r in portal.published_hourly(PALO_ALTO_COTTAGE_ELECTRIC, date(2025, 12, 9))
    ]
    assert (await browser.d(USAGE, _usage("M")))["UsageUserType"][0]["UserType"] == (
        "Residential"
    )
    unpaid = await browser.d("BillDashboard.aspx/BindUnpaidInvoicesdetailsinGrid")
    assert [u["contractAccountID"] for u in unpaid] == [rows[0]["UtilityAccountNumber"]]
    assert PALO_ALTO_WATER in {m.number for m in portal.meters.values()}


async def test_login_shapes_and_expiry(cpau: tuple[SewPortal, Browser]) -> None:
    """A refusal is a dtResponse table here; two-factor, migrated; expiry answers null."""
    portal, browser = cpau
    refused = await browser.login(DEMO_USERNAME, "wrong")
    assert refused["dtResponse"][0]["Message"]
    assert "Table" in await browser.login(DEMO_2FA_USERNAME)
    assert await browser.login(DEMO_MIGRATED_USERNAME) == "Migrated User Found"
    await _cpau_login(browser)
    assert await browser.d(USAGE, _usage("M"))
    portal.advance(timedelta(minutes=20))
    assert await browser.call(USAGE, _usage("M")) == (200, {"d": None})
    status, _, response = await browser.get("Usages.aspx", follow=False)
    assert (status, response.headers["Location"][:10]) == (302, "/Portal?r=")
