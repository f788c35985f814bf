"""Fixtures: the simulated ThinQ cloud on 127.0.0.1 and clients connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
import json
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.thinq import Appliance, ThinQClient
from simulators.thinq import ThinQCloud, start_thinq_cloud


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        """Start at an arbitrary time."""
        self.now = 1000.0

    def __call__(self) -> float:
        """Return the time."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cloud_options() -> dict[str, Any]:
    return {}


@pytest.fixture
async def cloud_server(
    socket_enabled: None, cloud_options: dict[str, Any]
) -> AsyncIterator[tuple[ThinQCloud, str]]:
    runner, cloud, gateway_url = await start_thinq_cloud(**cloud_options)
    yield cloud, gateway_url
    await runner.cleanup()


@pytest.fixture
def cloud(cloud_server: tuple[ThinQCloud, str]) -> ThinQCloud:
    return cloud_server[0]


@pytest.fixture
def gateway_url(cloud_server: tuple[ThinQCloud, str]) -> str:
    return cloud_server[1]


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


type ClientFactory = Callable[..., Awaitable[ThinQClient]]


@pytest.fixture
async def make_client(
    cloud: ThinQCloud, gateway_url: str, http: aiohttp.ClientSession, clock: FakeClock
) -> AsyncIterator[ClientFactory]:
    clients: list[ThinQClient] = []

    async def make(*, connect: bool = True, **options: Any) -> ThinQClient:
        options.setdefault("refresh_token", cloud.issue_refresh_token())
        options.setdefault("clock", clock)
        client = ThinQClient(http, gateway_url=gateway_url, **options)
        clients.append(client)
        if connect:
            await client.connect()
        return client

    yield make
    cloud.faults.http_status = None
    cloud.faults.malformed_json = False
    cloud.faults.terms_pending = False
    cloud.injections.clear()
    for client in clients:
        await client.close()


@pytest.fixture
async def client(make_client: ClientFactory) -> ThinQClient:
    return await make_client()


@pytest.fixture
async def appliances(client: ThinQClient) -> dict[str, Appliance]:
    """The account's ThinQ1 air conditioners, with their models read."""
    found = {}
    for info in await client.get_appliances():
        if info.platform == "thinq1" and info.device_type == 401:
            found[info.device_id] = Appliance.from_document(
                info, await client.fetch_model(info)
            )
    return found


class OddServer:
    """A server on 127.0.0.1 answering whatever a test tells it to, for odd shapes."""

    def __init__(self) -> None:
        """Start with no answers."""
        self.answers: dict[str, tuple[int, str]] = {}
        self.base = ""

    def answer(self, path: str, body: object, status: int = 200) -> None:
        """Answer requests to ``path`` with ``body`` (JSON unless a string)."""
        text = body if isinstance(body, str) else json.dumps(body)
        self.answers[path] = (status, text)

    def url(self, path: str) -> str:
        """Return the URL of ``path``."""
        return f"{self.base}{path}"

    async def handle(self, request: web.Request) -> web.Response:
        """Answer one request."""
        status, text = self.answers.get(request.path, (404, "not found"))
        return web.Response(status=status, text=text, content_type="application/json")


@pytest.fixture
async def odd_server(socket_enabled: None) -> AsyncIterator[OddServer]:
    server = OddServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield server
    await runner.cleanup()
