"""What every tenant dialect is: routes, its own failure answers, and shared helpers.

A dialect is one way a SEW tenant speaks on the wire (the JSON API of Hidroelectrica, NB
Power's WidgetAPI, the mobile `.svc` services, ...). It reads requests, asks the portal for
the truth, sessions and faults (`SewPortal`), and answers in its tenant's shapes. New
flavors (the ASP.NET web portal, SEW's CX REST) are new modules beside this one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
import json
from typing import TYPE_CHECKING, Any, ClassVar

from aiohttp import web

from simulators.sew.server.crypto import IVS

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
type DialectFactory = Callable[["SewPortal"], "Dialect"]

ENCRYPTIONS = frozenset({*IVS, "none"})
AMOUNT_STYLES = frozenset({"comma", "currency"})
HISTORY_DATE_STYLES = frozenset({"mdy_time", "dmy"})


@dataclass(frozen=True, slots=True)
class Route:
    """One HTTP route a dialect serves."""

    method: str
    path: str
    handler: Handler


@dataclass(frozen=True, slots=True)
class DialectOptions:
    """Variants a tenant may use, chosen when the portal starts.

    - encryption: how the mobile services decrypt requests ("android": IV = key, "ios":
      zero IV, "none": parameters in the clear, as "some utilities opted out" of the
      encryption per the seed article, ../seeds/sew-smart-customer-mobile-api.txt:32);
    - encrypt_login_answers: whether mobile login answers come back encrypted (unverified);
    - amount_style: Hidroelectrica's money strings, "comma" ("1.234,56") or "currency"
      ("RON 1.234,56");
    - history_dates: Hidroelectrica's history dates, "mdy_time" ("06/15/2021 00:00:00") or
      "dmy" ("15/06/2021").
    """

    encryption: str = "android"
    encrypt_login_answers: bool = True
    amount_style: str = "comma"
    history_dates: str = "mdy_time"

    def __post_init__(self) -> None:
        """Refuse unknown variants."""
        if self.encryption not in ENCRYPTIONS:
            raise ValueError(f"Unknown encryption {self.encryption!r}")
        if self.amount_style not in AMOUNT_STYLES:
            raise ValueError(f"Unknown amount style {self.amount_style!r}")
        if self.history_dates not in HISTORY_DATE_STYLES:
            raise ValueError(f"Unknown history date style {self.history_dates!r}")


class Dialect:
    """A tenant dialect: subclasses list their routes and answer in their shapes."""

    name: ClassVar[str] = "dialect"

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal whose truth, sessions and faults the dialect serves."""
        self.portal = portal

    def routes(self) -> list[Route]:
        """Return the routes the dialect serves."""
        raise NotImplementedError

    def describe(self, base_url: str) -> list[str]:
        """Return lines telling a developer where the dialect answers."""
        return []

    def token_lifetime(self, kind: str) -> timedelta | None:
        """Return how long credentials of a kind live (None: the portal's default)."""
        return None

    def server_error(self, request: web.Request) -> web.Response:
        """Answer an injected server error (ASP.NET's unhandled-exception answer)."""
        return web.json_response({"Message": "An error has occurred."}, status=500)

    def wrong_shape(self, request: web.Request) -> web.Response:
        """Answer an injected well-formed answer of the wrong shape."""
        return web.json_response(
            {"responsestatus": 1, "result": {"Status": 1, "Data": "Unexpected"}}
        )


async def read_json(request: web.Request) -> Any:
    """Return a request's JSON body (None when it is not JSON)."""
    try:
        return json.loads(await request.read() or b"null")
    except ValueError:
        return None


def field(body: Mapping[str, Any], name: str) -> Any:
    """Return a JSON body member the way Json.NET binds it: names match case-insensitively."""
    if name in body:
        return body[name]
    wanted = name.lower()
    return next((v for k, v in body.items() if k.lower() == wanted), None)


def text_field(body: Mapping[str, Any], name: str) -> str:
    """Return a member as text ("" when missing or null)."""
    value = field(body, name)
    return "" if value is None else str(value)


def flag(value: Any) -> bool:
    """Read a boolean as the peers send it: JSON true/false or "true"/"false" (any case)."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "1"}


def parse_day(text: str, formats: tuple[str, ...]) -> date | None:
    """Parse a request date in any of the given formats (None: empty or unknown)."""
    text = text.strip()
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def long_date(day: date) -> str:
    """Return `July 27, 2026` (no zero padding)."""
    return f"{day:%B} {day.day}, {day.year}"
