"""The `hidroelectrica` profile over HTTP: the JSON API as P1, P2 and P4 speak it."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import pytest

from simulators.sew import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    HIDRO_CONTRACT_1,
    HIDRO_CONTRACT_2,
    Channel,
    SewPortal,
)

from .conftest import PortalFactory

CONSUMER = "104522871"
PROSUMER = "104533906"


def _basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


def _ro(text: str) -> float:
    """Read a Romanian amount as P1's safe_float does."""
    return float(text.replace("RON", "").strip().replace(".", "").replace(",", "."))


async def _post(
    http: aiohttp.ClientSession, url: str, body: Any, headers: dict[str, str]
) -> tuple[int, Any]:
    async with http.post(url, json=body, headers=headers) as response:
        return response.status, await response.json(content_type=None)


async def _login(
    http: aiohttp.ClientSession, base_url: str, password: str = DEMO_PASSWORD
) -> tuple[int, Any]:
    """GetId, then ValidateUserLogin with P1's body (api.py:193-207)."""
    pre = {"SourceType": "0", "Content-Type": "application/json"}
    _, got = await _post(http, f"{base_url}/API/UserLogin/GetId", {}, pre)
    data = got["result"]["Data"]
    body = {
        "deviceType": "HomeAssistant",
        "OperatingSystem": "Linux",
        "UpdatedDate": "11/05/2025 15:30:00",
        "Deviceid": "",
        "SessionCode": "",
        "LanguageCode": "RO",
        "password": password,
        "UserId": DEMO_USERNAME,
        "TFADeviceid": "",
        "OSVersion": 14,
        "TimeOffSet": "120",
        "LUpdHideShow": "11/05/2025 15:30:00",
        "Browser": "HomeAssistant",
    }
    headers = {**pre, "Authorization": _basic(data["key"], data["tokenId"])}
    return await _post(
        http, f"{base_url}/API/UserLogin/ValidateUserLogin", body, headers
    )


@pytest.fixture
async def hidro(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> tuple[SewPortal, str, dict[str, str]]:
    """Return the portal, its base URL and the headers of a logged-in session."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    status, answer = await _login(http, base_url)
    assert status == 200
    row = answer["result"]["Data"]["Table"][0]
    return (
        portal,
        base_url,
        {
            "SourceType": "1",
            "Authorization": _basic(row["UserID"], row["SessionToken"]),
        },
    )


def _usage(contract: str, uan: str, **changes: Any) -> dict[str, Any]:
    """Return P1's GetUsageGeneration body (api.py:372-396)."""
    return {
        "date": "",
        "IsCSR": False,
        "IsUSD": False,
        "Mode": "M",
        "HourlyType": "H",
        "UsageType": "e",
        "UsageOrGeneration": False,
        "GroupId": 0,
        "LanguageCode": "RO",
        "Type": "D",
        "MeterNumber": "",
        "IsEnterpriseUser": False,
        "SeasonType": 0,
        "DateFromDaily": "",
        "IsNetUsage": False,
        "TimeOffset": "120",
        "UserType": "Residential",
        "DateToDaily": "",
        "UtilityId": 0,
        "IsLastTendays": False,
        "UserID": "1048576",
        "UtilityAccountNumber": uan,
        "AccountNumber": contract,
        **changes,
    }


async def test_login_rows_and_accounts(
    hidro: tuple[SewPortal, str, dict[str, str]], http: aiohttp.ClientSession
) -> None:
    """One login row per contract; GetUserSetting's Table1/Table2; 404 under /API/Usage."""
    _, base_url, headers = hidro
    _, answer = await _login(http, base_url)
    rows = answer["result"]["Data"]["Table"]
    assert [(r["AccountNumber"], r["UtilityAccountNumber"]) for r in rows] == [
        (int(HIDRO_CONTRACT_1), "8000129047"),
        (int(HIDRO_CONTRACT_2), "8000129055"),
    ]
    assert len({r["SessionToken"] for r in rows}) == 1
    _, settings = await _post(
        http,
        f"{base_url}/API/UserLogin/GetUserSetting",
        {"UserID": rows[0]["UserID"]},
        headers,
    )
    data = settings["result"]["Data"]
    assert [a["IsDefaultAccount"] for a in data["Table1"]] == [True, False]
    assert data["Table1"][0]["Address"].endswith("București")
    assert {a["UtilityAccountNumber"] for a in data["Table2"]} == {
        "8000129047",
        "8000129055",
    }
    for path in (
        "/API/Usage/GetMultiMeter",
        "/API/Billing/GetBill",
        "/Service/Usage/Nope",
    ):
        status, body = await _post(http, base_url + path, {}, headers)
        assert status == 404, path
        assert "No HTTP resource" in body["Message"]
    status, meters = await _post(
        http,
        f"{base_url}/Service/Usage/GetMultiMeter",
        {
            "MeterType": "E",
            "UserID": "1048576",
            "UtilityAccountNumber": "8000129047",
            "AccountNumber": HIDRO_CONTRACT_1,
        },
        headers,
    )
    assert status == 200
    assert meters["result"]["MeterDetails"][0]["MeterNumber"] == CONSUMER
    assert meters["result"]["MeterCheckIsAMI"] is True
    assert "Data" not in meters["result"]
    wrong = await _login(http, base_url, password="wrong")
    assert wrong[1]["result"]["Status"] == 0
    assert wrong[1]["result"]["Data"] == {"Table": []}


async def test_monthly_usage_is_money_with_type_d(
    hidro: tuple[SewPortal, str, dict[str, str]], http: aiohttp.ClientSession
) -> None:
    """Type "D": UsageValue is lei and value the kWh; Type "K": both kWh."""
    portal, base_url, headers = hidro
    url = f"{base_url}/Service/Usage/GetUsageGeneration"
    _, answer = await _post(http, url, _usage(HIDRO_CONTRACT_1, "8000129047"), headers)
    data = answer["result"]["Data"]
    rows = data["objUsageGenerationResultSetTwo"]
    first, last = portal.billing_cycles()[-1]
    kwh, lei = portal.cycle_total(CONSUMER, first)
    assert rows[-1]["Month"] == first.month
    assert rows[-1]["Year"] == first.year
    assert rows[-1]["value"] == pytest.approx(kwh)
    assert rows[-1]["UsageValue"] == pytest.approx(lei)
    assert rows[-1]["BillingDays"] == (last - first).days + 1
    assert {
        "objUsageGenerationResultSetOne",
        "getTentativeData",
        "listUsageColor",
    } <= data.keys()
    _, kwh_answer = await _post(
        http, url, _usage(HIDRO_CONTRACT_1, "8000129047", Type="K"), headers
    )
    assert kwh_answer["result"]["Data"]["objUsageGenerationResultSetTwo"][-1][
        "UsageValue"
    ] == pytest.approx(kwh)


async def test_prosumer_generation_and_net(
    hidro: tuple[SewPortal, str, dict[str, str]], http: aiohttp.ClientSession
) -> None:
    """UsageOrGeneration true is the injected energy; IsNetUsage import minus export."""
    portal, base_url, headers = hidro
    url = f"{base_url}/Service/Usage/GetUsageGeneration"
    first, _ = portal.billing_cycles()[-4]
    exported = portal.cycle_total(PROSUMER, first, Channel.EXPORT)[0]
    imported = portal.cycle_total(PROSUMER, first)[0]
    assert exported > 0
    for flag in (True, "true", "True"):
        _, answer = await _post(
            http,
            url,
            _usage(HIDRO_CONTRACT_2, "8000129055", UsageOrGeneration=flag),
            headers,
        )
        row = next(
            r
            for r in answer["result"]["Data"]["objUsageGenerationResultSetTwo"]
            if (r["Year"], r["Month"]) == (first.year, first.month)
        )
        assert row["value"] == pytest.approx(exported)
    _, net = await _post(
        http, url, _usage(HIDRO_CONTRACT_2, "8000129055", IsNetUsage="false"), headers
    )
    assert net["result"]["Status"] == 1
    _, net = await _post(
        http, url, _usage(HIDRO_CONTRACT_2, "8000129055", IsNetUsage=True), headers
    )
    row = next(
        r
        for r in net["result"]["Data"]["objUsageGenerationResultSetTwo"]
        if (r["Year"], r["Month"]) == (first.year, first.month)
    )
    assert row["value"] == pytest.approx(imported - exported, abs=1e-3)
    status, refused = await _post(
        http,
        url,
        _usage(HIDRO_CONTRACT_2, "8000129055", UsageOrGeneration="2"),
        headers,
    )
    assert (status, refused) == (400, {"responsestatus": -1})


async def test_daily_and_hourly_rows(
    hidro: tuple[SewPortal, str, dict[str, str]], http: aiohttp.ClientSession
) -> None:
    """Mode D defaults to the last 30 days; Mode H one day, hour labels as `1:00 AM`."""
    portal, base_url, headers = hidro
    url = f"{base_url}/Service/Usage/GetUsageGeneration"
    _, daily = await _post(
        http, url, _usage(HIDRO_CONTRACT_1, "8000129047", Mode="D", Type="K"), headers
    )
    rows = daily["result"]["Data"]["objUsageGenerationResultSetTwo"]
    assert len(rows) == 30
    day = portal.latest_published_day - timedelta(days=5)
    row = next(r for r in rows if r["UsageDate"] == f"{day:%m/%d/%Y}")
    assert row["value"] == pytest.approx(
        portal.day_total(CONSUMER, day, published=False)
    )
    hourly_body = _usage(
        HIDRO_CONTRACT_1, "8000129047", Mode="H", Type="K", date=f"{day:%m/%d/%Y}"
    )
    _, hourly = await _post(http, url, hourly_body, headers)
    hours = hourly["result"]["Data"]["objUsageGenerationResultSetTwo"]
    truth = portal.true_hourly(CONSUMER, day)
    assert [h["value"] for h in hours] == pytest.approx([v for _, v in truth])
    assert hours[1]["Hourly"] == "1:00 AM"
    portal.withhold(CONSUMER, day, style="no_records")
    _, empty = await _post(http, url, hourly_body, headers)
    assert empty["result"] == {"Status": 0, "Message": "No Record Found", "Data": None}


async def test_bills_and_history(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """GetBill is a flat result with decimal-comma amounts; history lists two entities."""
    portal, base_url = await start_portal(
        profile="hidroelectrica", amount_style="currency", history_dates="dmy"
    )
    _, answer = await _login(http, base_url)
    row = answer["result"]["Data"]["Table"][0]
    headers = {
        "SourceType": "1",
        "Authorization": _basic(row["UserID"], row["SessionToken"]),
    }
    ids = {
        "UserID": row["UserID"],
        "UtilityAccountNumber": "8000129047",
        "AccountNumber": HIDRO_CONTRACT_1,
    }
    _, bill = await _post(
        http,
        f"{base_url}/Service/Billing/GetBill",
        {**ids, "IsBillPDF": "0", "LanguageCode": "RO"},
        headers,
    )
    result = bill["result"]
    latest = portal.bills(HIDRO_CONTRACT_1)[0]
    assert result["billamount"].startswith("RON ")
    assert "," in result["billamount"]
    assert _ro(result["billamount"]) == pytest.approx(latest.amount)
    assert result["duedate"] == f"{latest.due_date:%Y%m%d}"
    assert result["invoicenumber"].endswith("==")
    assert result["Table1"] is None
    _, history = await _post(
        http,
        f"{base_url}/Service/Billing/GetBillingHistoryList",
        {**ids, "FromDate": "", "ToDate": "", "LanguageCode": "RO"},
        headers,
    )
    bills = history["result"]["objBillingHistoryEntity"]
    payments = history["result"]["objBillingPaymentHistoryEntity"]
    assert bills[0]["invoiceDate"] == f"{latest.invoice_date:%d/%m/%Y}"
    assert _ro(bills[0]["amount"]) == pytest.approx(latest.amount)
    assert payments
    assert all(p["channel"].startswith(("Incasari-", "Comp ANRE")) for p in payments)


async def test_amounts_and_dates_by_default(
    hidro: tuple[SewPortal, str, dict[str, str]], http: aiohttp.ClientSession
) -> None:
    """By default amounts read "1.234,56" and history dates "MM/dd/yyyy HH:mm:ss"."""
    portal, base_url, headers = hidro
    ids = {
        "UserID": "1048576",
        "UtilityAccountNumber": "8000129055",
        "AccountNumber": HIDRO_CONTRACT_2,
    }
    _, history = await _post(
        http, f"{base_url}/Service/Billing/GetBillingHistoryList", ids, headers
    )
    bill = history["result"]["objBillingHistoryEntity"][0]
    assert datetime.strptime(bill["invoiceDate"], "%m/%d/%Y %H:%M:%S")  # noqa: DTZ007
    assert not bill["amount"].startswith("RON")
    assert _ro(bill["amount"]) == pytest.approx(
        portal.bills(HIDRO_CONTRACT_2)[0].amount
    )


async def test_expired_session_is_401(
    hidro: tuple[SewPortal, str, dict[str, str]], http: aiohttp.ClientSession
) -> None:
    """An expired or unknown session answers HTTP 401; no SourceType is a bad request."""
    portal, base_url, headers = hidro
    url = f"{base_url}/Service/Usage/GetMultiMeter"
    body = {
        "MeterType": "E",
        "UtilityAccountNumber": "8000129047",
        "AccountNumber": HIDRO_CONTRACT_1,
    }
    assert (await _post(http, url, body, headers))[0] == 200
    assert (await _post(http, url, body, {"Authorization": headers["Authorization"]}))[
        0
    ] == 400
    portal.advance(timedelta(minutes=20))
    status, answer = await _post(http, url, body, headers)
    assert status == 401
    assert answer == {"Message": "Authorization has been denied for this request."}
    status, _ = await _post(http, url, body, {"SourceType": "1"})
    assert status == 401
