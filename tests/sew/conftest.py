"""Fixtures: simulated tenants on 127.0.0.1 and clients talking to them over HTTP.

The client's HTTP-level tests run against the simulator's tenant profiles only; what the
simulator does not serve is tested on JSON literals and the real captures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    Direction,
    Encryption,
    MobileDialect,
    PortalLayout,
    SewClient,
    UsageReading,
    hash_password,
)
from custom_components.sew_thinq.sew.layout import mobile_layout
from simulators.sew import DEMO_PASSWORD, DEMO_USERNAME, SewPortal, start_sew_portal

CHICAGO = ZoneInfo("America/Chicago")
# A fixed clock: hourly data published through 2025-11-03 14:00 (estimated, partial).
NOW = datetime(2025, 11, 5, 15, 30, tzinfo=CHICAGO)
# `../shared/realworld/sew` beside the clone, as CI lays it out (`<clone>/../shared`).
REALWORLD = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "sew"
# Where each mobile profile's services live under the portal.
MOBILE_FOLDERS = {"mobile-seed": "PortalService", "mobile-sew": "scp6.6.3-service"}

type PortalFactory = Callable[..., Awaitable[tuple[SewPortal, str]]]
type TenantClientFactory = Callable[..., Awaitable[tuple[SewPortal, SewClient]]]


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """Yield an HTTP session that keeps cookies (also for 127.0.0.1), closed after the test."""
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        yield session


@pytest.fixture
async def start_portal(socket_enabled: None) -> AsyncIterator[PortalFactory]:
    """Yield a function starting simulated portals; all are stopped after the test."""
    runners: list[web.AppRunner] = []

    async def start(**options: Any) -> tuple[SewPortal, str]:
        options.setdefault("now", NOW)
        runner, portal, base_url = await start_sew_portal(**options)
        runners.append(runner)
        return portal, base_url

    yield start
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
def tenant_client(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> TenantClientFactory:
    """Return a function starting a tenant profile and a client of it, as `client_of`."""

    async def start(profile: str, **options: Any) -> tuple[SewPortal, SewClient]:
        portal, base_url = await start_portal(profile=profile, **options)
        return portal, client_of(http, portal, base_url)

    return start


def layout_of(profile: str, base_url: str, encryption: str = "android") -> PortalLayout:
    """Return where a tenant profile's services live, as the integration finds them."""
    if profile in KNOWN_UTILITIES:
        return KNOWN_UTILITIES[profile].layout.rebased(base_url)
    dialect = MobileDialect.SEED if profile == "mobile-seed" else MobileDialect.SEW
    return mobile_layout(
        f"{base_url}/{MOBILE_FOLDERS[profile]}", dialect, Encryption(encryption)
    )


def client_of(
    http: aiohttp.ClientSession,
    portal: SewPortal,
    base_url: str,
    password: str = DEMO_PASSWORD,
    **options: Any,
) -> SewClient:
    """Return a client of a simulated tenant, as the integration makes it."""
    profile = portal.profile.name
    layout = layout_of(profile, base_url, portal.encryption)
    utility = KNOWN_UTILITIES.get(profile)
    if layout.mobile_dialect is not None:
        options["password_sha256"] = hash_password(password)
    else:
        options["password"] = password
    return SewClient(
        http,
        layout,
        DEMO_USERNAME,
        locale=utility.locale if utility else None,
        time_zone="America/Chicago",
        **options,
    )


def flowing(
    readings: Iterable[UsageReading], direction: Direction
) -> list[tuple[datetime, float]]:
    """Return (start, value) of the readings that flow one way, in order."""
    return [(r.start, r.value) for r in readings if r.direction is direction]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """The client's tests need no Home Assistant and no recorder."""
