"""What SEW's CX REST services share (flavor E, docs/sew-protocol.md section 6).

Sources are the research note's keys (/work/research/cx.md): AL1 = detour1999/ha-alliant-
energy @ 96b7c07b, AL2 = CornHead764/ha-alliant-energy @ 37f15545, AL3 = index file
60295827323, AL4 = index files 70946447050 / 71593796303 / 70950587806, DP = YeomansIII/
dompower @ d4f1eec9, DW = walljm/homeassistant-dominionpower-integration @ a5d61652, DR =
index file 62770129205.

- Paths are case-insensitive: peers of one tenant spell them differently (`UsageAPI` and
  `Usageapi`, `Login/auth/refresh` and `login/auth/refresh`) and all work (an inference,
  cx.md section 1), so a CX dialect routes every request through one table matched without
  regard to case.
- Envelopes: `{"status": {"type", "code", "message", "error"}, "data"}` (DP docs/auth-
  flow.md:497-520; DR "Error Handling"), the usage module's `{"StatusCode", "Message",
  "Result"}` (DR "Monthly Electric Usage").
- A refused token: HTTP 401 `{"status": {"type": "error", "message": "Unauthorized
  Access"}}` (AL4 71593796303 `TestARefusedTokenOnTheAccountWalk...`); the billing routes
  refuse with 403 and the same body (same file, `...OnTheBillingRoute...`).
- Cloudflare: "rejects requests that do not look like the portal, so the portal's
  Origin/Referer/UA are required" (AL3 header comment); "The service answers a Go client with
  an HTML 403" (AL4 70950587806). The page itself was never captured.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
import re
from typing import TYPE_CHECKING, Any, ClassVar

from aiohttp import web

from .base import Dialect, Route

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

    from .cx_tokens import CxTokens

type CxHandler = Callable[[web.Request, dict[str, str]], Awaitable[web.StreamResponse]]

ACCESS = "cx-access"
REFRESH = "cx-refresh"
UNAUTHORIZED = "Unauthorized Access"
# ASSUMPTION: no peer shows the CX answer to a server error; the envelope is the platform's.
SERVER_ERROR = {
    "status": {
        "type": "error",
        "code": 500,
        "message": "An error has occurred.",
        "error": True,
    },
    "data": None,
}
# ASSUMPTION: the block page is not captured; this is a plain Cloudflare-style refusal.
BLOCK_PAGE = (
    "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head>"
    "<body><h1>Sorry, you have been blocked</h1><p>You are unable to access "
    "smartcmobile.com</p></body></html>"
)
FOREVER = timedelta(days=36500)


@dataclass(slots=True)
class CxSwitches:
    """What a test or the demo switches on a CX tenant (each field says whose evidence).

    - access_lifetime: the access token's life; `expiresIn` states it in minutes (30: DP
      const.py:35, DR exp - iat = 1803 s; AL3 "valid ~30 min").
    - refresh_lifetime: a refresh token's own life from its issue (None: unlimited). Each
      refresh issues a new one, so this is also an idle timeout. Dominion's "expires about
      once a day" (DN CLAUDE.md:124) is the default there; Alliant's is unknown (None).
    - session_lifetime: the life of the whole chain since the password or Gigya sign-in
      (None: unlimited; unknown at both tenants).
    - refresh_revives_expired: whether a refresh is honoured with an expired access token.
      Alliant: no, "does not revive a session whose access token has already expired" (AL4
      70946447050 `Refresh`); Dominion: yes, inferred from DN's daily pattern of tokens
      "untouched" for a day still refreshing until the refresh token itself expires.
    - rotated_refresh_valid: whether a rotated-out refresh token still works (unknown; no).
    - refuse_refresh: answer every refresh 401 (a refused refresh).
    - browser_check: answer an HTML 403 to requests without the portal's Origin and a
      browser User-Agent (on for Alliant, AL3/AL4; off for Dominion, where aiohttp peers
      with a browser UA work but no refusal is reported).
    - captcha: Dominion's Gigya asks a captcha at sign-in from an untrusted device (no peer
      met it there, cx.md section 5; the answer is Gigya's 401020 from other tenants).
    - login_refusal: Gigya refuses every password sign-in with this `errorCode` (UNVERIFIED:
      no peer met a refusal at Dominion besides those gigya.py cites; Gigya's error list
      has many more, e.g. 206001 "Account Pending Registration", which a client can only
      take as "sign in another way").
    - tfa_code: the code every two-factor "SMS" or e-mail carries.
    - date_cells: Dominion's workbook `Date` column as date cells, not "MM/DD/YYYY" text.
    - reread_days: Alliant days whose hourly rows come back duplicated (besides the days
      chosen by chance, see alliant_usage.py).
    """

    access_lifetime: timedelta = timedelta(minutes=30)
    refresh_lifetime: timedelta | None = None
    session_lifetime: timedelta | None = None
    refresh_revives_expired: bool = False
    rotated_refresh_valid: bool = False
    refuse_refresh: bool = False
    browser_check: bool = False
    captcha: bool = False
    login_refusal: int | None = None
    tfa_code: str = "246810"
    date_cells: bool = False
    reread_days: set[date] = field(default_factory=set)


@dataclass(slots=True)
class CxCounters:
    """What a CX tenant has been asked, for the benchmark and the tests."""

    logins: int = (
        0  # successful Login/auth (password at Alliant, token exchange at Dominion)
    )
    refused_logins: int = 0
    password_logins: int = (
        0  # successful password checks (Alliant Login/auth, Gigya login)
    )
    refreshes: int = 0
    refused_refreshes: int = 0
    codes_sent: int = 0  # two-factor codes sent
    downloads: int = 0  # Dominion workbooks served


@dataclass(slots=True)
class CxState:
    """A CX tenant's switches, counters and token issuer."""

    switches: CxSwitches
    counters: CxCounters
    tokens: CxTokens


@dataclass(frozen=True, slots=True)
class CxRoute:
    """A CX call: its method and its path pattern, matched regardless of case."""

    method: str
    pattern: re.Pattern[str]
    handler: CxHandler


def cx_route(method: str, path: str, handler: CxHandler) -> CxRoute:
    """Return a route for `path`, where `{name}` matches one path segment."""
    parts = re.split(r"\{(\w+)\}", path)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)"
        for i, part in enumerate(parts)
    )
    return CxRoute(method, re.compile(regex, re.IGNORECASE), handler)


def status(
    code: int = 200, message: str = "success", *, error: bool = False
) -> dict[str, Any]:
    """Return the platform's `status` block (DP docs/auth-flow.md:500-505)."""
    return {
        "type": "error" if error else "success",
        "code": code,
        "message": message,
        "error": error,
    }


def ok(data: Any) -> web.Response:
    """Answer `{"status": success, "data": ...}`."""
    return web.json_response({"status": status(), "data": data})


def refused(message: str = UNAUTHORIZED, http_status: int = 401) -> web.Response:
    """Answer a refused credential in the service's words (AL4 71593796303)."""
    return web.json_response(
        {"status": {"type": "error", "message": message}, "data": None},
        status=http_status,
    )


def usage_result(result: Any) -> web.Response:
    """Answer the usage module's envelope (DR: StatusCode, Message, Result)."""
    return web.json_response(
        {"StatusCode": 200, "Message": "Request successful.", "Result": result}
    )


def query(request: web.Request, name: str) -> str:
    """Return a query parameter, its name matched regardless of case (as ASP.NET binds)."""
    wanted = name.lower()
    return next((v for k, v in request.query.items() if k.lower() == wanted), "")


def bearer(request: web.Request) -> str:
    """Return the token of an `Authorization: Bearer` header ("" when absent)."""
    header = request.headers.get("Authorization", "").strip()
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def mdy(day: date | datetime, sep: str = "-") -> str:
    """Return `MM-DD-YYYY` (or with another separator)."""
    return f"{day:%m}{sep}{day:%d}{sep}{day:%Y}"


def mdy_time(day: date) -> str:
    """Return `MM/DD/YYYY 00:00:00`, the SAP-side date of Dominion's answers."""
    return f"{mdy(day, '/')} 00:00:00"


class CxDialect(Dialect):
    """A CX tenant: one catch-all route and a case-insensitive table of calls."""

    api_reads: ClassVar[bool] = True
    portal_origin: ClassVar[str] = ""

    def __init__(self, portal: SewPortal, state: CxState) -> None:
        """Keep the portal and the tenant's switches, counters and tokens."""
        super().__init__(portal)
        self.state = state
        self._table: list[CxRoute] = []

    @property
    def switches(self) -> CxSwitches:
        """Return the tenant's switches."""
        return self.state.switches

    def cx_routes(self) -> list[CxRoute]:
        """Return the tenant's calls."""
        raise NotImplementedError

    def routes(self) -> list[Route]:
        """Route every path through the case-insensitive table."""
        self._table = self.cx_routes()
        return [Route("*", "/{tail:.*}", self._dispatch)]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        """Answer a request from the table: 404 for an unknown path, 405 a wrong method."""
        known = False
        for route in self._table:
            if (found := route.pattern.fullmatch(request.path)) is None:
                continue
            known = True
            if route.method == request.method:
                if self.switches.browser_check and not self._looks_like_portal(request):
                    return web.Response(
                        status=403, text=BLOCK_PAGE, content_type="text/html"
                    )
                return await route.handler(request, found.groupdict())
        return web.Response(status=405 if known else 404)

    def _looks_like_portal(self, request: web.Request) -> bool:
        """Tell whether a request carries the portal's Origin and a browser User-Agent.

        Which signals Cloudflare really weighs is unknown; every aiohttp peer sends these
        two (AL1 client.py:56-74, AL2 client.py:154-173 with "Mozilla/9.0 ...", AL3).
        """
        origin = request.headers.get("Origin", "").rstrip("/")
        agent = request.headers.get("User-Agent", "")
        return origin.lower() == self.portal_origin and "Mozilla/" in agent

    def server_error(self, request: web.Request) -> web.Response:
        """Answer an injected server error (unverified envelope)."""
        return web.json_response(SERVER_ERROR, status=500)

    def wrong_shape(self, request: web.Request) -> web.Response:
        """Answer a well-formed answer of the wrong shape."""
        return web.json_response({"status": status(), "data": "Unexpected"})

    def token_lifetime(self, kind: str) -> timedelta | None:
        """Access tokens live as the switch says."""
        return self.switches.access_lifetime if kind == ACCESS else None


def cx_state(portal: SewPortal) -> CxState:
    """Return the switches, counters and tokens of a CX profile's portal."""
    for dialect in portal.dialects:
        if isinstance(dialect, CxDialect):
            return dialect.state
    raise ValueError(f"Profile {portal.profile.name!r} is not a CX tenant")
