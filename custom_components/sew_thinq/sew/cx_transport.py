"""One CX call: the headers each tenant's peers send, Bearer tokens, and typed refusals.

Sources (keys of /work/research/cx.md):
- Alliant: every call carries the portal's `Origin`/`Referer`, a browser `User-Agent`,
  `pt: 1`, `uid: 2` and (since the 2026-01 backend change) `st: PL`; the sign-in `uid: 1`
  (AL1 client.py:56-74, 138-143; AL2 client.py:161-172; AL4 "uid ... 1 on the login and 2
  on everything after it"). "Cloudflare fronts this API and rejects requests that do not
  look like the portal" (AL3), answering an HTML 403 (AL4 70950587806).
- Dominion: `Content-Type`/`Accept` JSON, `uid: 1`, `pt: 1`, `channel: WEB`, the portal's
  `Origin`, a browser `User-Agent` (DP const.py:21-32); the token exchange `st: PL`, `pt`
  empty, an `e2eid` and the Gigya id_token as Bearer (DP gigya_auth.py:838-861).
- A refused token: HTTP 401 (or 403 on billing routes) `{"status": {"type": "error",
  "message": "Unauthorized Access"}}` (AL4 71593796303); refresh refused: HTTP 401 (DP
  auth.py:159-189; AL4).
- Envelopes: `{"status": {"type", "code", "message", "error"}, "data"}` (DP docs/auth-
  flow.md:497-520) and the usage module's `{"StatusCode", "Message", "Result"}` (DR).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
import re
from typing import Any, TypedDict, Unpack
import uuid

from yarl import URL

from .cx_tokens import token_session
from .dates import parse_date
from .errors import (
    PortalFailureError,
    SessionExpiredError,
    SewResponseError,
    login_failure,
)
from .flavor import PortalContext
from .http import Answer
from .layout import CxDialect
from .locale import DateOrder
from .session import PortalSession
from .values import Row, field, portal_message

USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/142.0.0.0 Safari/537.36"
)
PORTALS = {
    CxDialect.ALLIANT: "https://myaccount.alliantenergy.com",  # AL1 client.py:56-74
    CxDialect.DOMINION: "https://myaccount.dominionenergy.com",  # DP const.py:27
}
LOGIN_PATH = "/UsermanagementAPI/api/1/Login/auth"
# Alliant's refresh (AL4 70946447050 `alliantRefreshPath`); Dominion's is spelt with a
# lower-case `login` (DP const.py:9-10; DW api.py:444). Paths are case-insensitive on the
# platform (cx.md section 1), each tenant gets the spelling its peers use.
REFRESH_PATHS = {
    CxDialect.ALLIANT: "/UsermanagementAPI/api/1/Login/auth/refresh",
    CxDialect.DOMINION: "/UsermanagementAPI/api/1/login/auth/refresh",
}


def _status_failed(answer: Row) -> str | None:
    """Return the message of an envelope that says it failed, else None."""
    status = field(answer, "status")
    if isinstance(status, Mapping):
        failed = str(field(status, "type") or "").casefold() == "error" or (
            field(status, "error") is True
        )
        return portal_message(field(status, "message")) if failed else None
    code = field(answer, "StatusCode")
    if isinstance(code, int) and code >= 400:
        return portal_message(field(answer, "Message"))
    return None


class CxCall(TypedDict, total=False):
    """What a call carries besides its method, path and session."""

    params: Mapping[str, str]
    json_body: object


class CxTransport:
    """Send a CX tenant's calls with its headers and read its envelopes."""

    def __init__(self, context: PortalContext) -> None:
        """Keep the context; the tenant's dialect says which headers it wants."""
        self._context = context
        self._layout = context.layout
        self.dialect = context.layout.cx_dialect or CxDialect.ALLIANT

    def headers(self, token: str | None = None) -> dict[str, str]:
        """Return the headers of a call after the sign-in."""
        origin = PORTALS[self.dialect]
        headers = {
            "Accept": "application/json, text/plain, */*",
            "Content-Type": "application/json",
            "Origin": origin,
            "Referer": f"{origin}/",
            "User-Agent": USER_AGENT,
            "pt": "1",
        }
        if self.dialect is CxDialect.ALLIANT:
            headers.update({"uid": "2", "st": "PL"})
        else:
            headers.update({"uid": "1", "channel": "WEB"})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def url(self, path: str, params: Mapping[str, str] | None = None) -> str:
        """Return the address of a call on the CX host."""
        url = URL(f"{self._layout.service_root}{path}")
        return str(url.with_query(params)) if params else str(url)

    async def send(
        self, method: str, path: str, session: PortalSession, **call: Unpack[CxCall]
    ) -> Answer:
        """Send a call with the session's token; 401/403 (not a block page) end it."""
        answer = await self._context.http.request(
            method,
            self.url(path, call.get("params")),
            headers=self.headers(session.token),
            json_body=call.get("json_body"),
        )
        if answer.status in (401, 403) and not answer.is_html:
            raise SessionExpiredError(
                f"The portal refused the access token (HTTP {answer.status})"
            )
        return answer

    async def call(
        self, method: str, path: str, session: PortalSession, **call: Unpack[CxCall]
    ) -> Row:
        """Send a call and return its JSON envelope; a failure status raises."""
        return self.envelope(await self.send(method, path, session, **call))

    @staticmethod
    def envelope(answer: Answer) -> Row:
        """Return an answer's envelope; raise for failures and answers of other shapes."""
        body = answer.json()
        if not isinstance(body, Mapping):
            raise SewResponseError(f"The answer to {answer.where} is not an object")
        if (message := _status_failed(body)) is not None or answer.status >= 400:
            raise PortalFailureError(
                f"The portal refused {answer.where} (HTTP {answer.status}): "
                f"{message or 'no reason given'}",
                message or "",
            )
        return body

    async def sign_in(self, username: str, password: str) -> PortalSession:
        """Sign in with a password at `Login/auth` (AL1 client.py:119-157)."""
        headers = {**self.headers(), "uid": "1", "st": "PL"}
        body = {
            "username": username,
            "password": password,
            "guestToken": "",
            "customattributes": {
                "ip": "",
                "client": "Web",
                "version": "-",
                "deviceId": "||Chrome||142||Windows||-||",
                "deviceName": "Chrome",
                "deviceType": 0,
                "os": "Windows",
            },
        }
        answer = await self._context.http.request(
            "POST", self.url(LOGIN_PATH), headers=headers, json_body=body
        )
        return self._signed_in(answer, refusal=True)

    async def exchange(self, id_token: str) -> PortalSession:
        """Exchange a Gigya id_token for CX tokens (DP gigya_auth.py:838-889)."""
        headers = {
            **self.headers(id_token),
            "e2eid": str(uuid.uuid4()),
            "pt": "",
            "st": "PL",
        }
        body = {
            "username": "",
            "password": "",
            "guestToken": id_token,
            "customattributes": dict.fromkeys(
                ("client", "version", "deviceId", "deviceName", "os"), ""
            ),
        }
        answer = await self._context.http.request(
            "POST", self.url(LOGIN_PATH), headers=headers, json_body=body
        )
        return self._signed_in(answer, refusal=False)

    def _signed_in(self, answer: Answer, *, refusal: bool) -> PortalSession:
        """Return the session a `Login/auth` answer opens; raise its refusal."""
        if answer.status in (400, 401, 403) and not answer.is_html:
            try:
                body = answer.json()
            except SewResponseError:
                body = None
            status = field(body, "status") if isinstance(body, Mapping) else None
            message = (
                portal_message(field(status, "message"))
                if isinstance(status, Mapping)
                else ""
            )
            if refusal:
                raise login_failure(message)
            raise SessionExpiredError(
                f"The portal refused the sign-in's token: {message or answer.status}"
            )
        envelope = self.envelope(answer)
        return token_session(field(envelope, "data"), now=datetime.now(UTC))

    async def refresh(self, session: PortalSession) -> PortalSession:
        """Rotate both tokens; raise SessionExpiredError when the refresh is refused.

        `{"refreshToken"}` with the access token as Bearer (DP auth.py:128-207; AL4).
        """
        answer = await self._context.http.request(
            "POST",
            self.url(REFRESH_PATHS[self.dialect]),
            headers=self.headers(session.token),
            json_body={"refreshToken": session.refresh_token or ""},
        )
        if answer.status in (400, 401, 403) and not answer.is_html:
            raise SessionExpiredError(
                f"The portal refused the refresh token (HTTP {answer.status})"
            )
        envelope = self.envelope(answer)
        return token_session(
            field(envelope, "data"), now=datetime.now(UTC), previous=session
        )


_DASHED = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})")


def us_date(value: object) -> date | None:
    """Read a CX date: `MM-DD-YYYY` (bills, AL4; DW), `MM/DD/YYYY HH:MM:SS` or ISO."""
    if isinstance(value, str) and (match := _DASHED.match(value.strip())):
        value = "/".join(match.groups())
    return parse_date(value, DateOrder.MONTH_FIRST)


def require_data(envelope: Row, what: str) -> Any:
    """Return an envelope's `data` (or `Result`); raise when it has none."""
    data = field(envelope, "data", "Result")
    if data is None:
        raise SewResponseError(f"The answer to {what} carries no data")
    return data
