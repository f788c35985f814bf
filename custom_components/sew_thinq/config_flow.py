"""Config flow for the SEW Utility & LG ThinQ integration.

The menu picks the service; each service's steps live in their own module, and an entry
being re-authenticated or reconfigured goes to the steps of the service it belongs to.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, override

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.core import callback

from .config_flow_sew_reauth import SewReauthSteps
from .config_flow_thinq import ThinQConfigFlowSteps
from .const import CONF_KIND, DOMAIN, KIND_SEW, KIND_THINQ
from .options_flow import SewThinqOptionsFlow
from .runtime import SewThinqConfigEntry


class SewThinqConfigFlow(SewReauthSteps, ThinQConfigFlowSteps, domain=DOMAIN):
    """Handle a config flow for SEW Utility & LG ThinQ."""

    VERSION = 2
    MINOR_VERSION = 2

    @staticmethod
    @callback
    @override
    def async_get_options_flow(
        config_entry: SewThinqConfigEntry,
    ) -> SewThinqOptionsFlow:
        """Return the options flow."""
        return SewThinqOptionsFlow()

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user choose between a utility account and an LG ThinQ account."""
        return self.async_show_menu(step_id="user", menu_options=[KIND_SEW, KIND_THINQ])

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start reauthentication of a utility login or an LG account."""
        reauth: dict[
            str, Callable[[Mapping[str, Any]], Awaitable[ConfigFlowResult]]
        ] = {
            KIND_SEW: self._async_reauth_sew,
            KIND_THINQ: self._async_reauth_thinq,
        }
        return await reauth[entry_data[CONF_KIND]](entry_data)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change a utility login's portal or an LG account's region."""
        reconfigure: dict[str, Callable[[], Awaitable[ConfigFlowResult]]] = {
            KIND_SEW: self._async_reconfigure_sew,
            KIND_THINQ: self.async_step_reconfigure_thinq,
        }
        return await reconfigure[self._get_reconfigure_entry().data[CONF_KIND]]()
