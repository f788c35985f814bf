"""UNVERIFIED: the first simulator's JSON API layout, every module under `/API/<Module>/`.

No peer calls `/API/Usage/...` or `/API/Billing/...` (docs/sew-protocol.md section 2: real
tenants keep only `UserLogin` under `/API` and every other module under `/Service`), and no
peer sends UsageOrGeneration as "1"/"2". This layout stays, in the `unverified` profile
only, so the current client's tests pass until the client speaks the real layout.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING

from aiohttp import web

from simulators.sew.server.pages import (
    LANDING_PAGE,
    web_api_help,
    web_api_not_found,
    web_api_unauthorized as unauthorized,
)

from .base import Dialect, Route, parse_day
from .unverified_answers import (
    FAILURES,
    BadRequestError,
    CallFailedError,
    UnverifiedAnswers,
    envelope,
)

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

API_OPERATIONS: dict[str, tuple[str, ...]] = {
    "UserLogin": ("GetId", "ValidateUserLogin", "GetUserSetting"),
    "Usage": ("GetMultiMeter", "GetUsageGeneration"),
    "Generation": ("GetUsageGeneration",),
    "Billing": ("GetBill", "GetBillingHistoryList"),
}


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """Decode a Basic authorization header into (user, secret)."""
    if not header or not header.startswith("Basic "):
        return None
    try:
        user, _, secret = (
            base64.b64decode(header[6:], validate=True).decode().partition(":")
        )
    except binascii.Error, ValueError:
        return None
    return (user, secret) if secret else None


def bad_request() -> web.Response:
    """Answer HTTP 400 with `responsestatus` -1."""
    return web.json_response({"responsestatus": -1, "result": None}, status=400)


class UnverifiedApi(Dialect):
    """`/API/<Module>/<Method>` for every module, answering the first simulator's shapes."""

    name = "unverified-api"

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal and the shared unverified answers."""
        super().__init__(portal)
        self.answers = UnverifiedAnswers(portal)

    def routes(self) -> list[Route]:
        """Return the help page and the API calls."""
        return [
            Route("GET", "/API/Help", self._help),
            Route("GET", "/API/Help/", self._help),
            Route("POST", "/API/{module}/{method}", self._api),
        ]

    def describe(self, base_url: str) -> list[str]:
        """Tell where the help page is."""
        return [f"API flavor help:      {base_url}/API/Help/ (unverified layout)"]

    async def _help(self, request: web.Request) -> web.Response:
        """Serve the ASP.NET Web API help page."""
        return web.Response(
            text=web_api_help("API", API_OPERATIONS), content_type="text/html"
        )

    async def _api(self, request: web.Request) -> web.Response:
        """Answer a call."""
        module = request.match_info["module"]
        method = request.match_info["method"]
        if method not in API_OPERATIONS.get(module, ()):
            return web_api_not_found(str(request.url))
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return bad_request()
        params = {str(k): "" if v is None else str(v) for k, v in body.items()}
        credentials = basic_credentials(request.headers.get("Authorization"))
        try:
            if method == "GetId":
                key, token_id = self.portal.sessions.issue_key()
                return web.json_response(
                    envelope({"key": key, "tokenId": token_id}, message="Success")
                )
            if method == "ValidateUserLogin":
                return await self._login(request, params, credentials)
            if credentials is None:
                return unauthorized()
            session = self.portal.sessions.find(credentials[1], user_id=credentials[0])
            if session is None:
                return unauthorized()
            if self.portal.sessions.expired(session):
                return web.json_response(
                    envelope(None, status=0, message="Token has been expired.")
                )
            day = parse_day(params.get("strDate", ""), ("%m/%d/%Y", "%m/%d/%y"))
            if fault := await self.portal.gate(
                request,
                meter=params.get("MeterNumber") or None,
                days=() if day is None else (day,),
                login=session.username,
            ):
                return fault
            data = self.answers.call(session, method, params, mobile=False)
        except BadRequestError:
            return bad_request()
        except CallFailedError as err:
            return web.json_response(envelope(None, status=0, message=err.message))
        return web.json_response(envelope(data, message="Record found"))

    async def _login(
        self,
        request: web.Request,
        params: dict[str, str],
        credentials: tuple[str, str] | None,
    ) -> web.Response:
        """Answer ValidateUserLogin: one row, the first account's."""
        sessions = self.portal.sessions
        if credentials is None or not sessions.redeem_key(*credentials):
            return unauthorized()
        username = params.get("UserId", "")
        if not username or not params.get("password"):
            raise BadRequestError("UserId")
        if fault := await self.portal.gate(request, login=username):
            return fault
        login, failure = sessions.check(username, params["password"], hashed=False)
        if login is None:
            assert failure is not None
            return web.json_response(
                envelope(None, status=0, message=FAILURES[failure])
            )
        session = sessions.issue(login)
        row = self.answers.login_row(login, login.accounts[0], session.token, 0)
        row.pop("STATUS")
        return web.json_response(envelope({"Table": [row]}, message="Success"))


class LandingPage(Dialect):
    """The portal root: a customer portal's landing page."""

    name = "landing-page"

    def routes(self) -> list[Route]:
        """Return the root page."""
        return [Route("GET", "/", self._root)]

    async def _root(self, request: web.Request) -> web.Response:
        """Answer like a customer portal's landing page."""
        return web.Response(text=LANDING_PAGE, content_type="text/html")
