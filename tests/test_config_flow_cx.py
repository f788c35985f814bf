"""The Dominion sign-in steps of the config flow: code, captcha, reauth, failures."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigFlowResult,
)
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.sew_thinq.const import (
    CONF_PORTAL_URL,
    CONF_SESSION,
    CONF_UTILITY,
    DOMAIN,
)
from simulators.sew import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    Fault,
    SewPortal,
    browser_sign_in,
    cx_state,
)

from .conftest import SEW_NOW, RunningSewPortal, sign_in_listed

pytestmark = [
    pytest.mark.freeze_time(SEW_NOW, tick=True),
    pytest.mark.parametrize("sew_profile", ["dominion"]),
]

GIGYA_PATHS = ("GET", "POST")


async def _sign_in(
    hass: HomeAssistant, portal: RunningSewPortal, password: str = DEMO_PASSWORD
) -> ConfigFlowResult:
    return await sign_in_listed(hass, "dominion", portal.base_url, password=password)


def _target(result: ConfigFlowResult) -> dict[str, Any]:
    options = result["data_schema"].schema["target"].config["options"]
    return {"target": options[0]["value"]}


def _fail(
    portal: RunningSewPortal, path: str, fault: Fault = Fault.SERVER_ERROR
) -> None:
    portal.portal.inject(fault, path=path, times=1, methods=GIGYA_PATHS)


async def _expiring(
    portal: SewPortal,
    path: str,
    kinds: tuple[str, ...],
    step: Coroutine[Any, Any, ConfigFlowResult],
) -> ConfigFlowResult:
    """Take a flow step while Gigya's answer on a path is held and credentials expire."""
    held = portal.inject(
        Fault.DELAY, path=path, times=1, methods=GIGYA_PATHS, delay=0.2
    )

    async def expire() -> None:
        # The rule counts the requests it held; it has no event to wait on.
        while not held.hits:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        for kind in kinds:
            portal.expire_all_tokens(kind)

    expiry = asyncio.create_task(expire())
    result = await step
    await expiry
    return result


async def _code(hass: HomeAssistant, result: ConfigFlowResult) -> ConfigFlowResult:
    """Choose the phone and type the code it got."""
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _target(result)
    )
    assert result["step_id"] == "cx_code"
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"code": "246810"}
    )


async def _created(hass: HomeAssistant, portal: RunningSewPortal) -> ConfigEntry:
    """Make an entry through the flow with a code, then unload it."""
    result = await _code(hass, await _sign_in(hass, portal))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert await hass.config_entries.async_unload(entry.entry_id)
    return entry


async def test_wrong_password_and_locked_account(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    result = await _sign_in(hass, sew_portal, "wrong")
    assert result["errors"] == {"base": "invalid_auth"}
    sew_portal.portal.lock_account()
    result = await _sign_in(hass, sew_portal)
    assert result["errors"] == {"base": "account_locked"}


async def test_unreachable_sign_in(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    _fail(sew_portal, "*/accounts.login")
    result = await _sign_in(hass, sew_portal)
    assert result["errors"] == {"base": "cannot_connect"}


async def test_unexpected_refusal_offers_the_browser(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    cx_state(sew_portal.portal).switches.captcha = True
    result = await _sign_in(hass, sew_portal)
    assert result["step_id"] == "cx_tokens"
    _fail(sew_portal, "*/login/auth/refresh")
    access, refresh = browser_sign_in(sew_portal.portal)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"access_token": access, "refresh_token": refresh}
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_unknown_refusal_offers_the_browser(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """A refusal the client does not know leads to the browser's way, not an error."""
    cx_state(sew_portal.portal).switches.login_refusal = 206001
    result = await _sign_in(hass, sew_portal)
    assert result["step_id"] == "cx_tokens"
    assert not result["errors"]


async def test_code_steps_failures(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    _fail(sew_portal, "*/accounts.tfa.getProviders")
    result = await _sign_in(hass, sew_portal)
    assert result["step_id"] == "cx_target"
    assert result["errors"] == {"base": "cannot_connect"}
    result = await _sign_in(hass, sew_portal)
    _fail(sew_portal, "*/accounts.tfa.phone.sendVerificationCode")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _target(result)
    )
    assert result["errors"] == {"base": "code_not_sent"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _target(result)
    )
    assert result["step_id"] == "cx_code"
    _fail(sew_portal, "*/accounts.tfa.phone.completeVerification")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"code": "246810"}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    _fail(sew_portal, "*/UsermanagementAPI/api/1/Login/auth")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"code": "246810"}
    )
    assert result["step_id"] == "cx_code"
    assert result["errors"] == {"base": "cannot_connect"}


async def test_no_target(hass: HomeAssistant, sew_portal: RunningSewPortal) -> None:
    _fail(sew_portal, "*/accounts.tfa.getProviders", Fault.WRONG_SHAPE)
    result = await _sign_in(hass, sew_portal)
    assert result["errors"] == {"base": "cannot_connect"}


async def test_sign_in_expires_before_a_target_is_found(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """The regToken runs out while the targets are listed: no phone or e-mail to offer."""
    result = await _expiring(
        sew_portal.portal,
        "*/accounts.tfa.initTFA",
        ("gigya-reg",),
        _sign_in(hass, sew_portal),
    )
    assert result["step_id"] == "cx_target"
    assert result["errors"] == {"base": "no_code_target"}


async def test_id_token_expires_before_the_exchange(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    """Gigya's id_token is a minute long: one that ran out is refused by the portal."""
    portal = sew_portal.portal
    result = await _sign_in(hass, sew_portal)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _target(result)
    )
    code = {"code": cx_state(portal).switches.tfa_code}
    result = await _expiring(
        portal,
        "*/accounts.getAccountInfo",
        ("gigya-login", "gigya-id"),
        hass.config_entries.flow.async_configure(result["flow_id"], code),
    )
    assert result["step_id"] == "cx_code"
    assert result["errors"] == {"base": "login_refused"}


async def test_checking_the_session_fails(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    result = await _sign_in(hass, sew_portal)
    sew_portal.portal.inject(
        Fault.SERVER_ERROR, path="*/GetBpNumber", times=2, methods=("GET",)
    )
    result = await _code(hass, result)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"


async def test_reauth_needs_no_code_on_a_trusted_device(
    hass: HomeAssistant, sew_portal: RunningSewPortal
) -> None:
    entry = await _created(hass, sew_portal)
    codes = cx_state(sew_portal.portal).counters.codes_sent
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_REAUTH, "entry_id": entry.entry_id},
        data=dict(entry.data),
    )
    assert result["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: DEMO_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert cx_state(sew_portal.portal).counters.codes_sent == codes
    assert entry.data[CONF_SESSION]["refresh_token"]


async def test_reconfigure(hass: HomeAssistant, sew_portal: RunningSewPortal) -> None:
    entry = await _created(hass, sew_portal)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    assert result["step_id"] == "reconfigure_listed"
    form = {"advanced": {CONF_PORTAL_URL: sew_portal.base_url}}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "wrong", **form}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: DEMO_PASSWORD, **form}
    )
    assert result["reason"] == "reconfigure_successful"


async def test_pasted_address_of_a_listed_gigya_utility(
    hass: HomeAssistant, sew_profile: str
) -> None:
    """Dominion's address under "another utility" points to the list (no request sent)."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "sew"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_UTILITY: "custom",
            CONF_USERNAME: DEMO_USERNAME,
            CONF_PASSWORD: DEMO_PASSWORD,
            "advanced": {},
        },
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"url": "https://prodsvc-dominioncip.smartcmobile.com/"}
    )
    assert result["errors"] == {"url": "choose_from_list"}
