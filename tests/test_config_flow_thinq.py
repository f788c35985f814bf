"""Config, reauthentication, reconfiguration and options flows of LG ThinQ accounts."""

from __future__ import annotations

from contextlib import nullcontext
from fnmatch import fnmatch
from unittest.mock import patch

import aiohttp
from homeassistant.config_entries import (
    SOURCE_DHCP,
    SOURCE_IGNORE,
    SOURCE_USER,
    ConfigFlowResult,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.loader import async_get_dhcp
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sew_thinq.const import (
    CONF_CALLBACK_URL,
    CONF_COUNTRY,
    CONF_GATEWAY_URL,
    CONF_KIND,
    CONF_LANGUAGE,
    CONF_REFRESH_TOKEN,
    CONF_THINQ_SCAN_INTERVAL,
    DOMAIN,
    KIND_SEW,
    KIND_THINQ,
)
from custom_components.sew_thinq.thinq import DEFAULT_GATEWAY_URL
from simulators.thinq import DEMO_USER_NUMBER, SignInResult

from .conftest import RunningThinQCloud, browser_sign_in, setup_entry


async def _start(hass: HomeAssistant) -> ConfigFlowResult:
    """Open the flow and pick the LG ThinQ account."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["sew", "thinq"]
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "thinq"}
    )


async def _region(
    hass: HomeAssistant, result: ConfigFlowResult, gateway_url: str
) -> ConfigFlowResult:
    return await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_COUNTRY: "US",
            CONF_LANGUAGE: "en-US",
            "advanced": {CONF_GATEWAY_URL: gateway_url},
        },
    )


@pytest.mark.parametrize(
    ("thinq_cloud_options", "google"),
    [
        ({"sign_in_result": SignInResult.REFRESH_TOKEN}, False),
        ({"sign_in_result": SignInResult.CODE}, False),
        ({}, True),
    ],
    ids=["refresh_token", "code", "google"],
)
async def test_sign_in_through_the_browser(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud, google: bool
) -> None:
    """The whole flow: region, LG's page for the country, the address it ends on.

    The final address carries a refresh token, or a code traded at LG's OAuth service,
    or a Google account's token traded through LG's EMP session (while LG still serves
    its signing key).
    """
    thinq_cloud.cloud.faults.search_key_removed = not google
    result = await _start(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "thinq"
    result = await _region(hass, result, thinq_cloud.gateway_url)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "thinq_auth"
    login_url = result["description_placeholders"]["login_url"]
    assert "/us.m.lgaccount.com/spx/login/signIn?" in login_url

    final_url = await browser_sign_in(login_url, google=google)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CALLBACK_URL: final_url}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "LG ThinQ (US)"
    assert result["result"].unique_id == DEMO_USER_NUMBER
    data = result["data"]
    assert data[CONF_KIND] == KIND_THINQ
    assert data[CONF_GATEWAY_URL] == thinq_cloud.gateway_url
    assert (data[CONF_COUNTRY], data[CONF_LANGUAGE]) == ("US", "en-US")
    assert thinq_cloud.cloud.refresh_token_valid(data[CONF_REFRESH_TOKEN])
    await hass.async_block_till_done()


@pytest.mark.parametrize("thinq_cloud_options", [{"account_country": "GB"}])
async def test_sign_in_outside_the_us(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud
) -> None:
    """A British account signs in on the British page (not pinned to the US host)."""
    result = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_COUNTRY: "GB",
            CONF_LANGUAGE: "en-GB",
            "advanced": {CONF_GATEWAY_URL: thinq_cloud.gateway_url},
        },
    )
    login_url = result["description_placeholders"]["login_url"]
    assert "/gb.m.lgaccount.com/spx/login/signIn?" in login_url
    assert "country=GB" in login_url
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CALLBACK_URL: await browser_sign_in(login_url)}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "LG ThinQ (GB)"
    await hass.async_block_till_done()


async def test_google_sign_in_that_lg_no_longer_trades(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud
) -> None:
    """Without LG's signing key a Google sign-in cannot finish: the form says what to do."""
    result = await _region(hass, await _start(hass), thinq_cloud.gateway_url)
    login_url = result["description_placeholders"]["login_url"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_CALLBACK_URL: await browser_sign_in(login_url, google=True)},
    )
    assert result["errors"] == {"base": "third_party_unsupported"}


async def test_bare_refresh_token_and_duplicate(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud, thinq_entry: MockConfigEntry
) -> None:
    """A bare refresh token works too; the same LG account twice is refused."""
    thinq_entry.add_to_hass(hass)
    result = await _region(hass, await _start(hass), thinq_cloud.gateway_url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_CALLBACK_URL: thinq_cloud.cloud.issue_refresh_token()},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_official_gateway_is_the_default(hass: HomeAssistant) -> None:
    """The gateway is an advanced option that defaults to LG's official one."""
    result = await _start(hass)
    advanced = result["data_schema"].schema["advanced"]
    assert advanced.options == {"collapsed": True}
    (field,) = advanced.schema.schema
    assert field == CONF_GATEWAY_URL
    assert field.default() == DEFAULT_GATEWAY_URL


async def test_gateway_errors(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud
) -> None:
    """An unreachable gateway and unexpected failures are shown on the form."""
    result = await _start(hass)
    thinq_cloud.cloud.faults.http_status = 500
    result = await _region(hass, result, thinq_cloud.gateway_url)
    assert result["errors"] == {"base": "cannot_connect"}

    with patch.object(
        aiohttp.ClientSession, "_request", side_effect=RuntimeError("boom")
    ):
        result = await _region(hass, result, thinq_cloud.gateway_url)
    assert result["errors"] == {"base": "unknown"}

    thinq_cloud.cloud.faults.http_status = None
    result = await _region(hass, result, thinq_cloud.gateway_url)
    assert result["step_id"] == "thinq_auth"


@pytest.mark.parametrize(
    ("fault", "callback", "error"),
    [
        (
            None,
            "https://example.com/done?state=1",
            {CONF_CALLBACK_URL: "invalid_callback_url"},
        ),
        (None, "not-a-token-LG-issued", {"base": "invalid_auth"}),
        (None, "https://x/iabClose?code=unknown", {"base": "invalid_auth"}),
        ("terms_pending", None, {"base": "terms_not_accepted"}),
        ("http_status", None, {"base": "cannot_connect"}),
        ("gateway_down", "https://x/iabClose?code=c", {"base": "cannot_connect"}),
        ("unexpected", None, {"base": "unknown"}),
        ("unexpected", "https://x/iabClose?code=c", {"base": "unknown"}),
    ],
)
async def test_sign_in_errors(
    hass: HomeAssistant,
    thinq_cloud: RunningThinQCloud,
    fault: str | None,
    callback: str | None,
    error: dict[str, str],
) -> None:
    """Every way signing in can fail is shown on the form, and the flow recovers."""
    result = await _region(hass, await _start(hass), thinq_cloud.gateway_url)
    login_url = result["description_placeholders"]["login_url"]
    if callback is None:
        callback = await browser_sign_in(login_url)
    faults = thinq_cloud.cloud.faults
    if fault == "terms_pending":
        faults.terms_pending = True
    elif fault in ("http_status", "gateway_down"):
        faults.http_status = 503
    injected = (
        patch.object(
            aiohttp.ClientSession, "_request", side_effect=RuntimeError("boom")
        )
        if fault == "unexpected"
        else nullcontext()
    )
    with injected:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_CALLBACK_URL: callback}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == error

    faults.terms_pending = False
    faults.http_status = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CALLBACK_URL: await browser_sign_in(login_url)}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_reauth(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud, thinq_entry: MockConfigEntry
) -> None:
    """Signing in again stores the new refresh token in the same entry."""
    await setup_entry(hass, thinq_entry)
    result = await thinq_entry.start_reauth_flow(hass)
    assert result["step_id"] == "thinq_auth"
    callback_url = await browser_sign_in(
        result["description_placeholders"]["login_url"]
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CALLBACK_URL: callback_url}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert thinq_entry.data[CONF_REFRESH_TOKEN] in callback_url
    assert thinq_cloud.cloud.refresh_token_valid(thinq_entry.data[CONF_REFRESH_TOKEN])
    await hass.async_block_till_done()


async def test_reauth_with_another_account(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud
) -> None:
    """Signing in to a different LG account does not take over the entry."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="someone-else",
        data={
            CONF_KIND: KIND_THINQ,
            CONF_GATEWAY_URL: thinq_cloud.gateway_url,
            CONF_COUNTRY: "US",
            CONF_LANGUAGE: "en-US",
            CONF_REFRESH_TOKEN: "old",
        },
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_CALLBACK_URL: thinq_cloud.cloud.issue_refresh_token()},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data[CONF_REFRESH_TOKEN] == "old"


async def test_reauth_gateway_down(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud, thinq_entry: MockConfigEntry
) -> None:
    """Reauthentication cannot start while LG's gateway is unreachable."""
    thinq_entry.add_to_hass(hass)
    thinq_cloud.cloud.faults.http_status = 500
    result = await thinq_entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"


async def test_reconfigure(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud, thinq_entry: MockConfigEntry
) -> None:
    """The region can change; the stored sign-in is checked against the new gateway."""
    await setup_entry(hass, thinq_entry)
    result = await thinq_entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure_thinq"

    thinq_cloud.cloud.faults.http_status = 500
    result = await _region(hass, result, thinq_cloud.gateway_url)
    assert result["errors"] == {"base": "cannot_connect"}

    thinq_cloud.cloud.faults.http_status = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_COUNTRY: "CA",
            CONF_LANGUAGE: "en-CA",
            "advanced": {CONF_GATEWAY_URL: thinq_cloud.gateway_url},
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert thinq_entry.data[CONF_COUNTRY] == "CA"
    assert thinq_entry.data[CONF_LANGUAGE] == "en-CA"
    await hass.async_block_till_done()


async def test_reconfigure_with_a_rejected_sign_in(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud, thinq_entry: MockConfigEntry
) -> None:
    """A stored sign-in LG no longer accepts is shown, not stored."""
    thinq_entry.add_to_hass(hass)
    thinq_cloud.cloud.faults.reject_refresh_tokens = True
    result = await thinq_entry.start_reconfigure_flow(hass)
    result = await _region(hass, result, thinq_cloud.gateway_url)
    assert result["errors"] == {"base": "invalid_auth"}


async def test_options(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud, thinq_entry: MockConfigEntry
) -> None:
    """The polling interval can change, and the entry reloads with it."""
    await setup_entry(hass, thinq_entry)
    result = await hass.config_entries.options.async_init(thinq_entry.entry_id)
    assert result["step_id"] == "thinq"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_THINQ_SCAN_INTERVAL: 60}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert thinq_entry.options == {CONF_THINQ_SCAN_INTERVAL: 60}
    assert thinq_entry.runtime_data.coordinator.update_interval.total_seconds() == 60


# An LG appliance on the network: core's lg_thinq discovers its MAC prefix (34:E6:E6).
LG_APPLIANCE = DhcpServiceInfo(
    ip="192.168.1.23", hostname="lge_ac2_open", macaddress="34e6e6a1b2c3"
)


async def _discovered(hass: HomeAssistant) -> ConfigFlowResult:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=LG_APPLIANCE
    )


async def test_lg_appliance_found_by_dhcp(hass: HomeAssistant) -> None:
    """Home Assistant offers this integration for a MAC address of LG's prefix."""
    matchers = [m for m in await async_get_dhcp(hass) if m["domain"] == DOMAIN]
    assert matchers == [{"domain": DOMAIN, "macaddress": "34E6E6*"}]
    assert fnmatch(LG_APPLIANCE.macaddress.upper(), matchers[0]["macaddress"])


async def test_discovery_leads_into_the_sign_in(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud
) -> None:
    """A discovered LG appliance offers the LG sign-in; it ends in the account's entry."""
    result = await _discovered(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "thinq"
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["title_placeholders"] == {"name": "LG ThinQ (lge_ac2_open)"}
    result = await _region(hass, result, thinq_cloud.gateway_url)
    assert result["step_id"] == "thinq_auth"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_CALLBACK_URL: await browser_sign_in(
                result["description_placeholders"]["login_url"]
            )
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == DEMO_USER_NUMBER
    assert result["result"].source == SOURCE_DHCP
    await hass.async_block_till_done()
    assert (await _discovered(hass))["reason"] == "already_configured"


async def test_discovery_with_an_lg_account_configured(
    hass: HomeAssistant, thinq_entry: MockConfigEntry
) -> None:
    """An appliance found on the network with an LG account configured offers nothing."""
    thinq_entry.add_to_hass(hass)
    result = await _discovered(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_discovery_beside_a_utility_account(hass: HomeAssistant) -> None:
    """A utility account is no LG account: the appliance is offered."""
    MockConfigEntry(
        domain=DOMAIN, unique_id="portal_10245", data={CONF_KIND: KIND_SEW}
    ).add_to_hass(hass)
    result = await _discovered(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "thinq"


async def test_one_discovery_at_a_time(hass: HomeAssistant) -> None:
    """A second LG appliance found while the first one's offer is open adds none."""
    await _discovered(hass)
    second = DhcpServiceInfo(
        ip="192.168.1.24", hostname="lge_washer", macaddress="34e6e6d4e5f6"
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=second
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_in_progress"
    assert len(hass.config_entries.flow.async_progress_by_handler(DOMAIN)) == 1


async def test_discovery_while_signing_in(hass: HomeAssistant) -> None:
    """No offer while the user is already signing in to LG; a utility flow is no reason."""
    menu = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await _discovered(hass)
    assert result["step_id"] == "thinq"
    hass.config_entries.flow.async_abort(result["flow_id"])
    await hass.config_entries.flow.async_configure(
        menu["flow_id"], {"next_step_id": "thinq"}
    )
    result = await _discovered(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_in_progress"


async def test_signing_in_ends_the_discovery(
    hass: HomeAssistant, thinq_cloud: RunningThinQCloud
) -> None:
    """An LG account added from the menu withdraws the appliance's open offer."""
    discovered = await _discovered(hass)
    result = await _region(hass, await _start(hass), thinq_cloud.gateway_url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_CALLBACK_URL: await browser_sign_in(
                result["description_placeholders"]["login_url"]
            )
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert discovered["flow_id"] not in {
        flow["flow_id"]
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    }


async def test_ignored_discovery(hass: HomeAssistant) -> None:
    """An ignored offer is not made again for the next LG appliance."""
    discovered = await _discovered(hass)
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_IGNORE},
        data={"unique_id": flow["context"]["unique_id"], "title": "LG ThinQ"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert discovered["flow_id"] not in {
        flow["flow_id"]
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    }
    result = await _discovered(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
