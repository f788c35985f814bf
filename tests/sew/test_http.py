"""HTTP failures every flavor maps alike, and login refusals by their words."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.sew import (
    AccountLockedError,
    InvalidCredentialsError,
    SewAuthError,
    SewConnectionError,
    SewResponseError,
    TwoFactorRequiredError,
)
from custom_components.sew_thinq.sew.errors import login_failure
from custom_components.sew_thinq.sew.http import PortalHttp, retry_after

from .conftest import Tenant


def test_retry_after() -> None:
    """Retry-After comes as seconds or as an HTTP date; a past date is no wait."""
    assert retry_after("120") == 120.0
    assert retry_after(None) is None
    assert retry_after("soon") is None
    later = datetime.now(UTC) + timedelta(hours=1)
    assert 3500 < (retry_after(format_datetime(later, usegmt=True)) or 0) <= 3600
    assert retry_after("Mon, 01 Jan 2001 00:00:00") == 0.0


async def test_timeout(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """A portal that does not answer in time is a connection error."""

    async def stall(request: web.Request, body: Any) -> web.StreamResponse:
        await asyncio.sleep(5)
        return web.json_response({})

    tenant.on("POST", "/slow", stall)
    with pytest.raises(SewConnectionError, match=r"within 0\.2 s"):
        await PortalHttp(http, 0.2).request("POST", f"{tenant.url}/slow", headers={})


async def test_answers(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """Pages, missing addresses and text that is not JSON are typed errors."""
    portal = PortalHttp(http, 5)
    tenant.post("/bad", {"x": 1}, 400)

    async def text(request: web.Request, body: Any) -> web.StreamResponse:
        return web.Response(text="Bad Request", status=400)

    async def garbled(request: web.Request, body: Any) -> web.StreamResponse:
        return web.Response(text="{oops", content_type="application/json")

    tenant.on("POST", "/text", text)
    tenant.on("POST", "/garbled", garbled)
    assert (await portal.request("POST", f"{tenant.url}/bad", headers={})).json() == {
        "x": 1
    }
    with pytest.raises(SewResponseError, match="HTTP 400"):
        (await portal.request("POST", f"{tenant.url}/text", headers={})).json()
    with pytest.raises(SewResponseError, match="not valid JSON"):
        (await portal.request("POST", f"{tenant.url}/garbled", headers={})).json()
    with pytest.raises(SewResponseError, match="HTTP 404"):
        (await portal.request("POST", f"{tenant.url}/none", headers={})).json()
    assert portal.request_count == 4


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("Invalid User Id or Password", InvalidCredentialsError),
        ("", InvalidCredentialsError),
        ("Contul este blocat", AccountLockedError),
        ("Your account is locked", AccountLockedError),
        ("Please enter the OTP sent to your phone", TwoFactorRequiredError),
        ("Two factor authentication required", TwoFactorRequiredError),
        ("Migrated User Found", SewAuthError),
    ],
)
def test_login_refusals_by_their_words(message: str, error: type[Exception]) -> None:
    """A refused login is classified by the portal's words."""
    refusal = login_failure(message)
    assert type(refusal) is error
    assert (message or "no reason given") in str(refusal)
