"""The simulated LG cloud's HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlencode

from aiohttp import web

from .accounts import Accounts
from .api import DeviceApi
from .cloud import DEMO_PASSWORD, DEMO_USERNAME, ThinQCloud
from .persistence import CloudStateFile

GATEWAY_PATH: Final = "/route.lgthinq.com/v1/service/application/gateway-uri"
# Pages a browser opens: transport faults of the API leave them alone.
BROWSER_ROUTES: Final = frozenset({"signin", "signin_post", "iabClose"})


def application(
    cloud: ThinQCloud, state_file: CloudStateFile | None = None
) -> web.Application:
    """Return an aiohttp application serving ``cloud``, kept in ``state_file``."""

    @web.middleware
    async def faults(
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        route = request.match_info.route.name or request.path
        cloud.requests[route.replace(".", "/")] += 1
        delay = cloud.latency + cloud.faults.slow_seconds
        if delay:
            await asyncio.sleep(delay)
        if route not in BROWSER_ROUTES:
            if cloud.faults.http_status is not None:
                return web.Response(
                    status=cloud.faults.http_status, text="Simulated failure"
                )
            if cloud.faults.malformed_json:
                return web.Response(
                    text='{"lgedmRoot": {"returnCd": "00',
                    content_type="application/json",
                )
        try:
            return await handler(request)
        finally:
            if state_file is not None:
                state_file.save(cloud)

    app = web.Application(middlewares=[faults])
    Accounts(cloud).routes(app)
    DeviceApi(cloud).routes(app)
    if state_file is not None:

        async def save(_app: web.Application) -> None:
            state_file.save(cloud)

        app.on_cleanup.append(save)
    return app


async def start_thinq_cloud(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    state_path: Path | None = None,
    **options: Any,
) -> tuple[web.AppRunner, ThinQCloud, str]:
    """Start the simulated cloud; return its runner, its state and the gateway URL.

    With ``state_path``, the cloud continues from the state saved there (when there is
    one) and saves its state there as it changes.
    """
    cloud = ThinQCloud(**options)
    state_file = None
    if state_path is not None:
        state_file = CloudStateFile(state_path)
        cloud.restored = state_file.load(cloud)
    runner = web.AppRunner(application(cloud, state_file), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    return runner, cloud, f"http://{host}:{bound}{GATEWAY_PATH}"


def sign_in_url(gateway_url: str, country: str = "US", language: str = "en-US") -> str:
    """Return the simulator's sign-in page for a country, with live clients' query.

    A client builds it from the gateway's ``empSpxUri``.
    """
    origin = gateway_url.removesuffix(GATEWAY_PATH)
    spx = f"{origin}/{country.lower()}.m.lgaccount.com/spx"
    query = urlencode(
        {
            "country": country,
            "language": language,
            "client_id": "LGAO221A02",
            "svc_list": "SVC202",
            "svc_integrated": "Y",
            "division": "ha",
            "callback_url": f"{spx}/login/iabClose",
            "show_select_country": "N",
        }
    )
    return f"{spx}/login/signIn?{query}"


def describe(
    cloud: ThinQCloud, gateway_url: str, state_path: Path | None = None
) -> str:
    """Return how to use the running simulator, one fact a line."""
    lines = [
        "LG ThinQ cloud (simulated)",
        f"  gateway URL:  {gateway_url}",
        f"  sign-in page: {sign_in_url(gateway_url, cloud.account_country)}",
        f"  demo account: {DEMO_USERNAME} / {DEMO_PASSWORD} ({cloud.account_country})",
    ]
    if state_path is not None:
        lines.append(
            f"  state:        {'continued from' if cloud.restored else 'saved in'} "
            f"{state_path} (sign-ins and appliance settings outlive a restart)"
        )
    lines += [
        f"  appliance:    {d.alias} ({d.model_name}, {d.platform.value}, {d.device_id}"
        f"{', offline' if not d.online else ''})"
        for d in cloud.devices.values()
    ]
    return "\n".join(lines)
