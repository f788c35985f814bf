"""Config, reauthentication, reconfiguration and options flows of utility logins."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import nullcontext
from unittest.mock import patch
from urllib.parse import urlsplit

import aiohttp
from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sew_thinq.const import (
    CONF_BASE_URL,
    CONF_ENCRYPTION,
    CONF_FLAVOR,
    CONF_HISTORY_DAYS,
    CONF_IGNORED_METERS,
    CONF_KIND,
    CONF_LAYOUT,
    CONF_METERS,
    CONF_PASSWORD_SHA256,
    CONF_REQUEST_RATE,
    CONF_SEW_SCAN_INTERVAL,
    CONF_UTILITY,
    CONF_WINDOW_DAYS,
    DOMAIN,
    KIND_SEW,
)
from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    Encryption,
    Flavor,
    Locale,
    MeterType,
    MobileDialect,
    PortalLayout,
    Utility,
    hash_password,
)
from simulators.sew import (
    ACCOUNT_1,
    DEMO_2FA_USERNAME,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    Fault,
)

from .conftest import SEW_NOW, SEW_USER_ID, RunningSewPortal, setup_entry

pytestmark = pytest.mark.freeze_time(SEW_NOW, tick=True)

CREDENTIALS = {CONF_USERNAME: DEMO_USERNAME, CONF_PASSWORD: DEMO_PASSWORD}


@pytest.fixture
def simulated_utility(sew_portal: RunningSewPortal) -> Generator[str]:
    """List the simulated portal among the known utilities, as the mobile flavor."""
    service = f"{sew_portal.base_url}/PortalService"
    utility = Utility(
        key="simulated",
        name="Simulated Public Power",
        country="US",
        layout=PortalLayout(
            Flavor.MOBILE, service, service, MobileDialect.SEED, Encryption.KEY_IV
        ),
        locale=Locale(),
        meter_types=(MeterType.ELECTRIC,),
        source="tests",
        verified=True,
    )
    with patch(
        "custom_components.sew_thinq.config_flow.KNOWN_UTILITIES",
        {**KNOWN_UTILITIES, utility.key: utility},
    ):
        yield utility.key


async def _start(hass: HomeAssistant) -> ConfigFlowResult:
    """Open the flow and pick a utility account."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "sew"}
    )


def _unique_id(portal: RunningSewPortal) -> str:
    return f"{urlsplit(portal.base_url).hostname}_{SEW_USER_ID}"


async def test_known_utility(
    hass: HomeAssistant, sew_portal: RunningSewPortal, simulated_utility: str
) -> None:
    """A listed utility needs only the credentials; the plain password is not kept."""
    result = await _start(hass)
    assert result["step_id"] == "sew"
    options = result["data_schema"].schema[CONF_UTILITY].config["options"]
    assert options[-1]["value"] == "custom"
    assert {"nppd", "rpu"} <= {option["value"] for option in options}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: simulated_utility, **CREDENTIALS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == f"Simulated Public Power ({DEMO_USERNAME})"
    assert result["result"].unique_id == _unique_id(sew_portal)
    service = f"{sew_portal.base_url}/PortalService"
    assert result["data"] == {
        CONF_KIND: KIND_SEW,
        CONF_BASE_URL: sew_portal.base_url,
        CONF_FLAVOR: "mobile",
        CONF_LAYOUT: {
            "flavor": "mobile",
            "login_root": service,
            "service_root": service,
            "mobile_dialect": "seed",
            "encryption": "android",
        },
        CONF_UTILITY: simulated_utility,
        CONF_ENCRYPTION: "android",
        CONF_USERNAME: DEMO_USERNAME,
        CONF_PASSWORD_SHA256: hash_password(DEMO_PASSWORD),
    }
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("sew_portal_options", "path", "flavor", "encryption"),
    [
        (
            {"now": SEW_NOW, "encryption": "ios"},
            "/PortalService/UserLogin.svc/help",
            "mobile",
            "ios",
        ),
        ({"now": SEW_NOW, "encryption": "none"}, "/PortalService/", "mobile", "none"),
        ({"now": SEW_NOW}, "/API/Help/", "api", None),
    ],
)
async def test_custom_portal_url(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    path: str,
    flavor: str,
    encryption: str | None,
) -> None:
    """Any URL copied from the portal is enough: flavor and encryption are probed."""
    result = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: "custom", **CREDENTIALS}
    )
    assert result["step_id"] == "sew_custom"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: sew_portal.base_url + path}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == f"127.0.0.1 ({DEMO_USERNAME})"
    data = result["data"]
    assert data[CONF_BASE_URL] == sew_portal.base_url
    assert data[CONF_FLAVOR] == flavor
    if flavor == "mobile":
        assert data[CONF_ENCRYPTION] == encryption
        assert data[CONF_PASSWORD_SHA256] == hash_password(DEMO_PASSWORD)
        assert CONF_PASSWORD not in data
    else:
        assert CONF_ENCRYPTION not in data
        assert data[CONF_PASSWORD] == DEMO_PASSWORD
    await hass.async_block_till_done()


async def test_custom_portal_wrong_password(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """A wrong password found by discovery is said so, not "not a SEW portal"."""
    result = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_UTILITY: "custom", CONF_USERNAME: DEMO_USERNAME, CONF_PASSWORD: "wrong"},
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: sew_portal.base_url + "/PortalService/"}
    )
    assert result["errors"] == {"base": "invalid_auth"}


async def test_custom_portal_errors(
    hass: HomeAssistant, sew_portal: RunningSewPortal, socket_enabled: None
) -> None:
    """A URL where no SEW portal answers, and unexpected failures, are shown."""
    result = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: "custom", **CREDENTIALS}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: "http://127.0.0.1:9/PortalService/"}
    )
    assert result["errors"] == {CONF_URL: "not_sew_portal"}

    with patch.object(
        aiohttp.ClientSession, "_request", side_effect=RuntimeError("boom")
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_URL: sew_portal.base_url}
        )
    assert result["errors"] == {"base": "unknown"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: sew_portal.base_url + "/PortalService/"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("credentials", "fault", "error"),
    [
        ({CONF_USERNAME: DEMO_USERNAME, CONF_PASSWORD: "wrong"}, None, "invalid_auth"),
        (
            {CONF_USERNAME: DEMO_2FA_USERNAME, CONF_PASSWORD: DEMO_PASSWORD},
            None,
            "invalid_auth",
        ),
        (CREDENTIALS, Fault.SERVER_ERROR, "cannot_connect"),
        (CREDENTIALS, Fault.RATE_LIMIT, "cannot_connect"),
        (CREDENTIALS, "unexpected", "unknown"),
    ],
)
async def test_login_errors(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    simulated_utility: str,
    credentials: dict[str, str],
    fault: Fault | str | None,
    error: str,
) -> None:
    """Every way logging in can fail is shown on the form, and the flow recovers."""
    result = await _start(hass)
    if isinstance(fault, Fault):
        sew_portal.portal.inject(fault)
    with (
        patch.object(aiohttp.ClientSession, "_request", side_effect=RuntimeError)
        if fault == "unexpected"
        else nullcontext()
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_UTILITY: simulated_utility, **credentials}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    sew_portal.portal.clear_faults()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: simulated_utility, **CREDENTIALS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_duplicate(
    hass: HomeAssistant,
    sew_portal: RunningSewPortal,
    simulated_utility: str,
    sew_entry: MockConfigEntry,
) -> None:
    """The same login on the same portal is configured once."""
    sew_entry.add_to_hass(hass)
    result = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_UTILITY: simulated_utility, **CREDENTIALS}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reauth(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_entry: MockConfigEntry
) -> None:
    """A new password replaces the stored digest."""
    sew_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        sew_entry, data={**sew_entry.data, CONF_PASSWORD_SHA256: "stale"}
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
    assert sew_entry.data[CONF_PASSWORD_SHA256] == hash_password(DEMO_PASSWORD)
    await hass.async_block_till_done()


async def test_reauth_with_another_login(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """A password that opens another login does not take over the entry."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="someone-else",
        data={
            CONF_KIND: KIND_SEW,
            CONF_BASE_URL: sew_portal.base_url,
            CONF_FLAVOR: "api",
            CONF_USERNAME: DEMO_USERNAME,
            CONF_PASSWORD: "old",
        },
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: DEMO_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data[CONF_PASSWORD] == "old"


async def test_reconfigure(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_entry: MockConfigEntry
) -> None:
    """The portal URL can change, for example to the utility's API flavor."""
    await setup_entry(hass, sew_entry)
    result = await sew_entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure_sew"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: sew_portal.base_url + "/API/Help/", CONF_PASSWORD: DEMO_PASSWORD},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert sew_entry.data[CONF_FLAVOR] == "api"
    assert sew_entry.data[CONF_PASSWORD] == DEMO_PASSWORD
    assert CONF_PASSWORD_SHA256 not in sew_entry.data
    await hass.async_block_till_done()


async def test_options(
    hass: HomeAssistant, sew_portal: RunningSewPortal, sew_entry: MockConfigEntry
) -> None:
    """The polling interval and the followed meters can change."""
    await setup_entry(hass, sew_entry)
    result = await hass.config_entries.options.async_init(sew_entry.entry_id)
    assert result["step_id"] == "sew"
    meters = result["data_schema"].schema[CONF_METERS].config["options"]
    keys = [meter["value"] for meter in meters]
    water = f"{ACCOUNT_1}_W_W20007788"
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
    await hass.async_block_till_done()
    assert sew_entry.options == {
        CONF_SEW_SCAN_INTERVAL: 120,
        CONF_HISTORY_DAYS: 365,
        CONF_WINDOW_DAYS: 5,
        CONF_REQUEST_RATE: 1.5,
        CONF_IGNORED_METERS: [water],
    }
    assert water not in sew_entry.runtime_data.data.meters
    assert sew_entry.runtime_data.update_interval.total_seconds() == 7200


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
