"""Long-term statistics for the Energy dashboard, against each simulated tenant's truth."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import list_statistic_ids
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sew_thinq.const import (
    CONF_HISTORY_DAYS,
    CONF_IGNORED_METERS,
    CONF_REQUEST_RATE,
)
from custom_components.sew_thinq.coordinator import SewCoordinator
from custom_components.sew_thinq.statistics import (
    StatisticKind,
    meter_kinds,
    statistic_id,
)
from simulators.sew import Channel, Fault, SewPortal

from .conftest import SEW_NOW, RunningSewPortal, hourly_statistics, setup_entry

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)

PROFILES = ["hidroelectrica", "nbpower", "mobile-seed", "mobile-sew"]
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
    """Import the full three weeks of hourly history."""
    return 21


@pytest.fixture
def sew_options() -> dict[str, Any]:
    """Two years of history, as fast as the test goes; the second account not followed."""
    return {CONF_REQUEST_RATE: 1000, CONF_IGNORED_METERS: [SECOND_ACCOUNT_METER]}


def _midnight(portal: SewPortal, day: date) -> datetime:
    return datetime.combine(day, time(), portal.zone).astimezone(dt_util.UTC)


def _final_through(portal: SewPortal) -> date:
    """Return the newest day the tenant has published final (not estimated)."""
    days = portal.profile.tenant.publication.estimated_days
    return portal.latest_published_day - timedelta(days=days)


async def _rows(hass: HomeAssistant, statistic: str) -> list[dict[str, Any]]:
    """Return every hourly row of a statistic, oldest first."""
    return await hourly_statistics(hass, statistic)


def _between(rows: list[dict[str, Any]], first: datetime, after: datetime) -> float:
    """Add up the rows that start in [first, after)."""
    return sum(
        row["state"]
        for row in rows
        if first.timestamp() <= row["start"] < after.timestamp()
    )


def _assert_consistent(rows: list[dict[str, Any]]) -> None:
    """Rows are on the hour, unique, and each sum is the previous sum plus the state."""
    starts = [row["start"] for row in rows]
    assert starts == sorted(set(starts))
    assert all(start % 3600 == 0 for start in starts)
    total = 0.0
    for row in rows:
        total += row["state"]
        assert row["sum"] == pytest.approx(total, abs=1e-6)


def _statistics(coordinator: SewCoordinator) -> dict[tuple[str, StatisticKind], str]:
    """Return the statistic of each followed meter's kinds."""
    return {
        (data.meter.meter_number, kind): statistic_id(
            coordinator.importer.utility, data.meter, kind
        )
        for data in coordinator.data.meters.values()
        for kind in meter_kinds(data.meter)
    }


async def _advance(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    portal: SewPortal,
    freezer: FrozenDateTimeFactory,
    delta: timedelta,
) -> None:
    """Let time pass for Home Assistant and the portal, then poll."""
    freezer.tick(delta)
    portal.advance(delta)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)


async def _assert_matches_the_tenant(
    hass: HomeAssistant, entry: MockConfigEntry, portal: SewPortal
) -> None:
    """Every cycle, day and final hour imported adds up to what the tenant measured."""
    coordinator: SewCoordinator = entry.runtime_data
    final_through = _final_through(portal)
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
            rows = await _rows(hass, statistic)
            _assert_consistent(rows)
            channel = CHANNELS[kind]
            money = kind in (StatisticKind.COST, StatisticKind.COMPENSATION)
            index = 1 if money else 0
            for first, last in portal.billing_cycles():
                start = _midnight(portal, first)
                if start.timestamp() < rows[0]["start"]:
                    continue
                expected = portal.cycle_total(meter, first, channel)[index] or 0.0
                got = _between(rows, start, _midnight(portal, last + timedelta(days=1)))
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
                got = _between(
                    rows,
                    _midnight(portal, day),
                    _midnight(portal, day + timedelta(days=1)),
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


@pytest.mark.parametrize("sew_profile", PROFILES)
async def test_statistics_match_the_tenant(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
) -> None:
    """Two years of cycles, days and hours add up to each tenant's truth."""
    await setup_entry(hass, sew_entry)
    coordinator: SewCoordinator = sew_entry.runtime_data
    statistics = _statistics(coordinator)
    await async_wait_recording_done(hass)
    ids = await get_instance(hass).async_add_executor_job(
        list_statistic_ids, hass, None, "sum"
    )
    assert {row["statistic_id"] for row in ids if row["source"] == "sew_thinq"} == set(
        statistics.values()
    )
    await _assert_matches_the_tenant(hass, sew_entry, sew_portal.portal)


async def test_statistic_ids_are_stable(
    recorder_mock: Recorder, hass: HomeAssistant, sew_entry: MockConfigEntry
) -> None:
    """The mobile tenant's statistics keep the ids of the first release."""
    await setup_entry(hass, sew_entry)
    assert {
        (meter, kind.value): statistic
        for (meter, kind), statistic in _statistics(sew_entry.runtime_data).items()
    } == STATISTIC


@pytest.mark.parametrize("sew_profile", ["hidroelectrica"])
async def test_prosumer_contract(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
) -> None:
    """A prosumer contract's injected energy is its return to the grid, apart from use."""
    await setup_entry(hass, sew_entry)
    kinds = {
        data.meter.meter_number: meter_kinds(data.meter)
        for data in sew_entry.runtime_data.data.meters.values()
    }
    assert kinds == {
        "104522871": (StatisticKind.CONSUMPTION, StatisticKind.COST),
        "104533906": (
            StatisticKind.CONSUMPTION,
            StatisticKind.COST,
            StatisticKind.RETURN,
            StatisticKind.COMPENSATION,
        ),
    }


async def test_daylight_saving_days(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
) -> None:
    """The 25-hour day is imported hour by hour, the 23-hour day as one day."""
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    rows = await _rows(hass, STATISTIC[(GAS, "consumption")])
    fall_back = date(2026, 11, 1)
    hours = [
        row
        for row in rows
        if _midnight(portal, fall_back).timestamp()
        <= row["start"]
        < _midnight(portal, fall_back + timedelta(days=1)).timestamp()
    ]
    truth = portal.true_hourly(GAS, fall_back)
    assert len(hours) == len(truth) == 25
    assert [(row["start"], row["state"]) for row in hours] == [
        (start.timestamp(), pytest.approx(value)) for start, value in truth
    ]
    spring_forward = date(2026, 3, 8)
    assert len(portal.true_hourly(GAS, spring_forward)) == 23
    assert _between(
        rows,
        _midnight(portal, spring_forward),
        _midnight(portal, spring_forward + timedelta(days=1)),
    ) == pytest.approx(portal.day_total(GAS, spring_forward, published=False))


@pytest.mark.parametrize("sew_profile", PROFILES)
async def test_following_days(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Days published later arrive final, estimated ones corrected, at one login a day.

    Polls every three hours for two days: only those after a day can have been
    published ask anything.
    """
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    estimated = portal.estimated_day
    portal.requests.clear()
    portal.sessions.logins.clear()
    for _ in range(16):
        await _advance(hass, sew_entry, portal, freezer, timedelta(hours=3))
    assert _final_through(portal) >= estimated
    await _assert_matches_the_tenant(hass, sew_entry, portal)
    # Two days: each a login at most, and a few requests a meter, one of them the daily
    # totals compared for restatements.
    assert sum(portal.sessions.logins.values()) <= 2
    meters = len(sew_entry.runtime_data.data.meters)
    assert 0 < portal.request_total <= 2 * (4 + (6 + 1) * meters)


@pytest.mark.parametrize(
    ("sew_profile", "style"),
    [("mobile-seed", "empty"), ("hidroelectrica", "no_records")],
)
async def test_empty_answer_is_not_zero(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
    style: str,
) -> None:
    """A day read again without rows keeps what it had; real rows later correct it."""
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    coordinator: SewCoordinator = sew_entry.runtime_data
    data = next(
        data
        for data in coordinator.data.meters.values()
        if data.meter.meter_number in {WATER, "104522871"}
    )
    meter = data.meter.meter_number
    statistic = statistic_id(
        coordinator.importer.utility, data.meter, StatisticKind.CONSUMPTION
    )
    partial = portal.latest_published_day
    first = _midnight(portal, partial)
    after = _midnight(portal, partial + timedelta(days=1))
    before = await _rows(hass, statistic)
    imported = [row for row in before if first.timestamp() <= row["start"]]
    assert 0 < len(imported) < 24
    assert _between(before, first, after) == pytest.approx(
        sum(r.value for r in portal.published_hourly(meter, partial))
    )

    portal.withhold(meter, partial, times=1, style=style)
    await _advance(hass, sew_entry, portal, freezer, timedelta(days=1))
    rows = await _rows(hass, statistic)
    _assert_consistent(rows)

    def day_of(rows: list[dict[str, Any]]) -> list[tuple[float, float]]:
        return [
            (row["start"], row["state"])
            for row in rows
            if first.timestamp() <= row["start"] < after.timestamp()
        ]

    assert day_of(rows) == day_of(before)

    await _advance(hass, sew_entry, portal, freezer, timedelta(days=1))
    rows = await _rows(hass, statistic)
    _assert_consistent(rows)
    assert _between(rows, first, after) == pytest.approx(
        portal.day_total(meter, partial, published=False)
    )


async def test_failed_read_changes_nothing(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """When the portal fails part way through the days due, no row changes."""
    await setup_entry(hass, sew_entry)
    statistic = STATISTIC[(ELECTRIC, "consumption")]
    before = await _rows(hass, statistic)
    sew_portal.portal.advance(timedelta(days=1))
    freezer.tick(timedelta(days=1))
    coordinator: SewCoordinator = sew_entry.runtime_data
    meters = {
        key: (data.account, data.meter) for key, data in coordinator.data.meters.items()
    }
    sew_portal.portal.inject(Fault.SERVER_ERROR, after=1)
    await coordinator.importer.async_import(meters)
    freezer.tick(timedelta(hours=1))
    await coordinator.importer.async_import(meters)
    assert [
        record.levelname
        for record in caplog.records
        if record.getMessage().startswith("Importing the history of electric meter")
        and "failed" in record.getMessage()
    ] == ["WARNING", "DEBUG"]
    assert await _rows(hass, statistic) == before

    sew_portal.portal.clear_faults()
    freezer.tick(timedelta(hours=2))
    await coordinator.importer.async_import(meters)
    assert "Importing the history of electric meter E10004521 resumed" in caplog.text
    assert await _rows(hass, statistic) != before


@pytest.mark.parametrize("sew_profile", PROFILES)
async def test_interrupted_import_resumes(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
) -> None:
    """An import stopped part way, then restarted, ends as an uninterrupted one does."""
    portal = sew_portal.portal
    await setup_entry(hass, sew_entry)
    statistics = _statistics(sew_entry.runtime_data)
    uninterrupted = {
        statistic: await _rows(hass, statistic) for statistic in statistics.values()
    }
    requests = portal.request_total
    assert await hass.config_entries.async_remove(sew_entry.entry_id)
    recorder_mock.async_clear_statistics(list(statistics.values()))
    await async_wait_recording_done(hass)

    sew_entry = MockConfigEntry(
        domain=sew_entry.domain,
        version=sew_entry.version,
        title=sew_entry.title,
        unique_id=sew_entry.unique_id,
        data=sew_entry.data,
        options=sew_entry.options,
    )
    # The network goes away half way through the history...
    portal.inject(Fault.SERVER_ERROR, after=requests // 2)
    await setup_entry(hass, sew_entry)
    progress = sew_entry.runtime_data.importer.progress
    assert not all(meter.complete for meter in progress.values())
    # ...and Home Assistant restarts before it comes back.
    assert await hass.config_entries.async_unload(sew_entry.entry_id)
    await async_wait_recording_done(hass)
    portal.clear_faults()
    await hass.config_entries.async_setup(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    for statistic, reference in uninterrupted.items():
        resumed = await _rows(hass, statistic)
        _assert_consistent(resumed)
        assert [
            (r["start"], pytest.approx(r["state"]), pytest.approx(r["sum"]))
            for r in resumed
        ] == [(r["start"], r["state"], r["sum"]) for r in reference], statistic


async def test_one_import_at_a_time(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Polls during a running import do not start another; removal forgets the plan."""
    sew_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(sew_entry.entry_id)
    coordinator = sew_entry.runtime_data
    await coordinator.async_refresh()
    await coordinator.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert caplog.text.count("Importing the history of gas meter G30005566") == 1
    assert f"sew_thinq.history.{sew_entry.entry_id}" in hass_storage

    assert await hass.config_entries.async_remove(sew_entry.entry_id)
    assert f"sew_thinq.history.{sew_entry.entry_id}" not in hass_storage
    await async_wait_recording_done(hass)
    assert await _rows(hass, STATISTIC[(GAS, "consumption")])


@pytest.mark.parametrize("sew_options", [{CONF_REQUEST_RATE: 1000}])
async def test_plans_of_the_first_version_are_read(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An import plan stored by the first version goes on without a new backfill."""
    key = f"sew_thinq.history.{sew_entry.entry_id}"
    done = f"300-123-4567_W_{WATER}"
    hass_storage[key] = {
        "version": 1,
        "minor_version": 1,
        "key": key,
        "data": {
            done: {
                "daily_start": "2024-11-01",
                "hourly_start": "2026-10-31",
                "complete": "yes",
            }
        },
    }
    await setup_entry(hass, sew_entry)
    importer = sew_entry.runtime_data.importer
    assert importer.plan(done).complete
    assert "Importing the history of water meter" not in caplog.text
    assert "Importing the history of gas meter" in caplog.text
    assert hass_storage[key]["version"] == 3
    assert hass_storage[key]["data"]["meters"][done]["complete"] is True
    assert set(hass_storage[key]["data"]["meters"]) > {done}
    assert CONF_HISTORY_DAYS not in sew_entry.options
