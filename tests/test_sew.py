"""The utility side of the integration against each simulated tenant over real HTTP."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.sew_thinq.const import CONF_IGNORED_METERS, DOMAIN
from simulators.sew import Channel, Fault, SewPortal

from .conftest import SEW_NOW, RunningSewPortal, remove_device, setup_entry

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)

PROFILES = ["hidroelectrica", "nbpower", "mobile-seed", "mobile-sew"]
ELECTRIC = "sensor.electric_meter_e10004521"
WATER = "sensor.water_meter_w20007788"
GAS = "sensor.gas_meter_g30005566"
# Each tenant's currency, and the meters of each account (by its contract number).
CURRENCIES = {
    "hidroelectrica": "RON",
    "nbpower": "CAD",
    "mobile-seed": "USD",
    "mobile-sew": "USD",
}
HOMES = {
    "hidroelectrica": (METRIC_SYSTEM, "RON"),
    "nbpower": (METRIC_SYSTEM, "CAD"),
    "mobile-seed": (US_CUSTOMARY_SYSTEM, "USD"),
    "mobile-sew": (US_CUSTOMARY_SYSTEM, "USD"),
}


@pytest.fixture(autouse=True)
def home(hass: HomeAssistant, sew_profile: str) -> None:
    """A home in the utility's country: its units and its currency."""
    hass.config.units, hass.config.currency = HOMES[sew_profile]


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _entity(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry, unique_suffix: str
) -> str:
    """Return the entity id of a sensor by the end of its unique id."""
    unique_id = f"{entry.unique_id}_{unique_suffix}"
    entity_id = entity_registry.async_get_entity_id("sensor", DOMAIN, unique_id)
    assert entity_id is not None, unique_id
    return entity_id


async def _poll(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def _next_day(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    portal: SewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Let a day pass, so that the next poll visits the portal, and poll."""
    freezer.tick(timedelta(days=1))
    portal.advance(timedelta(days=1))
    await _poll(hass, entry)


def _ignore(hass: HomeAssistant, entry: MockConfigEntry, meters: list[str]) -> None:
    """Set the meters the entry does not follow, as the options flow does."""
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_IGNORED_METERS: meters}
    )


def _so_far(portal: SewPortal, meter: str) -> float:
    """Return the usage published so far in the current billing cycle."""
    day, total = portal.cycle_start(portal.today), 0.0
    while day <= min(portal.latest_published_day, portal.cycle_end(portal.today)):
        total += sum(r.value for r in portal.published_hourly(meter, day))
        day += timedelta(days=1)
    return total


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("sew_profile", PROFILES)
async def test_entities(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every account and followed meter gets its sensors, in the tenant's units."""
    with patch("custom_components.sew_thinq.sew_runtime.PLATFORMS", [Platform.SENSOR]):
        await setup_entry(hass, sew_entry)
    assert sew_entry.state is ConfigEntryState.LOADED
    await snapshot_platform(hass, entity_registry, snapshot, sew_entry.entry_id)


@pytest.mark.parametrize("sew_profile", ["mobile-seed"])
async def test_solar_meter_production(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    entity_registry: er.EntityRegistry,
) -> None:
    """A production meter shows what it produced, not usage or cost.

    Its newest whole day and its cycle so far are the tenant's generation, as imported.
    """
    portal, pv = sew_portal.portal, "PV10004521"
    await setup_entry(hass, sew_entry)
    key = next(
        key
        for key, data in sew_entry.runtime_data.coordinator.data.meters.items()
        if data.meter.meter_number == pv
    )
    sensors = {
        entry.unique_id.removeprefix(f"{sew_entry.unique_id}_{key}_"): entry.entity_id
        for entry in er.async_entries_for_config_entry(
            entity_registry, sew_entry.entry_id
        )
        if entry.unique_id.startswith(f"{sew_entry.unique_id}_{key}_")
    }
    assert set(sensors) == {
        "production_so_far",
        "latest_day_production",
        "latest_usage_time",
        "history_imported",
    }
    newest = sew_entry.runtime_data.coordinator.data.meters[key].latest_usage
    assert newest is not None
    day = (newest.start + newest.duration).astimezone(portal.zone).date()
    day -= timedelta(days=1)
    produced = portal.day_total(pv, day, Channel.GENERATION)
    assert produced > 0
    assert float(_state(hass, sensors["latest_day_production"])) == pytest.approx(
        produced
    )
    # The cycle so far: every hour published up to the newest one imported.
    cycle, cycle_total = portal.cycle_start(portal.today), 0.0
    while cycle <= newest.start.astimezone(portal.zone).date():
        cycle_total += sum(
            reading.value
            for reading in portal.published_hourly(pv, cycle, Channel.GENERATION)
            if reading.start <= newest.start
        )
        cycle += timedelta(days=1)
    assert cycle_total > 0
    assert float(_state(hass, sensors["production_so_far"])) == pytest.approx(
        cycle_total
    )


@pytest.mark.parametrize("sew_profile", ["mobile-seed", "hidroelectrica"])
async def test_bills(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    entity_registry: er.EntityRegistry,
    sew_profile: str,
) -> None:
    """Each account shows its latest bill's amount and due date, in its currency."""
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    for account in portal.profile.tenant.logins[0].accounts:
        latest = portal.bills(account.number)[0]
        amount = _entity(
            entity_registry, sew_entry, f"{account.utility_number}_amount_due"
        )
        due = _entity(entity_registry, sew_entry, f"{account.utility_number}_due_date")
        assert float(_state(hass, amount)) == pytest.approx(latest.amount)
        state = hass.states.get(amount)
        assert state is not None
        assert state.attributes["unit_of_measurement"] == CURRENCIES[sew_profile]
        assert _state(hass, due) == latest.due_date.isoformat()


@pytest.mark.parametrize("sew_profile", PROFILES)
async def test_meters_match_the_tenant(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    entity_registry: er.EntityRegistry,
    sew_profile: str,
) -> None:
    """Each meter shows its newest hour and this cycle's usage as the tenant has them.

    Two contracts of one login keep their own meters: nothing crosses.
    """
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    coordinator = sew_entry.runtime_data.coordinator
    accounts = portal.profile.tenant.logins[0].accounts
    keys = {
        f"{account.utility_number}_{meter.meter_type}_{meter.number}": meter
        for account in accounts
        for meter in account.meters
        if meter.active
    }
    assert set(coordinator.data.meters) == set(keys)
    for key, meter in keys.items():
        if meter.kind == "pv":
            continue
        newest = portal.published_hourly(meter.number, portal.latest_published_day)[-1]
        latest = _entity(entity_registry, sew_entry, f"{key}_latest_usage")
        assert float(_state(hass, latest)) == pytest.approx(newest.value)
        time = _entity(entity_registry, sew_entry, f"{key}_latest_usage_time")
        assert _state(hass, time) == newest.start.isoformat()
        so_far = _entity(entity_registry, sew_entry, f"{key}_usage_so_far")
        assert float(_state(hass, so_far)) == pytest.approx(
            _so_far(portal, meter.number), abs=0.6
        )
        cost = _entity(entity_registry, sew_entry, f"{key}_cost_so_far")
        state = hass.states.get(cost)
        assert state is not None
        assert state.attributes["unit_of_measurement"] == CURRENCIES[sew_profile]


@pytest.mark.parametrize("sew_profile", ["nbpower"])
async def test_projection_is_read_by_its_fields(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """NB Power's `ProjectedBill` is usage in kWh and `ProjectedBillDollar` its cost."""
    await setup_entry(hass, sew_entry)
    data = next(iter(sew_entry.runtime_data.coordinator.data.meters.values()))
    projection = data.projection
    assert projection is not None
    key = "80244170_E_NBP5512093"
    usage = hass.states.get(
        _entity(entity_registry, sew_entry, f"{key}_projected_usage")
    )
    cost = hass.states.get(_entity(entity_registry, sew_entry, f"{key}_projected_cost"))
    assert usage is not None
    assert cost is not None
    assert usage.attributes["unit_of_measurement"] == "kWh"
    assert cost.attributes["unit_of_measurement"] == "CAD"
    assert float(usage.state) == projection.projected_usage
    # The rate the live block implies: 228.13 CAD / 1440 kWh (the realworld capture).
    assert float(cost.state) / float(usage.state) == pytest.approx(0.15842, abs=1e-4)
    # The WidgetAPI hands out no bill: the account has no bill sensors.
    assert not [
        entity
        for entity in er.async_entries_for_config_entry(
            entity_registry, sew_entry.entry_id
        )
        if entity.unique_id.endswith("_amount_due")
    ]


async def test_devices(
    hass: HomeAssistant, sew_entry: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """Accounts are devices, and each meter is a device under its account."""
    await setup_entry(hass, sew_entry)
    devices = dr.async_entries_for_config_entry(device_registry, sew_entry.entry_id)
    by_name = {device.name: device for device in devices}
    assert set(by_name) == {
        "Account 300-123-4567",
        "Account 300-987-6543",
        "Electric meter E10004521",
        "Solar meter PV10004521",
        "Water meter W20007788",
        "Gas meter G30005566",
        "Electric meter E10009981",
    }
    water = by_name["Water meter W20007788"]
    assert water.model == "Water"
    assert water.serial_number == "W20007788"
    assert water.via_device_id == by_name["Account 300-123-4567"].id


async def test_polls_with_nothing_new_send_nothing(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Until a day can have been published, a poll keeps what it has and asks nothing."""
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    before = portal.request_total
    freezer.tick(timedelta(hours=3))
    portal.advance(timedelta(hours=3))
    await _poll(hass, sew_entry)
    assert portal.request_total == before
    assert _state(hass, f"{WATER}_latest_hour_usage") != STATE_UNAVAILABLE


async def test_no_meter_followed(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """With every meter ignored, the utility is visited only for the bills, daily."""
    sew_entry.add_to_hass(hass)
    _ignore(
        hass,
        sew_entry,
        [
            f"{account.utility_number}_{meter.meter_type}_{meter.number}"
            for account in sew_portal.portal.profile.tenant.logins[0].accounts
            for meter in account.meters
        ],
    )
    await hass.config_entries.async_setup(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not sew_entry.runtime_data.coordinator.data.meters
    portal = sew_portal.portal
    before = portal.request_total
    for _ in range(8):
        freezer.tick(timedelta(hours=3))
        portal.advance(timedelta(hours=3))
        await _poll(hass, sew_entry)
    assert portal.request_total == before
    await _next_day(hass, sew_entry, portal, freezer)
    assert portal.request_total > before


async def test_unreadable_session_logs_in(
    hass: HomeAssistant, sew_entry: MockConfigEntry, sew_portal: RunningSewPortal
) -> None:
    """A stored session that cannot be read is dropped: one login replaces it."""
    sew_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        sew_entry, data={**sew_entry.data, "session": {"user_id": "10245"}}
    )
    await hass.config_entries.async_setup(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert sew_entry.state is ConfigEntryState.LOADED
    assert sum(sew_portal.portal.sessions.logins.values()) == 1
    assert sew_entry.data["session"]["token"]


async def test_session_survives_a_restart(
    hass: HomeAssistant, sew_entry: MockConfigEntry, sew_portal: RunningSewPortal
) -> None:
    """The session the portal opened is kept: a restart needs no login."""
    await setup_entry(hass, sew_entry)
    logins = sum(sew_portal.portal.sessions.logins.values())
    assert logins == 1
    assert await hass.config_entries.async_reload(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert sum(sew_portal.portal.sessions.logins.values()) == logins
    assert sew_entry.state is ConfigEntryState.LOADED


@pytest.mark.parametrize("sew_profile", PROFILES)
async def test_expired_session_is_transparent(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An expired session is replaced by one new login without any entity noticing."""
    await setup_entry(hass, sew_entry)
    portal = sew_portal.portal
    logins = sum(portal.sessions.logins.values())
    portal.expire_all_tokens()
    await _next_day(hass, sew_entry, portal, freezer)
    assert sew_entry.runtime_data.coordinator.last_update_success
    assert sum(portal.sessions.logins.values()) == logins + 1


@pytest.mark.parametrize(
    "fault",
    [Fault.SERVER_ERROR, Fault.HTML_PAGE, Fault.MALFORMED_JSON, Fault.WRONG_SHAPE],
)
async def test_unavailable_and_back(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    fault: Fault,
) -> None:
    """A failing portal makes the entities unavailable, logged once, until it recovers."""
    await setup_entry(hass, sew_entry)
    sew_portal.portal.inject(fault)
    await _next_day(hass, sew_entry, sew_portal.portal, freezer)
    await _poll(hass, sew_entry)
    assert _state(hass, f"{GAS}_latest_hour_usage") == STATE_UNAVAILABLE
    assert caplog.text.count("Error fetching") == 1

    sew_portal.portal.clear_faults()
    await _poll(hass, sew_entry)
    assert _state(hass, f"{GAS}_latest_hour_usage") != STATE_UNAVAILABLE
    assert "Fetching sew_thinq utility" in caplog.text


async def test_locked_account_starts_reauthentication(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A login the utility refuses asks the user to sign in again."""
    await setup_entry(hass, sew_entry)
    sew_portal.portal.lock_account()
    sew_portal.portal.expire_all_tokens()
    await _next_day(hass, sew_entry, sew_portal.portal, freezer)
    assert len(list(sew_entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1


async def test_portal_down_at_setup(
    hass: HomeAssistant, sew_entry: MockConfigEntry, sew_portal: RunningSewPortal
) -> None:
    """Setup is retried later when the portal is down."""
    sew_portal.portal.inject(Fault.SERVER_ERROR)
    await setup_entry(hass, sew_entry)
    assert sew_entry.state is ConfigEntryState.SETUP_RETRY


async def test_ignored_meter_and_stale_device(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A meter the user stops following loses its entities and its device can go."""
    await setup_entry(hass, sew_entry)
    water_key = "300-123-4567_W_W20007788"
    water = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{sew_entry.unique_id}_meter_{water_key}"), sew_entry.entry_id
    )
    gas = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{sew_entry.unique_id}_meter_300-123-4567_G_G30005566"),
        sew_entry.entry_id,
    )
    assert water is not None
    assert gas is not None

    _ignore(hass, sew_entry, [water_key])
    assert await hass.config_entries.async_reload(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _state(hass, f"{WATER}_latest_hour_usage") == STATE_UNAVAILABLE

    assert await remove_device(hass, hass_ws_client, sew_entry, water.id)
    assert not await remove_device(hass, hass_ws_client, sew_entry, gas.id)


async def test_new_meter_appears_at_the_next_visit(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A meter that becomes followed gets its device and sensors at the next visit."""
    sew_entry.add_to_hass(hass)
    _ignore(hass, sew_entry, ["300-123-4567_G_G30005566"])
    await hass.config_entries.async_setup(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(f"{GAS}_usage_so_far_this_cycle") is None

    _ignore(hass, sew_entry, [])
    await _next_day(hass, sew_entry, sew_portal.portal, freezer)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _state(hass, f"{GAS}_usage_so_far_this_cycle") != STATE_UNAVAILABLE
    assert sew_entry.state is ConfigEntryState.LOADED


@pytest.mark.parametrize("sew_profile", ["hidroelectrica"])
async def test_other_currency_than_home(
    hass: HomeAssistant, sew_entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """Costs stay in the tenant's currency when Home Assistant's differs, and it says so."""
    hass.config.currency = "EUR"
    await setup_entry(hass, sew_entry)
    assert "bills in RON while Home Assistant's currency is EUR" in caplog.text
    state = hass.states.get("sensor.account_8000129047_amount_due")
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "RON"
