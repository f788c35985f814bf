"""Config flow steps of an LG ThinQ account: its region, then LG's sign-in page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import probatio

from .config_flow_base import URL_SELECTOR, SewThinqFlowBase
from .config_flow_thinq_forms import (
    THINQ_REGION_KEYS,
    default_region,
    thinq_entry_data,
    thinq_region,
    thinq_region_schema,
)
from .const import (
    CONF_CALLBACK_URL,
    CONF_COUNTRY,
    CONF_KIND,
    CONF_REFRESH_TOKEN,
    KIND_THINQ,
    LOGGER,
)
from .thinq import (
    Gateway,
    ThinQAuthError,
    ThinQError,
    ThinQSignInError,
    ThinQTermsError,
    ThinQThirdPartyError,
    complete_sign_in,
    login_url,
    parse_sign_in,
)
from .thinq_entry import thinq_client, thinq_gateway

# The unique id of the flow an LG appliance on the network starts, until it signs in to
# an account: never an account's id (LG user numbers), so it cannot collide with one.
THINQ_DISCOVERY_ID = "lg_thinq_appliance_discovered"
THINQ_SIGN_IN_STEPS = frozenset({"thinq", "thinq_auth"})


def _failure(err: Exception, doing: str) -> str:
    """Log why LG refused or could not be reached; return the form error it stands for."""
    if isinstance(err, ThinQAuthError):
        LOGGER.debug("LG rejected the sign-in: %s", err)
        return "invalid_auth"
    if isinstance(err, ThinQError):
        LOGGER.debug("Cannot reach LG ThinQ: %s", err)
        return "cannot_connect"
    LOGGER.exception("Unexpected error while %s", doing)
    return "unknown"


class ThinQConfigFlowSteps(SewThinqFlowBase):
    """The steps adding, re-authenticating and reconfiguring an LG ThinQ account."""

    def __init__(self) -> None:
        """Start with no region chosen yet."""
        super().__init__()
        self._thinq_region: dict[str, str] = {}
        self._gateway: Gateway | None = None

    async def async_step_dhcp(
        self, discovery_info: DhcpServiceInfo
    ) -> ConfigFlowResult:
        """Offer the LG sign-in when an LG appliance joins the network.

        What is found is an appliance, not the account it belongs to: one such flow at a
        time, and none while an LG account is configured or being signed in to.
        """
        if any(
            entry.data.get(CONF_KIND) == KIND_THINQ
            for entry in self._async_current_entries(include_ignore=False)
        ):
            return self.async_abort(reason="already_configured")
        await self.async_set_unique_id(THINQ_DISCOVERY_ID)
        self._abort_if_unique_id_configured()
        if any(
            flow.get("step_id") in THINQ_SIGN_IN_STEPS
            for flow in self._async_in_progress()
        ):
            return self.async_abort(reason="already_in_progress")
        self.context["title_placeholders"] = {
            "name": f"LG ThinQ ({discovery_info.hostname or discovery_info.ip})"
        }
        return await self.async_step_thinq()

    async def async_step_thinq(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the LG account's country and language."""
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = await self._async_discover_gateway(thinq_region(user_input))
            if not errors:
                return await self.async_step_thinq_auth()
        defaults = default_region(self.hass.config.language, self.hass.config.country)
        return self.async_show_form(
            step_id="thinq",
            data_schema=self.add_suggested_values_to_schema(
                thinq_region_schema(defaults), user_input
            ),
            errors=errors,
        )

    async def _async_discover_gateway(
        self, region: Mapping[str, str]
    ) -> dict[str, str]:
        """Find the account region's gateway; return the form errors."""
        try:
            self._gateway = await thinq_gateway(self.hass, region)
        except ThinQError as err:
            LOGGER.debug("Cannot reach the ThinQ gateway: %s", err)
            return {"base": "cannot_connect"}
        except Exception:  # noqa: BLE001
            LOGGER.exception("Unexpected error while discovering the ThinQ gateway")
            return {"base": "unknown"}
        self._thinq_region = {key: region[key] for key in THINQ_REGION_KEYS}
        return {}

    async def async_step_thinq_auth(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the sign-in link of the account's country; take the address it ends on."""
        assert self._gateway is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            errors, account_id, refresh_token = await self._async_thinq_sign_in(
                user_input[CONF_CALLBACK_URL]
            )
            if account_id is not None and refresh_token is not None:
                return await self._async_finish_thinq(account_id, refresh_token)
        return self.async_show_form(
            step_id="thinq_auth",
            data_schema=probatio.Schema(
                {probatio.Required(CONF_CALLBACK_URL): URL_SELECTOR}
            ),
            description_placeholders={"login_url": login_url(self._gateway)},
            errors=errors,
        )

    async def _async_thinq_sign_in(
        self, pasted: str
    ) -> tuple[dict[str, str], str | None, str | None]:
        """Finish the browser sign-in; return the errors, account id and refresh token."""
        assert self._gateway is not None
        try:
            sign_in = parse_sign_in(pasted)
        except ThinQSignInError:
            return {CONF_CALLBACK_URL: "invalid_callback_url"}, None, None
        try:
            refresh_token = await complete_sign_in(
                async_get_clientsession(self.hass), self._gateway, sign_in
            )
        except ThinQThirdPartyError as err:
            LOGGER.debug("LG did not complete a third-party sign-in: %s", err)
            return {"base": "third_party_unsupported"}, None, None
        except Exception as err:  # noqa: BLE001
            return {"base": _failure(err, "signing in to LG ThinQ")}, None, None
        errors, account_id = await self._async_thinq_connect(refresh_token)
        return errors, account_id, refresh_token

    async def _async_thinq_connect(
        self, refresh_token: str
    ) -> tuple[dict[str, str], str | None]:
        """Refresh the token and list the appliances; return the errors and account id."""
        client = thinq_client(
            self.hass, thinq_entry_data(self._thinq_region, refresh_token)
        )
        try:
            await client.connect()
            await client.get_appliances()
        except ThinQTermsError:
            return {"base": "terms_not_accepted"}, None
        except Exception as err:  # noqa: BLE001
            return {"base": _failure(err, "connecting to LG ThinQ")}, None
        return {}, client.account_id

    async def _async_finish_thinq(
        self, account_id: str, refresh_token: str
    ) -> ConfigFlowResult:
        """Create, re-authenticate or reconfigure the ThinQ entry."""
        # An LG account is configured (now, or already): an appliance's offer is moot.
        for flow in self._async_in_progress(
            match_context={"unique_id": THINQ_DISCOVERY_ID}
        ):
            self.hass.config_entries.flow.async_abort(flow["flow_id"])
        return await self._async_finish(
            account_id,
            f"LG ThinQ ({self._thinq_region[CONF_COUNTRY]})",
            thinq_entry_data(self._thinq_region, refresh_token),
        )

    # Reauthentication and reconfiguration.

    async def async_step_reconfigure_thinq(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the LG account's new region; the stored sign-in is checked there."""
        entry = self._get_reconfigure_entry()
        refresh_token: str = entry.data[CONF_REFRESH_TOKEN]
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = await self._async_discover_gateway(thinq_region(user_input))
            if not errors:
                errors, account_id = await self._async_thinq_connect(refresh_token)
                if account_id is not None:
                    return await self._async_finish_thinq(account_id, refresh_token)
        return self.async_show_form(
            step_id="reconfigure_thinq",
            data_schema=thinq_region_schema(entry.data),
            errors=errors,
        )

    async def _async_reauth_thinq(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start reauthentication of an LG account: its region's sign-in page."""
        errors = await self._async_discover_gateway(entry_data)
        if errors:
            return self.async_abort(reason=errors["base"])
        return await self.async_step_thinq_auth()
