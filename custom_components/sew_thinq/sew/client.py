"""The async client of one login on one SEW tenant, whatever its flavor."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
import logging
import zoneinfo

import aiohttp

from .cx_api import CxApi
from .errors import SessionExpiredError, SewAuthError
from .flavor import Credentials, PortalApi, PortalContext, TokenApi
from .http import PortalHttp
from .json_api import JsonApi
from .layout import Flavor, PortalLayout
from .locale import Locale
from .mobile import MobileApi
from .models import (
    Account,
    BillSummary,
    Meter,
    MeterType,
    Projection,
    Resolution,
    UsageSeries,
)
from .session import PortalSession
from .timezones import resolve_time_zone
from .usage import UsageQuery
from .web_portal import WebPortalApi
from .widget_api import WidgetApi

_LOGGER = logging.getLogger(__name__)

_FLAVORS: dict[Flavor, Callable[[PortalContext], PortalApi]] = {
    Flavor.JSON_API: JsonApi,
    Flavor.WIDGET_API: WidgetApi,
    Flavor.MOBILE: MobileApi,
    Flavor.WEB_PORTAL: WebPortalApi,
    Flavor.CX: CxApi,
}
# Flavors whose only list of accounts, with the time zone each is in, is the login's answer
# (the web portal's rows carry `TimeZoneId`/`TimeZoneName`, docs/sew-protocol.md section 4;
# the mobile flavor's are unverified). The portal may move an account to another zone:
# accounts stated longer ago than this are read again by a new login, which the daily visit
# needs anyway where the token lives less than a day.
_LOGIN_LISTS_ACCOUNTS = (Flavor.MOBILE, Flavor.WEB_PORTAL)
ACCOUNTS_MAX_AGE = timedelta(hours=12)


class SewClient:
    """Talk to one login of one SEW tenant.

    The client logs in on first use unless it is given a stored session, keeps the session
    until the portal ends it, then logs in again once and repeats the call; concurrent calls
    that find the session ended share one new login (P2 cnecrea/hidroelectrica
    api.py:319-401). Each new session is handed to `on_session`, for storage.

    The WidgetAPI flavor signs in on the utility's own web site, the web portal flavor
    lives in an ASP.NET cookie session and Dominion (CX) signs in at Gigya, so their HTTP
    session must keep cookies and be the client's own. CX sessions carry an access token
    that expires: it is refreshed before it does, or when the portal refuses it, and only
    a refused refresh leads to a new login.
    """

    def __init__(
        self,
        http: aiohttp.ClientSession,
        layout: PortalLayout,
        username: str,
        *,
        password: str | None = None,
        password_sha256: str | None = None,
        locale: Locale | None = None,
        session: PortalSession | None = None,
        time_zone: str = "UTC",
        request_timeout: float = 30,
        on_session: Callable[[PortalSession], None] | None = None,
    ) -> None:
        """Set up the client; only the mobile flavor can log in with the password's digest."""
        # A CX login may hold only the tokens a browser sign-in gave (Dominion's captcha).
        if layout.flavor not in (Flavor.MOBILE, Flavor.CX) and password is None:
            raise ValueError(f"The {layout.flavor} flavor needs the plain password")
        if (
            password is None
            and password_sha256 is None
            and layout.flavor is not Flavor.CX
        ):
            raise ValueError("A password or its SHA-256 digest is required")
        locale = locale or Locale()
        zone = locale.zone() or resolve_time_zone(time_zone) or zoneinfo.ZoneInfo("UTC")
        self._http = PortalHttp(http, request_timeout)
        context = PortalContext(
            self._http,
            layout,
            locale,
            Credentials(username, password, password_sha256),
            zone,
        )
        self._api = _FLAVORS[layout.flavor](context)
        self._layout = layout
        self._session = session
        # A stored session's accounts count as stated when the client starts: a restart
        # needs no login.
        self._accounts_stated_at = datetime.now(UTC) if session is not None else None
        self._on_session = on_session
        self._lock = asyncio.Lock()
        self.login_count = 0
        self.refresh_count = 0
        if session is not None and isinstance(self._api, TokenApi):
            self._api.adopt(session)

    @property
    def layout(self) -> PortalLayout:
        """Return where the tenant's services live."""
        return self._layout

    @property
    def offers_bills(self) -> bool:
        """Tell whether the tenant's services hand out bills (NB Power's WidgetAPI does not)."""
        return self._layout.flavor is not Flavor.WIDGET_API

    @property
    def session(self) -> PortalSession | None:
        """Return the current session, for storage; None before the first login."""
        return self._session

    @property
    def user_id(self) -> str | None:
        """Return the portal's id of the user, known after login."""
        return self._session.user_id if self._session else None

    @property
    def request_count(self) -> int:
        """Return how many HTTP requests the client has made."""
        return self._http.request_count

    async def login(self) -> None:
        """Log in now, replacing any session held."""
        async with self._lock:
            await self._login()

    async def _login(self) -> PortalSession:
        _LOGGER.debug("Logging in to %s", self._layout.host)
        self.login_count += 1
        session = await self._api.login()
        self._session = session
        self._accounts_stated_at = datetime.now(UTC)
        if self._on_session is not None:
            self._on_session(session)
        return session

    async def _current(self, ended: PortalSession | None = None) -> PortalSession:
        """Return the session, logging in when there is none or it is the one that `ended`.

        A session whose token is (about to be) dead is refreshed first, where the flavor
        can.
        """
        async with self._lock:
            session = self._session
            if session is None:
                return await self._login()
            if session is ended or self._refresh_due(session):
                return await self._refresh(session) or await self._login()
            return session

    def _refresh_due(self, session: PortalSession) -> bool:
        return isinstance(self._api, TokenApi) and self._api.refresh_due(session)

    async def _refresh(self, session: PortalSession) -> PortalSession | None:
        """Return the session with fresh tokens; None where it cannot be refreshed."""
        if not isinstance(self._api, TokenApi) or session.refresh_token is None:
            return None
        try:
            renewed = await self._api.refresh(session)
        except SessionExpiredError as err:
            _LOGGER.debug("%s refused the refresh: %s", self._layout.host, err)
            return None
        self.refresh_count += 1
        self._session = renewed
        if self._on_session is not None:
            self._on_session(renewed)
        return renewed

    async def keep_alive(self, horizon: timedelta) -> None:
        """Refresh the session now when its token would not outlive `horizon`.

        A token that expires between two visits is worth refreshing ahead: Alliant does
        not revive an expired one (AL4 70946447050), so the next visit would need a new
        login.
        """
        async with self._lock:
            session = self._session
            if session is None or session.expires_at is None:
                return
            if datetime.now(UTC) + horizon < session.expires_at:
                return
            if await self._refresh(session) is None:
                await self._login()

    async def _call[T](self, call: Callable[[PortalSession], Awaitable[T]]) -> T:
        """Run a call; when the portal ends the session, log in again once and repeat it."""
        session = await self._current()
        try:
            return await call(session)
        except SessionExpiredError:
            _LOGGER.debug("%s ended the session; logging in again", self._layout.host)
        session = await self._current(ended=session)
        try:
            return await call(session)
        except SessionExpiredError as err:
            raise SewAuthError(f"The portal refused a fresh login: {err}") from err

    async def get_accounts(self) -> list[Account]:
        """Return every account (contract) of the login, the default one first.

        Where only the login lists them, accounts stated more than `ACCOUNTS_MAX_AGE` ago
        are read again by a new login, so that a time zone the portal changed is learnt.
        """
        if self._layout.flavor in _LOGIN_LISTS_ACCOUNTS:
            async with self._lock:
                stated = self._accounts_stated_at
                if stated is None or datetime.now(UTC) - stated >= ACCOUNTS_MAX_AGE:
                    await self._login()
        return await self._call(self._api.accounts)

    async def get_meters(self, account: Account) -> list[Meter]:
        """Return every meter of an account."""
        return await self._call(lambda session: self._api.meters(session, account))

    async def get_usage(
        self, account: Account, meter: Meter, resolution: Resolution, day: date
    ) -> UsageSeries:
        """Return a meter's usage.

        BILLING: the billing cycles up to `day`; DAY: the portal's window of days around
        `day` (see `UsageSeries.days`); HOUR and QUARTER_HOUR: exactly `day`. An empty
        answer is a status, never readings of zero.
        """
        return await self._series(account, meter, resolution, day, generation=False)

    async def get_generation(
        self, account: Account, meter: Meter, resolution: Resolution, day: date
    ) -> UsageSeries:
        """Return a solar or net-metered meter's generation, like `get_usage`."""
        return await self._series(account, meter, resolution, day, generation=True)

    async def _series(
        self,
        account: Account,
        meter: Meter,
        resolution: Resolution,
        day: date,
        *,
        generation: bool,
    ) -> UsageSeries:
        generation = generation or meter.meter_type is MeterType.SOLAR
        query = UsageQuery(
            resolution,
            day,
            generation=generation,
            net=meter.net_metered and not generation,
        )
        return await self._call(
            lambda session: self._api.usage(session, account, meter, query)
        )

    async def get_projection(self, account: Account, meter: Meter) -> Projection:
        """Return usage and cost so far this cycle and what the cycle is projected to be."""
        return await self._call(
            lambda session: self._api.projection(session, account, meter)
        )

    async def get_bills(self, account: Account) -> BillSummary:
        """Return the amount due, due date, balance, the last bills and payments."""
        return await self._call(lambda session: self._api.bills(session, account))
