"""Gateway discovery, the browser sign-in, callback parsing and the signed refresh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import pytest

from custom_components.sew_thinq.thinq import (
    DEFAULT_GATEWAY_URL,
    ThinQAuthError,
    ThinQClient,
    ThinQConnectionError,
    ThinQResponseError,
    discover_gateway,
    login_url,
    parse_callback,
)
from custom_components.sew_thinq.thinq.auth import (
    Gateway,
    fetch_user_number,
    oauth_date,
    refresh_access_token,
    refresh_signature,
)
from custom_components.sew_thinq.thinq.const import DATE_FORMAT
from custom_components.sew_thinq.thinq.transport import Transport
from simulators.thinq_cloud import (
    DEMO_PASSWORD,
    DEMO_USER_NUMBER,
    DEMO_USERNAME,
    ThinQCloud,
    describe,
    sign_in_url,
)

from .conftest import ClientFactory, OddServer


async def test_discover_gateway(gateway_url: str, http: aiohttp.ClientSession) -> None:
    gateway = await discover_gateway(
        http, gateway_url=gateway_url, country="DE", language="de-DE"
    )
    origin = gateway_url.removesuffix("/api/common/gatewayUriList")
    assert gateway.api_root == f"{origin}/api"
    assert gateway.auth_base == f"{origin}/emp/"
    assert gateway.oauth_root == origin
    assert (gateway.country, gateway.language) == ("DE", "de-DE")
    assert (
        DEFAULT_GATEWAY_URL == "https://kic.lgthinq.com:46030/api/common/gatewayUriList"
    )


async def test_login_url_matches_the_simulator(
    gateway_url: str, http: aiohttp.ClientSession
) -> None:
    gateway = await discover_gateway(http, gateway_url=gateway_url)
    url = login_url(gateway)
    assert url == sign_in_url(gateway_url)
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["client_id"] == "LGAO221A02"
    assert query["svcCode"] == "SVC202"


async def test_whole_login_from_the_sign_in_page(
    cloud: ThinQCloud, gateway_url: str, http: aiohttp.ClientSession
) -> None:
    """Sign in like a browser, paste the callback URL, and reach the devices."""
    gateway = await discover_gateway(http, gateway_url=gateway_url)
    url = login_url(gateway)
    async with http.get(url) as page:
        assert page.status == 200
        html = await page.text()
    assert '<form method="post"' in html
    assert 'name="password"' in html
    action = url.split("?", 1)[0]
    hidden = dict(parse_qsl(urlsplit(url).query))

    async with http.post(
        action, data=hidden | {"username": DEMO_USERNAME, "password": "wrong"}
    ) as refused:
        assert refused.status == 401
        assert "not correct" in await refused.text()

    async with http.post(
        action,
        data=hidden | {"username": DEMO_USERNAME, "password": DEMO_PASSWORD},
        allow_redirects=False,
    ) as redirect:
        assert redirect.status == 302
        callback = redirect.headers["Location"]
    query = dict(parse_qsl(urlsplit(callback).query))
    assert query["access_token"]
    async with http.get(callback) as landing:
        assert landing.status == 200

    client = ThinQClient(
        http, refresh_token=parse_callback(callback), gateway_url=gateway_url
    )
    await client.connect()
    assert client.account_id == DEMO_USER_NUMBER
    assert len(await client.get_devices()) == 3
    assert "thinq-demo" in describe(cloud, gateway_url)


def test_parse_callback() -> None:
    url = "https://us.m.lgaccount.com/login/iabClose?access_token=AT&refresh_token=RT123456&x=1"
    assert parse_callback(url) == "RT123456"
    assert parse_callback(f"  {url}\n") == "RT123456"
    assert parse_callback("access_token=a&refresh_token=RT654321") == "RT654321"
    assert parse_callback("d1f0c7e2b3a44f5e8c9d") == "d1f0c7e2b3a44f5e8c9d"
    for bad in (
        "",
        "   ",
        "https://example.com/?access_token=only",
        "a b c d e f",
        "short",
    ):
        with pytest.raises(ThinQAuthError):
            parse_callback(bad)


def test_refresh_signature_matches_wideq() -> None:
    from wideq import core

    date = "Mon, 01 Jan 2024 00:00:00 +0000"
    message = f"/oauth2/token?grant_type=refresh_token&refresh_token=RT\n{date}"
    assert (
        refresh_signature("RT", date)
        == core.oauth2_signature(message, core.OAUTH_SECRET_KEY).decode()
    )
    parsed = datetime.strptime(oauth_date(), DATE_FORMAT).replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - parsed) < timedelta(minutes=1)


async def _raw_refresh(
    http: aiohttp.ClientSession, gateway_url: str, token: str, date: str, signature: str
) -> tuple[int, dict[str, object]]:
    origin = gateway_url.removesuffix("/api/common/gatewayUriList")
    async with http.post(
        f"{origin}/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": token},
        headers={
            "lgemp-x-app-key": "LGAO221A02",
            "lgemp-x-date": date,
            "lgemp-x-signature": signature,
        },
    ) as response:
        return response.status, await response.json()


async def test_token_endpoint_verifies_signature_and_date(
    cloud: ThinQCloud, gateway_url: str, http: aiohttp.ClientSession
) -> None:
    token = cloud.issue_refresh_token()
    date = oauth_date()
    status, body = await _raw_refresh(
        http, gateway_url, token, date, refresh_signature(token, date)
    )
    assert (status, body["status"]) == (200, 1)
    assert body["expires_in"] == "3600"

    status, body = await _raw_refresh(
        http, gateway_url, token, date, refresh_signature("other", date)
    )
    assert (status, body["status"]) == (401, 0)

    stale = oauth_date(datetime.now(UTC) - timedelta(hours=1))
    status, body = await _raw_refresh(
        http, gateway_url, token, stale, refresh_signature(token, stale)
    )
    assert (status, body["message"]) == (401, "bad lgemp-x-date")


async def test_rejected_refresh_token_is_an_auth_error(
    cloud: ThinQCloud, make_client: ClientFactory
) -> None:
    client = await make_client(connect=False, refresh_token="never-issued-token")
    with pytest.raises(ThinQAuthError, match="sign in again"):
        await client.connect()
    cloud.reject_refresh_tokens = True
    client = await make_client(connect=False)
    with pytest.raises(ThinQAuthError) as err:
        await client.connect()
    assert "never-issued" not in str(err.value)


async def test_revoked_refresh_token_fails_at_the_next_refresh(
    cloud: ThinQCloud, make_client: ClientFactory
) -> None:
    client = await make_client()
    cloud.revoke_refresh_tokens()
    cloud.expire_sessions()
    with pytest.raises(ThinQAuthError):
        await client.get_devices()


async def test_account_id_survives_a_new_sign_in(make_client: ClientFactory) -> None:
    first = await make_client()
    second = await make_client()
    assert first.account_id == second.account_id == DEMO_USER_NUMBER


async def test_account_id_before_connect(make_client: ClientFactory) -> None:
    client = await make_client(connect=False)
    with pytest.raises(Exception, match="not connected"):
        _ = client.account_id


async def test_unreachable_gateway(http: aiohttp.ClientSession) -> None:
    with pytest.raises(ThinQConnectionError):
        await discover_gateway(
            http, gateway_url="http://127.0.0.1:9/api/common/gatewayUriList"
        )


async def test_gateway_without_uris(
    odd_server: OddServer, http: aiohttp.ClientSession
) -> None:
    odd_server.answer("/gw", {"lgedmRoot": {"returnCd": "0000", "empUri": "x"}})
    with pytest.raises(ThinQResponseError, match="thinqUri"):
        await discover_gateway(http, gateway_url=odd_server.url("/gw"))


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ([1], ThinQResponseError),
        ({"status": 1}, ThinQResponseError),
        ({"status": 0}, ThinQAuthError),
        ({"status": "1", "account": "x"}, ThinQResponseError),
        ({"status": 1, "account": {"userNo": None}}, ThinQResponseError),
    ],
)
async def test_profile_answer_shapes(
    odd_server: OddServer,
    http: aiohttp.ClientSession,
    body: object,
    error: type[Exception],
) -> None:
    gateway = Gateway(
        odd_server.url("/"), odd_server.url("/api"), odd_server.url(""), "US", "en-US"
    )
    odd_server.answer("/users/profile", body)
    with pytest.raises(error):
        await fetch_user_number(Transport(http, timeout=5), gateway, "token")


async def test_profile_user_number_as_integer(
    odd_server: OddServer, http: aiohttp.ClientSession
) -> None:
    gateway = Gateway(
        odd_server.url("/"), odd_server.url("/api"), odd_server.url(""), "US", "en-US"
    )
    odd_server.answer("/users/profile", {"status": 1, "account": {"userNo": 123}})
    assert await fetch_user_number(Transport(http, timeout=5), gateway, "t") == "123"


@pytest.mark.parametrize(
    ("body", "expires_in"),
    [
        ({"status": 1, "access_token": "a"}, 3600),
        ({"status": 1, "access_token": "a", "expires_in": "bad"}, 3600),
        ({"status": 1, "access_token": "a", "expires_in": -5}, 3600),
        ({"status": 1, "access_token": "a", "expires_in": 120}, 120),
    ],
)
async def test_token_answer_lifetimes(
    odd_server: OddServer, http: aiohttp.ClientSession, body: object, expires_in: float
) -> None:
    gateway = Gateway(
        odd_server.url("/"), odd_server.url("/api"), odd_server.url(""), "US", "en-US"
    )
    odd_server.answer("/oauth2/token", body)
    token = await refresh_access_token(Transport(http, timeout=5), gateway, "rt")
    assert token.expires_in == expires_in


async def test_token_answer_not_an_object(
    odd_server: OddServer, http: aiohttp.ClientSession
) -> None:
    gateway = Gateway(
        odd_server.url("/"), odd_server.url("/api"), odd_server.url(""), "US", "en-US"
    )
    odd_server.answer("/oauth2/token", [])
    with pytest.raises(ThinQResponseError):
        await refresh_access_token(Transport(http, timeout=5), gateway, "rt")
