"""Dominion Energy's CX services and Gigya sign-in, one server standing for three hosts.

Reaching the profile (see `dominion_urls`): the server's base URL stands for the CX host
`https://prodsvc-dominioncip.smartcmobile.com` and for the login page's host
`https://login.dominionenergy.com` (it serves `/CommonLogin`); `<base>/gigya` stands for
Gigya at `https://auth.dominionenergy.com` (gigya.py), which also answers at the base URL
itself, so that one address can stand for all three hosts. Cookies set from 127.0.0.1
need `aiohttp.CookieJar(unsafe=True)` on the client side.

Keys as in cx_common.py; the research note is /work/research/cx.md sections 2-8.
- Token exchange: `POST /UsermanagementAPI/api/1/Login/auth` with `Authorization: Bearer
  <id_token>`, `st: PL`, `pt` empty, `uid: 1`, `e2eid`, body `{"username": "", "password":
  "", "guestToken": <id_token>, "customattributes": {...}}` (DP gigya_auth.py:838-861; DW
  api.py:351-386; DR) -> `{"status": {"type": "success", "code": 200, "message":
  "success", "error": false}, "data": {"accessToken", "tokenType": "Bearer", "refreshToken",
  "expiresIn": 30, "user": {"uuid", "firstName", "lastName", "email", "status":
  "Active"}}}` (DP docs/auth-flow.md:497-520). The id_token must be a completed sign-in's
  and under a minute old. UNVERIFIED: the refusal (HTTP 401, the platform's envelope) and
  the answer without `st: PL` (400).
- Refresh: `POST /UsermanagementAPI/api/1/login/auth/refresh` `{"refreshToken"}` with the
  Bearer access token; both rotate; 401 when refused (DP auth.py:128-207; DW api.py:438-491;
  DP tests/conftest.py:17-32 for the answer). The refresh token lives a day by default (DN
  CLAUDE.md:124) and an expired access token is revived (see CxSwitches).
- Accounts: `GET /Service/api/1/FromDb/GetBpNumber?Uuid` -> `data.customerNumber` (DP
  client.py:696-725; DW api.py:1411-1457), `GET /Service/api/1/BusinessMaster/
  GetBusinessMaster?customerNumber&uuid` -> `data[0].zbpMaintRegEnroll_nav.results[]`
  with `conDev[]` (DP client.py:802-920, tests/test_client.py:625-687). UNVERIFIED: the
  answers for another user's uuid or customer number (an error envelope here).
- Usage: `POST /Service/api/1/Usage/DownloadExcelNew` with the body of DP client.py:323-335
  -> the workbook (dominion_workbook.py). The older body (`meterNumber`, `startDate`,
  `endDate`, no `Format`) answers HTTP 500 (DP commit 9a6ff24); an inverted range HTTP 400
  (DN coordinator.py:292-302), as does an account the token does not cover (DN
  coordinator.py:243-250). Whatever the periodicity, the 30-minute workbook is served.
- Bills: dominion_bills.py. Not served: `Usageapi/api/V1/Electric` and `Generation`,
  `Service/api/1/Usage/UsageData`, `AccountManagementapi` (cx.md sections 6-7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web

from simulators.sew.server.sessions import Session
from simulators.sew.truth import SimAccount
from simulators.sew.truth.cx_tenants import CLOSED_ACCOUNTS, CUSTOMER_NUMBERS, NICKNAMES
from simulators.sew.truth.tenants import DEMO_USERNAME

from .base import parse_day, read_json, text_field
from .cx_common import (
    SERVER_ERROR,
    UNAUTHORIZED,
    CxCounters,
    CxDialect,
    CxRoute,
    CxState,
    CxSwitches,
    bearer,
    cx_route,
    cx_state,
    mdy_time,
    ok,
    query,
    refused,
    status,
)
from .cx_tokens import CxTokens, user_uuid
from .dominion_bills import DominionBills
from .dominion_workbook import XLSX, DominionWorkbook
from .gigya import API_KEY, PREFIX, GigyaService

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

ORIGIN = "https://myaccount.dominionenergy.com"  # DP const.py:27
LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>Dominion Energy - Sign In</title></head><body>"
    "<div id='gigya-login-screen'></div></body></html>"
)


@dataclass(frozen=True, slots=True)
class DominionUrls:
    """Where each real host of Dominion's sign-in and services answers on the simulator."""

    cx: str  # https://prodsvc-dominioncip.smartcmobile.com
    gigya: str  # https://auth.dominionenergy.com
    login: str  # https://login.dominionenergy.com


def dominion_urls(base_url: str) -> DominionUrls:
    """Return the simulator's stand-ins for Dominion's three hosts."""
    base = base_url.rstrip("/")
    return DominionUrls(cx=base, gigya=f"{base}{PREFIX}", login=base)


def browser_sign_in(
    portal: SewPortal, username: str = DEMO_USERNAME
) -> tuple[str, str]:
    """Return the (access, refresh) tokens a user signed in with a browser would copy.

    The way past a captcha the simulator cannot show (DP `auth-helper`: the Authorization
    header of any CX call, the refreshToken of Login/auth or its refresh). It counts as a
    login.
    """
    state = cx_state(portal)
    pair = state.tokens.sign_in(portal.sessions.users[username.lower()])
    return pair.access.token, pair.refresh.token


def failed(code: int, message: str) -> web.Response:
    """Answer an error in the platform's envelope with that HTTP status (UNVERIFIED)."""
    return web.json_response(
        {"status": status(code, message, error=True), "data": None}, status=code
    )


class DominionCx(CxDialect):
    """Dominion's UsermanagementAPI, Service and BillingAPI modules, and Gigya."""

    name = "dominion"
    portal_origin = ORIGIN

    def __init__(self, portal: SewPortal) -> None:
        """Set up Dominion's switches: a day-long refresh token that revives access."""
        switches = CxSwitches(
            refresh_lifetime=timedelta(days=1), refresh_revives_expired=True
        )
        counters = CxCounters()
        tokens = CxTokens(portal, switches, counters)
        super().__init__(portal, CxState(switches, counters, tokens))
        self.gigya = GigyaService(portal, switches, counters)
        self.workbook = DominionWorkbook(portal, switches)
        self.bills = DominionBills(portal)

    def cx_routes(self) -> list[CxRoute]:
        """Return Gigya's calls, the login page and Dominion's CX calls."""
        user = "/UsermanagementAPI/api/1"
        return [
            *self.gigya.routes(),
            cx_route("GET", "/CommonLogin", self._login_page),
            cx_route("POST", f"{user}/Login/auth", self._exchange),
            cx_route("POST", f"{user}/login/auth/refresh", self._refresh),
            cx_route("GET", "/Service/api/1/FromDb/GetBpNumber", self._bp_number),
            cx_route(
                "GET", "/Service/api/1/BusinessMaster/GetBusinessMaster", self._master
            ),
            cx_route("POST", "/Service/api/1/Usage/DownloadExcelNew", self._download),
            cx_route("GET", "/Service/api/1/bill/billForecast", self._forecast),
            cx_route("POST", "/BillingAPI/api/1/bill/current", self._current_bill),
            cx_route("POST", "/BillingAPI/api/1/bill/history", self._bill_history),
            cx_route(
                "GET", "/Service/api/1/bill/GetBillandInvoiceHistory", self._invoice
            ),
        ]

    def describe(self, base_url: str) -> list[str]:
        """Tell where the three hosts answer."""
        urls = dominion_urls(base_url)
        return [
            f"Dominion CX services (prodsvc-dominioncip.smartcmobile.com): {urls.cx}",
            f"  Gigya (auth.dominionenergy.com, API key {API_KEY}): {urls.gigya}",
            f"  login page (login.dominionenergy.com): {urls.login}/CommonLogin",
            f"  two-factor code: {self.switches.tfa_code}",
        ]

    # -- the login page, the exchange and the refresh -------------------------------------

    async def _login_page(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer CommonLogin with the WAF's cookies (DP docs/auth-flow.md:18-39)."""
        response = web.Response(text=LOGIN_PAGE, content_type="text/html")
        response.set_cookie("visid_incap_2811340", secrets.token_urlsafe(24))
        response.set_cookie("nlbi_2811340", secrets.token_urlsafe(24))
        response.set_cookie("incap_ses_1234_2811340", secrets.token_urlsafe(24))
        response.set_cookie("SelectedAppName", "electric")
        return response

    async def _exchange(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer Login/auth: a completed Gigya sign-in's id_token for CX tokens."""
        body = await read_json(request)
        if not isinstance(body, dict) or request.headers.get("st", "").upper() != "PL":
            return failed(400, "Invalid request")
        login = self.gigya.signed_in(text_field(body, "guestToken"))
        login = login or self.gigya.signed_in(bearer(request))
        if fault := await self.portal.gate(
            request, login=login.username if login else None
        ):
            return fault
        if login is None:
            self.state.counters.refused_logins += 1
            return failed(401, UNAUTHORIZED)
        pair = self.state.tokens.sign_in(login)
        first, _, last = login.accounts[0].customer_name.partition(" ")
        user = {
            "uuid": user_uuid(login),
            "firstName": first,
            "lastName": last,
            "email": login.username,
            "status": "Active",
        }
        return ok(
            {
                "accessToken": pair.access.token,
                "tokenType": "Bearer",
                "refreshToken": pair.refresh.token,
                "expiresIn": pair.expires_in,
                "user": user,
            }
        )

    async def _refresh(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer login/auth/refresh: both tokens rotate, or 401."""
        body = await read_json(request)
        refresh_token = (
            text_field(body, "refreshToken") if isinstance(body, dict) else ""
        )
        pair = self.state.tokens.refresh(bearer(request), refresh_token)
        if pair is None:
            return refused()
        if fault := await self.portal.gate(request, login=pair.access.username):
            return fault
        return ok(
            {
                "accessToken": pair.access.token,
                "refreshToken": pair.refresh.token,
                "expiresIn": pair.expires_in,
            }
        )

    async def _session(self, request: web.Request) -> Session | web.Response:
        """Return the request's live session, else 401 (and any scoped fault)."""
        session = self.state.tokens.access(request)
        if session is None:
            return refused()
        if fault := await self.portal.gate(request, login=session.username):
            return fault
        return session

    def _account(self, session: Session, number: str) -> SimAccount | None:
        """Return one of the login's accounts by number."""
        return next((a for a in session.login.accounts if a.number == number), None)

    # -- accounts ------------------------------------------------------------------------

    async def _bp_number(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer GetBpNumber: the customer number of the token's user."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        if query(request, "Uuid").lower() != user_uuid(session.login).lower():
            return failed(404, "No record found")
        return ok({"customerNumber": CUSTOMER_NUMBERS[session.login.user_id]})

    async def _master(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer GetBusinessMaster: the customer and every account with its devices."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        login = session.login
        if query(request, "customerNumber") != CUSTOMER_NUMBERS[login.user_id]:
            return failed(404, "No record found")
        first, _, last = login.accounts[0].customer_name.partition(" ")
        results = [self._master_account(account) for account in login.accounts]
        return ok(
            [
                {
                    "firstName": first,
                    "lastName": last,
                    "primaryEmail": login.username,
                    "zbpMaintRegEnroll_nav": {"results": results},
                }
            ]
        )

    def _master_account(self, account: SimAccount) -> dict[str, Any]:
        """Return one `results[]` entry: the account, its address and `conDev[]`."""
        street, _, rest = account.address.partition(", ")
        house, _, street_name = street.partition(" ")
        city, _, state_zip = rest.partition(", ")
        state, _, zip_code = state_zip.partition(" ")
        closed = account.number in CLOSED_ACCOUNTS
        row: dict[str, Any] = {
            "account": account.number,
            "premiseNumber": account.utility_number,
            "accountActive": "N" if closed else "Y",
            "default": account.is_default,
            "nickName": NICKNAMES.get(account.number, ""),
            "ebillStatus": "Y",
            "serviceAddress": {
                "street": street_name,
                "houseNum1": house,
                "city": city,
                "state": state,
                "zipCode": zip_code,
                "country": "US",
            },
            "conDev": [self._device(meter.number, account) for meter in account.meters],
        }
        if closed:
            row["closingDate"] = mdy_time(self.portal.data_start - timedelta(days=30))
        return row

    def _device(self, number: str, account: SimAccount) -> dict[str, Any]:
        """Return one `conDev[]` entry; `netMetering` is absent on the closed account's."""
        meter = self.portal.meter(number)
        device: dict[str, Any] = {
            "device": number,
            "contract": f"30{number[-8:]}",
            "isActive": "Y" if meter.active else "N",
            "amiFlag": meter.is_ami,
        }
        if account.number not in CLOSED_ACCOUNTS:
            device["netMetering"] = "Y" if meter.solar_kw else "N"
        return device

    # -- usage ---------------------------------------------------------------------------

    async def _download(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer DownloadExcelNew: the workbook, or the refusals peers met."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        body = await read_json(request)
        if not isinstance(body, dict):
            return web.json_response(SERVER_ERROR, status=500)
        meters = body.get("meterIds")
        first = parse_day(text_field(body, "from"), ("%Y-%m-%d",))
        last = parse_day(text_field(body, "to"), ("%Y-%m-%d",))
        if not isinstance(meters, list) or not meters or first is None or last is None:
            return web.json_response(SERVER_ERROR, status=500)  # the older body
        if first > last:
            return failed(400, "Bad Request")
        account = self._account(session, text_field(body, "accountNumber"))
        meter = (
            next((m for m in account.meters if m.number == str(meters[0])), None)
            if account
            else None
        )
        if account is None or meter is None:
            return failed(400, "Bad Request")
        days = tuple(self.workbook.window())
        if fault := await self.portal.gate(
            request, meter=meter.number, days=days, login=session.username
        ):
            return fault
        self.state.counters.downloads += 1
        return web.Response(body=self.workbook.build(account, meter), content_type=XLSX)

    # -- bills ---------------------------------------------------------------------------

    async def _forecast(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer billForecast for an account (actionCode 4)."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        account = self._account(session, query(request, "accountNumber"))
        if account is None:
            return failed(400, "Bad Request")
        return ok(self.bills.forecast(account))

    async def _body_account(
        self, request: web.Request, session: Session
    ) -> tuple[SimAccount | None, dict[str, Any]]:
        """Return the account a billing body names (`accountNumbers[0]`) and the body."""
        body = await read_json(request)
        body = body if isinstance(body, dict) else {}
        numbers = body.get("accountNumbers")
        number = str(numbers[0]) if isinstance(numbers, list) and numbers else ""
        return self._account(session, number), body

    async def _current_bill(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer BillingAPI bill/current."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        account, _ = await self._body_account(request, session)
        return ok(self.bills.current(account) if account else [])

    async def _bill_history(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer BillingAPI bill/history for startDate..endDate (YYYY-MM-DD)."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        account, body = await self._body_account(request, session)
        first = parse_day(text_field(body, "startDate"), ("%Y-%m-%d",)) or date.min
        last = parse_day(text_field(body, "endDate"), ("%Y-%m-%d",)) or date.max
        return ok(self.bills.history(account, first, last) if account else [])

    async def _invoice(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer GetBillandInvoiceHistory for one invoice."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        account = self._account(session, query(request, "accountNumber"))
        wanted = query(request, "invoiceId")
        data = self.bills.invoice(account, wanted) if account else None
        return ok(data) if data else failed(404, "No record found")
