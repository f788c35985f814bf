"""Home Assistant in this process, the simulators in a child: setup, backfill, memory.

Home Assistant is started as bootstrap does it (registries, core config, the
``homeassistant`` integration) plus the recorder on an SQLite file in a temporary
folder; no test mocks. The simulators run in a child process (real time, the configured
latency), so CPU time and event-loop blocking are Home Assistant's alone.

Scenarios:

- ``setup``: add the utility and ThinQ entries with default options; measure the time
  until every entity has a state, then let the default, paced backfill finish; RSS
  before the entries and after the backfill.
- ``backfill``: only the utility entry, unpaced (``request_rate`` 1000).
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import date
import gc
import logging
from pathlib import Path
import tempfile
import time
from types import MappingProxyType
from typing import Any

from homeassistant import bootstrap, config_entries, core, loader
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.helpers import device_registry as dr, entity_registry as er, recorder
from homeassistant.setup import async_setup_component

from custom_components.sew_thinq.const import (
    CONF_COUNTRY,
    CONF_GATEWAY_URL,
    CONF_IGNORED_METERS,
    CONF_KIND,
    CONF_LANGUAGE,
    CONF_REFRESH_TOKEN,
    CONF_REQUEST_RATE,
    DOMAIN,
    KIND_THINQ,
)
from custom_components.sew_thinq.sew import Account, Meter, Resolution
from custom_components.sew_thinq.sew.client import SewClient
from custom_components.sew_thinq.sew_coordinator import SewCoordinator
from custom_components.sew_thinq.thinq_coordinator import ThinqCoordinator
from simulators.sew import DEMO_USERNAME as SEW_USERNAME

from .common import (
    SEW_IGNORED_METERS,
    SEW_LOGIN_PATHS,
    SEW_USAGE_PATHS,
    LoopWatch,
    SimHost,
    cpu_seconds,
    emit,
    load_average,
    rss_kib,
    sew_entry_data,
)

_LOGGER = logging.getLogger("bench")

# Usage requests per (meter number, resolution), counted on the client side.
USAGE_CALLS: Counter[tuple[str, str]] = Counter()


def _count_usage_calls() -> None:
    """Count each usage series the client reads, per meter and resolution."""
    original = SewClient._series  # noqa: SLF001

    async def counted(
        self: SewClient,
        account: Account,
        meter: Meter,
        resolution: Resolution,
        day: date,
        *,
        generation: bool,
    ) -> Any:
        USAGE_CALLS[meter.meter_number, resolution.name] += 1
        return await original(
            self, account, meter, resolution, day, generation=generation
        )

    SewClient._series = counted  # type: ignore[method-assign]  # noqa: SLF001


async def start_home_assistant(config_dir: Path) -> core.HomeAssistant:
    """Start Home Assistant as bootstrap does, with the recorder on SQLite."""
    hass = core.HomeAssistant(str(config_dir))
    loader.async_setup(hass)
    hass.config.skip_pip = True
    hass.config_entries = config_entries.ConfigEntries(hass, {})
    await loader.async_get_custom_components(hass)
    if not await bootstrap.async_load_base_functionality(hass):
        raise RuntimeError("Home Assistant's registries did not load")
    for domain in bootstrap.CORE_INTEGRATIONS:
        assert await async_setup_component(hass, domain, {})
    await async_process_ha_core_config(
        hass,
        {
            "time_zone": "America/Chicago",
            "unit_system": "us_customary",
            "currency": "USD",
            "country": "US",
            "latitude": 41.13,
            "longitude": -100.77,
            "elevation": 860,
        },
    )
    # What an aiohttp client session needs (bootstrap loads it before anything else).
    assert await async_setup_component(hass, "network", {})
    db_url = f"sqlite:///{config_dir / 'home-assistant_v2.db'}"
    recorder.async_initialize_recorder(hass)
    assert await async_setup_component(
        hass, "recorder", {"recorder": {"db_url": db_url}}
    )
    # A user's Home Assistant has these loaded long before an entry is added; load them
    # here too, so that setup measures the integration, not Home Assistant's first imports.
    for domain in ("sensor", "binary_sensor", "climate"):
        assert await async_setup_component(hass, domain, {})
    await hass.async_start()
    await hass.async_block_till_done()
    return hass


def sew_entry(sims: SimHost, options: dict[str, Any]) -> ConfigEntry:
    """Return the utility entry the config flow would create."""
    return ConfigEntry(
        domain=DOMAIN,
        title=f"Simulated utility ({SEW_USERNAME})",
        unique_id="127.0.0.1_10245",
        data=sew_entry_data(sims.sew_url),
        options={CONF_IGNORED_METERS: SEW_IGNORED_METERS, **options},
        source=config_entries.SOURCE_USER,
        version=2,
        minor_version=1,
        discovery_keys=MappingProxyType({}),
        subentries_data=None,
    )


def thinq_entry(sims: SimHost, refresh_token: str) -> ConfigEntry:
    """Return the ThinQ entry the config flow would create."""
    return ConfigEntry(
        domain=DOMAIN,
        title="LG ThinQ (US)",
        unique_id="bench-thinq",
        data={
            CONF_KIND: KIND_THINQ,
            CONF_GATEWAY_URL: sims.gateway_url,
            CONF_COUNTRY: "US",
            CONF_LANGUAGE: "en-US",
            CONF_REFRESH_TOKEN: refresh_token,
        },
        options={},
        source=config_entries.SOURCE_USER,
        version=2,
        minor_version=1,
        discovery_keys=MappingProxyType({}),
        subentries_data=None,
    )


def _offline_devices(hass: core.HomeAssistant, entries: list[ConfigEntry]) -> set[str]:
    """Return the device registry ids of appliances the cloud reports offline."""
    devices = dr.async_get(hass)
    offline: set[str] = set()
    for entry in entries:
        coordinator = getattr(getattr(entry, "runtime_data", None), "coordinator", None)
        if not isinstance(coordinator, ThinqCoordinator) or not coordinator.data:
            continue
        for device_id, device in coordinator.data.items():
            found = devices.async_get_device_by_identifier(
                (DOMAIN, device_id), entry.entry_id
            )
            if not device.online and found is not None:
                offline.add(found.id)
    return offline


def _entity_states(
    hass: core.HomeAssistant, entries: list[ConfigEntry]
) -> tuple[int, int, int]:
    """Return (entities, without a state, unknown) of the entries.

    An entity is without a state when it has none yet, or is unavailable although
    its appliance is online (an offline appliance's entities are rightly unavailable).
    """
    registry = er.async_get(hass)
    offline = _offline_devices(hass, entries)
    total = missing = unknown = 0
    for entry in entries:
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
            if entity.disabled_by is not None:
                continue
            total += 1
            state = hass.states.get(entity.entity_id)
            if state is None or (
                state.state == STATE_UNAVAILABLE and entity.device_id not in offline
            ):
                missing += 1
            elif state.state == STATE_UNKNOWN:
                unknown += 1
    return total, missing, unknown


async def _until(check: Callable[[], bool], within: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True


def _import_done(entry: ConfigEntry) -> bool:
    coordinator = getattr(getattr(entry, "runtime_data", None), "coordinator", None)
    if not isinstance(coordinator, SewCoordinator):
        return False
    task = coordinator._import  # noqa: SLF001
    progress = coordinator.importer.progress
    return (
        task is not None
        and task.done()
        and bool(progress)
        and all(p.complete for p in progress.values())
    )


async def _settled_rss() -> dict[str, int]:
    gc.collect()
    await asyncio.sleep(2)
    return rss_kib()


class _Meter:
    """Wall time, CPU time (process and event-loop thread) and loop blocking."""

    def __init__(self, sims: SimHost, *, debug: bool) -> None:
        self.watch = LoopWatch(debug=debug)
        self.sims = sims

    def start(self) -> None:
        self.load = load_average()
        self.sims_cpu = cpu_seconds(self.sims.pid)
        self.wall = time.perf_counter()
        self.cpu = time.process_time()
        self.loop_cpu = time.thread_time()
        self.watch.start()

    async def stop(self) -> dict[str, Any]:
        wall = time.perf_counter() - self.wall
        cpu = time.process_time() - self.cpu
        loop_cpu = time.thread_time() - self.loop_cpu
        return {
            "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2),
            "loop_thread_cpu_s": round(loop_cpu, 2),
            "simulators_cpu_s": round(cpu_seconds(self.sims.pid) - self.sims_cpu, 2),
            "load_average": [self.load, load_average()],
            "loop": await self.watch.stop(),
        }


def _sew_requests(before: dict[str, int], after: dict[str, int]) -> dict[str, Any]:
    delta = {path: after.get(path, 0) - before.get(path, 0) for path in after}
    return {
        "total": sum(delta.values()),
        "logins": sum(delta.get(path, 0) for path in SEW_LOGIN_PATHS),
        "usage": sum(delta.get(path, 0) for path in SEW_USAGE_PATHS),
        "by_path": {path: n for path, n in sorted(delta.items()) if n},
    }


def _per_meter() -> dict[str, dict[str, int]]:
    meters: dict[str, dict[str, int]] = {}
    for (meter, resolution), count in sorted(USAGE_CALLS.items()):
        meters.setdefault(meter, {})[resolution] = count
    for counts in meters.values():
        counts["total"] = sum(counts.values())
    return meters


async def _scenario_backfill(
    hass: core.HomeAssistant, sims: SimHost, *, debug: bool
) -> dict[str, Any]:
    """Unpaced backfill of the utility entry alone."""
    entry = sew_entry(sims, {CONF_REQUEST_RATE: 1000})
    before = (await sims.stats())["sew"]
    meter = _Meter(sims, debug=debug)
    meter.start()
    await hass.config_entries.async_add(entry)
    done = await _until(lambda: _import_done(entry), 600, 0.05)
    measured = await meter.stop()
    after = (await sims.stats())["sew"]
    return {
        "completed": done,
        **measured,
        "requests": _sew_requests(before, after),
        "per_meter": _per_meter(),
    }


async def _scenario_setup(
    hass: core.HomeAssistant, sims: SimHost, *, debug: bool
) -> dict[str, Any]:
    """Both entries, default options: setup time, then the paced backfill and memory."""
    baseline = await _settled_rss()
    entries = [sew_entry(sims, {}), thinq_entry(sims, await sims.refresh_token())]
    before = await sims.stats()
    meter = _Meter(sims, debug=debug)
    meter.start()
    start = time.perf_counter()

    async def add(entry: ConfigEntry) -> float:
        await hass.config_entries.async_add(entry)
        return round(time.perf_counter() - start, 3)

    per_entry = await asyncio.gather(*(add(e) for e in entries))
    added = time.perf_counter() - start
    states: dict[str, float | None] = {"all_available": None, "none_unknown": None}

    def check() -> bool:
        total, missing, unknown = _entity_states(hass, entries)
        loaded = all(e.state is ConfigEntryState.LOADED for e in entries)
        if not loaded or total == 0:
            return False
        now = round(time.perf_counter() - start, 3)
        if missing == 0 and states["all_available"] is None:
            states["all_available"] = now
        if missing == 0 and unknown == 0 and states["none_unknown"] is None:
            states["none_unknown"] = now
        return states["none_unknown"] is not None

    await _until(check, 120)
    total, missing, unknown = _entity_states(hass, entries)
    done = await _until(lambda: _import_done(entries[0]), 900, 0.1)
    measured = await meter.stop()
    after = await sims.stats()
    thinq = {
        route: count - before["thinq"].get(route, 0)
        for route, count in after["thinq"].items()
    }
    with_integration = await _settled_rss()
    return {
        "setup": {
            "entries_added_s": round(added, 3),
            "entry_setup_done_s": dict(
                zip(("utility", "thinq"), per_entry, strict=True)
            ),
            "all_entities_available_s": states["all_available"],
            "no_entity_unknown_s": states["none_unknown"],
            "entities": total,
            "still_unavailable": missing,
            "still_unknown": unknown,
            "entry_states": [e.state.value for e in entries],
        },
        "backfill": {
            "completed": done,
            **measured,
            "requests": _sew_requests(before["sew"], after["sew"]),
            "per_meter": _per_meter(),
            "thinq_requests_meanwhile": thinq,
        },
        "memory_kib": {
            "without_integration": baseline,
            "with_integration_backfilled": with_integration,
        },
    }


SCENARIOS: dict[str, Callable[..., Awaitable[dict[str, Any]]]] = {
    "backfill": _scenario_backfill,
    "setup": _scenario_setup,
}


async def _run(arguments: argparse.Namespace) -> dict[str, Any]:
    _count_usage_calls()
    with tempfile.TemporaryDirectory(prefix="sew-thinq-bench-") as folder:
        async with SimHost(latency=arguments.latency, thinq_devices=18) as sims:
            hass = await start_home_assistant(Path(folder))
            try:
                result = await SCENARIOS[arguments.scenario](
                    hass, sims, debug=arguments.debug_loop
                )
            finally:
                await hass.async_stop()
    return {
        "scenario": arguments.scenario,
        "debug_loop": arguments.debug_loop,
        **result,
    }


def main() -> None:
    """Run one scenario and print its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument(
        "--debug-loop",
        action="store_true",
        help="asyncio debug mode: name the callbacks slower than 20 ms",
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    emit(asyncio.run(_run(arguments)))


if __name__ == "__main__":
    main()
