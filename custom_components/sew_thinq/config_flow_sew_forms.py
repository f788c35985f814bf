"""The utility login's forms, form errors and entry data, for the config flow's steps."""

from __future__ import annotations

from collections.abc import Mapping
import re
from typing import Any, NamedTuple

from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
from homeassistant.util.network import is_ip_address
import probatio
from yarl import URL

from .config_flow_base import (
    PASSWORD_SELECTOR,
    SECTION_ADVANCED,
    URL_SELECTOR,
    USERNAME_SELECTOR,
)
from .const import (
    CONF_KIND,
    CONF_LAYOUT,
    CONF_PASSWORD_SHA256,
    CONF_PORTAL_URL,
    CONF_SESSION,
    CONF_UTILITY,
    KIND_SEW,
)
from .sew import (
    AccountLockedError,
    Flavor,
    InvalidCredentialsError,
    MigratedAccountError,
    PortalLayout,
    PortalSession,
    SewAuthError,
    TwoFactorRequiredError,
    hash_password,
)
from .utility_choices import utility_options

AUTH_ERRORS = frozenset(
    {"invalid_auth", "account_locked", "two_factor_required", "login_refused"}
)
HOST_NAME = re.compile(r"^([a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63}$", re.IGNORECASE)


class SewLogin(NamedTuple):
    """Where a utility login signs in, and what its entry is called and keeps."""

    portal: PortalLayout
    title: str
    utility: str | None = None
    portal_url: str | None = None


def sew_unique_id(portal: PortalLayout, user_id: str) -> str:
    """Return the unique id of a utility login: the portal's host and the user id."""
    return f"{portal.host}_{user_id}".lower()


def sew_entry_data(
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


def is_web_address(text: str) -> bool:
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


def auth_error(err: SewAuthError) -> str:
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


def sew_schema() -> probatio.Schema:
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
            probatio.Required(SECTION_ADVANCED): portal_url_section(),
        }
    )


def reconfigure_sew_schema() -> probatio.Schema:
    """Return the schema asking for a found portal's new address and the password."""
    return probatio.Schema(
        {
            probatio.Required(CONF_URL): URL_SELECTOR,
            probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
        }
    )


def portal_url_section(suggested: str | None = None) -> section:
    """Return the collapsed section overriding where a listed utility's requests go."""
    key = (
        probatio.Optional(CONF_PORTAL_URL)
        if suggested is None
        else probatio.Optional(
            CONF_PORTAL_URL, description={"suggested_value": suggested}
        )
    )
    return section(probatio.Schema({key: URL_SELECTOR}), {"collapsed": True})
