"""Discovery from any URL a user would paste, protecting the password.

Runs against the simulator's tenant profiles; the simulator counts each login attempt, so
the tests say how many times the password went out.
"""

from __future__ import annotations

import aiohttp
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
from custom_components.sew_thinq.sew.discovery import Candidates, candidates
from custom_components.sew_thinq.sew.layout import json_api_layout, mobile_layout
from simulators.sew import DEMO_PASSWORD, DEMO_USERNAME, Fault, SewPortal

from .conftest import PortalFactory

SEED_LOGIN = "/PortalService/UserLogin.svc/ValidateUserLoginMob"
SEW_LOGIN = "/scp6.6.3-service/UserLogin.svc/ValidateUserLoginMob"


def _attempts(portal: SewPortal) -> int:
    """Return how many times the password went out, in any dialect."""
    return sum(
        count
        for path, count in portal.requests.items()
        if path.endswith(("ValidateUserLoginMob", "ValidateUserLogin"))
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "portal.example.com",
            Candidates(
                api_bases=("https://portal.example.com",),
                mobile_folders=(
                    "https://portal.example.com/PortalService",
                    "https://portal.example.com",
                ),
                web_folders=("https://portal.example.com/Portal",),
            ),
        ),
        (
            "https://portal.example.com/Portal/default.aspx",
            Candidates(
                api_bases=(
                    "https://portal.example.com/Portal",
                    "https://portal.example.com",
                ),
                mobile_folders=(
                    "https://portal.example.com/Portal/PortalService",
                    "https://portal.example.com/Portal",
                    "https://portal.example.com/PortalService",
                    "https://portal.example.com",
                ),
                web_folders=("https://portal.example.com/Portal",),
            ),
        ),
        (
            "https://x.example.com/scp6.6.3-service/",
            Candidates(
                api_bases=(
                    "https://x.example.com/scp6.6.3-service",
                    "https://x.example.com",
                ),
                mobile_folders=(
                    "https://x.example.com/scp6.6.3-service/PortalService",
                    "https://x.example.com/scp6.6.3-service",
                    "https://x.example.com/PortalService",
                    "https://x.example.com",
                ),
                web_folders=("https://x.example.com/scp6.6.3-service",),
            ),
        ),
        (
            "https://x.example.com/API/Help/",
            Candidates(api_bases=("https://x.example.com",)),
        ),
        (
            "https://x.example.com/Service",
            Candidates(api_bases=("https://x.example.com",)),
        ),
        (
            "https://x.example.com/sub/PortalService/UserLogin.svc/help",
            Candidates(
                mobile_folders=("https://x.example.com/sub/PortalService",), named=True
            ),
        ),
        (
            "https://x.example.com/scp6.6.3-service/UserLogin.svc/help",
            Candidates(
                mobile_folders=("https://x.example.com/scp6.6.3-service",), named=True
            ),
        ),
        (
            "https://x.example.com/PortalService/",
            Candidates(
                mobile_folders=("https://x.example.com/PortalService",), named=True
            ),
        ),
        ("https://nbp-svc.example.com/WidgetAPI", Candidates(widget=True)),
    ],
)
def test_candidates(url: str, expected: Candidates) -> None:
    """The path names what it can; otherwise its folder and the origin are tried."""
    assert candidates(url) == expected


@pytest.mark.parametrize("url", ["ftp://example.com", "https://", "http://[::1"])
def test_not_a_web_address(url: str) -> None:
    """What is not a web address is said so."""
    with pytest.raises(NotSewPortalError, match="web address"):
        candidates(url)


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
    http: aiohttp.ClientSession, start_portal: PortalFactory, path: str
) -> None:
    """GetId answers anyone: the layout is found and the password never sent."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    found = await discover_portal(
        http, base_url + path, username=DEMO_USERNAME, password=DEMO_PASSWORD
    )
    assert found.layout == json_api_layout(base_url)
    assert found.session is None
    assert _attempts(portal) == 0


async def test_json_api_with_services_under_api(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """The first simulator's `/API/<Module>` layout (unverified) is found as it is."""
    _, base_url = await start_portal(profile="unverified")
    found = await discover_portal(http, f"{base_url}/API/")
    assert found.layout == json_api_layout(base_url, "API")


@pytest.mark.parametrize(
    ("profile", "options", "path", "dialect", "encryption", "attempts"),
    [
        (
            "mobile-sew",
            {},
            "/scp6.6.3-service/",
            MobileDialect.SEW,
            Encryption.KEY_IV,
            1,
        ),
        ("mobile-seed", {}, "/", MobileDialect.SEED, Encryption.KEY_IV, 2),
        (
            "mobile-seed",
            {"encryption": "ios"},
            "/PortalService/",
            MobileDialect.SEED,
            Encryption.ZERO_IV,
            3,
        ),
        (
            "mobile-seed",
            {"encryption": "none"},
            "/PortalService/UserLogin.svc/help",
            MobileDialect.SEED,
            Encryption.NONE,
            5,
        ),
    ],
)
async def test_mobile_one_login_per_dialect(
    http: aiohttp.ClientSession,
    start_portal: PortalFactory,
    profile: str,
    options: dict[str, str],
    path: str,
    dialect: MobileDialect,
    encryption: Encryption,
    attempts: int,
) -> None:
    """One login per candidate dialect until one works; its session comes back."""
    portal, base_url = await start_portal(profile=profile, **options)
    found = await discover_portal(
        http, base_url + path, username=DEMO_USERNAME, password=DEMO_PASSWORD
    )
    folder = path.split("/UserLogin.svc", maxsplit=1)[0].rstrip("/") or "/PortalService"
    assert found.layout == mobile_layout(base_url + folder, dialect, encryption)
    assert found.session is not None
    assert found.session.accounts[0].account_number == "3001234567"
    assert _attempts(portal) == attempts
    assert sum(portal.sessions.logins.values()) == 1


async def test_mobile_without_credentials(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """Without a login the mobile layout gets the first candidate dialect."""
    portal, base_url = await start_portal(profile="mobile-seed")
    found = await discover_portal(http, base_url)
    assert found.layout == mobile_layout(
        f"{base_url}/PortalService", MobileDialect.SEW, Encryption.KEY_IV
    )
    assert _attempts(portal) == 0


@pytest.mark.parametrize(
    ("profile", "attempts"), [("mobile-sew", 2), ("mobile-seed", 3)]
)
async def test_wrong_password_is_said_so(
    http: aiohttp.ClientSession,
    start_portal: PortalFactory,
    profile: str,
    attempts: int,
) -> None:
    """A wrong password is reported as such, never as "not a SEW portal".

    The dialect that understood the body is tried with its other IV, since a wrong IV
    garbles the user id; no other dialect follows.
    """
    portal, base_url = await start_portal(profile=profile)
    folder = "scp6.6.3-service" if profile == "mobile-sew" else "PortalService"
    with pytest.raises(InvalidCredentialsError, match="Invalid username"):
        await discover_portal(
            http, f"{base_url}/{folder}/", username=DEMO_USERNAME, password="wrong"
        )
    assert _attempts(portal) == attempts


async def test_locked_account_stops(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """A refusal naming the account's state stops at once."""
    portal, base_url = await start_portal(profile="mobile-sew")
    portal.lock_account()
    with pytest.raises(AccountLockedError):
        await discover_portal(
            http,
            f"{base_url}/scp6.6.3-service/",
            username=DEMO_USERNAME,
            password=DEMO_PASSWORD,
        )
    assert portal.requests[SEW_LOGIN] == 1


async def test_not_a_sew_portal(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """A site answering pages (or 404s) to every probe is not a SEW portal."""
    portal, base_url = await start_portal(profile="nbpower")
    with pytest.raises(NotSewPortalError, match="does not answer like a SEW portal"):
        await discover_portal(
            http, f"{base_url}/Default.aspx", username="u", password="p"
        )
    assert _attempts(portal) == 0


async def test_nothing_listening(http: aiohttp.ClientSession) -> None:
    """No answer at all is a connection error."""
    with pytest.raises(SewConnectionError, match="Could not reach"):
        await discover_portal(http, "http://127.0.0.1:9/", request_timeout=2)


async def test_rate_limit_stops(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """HTTP 429 on a probe stops discovery: the portal asked to wait."""
    portal, base_url = await start_portal(profile="hidroelectrica")
    portal.inject(Fault.RATE_LIMIT)
    with pytest.raises(SewRateLimitError):
        await discover_portal(http, base_url)


async def test_rate_limit_on_the_help_page_stops(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """HTTP 429 on the mobile help page stops discovery too."""
    portal, base_url = await start_portal(profile="mobile-seed")
    portal.inject(Fault.RATE_LIMIT, methods=("GET",))
    with pytest.raises(SewRateLimitError):
        await discover_portal(http, base_url)


async def test_widget_api_needs_the_catalogue(http: aiohttp.ClientSession) -> None:
    """A WidgetAPI URL of an unknown utility cannot be logged in to."""
    with pytest.raises(NotSewPortalError, match="chosen from the list"):
        await discover_portal(http, "https://svc.example.com/WidgetAPI/")
