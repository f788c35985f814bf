"""Run the simulated SEW utility portal and LG ThinQ cloud on 127.0.0.1.

python -m simulators --sew-port 8301 --thinq-port 8302 --sew-tenant hidroelectrica
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from .sew import (
    DEFAULT_PROFILE,
    PROFILES,
    describe as describe_sew_portal,
    start_sew_portal,
)
from .thinq_cloud import describe as describe_thinq_cloud, start_thinq_cloud


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m simulators", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument(
        "--sew-port", type=int, default=8301, help="utility portal port"
    )
    parser.add_argument("--thinq-port", type=int, default=8302, help="ThinQ cloud port")
    parser.add_argument(
        "--sew-tenant",
        choices=sorted(PROFILES),
        default=DEFAULT_PROFILE,
        help="which real SEW tenant the portal answers as",
    )
    parser.add_argument(
        "--sew-encryption",
        choices=["android", "ios", "none"],
        default="android",
        help="how the portal's mobile flavor encrypts requests",
    )
    parser.add_argument(
        "--thinq-devices",
        type=int,
        default=0,
        help="extra simulated heat pumps beside the three demo appliances",
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every answer"
    )
    return parser.parse_args()


async def _serve(arguments: argparse.Namespace) -> None:
    sew_runner, portal, base_url = await start_sew_portal(
        arguments.host,
        arguments.sew_port,
        profile=arguments.sew_tenant,
        encryption=arguments.sew_encryption,
        latency=arguments.latency,
    )
    thinq_runner, cloud, gateway_url = await start_thinq_cloud(
        arguments.host,
        arguments.thinq_port,
        extra_devices=arguments.thinq_devices,
        latency=arguments.latency,
    )
    print(describe_sew_portal(portal, base_url), flush=True)  # noqa: T201
    print(describe_thinq_cloud(cloud, gateway_url), flush=True)  # noqa: T201
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await thinq_runner.cleanup()
        await sew_runner.cleanup()


def main() -> None:
    """Serve both simulators until interrupted."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(_arguments()))


if __name__ == "__main__":
    main()
