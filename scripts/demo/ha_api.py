"""Home Assistant's public REST and websocket APIs, used the way the frontend uses them."""

from __future__ import annotations

from html.parser import HTMLParser
import itertools
from typing import Any
from urllib.parse import urljoin

import aiohttp

from .stack import HA_URL, StackError

CLIENT_ID = f"{HA_URL}/"
REDIRECT_URI = f"{HA_URL}/?auth_callback=1"


class ApiError(StackError):
    """Home Assistant answered a request with an error."""


class HomeAssistantApi:
    """An authenticated session with Home Assistant (REST and one websocket)."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        """Use `session` for every request."""
        self.session = session
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)

    # Plain requests.

    async def request(
        self, method: str, path: str, json: Any = None, *, auth: bool = True
    ) -> Any:
        """Send a request; return the JSON answer, or raise ApiError with the answer."""
        headers = {}
        if auth:
            if self.access_token is None:
                raise ApiError(f"{method} {path}: not logged in")
            headers["Authorization"] = f"Bearer {self.access_token}"
        async with self.session.request(
            method, HA_URL + path, json=json, headers=headers
        ) as response:
            text = await response.text()
            if response.status >= 400:
                raise ApiError(f"{method} {path} answered {response.status}: {text}")
            return await response.json(content_type=None) if text else None

    async def onboarding_steps(self) -> dict[str, bool]:
        """Return each onboarding step and whether it is done (no login needed).

        Once onboarding is finished, Home Assistant no longer serves /api/onboarding:
        the answer is then an empty dict.
        """
        async with self.session.get(f"{HA_URL}/api/onboarding") as response:
            if response.status == 404:
                return {}
            if response.status != 200:
                raise ApiError(f"GET /api/onboarding answered {response.status}")
            steps = await response.json()
        return {step["step"]: step["done"] for step in steps}

    async def http_up(self) -> bool:
        """Return whether Home Assistant's HTTP server answers (no login needed).

        Before onboarding, /auth/providers answers 400 onboarding_required: an answer.
        """
        async with self.session.get(f"{HA_URL}/auth/providers") as response:
            return response.status < 500

    async def _token(self, form: dict[str, str]) -> None:
        async with self.session.post(f"{HA_URL}/auth/token", data=form) as response:
            answer = await response.json(content_type=None)
            if response.status != 200:
                raise ApiError(f"POST /auth/token answered {response.status}: {answer}")
        self.access_token = answer["access_token"]
        self.refresh_token = answer.get("refresh_token", self.refresh_token)

    async def _exchange(self, code: str) -> None:
        await self._token(
            {"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID}
        )

    async def onboard(self, name: str, username: str, password: str) -> None:
        """Do every onboarding step as the frontend's wizard does, and log in."""
        steps = await self.onboarding_steps()
        if not steps.get("user"):
            answer = await self.request(
                "POST",
                "/api/onboarding/users",
                {
                    "client_id": CLIENT_ID,
                    "name": name,
                    "username": username,
                    "password": password,
                    "language": "en",
                },
                auth=False,
            )
            await self._exchange(answer["auth_code"])
        else:
            await self.login(username, password)
        if not steps.get("core_config"):
            await self.request("POST", "/api/onboarding/core_config", {})
        if not steps.get("analytics"):
            await self.request("POST", "/api/onboarding/analytics", {})
        if not steps.get("integration"):
            answer = await self.request(
                "POST",
                "/api/onboarding/integration",
                {"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI},
            )
            # The frontend signs in with this code once the wizard is finished.
            await self._exchange(answer["auth_code"])

    async def login(self, username: str, password: str) -> None:
        """Log in through the login flow, as the frontend's login page does."""
        flow = await self.request(
            "POST",
            "/auth/login_flow",
            {
                "client_id": CLIENT_ID,
                "handler": ["homeassistant", None],
                "redirect_uri": REDIRECT_URI,
            },
            auth=False,
        )
        result = await self.request(
            "POST",
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": CLIENT_ID, "username": username, "password": password},
            auth=False,
        )
        if result.get("type") != "create_entry":
            raise ApiError(
                f"could not log in as {username}: {result.get('errors') or result}"
            )
        await self._exchange(result["result"])

    # Websocket.

    async def ws(self, message_type: str, **fields: Any) -> Any:
        """Send one websocket command; return its result or raise ApiError."""
        if self._ws is None or self._ws.closed:
            self._ws = await self.session.ws_connect(
                f"{HA_URL}/api/websocket", max_msg_size=0
            )
            hello = await self._ws.receive_json()
            if hello.get("type") != "auth_required":
                raise ApiError(f"websocket: unexpected greeting {hello}")
            await self._ws.send_json(
                {"type": "auth", "access_token": self.access_token}
            )
            answer = await self._ws.receive_json()
            if answer.get("type") != "auth_ok":
                raise ApiError(f"websocket authentication failed: {answer}")
        message_id = next(self._ids)
        await self._ws.send_json({"id": message_id, "type": message_type, **fields})
        while True:
            answer = await self._ws.receive_json(timeout=60)
            if answer.get("id") != message_id or answer.get("type") != "result":
                continue
            if not answer.get("success"):
                raise ApiError(f"websocket {message_type}: {answer.get('error')}")
            return answer.get("result")

    async def close(self) -> None:
        """Close the websocket."""
        if self._ws is not None:
            await self._ws.close()

    # Config flows.

    async def flow_start(self, handler: str) -> dict[str, Any]:
        """Start a config flow as "Add integration" does."""
        result: dict[str, Any] = await self.request(
            "POST",
            "/api/config/config_entries/flow",
            {"handler": handler, "show_advanced_options": False},
        )
        return result

    async def flow_step(self, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Submit a flow step's form (or menu choice)."""
        result: dict[str, Any] = await self.request(
            "POST", f"/api/config/config_entries/flow/{flow_id}", data
        )
        return result

    async def config_entries(self, domain: str) -> list[dict[str, Any]]:
        """Return the config entries of a domain."""
        entries: list[dict[str, Any]] = await self.request(
            "GET", f"/api/config/config_entries/entry?domain={domain}"
        )
        return entries

    async def states(self) -> dict[str, dict[str, Any]]:
        """Return every entity's state by entity id."""
        states = await self.request("GET", "/api/states")
        return {state["entity_id"]: state for state in states}


def expect_step(result: dict[str, Any], kind: str, step_id: str | None = None) -> None:
    """Fail unless a flow answered with the expected kind of step and no errors."""
    errors = result.get("errors")
    if result.get("type") != kind or (step_id and result.get("step_id") != step_id):
        raise ApiError(
            f"expected {kind} {step_id or ''} but the flow answered "
            f"{result.get('type')} {result.get('step_id') or result.get('reason') or ''}"
            + (f" with errors {errors}" if errors else "")
        )
    if errors:
        raise ApiError(f"flow step {step_id} shows errors {errors}")


class _FormParser(HTMLParser):
    """The first form of a page: its action and its inputs' values.

    LG's sign-in page has a second form ("Continue with Google") left alone.
    """

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._closed = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.action is not None:
            self._closed = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._closed:
            return
        if tag == "form" and self.action is None:
            self.action = values.get("action") or ""
        elif tag == "input" and values.get("name"):
            self.fields[values["name"] or ""] = values.get("value") or ""


async def sign_in_like_a_browser(
    session: aiohttp.ClientSession, login_url: str, username: str, password: str
) -> str:
    """Open LG's sign-in page, submit its form, and return where it redirects to."""
    async with session.get(login_url) as response:
        if response.status != 200:
            raise StackError(f"sign-in page {login_url} answered {response.status}")
        page = await response.text()
        page_url = str(response.url)
    form = _FormParser()
    form.feed(page)
    if form.action is None or "username" not in form.fields:
        raise StackError(f"no sign-in form on {login_url}")
    fields = form.fields | {"username": username, "password": password}
    async with session.post(
        urljoin(page_url, form.action), data=fields, allow_redirects=False
    ) as response:
        location = response.headers.get("Location")
        if response.status not in (301, 302, 303) or not location:
            raise StackError(
                f"signing in on {login_url} answered {response.status}, not a redirect"
            )
    return urljoin(page_url, location)
