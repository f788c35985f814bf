"""A utility entry's stored data, and the client made from it.

Version 2 of the data: `kind`, `layout` (where the tenant's services live and the dialect
they speak), `username`, the password (the mobile flavor keeps only its SHA-256 digest),
`utility` (a catalogue key) when chosen from the list, `session` (the last session the
portal opened, so a restart needs no login) and, for entries made before version 2,
`account_key` "account_number": their devices and sensors are keyed by account number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import aiohttp
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import (
    async_create_clientsession,
    async_get_clientsession,
)

from .const import (
    ACCOUNT_KEY_NUMBER,
    CONF_ACCOUNT_KEY,
    CONF_BASE_URL,
    CONF_ENCRYPTION,
    CONF_FLAVOR,
    CONF_KIND,
    CONF_LAYOUT,
    CONF_PASSWORD_SHA256,
    CONF_SESSION,
    CONF_UTILITY,
    KIND_SEW,
    LOGGER,
)
from .sew import (
    KNOWN_UTILITIES,
    Account,
    CxDialect,
    Encryption,
    Flavor,
    MobileDialect,
    PortalLayout,
    PortalSession,
    SewClient,
    Utility,
)
from .sew.layout import json_api_layout, mobile_layout

if TYPE_CHECKING:
    from .runtime import SewThinqConfigEntry

LEGACY_KEYS = (CONF_BASE_URL, CONF_FLAVOR, CONF_ENCRYPTION)
COOKIE_FLAVORS = frozenset({Flavor.WIDGET_API, Flavor.WEB_PORTAL})


def legacy_layout(data: Mapping[str, Any]) -> PortalLayout:
    """Return the layout of a version 1 entry.

    Those named a base URL and a flavor: the mobile flavor in the seed's dialect under
    `PortalService`, the JSON API at its evidence layout (`/API` + `/Service`).
    """
    if CONF_LAYOUT in data:
        return PortalLayout.from_dict(data[CONF_LAYOUT])
    base_url = data[CONF_BASE_URL]
    if Flavor(data[CONF_FLAVOR]) is Flavor.MOBILE:
        encryption = Encryption(data.get(CONF_ENCRYPTION) or Encryption.KEY_IV)
        return mobile_layout(
            f"{base_url}/PortalService", MobileDialect.SEED, encryption
        )
    return json_api_layout(base_url)


def migrated_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return version 1 data as version 2: the layout stored, account keys kept."""
    migrated = {key: value for key, value in data.items() if key not in LEGACY_KEYS}
    migrated[CONF_LAYOUT] = legacy_layout(data).as_dict()
    migrated[CONF_ACCOUNT_KEY] = ACCOUNT_KEY_NUMBER
    return migrated


def title_without_login(title: str, data: Mapping[str, Any]) -> str:
    """Return a title made before 2.2 without the login it named: "<utility> (<login>)"."""
    suffix = f" ({data.get(CONF_USERNAME)})"
    if data.get(CONF_KIND) == KIND_SEW and title.endswith(suffix):
        return title.removesuffix(suffix)
    return title


def entry_layout(data: Mapping[str, Any]) -> PortalLayout:
    """Return where a utility entry's services live."""
    return PortalLayout.from_dict(data[CONF_LAYOUT])


def entry_utility(data: Mapping[str, Any]) -> Utility | None:
    """Return the catalogue entry a utility entry was chosen from, if any."""
    return KNOWN_UTILITIES.get(data.get(CONF_UTILITY) or "")


def entry_currency(hass: HomeAssistant, data: Mapping[str, Any]) -> str:
    """Return the currency the utility bills in: the catalogue's, else Home Assistant's."""
    utility = entry_utility(data)
    if utility is not None and utility.locale.currency:
        return utility.locale.currency
    return hass.config.currency


def account_key(data: Mapping[str, Any]) -> Callable[[Account], str]:
    """Return what names an account in device identifiers, unique ids and options.

    A contract: its `UtilityAccountNumber`, since contracts of one login may share an
    `AccountNumber` (P4 b247/iHidroGo main.go:280-304; P2 cnecrea/hidroelectrica
    api.py:444-456). Entries made before version 2 keep the account number they used.
    """
    if data.get(CONF_ACCOUNT_KEY) == ACCOUNT_KEY_NUMBER:
        return lambda account: account.account_number
    return lambda account: account.utility_account_number


def portal_http(
    hass: HomeAssistant, layout: PortalLayout, *, lasting: bool
) -> tuple[aiohttp.ClientSession, bool]:
    """Return the HTTP session a tenant needs, and whether the caller must detach it.

    The WidgetAPI flavor signs in on the utility's web site, the web portal flavor keeps
    its session in a cookie, and Dominion signs in at its Gigya service (whose device
    cookies spare a second factor): they need cookies, kept apart from every other
    integration's (cookies of a host given by its IP address too).
    A `lasting` session, made while an entry is set up, is detached when it unloads.
    """
    if layout.flavor not in COOKIE_FLAVORS and layout.cx_dialect is not (
        CxDialect.DOMINION
    ):
        return async_get_clientsession(hass), False
    jar = aiohttp.CookieJar(unsafe=True)
    session = async_create_clientsession(hass, auto_cleanup=lasting, cookie_jar=jar)
    return session, not lasting


def stored_session(data: Mapping[str, Any]) -> PortalSession | None:
    """Return the session a utility entry kept, if it is still readable."""
    if (stored := data.get(CONF_SESSION)) is None:
        return None
    try:
        return PortalSession.from_dict(stored)
    except ValueError as err:
        LOGGER.debug("The stored utility session is not usable: %s", err)
        return None


def sew_client(
    hass: HomeAssistant,
    data: Mapping[str, Any],
    http: aiohttp.ClientSession,
    *,
    on_session: Callable[[PortalSession], None] | None = None,
) -> SewClient:
    """Return a client for a utility login, with the session it kept."""
    utility = entry_utility(data)
    return SewClient(
        http,
        entry_layout(data),
        data[CONF_USERNAME],
        password=data.get(CONF_PASSWORD),
        password_sha256=data.get(CONF_PASSWORD_SHA256),
        locale=utility.locale if utility else None,
        session=stored_session(data),
        time_zone=hass.config.time_zone,
        on_session=on_session,
    )


def entry_client(hass: HomeAssistant, entry: SewThinqConfigEntry) -> SewClient:
    """Return the client of a loaded utility entry; new sessions are stored in it."""
    http, _ = portal_http(hass, entry_layout(entry.data), lasting=True)

    def store(session: PortalSession) -> None:
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_SESSION: session.as_dict()}
        )

    return sew_client(hass, entry.data, http, on_session=store)
