"""The gateways, LG's sign-in page, OAuth and the account profile."""

from __future__ import annotations

import html
import secrets
from typing import Final
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from . import evidence, regions
from .answers import (
    date_ok,
    origin,
    signed,
    v1_answer,
    v1_error,
    v1_root,
    v2_answer,
    v2_error,
)
from .cloud import (
    DEMO_GOOGLE_ID,
    DEMO_PASSWORD,
    DEMO_USER_NUMBER,
    DEMO_USERNAME,
    ThinQCloud,
)

ACCOUNT_HOST: Final = r"{host:[a-z]{2}\.m\.lgaccount\.com}"
TERMS_HOST: Final = r"{host:[a-z]{2}\.emp\.lgsmartplatform\.com}"
OAUTH_HOST: Final = r"{host:[a-z]{2}\.lgeapi\.com}"
TOKEN_PATH: Final = "/oauth/1.0/oauth2/token"
PROFILE_PATH: Final = "/users/profile"
EMP_SESSION_PATH: Final = "/emp/oauth2/token/empsession"
# The EMP signing secret ``searchKey`` hands out. LG's is not public (it is fetched at run
# time: ollo69 core_async.py:632-645); the simulator's is its own.
EMP_SECRET: Final = "simulated-emp-secret"


def _country(host: str) -> str:
    return host.split(".", 1)[0].upper()


class Accounts:
    """Gateways, sign-in, tokens and the profile of the simulated LG account."""

    def __init__(self, cloud: ThinQCloud) -> None:
        """Serve ``cloud``'s account."""
        self.cloud = cloud
        self._prelogins: dict[str, str] = {}

    def routes(self, app: web.Application) -> None:
        """Add the routes."""
        add = app.router.add_route
        add(
            "GET",
            "/route.lgthinq.com/v1/service/application/gateway-uri",
            self.route_gateway,
            name="gateway",
        )
        add(
            "POST",
            "/kic.lgthinq.com/api/common/gatewayUriList",
            self.kic_gateway,
            name="kic_gateway",
        )
        add(
            "GET", f"/{ACCOUNT_HOST}/spx/login/signIn", self.sign_in_page, name="signin"
        )
        add(
            "POST",
            f"/{ACCOUNT_HOST}/spx/login/signIn",
            self.sign_in,
            name="signin_post",
        )
        add(
            "GET",
            f"/{ACCOUNT_HOST}/spx/login/iabClose",
            self.signed_in,
            name="iabClose",
        )
        add("POST", f"/{OAUTH_HOST}{TOKEN_PATH}", self.token, name="token")
        add("GET", f"/{OAUTH_HOST}{PROFILE_PATH}", self.profile, name="profile")
        add("POST", "/oauth2/token", self.legacy_token, name="legacy_token")
        add("POST", f"/{ACCOUNT_HOST}/spx/preLogin", self.pre_login, name="preLogin")
        add(
            "POST",
            f"/{TERMS_HOST}/emp/v2.0/account/session/{{user}}",
            self.emp_login,
            name="emp_session",
        )
        add("GET", f"/{ACCOUNT_HOST}/spx/searchKey", self.search_key, name="searchKey")
        add(
            "POST",
            f"/emp-oauth.lgecloud.com{EMP_SESSION_PATH}",
            self.emp_token,
            name="empsession",
        )

    # Gateways.
    async def route_gateway(self, request: web.Request) -> web.Response:
        """The country's hosts, for the v2 app headers (ollo69 core_async.py:295-333, 533-540).

        The country and language come from ``x-country-code``/``x-language-code``; the
        answer to a request without the API key is not known (``9000`` here).
        """
        headers = request.headers
        if headers.get("x-api-key") != evidence.API_KEY or not headers.get(
            "x-country-code"
        ):
            return v2_error("9000", "Invalid request")
        result = regions.route_result(
            origin(request),
            headers["x-country-code"],
            headers.get("x-language-code", "en-US"),
            with_oauth_base=not self.cloud.faults.gateway_without_oauth_base,
        )
        return v2_answer(result)

    async def kic_gateway(self, request: web.Request) -> web.Response:
        """The old gateway (ollo69 core_async.py:503-531; wideq core.py:312-322)."""
        root = await v1_root(request)
        if root is None:
            return v1_error(evidence.INVALID_REQUEST, "Invalid request")
        return v1_answer(
            **regions.kic_answer(
                origin(request),
                str(root.get("countryCode", "US")),
                str(root.get("langCode", "en-US")),
            )
        )

    # The browser sign-in.
    @staticmethod
    def _page(title: str, body: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
            f"<title>{html.escape(title)} (simulated)</title></head>\n<body>\n"
            f"{body}</body>\n</html>\n"
        )

    def _form(self, query: dict[str, str], message: str = "") -> str:
        hidden = "".join(
            f'    <input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">\n'
            for k, v in query.items()
        )
        notice = f'  <p role="alert">{html.escape(message)}</p>\n' if message else ""
        return self._page(
            "LG Account sign in",
            "  <h1>Sign in to your LG account</h1>\n"
            f"{notice}"
            '  <form method="post" action="signIn">\n'
            f"{hidden}"
            '    <label>Email <input type="text" name="username" autocomplete="username">'
            "</label>\n"
            '    <label>Password <input type="password" name="password"'
            ' autocomplete="current-password"></label>\n'
            '    <button type="submit">Sign in</button>\n'
            "  </form>\n"
            '  <form method="post" action="signIn" id="google">\n'
            f"{hidden}"
            '    <input type="hidden" name="provider" value="GGL">\n'
            '    <button type="submit">Continue with Google</button>\n'
            "  </form>\n",
        )

    async def sign_in_page(self, request: web.Request) -> web.Response:
        """``{empSpxUri}/login/signIn`` (ollo69 core_async.py:835-891; nVuln Auth.ts:429-445)."""
        return web.Response(
            text=self._form(dict(request.query)), content_type="text/html"
        )

    async def sign_in(self, request: web.Request) -> web.Response:
        """Sign in; send the browser to ``callback_url`` with what the sign-in yields.

        An LG account's page refuses accounts of other countries (ollo69#304, #14, #387).
        The final URL carries a refresh token or an authorization code with
        ``oauth2_backend_url`` (ollo69 core_async.py:128-150), or, for a Google account,
        ``user_id``/``user_thirdparty_token``/``user_id_type`` (core_async.py:961-968).
        """
        form = {k: str(v) for k, v in (await request.post()).items()}
        username, password = form.pop("username", ""), form.pop("password", "")
        provider = form.pop("provider", "")
        callback = form.get("callback_url", "")
        if not callback:
            return web.Response(
                status=400, text=self._page("Error", "<p>callback_url missing</p>\n")
            )
        host_country = _country(request.match_info["host"])
        cloud = self.cloud
        base = f"{origin(request)}/{regions.hosts(cloud.account_country)['oauth']}/"
        if provider == "GGL":
            query = {
                "user_id": DEMO_GOOGLE_ID,
                "user_thirdparty_token": secrets.token_urlsafe(24),
                "user_id_type": "GGL",
            }
        elif username != DEMO_USERNAME or password != DEMO_PASSWORD:
            page = self._form(form, "The email or password is not correct.")
            return web.Response(status=401, text=page, content_type="text/html")
        elif host_country != cloud.account_country:
            page = self._form(
                form,
                f"This account is registered in another country; sign in on the LG "
                f"site of that country (this one is {host_country}).",
            )
            return web.Response(status=403, text=page, content_type="text/html")
        elif cloud.sign_in_result == "code":
            query = {"code": cloud.issue_code(), "oauth2_backend_url": base}
        else:
            query = {
                "access_token": cloud.issue_access_token(),
                "refresh_token": cloud.issue_refresh_token(),
                "expires_in": str(int(cloud.access_token_lifetime)),
                "oauth2_backend_url": base,
            }
        separator = "&" if urlsplit(callback).query else "?"
        raise web.HTTPFound(f"{callback}{separator}{urlencode(query)}")

    async def signed_in(self, request: web.Request) -> web.Response:
        """The callback page (``{empSpxUri}/login/iabClose``): blank in the real app."""
        return web.Response(
            text=self._page(
                "Signed in", "<p>Signed in. Copy this page's address.</p>\n"
            ),
            content_type="text/html",
        )

    # OAuth.
    async def token(self, request: web.Request) -> web.Response:
        """``{oauth}/oauth/1.0/oauth2/token`` (ollo69 core_async.py:727-795; nVuln Auth.ts:347-391).

        Signed over the path, the form in the order sent, and the date. Grants: a refresh
        token, or an authorization code with ``redirect_uri`` ``lgaccount.lgsmartthinq:/``.
        """
        form = [(k, str(v)) for k, v in (await request.post()).items()]
        fields = dict(form)
        headers = request.headers
        date = headers.get("x-lge-oauth-date")
        if headers.get("x-lge-appkey") != evidence.OAUTH_APP_KEY:
            return self._refused(401, "unknown application key")
        if not date_ok(date):
            return self._refused(401, "x-lge-oauth-date is missing or too far off")
        message = f"{TOKEN_PATH}?{urlencode(form)}\n{date}"
        if not signed(message, headers.get("x-lge-oauth-signature")):
            return self._refused(401, "signature mismatch")
        cloud = self.cloud
        grant = fields.get("grant_type")
        lifetime = str(int(cloud.access_token_lifetime))
        if grant == "refresh_token":
            if not cloud.refresh_token_valid(fields.get("refresh_token", "")):
                return self._refused(
                    400, "invalid refresh token", evidence.REFRESH_REFUSED
                )
            return web.json_response(
                {
                    "status": 1,
                    "access_token": cloud.issue_access_token(),
                    "expires_in": lifetime,
                }
            )
        if grant == "authorization_code":
            if fields.get(
                "redirect_uri"
            ) != evidence.CODE_REDIRECT_URI or not cloud.redeem_code(
                fields.get("code", "")
            ):
                return self._refused(400, "invalid authorization code")
            # openHAB session-token-response-1.json: the answer to a code.
            return web.json_response(
                {
                    "status": 1,
                    "access_token": cloud.issue_access_token(),
                    "expires_in": lifetime,
                    "refresh_token": cloud.issue_refresh_token(),
                    "oauth2_backend_url": f"{origin(request)}/{request.match_info['host']}/",
                }
            )
        return self._refused(400, "unsupported grant_type")

    @staticmethod
    def _refused(status: int, message: str, code: str | None = None) -> web.Response:
        error: dict[str, str] = {"message": message}
        if code is not None:
            error["code"] = code
        return web.json_response({"error": error}, status=status)

    async def legacy_token(self, request: web.Request) -> web.Response:
        """The 2018 ``/oauth2/token`` wideq 1.5.0 refreshes at (wideq core.py:261-301).

        Kept only so that the fidelity check can drive the device protocol with wideq.
        """
        form = await request.post()
        refresh_token = str(form.get("refresh_token", ""))
        date = request.headers.get("lgemp-x-date")
        message = f"/oauth2/token?grant_type=refresh_token&refresh_token={refresh_token}\n{date}"
        if (
            request.headers.get("lgemp-x-app-key") != evidence.OAUTH_APP_KEY
            or not date_ok(date)
            or not signed(message, request.headers.get("lgemp-x-signature"))
            or not self.cloud.refresh_token_valid(refresh_token)
        ):
            return web.json_response({"status": 0, "message": "refused"})
        return web.json_response(
            {"status": 1, "access_token": self.cloud.issue_access_token()}
        )

    async def profile(self, request: web.Request) -> web.Response:
        """``{oauth}/users/profile`` (ollo69 core_async.py:692-725; nVuln Auth.ts:399-422).

        The answer is openHAB's user-info-response-1.json; a refused token answers
        ``status`` 2 with a message (nVuln Auth.ts:417-419).
        """
        date = request.headers.get("x-lge-oauth-date")
        bearer = request.headers.get("Authorization", "")
        if not date_ok(date) or not signed(
            f"{PROFILE_PATH}\n{date}", request.headers.get("x-lge-oauth-signature")
        ):
            return self._refused(401, "signature mismatch")
        if not bearer.startswith("Bearer ") or not self.cloud.access_token_valid(
            bearer.removeprefix("Bearer ")
        ):
            return web.json_response({"status": 2, "message": "invalid access token"})
        country = self.cloud.account_country
        return web.json_response(
            {
                "status": 1,
                "account": {
                    "userID": DEMO_USERNAME,
                    "userNo": DEMO_USER_NUMBER,
                    "userIDType": "LGE",
                    "displayUserID": "demo",
                    "country": country,
                    "lgAccount": "Y",
                    "isService": "Y",
                },
            }
        )

    # The third-party trade (ollo69 core_async.py:542-690 via :952-992; nVuln Auth.ts:114-229).
    async def pre_login(self, request: web.Request) -> web.Response:
        """``{empSpxUri}/preLogin``: openHAB prelogin-response-1.json."""
        form = await request.post()
        encrypted = secrets.token_hex(16)
        self._prelogins[encrypted] = str(form.get("user_auth2", ""))
        return web.json_response(
            {
                "encrypted_pw": encrypted,
                "signature": secrets.token_hex(8),
                "tStamp": "1",
            }
        )

    async def emp_login(self, request: web.Request) -> web.Response:
        """``{empTermsUri}/emp/v2.0/account/session/<user>``: openHAB login-session-response-1.json.

        A wrong credential answers ``error.code`` ``MS.001.02`` (nVuln's tests).
        """
        form = await request.post()
        user = request.match_info["user"]
        third_party = str(form.get("third_party", ""))
        if (
            user != DEMO_GOOGLE_ID
            or third_party not in evidence.THIRD_PARTY_KINDS.values()
            or str(form.get("user_auth2")) not in self._prelogins
            or not request.headers.get("X-Signature")
        ):
            return web.json_response(
                {
                    "error": {
                        "code": "MS.001.02",
                        "message": "Check your ID or password.",
                    }
                },
                status=400,
            )
        return web.json_response(
            {
                "account": {
                    "loginSessionID": self.cloud.open_emp_session(),
                    "userID": DEMO_GOOGLE_ID,
                    "userIDType": "GGL",
                    "country": self.cloud.account_country,
                }
            }
        )

    async def search_key(self, request: web.Request) -> web.Response:
        """``{empSpxUri}/searchKey``: the EMP secret, JSON served as text (ollo69 :637-645)."""
        if self.cloud.faults.search_key_removed:
            raise web.HTTPNotFound
        return web.Response(
            text=f'{{"returnData": "{EMP_SECRET}"}}', content_type="text/plain"
        )

    async def emp_token(self, request: web.Request) -> web.Response:
        """``emp-oauth.lgecloud.com/emp/oauth2/token/empsession`` (ollo69 :647-690)."""
        form = [(k, str(v)) for k, v in (await request.post()).items()]
        headers = request.headers
        date = headers.get("lgemp-x-date")
        message = f"{EMP_SESSION_PATH}?{urlencode(form)}\n{date}"
        if (
            headers.get("lgemp-x-app-key") != evidence.EMP_APP_KEY
            or not date_ok(date)
            or not signed(message, headers.get("lgemp-x-signature"), EMP_SECRET)
            or not self.cloud.emp_session_valid(headers.get("lgemp-x-session-key", ""))
        ):
            return web.json_response({"status": 0, "message": "refused"})
        cloud = self.cloud
        return web.json_response(
            {
                "status": 1,
                "access_token": cloud.issue_access_token(),
                "refresh_token": cloud.issue_refresh_token(),
                "expires_in": str(int(cloud.access_token_lifetime)),
                "oauth2_backend_url": (
                    f"{origin(request)}/{regions.hosts(cloud.account_country)['oauth']}/"
                ),
            }
        )
