"""HTTP failures every flavor maps alike, and login refusals by their words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import aiohttp
import pytest

from custom_components.sew_thinq.sew import (
    AccountLockedError,
    InvalidCredentialsError,
    MigratedAccountError,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
    TwoFactorRequiredError,
)
from custom_components.sew_thinq.sew.errors import login_failure
from custom_components.sew_thinq.sew.http import PortalHttp, retry_after
from simulators.sew import Fault

from .conftest import PortalFactory


def test_retry_after() -> None:
    """Retry-After comes as seconds or as an HTTP date; a past date is no wait."""
    assert retry_after("120") == 120.0
    assert retry_after(None) is None
    assert retry_after("soon") is None
    later = datetime.now(UTC) + timedelta(hours=1)
    assert 3500 < (retry_after(format_datetime(later, usegmt=True)) or 0) <= 3600
    assert retry_after("Mon, 01 Jan 2001 00:00:00") == 0.0


async def test_timeout(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """A portal that does not answer in time is a connection error."""
    portal, base_url = await start_portal()
    portal.inject(Fault.DELAY, delay=2)
    with pytest.raises(SewConnectionError, match=r"within 0\.2 s"):
        await PortalHttp(http, 0.2).request(
            "POST", f"{base_url}/API/UserLogin/GetId", headers={}
        )


async def test_answers(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """Refusals, pages, missing addresses and broken JSON are typed errors."""
    portal, base_url = await start_portal()
    client = PortalHttp(http, 5)
    get_id = f"{base_url}/API/UserLogin/GetId"
    # A call without the headers every peer sends: HTTP 400 with a JSON body.
    refused = await client.request("POST", get_id, headers={}, json_body={})
    assert (refused.status, refused.json()) == (400, {"responsestatus": -1})
    portal.inject(Fault.MALFORMED_JSON, times=1)
    with pytest.raises(SewResponseError, match="not valid JSON"):
        (await client.request("POST", get_id, headers={})).json()
    portal.inject(Fault.HTML_PAGE, times=1)
    with pytest.raises(
        SewConnectionError, match=r"web page \(Site Under Maintenance\)"
    ):
        (await client.request("POST", get_id, headers={})).json()
    with pytest.raises(SewResponseError, match="HTTP 404"):
        (await client.request("POST", f"{base_url}/API/Usage/Nope", headers={})).json()
    portal.inject(Fault.RATE_LIMIT, times=1, retry_after=21600)
    with pytest.raises(SewRateLimitError, match="21600 s") as caught:
        await client.request("POST", get_id, headers={})
    assert caught.value.retry_after == 21600.0
    assert client.request_count == 5


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("Invalid User Id or Password", InvalidCredentialsError),
        ("", InvalidCredentialsError),
        ("Contul este blocat", AccountLockedError),
        ("Your account is locked", AccountLockedError),
        ("Please enter the OTP sent to your phone", TwoFactorRequiredError),
        ("Two factor authentication required", TwoFactorRequiredError),
        ("Autentificarea în doi pași este necesară.", TwoFactorRequiredError),
        ("Autentificare cu doi factori", TwoFactorRequiredError),
        ("Migrated User Found", MigratedAccountError),
    ],
)
def test_login_refusals_by_their_words(message: str, error: type[Exception]) -> None:
    """A refused login is classified by the portal's words."""
    refusal = login_failure(message)
    assert type(refusal) is error
    assert (message or "no reason given") in str(refusal)
