"""Config flow for the SEW Utility & LG ThinQ integration."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DOMAIN


class SewThinqConfigFlow(ConfigFlow, domain=DOMAIN):
    """Handle a config flow for SEW Utility & LG ThinQ."""

    VERSION = 1

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Handle a flow started by the user."""
        return self.async_abort(reason="not_ready")
