"""One HTTP exchange with a portal, and the errors every flavor maps alike."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
import json
import re
from typing import Any

import aiohttp
from yarl import URL

from .errors import (
    EndpointNotFoundError,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
)
from .values import portal_message

_TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the portal sent back."""

    status: int
    text: str
    content_type: str
    url: str
    # The body as sent, for binary answers (Dominion's workbook).
    body: bytes = field(default=b"", repr=False)

    @property
    def where(self) -> str:
        """Return the path asked, for messages (never the query: it may hold secrets)."""
        return URL(self.url).path

    @property
    def is_html(self) -> bool:
        """Tell whether the answer is a web page rather than data."""
        return self.content_type == "text/html" or self.text.lstrip().startswith("<")

    def json(self) -> Any:
        """Return the answer's JSON; raise for pages, missing addresses and bad JSON."""
        if self.status == 404:
            raise EndpointNotFoundError(f"The portal has no {self.where} (HTTP 404)")
        if self.is_html:
            title = _TITLE.search(self.text)
            page = f" ({portal_message(title.group(1))})" if title else ""
            raise SewConnectionError(
                f"The portal answered {self.where} with a web page{page}, "
                f"HTTP {self.status}, instead of data"
            )
        try:
            return json.loads(self.text)
        except ValueError:
            if self.status >= 400:
                raise SewResponseError(
                    f"The portal rejected the request to {self.where} (HTTP {self.status})"
                ) from None
            raise SewResponseError(
                f"The portal's answer to {self.where} is not valid JSON"
            ) from None


def retry_after(value: str | None) -> float | None:
    """Read a Retry-After header: seconds or an HTTP date."""
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except TypeError, ValueError, IndexError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


class PortalHttp:
    """Send requests to a portal over the caller's aiohttp session and count them."""

    def __init__(self, session: aiohttp.ClientSession, request_timeout: float) -> None:
        """Keep the HTTP session and how long to wait for an answer."""
        self._session = session
        self._timeout = request_timeout
        self.request_count = 0

    def cookies(self, url: str) -> dict[str, str]:
        """Return the cookies the session would send to an address."""
        return {
            name: morsel.value
            for name, morsel in self._session.cookie_jar.filter_cookies(
                URL(url)
            ).items()
        }

    def set_cookies(self, url: str, cookies: Mapping[str, str]) -> None:
        """Give the session cookies an address set earlier (kept across restarts)."""
        if cookies:
            self._session.cookie_jar.update_cookies(dict(cookies), URL(url))

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        json_body: object = None,
        form: Mapping[str, str] | None = None,
    ) -> Answer:
        """Send one request; raise for what no caller can use (no answer, 429, 5xx)."""
        self.request_count += 1
        where = URL(url)
        try:
            async with (
                asyncio.timeout(self._timeout),
                self._session.request(
                    method,
                    url,
                    headers=headers,
                    json=json_body if form is None and method != "GET" else None,
                    data=form,
                ) as response,
            ):
                raw = await response.read()
                answer = Answer(
                    response.status,
                    raw.decode("utf-8", errors="replace"),
                    response.content_type,
                    str(response.url),
                    raw,
                )
                wait = response.headers.get("Retry-After")
        except TimeoutError:
            raise SewConnectionError(
                f"The portal did not answer {where.path} within {self._timeout:g} s"
            ) from None
        except aiohttp.ClientError as err:
            raise SewConnectionError(
                f"Could not reach the portal at {where.host}: {type(err).__name__}"
            ) from err
        if answer.status == 429:
            seconds = retry_after(wait)
            hint = f"; retry after {seconds:g} s" if seconds is not None else ""
            raise SewRateLimitError(
                f"The portal is rate limiting requests{hint}", seconds
            )
        if answer.status >= 500:
            raise SewConnectionError(
                f"The portal failed to answer {where.path} (HTTP {answer.status})"
            )
        return answer
