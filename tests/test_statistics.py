"""Long-term statistics for the Energy dashboard, against the simulated portal's truth."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import (
    list_statistic_ids,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sew_thinq.const import (
    CONF_IGNORED_METERS,
    CONF_REQUEST_RATE,
    DEFAULT_HISTORY_DAYS,
)
from simulators.sew import ACCOUNT_2, DEMO_TIME_ZONE, Channel, Fault, SewPortal

from .conftest import SEW_NOW, RunningSewPortal, setup_entry

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)

ZONE = ZoneInfo(DEMO_TIME_ZONE)
ELECTRIC, SOLAR, WATER, GAS = "E10004521", "PV10004521", "W20007788", "G30005566"
PREFIX = "sew_thinq:127_0_0_1"
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
    "consumption": Channel.IMPORT,
    "return": Channel.EXPORT,
    "production": Channel.GENERATION,
}


@pytest.fixture
def hourly_history_days() -> int:
    """Import the full three weeks of hourly history."""
    return 21


@pytest.fixture
def sew_options() -> dict[str, Any]:
    """Two years of history, as fast as the test goes; account 2 is not followed."""
    return {CONF_REQUEST_RATE: 1000, CONF_IGNORED_METERS: [f"{ACCOUNT_2}_E_E10009981"]}


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), ZONE).astimezone(dt_util.UTC)


async def _rows(hass: HomeAssistant, statistic_id: str) -> list[dict[str, Any]]:
    """Return every hourly row of a statistic, oldest first."""
    await async_wait_recording_done(hass)
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        dt_util.utc_from_timestamp(0),
        None,
        {statistic_id},
        "hour",
        None,
        {"state", "sum"},
    )
    return [dict(row) for row in rows.get(statistic_id, [])]


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


def _daily_start(portal: SewPortal) -> date:
    """The first billing cycle inside the two years of daily history."""
    wanted = portal.today - timedelta(days=DEFAULT_HISTORY_DAYS)
    return next(first for first, _ in portal.billing_cycles() if first >= wanted)


async def test_two_years_match_the_utility(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
) -> None:
    """Every month, day and hour of two years adds up to what the utility measured."""
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    await async_wait_recording_done(hass)
    ids = await get_instance(hass).async_add_executor_job(
        list_statistic_ids, hass, None, "sum"
    )
    assert {row["statistic_id"] for row in ids if row["source"] == "sew_thinq"} == set(
        STATISTIC.values()
    )
    daily_start = _daily_start(portal)
    estimated = portal.estimated_day
    for (meter, kind), statistic_id in STATISTIC.items():
        rows = await _rows(hass, statistic_id)
        _assert_consistent(rows)
        assert rows[0]["start"] == _midnight(portal.data_start).timestamp()
        cost = kind in {"cost", "compensation"}
        channel = CHANNELS.get(
            kind, Channel.EXPORT if kind == "compensation" else Channel.IMPORT
        )
        # The utility rounds each day's cost to the cent; a month of days may
        # differ from the month's own bill by those roundings.
        for first, last in portal.billing_cycles():
            value, money = portal.cycle_total(meter, first, channel)
            expected = money if cost else value
            assert _between(
                rows, _midnight(first), _midnight(last + timedelta(days=1))
            ) == pytest.approx(expected, abs=0.16 if cost else 1e-6), (
                statistic_id,
                first,
            )
        if cost:
            continue
        day = daily_start
        while day < estimated:
            assert _between(
                rows, _midnight(day), _midnight(day + timedelta(days=1))
            ) == pytest.approx(
                portal.day_total(meter, day, channel, published=False), abs=1e-6
            ), (statistic_id, day)
            day += timedelta(days=1)
        by_start = {row["start"]: row["state"] for row in rows}
        for day in (estimated - timedelta(days=1), estimated):
            for reading in portal.published_hourly(meter, day, channel):
                assert by_start[reading.start.timestamp()] == pytest.approx(
                    reading.value
                )


async def test_daylight_saving_days(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
) -> None:
    """The 25-hour day is imported hour by hour, the 23-hour day as one day."""
    await setup_entry(hass, sew_entry)
    rows = await _rows(hass, STATISTIC[(GAS, "consumption")])
    fall_back = date(2026, 11, 1)
    hours = [
        row
        for row in rows
        if _midnight(fall_back).timestamp()
        <= row["start"]
        < _midnight(fall_back + timedelta(days=1)).timestamp()
    ]
    truth = sew_portal.portal.true_hourly(GAS, fall_back)
    assert len(hours) == len(truth) == 25
    assert [(row["start"], row["state"]) for row in hours] == [
        (start.timestamp(), pytest.approx(value)) for start, value in truth
    ]
    spring_forward = date(2026, 3, 8)
    assert len(sew_portal.portal.true_hourly(GAS, spring_forward)) == 23
    assert _between(
        rows, _midnight(spring_forward), _midnight(spring_forward + timedelta(days=1))
    ) == pytest.approx(
        sew_portal.portal.day_total(GAS, spring_forward, published=False)
    )


async def test_estimated_day_is_corrected(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A day first published estimated and partial ends with the final values."""
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    estimated = portal.estimated_day
    statistic_id = STATISTIC[(WATER, "consumption")]
    before = await _rows(hass, statistic_id)
    first, after = _midnight(estimated), _midnight(estimated + timedelta(days=1))
    assert _between(before, first, after) == pytest.approx(
        portal.day_total(WATER, estimated)
    )
    assert portal.day_total(WATER, estimated) != pytest.approx(
        portal.day_total(WATER, estimated, published=False)
    )

    freezer.tick(timedelta(days=2))
    portal.advance(timedelta(days=2))
    await sew_entry.runtime_data.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)

    after_rows = await _rows(hass, statistic_id)
    _assert_consistent(after_rows)
    assert _between(after_rows, first, after) == pytest.approx(
        portal.day_total(WATER, estimated, published=False)
    )
    unchanged = [row for row in before if row["start"] < first.timestamp()]
    assert after_rows[: len(unchanged)] == unchanged
    newest = portal.estimated_day
    assert after_rows[-1]["start"] >= _midnight(newest).timestamp()


async def test_failed_poll_changes_nothing(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """When the portal fails part way through the trailing window, no row changes."""
    await setup_entry(hass, sew_entry)
    statistic_id = STATISTIC[(ELECTRIC, "consumption")]
    before = await _rows(hass, statistic_id)
    sew_portal.portal.advance(timedelta(days=1))
    freezer.tick(timedelta(days=1))
    coordinator = sew_entry.runtime_data
    meters = {
        key: (data.account, data.meter) for key, data in coordinator.data.meters.items()
    }
    sew_portal.portal.inject(Fault.SERVER_ERROR, after=3)
    await coordinator.importer.async_import(meters)
    await coordinator.importer.async_import(meters)
    assert caplog.text.count("Importing usage statistics paused") == 1
    assert await _rows(hass, statistic_id) == before

    await coordinator.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not coordinator.last_update_success
    assert await _rows(hass, statistic_id) == before

    sew_portal.portal.clear_faults()
    await coordinator.importer.async_import(meters)
    assert "Importing usage statistics resumed" in caplog.text
    assert await _rows(hass, statistic_id) != before


@pytest.mark.parametrize("requests_before_failure", [40, 70])
async def test_interrupted_import_resumes(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    requests_before_failure: int,
) -> None:
    """An import stopped part way ends as an uninterrupted one does."""
    await setup_entry(hass, sew_entry)
    uninterrupted = {
        statistic_id: await _rows(hass, statistic_id)
        for statistic_id in STATISTIC.values()
    }
    assert await hass.config_entries.async_remove(sew_entry.entry_id)
    recorder_mock.async_clear_statistics(list(STATISTIC.values()))
    await async_wait_recording_done(hass)
    assert not await _rows(hass, STATISTIC[(GAS, "consumption")])

    sew_entry = MockConfigEntry(
        domain=sew_entry.domain,
        title=sew_entry.title,
        unique_id=sew_entry.unique_id,
        data=sew_entry.data,
        options=sew_entry.options,
    )
    # The network goes away part way through the history (in the first meter's
    # hours, or in the second meter's days)...
    sew_portal.portal.inject(Fault.SERVER_ERROR, after=requests_before_failure)
    await setup_entry(hass, sew_entry)
    importer = sew_entry.runtime_data.importer
    assert not all(progress.complete for progress in importer.progress.values())
    # ...and Home Assistant restarts before it comes back.
    assert await hass.config_entries.async_unload(sew_entry.entry_id)
    await async_wait_recording_done(hass)
    sew_portal.portal.clear_faults()
    await hass.config_entries.async_setup(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    for statistic_id, reference in uninterrupted.items():
        resumed = await _rows(hass, statistic_id)
        _assert_consistent(resumed)
        assert [
            (r["start"], pytest.approx(r["state"]), pytest.approx(r["sum"]))
            for r in resumed
        ] == [(r["start"], r["state"], r["sum"]) for r in reference], statistic_id


async def test_one_import_at_a_time(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
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
