"""The CX client against the `alliant` and `dominion` profiles over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    CaptchaRequiredError,
    CxSignIn,
    InvalidCodeError,
    InvalidCredentialsError,
    MeterType,
    Resolution,
    SewAuthError,
    SewClient,
    SewConnectionError,
    SewResponseError,
    TwoFactorRequiredError,
    UsageStatus,
)
from simulators.sew import (
    ALLIANT_METER,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DOMINION_ACCOUNT,
    DOMINION_METER,
    DOMINION_SOLAR_METER,
    Fault,
    SewPortal,
    browser_sign_in,
    cx_state,
)

from .conftest import PortalFactory, client_of, layout_of


def _hourly(readings: object) -> dict[datetime, float]:
    """Add readings up per UTC hour."""
    hours: dict[datetime, float] = {}
    for reading in readings:  # type: ignore[attr-defined]
        hour = reading.start.replace(minute=0)
        hours[hour] = hours.get(hour, 0.0) + reading.value
    return hours


async def test_alliant_signs_in_and_reads_hours(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    portal, base = await start_portal(profile="alliant")
    client = client_of(http, portal, base)
    accounts = await client.get_accounts()
    assert [a.utility_account_number for a in accounts] == [
        "0000907612-0000401234",
        "0000907613-0000405678",
    ]
    meters = await client.get_meters(accounts[0])
    assert [m.meter_number for m in meters] == [ALLIANT_METER, "41733390"]
    assert all(m.meter_type is MeterType.ELECTRIC for m in meters)
    solar = await client.get_meters(accounts[1])
    assert [m.net_metered for m in solar] == [True]
    day = portal.latest_published_day - timedelta(days=2)
    series = await client.get_usage(accounts[0], meters[0], Resolution.HOUR, day)
    assert series.status is UsageStatus.ROWS
    truth = {r.start: r.value for r in portal.published_hourly(ALLIANT_METER, day)}
    assert _hourly(series.readings) == pytest.approx(truth)
    daily = await client.get_usage(accounts[0], meters[0], Resolution.DAY, day)
    assert any(r.start == min(truth) for r in daily.readings)
    cycles = await client.get_usage(accounts[0], meters[0], Resolution.BILLING, day)
    assert cycles.status is UsageStatus.ROWS
    assert all(r.cost is not None for r in cycles.readings)
    net = portal.published_net_hourly(solar[0].meter_number, day)
    solar_series = await client.get_usage(accounts[1], solar[0], Resolution.HOUR, day)
    signed = {
        r.start: r.value if r.direction.value == "import" else -r.value
        for r in solar_series.readings
    }
    assert signed == pytest.approx({r.start: r.value for r in net})
    projection = await client.get_projection(accounts[0], meters[0])
    assert projection.usage_so_far is not None
    bills = await client.get_bills(accounts[0])
    assert bills.last_bills
    assert client.login_count == 1


async def test_alliant_refreshes_before_expiry_and_logs_in_when_refused(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    portal, base = await start_portal(profile="alliant")
    counters = cx_state(portal).counters
    client = client_of(http, portal, base)
    accounts = await client.get_accounts()
    session = client.session
    assert session is not None
    assert session.expires_at is not None
    # The token dies in 30 minutes; the client refreshes it a minute before.
    portal.advance(timedelta(minutes=29, seconds=30))
    with pytest.MonkeyPatch.context() as patch:
        later = datetime.now(UTC) + timedelta(minutes=29, seconds=30)
        patch.setattr(
            "custom_components.sew_thinq.sew.cx_tokens.datetime",
            _Clock(later),
        )
        await client.get_meters(accounts[0])
    assert (counters.logins, counters.refreshes) == (1, 1)
    cx_state(portal).switches.refuse_refresh = True
    portal.expire_all_tokens("cx-access")
    await client.get_meters(accounts[0])
    assert (counters.logins, counters.refused_refreshes) == (2, 1)


class _Clock:
    """`datetime` with another now."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self, tz: object = None) -> datetime:
        return self._now

    def __getattr__(self, name: str) -> object:
        return getattr(datetime, name)


async def test_alliant_wrong_password_and_block_page(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    portal, base = await start_portal(profile="alliant")
    with pytest.raises(InvalidCredentialsError):
        await client_of(http, portal, base, password="wrong").get_accounts()
    layout = layout_of("alliant", base)
    sign_in = CxSignIn(http, layout)
    session = await sign_in.password(DEMO_USERNAME, DEMO_PASSWORD)
    async with http.get(f"{base}/Services/api/1/Addresses/User/{session.user_id}") as r:
        assert r.status == 403  # no Origin: the block page


async def _dominion_session(portal: SewPortal, base: str, http: aiohttp.ClientSession):  # type: ignore[no-untyped-def]
    layout = layout_of("dominion", base)
    sign_in = CxSignIn(http, layout)
    step = await sign_in.start(DEMO_USERNAME, DEMO_PASSWORD)
    assert step.reg_token is not None
    targets = await sign_in.targets(step.reg_token)
    assert [t.kind for t in targets] == ["phone", "email"]
    phv = await sign_in.send_code(step.reg_token, targets[0])
    with pytest.raises(InvalidCodeError):
        await sign_in.verify(step.reg_token, targets[0], phv, "000000")
    id_token = await sign_in.verify(step.reg_token, targets[0], phv, "246810")
    return await sign_in.exchange(id_token)


async def test_dominion_two_factor_then_workbook(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    portal, base = await start_portal(profile="dominion")
    session = await _dominion_session(portal, base, http)
    assert dict(session.device).get("gmid")
    client = SewClient(
        http,
        layout_of("dominion", base),
        DEMO_USERNAME,
        password=DEMO_PASSWORD,
        locale=KNOWN_UTILITIES["dominion"].locale,
        session=session,
    )
    accounts = await client.get_accounts()
    assert [a.account_number for a in accounts] == [DOMINION_ACCOUNT, "210045679876"]
    meters = await client.get_meters(accounts[0])
    assert [m.meter_number for m in meters] == [DOMINION_METER]
    day = portal.latest_published_day - timedelta(days=1)
    series = await client.get_usage(accounts[0], meters[0], Resolution.HOUR, day)
    truth = {r.start: r.value for r in portal.published_hourly(DOMINION_METER, day)}
    assert _hourly(series.readings) == pytest.approx(truth)
    days = await client.get_usage(accounts[0], meters[0], Resolution.DAY, day)
    assert len(days.days) > 30
    assert cx_state(portal).counters.downloads == 1
    solar = await client.get_meters(accounts[1])
    assert solar[0].meter_number == DOMINION_SOLAR_METER
    assert solar[0].net_metered
    projection = await client.get_projection(accounts[0], meters[0])
    assert projection.usage_so_far is not None
    bills = await client.get_bills(accounts[0])
    assert bills.amount_due is not None
    # A silent sign-in again: the device is trusted, no code.
    await client.login()
    assert cx_state(portal).counters.codes_sent == 1


async def test_dominion_captcha_and_browser_tokens(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    portal, base = await start_portal(profile="dominion")
    cx_state(portal).switches.captcha = True
    sign_in = CxSignIn(http, layout_of("dominion", base))
    with pytest.raises(CaptchaRequiredError):
        await sign_in.start(DEMO_USERNAME, DEMO_PASSWORD)
    access, refresh = browser_sign_in(portal)
    session = await sign_in.tokens(f"Bearer {access}", refresh)
    assert session.token != access
    with pytest.raises(InvalidCredentialsError):
        await sign_in.tokens(access, refresh)  # the pair has rotated
    client = SewClient(
        http, layout_of("dominion", base), DEMO_USERNAME, password="", session=session
    )
    assert await client.get_accounts()
    # Without a password, a refused refresh asks the user.
    cx_state(portal).switches.refuse_refresh = True
    portal.expire_all_tokens("cx-access")
    with pytest.raises(SewAuthError):
        await client.get_accounts()


async def test_dominion_silent_sign_in_refusals(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    portal, base = await start_portal(profile="dominion")
    layout = layout_of("dominion", base)

    def client(password: str) -> SewClient:
        return SewClient(http, layout, DEMO_USERNAME, password=password)

    with pytest.raises(TwoFactorRequiredError):
        await client(DEMO_PASSWORD).get_accounts()  # a device Gigya does not know
    with pytest.raises(SewAuthError):
        await client("").get_accounts()
    cx_state(portal).switches.captcha = True
    with pytest.raises(CaptchaRequiredError):
        await client(DEMO_PASSWORD).get_accounts()


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.SERVER_ERROR, SewConnectionError),
        (Fault.HTML_PAGE, SewConnectionError),
        (Fault.MALFORMED_JSON, SewResponseError),
        (Fault.WRONG_SHAPE, SewResponseError),
    ],
)
async def test_alliant_faults_are_typed(
    start_portal: PortalFactory,
    http: aiohttp.ClientSession,
    fault: Fault,
    error: type[Exception],
) -> None:
    portal, base = await start_portal(profile="alliant")
    client = client_of(http, portal, base)
    accounts = await client.get_accounts()
    meters = await client.get_meters(accounts[0])
    portal.inject(fault, path="*/Electric", methods=("GET",))
    with pytest.raises(error):
        await client.get_usage(
            accounts[0], meters[0], Resolution.HOUR, portal.latest_published_day
        )


async def test_dominion_download_that_is_no_workbook(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    portal, base = await start_portal(profile="dominion")
    access, refresh = browser_sign_in(portal)
    session = await CxSignIn(http, layout_of("dominion", base)).tokens(access, refresh)
    client = SewClient(
        http, layout_of("dominion", base), DEMO_USERNAME, password="", session=session
    )
    accounts = await client.get_accounts()
    meters = await client.get_meters(accounts[0])
    portal.inject(Fault.WRONG_SHAPE, path="*/DownloadExcelNew", times=1)
    with pytest.raises(SewResponseError):
        await client.get_usage(accounts[0], meters[0], Resolution.HOUR, portal.today)
    portal.inject(Fault.SERVER_ERROR, path="*/DownloadExcelNew", times=1)
    with pytest.raises(SewConnectionError):
        await client.get_usage(accounts[0], meters[0], Resolution.HOUR, portal.today)
    series = await client.get_usage(
        accounts[0], meters[0], Resolution.BILLING, portal.today
    )
    assert series.status is UsageStatus.NO_RECORDS
    today = await client.get_usage(
        accounts[0], meters[0], Resolution.HOUR, portal.today
    )
    assert today.status is UsageStatus.NOT_PUBLISHED


@pytest.mark.parametrize("profile", ["alliant", "dominion"])
async def test_a_week_of_refreshes_without_a_sign_in(
    start_portal: PortalFactory,
    http: aiohttp.ClientSession,
    freezer: FrozenDateTimeFactory,
    profile: str,
) -> None:
    """Kept alive every 5 minutes, the tokens of one sign-in last a week."""
    portal, base = await start_portal(profile=profile)
    freezer.move_to(portal.now)
    layout = layout_of(profile, base)
    if profile == "dominion":
        access, refresh = browser_sign_in(portal)
        session = await CxSignIn(http, layout).tokens(access, refresh)
        client = SewClient(http, layout, DEMO_USERNAME, password="", session=session)
    else:
        client = client_of(http, portal, base)
    accounts = await client.get_accounts()
    counters = cx_state(portal).counters
    logins = counters.logins
    step = timedelta(minutes=5)
    for index in range(7 * 24 * 12):
        freezer.tick(step)
        portal.advance(step)
        await client.keep_alive(step + timedelta(minutes=1))
        if index % 36 == 0:  # a visit every three hours
            await client.get_meters(accounts[0])
    assert counters.logins == logins
    assert counters.refused_refreshes == 0
    assert 7 * 24 * 2 <= counters.refreshes <= 7 * 24 * 60 // 24 + 1
