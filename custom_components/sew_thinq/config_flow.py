"""Config flow for the SEW Utility & LG ThinQ integration."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
import re
from typing import Any, override

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    CountrySelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.util.network import is_ip_address
import probatio
from yarl import URL

from .config_flow_cx import CxConfigFlowSteps, signs_in_at_gigya
from .const import (
    CONF_CALLBACK_URL,
    CONF_COUNTRY,
    CONF_GATEWAY_URL,
    CONF_HISTORY_DAYS,
    CONF_IGNORED_METERS,
    CONF_KIND,
    CONF_LANGUAGE,
    CONF_LAYOUT,
    CONF_METERS,
    CONF_PASSWORD_SHA256,
    CONF_PORTAL_URL,
    CONF_REFRESH_TOKEN,
    CONF_REQUEST_RATE,
    CONF_SESSION,
    CONF_SEW_SCAN_INTERVAL,
    CONF_THINQ_SCAN_INTERVAL,
    CONF_UTILITY,
    CONF_WINDOW_DAYS,
    DEFAULT_HISTORY_DAYS,
    DEFAULT_REQUEST_RATE,
    DEFAULT_SEW_SCAN_INTERVAL,
    DEFAULT_THINQ_SCAN_INTERVAL,
    DEFAULT_WINDOW_DAYS,
    DOMAIN,
    KIND_SEW,
    KIND_THINQ,
    LOGGER,
    MAX_HISTORY_DAYS,
    MAX_REQUEST_RATE,
    MAX_SEW_SCAN_INTERVAL,
    MAX_THINQ_SCAN_INTERVAL,
    MAX_WINDOW_DAYS,
    MIN_HISTORY_DAYS,
    MIN_REQUEST_RATE,
    MIN_SEW_SCAN_INTERVAL,
    MIN_THINQ_SCAN_INTERVAL,
    MIN_WINDOW_DAYS,
    UTILITY_CUSTOM,
)
from .runtime import SewThinqConfigEntry
from .sew import (
    KNOWN_UTILITIES,
    AccountLockedError,
    Flavor,
    InvalidCredentialsError,
    MigratedAccountError,
    NotSewPortalError,
    PortalLayout,
    PortalSession,
    SewAuthError,
    SewError,
    TwoFactorRequiredError,
    discover_portal,
    hash_password,
)
from .sew_entry import entry_layout, portal_http, sew_client, stored_session
from .sew_runtime import meter_choices
from .thinq import (
    DEFAULT_GATEWAY_URL,
    Gateway,
    ThinQAuthError,
    ThinQClient,
    ThinQError,
    ThinQSignInError,
    ThinQTermsError,
    ThinQThirdPartyError,
    complete_sign_in,
    discover_gateway,
    login_url,
    parse_sign_in,
)
from .utility_choices import utility_options

SECTION_ADVANCED = "advanced"
# The unique id of the flow an LG appliance on the network starts, until it signs in to
# an account: never an account's id (LG user numbers), so it cannot collide with one.
THINQ_DISCOVERY_ID = "lg_thinq_appliance_discovered"
THINQ_SIGN_IN_STEPS = frozenset({"thinq", "thinq_auth"})
THINQ_REGION_KEYS = (CONF_COUNTRY, CONF_LANGUAGE, CONF_GATEWAY_URL)
THINQ_LANGUAGES = [
    "en-US", "en-GB", "en-AU", "en-CA", "de-DE", "fr-FR", "es-ES", "es-US",
    "it-IT", "nl-NL", "pt-PT", "pt-BR", "sv-SE", "pl-PL", "ko-KR", "ja-JP",
]  # fmt: skip

PASSWORD_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="current-password")
)
USERNAME_SELECTOR = TextSelector(TextSelectorConfig(autocomplete="username"))
URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))


def _sew_unique_id(portal: PortalLayout, user_id: str) -> str:
    """Return the unique id of a utility login: the portal's host and the user id."""
    return f"{portal.host}_{user_id}".lower()


def _sew_entry_data(
    portal: PortalLayout,
    credentials: Mapping[str, str],
    session: PortalSession | None,
    utility: str | None,
    portal_url: str | None,
) -> dict[str, Any]:
    """Return the config entry data of a utility login; mobile keeps only a digest."""
    data: dict[str, Any] = {
        CONF_KIND: KIND_SEW,
        CONF_LAYOUT: portal.as_dict(),
        CONF_USERNAME: credentials[CONF_USERNAME],
    }
    if portal.flavor is Flavor.MOBILE:
        data[CONF_PASSWORD_SHA256] = hash_password(credentials[CONF_PASSWORD])
    else:
        data[CONF_PASSWORD] = credentials[CONF_PASSWORD]
    if utility is not None:
        data[CONF_UTILITY] = utility
    if portal_url:
        data[CONF_PORTAL_URL] = portal_url
    if session is not None:
        data[CONF_SESSION] = session.as_dict()
    return data


AUTH_ERRORS = frozenset(
    {"invalid_auth", "account_locked", "two_factor_required", "login_refused"}
)
HOST_NAME = re.compile(r"^([a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63}$", re.IGNORECASE)


def _is_web_address(text: str) -> bool:
    """Tell whether a pasted text can be a web address ("my utility" cannot)."""
    text = text.strip()
    try:
        url = URL(text if "://" in text else f"https://{text}")
    except ValueError:
        return False
    host = url.host or ""
    if url.scheme not in {"http", "https"}:
        return False
    if is_ip_address(host):
        return True
    return bool(HOST_NAME.match(host)) and ("." in host or host == "localhost")


def _auth_error(err: SewAuthError) -> str:
    """Return the form error a refused login stands for."""
    if isinstance(err, InvalidCredentialsError):
        return "invalid_auth"
    if isinstance(err, AccountLockedError):
        return "account_locked"
    if isinstance(err, TwoFactorRequiredError):
        return "two_factor_required"
    if isinstance(err, MigratedAccountError):
        return "migrated_account"
    return "login_refused"


def _sew_schema() -> probatio.Schema:
    """Return the schema asking for the utility and the login."""
    return probatio.Schema(
        {
            probatio.Required(CONF_UTILITY): SelectSelector(
                SelectSelectorConfig(
                    options=utility_options(),
                    mode=SelectSelectorMode.DROPDOWN,
                    translation_key=CONF_UTILITY,
                    sort=False,
                )
            ),
            probatio.Required(CONF_USERNAME): USERNAME_SELECTOR,
            probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
            probatio.Required(SECTION_ADVANCED): _portal_url_section(),
        }
    )


def _reconfigure_sew_schema() -> probatio.Schema:
    """Return the schema asking for a found portal's new address and the password."""
    return probatio.Schema(
        {
            probatio.Required(CONF_URL): URL_SELECTOR,
            probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
        }
    )


def _portal_url_section(suggested: str | None = None) -> section:
    """Return the collapsed section overriding where a listed utility's requests go."""
    key = (
        probatio.Optional(CONF_PORTAL_URL)
        if suggested is None
        else probatio.Optional(
            CONF_PORTAL_URL, description={"suggested_value": suggested}
        )
    )
    return section(probatio.Schema({key: URL_SELECTOR}), {"collapsed": True})


def _thinq_region_schema(defaults: Mapping[str, Any]) -> probatio.Schema:
    """Return the schema asking for the ThinQ country, language and gateway."""
    return probatio.Schema(
        {
            probatio.Required(
                CONF_COUNTRY, default=defaults[CONF_COUNTRY]
            ): CountrySelector(),
            probatio.Required(
                CONF_LANGUAGE, default=defaults[CONF_LANGUAGE]
            ): SelectSelector(
                SelectSelectorConfig(
                    options=THINQ_LANGUAGES,
                    custom_value=True,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            ),
            probatio.Required(SECTION_ADVANCED): section(
                probatio.Schema(
                    {
                        probatio.Required(
                            CONF_GATEWAY_URL, default=defaults[CONF_GATEWAY_URL]
                        ): URL_SELECTOR
                    }
                ),
                {"collapsed": True},
            ),
        }
    )


def _thinq_region(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return the region the ThinQ form was filled with, as entry data keeps it."""
    return {
        CONF_COUNTRY: user_input[CONF_COUNTRY],
        CONF_LANGUAGE: user_input[CONF_LANGUAGE],
        CONF_GATEWAY_URL: user_input[SECTION_ADVANCED][CONF_GATEWAY_URL],
    }


class SewThinqConfigFlow(CxConfigFlowSteps, domain=DOMAIN):
    """Handle a config flow for SEW Utility & LG ThinQ."""

    VERSION = 2
    MINOR_VERSION = 2

    def __init__(self) -> None:
        """Initialize the flow."""
        self._credentials: dict[str, str] = {}
        self._session: PortalSession | None = None
        self._thinq_region: dict[str, str] = {}
        self._gateway: Gateway | None = None
        self._custom_url: str | None = None

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

    # Utility accounts.

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
            errors, portal = self._listed_portal(utility, portal_url)
            if portal is not None and signs_in_at_gigya(portal):
                self._cx_state()["finish"] = (
                    portal,
                    KNOWN_UTILITIES[utility].name,
                    utility,
                    portal_url,
                )
                errors, result = await self._async_cx_start(portal)
                if result is not None:
                    return result
            elif portal is not None:
                errors, user_id = await self._async_sew_login(portal)
                if not errors:
                    return await self._async_finish_sew(
                        portal,
                        user_id,
                        KNOWN_UTILITIES[utility].name,
                        utility,
                        portal_url,
                    )
        return self.async_show_form(
            step_id="sew",
            data_schema=self.add_suggested_values_to_schema(_sew_schema(), user_input),
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
                    _reconfigure_sew_schema(), {CONF_URL: url}
                ),
                errors=errors,
            )
        return self.async_show_form(
            step_id="sew",
            data_schema=self.add_suggested_values_to_schema(
                _sew_schema(),
                {
                    CONF_UTILITY: UTILITY_CUSTOM,
                    CONF_USERNAME: self._credentials[CONF_USERNAME],
                },
            ),
            errors=errors,
        )

    @staticmethod
    def _listed_portal(
        utility: str, portal_url: str | None
    ) -> tuple[dict[str, str], PortalLayout | None]:
        """Return a listed utility's layout, moved to the address given instead, if any."""
        layout = KNOWN_UTILITIES[utility].layout
        if not portal_url:
            return {}, layout
        try:
            return {}, layout.rebased(portal_url)
        except ValueError:
            return {"base": "invalid_url"}, None

    async def async_step_sew_custom(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for any URL of the utility's portal; the rest is derived from it."""
        errors: dict[str, str] = {}
        if user_input is not None and not _is_web_address(user_input[CONF_URL]):
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
                errors["base"] = _auth_error(err)
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
                        portal,
                        user_id,
                        utility.name if utility else portal.host,
                        utility.key if utility else None,
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

    async def _async_sew_login(
        self, portal: PortalLayout
    ) -> tuple[dict[str, str], str]:
        """Log in (unless discovery did) and list the accounts.

        Return the form errors and the user id; the session is kept for the entry, so
        setting it up needs no second login.
        """
        data = _sew_entry_data(portal, self._credentials, self._session, None, None)
        if self._session is None:
            data[CONF_PASSWORD] = self._credentials[CONF_PASSWORD]
        http, owned = portal_http(self.hass, portal, lasting=False)
        client = sew_client(self.hass, data, http)
        try:
            await client.get_accounts()
        except SewAuthError as err:
            LOGGER.debug("Utility login rejected: %s", err)
            return {"base": _auth_error(err)}, ""
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

    async def _async_cx_finish(self) -> ConfigFlowResult:
        """Check a Gigya sign-in's session and finish the entry with it."""
        portal, title, utility, portal_url = self._cx_state()["finish"]
        errors, user_id = await self._async_sew_login(portal)
        if errors:
            return self.async_abort(reason=errors["base"])
        return await self._async_finish_sew(portal, user_id, title, utility, portal_url)

    async def _async_finish_sew(
        self,
        portal: PortalLayout,
        user_id: str,
        title: str,
        utility: str | None = None,
        portal_url: str | None = None,
    ) -> ConfigFlowResult:
        """Create, re-authenticate or reconfigure the utility entry."""
        return await self._async_finish(
            _sew_unique_id(portal, user_id),
            title,
            _sew_entry_data(
                portal, self._credentials, self._session, utility, portal_url
            ),
        )

    async def _async_finish(
        self, unique_id: str, title: str, data: dict[str, Any]
    ) -> ConfigFlowResult:
        """Create the entry, or update the one being re-authenticated or reconfigured."""
        await self.async_set_unique_id(unique_id)
        if self.source in (SOURCE_REAUTH, SOURCE_RECONFIGURE):
            self._abort_if_unique_id_mismatch(reason="wrong_account")
            entry = (
                self._get_reauth_entry()
                if self.source == SOURCE_REAUTH
                else self._get_reconfigure_entry()
            )
            return self.async_update_reload_and_abort(entry, data=data)
        self._abort_if_unique_id_configured()
        return self.async_create_entry(title=title, data=data)

    # LG ThinQ accounts.

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
            errors = await self._async_discover_gateway(_thinq_region(user_input))
            if not errors:
                return await self.async_step_thinq_auth()
        language = self.hass.config.language
        country = self.hass.config.country or "US"
        defaults = {
            CONF_COUNTRY: country,
            CONF_LANGUAGE: language if "-" in language else f"{language}-{country}",
            CONF_GATEWAY_URL: DEFAULT_GATEWAY_URL,
        }
        return self.async_show_form(
            step_id="thinq",
            data_schema=self.add_suggested_values_to_schema(
                _thinq_region_schema(defaults), user_input
            ),
            errors=errors,
        )

    async def _async_discover_gateway(
        self, region: Mapping[str, str]
    ) -> dict[str, str]:
        """Find the account region's gateway; return the form errors."""
        try:
            self._gateway = await discover_gateway(
                async_get_clientsession(self.hass),
                gateway_url=region[CONF_GATEWAY_URL],
                country=region[CONF_COUNTRY],
                language=region[CONF_LANGUAGE],
            )
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
        except ThinQAuthError as err:
            LOGGER.debug("LG rejected the sign-in: %s", err)
            return {"base": "invalid_auth"}, None, None
        except ThinQError as err:
            LOGGER.debug("Cannot reach LG ThinQ: %s", err)
            return {"base": "cannot_connect"}, None, None
        except Exception:  # noqa: BLE001
            LOGGER.exception("Unexpected error while signing in to LG ThinQ")
            return {"base": "unknown"}, None, None
        errors, account_id = await self._async_thinq_connect(refresh_token)
        return errors, account_id, refresh_token

    async def _async_thinq_connect(
        self, refresh_token: str
    ) -> tuple[dict[str, str], str | None]:
        """Refresh the token and list the appliances; return the errors and account id."""
        client = ThinQClient(
            async_get_clientsession(self.hass),
            refresh_token=refresh_token,
            gateway_url=self._thinq_region[CONF_GATEWAY_URL],
            country=self._thinq_region[CONF_COUNTRY],
            language=self._thinq_region[CONF_LANGUAGE],
        )
        try:
            await client.connect()
            await client.get_appliances()
        except ThinQTermsError:
            return {"base": "terms_not_accepted"}, None
        except ThinQAuthError as err:
            LOGGER.debug("LG rejected the sign-in: %s", err)
            return {"base": "invalid_auth"}, None
        except ThinQError as err:
            LOGGER.debug("Cannot reach LG ThinQ: %s", err)
            return {"base": "cannot_connect"}, None
        except Exception:  # noqa: BLE001
            LOGGER.exception("Unexpected error while connecting to LG ThinQ")
            return {"base": "unknown"}, None
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
            {
                CONF_KIND: KIND_THINQ,
                **self._thinq_region,
                CONF_REFRESH_TOKEN: refresh_token,
            },
        )

    # Reauthentication and reconfiguration.

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start reauthentication of a utility login or an LG account."""
        if entry_data[CONF_KIND] == KIND_THINQ:
            errors = await self._async_discover_gateway(entry_data)
            if errors:
                return self.async_abort(reason=errors["base"])
            return await self.async_step_thinq_auth()
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the utility login's new password."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            portal = entry_layout(entry.data)
            self._credentials = {
                CONF_USERNAME: entry.data[CONF_USERNAME],
                CONF_PASSWORD: user_input[CONF_PASSWORD],
            }
            finish = (
                portal,
                entry.title,
                entry.data.get(CONF_UTILITY),
                entry.data.get(CONF_PORTAL_URL),
            )
            if signs_in_at_gigya(portal):
                self._cx_state()["finish"] = finish
                errors, result = await self._async_cx_start(
                    portal, stored_session(entry.data)
                )
                if result is not None:
                    return result
            else:
                errors, user_id = await self._async_sew_login(portal)
                if not errors:
                    return await self._async_finish_sew(portal, user_id, *finish[1:])
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=probatio.Schema(
                {probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR}
            ),
            description_placeholders={CONF_USERNAME: entry.data[CONF_USERNAME]},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change a utility login's portal or an LG account's region."""
        entry = self._get_reconfigure_entry()
        if entry.data[CONF_KIND] == KIND_THINQ:
            return await self.async_step_reconfigure_thinq()
        if CONF_UTILITY in entry.data:
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
            errors, portal = self._listed_portal(utility, portal_url)
            finish = (portal, KNOWN_UTILITIES[utility].name, utility, portal_url)
            if portal is not None and signs_in_at_gigya(portal):
                self._cx_state()["finish"] = finish
                errors, result = await self._async_cx_start(
                    portal, stored_session(entry.data)
                )
                if result is not None:
                    return result
            elif portal is not None:
                errors, user_id = await self._async_sew_login(portal)
                if not errors:
                    return await self._async_finish_sew(portal, user_id, *finish[1:])
        return self.async_show_form(
            step_id="reconfigure_listed",
            data_schema=probatio.Schema(
                {
                    probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
                    probatio.Required(SECTION_ADVANCED): _portal_url_section(
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
                _reconfigure_sew_schema(),
                {CONF_URL: entry_layout(entry.data).login_root},
            ),
        )

    async def async_step_reconfigure_thinq(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the LG account's new region; the stored sign-in is checked there."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = await self._async_discover_gateway(_thinq_region(user_input))
            if not errors:
                refresh_token = entry.data[CONF_REFRESH_TOKEN]
                errors, account_id = await self._async_thinq_connect(refresh_token)
                if account_id is not None:
                    return await self._async_finish_thinq(account_id, refresh_token)
        return self.async_show_form(
            step_id="reconfigure_thinq",
            data_schema=_thinq_region_schema(entry.data),
            errors=errors,
        )


class SewThinqOptionsFlow(OptionsFlowWithReload):
    """Polling intervals and, for utility logins, which meters to follow."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the options of the entry's kind."""
        if self.config_entry.data[CONF_KIND] == KIND_THINQ:
            return await self.async_step_thinq(user_input)
        return await self.async_step_sew(user_input)

    async def async_step_thinq(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how often the LG devices are polled."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        schema = probatio.Schema(
            {
                probatio.Required(
                    CONF_THINQ_SCAN_INTERVAL,
                    default=DEFAULT_THINQ_SCAN_INTERVAL.total_seconds(),
                ): _interval_selector(
                    MIN_THINQ_SCAN_INTERVAL, MAX_THINQ_SCAN_INTERVAL, "s"
                )
            }
        )
        return self.async_show_form(
            step_id="thinq",
            data_schema=self.add_suggested_values_to_schema(
                schema, self.config_entry.options
            ),
        )

    async def async_step_sew(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how often the utility is polled and which meters to follow."""
        meters = meter_choices(self.config_entry)
        ignored = set(self.config_entry.options.get(CONF_IGNORED_METERS, []))
        if user_input is not None:
            if meters:
                followed = set(user_input.pop(CONF_METERS, meters))
                ignored = set(meters) - followed
            # While the meters are unknown (the portal not reached yet) the ignored ones
            # stay as they were: the form had no field for them.
            user_input[CONF_IGNORED_METERS] = sorted(ignored)
            return self.async_create_entry(data=user_input)
        fields: dict[Any, Any] = {
            probatio.Required(
                CONF_SEW_SCAN_INTERVAL,
                default=DEFAULT_SEW_SCAN_INTERVAL.total_seconds() / 60,
            ): _interval_selector(MIN_SEW_SCAN_INTERVAL, MAX_SEW_SCAN_INTERVAL, "min"),
            probatio.Required(
                CONF_HISTORY_DAYS, default=DEFAULT_HISTORY_DAYS
            ): _number_selector(MIN_HISTORY_DAYS, MAX_HISTORY_DAYS, 1, "d"),
            probatio.Required(
                CONF_WINDOW_DAYS, default=DEFAULT_WINDOW_DAYS
            ): _number_selector(MIN_WINDOW_DAYS, MAX_WINDOW_DAYS, 1, "d"),
            probatio.Required(
                CONF_REQUEST_RATE, default=DEFAULT_REQUEST_RATE
            ): _number_selector(MIN_REQUEST_RATE, MAX_REQUEST_RATE, 0.1, "1/s"),
        }
        if meters:
            fields[
                probatio.Required(
                    CONF_METERS, default=[key for key in meters if key not in ignored]
                )
            ] = SelectSelector(
                SelectSelectorConfig(
                    options=[
                        SelectOptionDict(value=key, label=label)
                        for key, label in meters.items()
                    ],
                    multiple=True,
                    mode=SelectSelectorMode.LIST,
                )
            )
        return self.async_show_form(
            step_id="sew",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(fields), self.config_entry.options
            ),
        )


def _interval_selector(
    minimum: timedelta, maximum: timedelta, unit: str
) -> NumberSelector:
    """Return a number box for a polling interval in seconds or minutes."""
    scale = 60 if unit == "min" else 1
    return _number_selector(
        minimum.total_seconds() / scale, maximum.total_seconds() / scale, 1, unit
    )


def _number_selector(
    minimum: float, maximum: float, step: float, unit: str
) -> NumberSelector:
    """Return a number box."""
    return NumberSelector(
        NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=step,
            unit_of_measurement=unit,
            mode=NumberSelectorMode.BOX,
        )
    )
