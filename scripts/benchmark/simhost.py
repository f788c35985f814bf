"""Serve both simulators in a process of their own, controlled over stdin and stdout.

The process measured (Home Assistant, or a ThinQ client) then pays for none of the
simulators' own work. The first line printed is a JSON object with the URLs; afterwards
each JSON command read from stdin is answered with one JSON line:

- ``{"cmd": "stats"}``: the request counters of both simulators;
- ``{"cmd": "refresh_token"}``: a ThinQ refresh token, as a browser sign-in gives;
- ``{"cmd": "reset"}``: zero the counters;
- ``{"cmd": "quit"}``: stop.

Both simulators follow real time here (the SEW portal has no fixed clock).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from simulators.sew import start_sew_portal
from simulators.thinq import start_thinq_cloud

from .common import SEW_PROFILE


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--thinq-devices", type=int, default=18)
    parser.add_argument("--warmup-polls", type=int, default=1)
    return parser.parse_args()


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def _serve(arguments: argparse.Namespace) -> None:
    sew_runner, portal, base_url = await start_sew_portal(
        "127.0.0.1", 0, profile=SEW_PROFILE, latency=arguments.latency
    )
    # The portal derives two years of hourly truth on first use; do it before anything is
    # measured, as a real portal answers from its database at once.
    for meter in portal.meters:
        for first, _ in portal.billing_cycles():
            portal.cycle_total(meter, first)
    thinq_runner, cloud, gateway_url = await start_thinq_cloud(
        "127.0.0.1",
        0,
        extra_devices=arguments.thinq_devices,
        latency=arguments.latency,
        warmup_polls=arguments.warmup_polls,
    )
    _say({"sew_url": base_url, "gateway_url": gateway_url})
    try:
        while line := await asyncio.to_thread(sys.stdin.readline):
            command = json.loads(line).get("cmd")
            if command == "stats":
                _say({"sew": dict(portal.requests), "thinq": dict(cloud.requests)})
            elif command == "refresh_token":
                _say({"token": cloud.issue_refresh_token()})
            elif command == "reset":
                portal.requests.clear()
                cloud.requests.clear()
                _say({"ok": True})
            elif command == "quit":
                _say({"ok": True})
                break
            else:
                _say({"error": f"unknown command {command!r}"})
    finally:
        await thinq_runner.cleanup()
        await sew_runner.cleanup()


def main() -> None:
    """Serve until told to quit or stdin closes."""
    asyncio.run(_serve(_arguments()))


if __name__ == "__main__":
    main()
