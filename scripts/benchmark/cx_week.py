"""A simulated week of a CX login (Alliant, Dominion): sign-ins, refreshes, requests.

Run by the benchmark with pytest (``pytest -o addopts= scripts/benchmark/cx_week.py``),
like steady_state.py: Home Assistant's clock (freezegun) and the portal's move together in
5-minute steps, each firing the timers that came due. Each tenant's entry is made as the
config flow makes it (Alliant: the password; Dominion: the tokens a browser sign-in left,
the way round its captcha), lives two days, then a week is counted. The result is written
as JSON to the file named by ``BENCH_CX_OUT``.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import UTC, datetime, timedelta
import json
import os
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_fire_time_changed,
)

import custom_components.sew_thinq  # noqa: F401
from custom_components.sew_thinq.const import (
    CONF_KIND,
    CONF_LAYOUT,
    CONF_PORTAL_URL,
    CONF_REQUEST_RATE,
    CONF_SESSION,
    CONF_UTILITY,
    DOMAIN,
    KIND_SEW,
)
from custom_components.sew_thinq.sew import KNOWN_UTILITIES, CxSignIn
from simulators.sew import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    browser_sign_in,
    cx_state,
    start_sew_portal,
)

NOW = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)
STEP = timedelta(minutes=5)
WARM_UP = timedelta(days=2)
WEEK = timedelta(days=7)

pytestmark = pytest.mark.freeze_time(NOW, tick=True)


@pytest.fixture
def bench_out() -> Generator[dict[str, Any]]:
    """Collect the result and write it where the benchmark asked."""
    out = Path(os.environ.get("BENCH_CX_OUT", "cx_week.json"))
    result: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    yield result
    out.write_text(json.dumps(result, indent=2))


@pytest.mark.parametrize("tenant", ["alliant", "dominion"])
async def test_a_week(
    hass: HomeAssistant,
    socket_enabled: None,
    freezer: FrozenDateTimeFactory,
    bench_out: dict[str, Any],
    tenant: str,
) -> None:
    """Count a week of one CX login after two days of warm-up."""
    runner, portal, base_url = await start_sew_portal(profile=tenant, now=NOW)
    layout = KNOWN_UTILITIES[tenant].layout.rebased(base_url)
    data: dict[str, Any] = {
        CONF_KIND: KIND_SEW,
        CONF_LAYOUT: layout.as_dict(),
        CONF_USERNAME: DEMO_USERNAME,
        CONF_PASSWORD: DEMO_PASSWORD,
        CONF_UTILITY: tenant,
        CONF_PORTAL_URL: base_url,
    }
    if tenant == "dominion":
        access, refresh = browser_sign_in(portal)
        http = async_get_clientsession(hass)
        session = await CxSignIn(http, layout).tokens(access, refresh)
        data[CONF_SESSION] = session.as_dict()
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        title=f"{tenant} ({DEMO_USERNAME})",
        unique_id=f"bench-{tenant}",
        data=data,
        options={CONF_REQUEST_RATE: 1000},
    )
    counters = cx_state(portal).counters
    try:
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done(wait_background_tasks=True)

        async def run(length: timedelta) -> None:
            elapsed = timedelta()
            while elapsed < length:
                elapsed += STEP
                freezer.tick(STEP)
                portal.advance(STEP)
                async_fire_time_changed(hass)
                await hass.async_block_till_done(wait_background_tasks=True)

        await run(WARM_UP)
        before = (
            counters.logins,
            counters.refreshes,
            counters.refused_refreshes,
            counters.downloads,
            portal.request_total,
        )
        started = os.times().elapsed
        await run(WEEK)
        after = (
            counters.logins,
            counters.refreshes,
            counters.refused_refreshes,
            counters.downloads,
            portal.request_total,
        )
        logins, refreshes, refused, downloads, requests = (
            b - a for a, b in zip(before, after, strict=True)
        )
        bench_out[tenant] = {
            "days": WEEK / timedelta(days=1),
            "logins": logins,
            "refreshes": refreshes,
            "refused_refreshes": refused,
            "workbook_downloads": downloads,
            "requests": requests,
            "requests_a_day": round(requests / 7, 1),
            "real_seconds": round(os.times().elapsed - started, 1),
            "access_token_min": cx_state(portal).switches.access_lifetime
            / timedelta(minutes=1),
        }
    finally:
        await hass.config_entries.async_unload(entry.entry_id)
        await runner.cleanup()
