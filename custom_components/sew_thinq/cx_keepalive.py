"""Keep a CX login's tokens alive between the utility's visits.

CX access tokens live 30 minutes and Alliant does not refresh an expired one (AL4
70946447050 `Refresh`: "does not revive a session whose access token has already
expired ... so most scheduled pulls sign in with the kept password"); Dominion's refresh
token "expires about once a day" when left alone (DN CLAUDE.md:124-126). Visits come
hours apart, so the token is refreshed on its own schedule, a few minutes before it
expires, and the portal sees one sign-in, then refreshes only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.event import async_track_time_interval

from .const import DOMAIN, LOGGER
from .sew import Flavor, SewAuthError, SewClient, SewError
from .sew_entry import entry_layout

CHECK_INTERVAL = timedelta(minutes=5)
# Refresh when the token would not outlive the next check and a minute more.
HORIZON = CHECK_INTERVAL + timedelta(minutes=1)


def async_keep_alive(
    hass: HomeAssistant, entry: ConfigEntry, client: SewClient
) -> None:
    """Refresh a CX entry's token before it expires, until the entry unloads."""
    if entry_layout(entry.data).flavor is not Flavor.CX:
        return

    async def refresh(now: datetime) -> None:
        try:
            await client.keep_alive(HORIZON)
        except SewAuthError as err:
            LOGGER.debug("The utility refused to renew the sign-in: %s", err)
            entry.async_start_reauth(hass)
        except SewError as err:
            LOGGER.debug("Could not renew the utility sign-in: %s", err)

    entry.async_on_unload(
        async_track_time_interval(
            hass, refresh, CHECK_INTERVAL, name=f"{DOMAIN} token refresh"
        )
    )
