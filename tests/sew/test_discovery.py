"""Discovery from any URL a user would paste, protecting the password."""

from __future__ import annotations

from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    AccountLockedError,
    Encryption,
    InvalidCredentialsError,
    MobileDialect,
    NotSewPortalError,
    SewConnectionError,
    SewRateLimitError,
    discover_portal,
)
from custom_components.sew_thinq.sew.discovery import candidate_bases
from custom_components.sew_thinq.sew.layout import json_api_layout, mobile_layout

from .conftest import Tenant, envelope
from .tenants import (
    MOBILE_PASSWORD,
    MOBILE_USER,
    PASSWORD,
    Hidroelectrica,
    MobileTenant,
)

LOGIN = "/PortalService/UserLogin.svc/ValidateUserLoginMob"


@pytest.mark.parametrize(
    ("url", "bases", "mark"),
    [
        ("portal.example.com", ["https://portal.example.com"], None),
        (
            "https://portal.example.com/portal/",
            ["https://portal.example.com/portal", "https://portal.example.com"],
            None,
        ),
        (
            "https://portal.example.com/Portal/default.aspx",
            ["https://portal.example.com/Portal", "https://portal.example.com"],
            None,
        ),
        ("https://x.example.com/API/Help/", ["https://x.example.com"], "api"),
        ("https://x.example.com/Service", ["https://x.example.com"], "service"),
        (
            "https://x.example.com/sub/PortalService/UserLogin.svc/help",
            ["https://x.example.com/sub"],
            "portalservice",
        ),
        (
            "https://nbp-svc.example.com/WidgetAPI",
            ["https://nbp-svc.example.com"],
            "widgetapi",
        ),
    ],
)
def test_candidate_bases(url: str, bases: list[str], mark: str | None) -> None:
    """The path names what it can; otherwise its folder and the origin are tried."""
    assert candidate_bases(url) == (bases, mark)


@pytest.mark.parametrize("url", ["ftp://example.com", "https://", "http://[::1"])
def test_not_a_web_address(url: str) -> None:
    """What is not a web address is said so."""
    with pytest.raises(NotSewPortalError, match="web address"):
        candidate_bases(url)


async def test_known_host_needs_no_request(http: aiohttp.ClientSession) -> None:
    """A verified utility's host gives its layout without a request."""
    found = await discover_portal(
        http, "https://ihidro.ro/portal/", username="u", password="p"
    )
    assert found.layout == KNOWN_UTILITIES["hidroelectrica"].layout
    assert found.utility is KNOWN_UTILITIES["hidroelectrica"]
    assert found.session is None
    nbpower = await discover_portal(http, "https://www.nbpower.com/")
    assert nbpower.utility is KNOWN_UTILITIES["nbpower"]


@pytest.mark.parametrize(
    "path",
    ["/", "/portal/default.aspx", "/API/Help/", "/Service/", "/API/UserLogin/GetId"],
)
async def test_json_api_without_the_password(
    http: aiohttp.ClientSession, tenant: Tenant, path: str
) -> None:
    """GetId answers anyone: the layout is found and the password never sent."""
    Hidroelectrica(tenant)
    found = await discover_portal(
        http, tenant.url + path, username="ion@example.ro", password=PASSWORD
    )
    assert found.layout == json_api_layout(tenant.url)
    assert tenant.sent("/API/UserLogin/ValidateUserLogin") == []
    assert all(PASSWORD not in str(seen.body) for seen in tenant.seen)


async def test_json_api_with_services_under_api(
    http: aiohttp.ClientSession, tenant: Tenant
) -> None:
    """A tenant with every module under `/API` (the seed's RPU, unverified)."""
    tenant.post("/API/UserLogin/GetId", envelope({"key": "k", "tokenId": "t"}))
    tenant.post("/API/Usage/GetMultiMeter", {"Message": "Authorization denied"}, 401)
    found = await discover_portal(http, tenant.url)
    assert found.layout == json_api_layout(tenant.url, "API")


async def test_json_api_hiding_its_services(
    http: aiohttp.ClientSession, tenant: Tenant
) -> None:
    """When no service root answers a probe, the evidence's `/Service` is assumed."""
    tenant.post("/API/UserLogin/GetId", envelope({"key": "k", "tokenId": "t"}))
    found = await discover_portal(http, tenant.url)
    assert found.layout == json_api_layout(tenant.url)


@pytest.mark.parametrize(
    ("dialect", "encryption", "attempts"),
    [
        (MobileDialect.SEW, Encryption.KEY_IV, 1),
        (MobileDialect.SEED, Encryption.KEY_IV, 2),
        (MobileDialect.SEED, Encryption.ZERO_IV, 3),
        # The key-IV attempt is refused as an unknown user: only SEW's other IV follows.
        (MobileDialect.SEW, Encryption.ZERO_IV, 2),
        (MobileDialect.SEED, Encryption.NONE, 5),
    ],
)
async def test_mobile_one_login_per_dialect(
    http: aiohttp.ClientSession,
    tenant: Tenant,
    dialect: MobileDialect,
    encryption: Encryption,
    attempts: int,
) -> None:
    """One login per candidate dialect until one works.

    After the help page, one login per candidate dialect until one works; the session
    comes back so the caller need not log in again.
    """
    MobileTenant(tenant, dialect, encryption)
    found = await discover_portal(
        http, tenant.url, username=MOBILE_USER, password=MOBILE_PASSWORD
    )
    assert found.layout == mobile_layout(tenant.url, dialect, encryption)
    assert found.session is not None
    assert found.session.accounts[0].account_number == "3001234567"
    assert len(tenant.sent(LOGIN)) == attempts


async def test_mobile_url_names_the_root(
    http: aiohttp.ClientSession, tenant: Tenant
) -> None:
    """A pasted help page names the root: no probe is needed before the login."""
    MobileTenant(tenant, MobileDialect.SEW, Encryption.KEY_IV, help_page=False)
    found = await discover_portal(
        http,
        f"{tenant.url}/PortalService/UserLogin.svc/help",
        username=MOBILE_USER,
        password=MOBILE_PASSWORD,
    )
    assert found.layout.mobile_dialect is MobileDialect.SEW
    assert tenant.sent("/API/UserLogin/GetId") == []


async def test_mobile_without_credentials(
    http: aiohttp.ClientSession, tenant: Tenant
) -> None:
    """Without a login the mobile layout gets the first candidate dialect."""
    MobileTenant(tenant, MobileDialect.SEED, Encryption.KEY_IV)
    found = await discover_portal(http, tenant.url)
    assert found.layout == mobile_layout(
        tenant.url, MobileDialect.SEW, Encryption.KEY_IV
    )
    assert tenant.sent(LOGIN) == []


async def test_wrong_password_is_said_so(
    http: aiohttp.ClientSession, tenant: Tenant
) -> None:
    """A wrong password is reported as such, never as "not a SEW portal".

    It costs two attempts: the dialect that understood the body, with each IV.
    """
    MobileTenant(tenant, MobileDialect.SEW, Encryption.KEY_IV)
    with pytest.raises(InvalidCredentialsError, match="Invalid User Id"):
        await discover_portal(http, tenant.url, username=MOBILE_USER, password="wrong")
    assert len(tenant.sent(LOGIN)) == 2


async def test_locked_account_stops(
    http: aiohttp.ClientSession, tenant: Tenant
) -> None:
    """A refusal naming the account's state stops at once."""
    mobile = MobileTenant(tenant, MobileDialect.SEW, Encryption.KEY_IV)
    mobile.refusal = "Account locked after too many attempts"
    with pytest.raises(AccountLockedError):
        await discover_portal(http, tenant.url, username=MOBILE_USER, password="wrong")
    assert len(tenant.sent(LOGIN)) == 1


async def test_not_a_sew_portal(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """A site answering pages (or 404s) to every probe is not a SEW portal."""

    async def page(request: web.Request, body: Any) -> web.StreamResponse:
        return web.Response(
            text="<html><title>Welcome</title></html>", content_type="text/html"
        )

    for method, path in (
        ("POST", "/API/UserLogin/GetId"),
        ("GET", "/PortalService/UserLogin.svc/help"),
    ):
        tenant.on(method, path, page)
    with pytest.raises(NotSewPortalError, match="does not answer like a SEW portal"):
        await discover_portal(http, tenant.url, username="u", password="p")
    assert all(seen.path != LOGIN for seen in tenant.seen)


async def test_nothing_listening(http: aiohttp.ClientSession) -> None:
    """No answer at all is a connection error."""
    with pytest.raises(SewConnectionError, match="Could not reach"):
        await discover_portal(http, "http://127.0.0.1:9/", request_timeout=2)


async def test_rate_limit_stops(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """HTTP 429 on a probe stops discovery: the portal asked to wait."""
    tenant.post("/API/UserLogin/GetId", {}, 429)
    with pytest.raises(SewRateLimitError):
        await discover_portal(http, tenant.url)


async def test_widget_api_needs_the_catalogue(http: aiohttp.ClientSession) -> None:
    """A WidgetAPI URL of an unknown utility cannot be logged in to."""
    with pytest.raises(NotSewPortalError, match="chosen from the list"):
        await discover_portal(http, "https://svc.example.com/WidgetAPI/")
