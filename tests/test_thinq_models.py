"""Each appliance stands alone from its model document on (issue 19).

LG serves model documents from a separate content host; one appliance's bad or missing
document must leave the others working, be logged once and raised once as a repair, be
fetched again with a back-off, and the appliance must get its entities without a reload
once its document can be read. Documents are kept across restarts.
"""

from __future__ import annotations

from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sew_thinq.const import DOMAIN
from simulators.thinq import HEAT_PUMP_ID, ModelFault, ThinQCloud

from .conftest import RunningThinQCloud, setup_entry

HEAT_PUMP = "climate.living_room_heat_pump"
AIR_CONDITIONER = "climate.bedroom_ac"
STUDY = "climate.study_heat_pump"
FAILED = "cannot be used"


async def _poll(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def _later(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    minutes: float,
) -> None:
    freezer.tick(timedelta(minutes=minutes))
    await _poll(hass, entry)


def _failures_logged(caplog: pytest.LogCaptureFixture) -> int:
    return sum(
        record.levelno == logging.WARNING and FAILED in record.getMessage()
        for record in caplog.records
    )


def _others_work(hass: HomeAssistant) -> None:
    for entity_id in (HEAT_PUMP, AIR_CONDITIONER):
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.state != STATE_UNAVAILABLE


def _issue(
    issue_registry: ir.IssueRegistry, entry: MockConfigEntry, device_id: str
) -> ir.IssueEntry | None:
    return issue_registry.async_get_issue(
        DOMAIN, f"model_unreadable_{entry.entry_id}_{device_id}"
    )


def _study(cloud: ThinQCloud, fault: ModelFault | None = None) -> str:
    device_id = cloud.add_heat_pump("Study heat pump")
    if fault is not None:
        cloud.faults.models[device_id] = fault
    return device_id


@pytest.mark.parametrize(
    "fault",
    [
        ModelFault.VALUE_NOT_OBJECT,
        ModelFault.NOT_JSON,
        ModelFault.WRONG_TYPES,
        ModelFault.MISSING_VALUE,
        ModelFault.TABLE_NOT_NUMBERS,
        ModelFault.NOT_FOUND,
    ],
)
async def test_one_bad_model_at_setup(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    issue_registry: ir.IssueRegistry,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    fault: ModelFault,
) -> None:
    """A malformed or missing document: setup goes on, the others work, one line, one repair."""
    cloud = thinq_cloud.cloud
    study = _study(cloud, fault)
    await setup_entry(hass, thinq_entry)
    assert thinq_entry.state is ConfigEntryState.LOADED
    _others_work(hass)
    assert hass.states.get(STUDY) is None
    assert _failures_logged(caplog) == 1
    assert "RAC_056905_WW" in caplog.text
    assert _issue(issue_registry, thinq_entry, study) is None

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, thinq_entry)
    [failure] = diagnostics["model_failures"]
    assert failure["model_name"] == "RAC_056905_WW"
    assert any(d["model_problem"] for d in diagnostics["devices"])

    # Not fetched on every poll: after a minute, once; then it has persisted.
    fetches = cloud.model_fetches[study]
    await _poll(hass, thinq_entry)
    assert cloud.model_fetches[study] == fetches
    await _later(hass, thinq_entry, freezer, 1)
    assert cloud.model_fetches[study] == fetches + 1
    issue = _issue(issue_registry, thinq_entry, study)
    assert issue is not None
    assert issue.translation_key == "model_unreadable"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["name"] == "Study heat pump"
    assert issue.translation_placeholders["model"] == "RAC_056905_WW"
    for minutes in (4, 16):
        await _later(hass, thinq_entry, freezer, minutes)
        _others_work(hass)
    assert cloud.model_fetches[study] == fetches + 3
    assert _failures_logged(caplog) == 1
    assert len(issue_registry.issues) == 1

    # LG fixes the document: the appliance gets its entities without a reload.
    cloud.faults.models.clear()
    await _later(hass, thinq_entry, freezer, 64)
    state = hass.states.get(STUDY)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert _issue(issue_registry, thinq_entry, study) is None
    assert "can be used now" in caplog.text


async def test_appliance_added_later_with_a_missing_model(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A new appliance whose document answers 404 takes nothing else down."""
    await setup_entry(hass, thinq_entry)
    study = _study(thinq_cloud.cloud, ModelFault.NOT_FOUND)
    await _later(hass, thinq_entry, freezer, 16)  # the next device-list refresh
    assert thinq_entry.runtime_data.coordinator.last_update_success
    _others_work(hass)
    assert hass.states.get(STUDY) is None
    assert _failures_logged(caplog) == 1
    assert "HTTP 404" in caplog.text
    await _later(hass, thinq_entry, freezer, 1)
    assert _issue(issue_registry, thinq_entry, study) is not None
    _others_work(hass)


async def test_model_readable_after_two_failures(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    issue_registry: ir.IssueRegistry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two failures, then the document reads: entities appear, the repair goes."""
    cloud = thinq_cloud.cloud
    study = _study(cloud)
    cloud.faults.model_failures_left[study] = 2
    await setup_entry(hass, thinq_entry)
    assert hass.states.get(STUDY) is None
    await _later(hass, thinq_entry, freezer, 1)
    assert _issue(issue_registry, thinq_entry, study) is not None
    await _later(hass, thinq_entry, freezer, 4)
    state = hass.states.get(STUDY)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert _issue(issue_registry, thinq_entry, study) is None
    assert _failures_logged(caplog) == 1
    assert cloud.model_fetches[study] == 3
    entities = er.async_entries_for_config_entry(entity_registry, thinq_entry.entry_id)
    assert sum(e.unique_id.startswith(study) for e in entities) == 6


async def test_content_host_outage_across_a_restart(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
) -> None:
    """Documents read once are kept: a restart during an outage loses no appliance."""
    cloud = thinq_cloud.cloud
    await setup_entry(hass, thinq_entry)
    fetched = sum(cloud.model_fetches.values())
    assert fetched == 3  # the three ThinQ1 air conditioners
    cloud.faults.content_host_down = True
    await hass.config_entries.async_reload(thinq_entry.entry_id)
    await hass.async_block_till_done()
    assert thinq_entry.state is ConfigEntryState.LOADED
    assert sum(cloud.model_fetches.values()) == fetched
    _others_work(hass)


async def test_new_model_version_is_fetched(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A document is kept per URL and version: a new version is fetched again."""
    cloud = thinq_cloud.cloud
    await setup_entry(hass, thinq_entry)
    coordinator = thinq_entry.runtime_data.coordinator
    cloud.devices[HEAT_PUMP_ID].model_version = 7.2
    await _later(hass, thinq_entry, freezer, 16)
    assert cloud.model_fetches[HEAT_PUMP_ID] == 2
    # The entities are built again on the new model: the entry was reloaded.
    assert thinq_entry.state is ConfigEntryState.LOADED
    assert thinq_entry.runtime_data.coordinator is not coordinator
    assert cloud.model_fetches[HEAT_PUMP_ID] == 2  # the reload read the stored one
    _others_work(hass)
    assert await hass.config_entries.async_unload(thinq_entry.entry_id)


async def test_new_model_version_unreadable(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An appliance with entities whose new model fails is unavailable until it reads."""
    cloud = thinq_cloud.cloud
    await setup_entry(hass, thinq_entry)
    cloud.devices[HEAT_PUMP_ID].model_version = 7.2
    cloud.faults.models[HEAT_PUMP_ID] = ModelFault.NOT_FOUND
    await _later(hass, thinq_entry, freezer, 16)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    for entity_id in (AIR_CONDITIONER,):
        other = hass.states.get(entity_id)
        assert other is not None
        assert other.state != STATE_UNAVAILABLE
    await _later(hass, thinq_entry, freezer, 1)
    assert _issue(issue_registry, thinq_entry, HEAT_PUMP_ID) is not None
    assert _failures_logged(caplog) == 1
    del cloud.faults.models[HEAT_PUMP_ID]
    await _later(hass, thinq_entry, freezer, 4)
    await hass.async_block_till_done()
    assert thinq_entry.state is ConfigEntryState.LOADED
    _others_work(hass)
    assert _issue(issue_registry, thinq_entry, HEAT_PUMP_ID) is None
    assert await hass.config_entries.async_unload(thinq_entry.entry_id)


async def test_garbled_monitor_answers(
    hass: HomeAssistant,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A monitor answer that cannot be read affects its appliance alone, once."""
    caplog.set_level(logging.INFO)
    await setup_entry(hass, thinq_entry)
    thinq_cloud.cloud.faults.garbled_monitors.add(HEAT_PUMP_ID)
    for _ in range(3):
        await _poll(hass, thinq_entry)
        state = hass.states.get(HEAT_PUMP)
        assert state is not None
        assert state.state == STATE_UNAVAILABLE
        other = hass.states.get(AIR_CONDITIONER)
        assert other is not None
        assert other.state != STATE_UNAVAILABLE
    assert caplog.text.count("Living room heat pump is unavailable") == 1
    thinq_cloud.cloud.faults.garbled_monitors.clear()
    await _poll(hass, thinq_entry)
    state = hass.states.get(HEAT_PUMP)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert caplog.text.count("Living room heat pump is available again") == 1
