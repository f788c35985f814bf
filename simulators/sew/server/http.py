"""The HTTP front of a simulated portal: routes, middleware, fault answers, server start.

The front knows no dialect: the profile's dialects list their routes, and every request
passes the same middleware (counting, latency, unscoped faults); a dialect calls
`SewPortal.gate` once it knows the meter, days and login a request concerns, for the
scoped faults and the per-meter and per-login counters.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, date, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING

from aiohttp import web
from aiohttp.web_urldispatcher import AbstractRoute

from simulators.sew.dialects.base import Dialect, Handler

from .faults import Fault, FaultRule, RequestScope
from .pages import MAINTENANCE_PAGE

if TYPE_CHECKING:
    from .portal import SewPortal

MALFORMED_JSON = '{"responsestatus": 1, "result": {"Status": 1, "Data": {"Tab'


class HttpFront:
    """Serves a portal's dialects: counts requests and answers injected faults."""

    def __init__(self, portal: SewPortal) -> None:
        """Build the aiohttp application of the portal's dialects."""
        self.portal = portal
        self._owners: dict[AbstractRoute, Dialect] = {}
        self.app = web.Application(middlewares=[self._middleware])
        for dialect in portal.dialects:
            for route in dialect.routes():
                added = self.app.router.add_route(
                    route.method, route.path, route.handler
                )
                self._owners[added] = dialect

    def _dialect_for(self, request: web.Request) -> Dialect:
        """Return the dialect serving a request (the first one for unknown paths)."""
        return self._owners.get(request.match_info.route, self.portal.dialects[0])

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        """Count calls, add latency and answer with an injected (unscoped) fault."""
        portal = self.portal
        if request.method == "POST":
            portal.requests[request.path] += 1
            if portal.latency:
                await asyncio.sleep(portal.latency)
        else:
            portal.page_requests[request.path] += 1
        scope = RequestScope(request.method, request.path)
        rule = portal.faults.take(scope, scoped=False)
        if rule is not None and (answer := await self._answer(rule, request)):
            return answer
        return await handler(request)

    async def gate(
        self,
        request: web.Request,
        *,
        meter: str | None,
        days: Iterable[date],
        login: str | None,
    ) -> web.Response | None:
        """Count a request by meter and login; return the answer of a scoped fault."""
        portal = self.portal
        if meter is not None:
            portal.requests_by_meter[meter] += 1
        if login is not None:
            portal.requests_by_login[login.lower()] += 1
        scope = RequestScope(request.method, request.path, meter, tuple(days), login)
        rule = portal.faults.take(scope, scoped=True)
        return None if rule is None else await self._answer(rule, request)

    async def _answer(
        self, rule: FaultRule, request: web.Request
    ) -> web.Response | None:
        """Return a fault's answer, or None to answer normally after it (a delay)."""
        dialect = self._dialect_for(request)
        match rule.fault:
            case Fault.DELAY:
                await asyncio.sleep(rule.delay)
                return None
            case Fault.SERVER_ERROR:
                return dialect.server_error(request)
            case Fault.HTML_PAGE:
                return web.Response(text=MAINTENANCE_PAGE, content_type="text/html")
            case Fault.MALFORMED_JSON:
                return web.Response(
                    text=MALFORMED_JSON, content_type="application/json"
                )
            case Fault.WRONG_SHAPE:
                return dialect.wrong_shape(request)
            case Fault.RATE_LIMIT:
                return web.Response(
                    status=429,
                    text="Too many requests",
                    headers={"Retry-After": self._retry_after(rule)},
                )

    def _retry_after(self, rule: FaultRule) -> str:
        """Return a Retry-After value: delay-seconds, or an HTTP date (RFC 9110 10.2.3)."""
        if not rule.retry_after_http_date:
            return f"{rule.retry_after:g}"
        moment = self.portal.now + timedelta(seconds=rule.retry_after)
        return format_datetime(moment.astimezone(UTC), usegmt=True)
