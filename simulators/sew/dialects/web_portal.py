"""SEW's ASP.NET web portal (flavor C, docs/sew-protocol.md section 4).

Pages `GET <base>/<Page>.aspx` and page methods `POST <base>/<Page>.aspx/<WebMethod>`, where
`<base>` is the portal folder (`/portal/`, `/Portal/`; IIS matches paths in any case, and
so does this dialect). Evidence: the research note web-portal.md (sources cited beside each
shape; tags in web_style.py). In short:
- `GET <base>/` sets the `ASP.NET_SessionId` cookie (ACWD2 sensor.py:155,279; RWC curl,
  public index file 2333497169) and shows the login page with the tenant's token field;
- `default.aspx/updateState` answers `{"d": true}` (TANGO main.go:295 decodes a bool) and is
  optional (CPAU's browser trace has none, script_output.txt:101-125); `validateLogin`
  takes any of the peers' bodies (web_login.py); neither needs the CSRF token (HID-W, TANGO
  and PGW send none);
- every later call needs the `csrftoken` header (any case: ACWD1 sends `CSRFToken`) holding
  the session's token; without it the answer is HTTP 200 with `dtException` "...CSRF..."
  (PGW raises on "CSRF" in MessageInformation; HID-C WEB_PORTAL_CSRF_ISSUE.md:38-44 shows
  the inner object, in Romanian there). `isajax`, `X-Requested-With`, Referer and Origin
  are not required (peers omit each of them and work);
- answers are `{"d": "<JSON string>"}`, `{"d": true}`, or `d` an object (LoadBilling);
- a signed-out or expired session answers HTTP 200 `{"d": null}` to every call (HID-W
  coordinator.py:62-73) and a page request with 302 to `<base>?r=<opaque>`, which 301s to
  `<base>/?r=` (CPAU script_output.txt:2-7); after login the dashboard sends the browser
  back to that page (l.127-130). Sessions end 20 idle minutes after the last request
  (SCM Web.config:15 `timeout="20"`; ASP.NET session state is sliding).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
import json
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web

from simulators.sew.server.pages import IIS_500_PAGE
from simulators.sew.server.sessions import LoginFailure, Session
from simulators.sew.truth import SimAccount
from simulators.sew.truth.recorded import hourly_values

from .base import Dialect, Route
from .web_calls import Call, CookieState, WebMethods, d_answer, d_json, framework_error
from .web_login import (
    MIGRATED,
    account_rows,
    read_credentials,
    refusal,
    server_exception,
    two_factor,
)
from .web_pages import IIS_NOT_FOUND, PageContext, login_page, master_page, meter_list
from .web_style import FailureStyle, LoginAnswer, WebStyle

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

SESSION_COOKIE = "ASP.NET_SessionId"
SESSION_KIND = "aspnet"
# ASSUMPTION: the English text (PGW only needs "CSRF" in it; ihidro's is "Token CSRF nevalid").
CSRF_REFUSAL = "Invalid CSRF Token."
DASHBOARDS = {"dashboard.aspx", "dashboardcustom.aspx", "dashboardcustom3_3.aspx"}
# Usages.aspx[?type=WU|PU|GU] (ACWD1 acwd_api.py:402; CPAU session.py:281; PGW), usage.aspx
# at Tango (main.go:286).
USAGE_PAGES = {"usages.aspx", "usage.aspx"}
PAGES = DASHBOARDS | USAGE_PAGES | {"billdashboard.aspx", "billinghistory.aspx"}
METHOD_PAGES = PAGES | {"default.aspx", "common.aspx"}
ZONE_NAMES = {"America/Los_Angeles": "Pacific Standard Time"}
SESSION_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz012345"


def _token() -> str:
    """Return a 64-character base64 token, as the captured csrftoken values are."""
    return base64.b64encode(secrets.token_bytes(48)).decode()


class WebPortal(Dialect):
    """`<base>/<Page>.aspx` pages and page methods, as one web-portal tenant serves them."""

    name = "web"

    def __init__(self, portal: SewPortal, style: WebStyle) -> None:
        """Keep the tenant's style; record the real days its truth holds."""
        super().__init__(portal)
        self.style = style
        self.failure = style.failure
        self.states: dict[str, CookieState] = {}
        self.forced: dict[str, LoginAnswer] = {}
        self.methods = WebMethods(portal, style)
        for number, load in style.recorded_days:
            try:
                day, values = load()
            except FileNotFoundError:  # the realworld folder is not beside the checkout
                continue
            zone = portal.profile.tenant.zone
            portal.truth.record(number, hourly_values(day, values, zone))

    @classmethod
    def factory(cls, style: WebStyle) -> Callable[[SewPortal], Dialect]:
        """Return a factory making this dialect for a portal."""
        return lambda portal: cls(portal, style)

    @staticmethod
    def of(portal: SewPortal) -> WebPortal:
        """Return a portal's web-portal dialect (its switches are here)."""
        return next(d for d in portal.dialects if isinstance(d, WebPortal))

    # -- switches a test uses ---------------------------------------------------------------

    def portal_url(self, base_url: str) -> str:
        """Return the URL a user pastes: the portal folder with a slash."""
        return f"{base_url}/{self.style.folder}/"

    def force_login_answer(self, username: str, answer: LoginAnswer | None) -> None:
        """Make a login answer two-factor, migrated, a server error or a refusal (None: normally)."""
        if answer is None:
            self.forced.pop(username.lower(), None)
        else:
            self.forced[username.lower()] = answer

    # -- Dialect ------------------------------------------------------------------------------

    def routes(self) -> list[Route]:
        """Return the portal folder's pages and page methods (any case)."""
        folder = f"{{folder:(?i:{self.style.folder})}}"
        return [
            Route("GET", f"/{folder}", self._folder),
            Route("GET", f"/{folder}/", self._login_page),
            Route("GET", f"/{folder}/{{page}}", self._page),
            Route("POST", f"/{folder}/{{page}}/{{method}}", self._web_method),
        ]

    def describe(self, base_url: str) -> list[str]:
        """Tell the URL a user pastes and the demo logins."""
        logins = ", ".join(
            login.username for login in self.portal.profile.tenant.logins
        )
        return [
            f"web portal (paste this): {self.portal_url(base_url)}",
            f"logins: {logins}",
        ]

    def server_error(self, request: web.Request) -> web.Response:
        """Answer an injected server error: `dtException` to a call, IIS 500 to a page."""
        if request.method == "POST":
            return d_json(server_exception())
        return web.Response(status=500, text=IIS_500_PAGE, content_type="text/html")

    def wrong_shape(self, request: web.Request) -> web.Response:
        """Answer an injected well-formed answer of the wrong shape."""
        return d_json({"Data": "Unexpected"})

    # -- cookies and sessions ------------------------------------------------------------------

    def _state(self, request: web.Request) -> CookieState:
        """Return the cookie's state, or a new one (its cookie set on the answer)."""
        cookie = request.cookies.get(SESSION_COOKIE, "")
        state = self.states.get(cookie)
        if state is None:
            cookie = "".join(secrets.choice(SESSION_ID_ALPHABET) for _ in range(24))
            state = CookieState(cookie, _token(), _token())
            self.states[cookie] = state
        return state

    def _finish(self, state: CookieState, response: web.Response) -> web.Response:
        """Set the session cookie on the first answer of a new state."""
        if state.fresh:
            response.set_cookie(
                SESSION_COOKIE, state.cookie, path="/", httponly=True, samesite="Lax"
            )
            state.fresh = False
        return response

    def _signed_in(self, state: CookieState) -> Session | None:
        """Return the state's live login (renewing it); forget an expired one."""
        session = state.session
        if session is None:
            return None
        if self.portal.sessions.expired(session):
            # A new session under the same cookie: new token, no login, no contract.
            state.session, state.contract = None, None
            state.csrf, state.verification = _token(), _token()
            return None
        session.issued = self.portal.now
        return session

    def _current(self, state: CookieState, session: Session) -> SimAccount:
        """Return the session's current contract (the login's default one at first)."""
        accounts = session.login.accounts
        default = next((a for a in accounts if a.is_default), accounts[0])
        return next((a for a in accounts if a.number == state.contract), default)

    # -- pages ----------------------------------------------------------------------------------

    async def _folder(self, request: web.Request) -> web.Response:
        """Send `<base>` to `<base>/`, the query kept (CPAU script_output.txt:4-5)."""
        query = f"?{request.query_string}" if request.query_string else ""
        location = f"/{request.match_info['folder']}/{query}"
        return web.Response(status=301, headers={"Location": location})

    async def _login_page(self, request: web.Request) -> web.Response:
        """Show the login page."""
        state = self._state(request)
        self._signed_in(state)
        context = PageContext(self.portal.profile.tenant.name, state.csrf)
        page = login_page(context, self.style.login_token, state.verification)
        return self._finish(state, web.Response(text=page, content_type="text/html"))

    async def _page(self, request: web.Request) -> web.Response:
        """Show a page of a signed-in session; send others to the login page."""
        name = request.match_info["page"].lower()
        if name == "default.aspx":
            return await self._login_page(request)
        state = self._state(request)
        folder = request.match_info["folder"]
        if name == "signout.aspx":
            # SCM Master.Master:689; ACWD2 signs out with a GET (sensor.py:191-197).
            if state.session is not None:
                state.session.revoked = True
            self._signed_in(state)
            redirect = web.Response(status=302, headers={"Location": f"/{folder}/"})
            return self._finish(state, redirect)
        if name not in PAGES:
            return web.Response(
                status=404, text=IIS_NOT_FOUND, content_type="text/html"
            )
        session = self._signed_in(state)
        if session is None:
            state.return_path = request.path_qs
            opaque = quote(
                base64.b64encode(secrets.token_bytes(64)).decode(), safe="/="
            )
            redirect = web.Response(
                status=302, headers={"Location": f"/{folder}?r={opaque}"}
            )
            return self._finish(state, redirect)
        if name in DASHBOARDS and state.return_path:
            location, state.return_path = state.return_path, None
            return web.Response(status=302, headers={"Location": location})
        account = self._current(state, session)
        context = PageContext(
            self.portal.profile.tenant.name,
            state.csrf,
            account.customer_name,
            session.login.accounts,
            account.number,
        )
        extra = meter_list(account.meters) if name in USAGE_PAGES else ""
        title = name.removesuffix(".aspx")
        page = master_page(context, title, self.style.locality[2], extra)
        return web.Response(text=page, content_type="text/html")

    # -- page methods ---------------------------------------------------------------------------

    async def _web_method(self, request: web.Request) -> web.Response:
        """Answer a page method call."""
        state = self._state(request)
        return self._finish(state, await self._answer(request, state))

    async def _answer(self, request: web.Request, state: CookieState) -> web.Response:
        """Route a call: pre-login methods, then the session and CSRF checks."""
        page = request.match_info["page"].lower()
        method = request.match_info["method"].lower()
        if page not in METHOD_PAGES:
            return web.Response(
                status=404, text=IIS_NOT_FOUND, content_type="text/html"
            )
        body = await _json_body(request)
        if body is None:
            return framework_error()
        if (page, method) == ("default.aspx", "updatestate"):
            return d_answer(True)
        if (page, method) == ("default.aspx", "validatelogin"):
            return await self._validate(request, state, body)
        handler = self.methods.table.get((page, method))
        if handler is None:
            return framework_error()
        session = self._signed_in(state)
        if session is None:
            return d_answer(None)
        if request.headers.get("csrftoken") != state.csrf:
            return d_json(server_exception(CSRF_REFUSAL))
        account = self._current(state, session)
        return await handler(Call(request, self.portal, state, session, account, body))

    async def _validate(
        self, request: web.Request, state: CookieState, body: dict[str, Any]
    ) -> web.Response:
        """Answer validateLogin in the shape the login's state calls for."""
        credentials = read_credentials(body)
        if credentials is None:
            return framework_error()
        if fault := await self.portal.gate(request, login=credentials.username):
            return fault
        forced = self.forced.get(credentials.username.lower())
        if forced is LoginAnswer.SERVER_ERROR:
            return d_json(server_exception())
        if forced in {LoginAnswer.FAILURE_ROW, LoginAnswer.FAILURE_TABLE}:
            style = FailureStyle(str(forced).removeprefix("failure_"))
            return d_json(refusal(style, LoginFailure.INVALID))
        sessions = self.portal.sessions
        login, failure = sessions.check(
            credentials.username, credentials.password, hashed=False
        )
        if login is None:
            assert failure is not None
            return d_json(refusal(self.failure, failure))
        if forced is LoginAnswer.TWO_FACTOR or sessions.needs_two_factor(login):
            return d_json(two_factor(login))
        migrated = {name.lower() for name in self.style.migrated_logins}
        if forced is LoginAnswer.MIGRATED or login.username.lower() in migrated:
            return d_answer(MIGRATED)
        if state.session is not None:
            state.session.revoked = True
        state.session = sessions.issue(login, kind=SESSION_KIND)
        state.contract = None
        state.contract = self._current(state, state.session).number
        zone = self.portal.profile.tenant.zone
        rows = account_rows(
            login, self.style, state.session.token, ZONE_NAMES.get(zone, zone)
        )
        return d_json(rows)


async def _json_body(request: web.Request) -> dict[str, Any] | None:
    """Return a call's JSON object; an empty body is `{}` (TANGO posts "" to updateState).

    None: not JSON. ASP.NET AJAX answers page methods only to JSON requests (every peer
    sends a JSON content type); anything else gets the framework's error here.
    """
    if request.content_type != "application/json":
        return None
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
