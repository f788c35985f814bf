"""Statistics against a portal that misbehaves as real ones do (issue 12's "Why").

Each test drives Home Assistant against the simulated tenant over HTTP and ends with the
statistics equal to the tenant's truth hour by hour, sums consistent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sew_thinq.sew_coordinator import SewCoordinator
from simulators.sew import Fault, SewPortal
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
)

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)

USAGE_PATH = "/PortalService/Usage.svc/GetUsageGenerationMob"
HOUR = timedelta(hours=1)


def _warnings(caplog: pytest.LogCaptureFixture, text: str) -> int:
    """Return how many warnings logged hold a text."""
    return sum(
        1
        for record in caplog.records
        if record.levelname == "WARNING" and text in record.getMessage()
    )


async def _assert_hourly_truth(
    hass: HomeAssistant, portal: SewPortal, statistic: str, meter: str, first: date
) -> None:
    """The rows from `first` through the newest final day are the truth, hour by hour."""
    rows = await hourly_statistics(hass, statistic)
    assert_consistent(rows)
    assert all(row["state"] >= 0 for row in rows)
    by_start = {row["start"]: row["state"] for row in rows}
    day = first
    while day <= last_final_day(portal):
        for start, value in portal.true_hourly(meter, day):
            assert by_start.get(start.timestamp()) == pytest.approx(value), (
                statistic,
                start,
            )
        day += timedelta(days=1)


async def test_impossible_readings_are_dropped(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A negative hour and an absurd one (1e20) are never written, and logged once.

    Their days stay not final and are read again: once the portal has the true values,
    the statistics equal the truth hour by hour, every later hour included.
    """
    portal = sew_portal.portal
    day = portal.latest_published_day - timedelta(days=3)
    negative = local_midnight(portal, day) + 10 * HOUR
    absurd = local_midnight(portal, day - timedelta(days=1)) + 14 * HOUR
    portal.inject_reading(GAS, negative, -4.2)
    portal.inject_reading(WATER, absurd, 1e20)
    await setup_entry(hass, sew_entry)
    await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(hours=3))

    gas = await hourly_statistics(hass, STATISTIC[(GAS, "consumption")])
    water = await hourly_statistics(hass, STATISTIC[(WATER, "consumption")])
    for rows in (gas, water):
        assert_consistent(rows)
        assert all(row["state"] >= 0 for row in rows)
        assert max(row["sum"] for row in rows) < 1e9
    assert negative.timestamp() not in {row["start"] for row in gas}
    assert absurd.timestamp() not in {row["start"] for row in water}
    for meter, start in ((GAS, negative), (WATER, absurd)):
        line = f"Dropped the reading of meter {meter} for the hour from {start.isoformat()}"
        assert _warnings(caplog, line) == 1

    portal.clear_faults()
    await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(days=1))
    await assert_matches_the_tenant(hass, sew_entry, portal)


async def test_a_failing_meter_stops_no_other(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A meter whose history calls keep failing backs off alone and says so.

    The other meters complete; the failing one's "history imported" sensor shows when it
    tries again; one log line for the fault; once the portal answers it completes too.
    """
    portal = sew_portal.portal
    portal.inject(Fault.SERVER_ERROR, meter=GAS, path=USAGE_PATH)
    await setup_entry(hass, sew_entry)
    coordinator: SewCoordinator = sew_entry.runtime_data.coordinator
    for _ in range(3):
        await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(hours=3))

    progress = {
        data.meter.meter_number: coordinator.importer.progress[key]
        for key, data in coordinator.data.meters.items()
    }
    assert not progress[GAS].complete
    assert progress[GAS].retry_at is not None
    assert all(p.complete for meter, p in progress.items() if meter != GAS)
    assert _warnings(caplog, "Importing the history of gas meter G30005566 failed") == 1
    sensor = next(
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            entity_registry, sew_entry.entry_id
        )
        if entry.unique_id.endswith(f"{GAS}_history_imported")
    )
    state = hass.states.get(sensor)
    assert state is not None
    assert float(state.state) < 100
    assert (
        datetime.fromisoformat(state.attributes["retry_at"]) == progress[GAS].retry_at
    )

    portal.clear_faults()
    await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(days=1))
    assert "Importing the history of gas meter G30005566 resumed" in caplog.text
    await assert_matches_the_tenant(hass, sew_entry, portal)
    state = hass.states.get(sensor)
    assert state is not None
    assert state.state == "100.0"
    assert "retry_at" not in state.attributes


@pytest.mark.parametrize("where", ["full read", "import"])
async def test_retry_after_pauses_everything(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    where: str,
) -> None:
    """A 429 with `Retry-After: 6 h` leaves the portal alone for 6 h, logged once."""
    portal = sew_portal.portal
    await setup_entry(hass, sew_entry)
    coordinator: SewCoordinator = sew_entry.runtime_data.coordinator
    six_hours = timedelta(hours=6).total_seconds()
    if where == "full read":
        portal.inject(Fault.RATE_LIMIT, retry_after=six_hours)
    else:
        portal.inject(
            Fault.RATE_LIMIT,
            path=USAGE_PATH,
            retry_after=six_hours,
            retry_after_http_date=True,
        )
    await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(days=1))
    if where == "full read":
        assert coordinator.last_exception is not None
        assert getattr(coordinator.last_exception, "retry_after", None) == (
            pytest.approx(six_hours, abs=60)
        )
    asked = portal.request_total
    for _ in range(3):
        await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(hours=1.5))
    assert portal.request_total == asked
    assert _warnings(caplog, "The utility portal asks to slow down") == 1

    portal.clear_faults()
    await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(hours=2))
    assert portal.request_total > asked
    assert "The utility portal answers again" in caplog.text
    await assert_matches_the_tenant(hass, sew_entry, portal)


async def test_restated_days_reach_the_statistics(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Days the utility corrects after the re-read window are found from daily totals.

    One day in the hourly range, one in the previous month's daily rows: both reach the
    statistics, for one daily call a meter a day.
    """
    portal = sew_portal.portal
    await setup_entry(hass, sew_entry)
    coordinator: SewCoordinator = sew_entry.runtime_data.coordinator
    key = next(
        key
        for key, data in coordinator.data.meters.items()
        if data.meter.meter_number == ELECTRIC
    )
    plan = coordinator.importer.plan(key)
    assert plan is not None
    recent = portal.latest_published_day - timedelta(days=12)
    older = plan.hourly_start - timedelta(days=20)
    portal.restate(ELECTRIC, recent, factor=1.5)
    portal.restate(WATER, older, factor=0.5)
    portal.requests.clear()
    for _ in range(2):
        await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(days=1))
    await assert_matches_the_tenant(hass, sew_entry, portal)
    rows = await hourly_statistics(hass, STATISTIC[(ELECTRIC, "consumption")])
    start = local_midnight(portal, recent).timestamp()
    assert sum(
        row["state"] for row in rows if start <= row["start"] < start + 86400
    ) == pytest.approx(portal.day_total(ELECTRIC, recent, published=False))
    water = await hourly_statistics(hass, STATISTIC[(WATER, "consumption")])
    assert {row["start"]: row["state"] for row in water}[
        local_midnight(portal, older).timestamp()
    ] == pytest.approx(portal.day_total(WATER, older, published=False))


@pytest.mark.parametrize("written", [3, 4])
async def test_account_added_again(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    written: int,
) -> None:
    """Removed mid-import and added again, an account ends as one never removed.

    The gas meter's usage calls fail after its projection and billing cycles (3 calls) or
    after its first month of days too (4): the account is removed, which forgets the
    plan, and added again: the import goes on from the rows the recorder holds.
    """
    portal = sew_portal.portal
    await setup_entry(hass, sew_entry)
    statistics = statistics_of(sew_entry.runtime_data.coordinator)
    reference = {
        statistic: await hourly_statistics(hass, statistic)
        for statistic in statistics.values()
    }
    await remove_with_statistics(hass, recorder_mock, sew_entry, statistics)

    interrupted = new_entry(sew_entry)
    portal.inject(Fault.SERVER_ERROR, meter=GAS, path=USAGE_PATH, after=written)
    await setup_entry(hass, interrupted)
    assert await hourly_statistics(hass, STATISTIC[(GAS, "consumption")])
    assert await hass.config_entries.async_remove(interrupted.entry_id)
    await async_wait_recording_done(hass)
    portal.clear_faults()

    await setup_entry(hass, new_entry(sew_entry))
    await assert_same_rows(hass, reference)


async def test_time_zone_change_shifts_nothing(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The account moves an hour west: no hour written twice, none shifted or lost.

    The portal states the new zone at the next daily visit's login; the newest day and
    the days not final yet are read again in it, merged by UTC hour, for one login a day.
    """
    portal = sew_portal.portal
    await setup_entry(hass, sew_entry)
    coordinator: SewCoordinator = sew_entry.runtime_data.coordinator
    first = min(
        plan.hourly_start
        for key in coordinator.data.meters
        if (plan := coordinator.importer.plan(key)) is not None
    )
    # Hours of final days keep what they had: nothing shifts.
    final_end = local_midnight(portal, last_final_day(portal) + timedelta(days=1))
    before = {
        meter: {
            row["start"]: row["state"]
            for row in await hourly_statistics(hass, STATISTIC[(meter, "consumption")])
            if row["start"] < final_end.timestamp()
        }
        for meter in (ELECTRIC, GAS)
    }
    portal.change_time_zone("America/Denver")
    portal.sessions.logins.clear()
    for _ in range(8):
        await advance_and_poll(hass, sew_entry, portal, freezer, timedelta(hours=6))
    assert sum(portal.sessions.logins.values()) <= 2
    assert "moved from America/Chicago to America/Denver" in caplog.text
    assert {
        data.account.time_zone.key for data in coordinator.data.meters.values()
    } == {"America/Denver"}
    plans = [coordinator.importer.plan(key) for key in coordinator.data.meters]
    assert {plan.zone for plan in plans if plan is not None} == {"America/Denver"}
    for meter in (ELECTRIC, GAS):
        statistic = STATISTIC[(meter, "consumption")]
        await _assert_hourly_truth(
            hass, portal, statistic, meter, first + timedelta(days=1)
        )
        rows = {
            row["start"]: row["state"]
            for row in await hourly_statistics(hass, statistic)
        }
        assert {start: rows[start] for start in before[meter]} == before[meter]
    # Days and cycles written before the move stay grouped in the old zone; every
    # statistic stays consistent, consumption never decreasing.
    for statistic in statistics_of(coordinator).values():
        rows = await hourly_statistics(hass, statistic)
        assert_consistent(rows)
        assert all(row["state"] >= 0 for row in rows)
