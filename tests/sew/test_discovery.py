"""Deriving a portal from any URL a user copies, and probing its encryption."""

from __future__ import annotations

import aiohttp
from aiohttp import web
import pytest

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    Encryption,
    Flavor,
    Portal,
    SewClient,
    SewConnectionError,
    SewResponseError,
    discover_portal,
    normalise_url,
)
from simulators.sew import DEMO_PASSWORD, DEMO_USERNAME

from .conftest import PortalFactory, ScriptedServer


@pytest.mark.parametrize(
    ("url", "bases", "flavor"),
    [
        ("https://onlineaccount.nppd.com/PortalService/UserLogin.svc/help", ["https://onlineaccount.nppd.com"], Flavor.MOBILE),
        ("onlineaccount.nppd.com/portalservice/", ["https://onlineaccount.nppd.com"], Flavor.MOBILE),
        ("https://connectwith.rpu.com/api", ["https://connectwith.rpu.com"], Flavor.API),
        (" https://scmcx.smartcmobile.com/API/Help/?x=1#top ", ["https://scmcx.smartcmobile.com"], Flavor.API),
        ("https://host.example/tenant/API/Usage/GetMultiMeter", ["https://host.example/tenant"], Flavor.API),
        ("https://portal.example/Portal/default.aspx", ["https://portal.example/Portal", "https://portal.example"], None),
        ("https://portal.example/", ["https://portal.example"], None),
    ],
)  # fmt: skip
def test_normalise_url(url: str, bases: list[str], flavor: Flavor | None) -> None:
    """Base URL and flavor from copied URLs."""
    assert normalise_url(url) == (bases, flavor)


@pytest.mark.parametrize("url", ["ftp://host/x", "https://", "http://[::1"])
def test_not_a_url(url: str) -> None:
    """Things that are not web addresses are refused clearly."""
    with pytest.raises(SewConnectionError, match="not a web address"):
        normalise_url(url)


def test_known_utilities() -> None:
    """The table names NPPD (mobile), RPU (API) and SEW's reference host."""
    assert KNOWN_UTILITIES["nppd"].portal == Portal(
        "https://onlineaccount.nppd.com", Flavor.MOBILE, Encryption.ANDROID
    )
    assert KNOWN_UTILITIES["rpu"].portal.flavor is Flavor.API
    assert (
        KNOWN_UTILITIES["sew_reference"].portal.base_url
        == "https://scmcx.smartcmobile.com"
    )
    assert all(
        utility.key == key and utility.evidence
        for key, utility in KNOWN_UTILITIES.items()
    )


@pytest.mark.parametrize("encryption", ["android", "ios", "none"])
@pytest.mark.parametrize(
    "path", ["/PortalService/UserLogin.svc/help", "/", "/Portal/default.aspx"]
)
async def test_discover_mobile_variants(
    start_portal: PortalFactory, http: aiohttp.ClientSession, encryption: str, path: str
) -> None:
    """The probe finds the variant the portal expects, and a client can then log in."""
    _, base_url = await start_portal(encryption=encryption)
    portal = await discover_portal(http, base_url + path)
    assert portal == Portal(base_url, Flavor.MOBILE, Encryption(encryption))
    client = SewClient(http, portal, DEMO_USERNAME, password=DEMO_PASSWORD)
    await client.login()
    assert client.user_id == "10245"


async def test_discover_with_credentials_and_api(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """Credentials may drive the probe; API URLs are checked with GetId."""
    _, base_url = await start_portal(encryption="ios")
    found = await discover_portal(
        http,
        f"{base_url}/PortalService/",
        username=DEMO_USERNAME,
        password=DEMO_PASSWORD,
    )
    assert found.encryption is Encryption.IOS
    assert await discover_portal(http, f"{base_url}/API/Help/") == Portal(
        base_url, Flavor.API, None
    )


async def test_discover_api_behind_a_root(
    scripted_server: ScriptedServer, http: aiohttp.ClientSession
) -> None:
    """A root whose mobile probes fail but whose API answers is the API flavor."""

    async def api_only(request: web.Request) -> web.Response:
        if request.path == "/API/UserLogin/GetId":
            return web.json_response(
                {"result": {"Status": 1, "Data": {"key": "k", "tokenId": "t"}}}
            )
        return web.Response(
            status=404,
            text="<html><title>Not Found</title></html>",
            content_type="text/html",
        )

    url = await scripted_server(api_only)
    assert await discover_portal(http, url) == Portal(url, Flavor.API, None)


async def test_not_a_sew_portal(
    scripted_server: ScriptedServer, http: aiohttp.ClientSession
) -> None:
    """A server that answers, but not like SEW, is a response error naming the URL."""
    url = await scripted_server(
        web.json_response({"result": {"Status": 1, "Data": {}}})
    )
    with pytest.raises(SewResponseError, match="does not answer like a SEW"):
        await discover_portal(http, f"{url}/API/")
    html = await scripted_server(
        web.Response(text="<html>hi</html>", content_type="text/html")
    )
    with pytest.raises(SewResponseError, match="HTML page"):
        await discover_portal(http, f"{html}/PortalService/")


async def test_nothing_listening(
    http: aiohttp.ClientSession, socket_enabled: None
) -> None:
    """Nothing listening is a connection error."""
    with pytest.raises(SewConnectionError, match="Could not reach"):
        await discover_portal(http, "http://127.0.0.1:9/")
