"""Config flow steps bringing a utility login up to date: a new password, a new portal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
import probatio

from .config_flow_base import PASSWORD_SELECTOR, SECTION_ADVANCED
from .config_flow_sew import SewConfigFlowSteps
from .config_flow_sew_forms import SewLogin, portal_url_section, reconfigure_sew_schema
from .const import CONF_PORTAL_URL, CONF_UTILITY
from .sew import KNOWN_UTILITIES
from .sew_entry import entry_layout, stored_session


class SewReauthSteps(SewConfigFlowSteps):
    """The steps re-authenticating and reconfiguring a utility login."""

    async def _async_reauth_sew(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start reauthentication of a utility login."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the utility login's new password."""
        errors: dict[str, str] = {}
        entry = self._get_reauth_entry()
        if user_input is not None:
            self._credentials = {
                CONF_USERNAME: entry.data[CONF_USERNAME],
                CONF_PASSWORD: user_input[CONF_PASSWORD],
            }
            login = SewLogin(
                entry_layout(entry.data),
                entry.title,
                entry.data.get(CONF_UTILITY),
                entry.data.get(CONF_PORTAL_URL),
            )
            errors, result = await self._async_sign_in(
                login, stored_session(entry.data)
            )
            if result is not None:
                return result
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=probatio.Schema(
                {probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR}
            ),
            description_placeholders={CONF_USERNAME: entry.data[CONF_USERNAME]},
            errors=errors,
        )

    async def _async_reconfigure_sew(self) -> ConfigFlowResult:
        """Change where a utility login's requests go: a listed one's, or any portal."""
        if CONF_UTILITY in self._get_reconfigure_entry().data:
            return await self.async_step_reconfigure_listed()
        return await self.async_step_reconfigure_sew()

    async def async_step_reconfigure_listed(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask where a listed utility's requests go, and the password."""
        entry = self._get_reconfigure_entry()
        utility = entry.data[CONF_UTILITY]
        errors: dict[str, str] = {}
        if user_input is not None:
            self._credentials = {
                CONF_USERNAME: entry.data[CONF_USERNAME],
                CONF_PASSWORD: user_input[CONF_PASSWORD],
            }
            portal_url = user_input.get(SECTION_ADVANCED, {}).get(CONF_PORTAL_URL)
            errors, result = await self._async_listed_sign_in(
                utility, portal_url, stored_session(entry.data)
            )
            if result is not None:
                return result
        return self.async_show_form(
            step_id="reconfigure_listed",
            data_schema=probatio.Schema(
                {
                    probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
                    probatio.Required(SECTION_ADVANCED): portal_url_section(
                        entry.data.get(CONF_PORTAL_URL)
                    ),
                }
            ),
            description_placeholders={"utility": KNOWN_UTILITIES[utility].name},
            errors=errors,
        )

    async def async_step_reconfigure_sew(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the utility portal's URL and the password."""
        entry = self._get_reconfigure_entry()
        if user_input is not None:
            self._credentials = {
                CONF_USERNAME: entry.data[CONF_USERNAME],
                CONF_PASSWORD: user_input[CONF_PASSWORD],
            }
            return await self.async_step_sew_custom({CONF_URL: user_input[CONF_URL]})
        return self.async_show_form(
            step_id="reconfigure_sew",
            data_schema=self.add_suggested_values_to_schema(
                reconfigure_sew_schema(),
                {CONF_URL: entry_layout(entry.data).login_root},
            ),
        )
