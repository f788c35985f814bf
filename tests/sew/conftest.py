"""Fixtures: the old simulated portal, and tiny servers answering as real tenants do.

A `Tenant` answers only the routes a test gives it, each with a JSON literal written from
the evidence cited in the test, and records what the client sent. It stands in where no
simulator profile exists yet on this branch; end-to-end runs against the simulator's tenant
profiles belong to the integration tests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
import pytest

from simulators.sew import SewPortal, start_sew_portal

CHICAGO = ZoneInfo("America/Chicago")
# A fixed clock: hourly data published through 2025-11-03 14:00 (estimated, partial).
NOW = datetime(2025, 11, 5, 15, 30, tzinfo=CHICAGO)
# `../shared/realworld/sew` beside the clone, as CI lays it out (`<clone>/../shared`).
REALWORLD = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "sew"

type PortalFactory = Callable[..., Awaitable[tuple[SewPortal, str]]]
type Handler = Callable[[web.Request, Any], Awaitable[web.StreamResponse]]


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


@dataclass(frozen=True, slots=True)
class Seen:
    """One request the tenant received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


def envelope(data: Any, *, status: int = 1, message: str = "Success") -> dict[str, Any]:
    """Return the JSON API's envelope around a `Data` payload.

    `{"version", "responsestatus": 1, "result": {"Status", "Message", "Data"}}` as NB Power's
    VerifyToken answers (dnlbck/ha-nbpower tests/conftest.py `verify_token`).
    """
    return {
        "version": "7.5.2",
        "responsestatus": 1,
        "result": {"Status": status, "Message": message, "Data": data},
    }


def reply(body: Any, status: int = 200) -> Handler:
    """Return a handler answering with a fixed JSON body."""

    async def handle(request: web.Request, sent: Any) -> web.StreamResponse:
        return web.json_response(body, status=status)

    return handle


@dataclass
class Tenant:
    """A server answering given routes; anything else is IIS's 404."""

    url: str = ""
    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def on(self, method: str, path: str, handler: Handler) -> None:
        """Answer `method path` (path case-insensitive, as IIS) with a handler."""
        self.routes[method, path.casefold()] = handler

    def post(self, path: str, body: Any, status: int = 200) -> None:
        """Answer `POST path` with a fixed JSON body."""
        self.on("POST", path, reply(body, status))

    def sent(self, path: str) -> list[Seen]:
        """Return the requests made to a path."""
        return [seen for seen in self.seen if seen.path.casefold() == path.casefold()]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Record the request and answer it."""
        raw = await request.read()
        body: Any
        if request.content_type == "application/json" and raw:
            body = await request.json()
        elif request.content_type == "application/x-www-form-urlencoded":
            body = dict(await request.post())
        else:
            body = raw.decode()
        self.seen.append(
            Seen(request.method, request.path, dict(request.headers), body)
        )
        handler = self.routes.get((request.method, request.path.casefold()))
        if handler is None:
            return web.json_response(
                {"Message": "No HTTP resource was found that matches the request URI."},
                status=404,
            )
        return await handler(request, body)


@pytest.fixture
async def tenant(socket_enabled: None) -> AsyncIterator[Tenant]:
    """Serve a `Tenant` on 127.0.0.1 for the test."""
    server = Tenant()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.handle)
    runner = web.AppRunner(app, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield server
    await runner.cleanup()


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """The client's tests need no Home Assistant and no recorder."""
