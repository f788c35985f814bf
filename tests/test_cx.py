"""CX tenants end to end: the config flow, the sensors and the Energy statistics.

Alliant signs in with a password; Dominion at Gigya with a code by text message, or with
the tokens of a browser sign-in where Gigya wants a captcha. Both then refresh their
tokens instead of signing in again.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import date, datetime, time, timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.sew_thinq.const import CONF_SESSION, DOMAIN
from custom_components.sew_thinq.import_plan import MeterPlan
from custom_components.sew_thinq.sew_coordinator import SewCoordinator
from custom_components.sew_thinq.sew_data import MeterData
from custom_components.sew_thinq.statistic_rows import StatisticKind, statistic_id
from simulators.sew import (
    ALLIANT_METER,
    ALLIANT_RETIRED_METER,
    DOMINION_METER,
    DOMINION_SOLAR_METER,
    Channel,
    Fault,
    SewPortal,
    browser_sign_in,
    cx_state,
)

from .conftest import SEW_NOW, RunningSewPortal, hourly_statistics, sign_in_listed

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)


@pytest.fixture(autouse=True)
def quick_import() -> Generator[None]:
    """Entries made by the flow import 40 days as fast as the test goes."""
    with (
        patch("custom_components.sew_thinq.sew_coordinator.DEFAULT_REQUEST_RATE", 1000),
        patch("custom_components.sew_thinq.sew_coordinator.DEFAULT_HISTORY_DAYS", 40),
    ):
        yield


@pytest.fixture
def hourly_history_days() -> int:
    """Hours reach back past Alliant's four days of lag."""
    return 10


async def _rows(hass: HomeAssistant, statistic: str) -> dict[float, float]:
    """Return a statistic's hourly states by start."""
    rows = await hourly_statistics(hass, statistic)
    return {row["start"]: row["state"] for row in rows}


def _first_target(result: ConfigFlowResult) -> str:
    """Return the first place the code can go (the phone)."""
    value: str = result["data_schema"].schema["target"].config["options"][0]["value"]
    return value


def _midnight(portal: SewPortal, day: date) -> float:
    return datetime.combine(day, time(), portal.zone).timestamp()


def _between(rows: dict[float, float], first: float, after: float) -> float:
    return sum(value for start, value in rows.items() if first <= start < after)


def _entry(hass: HomeAssistant) -> ConfigEntry:
    entries = hass.config_entries.async_entries(DOMAIN)
    assert len(entries) == 1
    return entries[0]


def _plan(coordinator: SewCoordinator, meter: str) -> tuple[MeterData, MeterPlan]:
    """Return a meter's data and import plan."""
    data = next(
        d for d in coordinator.data.meters.values() if d.meter.meter_number == meter
    )
    plan = coordinator.importer.plan(coordinator.meter_key(data))
    assert plan is not None
    return data, plan


def _assert_days(
    rows: dict[float, float], portal: SewPortal, meter: str, plan: MeterPlan
) -> None:
    """Every day of the daily range adds up to the tenant's day."""
    day = plan.daily_start
    while day < plan.hourly_start:
        expected = portal.day_total(meter, day, published=False)
        got = _between(
            rows, _midnight(portal, day), _midnight(portal, day + timedelta(days=1))
        )
        assert got == pytest.approx(expected, abs=2e-3), day
        day += timedelta(days=1)


async def _assert_hours(
    hass: HomeAssistant,
    coordinator: SewCoordinator,
    portal: SewPortal,
    meter: str,
    kind: StatisticKind,
    truth: Any,
    final_through: date,
) -> dict[float, float]:
    """Every hour of the hourly range final at the tenant is the tenant's value."""
    data, plan = _plan(coordinator, meter)
    assert plan.complete
    rows = await _rows(
        hass, statistic_id(coordinator.importer.utility, data.meter, kind)
    )
    day = plan.hourly_start
    checked = 0
    while day <= final_through:
        for start, value in truth(day):
            assert rows[start.timestamp()] == pytest.approx(value, abs=1e-6), (
                meter,
                start,
            )
            checked += 1
        day += timedelta(days=1)
    assert checked >= 24
    return rows


@pytest.mark.parametrize("sew_profile", ["alliant"])
async def test_alliant_from_the_flow_to_statistics(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """An Alliant login: password, then sensors and statistics equal to the tenant's."""
    portal = sew_portal.portal
    result = await sign_in_listed(hass, "alliant", sew_portal.base_url)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Alliant Energy"
    assert result["data"][CONF_SESSION]["refresh_token"]
    await hass.async_block_till_done(wait_background_tasks=True)
    entry = _entry(hass)
    coordinator: SewCoordinator = entry.runtime_data.coordinator
    assert {d.meter.meter_number for d in coordinator.data.meters.values()} == {
        ALLIANT_METER,
        ALLIANT_RETIRED_METER,
        "41869944",
    }
    final_through = portal.latest_published_day - timedelta(days=1)
    rows = await _assert_hours(
        hass,
        coordinator,
        portal,
        ALLIANT_METER,
        StatisticKind.CONSUMPTION,
        lambda day: portal.true_hourly(ALLIANT_METER, day),
        final_through,
    )
    data, plan = _plan(coordinator, ALLIANT_METER)
    _assert_days(rows, portal, ALLIANT_METER, plan)
    cost = await _rows(
        hass, statistic_id(coordinator.importer.utility, data.meter, StatisticKind.COST)
    )
    cycles = [c for c in portal.billing_cycles() if c[1] < plan.daily_start]
    for first, last in cycles:
        kwh, amount = portal.net_cycle_total(ALLIANT_METER, first)
        after = _midnight(portal, last + timedelta(days=1))
        assert _between(rows, _midnight(portal, first), after) == pytest.approx(
            round(kwh)
        )
        assert _between(cost, _midnight(portal, first), after) == pytest.approx(amount)
    # The net meter: imports and exports of each hour as the tenant nets them.
    await _assert_hours(
        hass,
        coordinator,
        portal,
        "41869944",
        StatisticKind.RETURN,
        lambda day: [
            (r.start, -r.value)
            for r in portal.published_net_hourly("41869944", day)
            if r.value < 0
        ],
        final_through,
    )
    # The retired meter has no usage: no statistic, never zeros.
    retired = next(
        d
        for d in coordinator.data.meters.values()
        if d.meter.meter_number == ALLIANT_RETIRED_METER
    )
    assert not await _rows(
        hass,
        statistic_id(
            coordinator.importer.utility, retired.meter, StatisticKind.CONSUMPTION
        ),
    )
    assert (
        hass.states.get("sensor.electric_meter_41851207_usage_so_far_this_cycle")
        is not None
    )
    assert cx_state(portal).counters.logins == 1


@pytest.mark.parametrize("sew_profile", ["alliant"])
async def test_alliant_keeps_its_tokens_alive_for_a_day(
    hass: HomeAssistant, sew_portal: RunningSewPortal, freezer: FrozenDateTimeFactory
) -> None:
    """A day of refreshes and visits on the one sign-in (a week: test_cx_client.py)."""
    portal = sew_portal.portal
    await sign_in_listed(hass, "alliant", sew_portal.base_url)
    await hass.async_block_till_done(wait_background_tasks=True)
    entry = _entry(hass)
    counters = cx_state(portal).counters
    tokens = entry.data[CONF_SESSION]["refresh_token"]
    step = timedelta(minutes=5)
    for _ in range(24 * 12):
        freezer.tick(step)
        portal.advance(step)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
    assert counters.logins == 1
    assert counters.refused_refreshes == 0
    assert 24 * 2 - 1 <= counters.refreshes <= 24 * 3
    assert entry.data[CONF_SESSION]["refresh_token"] != tokens


@pytest.mark.parametrize("sew_profile", ["dominion"])
async def test_dominion_from_the_flow_to_statistics(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """A Dominion login: password, a code by text message, then the workbook's hours."""
    portal = sew_portal.portal
    result = await sign_in_listed(hass, "dominion", sew_portal.base_url)
    assert result["step_id"] == "cx_target"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"target": _first_target(result)}
    )
    assert result["step_id"] == "cx_code"
    assert result["description_placeholders"] == {"target": "+########789"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"code": "123456"}
    )
    assert result["step_id"] == "cx_target"
    assert result["errors"] == {"base": "invalid_code"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"target": _first_target(result)}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"code": cx_state(portal).switches.tfa_code}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SESSION]["device"]["gmid"]
    await hass.async_block_till_done(wait_background_tasks=True)
    coordinator: SewCoordinator = _entry(hass).runtime_data.coordinator
    assert {d.meter.meter_number for d in coordinator.data.meters.values()} == {
        DOMINION_METER,
        DOMINION_SOLAR_METER,
    }
    # The workbook holds completed days only (DH README:84).
    final_through = min(portal.latest_published_day, portal.today - timedelta(days=1))
    rows = await _assert_hours(
        hass,
        coordinator,
        portal,
        DOMINION_METER,
        StatisticKind.CONSUMPTION,
        lambda day: portal.true_hourly(DOMINION_METER, day),
        final_through,
    )
    _, plan = _plan(coordinator, DOMINION_METER)
    assert plan.daily_start < plan.hourly_start
    _assert_days(rows, portal, DOMINION_METER, plan)
    await _assert_hours(
        hass,
        coordinator,
        portal,
        DOMINION_SOLAR_METER,
        StatisticKind.RETURN,
        lambda day: [
            (start, value)
            for start, value in portal.true_hourly(
                DOMINION_SOLAR_METER, day, Channel.EXPORT
            )
            if value
        ],
        final_through,
    )
    counters = cx_state(portal).counters
    assert (counters.logins, counters.codes_sent) == (1, 2)
    assert counters.downloads <= 4


@pytest.mark.parametrize("sew_profile", ["dominion"])
async def test_dominion_captcha_asks_for_browser_tokens(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """Where Gigya wants a captcha, the tokens of a browser sign-in are taken instead."""
    portal = sew_portal.portal
    cx_state(portal).switches.captcha = True
    result = await sign_in_listed(hass, "dominion", sew_portal.base_url)
    assert result["step_id"] == "cx_tokens"
    assert "login.dominionenergy.com" in result["description_placeholders"]["login_url"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"access_token": "nonsense", "refresh_token": "x"}
    )
    assert result["errors"] == {"base": "invalid_tokens"}
    access, refresh = browser_sign_in(portal)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {"access_token": f"Bearer {access}", "refresh_token": refresh},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # The pair checked was rotated: the entry keeps the new one.
    assert result["data"][CONF_SESSION]["refresh_token"] != refresh
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _entry(hass).runtime_data.coordinator.data.meters


@pytest.mark.parametrize("sew_profile", ["alliant"])
async def test_a_refused_renewal_asks_to_sign_in_again(
    hass: HomeAssistant, sew_portal: RunningSewPortal, freezer: FrozenDateTimeFactory
) -> None:
    """An unreachable refresh waits for the next try; a refused sign-in asks the user."""
    portal = sew_portal.portal
    await sign_in_listed(hass, "alliant", sew_portal.base_url)
    await hass.async_block_till_done(wait_background_tasks=True)
    portal.inject(Fault.SERVER_ERROR, path="*/Login/auth/refresh", times=1)

    async def half_an_hour() -> None:
        for _ in range(6):
            freezer.tick(timedelta(minutes=5))
            portal.advance(timedelta(minutes=5))
            async_fire_time_changed(hass)
            await hass.async_block_till_done(wait_background_tasks=True)

    await half_an_hour()
    assert not hass.config_entries.flow.async_progress()
    cx_state(portal).switches.refuse_refresh = True
    portal.lock_account()
    await half_an_hour()
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
