"""The client over HTTP against a tenant answering as NB Power's site and WidgetAPI do.

Pages and answers follow dnlbck/ha-nbpower tests/conftest.py (its mock of the live site,
"validated against live traffic") and api.py; values are invented except the month-to-date
block, which is the live one in `../shared/realworld/sew/`.
"""

from __future__ import annotations

from datetime import date, timedelta
import json
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    InvalidCredentialsError,
    PortalLayout,
    Resolution,
    SewAuthError,
    SewClient,
    SewConnectionError,
    SewResponseError,
    UsageStatus,
)
from custom_components.sew_thinq.sew.layout import Flavor
from custom_components.sew_thinq.sew.widget_login import read_form

from .conftest import REALWORLD, Tenant

USERNAME, PASSWORD = "user@example.com", "s3cret"
FORM = """<html><body><form action="{action}" method="post">
<input type="hidden" name="__VIEWSTATE" value="vs123"/>
<input type="hidden" name="__VIEWSTATEGENERATOR" value="gen456"/>
<input type="hidden" name="__EVENTVALIDATION" value="ev789"/>
{extra}
</form></body></html>"""
LOGIN_FORM = FORM.format(
    action="/auth/weblogin.aspx",
    extra="""
<input type="text" name="ctl00$contentPlaceHolder$txtUsername"/>
<input type="password" name="ctl00$contentPlaceHolder$txtPassword"/>
<input type="submit" name="ctl00$contentPlaceHolder$btnLogin" value="Login"/>
<input type="hidden" name="ctl00$contentPlaceHolder$hdnCaptchaText" value=""/>
<input type="text" name="ctl00$txtSearch" value="find"/>""",
)
NBPOWER = KNOWN_UTILITIES["nbpower"]
TODAY = date(2026, 9, 21)


def page(html: str) -> Any:
    """Return a handler serving a page."""

    async def handle(request: web.Request, body: Any) -> web.StreamResponse:
        return web.Response(text=html, content_type="text/html")

    return handle


class NbPower:
    """NB Power's site.

    (`/Default.aspx`, `/auth/weblogin.aspx`, the account page) and its WidgetAPI
    under `/WidgetAPI`.
    """

    def __init__(self, tenant: Tenant) -> None:
        """Install the routes."""
        self.tenant = tenant
        self.tokens: set[str] = set()
        self.issued = 0
        self.published = TODAY - timedelta(days=1)
        tenant.on(
            "GET", "/Default.aspx", page(FORM.format(action="/Default.aspx", extra=""))
        )
        tenant.on("POST", "/Default.aspx", self.prime)
        tenant.on("GET", "/auth/weblogin.aspx", page(LOGIN_FORM))
        tenant.on("POST", "/auth/weblogin.aspx", self.login)
        tenant.on("GET", "/Customer/AccountSummaryView.aspx", self.account_page)
        tenant.on("POST", "/WidgetAPI/Token/VerifyToken", self.verify)
        tenant.on("POST", "/WidgetAPI/Usage/GetMultiMeter", self.meters)
        tenant.on("POST", "/WidgetAPI/Usage/GetUsageGeneration", self.usage)

    async def prime(self, request: web.Request, body: Any) -> web.StreamResponse:
        """Choosing English sets the session cookie."""
        assert body["btnEnglish"] == "English"
        response = web.HTTPFound("/auth/weblogin.aspx")
        response.set_cookie("sessionId", "primed")
        raise response

    async def login(self, request: web.Request, body: Any) -> web.StreamResponse:
        """A good login redirects to the account page; a bad one re-renders the form."""
        if (
            body.get("ctl00$contentPlaceHolder$txtUsername") == USERNAME
            and body.get("ctl00$contentPlaceHolder$txtPassword") == PASSWORD
            and request.cookies.get("sessionId") == "primed"
        ):
            response = web.HTTPFound("/Customer/AccountSummaryView.aspx")
            response.set_cookie("auth", "1")
            raise response
        return web.Response(text=LOGIN_FORM, content_type="text/html")

    async def account_page(self, request: web.Request, body: Any) -> web.StreamResponse:
        """The account page carries the usage graph's token."""
        if "auth" not in request.cookies:
            raise web.HTTPFound("/auth/weblogin.aspx")
        self.issued += 1
        token = f"token-{self.issued}"
        self.tokens.add(token)
        field = '<input type="hidden" name="ctl00$contentPlaceHolder$ucConsumptionGraph$accountSEWToken" value="{}"/>'
        return web.Response(
            text=FORM.format(
                action="/Customer/AccountSummaryView.aspx", extra=field.format(token)
            ),
            content_type="text/html",
        )

    async def verify(self, request: web.Request, body: Any) -> web.StreamResponse:
        """VerifyToken names the account, `AccountNumber` as a number."""
        if body.get("Token") not in self.tokens:
            return web.json_response(
                {
                    "result": {
                        "Status": 0,
                        "Message": "Token has been expired.",
                        "Data": None,
                    }
                }
            )
        return web.json_response(
            {
                "version": "7.5.2",
                "responsestatus": 1,
                "result": {
                    "Status": 1,
                    "Message": "Record found",
                    "Data": {
                        "AccountNumber": 1234567,
                        "UtilityAccountNumber": "9876543",
                    },
                },
            }
        )

    def alive(self, request: web.Request, body: Any) -> bool:
        """Tell whether the header and body carry a live token."""
        token = request.headers.get("Token")
        return token in self.tokens and body.get("Token") == token

    async def meters(self, request: web.Request, body: Any) -> web.StreamResponse:
        """GetMultiMeter answers `result.MeterDetails` with only a meter number."""
        if not self.alive(request, body):
            return web.json_response(
                {
                    "result": {
                        "Status": 0,
                        "Message": "Token has been expired.",
                        "Data": None,
                    }
                }
            )
        return web.json_response(
            {"result": {"MeterDetails": [{"MeterNumber": "MTR001"}]}}
        )

    async def usage(self, request: web.Request, body: Any) -> web.StreamResponse:
        """GetUsageGeneration as the live API behaves (tests/conftest.py `_usage_payload`)."""
        if not self.alive(request, body):
            return web.json_response(
                {
                    "result": {
                        "Status": 0,
                        "Message": "Token has been expired.",
                        "Data": None,
                    }
                }
            )
        if (
            str(body.get("AccountNumber")) != "1234567"
            or body.get("UtilityAccountNumber") != "9876543"
        ):
            return web.json_response({"responsestatus": -1}, status=400)
        live = json.loads(
            (REALWORLD / "nbpower-widgetapi-getTentativeData-live.json").read_text()
        )
        zeroed = dict.fromkeys(live["result"]["Data"]["getTentativeData"][0], 0.0)
        data: dict[str, Any] = {"getTentativeData": [zeroed]}
        if body["Mode"] == "M":
            data = live["result"]["Data"]
        elif body["Mode"] == "MI":
            month, day, year = (int(part) for part in body["strdate"].split("/"))
            asked = date(year, month, day)
            shown = min(asked, self.published)
            data["objUsageGenerationResultSetTwo"] = [
                {
                    "UsageDate": f"{shown:%B} {shown.day}, {shown.year}",
                    "Hourly": f"{q // 4:02d}:{q % 4 * 15:02d}",
                    "Consumption": 0.5,
                    "UsageValue": 0.5,
                    "ValidationStatus": "Validated",
                }
                for q in range(96)
            ]
        return web.json_response({"result": {"Data": data, "Status": 1}})


@pytest.fixture
def nbpower(tenant: Tenant) -> NbPower:
    """A WidgetAPI tenant."""
    return NbPower(tenant)


def make_client(
    http: aiohttp.ClientSession, tenant: Tenant, password: str = PASSWORD
) -> SewClient:
    """Return a client of the tenant with NB Power's conventions."""
    layout = PortalLayout(Flavor.WIDGET_API, tenant.url, f"{tenant.url}/WidgetAPI")
    return SewClient(http, layout, USERNAME, password=password, locale=NBPOWER.locale)


async def test_web_login_and_token(
    http: aiohttp.ClientSession, tenant: Tenant, nbpower: NbPower
) -> None:
    """The site's form login yields the token; VerifyToken names the account."""
    client = make_client(http, tenant)
    (account,) = await client.get_accounts()
    assert (account.account_number, account.utility_account_number) == (
        "1234567",
        "9876543",
    )
    (login,) = [
        seen for seen in tenant.sent("/auth/weblogin.aspx") if seen.method == "POST"
    ]
    assert login.body["ctl00$contentPlaceHolder$hdnCaptchaText"] == (
        "BotDetect CAPTCHA ASP.NET Form Validation"
    )
    assert login.body["ctl00$txtSearch"] == ""
    assert login.body["ctl00$contentPlaceHolder$btnLogin"] == "Login"
    assert login.body["__VIEWSTATE"] == "vs123"
    assert client.user_id == "1234567"
    (meter,) = await client.get_meters(account)
    assert meter.meter_number == "MTR001"
    (call,) = tenant.sent("/WidgetAPI/Usage/GetMultiMeter")
    assert client.session is not None
    token = client.session.token
    assert call.headers["Token"] == token
    assert call.headers["X-SEW"] == ""
    assert call.headers["Authorization"] == ""
    assert call.body == {
        "Token": token,
        "AccountNumber": "1234567",
        "UtilityAccountNumber": "9876543",
        "MeterType": "E",
    }


async def test_hours_as_quarter_hours(
    http: aiohttp.ClientSession, tenant: Tenant, nbpower: NbPower
) -> None:
    """Hours are asked as `MI` quarter-hours.

    Hours are asked as `MI` quarter-hours; a day not yet published answers the latest
    published one, which is `NOT_PUBLISHED`, never zero.
    """
    client = make_client(http, tenant)
    (account,) = await client.get_accounts()
    (meter,) = await client.get_meters(account)
    day = TODAY - timedelta(days=1)
    published = await client.get_usage(account, meter, Resolution.HOUR, day)
    assert len(published.readings) == 96
    assert sum(r.value for r in published.readings) == pytest.approx(48.0)
    calls = tenant.sent("/WidgetAPI/Usage/GetUsageGeneration")
    assert calls[0].body["Mode"] == "MI"
    assert calls[0].body["strdate"] == f"{day.month}/{day.day}/{day.year}"
    assert calls[0].body["IsNetUsage"] == "false"
    unpublished = await client.get_usage(account, meter, Resolution.HOUR, TODAY)
    assert unpublished.status is UsageStatus.NOT_PUBLISHED
    assert unpublished.readings == ()


async def test_projection_from_monthly_mode(
    http: aiohttp.ClientSession, tenant: Tenant, nbpower: NbPower
) -> None:
    """The month-to-date block comes from `Mode` M: 1,440 kWh and 228.13 CAD."""
    client = make_client(http, tenant)
    (account,) = await client.get_accounts()
    (meter,) = await client.get_meters(account)
    projection = await client.get_projection(account, meter)
    assert (projection.projected_usage, projection.projected_cost) == (1440.0, 228.13)
    assert projection.unit == "kWh"
    bills = await client.get_bills(account)
    assert bills.amount_due is None
    assert bills.last_bills == ()
    with pytest.raises(SewResponseError, match="no generation"):
        await client.get_generation(account, meter, Resolution.DAY, TODAY)


async def test_expired_token_logs_in_again(
    http: aiohttp.ClientSession, tenant: Tenant, nbpower: NbPower
) -> None:
    """An expired token gets one new web login and the call again."""
    client = make_client(http, tenant)
    (account,) = await client.get_accounts()
    nbpower.tokens.clear()
    (meter,) = await client.get_meters(account)
    assert meter.meter_number == "MTR001"
    assert client.login_count == 2


async def test_wrong_password(
    http: aiohttp.ClientSession, tenant: Tenant, nbpower: NbPower
) -> None:
    """The site re-rendering its login form is a refused password."""
    with pytest.raises(InvalidCredentialsError):
        await make_client(http, tenant, "wrong").login()


async def test_missing_account_ids(
    http: aiohttp.ClientSession, tenant: Tenant, nbpower: NbPower
) -> None:
    """HTTP 400 `{"responsestatus": -1}` is a typed error."""
    client = make_client(http, tenant)
    (account,) = await client.get_accounts()
    (meter,) = await client.get_meters(account)
    stranger = type(account)("1", "2", None, account.time_zone, True)
    with pytest.raises(SewResponseError, match="responsestatus -1"):
        await client.get_usage(stranger, meter, Resolution.DAY, TODAY)


async def test_site_failures(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """A site without the expected pages or token gives typed errors."""
    tenant.on("GET", "/Default.aspx", page("<html>no form</html>"))
    with pytest.raises(SewResponseError, match="home page"):
        await make_client(http, tenant).login()
    tenant.on("GET", "/Default.aspx", page(FORM.format(action="", extra="")))
    tenant.on("POST", "/Default.aspx", page("ok"))
    with pytest.raises(SewConnectionError, match="HTTP 404"):
        await make_client(http, tenant).login()
    tenant.on("GET", "/auth/weblogin.aspx", page(FORM.format(action="", extra="")))
    with pytest.raises(SewResponseError, match="password field"):
        await make_client(http, tenant).login()


async def test_token_refused_by_verify(
    http: aiohttp.ClientSession, tenant: Tenant, nbpower: NbPower
) -> None:
    """A token VerifyToken refuses at login is the portal's fault, not the password's."""
    tenant.post(
        "/WidgetAPI/Token/VerifyToken",
        {"result": {"Status": 0, "Message": "Token has been expired.", "Data": None}},
    )
    with pytest.raises(SewResponseError, match="its own token") as caught:
        await make_client(http, tenant).login()
    assert not isinstance(caught.value, SewAuthError)


def test_form_reader() -> None:
    """The first form's fields and types, by the standard library's HTML parser."""
    form = read_form(LOGIN_FORM + '<form><input name="other"/></form>')
    assert form is not None
    assert form.action == "/auth/weblogin.aspx"
    assert form.fields["__EVENTVALIDATION"] == "ev789"
    assert "other" not in form.fields
    assert form.first_of_type("password") == "ctl00$contentPlaceHolder$txtPassword"
    assert read_form("<p>none</p>") is None
