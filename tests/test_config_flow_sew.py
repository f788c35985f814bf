"""Config, reauthentication, reconfiguration and options flows of utility logins.

Each flow runs against a simulated tenant over HTTP; the simulator counts the logins, so
the tests say how many times the user's password was sent.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sew_thinq.const import (
    CONF_HISTORY_DAYS,
    CONF_IGNORED_METERS,
    CONF_LAYOUT,
    CONF_METERS,
    CONF_PASSWORD_SHA256,
    CONF_PORTAL_URL,
    CONF_REQUEST_RATE,
    CONF_SESSION,
    CONF_SEW_SCAN_INTERVAL,
    CONF_UTILITY,
    CONF_WINDOW_DAYS,
    DOMAIN,
)
from custom_components.sew_thinq.sew import KNOWN_UTILITIES, hash_password
from simulators.sew import DEMO_2FA_USERNAME, DEMO_PASSWORD, DEMO_USERNAME, Fault

from .conftest import (
    SEW_NOW,
    USER_IDS,
    RunningSewPortal,
    offline,
    setup_entry,
    sew_entry_data,
    sew_form,
)

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)

CREDENTIALS = {CONF_USERNAME: DEMO_USERNAME, CONF_PASSWORD: DEMO_PASSWORD}
ADVANCED = "advanced"


def _listed(
    utility: str, portal: RunningSewPortal, credentials: dict[str, str] = CREDENTIALS
) -> dict[str, Any]:
    """Return the form choosing a listed utility, reached at the simulator."""
    return {
        CONF_UTILITY: utility,
        **credentials,
        ADVANCED: {CONF_PORTAL_URL: portal.base_url},
    }


def _logins(portal: RunningSewPortal) -> int:
    """Return how many logins the portal let through."""
    return sum(portal.portal.sessions.logins.values())


def _login_attempts(portal: RunningSewPortal) -> int:
    """Return how many times the password was sent, in whatever dialect."""
    return sum(
        count
        for path, count in portal.portal.requests.items()
        if path.endswith(("ValidateUserLoginMob", "ValidateUserLogin", "weblogin.aspx"))
    )


async def _settle(hass: HomeAssistant, result: ConfigFlowResult) -> None:
    """Let the entry a flow made set up, then unload it: its import is not tested here."""
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(result["result"].entry_id)


async def test_utilities_listed(hass: HomeAssistant) -> None:
    """The list names every utility of the catalogue by country, "another utility" last."""
    result = await sew_form(hass)
    assert result["step_id"] == "sew"
    config = result["data_schema"].schema[CONF_UTILITY].config
    assert not config.get("custom_value")
    options = config["options"]
    assert options[-1]["value"] == "custom"
    listed = options[:-1]
    assert {option["value"] for option in listed} == set(KNOWN_UTILITIES)
    assert len(listed) >= 15
    labels = [option["label"] for option in listed]
    assert labels == sorted(labels)
    by_value = {option["value"]: option["label"] for option in listed}
    assert by_value["acwd"] == "United States · Alameda County Water District"
    assert by_value["hidroelectrica"] == "Romania · Hidroelectrica"
    assert by_value["tata_power"].startswith("India · ")
    assert {"alliant", "dominion"} <= set(by_value)


@pytest.mark.parametrize("sew_profile", ["hidroelectrica", "nbpower"])
async def test_listed_utility(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_profile: str
) -> None:
    """A listed utility needs only the credentials; its session is kept for setup.

    The address in the advanced section sends its requests to the simulator.
    """
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _listed(sew_profile, sew_portal)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    name = KNOWN_UTILITIES[sew_profile].name
    assert result["title"] == f"{name}"
    assert result["result"].unique_id == f"127.0.0.1_{USER_IDS[sew_profile]}"
    data = dict(result["data"])
    assert data.pop(CONF_SESSION)["user_id"] == USER_IDS[sew_profile]
    assert data == sew_entry_data(sew_profile, sew_portal.base_url)
    assert _logins(sew_portal) == 1
    await hass.async_block_till_done()
    assert result["result"].runtime_data.coordinator.last_update_success
    assert _logins(sew_portal) == 1
    await _settle(hass, result)


async def test_listed_utility_at_its_own_address(hass: HomeAssistant) -> None:
    """Without an address given, a listed utility is reached at its own servers."""
    result = await sew_form(hass)
    with offline() as asked:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_UTILITY: "hidroelectrica", **CREDENTIALS, ADVANCED: {}},
        )
    assert result["errors"] == {"base": "cannot_connect"}
    assert asked == ["https://hidroelectrica-svc.smartcmobile.com/API/UserLogin/GetId"]


async def test_listed_utility_at_a_bad_address(hass: HomeAssistant) -> None:
    """An address that is none is said so."""
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_UTILITY: "hidroelectrica",
            **CREDENTIALS,
            ADVANCED: {CONF_PORTAL_URL: "x"},
        },
    )
    assert result["errors"] == {"base": "invalid_url"}


@pytest.mark.parametrize(
    ("sew_profile", "path", "flavor"),
    [
        ("mobile-seed", "/PortalService/UserLogin.svc/help", "mobile"),
        ("mobile-seed", "/PortalService/", "mobile"),
        ("mobile-seed", "/", "mobile"),
        ("mobile-sew", "/scp6.6.3-service/UserLogin.svc/help", "mobile"),
        ("mobile-sew", "/scp6.6.3-service/", "mobile"),
        ("hidroelectrica", "/", "api"),
        ("hidroelectrica", "/API/UserLogin/GetId", "api"),
        ("hidroelectrica", "/Service/", "api"),
    ],
)
async def test_any_url_of_the_portal(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    sew_profile: str,
    path: str,
    flavor: str,
) -> None:
    """Any URL copied from the portal is enough: flavor and dialect are found.

    The password goes out once per candidate dialect at most, and the session discovery
    opened serves the entry: one login in all.
    """
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: "custom", **CREDENTIALS, ADVANCED: {}}
    )
    assert result["step_id"] == "sew_custom"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: sew_portal.base_url + path}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "127.0.0.1"
    data = result["data"]
    assert data[CONF_LAYOUT]["flavor"] == flavor
    if flavor == "mobile":
        assert (
            data[CONF_LAYOUT]
            == sew_entry_data(sew_profile, sew_portal.base_url)[CONF_LAYOUT]
        )
        assert data[CONF_PASSWORD_SHA256] == hash_password(DEMO_PASSWORD)
        assert CONF_PASSWORD not in data
        # SEW's own dialect is tried first; the seed's tenant refuses that body.
        assert _login_attempts(sew_portal) == (2 if sew_profile == "mobile-seed" else 1)
    else:
        assert data[CONF_PASSWORD] == DEMO_PASSWORD
        assert _login_attempts(sew_portal) == 1
    await _settle(hass, result)
    assert _logins(sew_portal) == 1


@pytest.mark.parametrize(
    ("sew_portal_options", "encryption"),
    [
        ({"now": SEW_NOW, "profile": "mobile-seed", "encryption": "ios"}, "ios"),
        ({"now": SEW_NOW, "profile": "mobile-seed", "encryption": "none"}, "none"),
    ],
)
async def test_encryption_is_found(
    hass: HomeAssistant, sew_portal: RunningSewPortal, encryption: str
) -> None:
    """Tenants that encrypt with the zero IV, or not at all, are found too."""
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: "custom", **CREDENTIALS, ADVANCED: {}}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: f"{sew_portal.base_url}/PortalService/UserLogin.svc/help"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_LAYOUT]["encryption"] == encryption
    await _settle(hass, result)


@pytest.mark.parametrize(
    ("sew_profile", "path", "attempts"),
    [
        ("mobile-sew", "/scp6.6.3-service/UserLogin.svc/help", 2),
        ("mobile-seed", "/", 3),
        ("hidroelectrica", "/", 1),
    ],
)
async def test_wrong_password_found_by_discovery(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    path: str,
    attempts: int,
) -> None:
    """A wrong password is said so, not "not a SEW portal", after few attempts.

    The dialect that understood the body is tried with its other IV: a wrong IV garbles
    the user id too.
    """
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_UTILITY: "custom",
            CONF_USERNAME: DEMO_USERNAME,
            CONF_PASSWORD: "wrong",
            ADVANCED: {},
        },
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: sew_portal.base_url + path}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert _login_attempts(sew_portal) == attempts
    assert _logins(sew_portal) == 0
    # Back on the step with the password field, the login kept, the password not.
    assert result["step_id"] == "sew"
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and "suggested_value" in key.description
    }
    assert suggested == {CONF_UTILITY: "custom", CONF_USERNAME: DEMO_USERNAME}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: "custom", **CREDENTIALS, ADVANCED: {}}
    )
    # The address given before is tried again with the new password.
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await _settle(hass, result)


@pytest.mark.parametrize("sew_profile", ["mobile-seed"])
async def test_second_factor_found_by_discovery(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """A login that needs a second factor says what to do."""
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_UTILITY: "custom",
            CONF_USERNAME: DEMO_2FA_USERNAME,
            CONF_PASSWORD: DEMO_PASSWORD,
            ADVANCED: {},
        },
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: sew_portal.base_url + "/PortalService/"}
    )
    assert result["errors"] == {"base": "two_factor_required"}


@pytest.mark.parametrize("sew_profile", ["nbpower"])
async def test_custom_url_errors(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """No portal, no answer and unexpected failures are each said so."""
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: "custom", **CREDENTIALS, ADVANCED: {}}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: sew_portal.base_url + "/Default.aspx"}
    )
    assert result["errors"] == {CONF_URL: "not_sew_portal"}
    asked = sew_portal.portal.request_total
    for text in (
        "my utility",
        "ftp://portal.example.com",
        "portal",
        "https://",
        "https://portal.example.com:port",
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_URL: text}
        )
        assert result["errors"] == {CONF_URL: "not_a_url"}
    # Nothing is sent for what cannot be an address.
    assert sew_portal.portal.request_total == asked
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: "http://127.0.0.1:9/PortalService/"}
    )
    assert result["errors"] == {CONF_URL: "cannot_connect"}
    with patch.object(
        aiohttp.ClientSession, "_request", side_effect=RuntimeError("boom")
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_URL: sew_portal.base_url}
        )
    assert result["errors"] == {"base": "unknown"}


@pytest.mark.parametrize(
    ("switch", "error"),
    [
        ("wrong", "invalid_auth"),
        ("locked", "account_locked"),
        ("two_factor", "two_factor_required"),
        ("no_session", "login_refused"),
        (Fault.SERVER_ERROR, "cannot_connect"),
        (Fault.RATE_LIMIT, "cannot_connect"),
        ("unexpected", "unknown"),
    ],
)
@pytest.mark.parametrize("sew_profile", ["hidroelectrica"])
async def test_login_errors(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    switch: Fault | str,
    error: str,
) -> None:
    """Every way logging in can fail is shown on the form, and the flow recovers."""
    portal = sew_portal.portal
    credentials = (
        {**CREDENTIALS, CONF_PASSWORD: "wrong"} if switch == "wrong" else CREDENTIALS
    )
    if switch == "locked":
        portal.lock_account()
    if switch == "two_factor":
        portal.set_two_factor()
    if switch == "no_session":
        # The portal takes the password but refuses every session it opens.
        portal.token_lifetime = timedelta(0)
    if isinstance(switch, Fault):
        portal.inject(switch)
    result = await sew_form(hass)
    with (
        patch.object(aiohttp.ClientSession, "_request", side_effect=RuntimeError)
        if switch == "unexpected"
        else nullcontext()
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _listed("hidroelectrica", sew_portal, credentials)
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    portal.clear_faults()
    portal.unlock_account()
    portal.set_two_factor(enabled=False)
    portal.token_lifetime = timedelta(minutes=20)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _listed("hidroelectrica", sew_portal)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await _settle(hass, result)


async def test_duplicate(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_entry: MockConfigEntry
) -> None:
    """The same login on the same portal is configured once."""
    sew_entry.add_to_hass(hass)
    result = await sew_form(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: "custom", **CREDENTIALS, ADVANCED: {}}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: sew_portal.base_url + "/PortalService/"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.parametrize("sew_profile", ["hidroelectrica", "mobile-seed"])
async def test_reauth(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    sew_entry: MockConfigEntry,
    sew_profile: str,
) -> None:
    """A new password replaces the stored one (the digest, on the mobile flavor)."""
    sew_entry.add_to_hass(hass)
    secret = CONF_PASSWORD if sew_profile == "hidroelectrica" else CONF_PASSWORD_SHA256
    hass.config_entries.async_update_entry(
        sew_entry, data={**sew_entry.data, secret: "stale"}
    )
    result = await sew_entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"][CONF_USERNAME] == DEMO_USERNAME

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: DEMO_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    expected = sew_entry_data(sew_profile, sew_portal.base_url)[secret]
    assert sew_entry.data[secret] == expected
    assert sew_entry.data[CONF_SESSION]
    assert sew_entry.title == "Simulated utility"
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_reauth_with_another_login(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """A password that opens another login does not take over the entry."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        unique_id="someone-else",
        data={
            **sew_entry_data("mobile-seed", sew_portal.base_url),
            CONF_PASSWORD_SHA256: "old",
        },
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: DEMO_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data[CONF_PASSWORD_SHA256] == "old"


@pytest.mark.parametrize("sew_profile", ["mobile-sew"])
async def test_reconfigure_found_portal(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_entry: MockConfigEntry
) -> None:
    """A portal found from a URL can move: its new URL is probed again."""
    await setup_entry(hass, sew_entry)
    result = await sew_entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure_sew"
    url = next(key for key in result["data_schema"].schema if key == CONF_URL)
    suggested = url.description["suggested_value"]
    assert suggested == f"{sew_portal.base_url}/scp6.6.3-service"
    new_url = f"{suggested}/UserLogin.svc/help"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: new_url, CONF_PASSWORD: "wrong"}
    )
    # A refused password comes back on this step, with the address just given.
    assert result["step_id"] == "reconfigure_sew"
    assert result["errors"] == {"base": "invalid_auth"}
    url = next(key for key in result["data_schema"].schema if key == CONF_URL)
    assert url.description["suggested_value"] == new_url
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: new_url, CONF_PASSWORD: DEMO_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert sew_entry.data[CONF_LAYOUT]["mobile_dialect"] == "sew"
    assert CONF_PASSWORD not in sew_entry.data
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize("sew_profile", ["nbpower"])
async def test_reconfigure_listed_utility(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_entry: MockConfigEntry
) -> None:
    """A listed utility keeps its layout; where its requests go can change."""
    sew_entry.add_to_hass(hass)
    result = await sew_entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure_listed"
    assert result["description_placeholders"] == {"utility": "NB Power"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_PASSWORD: DEMO_PASSWORD, ADVANCED: {CONF_PORTAL_URL: "ftp://x"}},
    )
    assert result["errors"] == {"base": "invalid_url"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_PASSWORD: "wrong", ADVANCED: {CONF_PORTAL_URL: sew_portal.base_url}},
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PASSWORD: DEMO_PASSWORD,
            ADVANCED: {CONF_PORTAL_URL: sew_portal.base_url},
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert sew_entry.data[CONF_UTILITY] == "nbpower"
    assert sew_entry.data[CONF_PORTAL_URL] == sew_portal.base_url
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_options(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_entry: MockConfigEntry
) -> None:
    """The polling interval and the followed meters can change."""
    await setup_entry(hass, sew_entry)
    result = await hass.config_entries.options.async_init(sew_entry.entry_id)
    assert result["step_id"] == "sew"
    meters = result["data_schema"].schema[CONF_METERS].config["options"]
    keys = [meter["value"] for meter in meters]
    water = "300-123-4567_W_W20007788"
    assert water in keys
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SEW_SCAN_INTERVAL: 120,
            CONF_HISTORY_DAYS: 365,
            CONF_WINDOW_DAYS: 5,
            CONF_REQUEST_RATE: 1.5,
            CONF_METERS: [key for key in keys if key != water],
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert sew_entry.options == {
        CONF_SEW_SCAN_INTERVAL: 120,
        CONF_HISTORY_DAYS: 365,
        CONF_WINDOW_DAYS: 5,
        CONF_REQUEST_RATE: 1.5,
        CONF_IGNORED_METERS: [water],
    }
    assert water not in sew_entry.runtime_data.coordinator.data.meters
    assert sew_entry.runtime_data.coordinator.update_interval.total_seconds() == 7200


async def test_options_of_an_entry_not_loaded(
    hass: HomeAssistant, sew_entry: MockConfigEntry
) -> None:
    """Without a loaded entry only the polling interval can change."""
    sew_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(sew_entry.entry_id)
    assert CONF_METERS not in result["data_schema"].schema
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SEW_SCAN_INTERVAL: 30}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert sew_entry.options == {
        CONF_SEW_SCAN_INTERVAL: 30,
        CONF_HISTORY_DAYS: 730,
        CONF_WINDOW_DAYS: 7,
        CONF_REQUEST_RATE: 2.0,
        CONF_IGNORED_METERS: [],
    }


@pytest.mark.parametrize(
    "sew_options", [{CONF_IGNORED_METERS: ["300-123-4567_W_W20007788"]}]
)
async def test_options_while_the_portal_is_down(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_entry: MockConfigEntry
) -> None:
    """Options saved while setup is retrying keep the ignored meters they cannot show."""
    sew_portal.portal.inject(Fault.SERVER_ERROR)
    sew_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(sew_entry.entry_id)
    assert sew_entry.state is ConfigEntryState.SETUP_RETRY
    result = await hass.config_entries.options.async_init(sew_entry.entry_id)
    assert CONF_METERS not in result["data_schema"].schema
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SEW_SCAN_INTERVAL: 60}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert sew_entry.options[CONF_IGNORED_METERS] == ["300-123-4567_W_W20007788"]
    sew_portal.portal.clear_faults()
    await hass.async_block_till_done(wait_background_tasks=True)
