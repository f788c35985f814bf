"""The page methods of a signed-in session, and how every page method answers.

Answers: `{"d": "<JSON string>"}` (ACWD1 helpers.py:17-47; CPAU session.py:338), `{"d": true}`
(TANGO main.go:295), `d` an object (LoadBilling: ACWD2 sensor.py:222, SCM dashboard.js
:1030-1044), with the answer headers of CPAU's capture (f6351643 api_responses.json).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from simulators.sew.server.sessions import Session
from simulators.sew.truth import SimAccount

from .base import text_field
from .web_billing import WebBilling
from .web_pages import address_id
from .web_style import WebStyle
from .web_usage import NoRecordsError, WebUsage

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

# The answer headers of CPAU's capture (f6351643 api_responses.json).
ANSWER_HEADERS = {
    "Cache-Control": "no-cache, no-store",
    "Pragma": "no-cache",
    "Expires": "-1",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
}

type WebMethod = Callable[[Call], Awaitable[web.Response]]


def d_answer(value: Any) -> web.Response:
    """Answer `{"d": value}`."""
    return web.json_response({"d": value}, headers=ANSWER_HEADERS)


def d_json(value: Any) -> web.Response:
    """Answer `{"d": "<value as a JSON string>"}` (compact, as CPAU's LoadUsage capture)."""
    return d_answer(json.dumps(value, separators=(",", ":")))


def framework_error() -> web.Response:
    """Answer ASP.NET AJAX's HTTP 500 for a call it cannot bind or an unknown method.

    The framework's answer with custom errors on (no SEW tenant's was captured).
    """
    return web.json_response(
        {
            "Message": "There was an error processing the request.",
            "StackTrace": "",
            "ExceptionType": "",
        },
        status=500,
        headers={"jsonerror": "true"},
    )


@dataclass(slots=True)
class CookieState:
    """What the portal keeps under one ASP.NET_SessionId cookie."""

    cookie: str
    csrf: str
    verification: str
    fresh: bool = True
    session: Session | None = None
    contract: str | None = None
    return_path: str | None = None


@dataclass(frozen=True, slots=True)
class Call:
    """A page method call of a signed-in session, its CSRF token checked."""

    request: web.Request
    portal: SewPortal
    state: CookieState
    session: Session
    account: SimAccount
    body: dict[str, Any]

    async def gate(
        self, *, meter: str | None = None, days: tuple[date, ...] = ()
    ) -> web.Response | None:
        """Count the call and return a scoped fault's answer, if any."""
        return await self.portal.gate(
            self.request, meter=meter, days=days, login=self.session.username
        )


class WebMethods:
    """The page methods a signed-in session calls, by (page, method) in lower case."""

    def __init__(self, portal: SewPortal, style: WebStyle) -> None:
        """Keep the usage and billing answers."""
        self.usage = WebUsage(portal, style)
        self.billing = WebBilling(portal)
        # A fault, not an evidenced shape: a portal that answers the switch but keeps the
        # contract. No peer shows a real portal doing so (nor the switch's answer), so a
        # client must notice by what the later calls answer; tests prove no crossed data.
        self.ignore_switches = False
        self.table: dict[tuple[str, str], WebMethod] = {
            ("common.aspx", "handleaddressdropdownchange"): self._switch,
            ("usages.aspx", "bindmultimeter"): self._meters,
            ("usages.aspx", "loadusage"): self._usage,
            ("usages.aspx", "loadwaterusage"): self._usage,
            ("usages.aspx", "loadgasusage"): self._usage,
            ("usages.aspx", "isinverted"): self._inverted,
            ("billdashboard.aspx", "loadbilling"): self._balance,
            ("billdashboard.aspx", "bindunpaidinvoicesdetailsingrid"): self._unpaid,
            ("billinghistory.aspx", "loadw2uigriddata"): self._history,
        }

    async def _switch(self, call: Call) -> web.Response:
        """Switch the session's contract: `{"ddlAddressSelectedValue": "<AddressId>"}`.

        HID-W api.py:195-207 sends the `Addressid` of the address list; a whole
        `ddlAddress` option value is read by its [1]. Its answer is unknown (HID-W ignores
        it): `{"d": null}`, what ASP.NET answers for a method returning nothing, so a
        client must not read this null as "signed out" (ASSUMPTION).
        """
        if fault := await call.gate():
            return fault
        if self.ignore_switches:
            return d_answer(None)
        value = text_field(call.body, "ddlAddressSelectedValue").strip()
        wanted = value.split(":")[1] if value.count(":") >= 6 else value
        for account in call.session.login.accounts:
            if address_id(account) == wanted:
                call.state.contract = account.number
        return d_answer(None)

    async def _meters(self, call: Call) -> web.Response:
        """Answer BindMultiMeter for the current contract."""
        if fault := await call.gate():
            return fault
        return d_answer(self.usage.meters(call.account, call.body))

    async def _inverted(self, call: Call) -> web.Response:
        """Answer IsInverted."""
        if fault := await call.gate():
            return fault
        return d_answer(self.usage.inverted())

    async def _usage(self, call: Call) -> web.Response:
        """Answer LoadUsage, LoadWaterUsage or LoadGasUsage for the current contract."""
        method = call.request.match_info["method"].lower()
        query = self.usage.query(call.account, method, call.body)
        meter = query.meter.number if query.meter else None
        if fault := await call.gate(meter=meter, days=query.days):
            return fault
        try:
            return d_json(self.usage.answer(call.account, query))
        except NoRecordsError:
            return d_answer("")

    async def _balance(self, call: Call) -> web.Response:
        """Answer LoadBilling: `d` is an object here (ACWD2 sensor.py:222)."""
        if fault := await call.gate():
            return fault
        return d_answer(self.billing.balance(call.account))

    async def _unpaid(self, call: Call) -> web.Response:
        """Answer BindUnpaidInvoicesdetailsinGrid (the default contract's, always)."""
        if fault := await call.gate():
            return fault
        return d_json(self.billing.unpaid(call.session.login.accounts))

    async def _history(self, call: Call) -> web.Response:
        """Answer BillingHistory.aspx/LoadW2UIGridData for the current contract."""
        if fault := await call.gate():
            return fault
        return d_json(self.billing.history(call.account))
