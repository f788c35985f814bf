"""Fault rules and account states, over HTTP on the Hidroelectrica profile."""

from __future__ import annotations

import base64
from datetime import UTC, date, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
import pytest

from simulators.sew import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    HIDRO_CONTRACT_1,
    HIDRO_CONTRACT_2,
    Fault,
    SewPortal,
)

from .conftest import PortalFactory

CONSUMER = "104522871"
PROSUMER = "104533906"
CONTRACTS = {
    CONSUMER: (HIDRO_CONTRACT_1, "8000129047"),
    PROSUMER: (HIDRO_CONTRACT_2, "8000129055"),
}


class Session:
    """A logged-in Hidroelectrica session driven with plain aiohttp."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str) -> None:
        """Start logged out."""
        self.http = http
        self.base_url = base_url
        self.headers: dict[str, str] = {}

    async def post(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> aiohttp.ClientResponse:
        """POST and read the body (kept on the response)."""
        async with self.http.post(
            self.base_url + path, json=body, headers=headers or self.headers
        ) as response:
            await response.read()
            return response

    async def login(self) -> aiohttp.ClientResponse:
        """Log in; keep the session's headers when it worked."""
        got = await self.post("/API/UserLogin/GetId", {}, {"SourceType": "0"})
        data = (await got.json())["result"]["Data"]
        key = base64.b64encode(f"{data['key']}:{data['tokenId']}".encode()).decode()
        response = await self.post(
            "/API/UserLogin/ValidateUserLogin",
            {"UserId": DEMO_USERNAME, "password": DEMO_PASSWORD},
            {"SourceType": "0", "Authorization": f"Basic {key}"},
        )
        if response.content_type == "application/json":
            rows = (await response.json())["result"]["Data"]
            if rows and rows.get("Table"):
                row = rows["Table"][0]
                secret = f"{row['UserID']}:{row['SessionToken']}"
                self.headers = {
                    "SourceType": "1",
                    "Authorization": "Basic "
                    + base64.b64encode(secret.encode()).decode(),
                }
        return response

    async def usage(
        self, meter: str, day: date | None = None
    ) -> aiohttp.ClientResponse:
        """Ask a meter's hourly day (or its billing cycles)."""
        contract, uan = CONTRACTS[meter]
        body = {
            "AccountNumber": contract,
            "UtilityAccountNumber": uan,
            "MeterNumber": meter,
            "Mode": "H" if day else "M",
            "Type": "K",
            "UsageOrGeneration": False,
            "IsNetUsage": False,
            "date": f"{day:%m/%d/%Y}" if day else "",
        }
        return await self.post("/Service/Usage/GetUsageGeneration", body)


@pytest.fixture
async def session(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> tuple[SewPortal, Session]:
    """Return a Hidroelectrica portal and a logged-in session."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    client = Session(http, base_url)
    assert (await client.login()).status == 200
    return portal, client


async def test_meter_and_day_scoped_faults(session: tuple[SewPortal, Session]) -> None:
    """A rule for one meter (or day) fails only its requests, `times` times."""
    portal, client = session
    rule = portal.inject(Fault.SERVER_ERROR, meter=CONSUMER, times=2)
    assert [(await client.usage(CONSUMER)).status for _ in range(3)] == [500, 500, 200]
    assert (await client.usage(PROSUMER)).status == 200
    assert rule.hits == 2
    day = date(2025, 10, 20)
    portal.inject(Fault.WRONG_SHAPE, day=day)
    shaped = await client.usage(CONSUMER, day)
    assert (await shaped.json())["result"]["Data"] == "Unexpected"
    other = await client.usage(CONSUMER, day - timedelta(days=1))
    assert (await other.json())["result"]["Data"]["objUsageGenerationResultSetTwo"]
    assert portal.requests_by_meter[CONSUMER] == 5
    assert portal.requests_by_login[DEMO_USERNAME] >= 6
    portal.clear_faults()
    assert (await client.usage(CONSUMER, day)).status == 200


async def test_rate_limits_and_path_rules(session: tuple[SewPortal, Session]) -> None:
    """429 with Retry-After in seconds or as an HTTP date; rules by path, after, delay."""
    portal, client = session
    portal.inject(Fault.RATE_LIMIT, path="/Service/*", times=1, retry_after=7)
    limited = await client.usage(CONSUMER)
    assert (limited.status, limited.headers["Retry-After"]) == (429, "7")
    portal.inject(
        Fault.RATE_LIMIT,
        path="/Service/Usage/*",
        times=1,
        retry_after=6 * 3600,
        retry_after_http_date=True,
    )
    limited = await client.usage(CONSUMER)
    retry_at = parsedate_to_datetime(limited.headers["Retry-After"])
    assert retry_at == (portal.now + timedelta(hours=6)).astimezone(UTC).replace(
        microsecond=0
    )
    portal.inject(Fault.MALFORMED_JSON, path="/Service/*", after=1, times=1)
    assert (await client.usage(CONSUMER)).status == 200
    broken = await client.usage(CONSUMER)
    assert (await broken.text()).endswith('"Data": {"Tab')
    delay = portal.inject(Fault.DELAY, times=1, delay=0.01)
    assert (await client.usage(CONSUMER)).status == 200
    assert delay.hits == 1
    portal.inject(Fault.HTML_PAGE, login=DEMO_USERNAME, times=1)
    page = await client.login()
    assert "Site Under Maintenance" in await page.text()
    assert portal.page_requests == {}
    assert portal.requests["/API/UserLogin/ValidateUserLogin"] == 2


async def test_account_states_and_expiry(session: tuple[SewPortal, Session]) -> None:
    """Locked and two-factor logins are refused; expired tokens answer 401; counts add up."""
    portal, client = session
    logins = portal.sessions.logins[DEMO_USERNAME]
    portal.lock_account()
    locked = await client.login()
    assert (await locked.json())["result"][
        "Message"
    ] == "Contul dumneavoastră a fost blocat."
    portal.unlock_account()
    portal.set_two_factor()
    refused = await (await client.login()).json()
    assert refused["result"]["Data"] == {"Table": []}
    portal.set_two_factor(enabled=False)
    assert (await client.login()).status == 200
    assert portal.sessions.logins[DEMO_USERNAME] == logins + 2
    portal.expire_all_tokens(kind="widget")
    assert (await client.usage(CONSUMER)).status == 200
    portal.expire_all_tokens()
    assert (await client.usage(CONSUMER)).status == 401
    assert portal.request_total == sum(portal.requests.values())
