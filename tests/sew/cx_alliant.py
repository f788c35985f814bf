"""A test's client of the `alliant` profile: plain aiohttp requests as the peers send them."""

from __future__ import annotations

from typing import Any

import aiohttp

from simulators.sew import (
    ALLIANT_ACCOUNT_1,
    ALLIANT_ACCOUNT_2,
    ALLIANT_METER,
    ALLIANT_PREMISE_1,
    ALLIANT_PREMISE_2,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    SewPortal,
)

from .conftest import PortalFactory

ORIGIN = "https://myaccount.alliantenergy.com"
# The headers AL1/AL2 send on every call (a browser's), uid 2 after the sign-in.
BROWSER = {
    "Accept": "application/json, text/plain, */*",
    "Origin": ORIGIN,
    "Referer": f"{ORIGIN}/",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/143.0.0.0 Safari/537.36",
    "pt": "1",
    "st": "PL",
    "uid": "2",
}
LOGIN_BODY = {
    "username": DEMO_USERNAME,
    "password": DEMO_PASSWORD,
    "guestToken": "",
    "customattributes": {"ip": "", "client": "Web", "deviceType": 0, "os": "Linux"},
}
COMPOSITE = f"{ALLIANT_PREMISE_1}-{ALLIANT_ACCOUNT_1}"


class Alliant:
    """A test's view of the profile: the portal, its URL, an HTTP session."""

    def __init__(
        self, portal: SewPortal, base: str, http: aiohttp.ClientSession
    ) -> None:
        """Keep them."""
        self.portal, self.base, self.http = portal, base, http

    async def call(
        self, method: str, path: str, token: str | None = None, **kwargs: Any
    ) -> tuple[int, Any]:
        """Make a call with the browser's headers (and a Bearer token); return status, body."""
        headers = {**BROWSER, **kwargs.pop("headers", {})}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        async with self.http.request(
            method, self.base + path, headers=headers, **kwargs
        ) as response:
            if response.content_type == "application/json":
                return response.status, await response.json()
            return response.status, await response.text()

    async def login(self, password: str = DEMO_PASSWORD) -> tuple[int, Any]:
        """Sign in as AL1 does (uid 1 on the sign-in)."""
        return await self.call(
            "POST",
            "/UsermanagementAPI/api/1/Login/auth",
            json={**LOGIN_BODY, "password": password},
            headers={"uid": "1"},
        )

    async def tokens(self) -> tuple[str, str]:
        """Sign in; return (access, refresh)."""
        status, answer = await self.login()
        assert status == 200
        return answer["data"]["accessToken"], answer["data"]["refreshToken"]

    async def usage(
        self,
        token: str,
        periodicity: str,
        first: str,
        last: str,
        meter: str = ALLIANT_METER,
    ) -> list[dict[str, Any]]:
        """Return Electric rows."""
        account = (
            COMPOSITE
            if meter == ALLIANT_METER
            else (f"{ALLIANT_PREMISE_2}-{ALLIANT_ACCOUNT_2}")
        )
        params = {
            "AccountNumber": account,
            "MeterNumber": meter,
            "From": first,
            "To": last,
            "Uom": "kWh",
            "Periodicity": periodicity,
        }
        status, answer = await self.call(
            "GET", "/UsageAPI/api/V1/Electric", token, params=params
        )
        assert status == 200
        assert answer["StatusCode"] == 200
        rows: list[dict[str, Any]] = answer["Result"]["electricUsages"]
        return rows


async def start_alliant(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> Alliant:
    """Start the profile on 127.0.0.1."""
    portal, base = await start_portal(profile="alliant")
    return Alliant(portal, base, http)
