"""The client over HTTP against the `nbpower` profile: NB Power's web sign-in and WidgetAPI.

The simulator serves the sign-in pages P7 (dnlbck/ha-nbpower) and P8 (noslent/nbpower-ha)
walk through and the WidgetAPI as P7 observed it live; the month-to-date block follows the
live capture in `../shared/realworld/sew/`.
"""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest

from custom_components.sew_thinq.sew import (
    Account,
    InvalidCredentialsError,
    Resolution,
    SewAuthError,
    SewConnectionError,
    SewResponseError,
    UsageStatus,
)
from custom_components.sew_thinq.sew.widget_login import read_form
from simulators.sew import Fault

from .conftest import PortalFactory, TenantClientFactory, client_of

METER = "NBP5512093"
LOGIN_FORM = """<html><body><form action="./weblogin.aspx" method="post">
<input type="hidden" name="__VIEWSTATE" value="vs123"/>
<input type="hidden" name="__EVENTVALIDATION" value="ev789"/>
<input type="text" name="ctl00$contentPlaceHolder$txtUsername"/>
<input type="password" name="ctl00$contentPlaceHolder$txtPassword"/>
<input type="submit" name="ctl00$contentPlaceHolder$btnLogin" value="Login"/>
</form></body></html>"""


async def test_web_sign_in_and_token(tenant_client: TenantClientFactory) -> None:
    """The site's form sign-in yields the token; VerifyToken names the account."""
    portal, client = await tenant_client("nbpower")
    (account,) = await client.get_accounts()
    (expected,) = portal.profile.tenant.logins[0].accounts
    assert (account.account_number, account.utility_account_number) == (
        expected.number,
        expected.utility_number,
    )
    assert str(account.time_zone) == "America/Moncton"
    assert client.user_id == expected.number
    assert portal.requests["/auth/weblogin.aspx"] == 1
    assert sum(portal.sessions.logins.values()) == 1
    (meter,) = await client.get_meters(account)
    assert (meter.meter_number, meter.unit) == (METER, "kWh")
    assert not client.offers_bills


async def test_hours_as_quarter_hours(tenant_client: TenantClientFactory) -> None:
    """Hours are asked as `MI` quarter-hours that add up to the hour.

    A day not yet published answers the latest published one: `NOT_PUBLISHED`, never zero.
    """
    portal, client = await tenant_client("nbpower")
    (account,) = await client.get_accounts()
    (meter,) = await client.get_meters(account)
    day = portal.latest_published_day - timedelta(days=3)
    series = await client.get_usage(account, meter, Resolution.HOUR, day)
    assert len(series.readings) == 4 * len(portal.true_hourly(METER, day))
    hours: dict[object, float] = {}
    for reading in series.readings:
        start = reading.start.replace(minute=0)
        hours[start] = hours.get(start, 0.0) + reading.value
    assert [(start, pytest.approx(value)) for start, value in hours.items()] == [
        (start, value) for start, value in portal.true_hourly(METER, day)
    ]
    assert all(r.cost is not None for r in series.readings)
    unpublished = await client.get_usage(account, meter, Resolution.HOUR, portal.today)
    assert unpublished.status is UsageStatus.NOT_PUBLISHED
    assert unpublished.readings == ()


async def test_daily_window_and_cycles(tenant_client: TenantClientFactory) -> None:
    """Days come as the tenant's fixed window, cycles from `FromDate`/`ToDate`."""
    portal, client = await tenant_client("nbpower")
    (account,) = await client.get_accounts()
    (meter,) = await client.get_meters(account)
    asked = portal.latest_published_day - timedelta(days=100)
    days = await client.get_usage(account, meter, Resolution.DAY, asked)
    assert days.days[-1] == portal.latest_published_day - timedelta(days=3)
    assert asked not in days.days
    cycles = await client.get_usage(account, meter, Resolution.BILLING, portal.today)
    assert len(cycles.readings) == 36
    first, _ = portal.billing_cycles()[-1]
    assert cycles.readings[-1].start.astimezone(portal.zone).date() == first


async def test_projection_from_monthly_mode(tenant_client: TenantClientFactory) -> None:
    """`ProjectedBill` is the projected kWh, `ProjectedBillDollar` its cost."""
    portal, client = await tenant_client("nbpower")
    (account,) = await client.get_accounts()
    (meter,) = await client.get_meters(account)
    projection = await client.get_projection(account, meter)
    assert projection.unit == "kWh"
    assert projection.projected_usage is not None
    assert projection.projected_cost == pytest.approx(
        projection.projected_usage * 0.15842, abs=0.01
    )
    bills = await client.get_bills(account)
    assert bills.amount_due is None
    with pytest.raises(SewResponseError, match="no generation"):
        await client.get_generation(account, meter, Resolution.DAY, portal.today)


async def test_expired_token_signs_in_again(tenant_client: TenantClientFactory) -> None:
    """An expired token gets one new web sign-in and the call again."""
    portal, client = await tenant_client("nbpower")
    (account,) = await client.get_accounts()
    portal.expire_all_tokens()
    (meter,) = await client.get_meters(account)
    assert meter.meter_number == METER
    assert client.login_count == 2


async def test_wrong_password(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """The site showing its sign-in form again is a refused password."""
    portal, base_url = await start_portal(profile="nbpower")
    with pytest.raises(InvalidCredentialsError):
        await client_of(http, portal, base_url, "wrong").login()


async def test_cookies_required(
    start_portal: PortalFactory, socket_enabled: None
) -> None:
    """A session that keeps no cookies cannot sign in: the site says so."""
    portal, base_url = await start_portal(profile="nbpower")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        with pytest.raises(InvalidCredentialsError):
            await client_of(http, portal, base_url).login()


async def test_missing_account_ids(tenant_client: TenantClientFactory) -> None:
    """HTTP 400 `{"responsestatus": -1}` is a typed error."""
    portal, client = await tenant_client("nbpower")
    (account,) = await client.get_accounts()
    (meter,) = await client.get_meters(account)
    stranger = Account("1", "2", None, account.time_zone, True)
    with pytest.raises(SewResponseError, match="responsestatus -1"):
        await client.get_usage(stranger, meter, Resolution.DAY, portal.today)


async def test_site_failures(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """A site failing its pages is a connection error, never a refused password."""
    portal, base_url = await start_portal(profile="nbpower")
    portal.inject(Fault.SERVER_ERROR, path="/auth/weblogin.aspx", times=1)
    with pytest.raises(SewConnectionError, match="HTTP 500") as caught:
        await client_of(http, portal, base_url).login()
    assert not isinstance(caught.value, SewAuthError)
    portal.inject(Fault.SERVER_ERROR, path="/Default.aspx", methods=("GET",), times=1)
    with pytest.raises(SewConnectionError, match="HTTP 500"):
        await client_of(http, portal, base_url).login()
    portal.inject(Fault.HTML_PAGE, path="/Default.aspx", methods=("GET",), times=1)
    with pytest.raises(SewResponseError, match="home page has no form"):
        await client_of(http, portal, base_url).login()
    portal.inject(Fault.HTML_PAGE, path="/auth/weblogin.aspx", methods=("GET",))
    with pytest.raises(SewResponseError, match="login page has no form"):
        await client_of(http, portal, base_url).login()


async def test_token_refused_by_verify(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """A token VerifyToken refuses at sign-in is the portal's fault, not the password's."""
    portal, base_url = await start_portal(profile="nbpower")
    portal.inject(Fault.WRONG_SHAPE, path="/WidgetAPI/Token/VerifyToken")
    with pytest.raises(SewResponseError, match="no account") as caught:
        await client_of(http, portal, base_url).login()
    assert not isinstance(caught.value, SewAuthError)


def test_form_reader() -> None:
    """The first form's fields and types, by the standard library's HTML parser."""
    form = read_form(LOGIN_FORM + '<form><input name="other"/></form>')
    assert form is not None
    assert form.action == "./weblogin.aspx"
    assert form.fields["__EVENTVALIDATION"] == "ev789"
    assert "other" not in form.fields
    assert form.first_of_type("password") == "ctl00$contentPlaceHolder$txtPassword"
    assert read_form("<p>none</p>") is None
