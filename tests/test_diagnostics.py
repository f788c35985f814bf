"""Diagnostics, and that no secret reaches them or the log."""

from __future__ import annotations

import json
import logging

from homeassistant.components.diagnostics import REDACTED
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.sew_thinq.const import CONF_IGNORED_METERS
from custom_components.sew_thinq.sew import hash_password
from simulators.sew import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_USERNAME
from simulators.thinq import (
    DEMO_PASSWORD as THINQ_PASSWORD,
    DEMO_USER_NUMBER,
    DEMO_USERNAME as THINQ_USERNAME,
)

from .conftest import SEW_NOW, RunningSewPortal, RunningThinQCloud, setup_entry


def _sew_secrets(portal: RunningSewPortal) -> set[str]:
    """Everything about the utility login that must stay private."""
    secrets = {DEMO_USERNAME, DEMO_PASSWORD, hash_password(DEMO_PASSWORD)}
    secrets.update(portal.portal.tokens)
    secrets.update(portal.portal.login_keys)
    secrets.update(portal.portal.login_keys.values())
    for account in DEMO_ACCOUNTS:
        secrets.update({account.number, account.utility_number, account.address})
        secrets.update(meter.number for meter in account.meters)
    return secrets


def _thinq_secrets(cloud: RunningThinQCloud) -> set[str]:
    """Everything about the LG account that must stay private."""
    state = cloud.cloud
    secrets = {THINQ_USERNAME, THINQ_PASSWORD, DEMO_USER_NUMBER}
    secrets.update(state.issued_credentials())
    secrets.update(state.devices)
    return secrets


@pytest.mark.freeze_time(SEW_NOW, tick=True)
async def test_utility_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    snapshot: SnapshotAssertion,
) -> None:
    """A utility login's diagnostics hide the login, accounts and meters.

    Everywhere: the options name an ignored meter by its account and number too.
    """
    home = DEMO_ACCOUNTS[0]
    gas = next(meter for meter in home.meters if meter.kind == "gas")
    sew_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        sew_entry,
        options={
            **sew_entry.options,
            CONF_IGNORED_METERS: [f"{home.utility_number}_G_{gas.number}"],
        },
    )
    await hass.config_entries.async_setup(sew_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert gas.number not in {
        data.meter.meter_number
        for data in sew_entry.runtime_data.coordinator.data.meters.values()
    }
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, sew_entry)
    assert diagnostics == snapshot(exclude=props("login_root", "service_root"))
    assert diagnostics["entry"]["options"][CONF_IGNORED_METERS] == REDACTED
    layout = diagnostics["entry"]["data"]["layout"]
    assert layout["login_root"] == f"{sew_portal.base_url}/PortalService"
    dumped = json.dumps(diagnostics)
    for secret in _sew_secrets(sew_portal):
        assert secret not in dumped


async def test_thinq_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    snapshot: SnapshotAssertion,
) -> None:
    """An LG account's diagnostics hide tokens, ids and names."""
    await setup_entry(hass, thinq_entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, thinq_entry)
    assert diagnostics == snapshot(exclude=props("gateway_url"))
    devices = {d["info"]["model_name"]: d for d in diagnostics["devices"]}
    assert devices["RAC_056905_WW"]["offers"]["target_step"] == 0.5
    assert not devices["LP-SIM-AC2"]["offers"]["controllable"]
    assert {d["platform"] for d in diagnostics["not_supported"]} == {"thinq1", "thinq2"}
    dumped = json.dumps(diagnostics)
    for secret in _thinq_secrets(thinq_cloud):
        assert secret not in dumped


@pytest.mark.freeze_time(SEW_NOW, tick=True)
async def test_no_secret_in_the_log(
    hass: HomeAssistant,
    sew_entry: MockConfigEntry,
    sew_portal: RunningSewPortal,
    thinq_entry: MockConfigEntry,
    thinq_cloud: RunningThinQCloud,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Debug logging of a full session, with failures and recoveries, shows no secret.

    Nor the login's identity: the e-mail is in no log line, entry title, device or
    entity. Account and meter numbers name devices and entities, as they do in Home
    Assistant's own utility integrations, so only credentials, tokens, logins and
    addresses are checked here.
    """
    caplog.set_level(logging.DEBUG)
    await setup_entry(hass, sew_entry)
    await setup_entry(hass, thinq_entry)
    sew_portal.portal.expire_all_tokens()
    thinq_cloud.cloud.expire_access_tokens()
    await sew_entry.runtime_data.coordinator.async_refresh()
    await thinq_entry.runtime_data.coordinator.async_refresh()
    thinq_cloud.cloud.faults.reject_refresh_tokens = True
    thinq_cloud.cloud.expire_access_tokens()
    await thinq_entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()

    secrets = {
        DEMO_USERNAME,
        THINQ_USERNAME,
        DEMO_PASSWORD,
        hash_password(DEMO_PASSWORD),
        THINQ_PASSWORD,
        *sew_portal.portal.tokens,
        *thinq_cloud.cloud.issued_credentials(),
        *(account.address for account in DEMO_ACCOUNTS),
    }
    for secret in secrets:
        assert secret not in caplog.text
    # The utility's devices are made by the utility, the appliances by LG.
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), sew_entry.entry_id)
    assert {device.manufacturer for device in devices} == {sew_entry.title}
    appliances = dr.async_entries_for_config_entry(
        dr.async_get(hass), thinq_entry.entry_id
    )
    assert {device.manufacturer for device in appliances} == {"LG"}
    entities = er.async_entries_for_config_entry(er.async_get(hass), sew_entry.entry_id)
    entities += er.async_entries_for_config_entry(
        er.async_get(hass), thinq_entry.entry_id
    )
    registered = repr([*devices, *appliances, *entities])
    titles = repr([entry.title for entry in hass.config_entries.async_entries()])
    for login in (DEMO_USERNAME, THINQ_USERNAME):
        assert login not in registered
        assert login not in titles
