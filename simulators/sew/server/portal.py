"""The simulated portal: one tenant profile served over HTTP.

It holds the clock, sessions, request counters and fault switches.

What a request meets on its way in is in http.py; what the tenant holds in truth/; how it
answers in dialects/.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from aiohttp import web

from simulators.sew.dialects.base import Dialect, DialectOptions
from simulators.sew.profiles import DEFAULT_PROFILE, Profile, resolve_profile
from simulators.sew.truth import (
    Bill,
    Channel,
    GroundTruth,
    HourTruth,
    Publisher,
    Reading,
    SimMeter,
    Withheld,
)
from simulators.sew.truth.tenants import DEMO_USERNAME

from .clock import Clock
from .faults import Fault, FaultBook, FaultRule
from .http import HttpFront
from .sessions import Session, SessionStore


class SewPortal:
    """The state of a simulated tenant: truth, publication, sessions, clock and faults."""

    def __init__(
        self,
        profile: str | Profile = DEFAULT_PROFILE,
        *,
        now: datetime | None = None,
        token_lifetime: timedelta = timedelta(minutes=20),
        latency: float = 0.0,
        **options: Any,
    ) -> None:
        """Set up a tenant profile; `now` fixes the clock (default: real time).

        `options` are the profile's variants (DialectOptions: encryption, amount_style, ...).
        """
        self.profile = resolve_profile(profile)
        self.options = DialectOptions(**options)
        self.latency = latency
        self.clock = Clock(now)
        self.truth = GroundTruth(self.profile.tenant, self.clock.now)
        self.publisher = Publisher(
            self.truth, self.profile.tenant.publication, self.clock.now
        )
        self.sessions = SessionStore(
            self.clock, self.profile.tenant.logins, lifetime=token_lifetime
        )
        self.faults = FaultBook()
        self.requests: Counter[str] = Counter()
        self.page_requests: Counter[str] = Counter()
        self.requests_by_meter: Counter[str] = Counter()
        self.requests_by_login: Counter[str] = Counter()
        self.dialects: list[Dialect] = [make(self) for make in self.profile.dialects]
        self.front = HttpFront(self)
        self.app = self.front.app

    # -- clock -----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """Return the portal's current time (aware)."""
        return self.clock.now()

    @now.setter
    def now(self, value: datetime | None) -> None:
        """Fix the clock (None: follow real time)."""
        self.clock.set(value)

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.clock.advance(delta)

    @property
    def today(self) -> date:
        """Return the local date in the account's zone."""
        return self.truth.today

    @property
    def zone(self) -> Any:
        """Return the account's current zone (a ZoneInfo)."""
        return self.truth.zone

    # -- what the profile holds --------------------------------------------------------------

    @property
    def encryption(self) -> str:
        """Return how the mobile services decrypt requests."""
        return self.options.encryption

    @property
    def meters(self) -> dict[str, SimMeter]:
        """Return every meter of the tenant by number."""
        return self.truth.meters

    def meter(self, number: str) -> SimMeter:
        """Return a meter by number."""
        return self.truth.meters[number]

    @property
    def token_lifetime(self) -> timedelta:
        """Return how long new sessions live."""
        return self.sessions.lifetime

    @token_lifetime.setter
    def token_lifetime(self, value: timedelta) -> None:
        """Change how long new sessions live."""
        self.sessions.lifetime = value

    @property
    def tokens(self) -> dict[str, Session]:
        """Return every credential issued so far, by token."""
        return self.sessions.sessions

    @property
    def login_keys(self) -> dict[str, str]:
        """Return the pre-login keys not used yet (key -> tokenId)."""
        return self.sessions.keys

    @property
    def request_total(self) -> int:
        """Return how many calls the portal has answered (pages excluded)."""
        return self.requests.total()

    # -- ground truth (see truth/) -------------------------------------------------------------

    @property
    def data_start(self) -> date:
        """Return the first day with data."""
        return self.truth.data_start

    @property
    def latest_published_day(self) -> date:
        """Return the newest local day with any published hour."""
        return self.publisher.latest_published_day

    @property
    def estimated_day(self) -> date:
        """Return the newest published day (an estimate)."""
        return self.publisher.estimated_day

    @property
    def partial_day(self) -> date | None:
        """Return the newest published day while some of its hours are still missing."""
        return self.publisher.partial_day

    def true_day(self, meter_number: str, day: date) -> tuple[HourTruth, ...]:
        """Return the true, final hourly values of a meter for a local day."""
        return self.truth.true_day(meter_number, day)

    def true_hourly(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> list[tuple[datetime, float]]:
        """Return (UTC start, value) of a channel's true, final hourly values for a day."""
        return self.truth.true_hourly(meter_number, day, channel)

    def published_hourly(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> list[Reading]:
        """Return the hourly readings the portal publishes now for a local day."""
        return self.publisher.published_hourly(meter_number, day, channel)

    def published_net_hourly(self, meter_number: str, day: date) -> list[Reading]:
        """Return a day's published hours, net of export on a net-metered meter."""
        return self.publisher.net_hourly(meter_number, day, consume=False)

    def day_total(
        self,
        meter_number: str,
        day: date,
        channel: Channel = Channel.IMPORT,
        *,
        published: bool = True,
    ) -> float:
        """Return a day's total: as published now, or the true final value."""
        if published:
            return self.publisher.published_day_total(meter_number, day, channel)
        return self.truth.true_day_total(meter_number, day, channel)

    def cycle_start(self, day: date) -> date:
        """Return the first day of the billing cycle holding a day."""
        return self.truth.cycle_start(day)

    def cycle_end(self, day: date) -> date:
        """Return the last day of the billing cycle holding a day."""
        return self.truth.cycle_end(day)

    def billing_cycles(self) -> list[tuple[date, date]]:
        """Return the completed billing cycles (first and last day), oldest first."""
        return self.truth.billing_cycles()

    def cycle_total(
        self, meter_number: str, first: date, channel: Channel = Channel.IMPORT
    ) -> tuple[float, float | None]:
        """Return a billing cycle's true total and cost."""
        return self.truth.cycle_total(meter_number, first, channel)

    def net_cycle_total(self, meter_number: str, first: date) -> tuple[float, float]:
        """Return a billing cycle's net use and amount (charge and export credit in)."""
        return self.truth.net_cycle_total(meter_number, first)

    def bill_amount(self, account_number: str, first: date) -> float:
        """Return an account's bill for the cycle starting on `first`."""
        return self.truth.bill_amount(account_number, first)

    def bills(self, account_number: str) -> list[Bill]:
        """Return the account's issued bills, newest first."""
        return self.truth.bills(account_number)

    # -- switches ------------------------------------------------------------------------------

    def inject(
        self,
        fault: Fault,
        *,
        times: int | None = None,
        after: int = 0,
        path: str | None = None,
        methods: Sequence[str] = ("POST",),
        meter: str | None = None,
        day: date | None = None,
        login: str | None = None,
        retry_after: float = 2.0,
        retry_after_http_date: bool = False,
        delay: float = 1.0,
    ) -> FaultRule:
        """Fail matching requests (see faults.py): `times` of them after `after` good ones."""
        return self.faults.add(
            FaultRule(
                fault,
                times=times,
                after=after,
                path=path,
                methods=tuple(m.upper() for m in methods),
                meter=meter,
                day=day,
                login=login,
                retry_after=retry_after,
                retry_after_http_date=retry_after_http_date,
                delay=delay,
            )
        )

    def clear_faults(self) -> None:
        """Answer normally again: no fault, nothing withheld or injected."""
        self.faults.clear()
        self.publisher.clear()

    def withhold(
        self,
        meter_number: str,
        day: date,
        *,
        hours: Iterable[int] | None = None,
        times: int | None = None,
        style: str = "empty",
    ) -> Withheld:
        """Answer a day that has data without its rows ("empty" or "no_records")."""
        return self.publisher.withhold(
            meter_number, day, hours=hours, times=times, style=style
        )

    def inject_reading(
        self,
        meter_number: str,
        start: datetime,
        value: float,
        channel: Channel = Channel.IMPORT,
    ) -> None:
        """Publish a bad reading for an hour (negative, absurd, in the future)."""
        self.publisher.inject_reading(meter_number, start, value, channel)

    def restate(
        self,
        meter_number: str,
        day: date,
        *,
        factor: float | None = None,
        values: Sequence[float] | None = None,
    ) -> list[tuple[datetime, float]]:
        """Correct a day's values: the new values are the truth from now on."""
        return self.truth.restate(meter_number, day, factor=factor, values=values)

    def change_time_zone(self, zone: str) -> None:
        """Move the account to another time zone (days and local times follow it)."""
        self.truth.change_time_zone(zone)

    def expire_all_tokens(self, kind: str | None = None) -> None:
        """Expire every token and session issued so far (of one kind, or all)."""
        self.sessions.expire_all(kind)

    def lock_account(self, username: str = DEMO_USERNAME) -> None:
        """Lock a login, as the portal does after too many failed attempts."""
        self.sessions.lock(username)

    def unlock_account(self, username: str = DEMO_USERNAME) -> None:
        """Unlock a login."""
        self.sessions.unlock(username)

    def set_two_factor(
        self, username: str = DEMO_USERNAME, enabled: bool = True
    ) -> None:
        """Make a login need (or not) a second factor."""
        self.sessions.set_two_factor(username, enabled)

    def issue_token(
        self,
        kind: str,
        username: str = DEMO_USERNAME,
        *,
        account: str | None = None,
        lifetime: timedelta | None = None,
    ) -> str:
        """Issue a credential a user would obtain outside the API (a pasted widget token)."""
        login = self.sessions.users[username.lower()]
        if lifetime is None:
            lifetime = next(
                (
                    known
                    for dialect in self.dialects
                    if (known := dialect.token_lifetime(kind)) is not None
                ),
                None,
            )
        return self.sessions.issue(
            login, kind=kind, account=account, lifetime=lifetime
        ).token

    # -- the HTTP application ------------------------------------------------------------------

    async def gate(
        self,
        request: web.Request,
        *,
        meter: str | None = None,
        days: Iterable[date] = (),
        login: str | None = None,
    ) -> web.Response | None:
        """Count a request by meter and login; return the answer of a scoped fault, if any.

        Dialects call this once they know what a request concerns (see server/http.py).
        """
        return await self.front.gate(request, meter=meter, days=days, login=login)


async def start_sew_portal(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    profile: str | Profile = DEFAULT_PROFILE,
    **options: Any,
) -> tuple[web.AppRunner, SewPortal, str]:
    """Start a simulated tenant; return its runner, its state and its base URL."""
    portal = SewPortal(profile, **options)
    runner = web.AppRunner(
        portal.app, handler_cancellation=True, access_log=None, shutdown_timeout=0.1
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    return runner, portal, f"http://{host}:{bound}"


def describe(portal: SewPortal, base_url: str) -> str:
    """Return lines telling where the portal is and how to log in."""
    tenant = portal.profile.tenant
    lines = [f"SEW portal (simulated, profile {portal.profile.name}): {base_url}"]
    for dialect in portal.dialects:
        lines.extend(f"  {line}" for line in dialect.describe(base_url))
    lines.extend(
        [
            f"  username: {tenant.logins[0].username}",
            f"  password: {tenant.logins[0].password}",
            (
                f"  {tenant.name}: {portal.zone.key}, {tenant.currency}; hourly data "
                f"through {portal.latest_published_day} (estimated)"
            ),
        ]
    )
    return "\n".join(lines)
