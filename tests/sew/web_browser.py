"""A plain HTTP stand-in for a browser on the simulated web portals (not our client).

It keeps cookies (127.0.0.1 needs an unsafe cookie jar), reads hidden inputs and the address
list with the standard library's HTML parser, and posts page methods with the headers the
peers send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
import json
from typing import Any

import aiohttp

from simulators.sew import DEMO_PASSWORD

# ACWD1's body (funkadelic/ha-acwd acwd_api.py:236-245).
ACWD_LOGIN = {
    "rememberme": False,
    "calledFrom": "LN",
    "ExternalLoginId": "",
    "LoginMode": "1",
    "utilityAcountNumber": "",
    "isEdgeBrowser": False,
}


class PageParser(HTMLParser):
    """Collects inputs, the address list items and the `ddlAddress` options of a page."""

    def __init__(self) -> None:
        """Start empty."""
        super().__init__()
        self.inputs: list[dict[str, str]] = []
        self.items: list[dict[str, str]] = []
        self.options: list[dict[str, str]] = []
        self.select = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Keep the attributes of inputs, list items and options."""
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "input":
            self.inputs.append(values)
        elif tag == "li" and "data-id" in values:
            self.items.append(values)
        elif tag == "select":
            self.select = values.get("id", "")
        elif tag == "option" and self.select == "ddlAddress":
            self.options.append(values)


def parse(page: str) -> PageParser:
    """Return a parsed page."""
    parser = PageParser()
    parser.feed(page)
    return parser


def field_value(page: str, *, by_id: str = "", by_name: str = "") -> str | None:
    """Return an input's value, found by id or by name."""
    for attributes in parse(page).inputs:
        if (by_id and attributes.get("id") == by_id) or (
            by_name and attributes.get("name") == by_name
        ):
            return attributes.get("value", "")
    return None


@dataclass
class Browser:
    """A cookie session on a portal folder URL (ending in "/")."""

    http: aiohttp.ClientSession
    url: str
    token: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    async def get(
        self, path: str = "", *, follow: bool = True
    ) -> tuple[int, str, aiohttp.ClientResponse]:
        """GET a page; return status, text and the response."""
        async with self.http.get(self.url + path, allow_redirects=follow) as response:
            return response.status, await response.text(), response

    async def call(
        self,
        method: str,
        body: Any = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        """POST a page method with the CSRF header; return status and the envelope."""
        sent = {"X-Requested-With": "XMLHttpRequest", "isajax": "1", **self.headers}
        chosen = self.token if token is None else token
        if chosen:
            sent["csrftoken"] = chosen
        sent.update(headers or {})
        async with self.http.post(
            self.url + method, json={} if body is None else body, headers=sent
        ) as response:
            text = await response.text()
            return response.status, json.loads(text) if text else None

    async def d(self, method: str, body: Any = None, **options: Any) -> Any:
        """Return a call's `d`, decoded when it is a JSON string."""
        status, envelope = await self.call(method, body, **options)
        assert status == 200, envelope
        value = envelope["d"]
        if isinstance(value, str) and value[:1] in {"{", "["}:
            return json.loads(value)
        return value

    async def login(self, username: str, password: str = DEMO_PASSWORD) -> Any:
        """Load the login page, then validateLogin with ACWD1's body; return `d` decoded."""
        _, page, _ = await self.get()
        self.token = field_value(page, by_id="hdnCSRFToken") or ""
        body = {"username": username, "password": password, **ACWD_LOGIN}
        return await self.d("default.aspx/validateLogin", body, token="")

    async def page_token(self, path: str) -> str:
        """Load a page under the master page and take its `ctl00$hdnCSRFToken`."""
        status, page, _ = await self.get(path)
        assert status == 200
        token = field_value(page, by_name="ctl00$hdnCSRFToken")
        assert token
        self.token = token
        return token


def new_http() -> aiohttp.ClientSession:
    """Return an HTTP session keeping cookies of 127.0.0.1."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
