"""The client over HTTP against the `hidroelectrica` profile: the JSON API as P1, P2 and P4 show it.

The simulator refuses what the real tenant is known to refuse (a call without
`SourceType`, a login without GetId's key, `"1"`/`"2"` for booleans, a wrong `/API/Usage`
path), so a client that reads its answers right also sent what the evidence says.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import aiohttp
import pytest

from custom_components.sew_thinq.sew import (
    AccountLockedError,
    Direction,
    Encryption,
    InvalidCredentialsError,
    MobileDialect,
    PortalSession,
    Resolution,
    SewAuthError,
    SewClient,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
    UsageStatus,
)
from custom_components.sew_thinq.sew.layout import json_api_layout, mobile_layout
from simulators.sew import Channel, Fault

from .conftest import PortalFactory, TenantClientFactory, client_of, flowing

CONSUMER, PROSUMER = "104522871", "104533906"


async def test_login_accounts_meters(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """One login row per contract; GetUserSetting's Table1/Table2; a prosumer found."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    stored: list[PortalSession] = []
    client = client_of(http, portal, base_url, on_session=stored.append)
    accounts = await client.get_accounts()
    assert client.user_id == "1048576"
    assert stored == [client.session]
    expected = portal.profile.tenant.logins[0].accounts
    assert [
        (a.account_number, a.utility_account_number, a.address, a.is_default)
        for a in accounts
    ] == [(a.number, a.utility_number, a.address, a.is_default) for a in expected]
    assert {str(a.time_zone) for a in accounts} == {"Europe/Bucharest"}
    consumer = await client.get_meters(accounts[0])
    prosumer = await client.get_meters(accounts[1])
    assert [(m.meter_number, m.unit, m.net_metered) for m in consumer] == [
        (CONSUMER, "kWh", False)
    ]
    assert [(m.meter_number, m.net_metered) for m in prosumer] == [(PROSUMER, True)]
    assert client.login_count == 1
    assert portal.sessions.logins


async def test_usage_in_every_resolution(tenant_client: TenantClientFactory) -> None:
    """Cycles, days and hours come back as the tenant measured them, money with them."""
    portal, client = await tenant_client("hidroelectrica")
    account = (await client.get_accounts())[0]
    (meter,) = await client.get_meters(account)
    day = portal.latest_published_day - timedelta(days=1)
    hours = await client.get_usage(account, meter, Resolution.HOUR, day)
    truth = portal.true_hourly(CONSUMER, day)
    assert [(r.start, r.value) for r in hours.readings] == truth
    assert all(r.cost is not None and r.cost > 0 for r in hours.readings)
    days = await client.get_usage(account, meter, Resolution.DAY, day)
    assert days.days[-1] == day
    assert len(days.days) == 30
    by_day = {r.start.astimezone(portal.zone).date(): r.value for r in days.readings}
    assert by_day[day] == pytest.approx(portal.day_total(CONSUMER, day))
    cycles = await client.get_usage(account, meter, Resolution.BILLING, day)
    first, last = portal.billing_cycles()[-1]
    newest = cycles.readings[-1]
    assert newest.start.astimezone(portal.zone).date() == first
    assert (newest.start + newest.duration).astimezone(portal.zone).date() == (
        last + timedelta(days=1)
    )
    assert newest.value == pytest.approx(portal.cycle_total(CONSUMER, first)[0])


async def test_prosumer_series(tenant_client: TenantClientFactory) -> None:
    """A prosumer's hours hold both ways: consumption and the energy it injected."""
    portal, client = await tenant_client("hidroelectrica")
    account = (await client.get_accounts())[1]
    (meter,) = await client.get_meters(account)
    day = date(2025, 7, 15)
    series = await client.get_usage(account, meter, Resolution.HOUR, day)
    imported = flowing(series.readings, Direction.IMPORT)
    exported = flowing(series.readings, Direction.EXPORT)
    assert imported == portal.true_hourly(PROSUMER, day)
    assert exported == portal.true_hourly(PROSUMER, day, Channel.EXPORT)
    assert sum(value for _, value in exported) > 0


async def test_projection_and_bills(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """The month-to-date block in kWh; the bill in RON with its `yyyyMMdd` due date.

    The client asks a year of history up to today, so the portal runs on real time.
    """
    portal, base_url = await start_portal(
        profile="hidroelectrica", amount_style="currency", now=None
    )
    client = client_of(http, portal, base_url)
    account = (await client.get_accounts())[0]
    (meter,) = await client.get_meters(account)
    projection = await client.get_projection(account, meter)
    assert projection.unit == "kWh"
    assert projection.usage_so_far is not None
    assert projection.projected_usage is not None
    assert projection.projected_usage > projection.usage_so_far
    bills = await client.get_bills(account)
    latest = portal.bills(account.account_number)[0]
    assert bills.amount_due == latest.amount
    assert bills.due_date == latest.due_date
    assert [b.amount for b in bills.last_bills] == [
        b.amount for b in portal.bills(account.account_number)[: len(bills.last_bills)]
    ]
    assert bills.payments


@pytest.mark.parametrize("style", ["no_records", "empty"])
async def test_no_rows_is_not_zero(
    tenant_client: TenantClientFactory, style: str
) -> None:
    """A "no records" answer or an empty table is `NO_RECORDS`, never zero readings."""
    portal, client = await tenant_client("hidroelectrica")
    account = (await client.get_accounts())[0]
    (meter,) = await client.get_meters(account)
    day = portal.latest_published_day - timedelta(days=1)
    portal.withhold(CONSUMER, day, style=style)
    series = await client.get_usage(account, meter, Resolution.HOUR, day)
    assert series.status is UsageStatus.NO_RECORDS
    assert series.readings == ()
    unpublished = await client.get_usage(account, meter, Resolution.HOUR, portal.today)
    assert unpublished.status is UsageStatus.NO_RECORDS


async def test_expired_session_logs_in_once(tenant_client: TenantClientFactory) -> None:
    """HTTP 401 ends the session: one new login serves every call waiting on it."""
    portal, client = await tenant_client("hidroelectrica")
    account = (await client.get_accounts())[0]
    portal.expire_all_tokens()
    results = await asyncio.gather(
        client.get_meters(account),
        client.get_meters(account),
        client.get_bills(account),
    )
    assert results[0] == results[1]
    assert client.login_count == 2
    assert portal.requests["/API/UserLogin/ValidateUserLogin"] == 2


async def test_stored_session_needs_no_login(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """A session stored at the last start is used as is until the portal ends it."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    first = client_of(http, portal, base_url)
    await first.login()
    assert first.session is not None
    stored = PortalSession.from_dict(first.session.as_dict())
    second = client_of(http, portal, base_url, session=stored)
    await second.get_accounts()
    assert second.login_count == 0
    portal.expire_all_tokens()
    await second.get_accounts()
    assert second.login_count == 1


async def test_fresh_session_refused(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """When even a fresh session gets 401, the login is the problem."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    portal.token_lifetime = timedelta(0)
    with pytest.raises(SewAuthError, match="fresh login"):
        await client_of(http, portal, base_url).get_accounts()


async def test_login_refusals(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """A refused login says why: a wrong password, a locked account."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    with pytest.raises(InvalidCredentialsError, match="incorecte"):
        await client_of(http, portal, base_url, "wrong").login()
    portal.lock_account()
    with pytest.raises(AccountLockedError, match="blocat"):
        await client_of(http, portal, base_url).login()


@pytest.mark.parametrize(
    ("fault", "error", "match"),
    [
        (Fault.SERVER_ERROR, SewConnectionError, "HTTP 500"),
        (Fault.HTML_PAGE, SewConnectionError, "Maintenance"),
        (Fault.MALFORMED_JSON, SewResponseError, "not valid JSON"),
        (Fault.WRONG_SHAPE, SewResponseError, "no key"),
        (Fault.RATE_LIMIT, SewRateLimitError, "retry after 2 s"),
    ],
)
async def test_get_id_failures(
    http: aiohttp.ClientSession,
    start_portal: PortalFactory,
    fault: Fault,
    error: type[Exception],
    match: str,
) -> None:
    """A failing portal is a typed error with what happened, never a crash."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    portal.inject(fault, path="/API/UserLogin/GetId")
    with pytest.raises(error, match=match):
        await client_of(http, portal, base_url).login()


async def test_unreachable(http: aiohttp.ClientSession) -> None:
    """Nothing listening is a connection error."""
    client = SewClient(
        http,
        json_api_layout("http://127.0.0.1:9"),
        "u",
        password="p",
        request_timeout=2,
    )
    with pytest.raises(SewConnectionError, match="Could not reach"):
        await client.login()


def test_password_required() -> None:
    """The JSON API logs in with the plain password; the mobile flavor may use a digest."""
    with pytest.raises(ValueError, match="plain password"):
        SewClient(None, json_api_layout("http://x"), "u", password_sha256="ab")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="required"):
        SewClient(
            None,  # type: ignore[arg-type]
            mobile_layout(
                "http://x/PortalService", MobileDialect.SEED, Encryption.KEY_IV
            ),
            "u",
        )
