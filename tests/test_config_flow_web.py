"""Web-portal utilities through the config flow: URL or list -> entry -> sensors -> statistics.

Against the `acwd` (Alameda County Water District, the real ACWD day as the truth of meter
230041877) and `paloalto` (City of Palo Alto Utilities, net-metered electric, two contracts)
profiles, reached only through what a user enters: the pasted portal URL or the flow's
portal address.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntry, ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest

from custom_components.sew_thinq.const import (
    CONF_LAYOUT,
    CONF_UTILITY,
    DOMAIN,
    UTILITY_CUSTOM,
)
from custom_components.sew_thinq.sew import Flavor
from custom_components.sew_thinq.sew_coordinator import SewCoordinator
from custom_components.sew_thinq.statistic_rows import (
    StatisticKind,
    meter_kinds,
    statistic_id,
)
from simulators.sew import (
    ACWD_METER,
    DEMO_2FA_USERNAME,
    DEMO_MIGRATED_USERNAME,
    DEMO_PASSWORD,
    DEMO_TWO_CONTRACTS_USERNAME,
    DEMO_USERNAME,
    Channel,
    SewPortal,
    WebPortal,
    acwd_hourly_day,
)

from .conftest import (
    RunningSewPortal,
    hourly_statistics,
    offline,
    sew_form,
    sign_in_listed,
)

# The simulated portal's clock: three days after the real ACWD day.
NOW = datetime(2025, 12, 12, 20, 30, tzinfo=UTC)
REAL_DAY = date(2025, 12, 9)
ADVANCED = "advanced"
CHANNELS = {
    StatisticKind.CONSUMPTION: Channel.IMPORT,
    StatisticKind.RETURN: Channel.EXPORT,
}

pytestmark = pytest.mark.freeze_time(NOW, tick=True)


@pytest.fixture
def sew_portal_options(sew_profile: str) -> dict[str, Any]:
    """Serve the profile at the flow's clock."""
    return {"now": NOW, "profile": sew_profile}


@pytest.fixture
def hourly_history_days() -> int:
    """Import hours from the real ACWD day on."""
    return 5


@pytest.fixture(autouse=True)
def quick_import() -> Generator[None]:
    """An entry made by the flow has no options yet: import a short history, fast."""
    with (
        patch("custom_components.sew_thinq.sew_coordinator.DEFAULT_REQUEST_RATE", 1000),
        patch("custom_components.sew_thinq.sew_coordinator.DEFAULT_HISTORY_DAYS", 40),
    ):
        yield


def _credentials(
    username: str = DEMO_USERNAME, password: str = DEMO_PASSWORD
) -> dict[str, str]:
    return {CONF_USERNAME: username, CONF_PASSWORD: password}


async def _paste(
    hass: HomeAssistant, url: str, credentials: dict[str, str]
) -> ConfigFlowResult:
    """Choose "another utility" and paste a portal URL."""
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: UTILITY_CUSTOM, **credentials, ADVANCED: {}}
    )
    assert result["step_id"] == "sew_custom"
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: url}
    )


def _portal_url(sew_portal: RunningSewPortal) -> str:
    return WebPortal.of(sew_portal.portal).portal_url(sew_portal.base_url)


async def _hourly_rows(hass: HomeAssistant, statistic: str) -> dict[float, float]:
    """Return a statistic's hourly states by start."""
    rows = await hourly_statistics(hass, statistic)
    return {row["start"]: row["state"] for row in rows}


async def _assert_hours_match(
    hass: HomeAssistant, entry: ConfigEntry, portal: SewPortal
) -> None:
    """Every final hour imported of every meter is the tenant's own, channel by channel."""
    coordinator: SewCoordinator = entry.runtime_data.coordinator
    final_through = portal.latest_published_day - timedelta(
        days=portal.profile.tenant.publication.estimated_days
    )
    for key, data in coordinator.data.meters.items():
        plan = coordinator.importer.plan(key)
        assert plan is not None
        assert plan.complete
        for kind in meter_kinds(data.meter):
            if kind not in CHANNELS:
                continue
            rows = await _hourly_rows(
                hass, statistic_id(coordinator.importer.utility, data.meter, kind)
            )
            day = plan.hourly_start
            while day <= final_through:
                truth = portal.true_hourly(data.meter.meter_number, day, CHANNELS[kind])
                assert truth
                for start, value in truth:
                    assert rows[start.timestamp()] == pytest.approx(value), (key, start)
                day += timedelta(days=1)


def _meter_keys(portal: SewPortal, username: str) -> set[str]:
    """Return the coordinator keys of a login's active meters."""
    login = next(
        login for login in portal.profile.tenant.logins if login.username == username
    )
    return {
        f"{account.utility_number}_{meter.meter_type}_{meter.number}"
        for account in login.accounts
        for meter in account.meters
        if meter.active
    }


@pytest.mark.parametrize("sew_profile", ["acwd"])
async def test_acwd_url_to_statistics(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    entity_registry: er.EntityRegistry,
) -> None:
    """ACWD's portal URL gives a water entry whose statistics are the real ACWD day."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    portal = sew_portal.portal
    result = await _paste(hass, _portal_url(sew_portal), _credentials())
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_LAYOUT]["flavor"] == Flavor.WEB_PORTAL
    assert result["result"].unique_id == "127.0.0.1_52117"
    await hass.async_block_till_done(wait_background_tasks=True)
    entry = result["result"]
    coordinator: SewCoordinator = entry.runtime_data.coordinator
    assert set(coordinator.data.meters) == _meter_keys(portal, DEMO_USERNAME)
    [key] = coordinator.data.meters
    latest = entity_registry.async_get_entity_id(
        "sensor", DOMAIN, f"{entry.unique_id}_{key}_latest_usage"
    )
    assert latest is not None
    state = hass.states.get(latest)
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "gal"
    # The import reads whole days, through yesterday (the portal's newest day is partial).
    yesterday = portal.today - timedelta(days=1)
    newest = portal.published_hourly(ACWD_METER, yesterday)[-1]
    assert float(state.state) == pytest.approx(newest.value)
    await _assert_hours_match(hass, entry, portal)
    plan = coordinator.importer.plan(key)
    assert plan is not None
    assert plan.hourly_start <= REAL_DAY
    data = coordinator.data.meters[key]
    rows = await _hourly_rows(
        hass,
        statistic_id(
            coordinator.importer.utility, data.meter, StatisticKind.CONSUMPTION
        ),
    )
    _, real = acwd_hourly_day()
    starts = [start for start, _ in portal.true_hourly(ACWD_METER, REAL_DAY)]
    assert [rows[start.timestamp()] for start in starts] == pytest.approx(real)
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize("sew_profile", ["paloalto"])
async def test_paloalto_listed_to_statistics(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """Palo Alto from the list: two contracts, net-metered electric, nothing crossed."""
    portal = sew_portal.portal
    result = await sign_in_listed(hass, "city_of_palo_alto", sew_portal.base_url)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "City of Palo Alto Utilities"
    assert result["data"][CONF_UTILITY] == "city_of_palo_alto"
    await hass.async_block_till_done(wait_background_tasks=True)
    entry = result["result"]
    coordinator: SewCoordinator = entry.runtime_data.coordinator
    assert set(coordinator.data.meters) == _meter_keys(portal, DEMO_USERNAME)
    assert (
        len(
            {
                data.account.utility_account_number
                for data in coordinator.data.meters.values()
            }
        )
        == 2
    )
    assert any(data.meter.net_metered for data in coordinator.data.meters.values())
    await _assert_hours_match(hass, entry, portal)
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize("sew_profile", ["acwd"])
async def test_acwd_two_contracts(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """A login with two contracts shows both, each with its own meter and hours."""
    portal = sew_portal.portal
    result = await sign_in_listed(
        hass, "acwd", sew_portal.base_url, DEMO_TWO_CONTRACTS_USERNAME
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    entry = result["result"]
    coordinator: SewCoordinator = entry.runtime_data.coordinator
    assert set(coordinator.data.meters) == _meter_keys(
        portal, DEMO_TWO_CONTRACTS_USERNAME
    )
    assert len(coordinator.data.meters) == 2
    await _assert_hours_match(hass, entry, portal)
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize("sew_profile", ["acwd", "paloalto"])
@pytest.mark.parametrize(
    ("credentials", "error"),
    [
        (_credentials(password="wrong"), "invalid_auth"),
        (_credentials(DEMO_2FA_USERNAME), "two_factor_required"),
        (_credentials(DEMO_MIGRATED_USERNAME), "migrated_account"),
    ],
)
async def test_login_errors(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    credentials: dict[str, str],
    error: str,
) -> None:
    """Wrong password, two-factor and a migrated login each say so."""
    result = await _paste(hass, _portal_url(sew_portal), credentials)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}


async def test_unverified_utility_goes_through_discovery(hass: HomeAssistant) -> None:
    """An entry no client confirms is probed at its own address first."""
    result = await sew_form(hass)
    with offline() as asked:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_UTILITY: "manitoba_hydro", **_credentials(), ADVANCED: {}},
        )
    assert result["step_id"] == "sew_custom"
    assert result["errors"] == {CONF_URL: "cannot_connect"}
    assert asked[0] == "https://account.hydro.mb.ca/Portal/"
