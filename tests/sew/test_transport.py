"""Portals misbehaving in ways the simulator does not model, served over real HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
import json

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.sew import (
    Encryption,
    Flavor,
    Portal,
    Resolution,
    SewAuthError,
    SewClient,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
)
from custom_components.sew_thinq.sew.crypto import encrypt

from .conftest import ScriptedServer

LOGIN_ROW = {"STATUS": "1", "UserID": "7", "LoginToken": "t", "AccountNumber": "1"}
API_ID = {
    "responsestatus": 1,
    "result": {"Status": 1, "Data": {"key": "k", "tokenId": "i"}},
}


def answer(body: object, status: int = 200, **headers: str) -> web.Response:
    """Return a JSON answer."""
    return web.Response(
        text=json.dumps(body),
        status=status,
        headers=headers,
        content_type="application/json",
    )


def api_answer(data: object, status: int = 1, message: str = "") -> web.Response:
    """Return an API envelope."""
    return answer(
        {
            "responsestatus": 1,
            "result": {"Status": status, "Message": message, "Data": data},
        }
    )


def mobile(
    http: aiohttp.ClientSession, url: str, encryption: Encryption = Encryption.NONE
) -> SewClient:
    """Return a mobile client."""
    return SewClient(
        http, Portal(url, Flavor.MOBILE, encryption), "user", password="pw"
    )


def api(http: aiohttp.ClientSession, url: str) -> SewClient:
    """Return an API client."""
    return SewClient(http, Portal(url, Flavor.API, None), "user", password="pw")


@pytest.mark.parametrize(
    "wrapped",
    [
        {"d": {"Table": [LOGIN_ROW]}},
        {"ValidateUserLoginMobResult": json.dumps([LOGIN_ROW])},
        {"d": encrypt(json.dumps({"Table": [LOGIN_ROW]}), Encryption.IOS)},
        LOGIN_ROW,
    ],
)
async def test_mobile_answer_shapes(
    scripted_server: ScriptedServer, http: aiohttp.ClientSession, wrapped: object
) -> None:
    """Plain, wrapped, JSON-in-string and encrypted answers (any IV) are understood."""
    url = await scripted_server(answer(wrapped))
    client = mobile(http, url, Encryption.ANDROID)
    await client.login()
    assert client.user_id == "7"
    accounts = await client.get_accounts()
    assert [a.account_number for a in accounts] == ["1"]


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ({"d": "bm90IGVuY3J5cHRlZA=="}, SewResponseError, "does not decrypt"),
        ({"d": "{not json"}, SewResponseError, "not JSON"),
        ({"d": 42}, SewResponseError, "Unexpected answer"),
        ({"Table": []}, SewResponseError, "no rows"),
        ({"Table": [{"STATUS": "1"}]}, SewResponseError, "no LoginToken"),
        ({"Table": [{**LOGIN_ROW, "IsTwoFactor": True}]}, SewAuthError, "two-factor"),
        (
            {"STATUS": "0", "Message": "Please enter the OTP"},
            SewAuthError,
            "two-factor",
        ),
        (
            {"STATUS": "0", "Message": "Token has been expired."},
            SewAuthError,
            "rejected",
        ),
        ({"STATUS": "0"}, SewAuthError, "no reason given"),
    ],
)
async def test_mobile_login_failures(
    scripted_server: ScriptedServer,
    http: aiohttp.ClientSession,
    body: object,
    error: type[Exception],
    message: str,
) -> None:
    """Bad login answers are typed errors with clear messages."""
    url = await scripted_server(answer(body))
    with pytest.raises(error, match=message):
        await mobile(http, url).login()


@pytest.mark.parametrize(
    ("response", "error", "message"),
    [
        (answer({}, 403), SewAuthError, "HTTP 403"),
        (answer({"responsestatus": -1}, 400), SewResponseError, "HTTP 400"),
        (web.Response(status=502, text="Bad gateway"), SewConnectionError, "HTTP 502"),
        (web.Response(status=200, text="<html><body>down</body></html>"), SewConnectionError, "HTML page, HTTP 200"),
        (answer({}, 401), SewAuthError, "HTTP 401"),
        (web.Response(status=429, headers={"Retry-After": "soon"}), SewRateLimitError, "rate limiting requests$"),
    ],
)  # fmt: skip
async def test_http_failures(
    scripted_server: ScriptedServer,
    http: aiohttp.ClientSession,
    response: web.Response,
    error: type[Exception],
    message: str,
) -> None:
    """HTTP failures map to the typed errors."""
    url = await scripted_server(response)
    with pytest.raises(error, match=message):
        await api(http, url).login()


async def test_retry_after_as_a_date(
    scripted_server: ScriptedServer, http: aiohttp.ClientSession
) -> None:
    """Retry-After may be an HTTP date."""
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    url = await scripted_server(
        web.Response(status=429, headers={"Retry-After": later})
    )
    with pytest.raises(SewRateLimitError) as caught:
        await api(http, url).login()
    assert caught.value.retry_after is not None
    assert 100 < caught.value.retry_after <= 120


@pytest.mark.parametrize(
    ("answers", "error", "message"),
    [
        ([answer([1])], SewResponseError, "not an object"),
        ([answer({"responsestatus": -1})], SewResponseError, "malformed"),
        ([answer({"responsestatus": 1})], SewResponseError, "no result"),
        ([api_answer("x")], SewResponseError, "no key"),
        ([api_answer({"key": "k"})], SewResponseError, "no key and tokenId"),
        ([answer(API_ID), api_answer(None, 0, "Invalid username or password.")], SewAuthError, "Invalid username"),
        ([answer(API_ID), api_answer(None, 0, "Token has been expired.")], SewAuthError, "rejected the session"),
        ([answer(API_ID), api_answer({"Table": []})], SewResponseError, "no rows"),
        ([answer(API_ID), api_answer({"Table": [{"UserID": "1"}]})], SewResponseError, "no UserID and SessionToken"),
    ],
)  # fmt: skip
async def test_api_login_failures(
    scripted_server: ScriptedServer,
    http: aiohttp.ClientSession,
    answers: list[web.Response],
    error: type[Exception],
    message: str,
) -> None:
    """Bad API login answers are typed errors."""
    url = await scripted_server(*answers)
    with pytest.raises(error, match=message):
        await api(http, url).login()


async def test_failures_after_login(
    scripted_server: ScriptedServer, http: aiohttp.ClientSession
) -> None:
    """Failures of later calls: "no records" is empty, other failures are errors."""
    login = api_answer(
        {
            "Table": [
                {
                    "UserID": "1",
                    "SessionToken": "s",
                    "TimeZoneId": "Eastern Standard Time",
                }
            ]
        }
    )
    url = await scripted_server(
        answer(API_ID),
        login,
        api_answer({"Table": [{"AccountNumber": "9"}]}),
        api_answer({"MeterDetails": [{"MeterNumber": "M", "MeterType": "G"}]}),
        api_answer(None, 0, "No Record Found"),
        api_answer(None, 0, "No Record Found"),
        api_answer(None, 0, "No Record Found"),
        api_answer(None, 0, "Service unavailable for this account"),
    )  # fmt: skip
    client = api(http, url)
    (account,) = await client.get_accounts()
    assert account.time_zone.key == "America/New_York"
    (meter,) = await client.get_meters(account)
    assert meter.unit == "CCF"
    assert (
        await client.get_usage(account, meter, Resolution.HOUR, date(2025, 1, 1)) == []
    )
    summary = await client.get_bills(account)
    assert summary.amount_due is None
    assert summary.last_bills == ()
    with pytest.raises(SewResponseError, match="Service unavailable"):
        await client.get_projection(account, meter)


async def test_bill_failures(
    scripted_server: ScriptedServer, http: aiohttp.ClientSession
) -> None:
    """A failing bill call is an error, whichever of the two fails."""
    url = await scripted_server(
        answer({"d": {"Table": [LOGIN_ROW]}}),
        answer({"STATUS": "0", "Message": "Billing is down"}),
        answer({"d": {"Table": [{"billamount": "5"}]}}),
        answer({"STATUS": "0", "Message": "History is down"}),
    )
    client = mobile(http, url)
    (account,) = await client.get_accounts()
    with pytest.raises(SewResponseError, match="Billing is down"):
        await client.get_bills(account)
    with pytest.raises(SewResponseError, match="History is down"):
        await client.get_bills(account)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({}, None), ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 -0000"}, 0.0)],
)
async def test_retry_after_missing_or_past(
    scripted_server: ScriptedServer,
    http: aiohttp.ClientSession,
    headers: dict[str, str],
    expected: float | None,
) -> None:
    """No Retry-After, or one in the past."""
    url = await scripted_server(web.Response(status=429, headers=headers))
    with pytest.raises(SewRateLimitError) as caught:
        await api(http, url).login()
    assert caught.value.retry_after == expected


async def test_configured_zone_and_odd_two_factor_flag(
    scripted_server: ScriptedServer, http: aiohttp.ClientSession
) -> None:
    """Without a zone anywhere the configured one is used; an unreadable flag is no."""
    url = await scripted_server(
        answer(API_ID),
        api_answer(
            {"Table": [{"UserID": "1", "SessionToken": "s", "IsTwoFactor": "maybe"}]}
        ),
        api_answer({"Table": [{"AccountNumber": "9"}]}),
    )
    client = SewClient(
        http,
        Portal(url, Flavor.API, None),
        "u",
        password="p",
        time_zone="Pacific Standard Time",
    )
    (account,) = await client.get_accounts()
    assert account.time_zone.key == "America/Los_Angeles"
