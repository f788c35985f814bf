"""NB Power's own web site: the ASP.NET WebForms sign-in that hands out the widget token.

Sources: P7 = dnlbck/ha-nbpower api.py @ 018586e8 (`_prime_session`, `_login`,
`_account_token`), P8 = noslent/nbpower-ha api.py @ 00aed729 (`prime_session`, `login`,
`get_account_token`). Both sign in the same way:

1. `GET /Default.aspx`, then post its first form back with `btnEnglish=English` and the
   `__VIEWSTATE`/`__VIEWSTATEGENERATOR`/`__EVENTVALIDATION` fields "to obtain a session
   cookie" (P7 `_prime_session`; P8 `prime_session`); 200 or 302 is success.
2. `GET /auth/weblogin.aspx`, post its first form with `ctl00$contentPlaceHolder$txtUsername`,
   `...$txtPassword`, `...$btnLogin`, the BotDetect hidden field
   `ctl00$contentPlaceHolder$hdnCaptchaText` ("normally populated client-side; keeping the
   scraped value (or the known default when empty) has been observed to pass", P7 `_login`)
   and the search boxes `ctl00$txtSearchMobile`/`ctl00$txtSearch` emptied. A refusal leaves
   the browser on `weblogin.aspx`, or the page says "Cookies required" (P7 and P8 test both).
3. `GET /Customer/AccountSummaryView.aspx`: its first form carries the widget token in
   `ctl00$contentPlaceHolder$ucConsumptionGraph$accountSEWToken`; a session that did not
   survive the login ends on `weblogin.aspx` (P7 `_account_token`). That page token is the
   kind `Token/VerifyToken` accepts ("The page-scraped token type is accepted by
   VerifyToken", P7 `bootstrap`).

Assumptions (no page was captured): the markup around the named fields, the cookie's name
(`ASP.NET_SessionId`, ASP.NET's default), a refusal answered as the login page again with
HTTP 200, a success answered with a 302 to the account page, and the web session living as
long as the portal's other sessions. The captcha is not enforced, as P7 observed.
"""

from __future__ import annotations

import html
import secrets
from typing import TYPE_CHECKING

from aiohttp import web

from simulators.sew.server.sessions import Session

from .base import Dialect, Route
from .nbpower import PAGE_TOKEN, TOKEN_LIFETIME

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

COOKIE = "ASP.NET_SessionId"
HOME_PAGE = "/Default.aspx"
LOGIN_PAGE = "/auth/weblogin.aspx"
ACCOUNT_PAGE = "/Customer/AccountSummaryView.aspx"
USERNAME_FIELD = "ctl00$contentPlaceHolder$txtUsername"
PASSWORD_FIELD = "ctl00$contentPlaceHolder$txtPassword"
SUBMIT_FIELD = "ctl00$contentPlaceHolder$btnLogin"
CAPTCHA_FIELD = "ctl00$contentPlaceHolder$hdnCaptchaText"
TOKEN_FIELD = "ctl00$contentPlaceHolder$ucConsumptionGraph$accountSEWToken"
WEB_SESSION = "web"
_STATE = {
    "__VIEWSTATE": "/wEPDwUKMTk2NjA0NjQ4OWRk",
    "__VIEWSTATEGENERATOR": "CA0B0334",
    "__EVENTVALIDATION": "/wEdAAIAAAAAAAAAAAAAAAAAAAA=",
}


def _hidden(fields: dict[str, str]) -> str:
    """Return hidden inputs for the given fields."""
    return "".join(
        f'<input type="hidden" name="{html.escape(name)}" id="{html.escape(name)}" '
        f'value="{html.escape(value)}" />'
        for name, value in fields.items()
    )


def _page(title: str, form_action: str, body: str) -> str:
    """Return a WebForms page: one form posting back to itself."""
    return (
        "<!DOCTYPE html><html><head><title>"
        f"{html.escape(title)} | NB Power</title></head><body>"
        f'<form method="post" action="{html.escape(form_action)}" id="aspnetForm">'
        f"{_hidden(_STATE)}"
        '<input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" />'
        '<input name="ctl00$txtSearchMobile" type="text" id="ctl00_txtSearchMobile" />'
        f"{body}</form></body></html>"
    )


class NbPowerSite(Dialect):
    """`/Default.aspx`, `/auth/weblogin.aspx` and `/Customer/AccountSummaryView.aspx`."""

    name = "nbpower-site"

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal; visitors' cookies are known once they have one."""
        super().__init__(portal)
        self._visitors: set[str] = set()

    def routes(self) -> list[Route]:
        """Return the pages the sign-in goes through."""
        return [
            Route("GET", HOME_PAGE, self._home),
            Route("POST", HOME_PAGE, self._choose_language),
            Route("GET", LOGIN_PAGE, self._login_page),
            Route("POST", LOGIN_PAGE, self._sign_in),
            Route("GET", ACCOUNT_PAGE, self._account_page),
        ]

    def describe(self, base_url: str) -> list[str]:
        """Tell where the site signs in."""
        return [f"NB Power web sign-in: {base_url}{LOGIN_PAGE}"]

    def _visitor(self, request: web.Request) -> str | None:
        """Return the visitor's session cookie when the site issued it."""
        cookie = request.cookies.get(COOKIE)
        return cookie if cookie in self._visitors else None

    def _answer(
        self, request: web.Request, response: web.StreamResponse
    ) -> web.StreamResponse:
        """Give a visitor without a cookie one, as ASP.NET does on the first page."""
        if self._visitor(request) is None:
            cookie = secrets.token_hex(12)
            self._visitors.add(cookie)
            response.set_cookie(COOKIE, cookie, path="/", httponly=True)
        return response

    async def _home(self, request: web.Request) -> web.StreamResponse:
        """Serve the home page with its language buttons."""
        form = _page(
            "Home",
            "./Default.aspx",
            '<input type="submit" name="btnEnglish" value="English" id="btnEnglish" />'
            '<input type="submit" name="btnFrench" value="Français" id="btnFrench" />',
        )
        return self._answer(request, web.Response(text=form, content_type="text/html"))

    async def _choose_language(self, request: web.Request) -> web.StreamResponse:
        """Take the language choice and show the home page again (P7: 200 or 302)."""
        await request.post()
        return await self._home(request)

    def _login_form(self, error: str = "") -> str:
        """Return the sign-in page, with a refusal's message when there is one."""
        message = f'<span class="error">{html.escape(error)}</span>' if error else ""
        return _page(
            "Sign in",
            "./weblogin.aspx",
            f"{message}"
            f'<input name="{USERNAME_FIELD}" type="text" id="txtUsername" />'
            f'<input name="{PASSWORD_FIELD}" type="password" id="txtPassword" />'
            f'<input type="hidden" name="{CAPTCHA_FIELD}" id="hdnCaptchaText" value="" />'
            f'<input type="submit" name="{SUBMIT_FIELD}" value="Login" id="btnLogin" />',
        )

    async def _login_page(self, request: web.Request) -> web.StreamResponse:
        """Serve the sign-in form."""
        page = web.Response(text=self._login_form(), content_type="text/html")
        return self._answer(request, page)

    async def _sign_in(self, request: web.Request) -> web.StreamResponse:
        """Check the posted credentials; send a signed-in visitor to the account page."""
        form = await request.post()
        cookie = self._visitor(request)
        if cookie is None:
            # P7 and P8 both read "Cookies required" as a refused sign-in.
            text = self._login_form("Cookies required: enable cookies and try again.")
            return web.Response(text=text, content_type="text/html")
        username = str(form.get(USERNAME_FIELD, ""))
        if fault := await self.portal.gate(request, login=username):
            return fault
        login, _ = self.portal.sessions.check(
            username, str(form.get(PASSWORD_FIELD, "")), hashed=False
        )
        if login is None:
            text = self._login_form("The user name or password is incorrect.")
            return web.Response(text=text, content_type="text/html")
        self.portal.sessions.issue(login, kind=WEB_SESSION, token=cookie)
        raise web.HTTPFound(ACCOUNT_PAGE)

    def _signed_in(self, request: web.Request) -> Session | None:
        """Return the visitor's live web session, if signed in."""
        cookie = self._visitor(request)
        if cookie is None:
            return None
        session = self.portal.sessions.find(cookie, kind=WEB_SESSION)
        if session is None or self.portal.sessions.expired(session):
            return None
        return session

    async def _account_page(self, request: web.Request) -> web.StreamResponse:
        """Serve the account summary with the usage graph's token, or send to sign in."""
        session = self._signed_in(request)
        if session is None:
            raise web.HTTPFound(
                f"{LOGIN_PAGE}?ReturnUrl=%2fCustomer%2fAccountSummaryView.aspx"
            )
        token = self.portal.sessions.issue(
            session.login, kind=PAGE_TOKEN, lifetime=TOKEN_LIFETIME
        ).token
        page = _page(
            "Account summary",
            "./AccountSummaryView.aspx",
            _hidden({TOKEN_FIELD: token}) + '<div id="consumptionGraph"></div>',
        )
        return web.Response(text=page, content_type="text/html")
