"""Dominion's Gigya sign-in (`auth.dominionenergy.com` in reality), served under `/gigya`.

Keys as in cx_common.py; DP = dompower gigya_auth.py and docs/auth-flow.md (whose sample
answers are the shapes below), DW api.py:1000-1170, DR 62770129205.
- Every answer carries `callId`, `errorCode`, `apiVersion` 2, `statusCode`, `statusReason`,
  `time`, as `text/javascript` (DP gigya_auth.py:920 parses with content_type=None). The HTTP
  status is 200 even for errors, as Gigya's REST API answers unless asked otherwise (an
  ASSUMPTION here: DP never reads the HTTP status of a Gigya call).
- `accounts.webSdkBootstrap` sets `gmid`, `ucid`, `hasGmid`, `gig_bootstrap_<key>`
  (auth-flow.md:43-78). `accounts.login` (form POST; DR sends no captcha fields, DP sends
  `captchaToken=0`) answers 0 with `UID`, `id_token`, `sessionInfo.login_token`; 403101
  "Account Pending TFA Verification" with `regToken`, `UID`, an `id_token` not yet logged in
  (auth-flow.md:111-134); 403042 "Invalid LoginID"; 403043 "Invalid Login or Password"
  (auth-flow.md:601-608). A device made trusted by `finalizeTFA` with `tempDevice=false`
  (DW api.py:1002-1003), known by its `gmid` cookie, signs in without a second factor.
- Captcha (switch): `errorCode` 401020, "Login Failed Captcha Required", `statusCode` 401,
  `errorFlags` "captchaNeeded" - Gigya's answer on other tenants (SAP/gigya-flutter-plugin#11;
  rospogrigio/daikin_residential#49); no peer met one at Dominion (cx.md section 5).
- Two-factor: getProviders -> `activeProviders[].name` gigyaPhone/gigyaEmail; initTFA ->
  `gigyaAssertion` (5 minutes); phones `{id, obfuscated, lastMethod, lastVerification}`,
  emails `{id, obfuscated, lastVerification}`; sendVerificationCode -> `phvToken` (phone and
  e-mail: DN commit 1c96a6f says the e-mail send returns one that completeVerification
  needs); completeVerification -> `providerAssertion`, with the same assertion as the send;
  400006 "Invalid jwt" for an expired or mismatched one (auth-flow.md:355-368); a wrong code
  is 400006 too on Gigya (WJDGHKS02-BOT/CIAM `accounts.tfa.totp.verify.js`
  WRONG_VERIFICATION_CODE) - its `errorDetails` here is made up; finalizeTFA, then
  finalizeRegistration -> `sessionInfo.login_token`, `id_token` (DP gigya_auth.py:710-777).
- `accounts.getAccountInfo` with `login_token` (or the `glt_<key>` cookie) -> a fresh
  `id_token` (auth-flow.md:404-454); `accounts.getJWT` -> `id_token`, as Gigya serves it to
  other tenants (index files 1562866740, 59390518590), no Dominion peer calls it.
- id_token claims `iss` `https://fidm.gigya.com/jwt/<key>/`, `sub` UID, `iat`, `exp` = iat
  + 60, `isLoggedIn` (DR). Its header says RS256 as Gigya's do (auth-flow.md:123); the
  signature is the simulator's HMAC, which no client checks.
- UNVERIFIED: the wrong-API-key answer (400093), the locked account (403120 "Account
  temporarily locked out") and an invalid login_token (403005), from Gigya's error list as
  known outside this evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import json
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web

from simulators.sew.server.sessions import LoginFailure, Session
from simulators.sew.truth import Login

from .cx_common import CxCounters, CxRoute, CxSwitches, cx_route
from .cx_tokens import make_jwt
from .gigya_tfa import GigyaTwoFactor

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

API_KEY = "4_6zEg-HY_0eqpgdSONYkJkQ"  # DP const.py:47
PREFIX = "/gigya"
REG_LIFETIME = timedelta(minutes=10)  # auth-flow.md:617
LOGIN_TOKEN_LIFETIME = timedelta(hours=1)  # auth-flow.md:620
ID_TOKEN_LIFETIME = timedelta(seconds=60)  # DR: exp - iat = 60


@dataclass(slots=True)
class Pending:
    """A sign-in waiting for its second factor: the regToken's state."""

    login: Login
    verified: bool = False


def gigya(
    error: int = 0,
    status: int = 200,
    reason: str = "OK",
    *,
    now: datetime | None = None,
    **fields: Any,
) -> web.Response:
    """Answer as Gigya does: the common fields, `text/javascript`, HTTP 200."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    body = {
        "callId": secrets.token_hex(16),
        "errorCode": error,
        "apiVersion": 2,
        "statusCode": status,
        "statusReason": reason,
        "time": moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        **fields,
    }
    return web.Response(text=json.dumps(body), content_type="text/javascript")


class GigyaService:
    """The Gigya calls Dominion's sign-in makes, with their tokens and trusted devices."""

    def __init__(
        self, portal: SewPortal, switches: CxSwitches, counters: CxCounters
    ) -> None:
        """Keep the portal (users, sessions, clock), switches and counters."""
        self.portal = portal
        self.switches = switches
        self.counters = counters
        self.trusted: dict[str, set[str]] = {}  # username -> trusted gmid cookies
        self.pending: dict[str, Pending] = {}  # regToken -> state
        self.codes: dict[str, tuple[str, str]] = {}  # phvToken -> (assertion, code)
        self.logged_in_ids: set[str] = set()  # id_tokens of completed sign-ins
        self.tfa = GigyaTwoFactor(self)

    def routes(self) -> list[CxRoute]:
        """Return the Gigya calls (GET or POST, parameters in the query or the form)."""
        calls = {
            "accounts.webSdkBootstrap": self._bootstrap,
            "accounts.login": self._login,
            "accounts.tfa.getProviders": self.tfa.providers,
            "accounts.tfa.initTFA": self.tfa.init_tfa,
            "accounts.tfa.phone.getRegisteredPhoneNumbers": self.tfa.phones,
            "accounts.tfa.email.getEmails": self.tfa.emails,
            "accounts.tfa.phone.sendVerificationCode": self.tfa.send_code,
            "accounts.tfa.email.sendVerificationCode": self.tfa.send_code,
            "accounts.tfa.phone.completeVerification": self.tfa.verify,
            "accounts.tfa.email.completeVerification": self.tfa.verify,
            "accounts.tfa.finalizeTFA": self.tfa.finalize_tfa,
            "accounts.finalizeRegistration": self.tfa.finalize_registration,
            "accounts.getAccountInfo": self._account_info,
            "accounts.getJWT": self._get_jwt,
        }
        # Under `/gigya`, and at the root too: the integration moves every host of a
        # tenant to one address (a proxy, this simulator), keeping the paths, and Gigya's
        # paths (`/accounts.*`) meet none of the CX host's.
        return [
            cx_route(method, f"{prefix}/{name}", self._call(handler))
            for prefix in (PREFIX, "")
            for name, handler in calls.items()
            for method in ("GET", "POST")
        ]

    def _call(self, handler: Any) -> Any:
        """Wrap a handler: read the parameters, check the API key."""

        async def call(
            request: web.Request, _params: dict[str, str]
        ) -> web.StreamResponse:
            params = {**request.query, **(await request.post())}
            values = {k: str(v) for k, v in params.items()}
            key = values.get("APIKey") or values.get("apiKey") or ""
            if key != API_KEY:
                return self.failure(
                    (400093, "Invalid ApiKey parameter", "Invalid ApiKey parameter")
                )
            if fault := await self.portal.gate(
                request, login=values.get("loginID") or None
            ):
                return fault
            response: web.StreamResponse = await handler(request, values)
            return response

        return call

    def answer(
        self, error: int = 0, status: int = 200, reason: str = "OK", **fields: Any
    ) -> web.Response:
        """Answer as Gigya does, stamped with the portal's clock."""
        return gigya(error, status, reason, now=self.portal.now, **fields)

    def failure(self, code: tuple[int, str, str]) -> web.Response:
        """Answer a Gigya parameter error (code, errorMessage, errorDetails)."""
        error, message, details = code
        return self.answer(
            error, 400, "Bad Request", errorMessage=message, errorDetails=details
        )

    # -- tokens ----------------------------------------------------------------------------

    def issue(
        self, login: Login, kind: str, lifetime: timedelta, token: str | None = None
    ) -> str:
        """Issue a Gigya credential of a kind."""
        return self.portal.sessions.issue(
            login, kind=kind, lifetime=lifetime, token=token
        ).token

    def live(self, token: str, kind: str) -> Session | None:
        """Return a live Gigya credential of a kind."""
        session = self.portal.sessions.find(token, kind=kind)
        if session is None or self.portal.sessions.expired(session):
            return None
        return session

    def id_token(self, login: Login, *, logged_in: bool) -> str:
        """Issue a Gigya id_token (a minute long, DR)."""
        now = self.portal.now
        claims = {
            "iss": f"https://fidm.gigya.com/jwt/{API_KEY}/",
            "sub": login.user_id,
            "iat": int(now.timestamp()),
            "exp": int((now + ID_TOKEN_LIFETIME).timestamp()),
            "isLoggedIn": logged_in,
        }
        token = self.issue(
            login, "gigya-id", ID_TOKEN_LIFETIME, make_jwt(claims, alg="RS256")
        )
        if logged_in:
            self.logged_in_ids.add(token)
        return token

    def signed_in(self, id_token: str) -> Login | None:
        """Return the login of a live id_token of a completed sign-in (the exchange's check)."""
        session = self.live(id_token, "gigya-id")
        return (
            session.login
            if session is not None and id_token in self.logged_in_ids
            else None
        )

    def signed_in_answer(self, login: Login) -> web.Response:
        """Answer a completed sign-in: UID, profile, id_token and a login_token."""
        login_token = self.issue(
            login,
            "gigya-login",
            LOGIN_TOKEN_LIFETIME,
            "st2.s." + secrets.token_urlsafe(48),
        )
        first, _, last = login.accounts[0].customer_name.partition(" ")
        return self.answer(
            UID=login.user_id,
            UIDSignature=secrets.token_urlsafe(20) + "=",
            signatureTimestamp=str(int(self.portal.now.timestamp())),
            profile={"firstName": first, "lastName": last, "email": login.username},
            data={"entitlements": {"Electric": {"EMYA": True}}},
            id_token=self.id_token(login, logged_in=True),
            sessionInfo={"login_token": login_token, "expires_in": "3600"},
        )

    # -- bootstrap and login -----------------------------------------------------------------

    async def _bootstrap(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer webSdkBootstrap and set the device cookies (a new gmid unless one is kept)."""
        response = self.answer(hasGmid="ver4")
        if "gmid" not in request.cookies:
            response.set_cookie("gmid", "gmid.ver4." + secrets.token_urlsafe(24))
            response.set_cookie("ucid", secrets.token_urlsafe(16))
        response.set_cookie("hasGmid", "ver4")
        response.set_cookie(f"gig_bootstrap_{API_KEY}", "auth_ver4")
        return response

    async def _login(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer accounts.login: signed in, two-factor pending, captcha, or refused."""
        sessions = self.portal.sessions
        username = values.get("loginID", "")
        device = request.cookies.get("gmid", "")
        user = sessions.users.get(username.strip().lower())
        trusted = user is not None and device in self.trusted.get(user.username, set())
        if self.switches.captcha and not trusted:
            return self.answer(
                401020,
                401,
                "Unauthorized",
                errorMessage="Login Failed Captcha Required",
                errorDetails="Login Failed Captcha Required",
                errorFlags="captchaNeeded",
            )
        if (code := self.switches.login_refusal) is not None:
            # UNVERIFIED (cx_common.CxSwitches.login_refusal): Gigya's wording of 206001.
            return self.answer(
                code,
                403,
                "Forbidden",
                errorMessage="Account Pending Registration",
                errorDetails="Account Pending Registration",
            )
        login, refusal = sessions.check(
            username, values.get("password", ""), hashed=False
        )
        if login is None:
            if refusal is LoginFailure.LOCKED:
                return self.answer(
                    403120,
                    403,
                    "Forbidden",
                    errorMessage="Account temporarily locked out",
                    errorDetails="Account temporarily locked out",
                )
            code, message = (
                (403042, "Invalid LoginID")
                if user is None
                else (403043, "Invalid Login or Password")
            )
            return self.answer(
                code, 403, "Forbidden", errorMessage=message, errorDetails=message
            )
        self.counters.password_logins += 1
        if sessions.needs_two_factor(login) and not trusted:
            reg_token = self.issue(
                login, "gigya-reg", REG_LIFETIME, "st2.s." + secrets.token_urlsafe(32)
            )
            self.pending[reg_token] = Pending(login)
            return self.answer(
                403101,
                403,
                "Forbidden",
                errorMessage="Account Pending TFA Verification",
                errorDetails="Pending Two-Factor Authentication",
                UID=login.user_id,
                id_token=self.id_token(login, logged_in=False),
                regToken=reg_token,
                sessionInfo={"expires_in": "3600"},
            )
        return self.signed_in_answer(login)

    # -- after the sign-in ------------------------------------------------------------------

    def _login_token(
        self, request: web.Request, values: dict[str, str]
    ) -> Session | None:
        """Return the live login_token of a call (parameter, else the glt_ cookie)."""
        token = values.get("login_token") or request.cookies.get(f"glt_{API_KEY}", "")
        return self.live(token, "gigya-login")

    async def _account_info(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer getAccountInfo: the profile and a fresh id_token."""
        session = self._login_token(request, values)
        if session is None:
            return self.answer(
                403005,
                403,
                "Forbidden",
                errorMessage="Unauthorized user",
                errorDetails="Invalid login_token",
            )
        login = session.login
        first, _, last = login.accounts[0].customer_name.partition(" ")
        return self.answer(
            UID=login.user_id,
            profile={"firstName": first, "lastName": last, "email": login.username},
            data={
                "entitlements": {
                    "Electric": {"EMYA": True, "ELL": False, "ECI": False, "EAG": False}
                },
                "MyAccountRegistration": True,
            },
            id_token=self.id_token(login, logged_in=True),
        )

    async def _get_jwt(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer getJWT: a fresh id_token for the session."""
        session = self._login_token(request, values)
        if session is None:
            return self.answer(
                403005,
                403,
                "Forbidden",
                errorMessage="Unauthorized user",
                errorDetails="Invalid login_token",
            )
        return self.answer(id_token=self.id_token(session.login, logged_in=True))
