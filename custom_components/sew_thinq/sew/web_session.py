"""The web portal's cookie session: page loads, page methods, login and contract switch.

The HTTP session must keep cookies (`ASP.NET_SessionId`) and be this client's alone. One
session serves one contract at a time: `Common.aspx/HandleAddressDropDownChange` switches
it for every later call (hidroelectrica api.py:195-207), so each account's calls run under
the lock, after switching to it. Sources: web_portal.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import logging
from typing import Any

from .accounts import meter_type, parse_accounts
from .errors import (
    EndpointNotFoundError,
    SessionExpiredError,
    SewAuthError,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
)
from .flavor import PortalContext
from .http import Answer
from .models import Account, Meter
from .session import PortalSession
from .values import Row, field, parse_id, parse_text
from .web_answers import CsrfRefusedError, checked, login_rows, unwrap
from .web_bodies import JSON_HEADERS, PAGE_HEADERS, login_body
from .web_pages import PageContract, PortalPage, read_page

# The dashboard each login row's `DashboardOption` names (ha-acwd acwd_api.py:93-99; SEW's
# script default.js:494-501); the plain one when the option is unknown.
DASHBOARDS = {
    "1": "Dashboard.aspx",
    "2": "DashboardCustom.aspx",
    "3": "DashboardCustom3_3.aspx",
}
# The page a fresh CSRF token is taken from before the usage calls (ha-acwd acwd_api.py
# :396-418; jsinnott/cpau session.py:284-290; PGW `_get_csrf_token`).
USAGE_PAGE = "Usages.aspx"
_LOGGER = logging.getLogger(__name__)


class WebSession:
    """One login's cookie session on a web portal and the contract it is switched to."""

    def __init__(self, context: PortalContext) -> None:
        """Keep the context; nothing is known of the portal's session yet."""
        self._context = context
        self._root = context.layout.login_root.rstrip("/")
        # Held by every call that depends on the current contract.
        self.lock = asyncio.Lock()
        self._session: PortalSession | None = None
        self._token: str | None = None
        self._address_ids: dict[str, str] = {}
        self._current: str | None = None
        # Which contract each meter number was answered for.
        self._owners: dict[str, str] = {}

    async def _get(self, page: str) -> tuple[PortalPage, Answer]:
        """Load a page (redirects followed); raise when it is not there."""
        answer = await self._context.http.request(
            "GET", f"{self._root}/{page}", headers=PAGE_HEADERS
        )
        if answer.status == 404:
            raise EndpointNotFoundError(f"The portal has no {answer.where} (HTTP 404)")
        if answer.status != 200:
            raise SewConnectionError(
                f"The portal answered {answer.where} with HTTP {answer.status}"
            )
        return read_page(answer.text), answer

    async def _post(
        self, method: str, body: Mapping[str, Any], token: str | None
    ) -> Any:
        """Call a page method; return its `d`."""
        headers = {**JSON_HEADERS, "Referer": f"{self._root}/", "isajax": "1"}
        if token:
            headers["csrftoken"] = token
        answer = await self._context.http.request(
            "POST", f"{self._root}/{method}", headers=headers, json_body=body
        )
        if answer.status in (401, 403):
            raise SessionExpiredError(
                f"The portal refused the session (HTTP {answer.status})"
            )
        return unwrap(answer)

    async def invoke(
        self, method: str, body: Mapping[str, Any], *, null_ok: bool = False
    ) -> Any:
        """Call a page method of the session; a refused token is renewed once.

        `null_ok`: the method answers null when it works (a method returning nothing).
        """
        try:
            return _read(await self._post(method, body, self._token), method, null_ok)
        except CsrfRefusedError:
            await self._renew_token()
        try:
            return _read(await self._post(method, body, self._token), method, null_ok)
        except CsrfRefusedError as err:
            raise SessionExpiredError(str(err)) from err

    async def _renew_token(self) -> None:
        """Take a fresh CSRF token from the usage page."""
        page, _ = await self._get(USAGE_PAGE)
        if page.is_login_page or page.csrf_token is None:
            raise SessionExpiredError("The portal ended the session")
        self._token = page.csrf_token

    # Login and contracts.

    async def login(self) -> PortalSession:
        """Load the login page, log in, and read the dashboard's token and contracts."""
        async with self.lock:
            return await self._login()

    async def _login(self) -> PortalSession:
        credentials = self._context.credentials
        page, _ = await self._get("")
        # Sent on login by ha-acwd, acwd_water_usage and CPAU; others send none and work.
        token = page.login_token
        try:
            # Sent by ha-acwd, hidroelectrica and Tango, skipped by CPAU's browser; its
            # answer is ignored (ha-acwd acwd_api.py:229-230).
            await self._post("default.aspx/updateState", {}, token)
        except SewRateLimitError:
            raise
        except (SewConnectionError, SewResponseError) as err:
            _LOGGER.debug("updateState: %s", err)
        value = await self._post(
            "default.aspx/validateLogin",
            login_body(credentials.username, credentials.password or ""),
            token,
        )
        rows = login_rows(value)
        option = parse_text(field(rows[0], "DashboardOption")) or "1"
        dashboard, _ = await self._get(DASHBOARDS.get(option, DASHBOARDS["1"]))
        if dashboard.is_login_page:
            # homeassistant-ihidro web_portal_api.py:340-362: the login did not take.
            raise SewAuthError("The portal did not keep the login")
        csrf = dashboard.csrf_token
        if csrf is None:
            raise SewResponseError("The portal's dashboard carries no request token")
        accounts = self._accounts(rows, dashboard.contracts)
        user_id = parse_id(field(rows[0], "UserID")) or credentials.username
        session = PortalSession(user_id, csrf, tuple(accounts))
        self._session, self._token, self._current = session, csrf, None
        self._address_ids = {
            contract.utility_account_number: contract.address_id
            for contract in dashboard.contracts
        }
        return session

    def _accounts(
        self, rows: list[Row], contracts: tuple[PageContract, ...]
    ) -> list[Account]:
        """Return the login's contracts: its rows', and the page's it did not name.

        No peer shows a login answer with several contracts (Tango takes row [0],
        main.go:323); hidroelectrica lists them from the dashboard (auth.py:212-287).
        """
        zone = self._context.zone
        accounts = parse_accounts(rows, zone)
        if accounts:
            zone = accounts[0].time_zone
        known = {account.utility_account_number for account in accounts}
        for contract in contracts:
            if contract.utility_account_number in known:
                continue
            kind = meter_type(contract.meter_type)
            accounts.append(
                Account(
                    account_number=contract.account_number
                    or contract.utility_account_number,
                    utility_account_number=contract.utility_account_number,
                    address=contract.label,
                    time_zone=zone,
                    is_default=contract.is_default,
                    meter_types=(kind,) if kind else (),
                )
            )
        if not accounts:
            raise SewResponseError("The portal's login named no account")
        return sorted(accounts, key=lambda account: not account.is_default)

    def check(self, session: PortalSession) -> None:
        """Refuse a session this client did not open (a stored one: its cookie is gone)."""
        if session is not self._session:
            raise SessionExpiredError("The portal session is not this client's")

    async def select(self, session: PortalSession, account: Account) -> None:
        """Make an account the session's current contract, unless it is the only one."""
        self.check(session)
        uan = account.utility_account_number
        if len(session.accounts) < 2 or self._current == uan:
            return
        address_id = self._address_ids.get(uan)
        if address_id is None:
            raise SewResponseError(
                f"The portal's address list does not offer contract {uan}"
            )
        # The answer is unknown (hidroelectrica ignores it): a null is not an expiry here,
        # but a refused token or a failure is (the switch must not fail unnoticed).
        self._current = None
        await self.invoke(
            "Common.aspx/HandleAddressDropDownChange",
            {"ddlAddressSelectedValue": address_id},
            null_ok=True,
        )
        self._current = uan

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the contracts the login named."""
        self.check(session)
        return list(session.accounts)

    def claim(self, account: Account, meters: list[Meter]) -> None:
        """Refuse meters another contract of the login answered before.

        Nothing in the answers names the contract (research note section 6): a switch that
        did not take shows as the other contract's meters, which must never be taken.
        """
        uan = account.utility_account_number
        for meter in meters:
            owner = self._owners.setdefault(meter.meter_number, uan)
            if meter.meter_number and owner != uan:
                self._current = None
                raise SewResponseError(
                    "The portal answered another contract's meters: the contract "
                    "switch did not take"
                )


def _read(value: Any, method: str, null_ok: bool) -> Any:
    """Return a call's `d` once checked; null only where the method answers nothing."""
    return None if value is None and null_ok else checked(value, method)
