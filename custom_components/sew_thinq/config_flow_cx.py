"""Config flow steps of CX tenants that sign in at Gigya (Dominion).

The e-mail and password go to Gigya; a device it does not know gets a code by text message
or e-mail (the target chosen here, then the code typed), after which the device is trusted
and later sign-ins need no code (DP gigya_auth.py; DH config_flow.py:105-282). Where Gigya
wants a captcha, which only a browser can show, the user signs in with a browser once and
copies the two tokens, as dompower's auth-helper explains (dompower __main__.py:447-547).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

import aiohttp
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_create_clientsession
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from .const import LOGGER
from .sew import (
    AccountLockedError,
    CaptchaRequiredError,
    CxDialect,
    CxSignIn,
    InvalidCodeError,
    InvalidCredentialsError,
    PortalLayout,
    PortalSession,
    SewAuthError,
    SewError,
    TwoFactorTarget,
)

CONF_TARGET = "target"
CONF_CODE = "code"
CONF_ACCESS_TOKEN = "access_token"  # noqa: S105 - a field name
CONF_REFRESH_TOKEN = "refresh_token"  # noqa: S105 - a field name
# Where the captcha's way round starts: dompower's README and auth-helper.
BROWSER_LOGIN = "https://login.dominionenergy.com/CommonLogin?SelectedAppName=Electric"
SECRET_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))


def signs_in_at_gigya(portal: PortalLayout) -> bool:
    """Tell whether a tenant's sign-in is Gigya's, step by step in this flow."""
    return portal.cx_dialect is CxDialect.DOMINION


class CxConfigFlowSteps(ConfigFlow):
    """The steps of a Gigya sign-in; the flow finishes the entry with the session."""

    _credentials: dict[str, str]
    _session: PortalSession | None

    def _cx_state(self) -> dict[str, Any]:
        """Return the sign-in under way: what each step hands the next."""
        state: dict[str, Any] = self.__dict__.setdefault("_cx", {})
        return state

    @abstractmethod
    async def _async_cx_finish(self) -> ConfigFlowResult:
        """Check the session and create or update the entry."""

    def _cx_sign_in(self, portal: PortalLayout) -> CxSignIn:
        """Return the sign-in of this flow, over an HTTP session keeping its cookies."""
        state = self._cx_state()
        if "sign_in" not in state:
            http = async_create_clientsession(
                self.hass,
                auto_cleanup=False,
                cookie_jar=aiohttp.CookieJar(unsafe=True),
            )
            state["http"] = http
            state["sign_in"] = CxSignIn(http, portal)
        state["portal"] = portal
        sign_in: CxSignIn = state["sign_in"]
        return sign_in

    @callback
    def async_remove(self) -> None:
        """Let go of the sign-in's HTTP session."""
        if (http := self._cx_state().get("http")) is not None:
            http.detach()

    async def _async_cx_start(
        self, portal: PortalLayout, stored: PortalSession | None = None
    ) -> tuple[dict[str, str], ConfigFlowResult | None]:
        """Sign in at Gigya with the credentials; return form errors or the next step."""
        sign_in = self._cx_sign_in(portal)
        sign_in.adopt(stored)
        try:
            step = await sign_in.start(
                self._credentials[CONF_USERNAME], self._credentials[CONF_PASSWORD]
            )
        except InvalidCredentialsError:
            return {"base": "invalid_auth"}, None
        except AccountLockedError:
            return {"base": "account_locked"}, None
        except CaptchaRequiredError as err:
            LOGGER.debug("Dominion's sign-in asks for a captcha: %s", err)
            return {}, await self.async_step_cx_tokens()
        except SewAuthError as err:
            # Any other refusal: the browser's way round still works (cx.md section 13).
            LOGGER.debug("Dominion refused the sign-in: %s", err)
            return {}, await self.async_step_cx_tokens()
        except SewError as err:
            LOGGER.debug("Cannot reach Dominion's sign-in: %s", err)
            return {"base": "cannot_connect"}, None
        if step.id_token is not None:
            return await self._async_cx_exchange(step.id_token)
        assert step.reg_token is not None
        self._cx_state()["reg_token"] = step.reg_token
        return {}, await self.async_step_cx_target()

    async def _async_cx_exchange(
        self, id_token: str
    ) -> tuple[dict[str, str], ConfigFlowResult | None]:
        """Exchange Gigya's token for the portal's and finish."""
        try:
            self._session = await self._cx_state()["sign_in"].exchange(id_token)
        except SewAuthError as err:
            LOGGER.debug("Dominion refused the exchange: %s", err)
            return {"base": "login_refused"}, None
        except SewError as err:
            LOGGER.debug("Cannot reach Dominion: %s", err)
            return {"base": "cannot_connect"}, None
        return {}, await self._async_cx_finish()

    async def _async_cx_targets(self) -> dict[str, str]:
        """Find where a code can go; return the form errors."""
        state = self._cx_state()
        try:
            targets: list[TwoFactorTarget] = await state["sign_in"].targets(
                state["reg_token"]
            )
        except SewError as err:
            LOGGER.debug("Cannot list the second factor's targets: %s", err)
            return {"base": "cannot_connect"}
        if not targets:
            return {"base": "no_code_target"}
        state["targets"] = {f"{t.kind}:{t.target_id}": t for t in targets}
        return {}

    async def async_step_cx_target(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask where Dominion sends the code; send it."""
        state = self._cx_state()
        errors: dict[str, str] = {}
        if user_input is not None:
            target: TwoFactorTarget = state["targets"][user_input[CONF_TARGET]]
            try:
                state["phv_token"] = await state["sign_in"].send_code(
                    state["reg_token"], target
                )
            except SewError as err:
                LOGGER.debug("Dominion did not send the code: %s", err)
                errors["base"] = "code_not_sent"
            else:
                state["target"] = target
                return await self.async_step_cx_code()
        elif "targets" not in state:
            errors = await self._async_cx_targets()
        if "invalid_code" in state:
            errors = {"base": state.pop("invalid_code")}
        options = [
            SelectOptionDict(value=key, label=f"{t.kind}: {t.shown}")
            for key, t in state.get("targets", {}).items()
        ]
        return self.async_show_form(
            step_id="cx_target",
            data_schema=probatio.Schema(
                {
                    probatio.Required(
                        CONF_TARGET, default=options[0]["value"] if options else ""
                    ): SelectSelector(
                        SelectSelectorConfig(
                            options=options, mode=SelectSelectorMode.LIST
                        )
                    )
                }
            ),
            errors=errors,
        )

    async def async_step_cx_code(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the code; a wrong or late one asks where to send a new one."""
        state = self._cx_state()
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                id_token = await state["sign_in"].verify(
                    state["reg_token"],
                    state["target"],
                    state["phv_token"],
                    user_input[CONF_CODE],
                )
            except InvalidCodeError as err:
                LOGGER.debug("Dominion refused the code: %s", err)
                state["invalid_code"] = "invalid_code"
                del state["targets"]
                return await self.async_step_cx_target()
            except SewError as err:
                LOGGER.debug("Cannot check the code: %s", err)
                errors["base"] = "cannot_connect"
            else:
                errors, result = await self._async_cx_exchange(id_token)
                if result is not None:
                    return result
        target: TwoFactorTarget = state["target"]
        return self.async_show_form(
            step_id="cx_code",
            data_schema=probatio.Schema({probatio.Required(CONF_CODE): TextSelector()}),
            description_placeholders={"target": target.shown},
            errors=errors,
        )

    async def async_step_cx_tokens(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Say how to copy the tokens of a browser sign-in; take and check them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                self._session = await self._cx_state()["sign_in"].tokens(
                    user_input[CONF_ACCESS_TOKEN], user_input[CONF_REFRESH_TOKEN]
                )
            except InvalidCredentialsError as err:
                LOGGER.debug("The copied tokens are refused: %s", err)
                errors["base"] = "invalid_tokens"
            except SewError as err:
                LOGGER.debug("Cannot check the copied tokens: %s", err)
                errors["base"] = "cannot_connect"
            else:
                return await self._async_cx_finish()
        return self.async_show_form(
            step_id="cx_tokens",
            data_schema=probatio.Schema(
                {
                    probatio.Required(CONF_ACCESS_TOKEN): SECRET_SELECTOR,
                    probatio.Required(CONF_REFRESH_TOKEN): SECRET_SELECTOR,
                }
            ),
            description_placeholders={"login_url": BROWSER_LOGIN},
            errors=errors,
        )
