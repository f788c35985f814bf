"""The web portal client against the `acwd` and `paloalto` profiles, over HTTP."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from custom_components.sew_thinq.sew import (
    AccountLockedError,
    Direction,
    Flavor,
    InvalidCredentialsError,
    MeterType,
    MigratedAccountError,
    PortalSession,
    Resolution,
    SewClient,
    SewConnectionError,
    SewRateLimitError,
    SewResponseError,
    TwoFactorRequiredError,
    UsageStatus,
    discover_portal,
)
from custom_components.sew_thinq.sew.layout import web_portal_layout
from simulators.sew import (
    ACWD_METER,
    ACWD_RENTAL_METER,
    DEMO_2FA_USERNAME,
    DEMO_MIGRATED_USERNAME,
    DEMO_PASSWORD,
    DEMO_TWO_CONTRACTS_USERNAME,
    DEMO_USERNAME,
    PALO_ALTO_ELECTRIC,
    PALO_ALTO_GAS,
    Channel,
    FailureStyle,
    Fault,
    LoginAnswer,
    SewPortal,
    WebPortal,
    acwd_hourly_day,
)

from .conftest import PortalFactory

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
NOW = datetime(2025, 12, 12, 12, 30, tzinfo=LOS_ANGELES)
REAL_DAY = date(2025, 12, 9)


def _client(
    http: aiohttp.ClientSession,
    portal: SewPortal,
    base_url: str,
    username: str = DEMO_USERNAME,
    password: str = DEMO_PASSWORD,
) -> SewClient:
    """Return a client of the portal folder a user pastes."""
    url = WebPortal.of(portal).portal_url(base_url)
    return SewClient(http, web_portal_layout(url), username, password=password)


async def _start(start_portal: PortalFactory, profile: str) -> tuple[SewPortal, str]:
    return await start_portal(profile=profile, now=NOW)


async def test_acwd_real_day(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """The real ACWD day comes out hour by hour, in gallons, at the right UTC hours."""
    portal, base_url = await _start(start_portal, "acwd")
    client = _client(http, portal, base_url)
    [account] = await client.get_accounts()
    assert account.time_zone == LOS_ANGELES
    [meter] = await client.get_meters(account)
    assert (meter.meter_number, meter.meter_type, meter.unit) == (
        ACWD_METER,
        MeterType.WATER,
        "gal",
    )
    assert not meter.net_metered
    series = await client.get_usage(account, meter, Resolution.HOUR, REAL_DAY)
    day, values = acwd_hourly_day()
    assert day == REAL_DAY
    assert [r.value for r in series.readings] == values
    assert [r.start for r in series.readings] == [
        start for start, _ in portal.true_hourly(ACWD_METER, REAL_DAY)
    ]
    assert series.readings[0].start == datetime(2025, 12, 9, 8, tzinfo=ZoneInfo("UTC"))
    # Quarter-hours are asked as Mode H + hourlyType Q here, after MI answered nothing.
    quarters = await client.get_usage(account, meter, Resolution.QUARTER_HOUR, REAL_DAY)
    assert len(quarters.readings) == 96
    assert sum(r.value for r in quarters.readings) == pytest.approx(sum(values))
    assert portal.requests["/portal/Usages.aspx/LoadWaterUsage"] == 3
    again = await client.get_usage(account, meter, Resolution.QUARTER_HOUR, REAL_DAY)
    assert again == quarters
    assert portal.requests["/portal/Usages.aspx/LoadWaterUsage"] == 4
    days = await client.get_usage(account, meter, Resolution.DAY, REAL_DAY)
    assert days.days[-1] == REAL_DAY
    assert len(days.days) == 30
    cycles = await client.get_usage(account, meter, Resolution.BILLING, REAL_DAY)
    assert cycles.has_rows
    projection = await client.get_projection(account, meter)
    assert projection.unit == "gal"
    assert projection.usage_so_far is not None
    assert projection.projected_usage is not None
    bills = await client.get_bills(account)
    assert bills.amount_due is not None
    assert bills.due_date is not None
    assert bills.last_bills[0].invoice_date is not None
    assert client.login_count == 1


async def test_paloalto_net_metering(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """Import and export rows (IUsage/Eusage) are two directions; old meters inactive."""
    portal, base_url = await _start(start_portal, "paloalto")
    client = _client(http, portal, base_url)
    home, cottage = await client.get_accounts()
    assert home.is_default
    assert not cottage.is_default
    meters = {meter.meter_number: meter for meter in await client.get_meters(home)}
    electric = meters[PALO_ALTO_ELECTRIC]
    assert electric.net_metered
    assert not any(m.active for m in meters.values() if not m.is_ami)
    assert meters[PALO_ALTO_GAS].unit == "CCF"
    day = portal.latest_published_day - timedelta(days=1)
    series = await client.get_usage(home, electric, Resolution.HOUR, day)
    for direction, channel in (
        (Direction.IMPORT, Channel.IMPORT),
        (Direction.EXPORT, Channel.EXPORT),
    ):
        got = {r.start: r.value for r in series.readings if r.direction is direction}
        truth = dict(portal.true_hourly(PALO_ALTO_ELECTRIC, day, channel))
        assert got == pytest.approx(truth)
    # Quarter-hours are Mode MI here.
    quarters = await client.get_usage(home, electric, Resolution.QUARTER_HOUR, day)
    assert {r.duration for r in quarters.readings} == {timedelta(minutes=15)}
    gas = await client.get_usage(home, meters[PALO_ALTO_GAS], Resolution.DAY, day)
    assert gas.days[-1] == day
    projection = await client.get_projection(home, electric)
    assert projection.projected_usage is None
    with pytest.raises(SewResponseError, match="generation"):
        await client.get_generation(home, electric, Resolution.HOUR, day)


async def test_two_contracts_never_mix(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """Each contract's calls run after switching to it; answers match its own meter."""
    portal, base_url = await _start(start_portal, "acwd")
    client = _client(http, portal, base_url, DEMO_TWO_CONTRACTS_USERNAME)
    home, rental = await client.get_accounts()
    day = portal.latest_published_day - timedelta(days=1)
    for account, number in (
        (home, ACWD_METER),
        (rental, ACWD_RENTAL_METER),
        (home, ACWD_METER),
    ):
        [meter] = await client.get_meters(account)
        assert meter.meter_number == number
        series = await client.get_usage(account, meter, Resolution.HOUR, day)
        assert {r.start: r.value for r in series.readings} == pytest.approx(
            dict(portal.true_hourly(number, day))
        )
    switch = "/portal/Common.aspx/HandleAddressDropDownChange"
    assert portal.requests[switch] == 3


async def test_session_expiry_and_csrf_renewal(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """`{"d": null}` means signed out (log in again); a refused token is renewed."""
    portal, base_url = await _start(start_portal, "paloalto")
    client = _client(http, portal, base_url)
    home, _ = await client.get_accounts()
    meters = await client.get_meters(home)
    portal.expire_all_tokens("aspnet")
    assert await client.get_meters(home) == meters
    assert client.login_count == 2
    # The portal issues another token (rotation is unknown, research note section 2.5).
    for state in WebPortal.of(portal).states.values():
        state.csrf = "rotated-token"
    assert await client.get_meters(home) == meters
    assert portal.page_requests["/Portal/Usages.aspx"] == 1
    assert client.login_count == 2


@pytest.mark.parametrize(
    ("username", "forced", "error"),
    [
        (DEMO_2FA_USERNAME, None, TwoFactorRequiredError),
        (DEMO_MIGRATED_USERNAME, None, MigratedAccountError),
        (DEMO_USERNAME, LoginAnswer.FAILURE_ROW, InvalidCredentialsError),
        (DEMO_USERNAME, LoginAnswer.FAILURE_TABLE, InvalidCredentialsError),
        (DEMO_USERNAME, LoginAnswer.SERVER_ERROR, SewResponseError),
    ],
)
async def test_login_answers(
    start_portal: PortalFactory,
    http: aiohttp.ClientSession,
    username: str,
    forced: LoginAnswer | None,
    error: type[Exception],
) -> None:
    """Every login answer shape is its own typed error."""
    portal, base_url = await _start(start_portal, "acwd")
    WebPortal.of(portal).force_login_answer(username, forced)
    with pytest.raises(error):
        await _client(http, portal, base_url, username).login()


@pytest.mark.parametrize("style", [FailureStyle.ROW, FailureStyle.TABLE])
async def test_wrong_password_and_lock(
    start_portal: PortalFactory, http: aiohttp.ClientSession, style: FailureStyle
) -> None:
    """A refusal in either shape; a locked account says so."""
    portal, base_url = await _start(start_portal, "paloalto")
    WebPortal.of(portal).failure = style
    with pytest.raises(InvalidCredentialsError, match="Invalid Username"):
        await _client(http, portal, base_url, password="wrong").login()
    portal.lock_account(DEMO_USERNAME)
    with pytest.raises(AccountLockedError):
        await _client(http, portal, base_url).login()


async def test_faults(start_portal: PortalFactory, http: aiohttp.ClientSession) -> None:
    """Server errors and other pages are typed errors, never data."""
    portal, base_url = await _start(start_portal, "acwd")
    client = _client(http, portal, base_url)
    [account] = await client.get_accounts()
    [meter] = await client.get_meters(account)
    portal.inject(
        Fault.SERVER_ERROR, times=1, path="/portal/Usages.aspx/LoadWaterUsage"
    )
    with pytest.raises(SewResponseError, match="failed to answer"):
        await client.get_usage(account, meter, Resolution.BILLING, REAL_DAY)
    portal.inject(Fault.WRONG_SHAPE, times=1, path="/portal/Usages.aspx/LoadWaterUsage")
    with pytest.raises(SewResponseError, match="no usage rows"):
        await client.get_usage(account, meter, Resolution.BILLING, REAL_DAY)
    portal.inject(Fault.HTML_PAGE, times=1, path="/portal/Usages.aspx/BindMultiMeter")
    with pytest.raises(SewConnectionError):
        await client.get_meters(account)
    portal.withhold(ACWD_METER, REAL_DAY, style="no_records")
    series = await client.get_usage(account, meter, Resolution.HOUR, REAL_DAY)
    assert series.status is UsageStatus.NO_RECORDS


async def test_transport_failures(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """Missing folders, pages without a token and unreadable side calls."""
    portal, base_url = await _start(start_portal, "acwd")
    nowhere = SewClient(
        http, web_portal_layout(f"{base_url}/nowhere"), DEMO_USERNAME, password="x"
    )
    with pytest.raises(SewResponseError, match="HTTP 404"):
        await nowhere.login()
    portal.inject(
        Fault.HTML_PAGE, times=1, path="/portal/Dashboard.aspx", methods=("GET",)
    )
    with pytest.raises(SewResponseError, match="no request token"):
        await _client(http, portal, base_url).login()
    # updateState's answer is not needed (ha-acwd ignores it); a rate limit is heeded.
    portal.inject(
        Fault.MALFORMED_JSON, times=1, path="/portal/default.aspx/updateState"
    )
    client = _client(http, portal, base_url)
    [account] = await client.get_accounts()
    portal.inject(Fault.RATE_LIMIT, times=1, path="/portal/default.aspx/updateState")
    with pytest.raises(SewRateLimitError):
        await _client(http, portal, base_url).login()
    # A bill history that fails leaves the history empty, the balance read.
    portal.inject(
        Fault.SERVER_ERROR,
        times=1,
        path="/portal/BillingHistory.aspx/LoadW2UIGridData",
    )
    bills = await client.get_bills(account)
    assert bills.last_bills == ()
    assert bills.amount_due is not None


async def test_stored_session_logs_in_again(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """A session kept from an earlier run has lost its cookie: the client logs in."""
    portal, base_url = await _start(start_portal, "acwd")
    url = WebPortal.of(portal).portal_url(base_url)
    client = SewClient(
        http,
        web_portal_layout(url),
        DEMO_USERNAME,
        password=DEMO_PASSWORD,
        session=PortalSession("52117", "old-token"),
    )
    [account] = await client.get_accounts()
    assert account.account_number
    assert client.login_count == 1


@pytest.mark.parametrize(("profile", "path"), [("acwd", "/portal/"), ("paloalto", "/")])
async def test_discovered_from_its_login_page(
    start_portal: PortalFactory, http: aiohttp.ClientSession, profile: str, path: str
) -> None:
    """The pasted folder, or the host's `/Portal`, shows the login page: a web portal."""
    portal, base_url = await _start(start_portal, profile)
    found = await discover_portal(http, base_url + path)
    assert found.layout.flavor is Flavor.WEB_PORTAL
    assert found.layout.login_root.casefold() == f"{base_url}/portal".casefold()
    assert found.session is None
    assert sum(portal.sessions.logins.values()) == 0


@pytest.mark.parametrize("profile", ["acwd", "paloalto"])
@pytest.mark.parametrize("day", [date(2025, 11, 2), date(2025, 3, 9)])
async def test_daylight_saving_days(
    start_portal: PortalFactory, http: aiohttp.ClientSession, profile: str, day: date
) -> None:
    """The 25- and 23-hour days keep every hour, the repeated one told apart by order."""
    portal, base_url = await _start(start_portal, profile)
    client = _client(http, portal, base_url)
    account = (await client.get_accounts())[0]
    meter = next(m for m in await client.get_meters(account) if m.active)
    series = await client.get_usage(account, meter, Resolution.HOUR, day)
    got = {r.start: r.value for r in series.readings if r.direction is Direction.IMPORT}
    truth = dict(portal.true_hourly(meter.meter_number, day))
    assert len(truth) == (25 if day.month == 11 else 23)
    assert got == pytest.approx(truth)


async def test_a_switch_that_fails_is_noticed(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """A refused or ignored contract switch is an error, never another contract's data."""
    portal, base_url = await _start(start_portal, "acwd")
    client = _client(http, portal, base_url, DEMO_TWO_CONTRACTS_USERNAME)
    home, rental = await client.get_accounts()
    [home_meter] = await client.get_meters(home)
    switch = "/portal/Common.aspx/HandleAddressDropDownChange"
    portal.inject(Fault.SERVER_ERROR, times=1, path=switch)
    with pytest.raises(SewResponseError, match="failed to answer"):
        await client.get_meters(rental)
    [rental_meter] = await client.get_meters(rental)
    assert rental_meter.meter_number == ACWD_RENTAL_METER
    WebPortal.of(portal).methods.ignore_switches = True
    with pytest.raises(SewResponseError, match="another contract's meters"):
        await client.get_meters(home)
    WebPortal.of(portal).methods.ignore_switches = False
    assert await client.get_meters(home) == [home_meter]
