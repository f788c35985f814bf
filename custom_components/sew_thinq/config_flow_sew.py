"""Config flow steps of a utility login: the utility, its portal and the password."""

from __future__ import annotations

from typing import Any, override

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import probatio

from .config_flow_base import SECTION_ADVANCED, URL_SELECTOR, SewThinqFlowBase
from .config_flow_cx import CxConfigFlowSteps, signs_in_at_gigya
from .config_flow_sew_forms import (
    AUTH_ERRORS,
    SewLogin,
    auth_error,
    is_web_address,
    reconfigure_sew_schema,
    sew_entry_data,
    sew_schema,
    sew_unique_id,
)
from .const import CONF_PORTAL_URL, CONF_UTILITY, LOGGER, UTILITY_CUSTOM
from .sew import (
    KNOWN_UTILITIES,
    NotSewPortalError,
    PortalLayout,
    PortalSession,
    SewAuthError,
    SewError,
    discover_portal,
)
from .sew_entry import portal_http, sew_client


class SewConfigFlowSteps(CxConfigFlowSteps, SewThinqFlowBase):
    """The steps adding, re-authenticating and reconfiguring a utility login."""

    def __init__(self) -> None:
        """Start with no login given yet."""
        super().__init__()
        self._credentials: dict[str, str] = {}
        self._session: PortalSession | None = None
        self._custom_url: str | None = None

    async def async_step_sew(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the utility and the portal credentials."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._credentials = {
                CONF_USERNAME: user_input[CONF_USERNAME],
                CONF_PASSWORD: user_input[CONF_PASSWORD],
            }
            utility = user_input[CONF_UTILITY]
            if utility == UTILITY_CUSTOM:
                # Back from a refused password: the address given before is tried again.
                url = self._custom_url
                return await self.async_step_sew_custom(
                    None if url is None else {CONF_URL: url}
                )
            portal_url = user_input.get(SECTION_ADVANCED, {}).get(CONF_PORTAL_URL)
            if not KNOWN_UTILITIES[utility].verified and not portal_url:
                # No public client confirms how it speaks: discovery finds out.
                return await self.async_step_sew_custom(
                    {CONF_URL: KNOWN_UTILITIES[utility].layout.login_root}
                )
            errors, result = await self._async_listed_sign_in(utility, portal_url)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="sew",
            data_schema=self.add_suggested_values_to_schema(sew_schema(), user_input),
            errors=errors,
        )

    def _password_again(self, url: str, errors: dict[str, str]) -> ConfigFlowResult:
        """Show the refused login again on the step that has the password field."""
        self._custom_url = url
        self._session = None
        if self.source == SOURCE_RECONFIGURE:
            return self.async_show_form(
                step_id="reconfigure_sew",
                data_schema=self.add_suggested_values_to_schema(
                    reconfigure_sew_schema(), {CONF_URL: url}
                ),
                errors=errors,
            )
        return self.async_show_form(
            step_id="sew",
            data_schema=self.add_suggested_values_to_schema(
                sew_schema(),
                {
                    CONF_UTILITY: UTILITY_CUSTOM,
                    CONF_USERNAME: self._credentials[CONF_USERNAME],
                },
            ),
            errors=errors,
        )

    async def async_step_sew_custom(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for any URL of the utility's portal; the rest is derived from it."""
        errors: dict[str, str] = {}
        if user_input is not None and not is_web_address(user_input[CONF_URL]):
            errors[CONF_URL] = "not_a_url"
        elif user_input is not None:
            try:
                discovery = await discover_portal(
                    async_get_clientsession(self.hass),
                    user_input[CONF_URL],
                    username=self._credentials[CONF_USERNAME],
                    password=self._credentials[CONF_PASSWORD],
                )
            except SewAuthError as err:
                LOGGER.debug("The portal found refused the login: %s", err)
                errors["base"] = auth_error(err)
            except NotSewPortalError as err:
                LOGGER.debug("No SEW portal found at the given URL: %s", err)
                errors[CONF_URL] = "not_sew_portal"
            except SewError as err:
                LOGGER.debug("Cannot reach the given URL: %s", err)
                errors[CONF_URL] = "cannot_connect"
            except Exception:  # noqa: BLE001
                LOGGER.exception("Unexpected error while probing the portal")
                errors["base"] = "unknown"
            else:
                portal = discovery.layout
                self._session = discovery.session
                if signs_in_at_gigya(portal):
                    # Its sign-in takes steps of its own, which the list's entry has.
                    errors, user_id = {CONF_URL: "choose_from_list"}, ""
                else:
                    errors, user_id = await self._async_sew_login(portal)
                if not errors:
                    utility = discovery.utility
                    return await self._async_finish_sew(
                        SewLogin(
                            portal,
                            utility.name if utility else portal.host,
                            utility.key if utility else None,
                        ),
                        user_id,
                    )
            if errors.get("base") in AUTH_ERRORS:
                return self._password_again(user_input[CONF_URL], errors)
        return self.async_show_form(
            step_id="sew_custom",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema({probatio.Required(CONF_URL): URL_SELECTOR}),
                user_input,
            ),
            errors=errors,
        )

    async def _async_listed_sign_in(
        self, utility: str, portal_url: str | None, stored: PortalSession | None = None
    ) -> tuple[dict[str, str], ConfigFlowResult | None]:
        """Sign in to a listed utility, moved to the address given instead, if any."""
        layout = KNOWN_UTILITIES[utility].layout
        try:
            portal = layout.rebased(portal_url) if portal_url else layout
        except ValueError:
            return {"base": "invalid_url"}, None
        login = SewLogin(portal, KNOWN_UTILITIES[utility].name, utility, portal_url)
        return await self._async_sign_in(login, stored)

    async def _async_sign_in(
        self, login: SewLogin, stored: PortalSession | None = None
    ) -> tuple[dict[str, str], ConfigFlowResult | None]:
        """Sign in, at Gigya step by step or at once; return form errors or the result."""
        if signs_in_at_gigya(login.portal):
            self._cx_state()["finish"] = login
            return await self._async_cx_start(login.portal, stored)
        errors, user_id = await self._async_sew_login(login.portal)
        if errors:
            return errors, None
        return {}, await self._async_finish_sew(login, user_id)

    async def _async_sew_login(
        self, portal: PortalLayout
    ) -> tuple[dict[str, str], str]:
        """Log in (unless discovery did) and list the accounts.

        Return the form errors and the user id; the session is kept for the entry, so
        setting it up needs no second login.
        """
        data = sew_entry_data(portal, self._credentials, self._session, None, None)
        if self._session is None:
            data[CONF_PASSWORD] = self._credentials[CONF_PASSWORD]
        http, owned = portal_http(self.hass, portal, lasting=False)
        client = sew_client(self.hass, data, http)
        try:
            await client.get_accounts()
        except SewAuthError as err:
            LOGGER.debug("Utility login rejected: %s", err)
            return {"base": auth_error(err)}, ""
        except SewError as err:
            LOGGER.debug("Cannot reach the utility portal: %s", err)
            return {"base": "cannot_connect"}, ""
        except Exception:  # noqa: BLE001
            LOGGER.exception("Unexpected error while logging in to the utility")
            return {"base": "unknown"}, ""
        finally:
            self._session = client.session
            if owned:
                http.detach()
        assert client.user_id is not None
        return {}, client.user_id

    @override
    async def _async_cx_finish(self) -> ConfigFlowResult:
        """Check a Gigya sign-in's session and finish the entry with it."""
        login: SewLogin = self._cx_state()["finish"]
        errors, user_id = await self._async_sew_login(login.portal)
        if errors:
            return self.async_abort(reason=errors["base"])
        return await self._async_finish_sew(login, user_id)

    async def _async_finish_sew(
        self, login: SewLogin, user_id: str
    ) -> ConfigFlowResult:
        """Create, re-authenticate or reconfigure the utility entry."""
        return await self._async_finish(
            sew_unique_id(login.portal, user_id),
            login.title,
            sew_entry_data(
                login.portal,
                self._credentials,
                self._session,
                login.utility,
                login.portal_url,
            ),
        )
