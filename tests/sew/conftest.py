"""Fixtures: the simulated SEW portal on 127.0.0.1 and clients talking to it over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.sew import Encryption, Flavor, Portal, SewClient
from simulators.sew import DEMO_PASSWORD, DEMO_USERNAME, SewPortal, start_sew_portal

CHICAGO = ZoneInfo("America/Chicago")
# A fixed clock: hourly data published through 2025-11-03 14:00 (estimated, partial).
NOW = datetime(2025, 11, 5, 15, 30, tzinfo=CHICAGO)

type PortalFactory = Callable[..., Awaitable[tuple[SewPortal, str]]]

VARIANTS = [
    pytest.param((Flavor.MOBILE, Encryption.ANDROID), id="mobile-android"),
    pytest.param((Flavor.MOBILE, Encryption.IOS), id="mobile-ios"),
    pytest.param((Flavor.MOBILE, Encryption.NONE), id="mobile-none"),
    pytest.param((Flavor.API, None), id="api"),
]


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """Yield an HTTP session, closed after the test."""
    async with aiohttp.ClientSession() as session:
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


@pytest.fixture(params=VARIANTS)
def variant(request: pytest.FixtureRequest) -> tuple[Flavor, Encryption | None]:
    """Return each flavor and encryption variant in turn."""
    value: tuple[Flavor, Encryption | None] = request.param
    return value


@pytest.fixture
async def portal_and_client(
    start_portal: PortalFactory,
    http: aiohttp.ClientSession,
    variant: tuple[Flavor, Encryption | None],
) -> tuple[SewPortal, SewClient]:
    """Return a portal expecting the variant and a client speaking it."""
    flavor, encryption = variant
    portal, base_url = await start_portal(
        encryption=(encryption or Encryption.ANDROID).value,
        token_lifetime=timedelta(minutes=5),
    )
    client = SewClient(
        http,
        Portal(base_url, flavor, encryption),
        DEMO_USERNAME,
        password=DEMO_PASSWORD,
        time_zone="Europe/Berlin",
    )
    return portal, client


@pytest.fixture
def portal(portal_and_client: tuple[SewPortal, SewClient]) -> SewPortal:
    """Return the simulated portal."""
    return portal_and_client[0]


@pytest.fixture
def client(portal_and_client: tuple[SewPortal, SewClient]) -> SewClient:
    """Return the client."""
    return portal_and_client[1]


type ScriptedServer = Callable[..., Awaitable[str]]


@pytest.fixture
async def scripted_server(socket_enabled: None) -> AsyncIterator[ScriptedServer]:
    """Yield a function starting a server that answers every POST with a scripted answer.

    It stands in for portals that misbehave in ways the simulator does not model.
    """
    runners: list[web.AppRunner] = []

    async def start(
        *answers: web.Response | Callable[[web.Request], Awaitable[web.Response]],
    ) -> str:
        queue = list(answers)

        async def handle(request: web.Request) -> web.StreamResponse:
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
            if isinstance(answer, web.Response):
                return web.Response(
                    body=answer.body,
                    status=answer.status,
                    headers=answer.headers,
                )
            return await answer(request)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        runner = web.AppRunner(app, handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    yield start
    for runner in runners:
        await runner.cleanup()
