"""Flavor E, SEW's CX REST services: sign-in, token refresh and each tenant's data calls.

The access token lives `expiresIn` minutes (30 at both tenants, DP const.py:35; AL3) and is
refreshed with the refresh token, which rotates both (DP README:53; AL4 70946447050); the
client refreshes a minute before expiry (AL1 client.py:169), because Alliant does not
revive an expired token (AL4). When the refresh is refused the client signs in again:
Alliant with the password (AL1/AL4 practice), Dominion at Gigya with the password and the
device cookies that spare it the second factor (DH/DN coordinator.py:142-205). A sign-in
that wants a second factor or a captcha is the user's to do (reauthentication).
"""

from __future__ import annotations

from dataclasses import replace
import zoneinfo

import aiohttp

from .cx_alliant import AlliantData
from .cx_dominion import DominionData
from .cx_gigya import GigyaSignIn, SignInStep, TwoFactorTarget
from .cx_tokens import bare_token, jwt_claims, refresh_due
from .cx_transport import CxTransport
from .errors import (
    InvalidCredentialsError,
    SessionExpiredError,
    SewAuthError,
    TwoFactorRequiredError,
)
from .flavor import Credentials, PortalContext
from .http import PortalHttp
from .layout import CxDialect, PortalLayout
from .locale import Locale
from .models import Account, BillSummary, Meter, Projection, UsageSeries
from .session import PortalSession
from .usage import UsageQuery


class CxApi:
    """The CX flavor's calls, for Alliant's or Dominion's dialect."""

    def __init__(self, context: PortalContext) -> None:
        """Set up the transport and the tenant's data calls."""
        self._context = context
        self._transport = CxTransport(context)
        self._gigya: GigyaSignIn | None = None
        self._data: AlliantData | DominionData
        if self._transport.dialect is CxDialect.DOMINION:
            self._gigya = GigyaSignIn(context.http, context.layout)
            self._data = DominionData(context, self._transport)
        else:
            self._data = AlliantData(context, self._transport)

    def adopt(self, session: PortalSession) -> None:
        """Take up a stored session: give the HTTP session its device cookies."""
        if self._gigya is not None:
            self._context.http.set_cookies(self._gigya.device_url, dict(session.device))

    def refresh_due(self, session: PortalSession) -> bool:
        """Tell whether the session's access token is to be refreshed first."""
        return refresh_due(session)

    async def refresh(self, session: PortalSession) -> PortalSession:
        """Rotate the tokens; SessionExpiredError when the refresh token is refused."""
        return await self._transport.refresh(session)

    async def login(self) -> PortalSession:
        """Sign in again with the stored password."""
        credentials = self._context.credentials
        if self._gigya is None:
            return await self._transport.sign_in(
                credentials.username, credentials.password or ""
            )
        if not credentials.password:
            raise SewAuthError(
                "Dominion no longer accepts the tokens copied from the browser: "
                "sign in again"
            )
        step = await self._gigya.start(credentials.username, credentials.password)
        if step.id_token is None:
            raise TwoFactorRequiredError(
                "Dominion asks for a code sent by text message or e-mail: sign in again"
            )
        try:
            session = await self._transport.exchange(step.id_token)
        except SessionExpiredError as err:
            raise SewAuthError(f"Dominion refused the sign-in: {err}") from err
        device = self._context.http.cookies(self._gigya.device_url)
        return replace(session, device=tuple(sorted(device.items())))

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the login's accounts, the default one first."""
        return await self._data.accounts(session)

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Return an account's electric meters."""
        return await self._data.meters(session, account)

    async def usage(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Return one usage series."""
        return await self._data.usage(session, account, meter, query)

    async def projection(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Projection:
        """Return the running period's block."""
        return await self._data.projection(session, account, meter)

    async def bills(self, session: PortalSession, account: Account) -> BillSummary:
        """Return the current bill and the history."""
        return await self._data.bills(session, account)


class CxSignIn:
    """A CX sign-in done step by step, as the config flow asks for each part.

    Alliant: the password. Dominion: Gigya, a code when the device is new, then the
    exchange; or the tokens a browser sign-in left, checked by one refresh (DP auth-helper,
    __main__.py:447-547), whose rotated pair is the one kept.
    """

    def __init__(
        self, http: aiohttp.ClientSession, layout: PortalLayout, timeout: float = 30
    ) -> None:
        """Keep an HTTP session (one keeping cookies for Dominion) and the layout."""
        self._http = PortalHttp(http, timeout)
        context = PortalContext(
            self._http, layout, Locale(), Credentials(""), zoneinfo.ZoneInfo("UTC")
        )
        self._transport = CxTransport(context)
        self._gigya = GigyaSignIn(self._http, layout)

    def adopt(self, session: PortalSession | None) -> None:
        """Give the sign-in the device cookies a stored session kept (no code then)."""
        if session is not None:
            self._http.set_cookies(self._gigya.device_url, dict(session.device))

    async def password(self, username: str, password: str) -> PortalSession:
        """Sign in with a password (Alliant)."""
        return await self._transport.sign_in(username, password)

    async def start(self, username: str, password: str) -> SignInStep:
        """Sign in at Gigya (Dominion): an id_token, or a second factor pending."""
        return await self._gigya.start(username, password)

    async def targets(self, reg_token: str) -> list[TwoFactorTarget]:
        """Return where a code can be sent."""
        return await self._gigya.targets(reg_token)

    async def send_code(self, reg_token: str, target: TwoFactorTarget) -> str:
        """Send a code; return the token its check needs."""
        return await self._gigya.send_code(reg_token, target)

    async def verify(
        self, reg_token: str, target: TwoFactorTarget, phv_token: str, code: str
    ) -> str:
        """Check the code; return the id_token of the completed sign-in."""
        return await self._gigya.verify(reg_token, target, phv_token, code)

    async def exchange(self, id_token: str) -> PortalSession:
        """Exchange Gigya's id_token; the session keeps the device's cookies."""
        try:
            session = await self._transport.exchange(id_token)
        except SessionExpiredError as err:
            raise SewAuthError(f"Dominion refused the sign-in: {err}") from err
        device = self._http.cookies(self._gigya.device_url)
        return replace(session, device=tuple(sorted(device.items())))

    async def tokens(self, access: str, refresh: str) -> PortalSession:
        """Check tokens copied from a browser by one refresh; return the rotated pair."""
        access, refresh = bare_token(access), bare_token(refresh)
        user = jwt_claims(access).get("Uuid")
        if not access or not refresh or not isinstance(user, str):
            raise InvalidCredentialsError("This is not an access token of the portal")
        pasted = PortalSession(user, access, (), refresh, None)
        try:
            return await self._transport.refresh(pasted)
        except SessionExpiredError as err:
            raise InvalidCredentialsError(
                f"The portal refused the copied tokens: {err}"
            ) from err
