"""An LG ThinQ entry's stored data, and the client made from it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import (
    CONF_COUNTRY,
    CONF_GATEWAY_URL,
    CONF_KIND,
    CONF_LANGUAGE,
    CONF_REFRESH_TOKEN,
    KIND_THINQ,
)
from .thinq import ThinQClient


def thinq_client(hass: HomeAssistant, data: Mapping[str, Any]) -> ThinQClient:
    """Return a client for an LG ThinQ entry, on Home Assistant's shared session."""
    return ThinQClient(
        async_get_clientsession(hass),
        refresh_token=data[CONF_REFRESH_TOKEN],
        gateway_url=data[CONF_GATEWAY_URL],
        country=data[CONF_COUNTRY],
        language=data[CONF_LANGUAGE],
    )


def thinq_entry_data(region: Mapping[str, str], refresh_token: str) -> dict[str, Any]:
    """Return the config entry data of an LG account signed in to in a region."""
    return {CONF_KIND: KIND_THINQ, **region, CONF_REFRESH_TOKEN: refresh_token}
