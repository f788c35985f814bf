"""Build the protocol clients from a config entry's data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import (
    CONF_BASE_URL,
    CONF_COUNTRY,
    CONF_ENCRYPTION,
    CONF_FLAVOR,
    CONF_GATEWAY_URL,
    CONF_LANGUAGE,
    CONF_LAYOUT,
    CONF_PASSWORD_SHA256,
    CONF_REFRESH_TOKEN,
    CONF_UTILITY,
)
from .sew import (
    KNOWN_UTILITIES,
    Encryption,
    Flavor,
    MobileDialect,
    PortalLayout,
    SewClient,
)
from .thinq import ThinQClient


def portal_of(data: Mapping[str, Any]) -> PortalLayout:
    """Return the layout of the portal a utility entry logs in to.

    Entries made before layouts were stored name a base URL and a flavor: the JSON API at
    its evidence layout, the mobile flavor in the seed's dialect.
    """
    if CONF_LAYOUT in data:
        return PortalLayout.from_dict(data[CONF_LAYOUT])
    base_url = data[CONF_BASE_URL]
    if Flavor(data[CONF_FLAVOR]) is Flavor.MOBILE:
        service = f"{base_url}/PortalService"
        encryption = Encryption(data.get(CONF_ENCRYPTION) or Encryption.KEY_IV)
        return PortalLayout(
            Flavor.MOBILE, service, service, MobileDialect.SEED, encryption
        )
    return PortalLayout(Flavor.JSON_API, f"{base_url}/API", f"{base_url}/Service")


def sew_client(hass: HomeAssistant, data: Mapping[str, Any]) -> SewClient:
    """Return a client for a utility entry, on Home Assistant's shared session."""
    utility = KNOWN_UTILITIES.get(data.get(CONF_UTILITY) or "")
    return SewClient(
        async_get_clientsession(hass),
        portal_of(data),
        data[CONF_USERNAME],
        password=data.get(CONF_PASSWORD),
        password_sha256=data.get(CONF_PASSWORD_SHA256),
        locale=utility.locale if utility else None,
        time_zone=hass.config.time_zone,
    )


def thinq_client(
    hass: HomeAssistant,
    data: Mapping[str, Any],
    model_info_cache: dict[str, Any] | None = None,
) -> ThinQClient:
    """Return a client for an LG ThinQ entry, on Home Assistant's shared session."""
    return ThinQClient(
        async_get_clientsession(hass),
        refresh_token=data[CONF_REFRESH_TOKEN],
        gateway_url=data[CONF_GATEWAY_URL],
        country=data[CONF_COUNTRY],
        language=data[CONF_LANGUAGE],
        model_info_cache=model_info_cache,
    )


def meter_choices(entry: ConfigEntry) -> dict[str, str]:
    """Return the meters a loaded utility entry knows, keyed as the options store them."""
    if entry.state is not ConfigEntryState.LOADED:
        return {}
    choices: dict[str, str] = entry.runtime_data.meter_choices()
    return choices
