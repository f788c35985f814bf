"""The client over HTTP against a tenant answering as Hidroelectrica's JSON API does.

Every answer below is a JSON literal in the shape P1 (emanuelbesliu/homeassistant-ihidro),
P2 (cnecrea/hidroelectrica) and P4 (b247/iHidroGo) read; the values are invented.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    AccountLockedError,
    InvalidCredentialsError,
    PortalSession,
    Resolution,
    SewAuthError,
    SewClient,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
    TwoFactorRequiredError,
    UsageStatus,
)
from custom_components.sew_thinq.sew.layout import json_api_layout

from .conftest import Tenant, envelope
from .tenants import HIDRO, PASSWORD, Hidroelectrica, basic


@pytest.fixture
def hidro(tenant: Tenant) -> Hidroelectrica:
    """A JSON API tenant."""
    return Hidroelectrica(tenant)


def make_client(
    http: aiohttp.ClientSession, tenant: Tenant, **options: Any
) -> SewClient:
    """Return a client of the tenant with Hidroelectrica's conventions."""
    options.setdefault("password", PASSWORD)
    return SewClient(
        http,
        json_api_layout(tenant.url),
        "ion@example.ro",
        locale=HIDRO.locale,
        **options,
    )


async def test_login_accounts_meters(
    http: aiohttp.ClientSession, tenant: Tenant, hidro: Hidroelectrica
) -> None:
    """GetId, then ValidateUserLogin with its key; accounts from GetUserSetting."""
    stored: list[PortalSession] = []
    client = make_client(http, tenant, on_session=stored.append)
    accounts = await client.get_accounts()
    (login,) = tenant.sent("/API/UserLogin/ValidateUserLogin")
    assert login.headers["SourceType"] == "0"
    assert login.headers["Authorization"] == basic("k1", "t1")
    assert login.body["UserId"] == "ion@example.ro"
    assert login.body["password"] == PASSWORD
    assert login.body["LanguageCode"] == "RO"
    assert client.user_id == "10245"
    assert stored == [client.session]
    assert client.session is not None
    assert [a.utility_account_number for a in client.session.accounts] == [
        "4001234567",
        "4007654321",
    ]
    (setting,) = tenant.sent("/API/UserLogin/GetUserSetting")
    assert setting.headers["SourceType"] == "1"
    assert setting.body == {"UserID": "10245"}
    assert [(a.utility_account_number, a.address, a.is_default) for a in accounts] == [
        ("4001234567", "Str. Exemplu 1, Bucuresti", True),
        ("4007654321", "Str. Exemplu 2, Sinaia", False),
    ]
    meters = await client.get_meters(accounts[0])
    assert [(m.meter_number, m.unit, m.is_ami) for m in meters] == [
        ("E123", "kWh", True)
    ]
    (meter_call,) = tenant.sent("/Service/Usage/GetMultiMeter")
    assert meter_call.body == {
        "MeterType": "E",
        "UserID": "10245",
        "UtilityAccountNumber": "4001234567",
        "AccountNumber": "8000123456",
    }
    assert client.login_count == 1


async def test_usage_projection_bills(
    http: aiohttp.ClientSession, tenant: Tenant, hidro: Hidroelectrica
) -> None:
    """Usage with `Type` D, the month-to-date block and the bills, in RON."""
    client = make_client(http, tenant)
    account = (await client.get_accounts())[0]
    (meter,) = await client.get_meters(account)
    series = await client.get_usage(
        account, meter, Resolution.BILLING, date(2025, 11, 1)
    )
    (cycle,) = series.readings
    assert (cycle.value, cycle.cost) == (120.0, 245.67)
    (call,) = tenant.sent("/Service/Usage/GetUsageGeneration")
    assert call.body["UsageOrGeneration"] is False
    assert call.body["IsNetUsage"] is False
    assert call.body["Type"] == "D"
    projection = await client.get_projection(account, meter)
    assert (projection.usage_so_far, projection.projected_usage) == (152.5, 310.25)
    assert projection.projected_cost is None
    bills = await client.get_bills(account)
    assert (bills.amount_due, bills.balance) == (1234.56, 245.67)
    assert bills.due_date == date(2026, 3, 16)
    assert bills.last_bills[0].amount == 347.94
    assert bills.payments[0].paid_on == date(2026, 2, 15)
    (history,) = tenant.sent("/Service/Billing/GetBillingHistoryList")
    assert history.body["FromDate"].count("/") == 2
    assert history.body["LanguageCode"] == "RO"


async def test_no_records_is_not_zero(
    http: aiohttp.ClientSession, tenant: Tenant, hidro: Hidroelectrica
) -> None:
    """A "no records" failure and an empty table are both `NO_RECORDS`."""
    client = make_client(http, tenant)
    account = (await client.get_accounts())[0]
    (meter,) = await client.get_meters(account)
    hidro.usage_rows = []
    empty = await client.get_usage(account, meter, Resolution.DAY, date(2025, 11, 1))
    assert empty.status is UsageStatus.NO_RECORDS
    hidro.usage_failure = "No Record Found"
    failed = await client.get_usage(account, meter, Resolution.DAY, date(2025, 11, 1))
    assert failed.status is UsageStatus.NO_RECORDS
    assert failed.readings == ()
    projection = await client.get_projection(account, meter)
    assert projection.projected_usage is None
    hidro.usage_failure = "Eroare interna"
    with pytest.raises(SewResponseError, match="Eroare interna"):
        await client.get_usage(account, meter, Resolution.DAY, date(2025, 11, 1))
    with pytest.raises(SewResponseError, match="Eroare interna"):
        await client.get_projection(account, meter)


async def test_expired_session_logs_in_once(
    http: aiohttp.ClientSession, tenant: Tenant, hidro: Hidroelectrica
) -> None:
    """HTTP 401 ends the session: one new login serves every call waiting on it."""
    client = make_client(http, tenant)
    account = (await client.get_accounts())[0]
    hidro.expire()
    results = await asyncio.gather(
        client.get_meters(account),
        client.get_meters(account),
        client.get_bills(account),
    )
    assert results[0] == results[1]
    assert client.login_count == 2
    assert len(tenant.sent("/API/UserLogin/ValidateUserLogin")) == 2


async def test_stored_session_needs_no_login(
    http: aiohttp.ClientSession, tenant: Tenant, hidro: Hidroelectrica
) -> None:
    """A stored session needs no login until the portal ends it.

    A session stored at the last start is used as is; when the portal has ended it,
    the client logs in again once.
    """
    first = make_client(http, tenant)
    await first.login()
    assert first.session is not None
    stored = PortalSession.from_dict(first.session.as_dict())
    second = make_client(http, tenant, session=stored)
    await second.get_accounts()
    assert second.login_count == 0
    hidro.expire()
    await second.get_accounts()
    assert second.login_count == 1


async def test_fresh_login_refused(
    http: aiohttp.ClientSession, tenant: Tenant, hidro: Hidroelectrica
) -> None:
    """When even a fresh session gets 401, the login is the problem."""
    client = make_client(http, tenant)
    await client.login()
    tenant.on(
        "POST",
        "/API/UserLogin/GetUserSetting",
        lambda request, body: _unauthorised(),
    )
    with pytest.raises(SewAuthError, match="fresh login"):
        await client.get_accounts()


async def _unauthorised() -> web.StreamResponse:
    return web.json_response({"Message": "Authorization denied"}, status=401)


@pytest.mark.parametrize(
    ("answer", "error", "match"),
    [
        (
            envelope({"Table": []}, message="Parola incorecta"),
            InvalidCredentialsError,
            "Parola",
        ),
        (
            envelope(None, status=0, message="Invalid password"),
            InvalidCredentialsError,
            "Invalid",
        ),
        (
            envelope({"Table": []}, message="Contul este blocat"),
            AccountLockedError,
            "blocat",
        ),
        (
            envelope({"Table": [{"UserID": 1, "MaskedEmail": "i***@example.ro"}]}),
            TwoFactorRequiredError,
            "second factor",
        ),
        (envelope({"Table": [{"UserID": 1}]}), SewResponseError, "SessionToken"),
    ],
)
async def test_login_refusals(
    http: aiohttp.ClientSession,
    tenant: Tenant,
    answer: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    """A refused login says why: wrong password, locked, second factor."""
    tenant.post("/API/UserLogin/GetId", envelope({"key": "k1", "tokenId": "t1"}))
    tenant.post("/API/UserLogin/ValidateUserLogin", answer)
    with pytest.raises(error, match=match):
        await make_client(http, tenant).login()


@pytest.mark.parametrize(
    ("answer", "status", "error", "match"),
    [
        ({"Message": "Authorization denied"}, 401, SewResponseError, "GetId"),
        (envelope({"key": "k1"}), 200, SewResponseError, "key and tokenId"),
        (envelope("nothing"), 200, SewResponseError, "no key"),
        (
            "<html><title>Down for maintenance</title></html>",
            200,
            SewConnectionError,
            "maintenance",
        ),
        ({"Message": "boom"}, 500, SewConnectionError, "HTTP 500"),
    ],
)
async def test_get_id_failures(
    http: aiohttp.ClientSession,
    tenant: Tenant,
    answer: Any,
    status: int,
    error: type[Exception],
    match: str,
) -> None:
    """GetId failures are typed errors."""

    async def handle(request: web.Request, body: Any) -> web.StreamResponse:
        if isinstance(answer, str):
            return web.Response(text=answer, content_type="text/html", status=status)
        return web.json_response(answer, status=status)

    tenant.on("POST", "/API/UserLogin/GetId", handle)
    with pytest.raises(error, match=match):
        await make_client(http, tenant).login()


async def test_login_key_refused(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """A 401 on ValidateUserLogin is the portal refusing its own key, not the password."""
    tenant.post("/API/UserLogin/GetId", envelope({"key": "k1", "tokenId": "t1"}))
    tenant.post("/API/UserLogin/ValidateUserLogin", {"Message": "no"}, status=401)
    with pytest.raises(SewResponseError, match="login key"):
        await make_client(http, tenant).login()


async def test_rate_limited(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """HTTP 429 says how long to wait."""

    async def slow_down(request: web.Request, body: Any) -> web.StreamResponse:
        return web.json_response({}, status=429, headers={"Retry-After": "21600"})

    tenant.on("POST", "/API/UserLogin/GetId", slow_down)
    with pytest.raises(SewRateLimitError, match="21600 s") as caught:
        await make_client(http, tenant).login()
    assert caught.value.retry_after == 21600.0


async def test_unreachable(http: aiohttp.ClientSession) -> None:
    """Nothing listening is a connection error."""
    client = SewClient(
        http,
        json_api_layout("http://127.0.0.1:9"),
        "u",
        password="p",
        request_timeout=2,
    )
    with pytest.raises(SewConnectionError, match="Could not reach"):
        await client.login()


def test_password_required() -> None:
    """The JSON API logs in with the plain password; the mobile flavor may use a digest."""
    with pytest.raises(ValueError, match="plain password"):
        SewClient(None, json_api_layout("http://x"), "u", password_sha256="ab")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="required"):
        SewClient(
            None,  # type: ignore[arg-type]
            KNOWN_UTILITIES["nppd"].layout,
            "u",
        )
