"""Fixtures and helpers of the statistics tests: meters, statistic ids, rows, the truth.

Two years of history at full speed; the mobile tenant's meters and the statistic ids they
have had since the first release; reading the recorder's rows and comparing them with what
the tenant measured.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sew_thinq.const import CONF_IGNORED_METERS, CONF_REQUEST_RATE
from custom_components.sew_thinq.sew_coordinator import SewCoordinator
from custom_components.sew_thinq.statistic_rows import (
    StatisticKind,
    meter_kinds,
    statistic_id,
)
from simulators.sew import Channel, SewPortal
from tests.conftest import hourly_statistics

ELECTRIC, SOLAR, WATER, GAS = "E10004521", "PV10004521", "W20007788", "G30005566"
SECOND_ACCOUNT_METER = "300-987-6543_E_E10009981"
PREFIX = "sew_thinq:127_0_0_1"
# The ids the mobile tenant's meters have had since the first release: they must not move.
STATISTIC = {
    (ELECTRIC, "consumption"): f"{PREFIX}_e_e10004521_consumption",
    (ELECTRIC, "cost"): f"{PREFIX}_e_e10004521_cost",
    (ELECTRIC, "return"): f"{PREFIX}_e_e10004521_return",
    (ELECTRIC, "compensation"): f"{PREFIX}_e_e10004521_compensation",
    (SOLAR, "production"): f"{PREFIX}_pv_pv10004521_production",
    (WATER, "consumption"): f"{PREFIX}_w_w20007788_consumption",
    (WATER, "cost"): f"{PREFIX}_w_w20007788_cost",
    (GAS, "consumption"): f"{PREFIX}_g_g30005566_consumption",
    (GAS, "cost"): f"{PREFIX}_g_g30005566_cost",
}
CHANNELS = {
    StatisticKind.CONSUMPTION: Channel.IMPORT,
    StatisticKind.COST: Channel.IMPORT,
    StatisticKind.RETURN: Channel.EXPORT,
    StatisticKind.COMPENSATION: Channel.EXPORT,
    StatisticKind.PRODUCTION: Channel.GENERATION,
}


@pytest.fixture
def hourly_history_days() -> int:
    """Import the full three weeks of hourly history, as a real installation does."""
    return 21


@pytest.fixture
def sew_options() -> dict[str, Any]:
    """Two years of history, as fast as the test goes; the second account not followed."""
    return {CONF_REQUEST_RATE: 1000, CONF_IGNORED_METERS: [SECOND_ACCOUNT_METER]}


def local_midnight(portal: SewPortal, day: date) -> datetime:
    return datetime.combine(day, time(), portal.zone).astimezone(dt_util.UTC)


def last_final_day(portal: SewPortal) -> date:
    """Return the newest day the tenant has published final (not estimated)."""
    days = portal.profile.tenant.publication.estimated_days
    return portal.latest_published_day - timedelta(days=days)


def total_between(
    rows: list[dict[str, Any]], first: datetime, after: datetime
) -> float:
    """Add up the rows that start in [first, after)."""
    return sum(
        row["state"]
        for row in rows
        if first.timestamp() <= row["start"] < after.timestamp()
    )


def assert_consistent(rows: list[dict[str, Any]]) -> None:
    """Rows are on the hour, unique, and each sum is the previous sum plus the state."""
    starts = [row["start"] for row in rows]
    assert starts == sorted(set(starts))
    assert all(start % 3600 == 0 for start in starts)
    total = 0.0
    for row in rows:
        total += row["state"]
        assert row["sum"] == pytest.approx(total, abs=1e-6)


def statistics_of(coordinator: SewCoordinator) -> dict[tuple[str, StatisticKind], str]:
    """Return the statistic of each followed meter's kinds."""
    return {
        (data.meter.meter_number, kind): statistic_id(
            coordinator.importer.utility, data.meter, kind
        )
        for data in coordinator.data.meters.values()
        for kind in meter_kinds(data.meter)
    }


async def advance_and_poll(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    portal: SewPortal,
    freezer: FrozenDateTimeFactory,
    delta: timedelta,
) -> None:
    """Let time pass for Home Assistant and the portal, then poll."""
    freezer.tick(delta)
    portal.advance(delta)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)


async def assert_matches_the_tenant(
    hass: HomeAssistant, entry: MockConfigEntry, portal: SewPortal
) -> None:
    """Every cycle, day and final hour imported adds up to what the tenant measured."""
    coordinator: SewCoordinator = entry.runtime_data.coordinator
    final_through = last_final_day(portal)
    # NB Power bills cycles in whole kWh (dnlbck/ha-nbpower tests/test_parsing.py), and
    # tenants round each day's usage and each row's money: the coarser the row, the more.
    whole = portal.profile.name == "nbpower"
    for key, data in coordinator.data.meters.items():
        plan = coordinator.importer.plan(key)
        assert plan is not None
        assert plan.complete
        meter = data.meter.meter_number
        for kind in meter_kinds(data.meter):
            statistic = statistic_id(coordinator.importer.utility, data.meter, kind)
            rows = await hourly_statistics(hass, statistic)
            assert_consistent(rows)
            channel = CHANNELS[kind]
            money = kind in (StatisticKind.COST, StatisticKind.COMPENSATION)
            index = 1 if money else 0
            for first, last in portal.billing_cycles():
                start = local_midnight(portal, first)
                if start.timestamp() < rows[0]["start"]:
                    continue
                expected = portal.cycle_total(meter, first, channel)[index] or 0.0
                got = total_between(
                    rows, start, local_midnight(portal, last + timedelta(days=1))
                )
                tolerance = max(0.02 * abs(expected), 0.05) if money else 1e-3
                if whole and last < plan.daily_start:
                    tolerance = 0.5 * (1 + expected * 0.16 if money else 1)
                assert got == pytest.approx(expected, abs=tolerance), (
                    statistic,
                    first,
                )
            if money:
                continue
            day = plan.daily_start
            while day < plan.hourly_start:
                expected = portal.day_total(meter, day, channel, published=False)
                got = total_between(
                    rows,
                    local_midnight(portal, day),
                    local_midnight(portal, day + timedelta(days=1)),
                )
                assert got == pytest.approx(expected, abs=2e-3), (statistic, day)
                day += timedelta(days=1)
            by_start = {row["start"]: row["state"] for row in rows}
            day = plan.hourly_start
            while day <= final_through:
                for start, value in portal.true_hourly(meter, day, channel):
                    assert by_start[start.timestamp()] == pytest.approx(value), (
                        statistic,
                        start,
                    )
                day += timedelta(days=1)


def new_entry(entry: MockConfigEntry) -> MockConfigEntry:
    """Return the same login as a new entry, as the config flow would add it again."""
    return MockConfigEntry(
        domain=entry.domain,
        version=entry.version,
        title=entry.title,
        unique_id=entry.unique_id,
        data=entry.data,
        options=entry.options,
    )


async def remove_with_statistics(
    hass: HomeAssistant,
    recorder_mock: Recorder,
    entry: MockConfigEntry,
    statistics: dict[tuple[str, StatisticKind], str],
) -> None:
    """Remove an entry and clear its statistics, as a user deleting them does."""
    assert await hass.config_entries.async_remove(entry.entry_id)
    recorder_mock.async_clear_statistics(list(statistics.values()))
    await async_wait_recording_done(hass)


async def assert_same_rows(
    hass: HomeAssistant, reference: dict[str, list[dict[str, Any]]]
) -> None:
    """Each statistic's rows are consistent and those of the reference, hour by hour."""
    for statistic, expected in reference.items():
        rows = await hourly_statistics(hass, statistic)
        assert_consistent(rows)
        assert [
            (r["start"], pytest.approx(r["state"]), pytest.approx(r["sum"]))
            for r in rows
        ] == [(r["start"], r["state"], r["sum"]) for r in expected], statistic
