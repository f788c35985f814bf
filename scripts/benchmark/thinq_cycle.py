"""One ThinQ poll cycle of every online appliance: ours against wideq 1.5.0.

Both clients talk to the same simulated cloud, which runs in a child process with the
configured latency. A cycle is: ask each appliance's monitor for its status and decode
it. Ours is ``ThinQClient.poll_all`` (one aiohttp session, the appliances concurrently);
the reference is wideq's documented way, one ``Monitor`` per appliance polled in turn
(``monitor.poll()`` then ``model.decode_monitor``), each request on a new connection as
wideq makes them. Monitors are started and warmed up before the timed cycles.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

import aiohttp
import wideq  # type: ignore[import-untyped]
from wideq import core

from custom_components.sew_thinq.thinq import (
    DEVICE_TYPE_AC,
    Appliance,
    Platform,
    ThinQClient,
)
from simulators.thinq import GATEWAY_PATH

from .common import LoopWatch, SimHost, emit


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=5)
    return parser.parse_args()


KIC_PATH = "/kic.lgthinq.com/api/common/gatewayUriList"


def _wideq_cycles(
    gateway_url: str, refresh_token: str, device_ids: list[str], cycles: int
) -> dict[str, Any]:
    """Poll with wideq (synchronous): return the seconds of each timed cycle.

    wideq 1.5.0 signs in through the 2018 kic gateway the simulator keeps for it.
    """
    original = core.GATEWAY_URL
    core.GATEWAY_URL = gateway_url.removesuffix(GATEWAY_PATH) + KIC_PATH
    try:
        client = wideq.Client.from_token(refresh_token)
        pollers = []
        for device_id in device_ids:
            info = client.get_device(device_id)
            model = client.model_info(info)
            monitor = wideq.Monitor(client.session, device_id)
            monitor.start()
            pollers.append((monitor, model))
        for monitor, _ in pollers:  # warm up: the first answer of a monitor is empty
            while monitor.poll() is None:
                pass
        walls, cpus, decoded = [], [], 0
        for _ in range(cycles):
            wall, cpu = time.perf_counter(), time.process_time()
            for monitor, model in pollers:
                raw = monitor.poll()
                if raw is not None:
                    model.decode_monitor(raw)
                    decoded += 1
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        for monitor, _ in pollers:
            monitor.stop()
        return {"walls": walls, "cpus": cpus, "decoded": decoded}
    finally:
        core.GATEWAY_URL = original


async def _ours(
    gateway_url: str, refresh_token: str, device_count: int, cycles: int
) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session:
        client = ThinQClient(
            session, refresh_token=refresh_token, gateway_url=gateway_url
        )
        await client.connect()
        listed = [
            info
            for info in await client.get_appliances()
            if info.device_type == DEVICE_TYPE_AC
            and info.platform is Platform.THINQ1
            and info.online
        ][:device_count]
        devices = [
            Appliance.from_document(info, await client.fetch_model(info))
            for info in listed
        ]
        for _ in range(2):  # start the monitors, then their warm-up poll
            await client.poll_all(devices)
        watch = LoopWatch()
        watch.start()
        walls, cpus, decoded = [], [], 0
        for _ in range(cycles):
            wall, cpu = time.perf_counter(), time.process_time()
            results = await client.poll_all(devices)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            decoded += sum(
                r is not None and not isinstance(r, Exception) for r in results.values()
            )
        loop = await watch.stop()
        await client.close()
        return {
            "walls": walls,
            "cpus": cpus,
            "decoded": decoded,
            "device_ids": [d.info.device_id for d in devices],
            "loop": loop,
        }


async def _run(arguments: argparse.Namespace) -> dict[str, Any]:
    async with SimHost(
        latency=arguments.latency, thinq_devices=max(0, arguments.devices - 2)
    ) as sims:
        ours = await _ours(
            sims.gateway_url,
            await sims.refresh_token(),
            arguments.devices,
            arguments.cycles,
        )
        token = await sims.refresh_token()
        await sims.command("reset")
        reference = await asyncio.to_thread(
            _wideq_cycles,
            sims.gateway_url,
            token,
            ours["device_ids"],
            arguments.cycles,
        )
    ours_s = statistics.median(ours["walls"])
    reference_s = statistics.median(reference["walls"])
    return {
        "devices": len(ours["device_ids"]),
        "cycles": arguments.cycles,
        "latency_s": arguments.latency,
        "ours_cycle_s": round(ours_s, 4),
        "ours_cycle_cpu_s": round(statistics.median(ours["cpus"]), 4),
        "ours_decoded": ours["decoded"],
        "reference_cycle_s": round(reference_s, 4),
        "reference_cycle_cpu_s": round(statistics.median(reference["cpus"]), 4),
        "reference_decoded": reference["decoded"],
        "ratio": round(reference_s / ours_s, 1),
        "loop": ours["loop"],
    }


def main() -> None:
    """Measure and print the result."""
    emit(asyncio.run(_run(_arguments())))


if __name__ == "__main__":
    main()
