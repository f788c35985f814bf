"""Long-term statistics for the Energy dashboard, against each simulated tenant's truth."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import list_statistic_ids
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sew_thinq.const import CONF_HISTORY_DAYS, CONF_REQUEST_RATE
from custom_components.sew_thinq.sew_coordinator import SewCoordinator
from custom_components.sew_thinq.statistic_rows import (
    StatisticKind,
    meter_kinds,
    statistic_id,
)
from simulators.sew import Fault
from tests.conftest import SEW_NOW, RunningSewPortal, hourly_statistics, setup_entry

from .conftest import (
    ELECTRIC,
    GAS,
    STATISTIC,
    WATER,
    advance_and_poll,
    assert_consistent,
    assert_matches_the_tenant,
    assert_same_rows,
    last_final_day,
    local_midnight,
    new_entry,
    remove_with_statistics,
    statistics_of,
    total_between,
)

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)

PROFILES = ["hidroelectrica", "nbpower", "mobile-seed", "mobile-sew"]


@pytest.mark.parametrize("sew_profile", PROFILES)
async def test_statistics_match_the_tenant(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
) -> None:
    """Two years of cycles, days and hours add up to each tenant's truth."""
    await setup_entry(hass, sew_entry)
    coordinator: SewCoordinator = sew_entry.runtime_data.coordinator
    statistics = statistics_of(coordinator)
    await async_wait_recording_done(hass)
    ids = await get_instance(hass).async_add_executor_job(
        list_statistic_ids, hass, None, "sum"
    )
    assert {row["statistic_id"] for row in ids if row["source"] == "sew_thinq"} == set(
        statistics.values()
    )
    await assert_matches_the_tenant(hass, sew_entry, sew_portal.portal)


async def test_statistic_ids_are_stable(
    recorder_mock: Recorder, hass: HomeAssistant, sew_entry: MockConfigEntry
) -> None:
    """The mobile tenant's statistics keep the ids of the first release."""
    await setup_entry(hass, sew_entry)
    assert {
        (meter, kind.value): statistic
        for (meter, kind), statistic in statistics_of(
            sew_entry.runtime_data.coordinator
        ).items()
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
        for data in sew_entry.runtime_data.coordinator.data.meters.values()
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
    rows = await hourly_statistics(hass, STATISTIC[(GAS, "consumption")])
    fall_back = date(2026, 11, 1)
    hours = [
        row
        for row in rows
        if local_midnight(portal, fall_back).timestamp()
        <= row["start"]
        < local_midnight(portal, fall_back + timedelta(days=1)).timestamp()
    ]
    truth = portal.true_hourly(GAS, fall_back)
    assert len(hours) == len(truth) == 25
    assert [(row["start"], row["state"]) for row in hours] == [
        (start.timestamp(), pytest.approx(value)) for start, value in truth
    ]
    spring_forward = date(2026, 3, 8)
    assert len(portal.true_hourly(GAS, spring_forward)) == 23
    assert total_between(
        rows,
        local_midnight(portal, spring_forward),
        local_midnight(portal, spring_forward + timedelta(days=1)),
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
        await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(hours=3))
    assert last_final_day(portal) >= estimated
    await assert_matches_the_tenant(hass, sew_entry, portal)
    # Two days: each a login at most, and a few requests a meter, one of them the daily
    # totals compared for restatements.
    assert sum(portal.sessions.logins.values()) <= 2
    meters = len(sew_entry.runtime_data.coordinator.data.meters)
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
    coordinator: SewCoordinator = sew_entry.runtime_data.coordinator
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
    first = local_midnight(portal, partial)
    after = local_midnight(portal, partial + timedelta(days=1))
    before = await hourly_statistics(hass, statistic)
    imported = [row for row in before if first.timestamp() <= row["start"]]
    assert 0 < len(imported) < 24
    assert total_between(before, first, after) == pytest.approx(
        sum(r.value for r in portal.published_hourly(meter, partial))
    )

    portal.withhold(meter, partial, times=1, style=style)
    await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(days=1))
    rows = await hourly_statistics(hass, statistic)
    assert_consistent(rows)

    def day_of(rows: list[dict[str, Any]]) -> list[tuple[float, float]]:
        return [
            (row["start"], row["state"])
            for row in rows
            if first.timestamp() <= row["start"] < after.timestamp()
        ]

    assert day_of(rows) == day_of(before)

    await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(days=1))
    rows = await hourly_statistics(hass, statistic)
    assert_consistent(rows)
    assert total_between(rows, first, after) == pytest.approx(
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
    before = await hourly_statistics(hass, statistic)
    sew_portal.portal.advance(timedelta(days=1))
    freezer.tick(timedelta(days=1))
    coordinator: SewCoordinator = sew_entry.runtime_data.coordinator
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
    assert await hourly_statistics(hass, statistic) == before

    sew_portal.portal.clear_faults()
    freezer.tick(timedelta(hours=2))
    await coordinator.importer.async_import(meters)
    assert "Importing the history of electric meter E10004521 resumed" in caplog.text
    assert await hourly_statistics(hass, statistic) != before


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
    statistics = statistics_of(sew_entry.runtime_data.coordinator)
    uninterrupted = {
        statistic: await hourly_statistics(hass, statistic)
        for statistic in statistics.values()
    }
    requests = portal.request_total
    await remove_with_statistics(hass, recorder_mock, sew_entry, statistics)

    sew_entry = new_entry(sew_entry)
    # The network goes away half way through the history...
    portal.inject(Fault.SERVER_ERROR, after=requests // 2)
    await setup_entry(hass, sew_entry)
    progress = sew_entry.runtime_data.coordinator.importer.progress
    assert not all(meter.complete for meter in progress.values())
    # ...and Home Assistant restarts before it comes back.
    assert await hass.config_entries.async_unload(sew_entry.entry_id)
    await async_wait_recording_done(hass)
    portal.clear_faults()
    await hass.config_entries.async_setup(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await assert_same_rows(hass, uninterrupted)


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
    coordinator = sew_entry.runtime_data.coordinator
    await coordinator.async_refresh()
    await coordinator.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert caplog.text.count("Importing the history of gas meter G30005566") == 1
    assert f"sew_thinq.history.{sew_entry.entry_id}" in hass_storage

    assert await hass.config_entries.async_remove(sew_entry.entry_id)
    assert f"sew_thinq.history.{sew_entry.entry_id}" not in hass_storage
    await async_wait_recording_done(hass)
    assert await hourly_statistics(hass, STATISTIC[(GAS, "consumption")])


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
    importer = sew_entry.runtime_data.coordinator.importer
    assert importer.plan(done).complete
    assert "Importing the history of water meter" not in caplog.text
    assert "Importing the history of gas meter" in caplog.text
    assert hass_storage[key]["version"] == 3
    assert hass_storage[key]["data"]["meters"][done]["complete"] is True
    assert set(hass_storage[key]["data"]["meters"]) > {done}
    assert CONF_HISTORY_DAYS not in sew_entry.options
