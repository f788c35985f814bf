"""A simulated day of polling: requests, logins and token refreshes per day.

Run by the benchmark with pytest (``pytest -o addopts= scripts/benchmark/steady_state.py``),
like the tests, so that time can be advanced instead of waited: Home Assistant's clock
(freezegun), the SEW portal's clock and the ThinQ cloud's token clock move together in
30 s steps, and each step fires the timers that came due, as the scheduler would. Both
simulators run in this process without latency; only the counts matter here. The utility
entry first lives two days alone, so that the day measured is not one still following up
its first import. The result is written as JSON to the file named by ``BENCH_STEADY_OUT``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Generator
from datetime import UTC, datetime, timedelta
import functools
import json
import os
from pathlib import Path
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_fire_time_changed,
)

import custom_components.sew_thinq  # noqa: F401
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
from custom_components.sew_thinq.sew_coordinator import SewCoordinator
from custom_components.sew_thinq.thinq import ThinQClient
from custom_components.sew_thinq.thinq_coordinator import ThinqCoordinator
from scripts.benchmark.common import SEW_IGNORED_METERS, SEW_PROFILE, sew_entry_data
from scripts.benchmark.ha_run import USAGE_CALLS, _count_usage_calls
from simulators.sew import DEMO_USERNAME as SEW_USERNAME, start_sew_portal
from simulators.thinq import start_thinq_cloud

NOW = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)
STEP = timedelta(seconds=30)
# ThinQ: six simulated hours (six token lifetimes), scaled to a day; the utility: a day.
STEPS = int(os.environ.get("BENCH_STEADY_STEPS", "720"))
SEW_STEP = timedelta(minutes=5)
DAY = timedelta(days=1)
WARM_UP = 2 * DAY
POLLS: Counter[str] = Counter()


def _counted[**P, R](
    name: str, method: Callable[P, Awaitable[R]]
) -> Callable[P, Awaitable[R]]:
    """Return the coordinator method, counting its calls as polls."""

    async def counted(*args: P.args, **kwargs: P.kwargs) -> R:
        POLLS[name] += 1
        return await method(*args, **kwargs)

    return counted


DEVICES_ONLINE = 20
LOGIN_PATH = "/PortalService/UserLogin.svc/ValidateUserLoginMob"
USAGE_PATH = "/PortalService/Usage.svc/GetUsageGenerationMob"

pytestmark = pytest.mark.freeze_time(NOW, tick=True)


@pytest.fixture
def bench_out() -> Generator[dict[str, object]]:
    """Collect the result and write it where the benchmark asked."""
    result: dict[str, object] = {}
    yield result
    Path(os.environ.get("BENCH_STEADY_OUT", "steady_state.json")).write_text(
        json.dumps(result, indent=2)
    )


async def test_a_day_of_polling(
    hass: HomeAssistant,
    socket_enabled: None,
    freezer: FrozenDateTimeFactory,
    bench_out: dict[str, object],
) -> None:
    """Count what one simulated day costs the utility's portal and LG's cloud."""
    sew_runner, portal, base_url = await start_sew_portal(profile=SEW_PROFILE, now=NOW)
    thinq_runner, cloud, gateway_url = await start_thinq_cloud(
        extra_devices=DEVICES_ONLINE - 2
    )
    sew = MockConfigEntry(
        domain=DOMAIN,
        title=f"Simulated utility ({SEW_USERNAME})",
        unique_id="127.0.0.1_10245",
        version=2,
        data=sew_entry_data(base_url),
        # Default intervals and window; the backfill before the day goes fast.
        options={CONF_REQUEST_RATE: 1000, CONF_IGNORED_METERS: SEW_IGNORED_METERS},
    )
    thinq = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        title="LG ThinQ (US)",
        unique_id="bench-thinq",
        data={
            CONF_KIND: KIND_THINQ,
            CONF_GATEWAY_URL: gateway_url,
            CONF_COUNTRY: "US",
            CONF_LANGUAGE: "en-US",
            CONF_REFRESH_TOKEN: cloud.issue_refresh_token(),
        },
    )
    # The client's token clock must be the cloud's, which the day moves forward.
    client = functools.partial(ThinQClient, clock=cloud.now)
    _count_usage_calls()
    try:
        with (
            patch("custom_components.sew_thinq.thinq_entry.ThinQClient", client),
            patch.object(
                SewCoordinator,
                "_async_update_data",
                _counted("sew", SewCoordinator._async_update_data),  # noqa: SLF001
            ),
            patch.object(
                ThinqCoordinator,
                "_async_update_data",
                _counted("thinq", ThinqCoordinator._async_update_data),  # noqa: SLF001
            ),
        ):
            sew_log: list[dict[str, object]] = []

            async def step(size: timedelta, elapsed: timedelta) -> None:
                before, total = cloud.now(), portal.request_total
                freezer.tick(size)
                portal.advance(size)
                if (moved := cloud.now() - before) < size.total_seconds():
                    cloud.advance(size.total_seconds() - moved)
                async_fire_time_changed(hass)
                await hass.async_block_till_done(wait_background_tasks=True)
                if portal.request_total != total:
                    sew_log.append(
                        {
                            "at_h": round(elapsed / timedelta(hours=1), 2),
                            "requests": portal.request_total - total,
                        }
                    )

            sew.add_to_hass(hass)
            assert await hass.config_entries.async_setup(sew.entry_id)
            await hass.async_block_till_done(wait_background_tasks=True)
            # The days after setup still follow up what the first import read: let the
            # utility entry live two days alone first, so that the day measured is usual.
            warm_up = timedelta()
            while warm_up < WARM_UP:
                warm_up += SEW_STEP
                await step(SEW_STEP, warm_up)
            thinq.add_to_hass(hass)
            assert await hass.config_entries.async_setup(thinq.entry_id)
            await hass.async_block_till_done(wait_background_tasks=True)
            portal.requests.clear()
            portal.sessions.logins.clear()
            cloud.requests.clear()
            POLLS.clear()
            USAGE_CALLS.clear()
            sew_log.clear()
            started = os.times().elapsed
            elapsed = timedelta()
            for _ in range(STEPS):
                elapsed += STEP
                await step(STEP, elapsed)
            thinq_requests = dict(cloud.requests)
            thinq_polls = POLLS["thinq"]
            thinq_interval = (
                thinq.runtime_data.coordinator.update_interval.total_seconds()
            )
            # The rest of the day for the utility alone, in coarser steps.
            await hass.config_entries.async_unload(thinq.entry_id)
            while elapsed < DAY:
                elapsed += SEW_STEP
                await step(SEW_STEP, elapsed)
            real_seconds = os.times().elapsed - started
        sew_requests = dict(portal.requests)
        # The daily calls of the day are the restatement checks (one a meter a day): the
        # first import is over and days are followed hour by hour.
        usage_calls: Counter[str] = Counter()
        for (_, resolution), count in USAGE_CALLS.items():
            usage_calls[resolution] += count
        meters = len(sew.runtime_data.coordinator.data.meters)
        hours = STEPS * STEP.total_seconds() / 3600
        sew_interval = sew.runtime_data.coordinator.update_interval.total_seconds()
        # Requests per poll, times the polls a day has at the configured interval;
        # logins and token refreshes follow the clock, so scale them by time.
        sew_polls = max(POLLS["sew"], 1)
        sew_day = 86400 / sew_interval / sew_polls
        thinq_day = 86400 / thinq_interval / max(thinq_polls, 1)
        monitor = thinq_requests.get("rti/rtiResult", 0) + thinq_requests.get(
            "rti/rtiMon", 0
        )
        bench_out.update(
            {
                "real_seconds": round(real_seconds, 1),
                "thinq_simulated_hours": hours,
                "sew_simulated_hours": elapsed / timedelta(hours=1),
                "polls": dict(POLLS),
                "sew_requests_by_time": sew_log,
                "sew_scan_interval_min": sew_interval / 60,
                "thinq_scan_interval_s": thinq_interval,
                "sew": {
                    "measured": sew_requests,
                    # The day's polls at the interval (the poll at 0 h was setup's).
                    "requests": round(sum(sew_requests.values()) * sew_day),
                    "logins": round(sew_requests.get(LOGIN_PATH, 0) * sew_day),
                    "usage_requests": round(sew_requests.get(USAGE_PATH, 0) * sew_day),
                    "per_poll": round(sum(sew_requests.values()) / sew_polls, 1),
                    "usage_calls_by_resolution": dict(usage_calls),
                    "meters": meters,
                    "restatement_checks_per_meter": round(
                        usage_calls["DAY"] * sew_day / max(meters, 1), 2
                    ),
                    "token_lifetime_min": portal.token_lifetime.total_seconds() / 60,
                    "successful_logins": sum(portal.sessions.logins.values()),
                },
                "thinq": {
                    "measured": thinq_requests,
                    "devices": DEVICES_ONLINE,
                    "requests": round(sum(thinq_requests.values()) * thinq_day),
                    "per_device": round(monitor * thinq_day / DEVICES_ONLINE),
                    "token_refreshes": round(
                        thinq_requests.get("token", 0) * 24 / hours
                    ),
                    "access_token_lifetime_s": cloud.access_token_lifetime,
                },
            }
        )
    finally:
        for entry in (sew, thinq):
            if entry.state is ConfigEntryState.LOADED:
                await hass.config_entries.async_unload(entry.entry_id)
        await thinq_runner.cleanup()
        await sew_runner.cleanup()
