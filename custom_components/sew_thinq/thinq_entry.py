"""An LG ThinQ entry's stored data, and the client made from it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import CONF_COUNTRY, CONF_GATEWAY_URL, CONF_LANGUAGE, CONF_REFRESH_TOKEN
from .thinq import Gateway, ThinQClient, discover_gateway


def thinq_client(hass: HomeAssistant, data: Mapping[str, Any]) -> ThinQClient:
    """Return a client for an LG ThinQ entry, on Home Assistant's shared session."""
    return ThinQClient(
        async_get_clientsession(hass),
        refresh_token=data[CONF_REFRESH_TOKEN],
        gateway_url=data[CONF_GATEWAY_URL],
        country=data[CONF_COUNTRY],
        language=data[CONF_LANGUAGE],
    )


async def thinq_gateway(hass: HomeAssistant, data: Mapping[str, Any]) -> Gateway:
    """Find the gateway of an LG ThinQ entry's region, on Home Assistant's shared session."""
    return await discover_gateway(
        async_get_clientsession(hass),
        gateway_url=data[CONF_GATEWAY_URL],
        country=data[CONF_COUNTRY],
        language=data[CONF_LANGUAGE],
    )
