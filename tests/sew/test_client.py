"""The client against the simulated portal over real HTTP, in every flavor and variant."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
import itertools

import aiohttp
import pytest

from custom_components.sew_thinq.sew import (
    Account,
    Direction,
    Encryption,
    Flavor,
    Meter,
    MeterType,
    Portal,
    Resolution,
    SewAuthError,
    SewClient,
    SewConnectionError,
    SewError,
    SewRateLimitError,
    SewResponseError,
    hash_password,
)
from simulators.sew import (
    DEMO_2FA_USERNAME,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    Channel,
    Fault,
    SewPortal,
)

from .conftest import CHICAGO, PortalFactory

ELECTRIC = "E10004521"
SOLAR = "PV10004521"
WATER = "W20007788"
GAS = "G30005566"
FALL_BACK = date(2025, 11, 2)
SPRING_FORWARD = date(2025, 3, 9)


def day_start(day: date) -> datetime:
    """Return a Chicago day's start in UTC."""
    return datetime.combine(day, time(), CHICAGO).astimezone(UTC)


def login_count(portal: SewPortal) -> int:
    """Return how many logins the portal has answered."""
    return sum(
        count
        for path, count in portal.requests.items()
        if path.endswith(("ValidateUserLoginMob", "ValidateUserLogin"))
    )


async def meters_by_number(client: SewClient) -> tuple[Account, dict[str, Meter]]:
    """Return the default account and its meters."""
    account = (await client.get_accounts())[0]
    return account, {
        meter.meter_number: meter for meter in await client.get_meters(account)
    }


async def test_login_accounts_and_meters(client: SewClient, portal: SewPortal) -> None:
    """Logging in reveals both accounts, their zone and every meter."""
    assert client.user_id is None
    await client.login()
    assert client.user_id == "10245"
    accounts = await client.get_accounts()
    assert [account.account_number for account in accounts] == [
        "3001234567",
        "3009876543",
    ]
    first, second = accounts
    assert first.is_default
    assert not second.is_default
    assert first.utility_account_number == "300-123-4567"
    assert first.address == "1200 Prairie View Rd, Lincoln, NE 68502"
    assert (
        first.time_zone == CHICAGO
    )  # from the portal's Windows id, not the configured zone
    meters = {meter.meter_number: meter for meter in await client.get_meters(first)}
    assert {number: meter.meter_type for number, meter in meters.items()} == {
        ELECTRIC: MeterType.ELECTRIC,
        SOLAR: MeterType.SOLAR,
        WATER: MeterType.WATER,
        GAS: MeterType.GAS,
    }
    assert meters[ELECTRIC].net_metered
    assert not meters[WATER].net_metered
    assert {meter.unit for meter in meters.values()} == {"kWh", "gal", "CCF"}
    assert all(meter.is_ami and meter.active for meter in meters.values())
    second_meters = await client.get_meters(second)
    assert [(m.meter_number, m.active) for m in second_meters] == [
        ("E10009981", True),
        ("E10000017", False),
    ]
    assert client.request_count >= 3
    assert portal.request_total >= client.request_count


@pytest.mark.parametrize("number", [ELECTRIC, WATER, GAS])
async def test_hourly_usage_matches_the_portal(
    client: SewClient, portal: SewPortal, number: str
) -> None:
    """One day of hourly readings equals what the portal publishes, with costs."""
    account, meters = await meters_by_number(client)
    day = date(2025, 10, 14)
    readings = await client.get_usage(account, meters[number], Resolution.HOUR, day)
    imports = [r for r in readings if r.direction is Direction.IMPORT]
    truth = portal.published_hourly(number, day)
    assert [(r.start, r.value, r.cost) for r in imports] == [
        (t.start, t.value, t.cost) for t in truth
    ]
    assert len(imports) == 24
    assert all(r.duration == timedelta(hours=1) and not r.estimated for r in imports)
    assert imports[0].start == day_start(day)
    assert {r.unit for r in readings} == {meters[number].unit}


async def test_net_metering_and_generation(
    client: SewClient, portal: SewPortal
) -> None:
    """A net-metered meter gives import and export rows; generation comes on its own."""
    account, meters = await meters_by_number(client)
    day = date(2025, 6, 21)
    readings = await client.get_usage(account, meters[ELECTRIC], Resolution.HOUR, day)
    exports = [r for r in readings if r.direction is Direction.EXPORT]
    imports = [r for r in readings if r.direction is Direction.IMPORT]
    assert [r.value for r in exports] == [
        value for _, value in portal.true_hourly(ELECTRIC, day, Channel.EXPORT)
    ]
    assert [r.value for r in imports] == [
        value for _, value in portal.true_hourly(ELECTRIC, day)
    ]
    assert sum(r.value for r in exports) > 5  # a sunny June day
    assert all(r.value >= 0 and (r.cost or 0) >= 0 for r in exports)
    generated = await client.get_generation(
        account, meters[ELECTRIC], Resolution.HOUR, day
    )
    truth = portal.true_hourly(ELECTRIC, day, Channel.GENERATION)
    assert [(r.start, r.value) for r in generated] == truth
    assert {r.direction for r in generated} == {Direction.GENERATION}
    solar = await client.get_usage(account, meters[SOLAR], Resolution.HOUR, day)
    assert [(r.start, r.value) for r in solar] == truth
    no_solar = await client.get_generation(account, meters[WATER], Resolution.HOUR, day)
    assert no_solar == []


@pytest.mark.parametrize(("day", "hours"), [(SPRING_FORWARD, 23), (FALL_BACK, 25)])
async def test_dst_days(
    client: SewClient, portal: SewPortal, day: date, hours: int
) -> None:
    """Days clocks change have 23 or 25 distinct hours, and daily rows say so."""
    account, meters = await meters_by_number(client)
    readings = await client.get_usage(account, meters[GAS], Resolution.HOUR, day)
    assert len(readings) == hours
    assert len({r.start for r in readings}) == hours
    assert [(r.start, r.value) for r in readings] == portal.true_hourly(GAS, day)
    steps = {b.start - a.start for a, b in itertools.pairwise(readings)}
    assert steps == {timedelta(hours=1)}
    daily = await client.get_usage(account, meters[GAS], Resolution.DAY, day)
    assert daily[-1].start == day_start(day)
    assert daily[-1].duration == timedelta(hours=hours)
    assert daily[-1].value == pytest.approx(portal.day_total(GAS, day))


async def test_quarter_hours_add_up_to_hours(
    client: SewClient, portal: SewPortal
) -> None:
    """Fifteen-minute readings add up to the hour; meters without them give none."""
    account, meters = await meters_by_number(client)
    day = FALL_BACK
    quarters = await client.get_usage(
        account, meters[ELECTRIC], Resolution.QUARTER_HOUR, day
    )
    imports = [r for r in quarters if r.direction is Direction.IMPORT]
    assert len(imports) == 25 * 4
    assert {r.duration for r in imports} == {timedelta(minutes=15)}
    truth = portal.true_hourly(ELECTRIC, day)
    for index, (start, value) in enumerate(truth):
        hour = imports[index * 4 : index * 4 + 4]
        assert hour[0].start == start
        assert sum(r.value for r in hour) == pytest.approx(value, abs=1e-6)
    assert (
        await client.get_usage(account, meters[WATER], Resolution.QUARTER_HOUR, day)
        == []
    )


async def test_daily_and_billing_series(client: SewClient, portal: SewPortal) -> None:
    """Daily readings cover 30 days; billing readings cover every completed cycle."""
    account, meters = await meters_by_number(client)
    day = date(2025, 10, 31)
    daily = await client.get_usage(account, meters[WATER], Resolution.DAY, day)
    assert [r.start for r in daily] == [
        day_start(day - timedelta(days=n)) for n in range(29, -1, -1)
    ]
    assert [r.value for r in daily] == pytest.approx(
        [portal.day_total(WATER, r.start.astimezone(CHICAGO).date()) for r in daily]
    )
    cycles = await client.get_usage(account, meters[WATER], Resolution.BILLING, day)
    assert len(cycles) == len(portal.billing_cycles()) >= 24
    last = cycles[-1]
    assert last.start == day_start(date(2025, 10, 1))
    assert last.duration == timedelta(days=31)
    value, cost = portal.cycle_total(WATER, date(2025, 10, 1))
    assert (last.value, last.cost) == (pytest.approx(value), pytest.approx(cost))
    earlier = await client.get_usage(
        account, meters[WATER], Resolution.BILLING, date(2024, 1, 15)
    )
    assert earlier[-1].start == day_start(date(2024, 1, 1))


async def test_estimated_partial_day_is_corrected_later(
    client: SewClient, portal: SewPortal
) -> None:
    """The newest day comes estimated and partial, then final once the next day is out."""
    account, meters = await meters_by_number(client)
    meter = meters[WATER]
    newest = portal.estimated_day
    assert newest == date(2025, 11, 3)
    assert portal.partial_day == newest
    first = await client.get_usage(account, meter, Resolution.HOUR, newest)
    assert 0 < len(first) < 24
    assert all(r.estimated for r in first)
    assert [r.value for r in first] == [
        r.value for r in portal.published_hourly(WATER, newest)
    ]
    truth = portal.true_hourly(WATER, newest)
    assert [r.value for r in first] != [value for _, value in truth[: len(first)]]
    # A day not yet published: the portal answers with the newest day, which is dropped.
    assert (
        await client.get_usage(account, meter, Resolution.HOUR, newest + timedelta(1))
        == []
    )

    portal.advance(timedelta(days=1))
    assert portal.estimated_day == newest + timedelta(days=1)
    corrected = await client.get_usage(account, meter, Resolution.HOUR, newest)
    assert [(r.start, r.value) for r in corrected] == truth
    assert not any(r.estimated for r in corrected)
    daily = await client.get_usage(
        account, meter, Resolution.DAY, newest + timedelta(1)
    )
    assert daily[-1].estimated
    assert not daily[-2].estimated
    assert daily[-2].value == pytest.approx(
        portal.day_total(WATER, newest, published=False)
    )


async def test_projection_and_bills(client: SewClient, portal: SewPortal) -> None:
    """The projection covers the current cycle; bills match the portal's own amounts."""
    account, meters = await meters_by_number(client)
    projection = await client.get_projection(account, meters[ELECTRIC])
    assert projection.unit == "kWh"
    assert projection.cycle_start == date(2025, 11, 1)
    assert projection.cycle_end == date(2025, 11, 30)
    so_far = sum(portal.day_total(ELECTRIC, date(2025, 11, d)) for d in range(1, 4))
    assert projection.usage_so_far == pytest.approx(so_far)
    assert projection.projected_usage == pytest.approx(so_far / 3 * 30, rel=1e-3)
    assert projection.cost_so_far is not None
    assert projection.projected_cost is not None
    assert projection.projected_cost > projection.cost_so_far > 0
    summary = await client.get_bills(account)
    assert summary.amount_due == portal.bill_amount(
        account.account_number, date(2025, 10, 1)
    )
    assert summary.due_date == date(2025, 11, 24)
    assert summary.balance == summary.amount_due
    assert len(summary.last_bills) == 12
    latest = summary.last_bills[0]
    assert latest.invoice_date == date(2025, 11, 3)
    assert latest.amount == summary.amount_due
    assert latest.invoice_number == "INV234567202510"


async def test_token_expiry_logs_in_again_transparently(
    client: SewClient, portal: SewPortal
) -> None:
    """An expired token costs one login and the call still succeeds."""
    account, meters = await meters_by_number(client)
    assert login_count(portal) == 1
    portal.advance(timedelta(minutes=6))
    assert await client.get_meters(account)
    assert login_count(portal) == 2
    portal.expire_all_tokens()
    assert await client.get_usage(
        account, meters[GAS], Resolution.DAY, date(2025, 10, 1)
    )
    assert login_count(portal) == 3
    assert await client.get_meters(account)
    assert login_count(portal) == 3


async def test_concurrent_calls_share_one_login(
    client: SewClient, portal: SewPortal
) -> None:
    """Calls made together before any login, or after expiry, log in once."""
    results = await asyncio.gather(*(client.get_accounts() for _ in range(5)))
    assert all(len(accounts) == 2 for accounts in results)
    assert login_count(portal) == 1
    portal.expire_all_tokens()
    account = results[0][0]
    meters = await asyncio.gather(*(client.get_meters(account) for _ in range(5)))
    assert all(len(found) == 4 for found in meters)
    assert login_count(portal) == 2


async def test_tokens_that_never_work(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """A fresh token rejected again is an authentication error, after a single retry."""
    portal, base_url = await start_portal(token_lifetime=timedelta(0))
    client = SewClient(
        http, Portal(base_url, Flavor.API, None), DEMO_USERNAME, password=DEMO_PASSWORD
    )
    with pytest.raises(SewAuthError, match="rejected a fresh login"):
        await client.get_accounts()
    assert login_count(portal) == 2


async def test_wrong_password(client: SewClient, portal: SewPortal) -> None:
    """Wrong credentials are an authentication error; repeated failures lock the account."""
    wrong = SewClient(
        client._transport._http,
        client.portal,
        DEMO_USERNAME,
        password="not-the-password",
    )
    for _ in range(5):
        with pytest.raises(SewAuthError, match="Invalid username or password"):
            await wrong.login()
    with pytest.raises(SewAuthError, match="locked"):
        await client.login()
    portal.unlock_account()
    await client.login()


async def test_locked_and_two_factor(client: SewClient, portal: SewPortal) -> None:
    """A locked account and a login needing a second factor are authentication errors."""
    await client.login()
    portal.lock_account()
    portal.expire_all_tokens()
    with pytest.raises(SewAuthError, match="locked"):
        await (
            client.get_accounts()
        ) if client.portal.flavor is Flavor.API else await client.get_meters(
            (await client.get_accounts())[0]
        )
    two_factor = SewClient(
        client._transport._http,
        client.portal,
        DEMO_2FA_USERNAME,
        password=DEMO_PASSWORD,
    )
    with pytest.raises(SewAuthError, match="two-factor"):
        await two_factor.login()


async def test_password_digest_login(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """The mobile flavor can log in with the stored digest alone."""
    _, base_url = await start_portal()
    client = SewClient(
        http,
        Portal(base_url, Flavor.MOBILE, Encryption.ANDROID),
        DEMO_USERNAME,
        password_sha256=hash_password(DEMO_PASSWORD),
    )
    await client.login()
    assert client.user_id == "10245"


def test_credentials_are_required() -> None:
    """The client refuses configurations that cannot log in."""
    portal = Portal("https://example.invalid", Flavor.API, None)
    with pytest.raises(ValueError, match="plain password"):
        SewClient(None, portal, "user", password_sha256="00")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="password"):
        SewClient(None, Portal("https://x.invalid", Flavor.MOBILE, None), "user")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        (Fault.SERVER_ERROR, SewConnectionError, "HTTP 500"),
        (Fault.HTML_PAGE, SewConnectionError, "Site Under Maintenance"),
        (Fault.MALFORMED_JSON, SewResponseError, "not valid JSON"),
        (Fault.WRONG_SHAPE, SewResponseError, "Expected|has no key"),
        (Fault.RATE_LIMIT, SewRateLimitError, "retry after 7 s"),
    ],
)
async def test_faults_map_to_typed_errors(
    client: SewClient,
    portal: SewPortal,
    fault: Fault,
    error: type[SewError],
    message: str,
) -> None:
    """Every fault switch surfaces as the right typed error, during login and after."""
    portal.inject(fault, times=1, retry_after=7)
    with pytest.raises(error, match=message) as caught:
        await client.login()
    if isinstance(caught.value, SewRateLimitError):
        assert caught.value.retry_after == 7
    account, _ = await meters_by_number(client)
    portal.inject(fault, retry_after=7)
    with pytest.raises(error, match=message):
        await client.get_meters(account)
    portal.clear_faults()
    assert await client.get_meters(account)


async def test_slow_portal_times_out(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """An answer slower than the request timeout is a connection error."""
    portal, base_url = await start_portal()
    client = SewClient(
        http,
        Portal(base_url, Flavor.MOBILE, Encryption.ANDROID),
        DEMO_USERNAME,
        password=DEMO_PASSWORD,
        request_timeout=0.1,
    )
    portal.inject(Fault.DELAY, times=1, delay=1.0)
    with pytest.raises(SewConnectionError, match="did not answer"):
        await client.login()
    portal.latency = 0.01
    await client.login()
    assert client.user_id == "10245"


@pytest.mark.parametrize(
    ("expects", "sends"),
    [
        ("ios", Encryption.ANDROID),
        ("android", Encryption.IOS),
        ("none", Encryption.ANDROID),
        ("android", Encryption.NONE),
    ],
)
async def test_wrong_encryption_variant(
    start_portal: PortalFactory,
    http: aiohttp.ClientSession,
    expects: str,
    sends: Encryption,
) -> None:
    """A portal expecting another variant answers with IIS's error page."""
    _, base_url = await start_portal(encryption=expects)
    client = SewClient(
        http,
        Portal(base_url, Flavor.MOBILE, sends),
        DEMO_USERNAME,
        password=DEMO_PASSWORD,
    )
    with pytest.raises(SewConnectionError, match="Request Error"):
        await client.login()


async def test_unreachable_portal(
    http: aiohttp.ClientSession, socket_enabled: None
) -> None:
    """Nothing listening is a connection error."""
    client = SewClient(
        http,
        Portal("http://127.0.0.1:9", Flavor.API, None),
        DEMO_USERNAME,
        password="x",
    )
    with pytest.raises(SewConnectionError, match="Could not reach"):
        await client.login()
