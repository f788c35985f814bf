"""Gateway, sign-in and tokens against the simulated cloud over real HTTP."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from custom_components.sew_thinq.thinq import (
    CodeSignIn,
    RefreshTokenSignIn,
    ThinQAuthError,
    ThinQClient,
    ThinQConnectionError,
    ThinQResponseError,
    ThinQSignInError,
    ThinQThirdPartyError,
    ThirdPartySignIn,
    complete_sign_in,
    discover_gateway,
    login_url,
    parse_sign_in,
)
from custom_components.sew_thinq.thinq.auth import (
    _token_request,
    fetch_user_number,
    oauth_date,
    oauth_signature,
    refresh_access_token,
)
from custom_components.sew_thinq.thinq.client import _route_url
from custom_components.sew_thinq.thinq.const import (
    DEFAULT_GATEWAY_URL,
    LEGACY_GATEWAY_URL,
)
from custom_components.sew_thinq.thinq.gateway import lg_host_url
from custom_components.sew_thinq.thinq.transport import Transport
from simulators.thinq import DEMO_USER_NUMBER, GATEWAY_PATH, SignInResult, ThinQCloud
from tests.conftest import browser_sign_in

from .conftest import ClientFactory, OddServer


async def test_gateway_per_country(
    gateway_url: str, http: aiohttp.ClientSession
) -> None:
    """The route gateway answers each country's hosts; Europe is served from eic."""
    us = await discover_gateway(http, gateway_url=gateway_url)
    origin = gateway_url.removesuffix(GATEWAY_PATH)
    assert us.thinq1_uri == f"{origin}/aic.lgthinq.com/api"
    assert us.thinq2_uri == f"{origin}/aic-service.lgthinq.com/v1"
    assert us.emp_spx_uri == f"{origin}/us.m.lgaccount.com/spx"
    assert us.emp_terms_uri == f"{origin}/us.emp.lgsmartplatform.com"
    assert us.oauth_base == f"{origin}/us.lgeapi.com"
    norway = await discover_gateway(
        http, gateway_url=gateway_url, country="NO", language="en-NO"
    )
    assert norway.thinq1_uri == f"{origin}/eic.lgthinq.com/api"
    assert norway.emp_spx_uri == f"{origin}/no.m.lgaccount.com/spx"


async def test_sign_in_link_is_the_countrys(
    gateway_url: str, http: aiohttp.ClientSession
) -> None:
    """The link is on the country's own sign-in host, never pinned to the US one."""
    gateway = await discover_gateway(
        http, gateway_url=gateway_url, country="GB", language="en-GB"
    )
    url = urlsplit(login_url(gateway))
    assert url.path.endswith("/gb.m.lgaccount.com/spx/login/signIn")
    query = parse_qs(url.query)
    assert query["country"] == ["GB"]
    assert query["callback_url"] == [f"{gateway.emp_spx_uri}/login/iabClose"]
    assert query["client_id"] == ["LGAO221A02"]


@pytest.mark.parametrize(
    "cloud_options",
    [
        {"sign_in_result": SignInResult.REFRESH_TOKEN},
        {"sign_in_result": SignInResult.CODE},
    ],
)
async def test_browser_sign_in_forms(
    cloud: ThinQCloud, gateway_url: str, http: aiohttp.ClientSession
) -> None:
    """A refresh token, or a code traded at /oauth/1.0/oauth2/token, signs in."""
    gateway = await discover_gateway(http, gateway_url=gateway_url)
    final = await browser_sign_in(login_url(gateway))
    sign_in = parse_sign_in(final)
    expected = (
        RefreshTokenSignIn if cloud.sign_in_result == "refresh_token" else CodeSignIn
    )
    assert isinstance(sign_in, expected)
    refresh_token = await complete_sign_in(http, gateway, sign_in)
    client = ThinQClient(http, refresh_token=refresh_token, gateway_url=gateway_url)
    await client.connect()
    assert client.account_id == DEMO_USER_NUMBER
    if isinstance(sign_in, CodeSignIn):
        with pytest.raises(ThinQAuthError, match="HTTP 400"):  # codes are used once
            await complete_sign_in(http, gateway, sign_in)


async def test_sign_in_refused_in_another_country(
    cloud: ThinQCloud, gateway_url: str, http: aiohttp.ClientSession
) -> None:
    """A US account cannot sign in on the British page (ollo69#304, #387)."""
    gateway = await discover_gateway(http, gateway_url=gateway_url, country="GB")
    with pytest.raises(AssertionError, match="another country"):
        await browser_sign_in(login_url(gateway))


async def test_third_party_sign_in(
    cloud: ThinQCloud, gateway_url: str, http: aiohttp.ClientSession
) -> None:
    """A Google sign-in is traded through the EMP session while searchKey answers."""
    gateway = await discover_gateway(http, gateway_url=gateway_url)
    sign_in = parse_sign_in(await browser_sign_in(login_url(gateway), google=True))
    assert isinstance(sign_in, ThirdPartySignIn)
    assert sign_in.kind == "GGL"
    with pytest.raises(ThinQThirdPartyError, match="searchKey"):
        await complete_sign_in(http, gateway, sign_in)
    cloud.faults.search_key_removed = False
    refresh_token = await complete_sign_in(http, gateway, sign_in)
    client = ThinQClient(http, refresh_token=refresh_token, gateway_url=gateway_url)
    await client.connect()
    assert client.account_id == DEMO_USER_NUMBER
    stranger = ThirdPartySignIn("someone-else", "token", "AMZ")
    with pytest.raises(ThinQThirdPartyError, match="amazon"):
        await complete_sign_in(http, gateway, stranger)
    assert cloud.requests["empsession"] == 1


def test_parse_sign_in() -> None:
    """Each form of the final address, and a bare refresh token."""
    base = "https://us.m.lgaccount.com/spx/login/iabClose?"
    assert parse_sign_in(f" {base}refresh_token=r1&access_token=a ") == (
        RefreshTokenSignIn("r1")
    )
    assert parse_sign_in(
        f"{base}code=c1&oauth2_backend_url=https://us.lgeapi.com/"
    ) == (CodeSignIn("c1", "https://us.lgeapi.com/"))
    assert parse_sign_in(f"{base}code=c1") == CodeSignIn("c1", None)
    assert parse_sign_in(
        f"{base}user_id=u&user_thirdparty_token=t&user_id_type=APPL"
    ) == ThirdPartySignIn("u", "t", "APPL")
    assert parse_sign_in("refresh_token=r2") == RefreshTokenSignIn("r2")
    assert parse_sign_in("abcdef0123456789") == RefreshTokenSignIn("abcdef0123456789")
    for bad in (
        "",
        "short",
        "has space in it",
        f"{base}user_id=u&user_thirdparty_token=t&user_id_type=XYZ",
        f"{base}state=1",
        "https://us.m.lgaccount.com/spx/login/iabClose",
    ):
        with pytest.raises(ThinQSignInError):
            parse_sign_in(bad)


async def test_token_endpoint_checks_signature_date_and_key(
    cloud: ThinQCloud, gateway_url: str, http: aiohttp.ClientSession
) -> None:
    """The simulated OAuth service refuses what LG would: a bad key, date or signature."""
    origin = gateway_url.removesuffix(GATEWAY_PATH)
    url = f"{origin}/us.lgeapi.com/oauth/1.0/oauth2/token"
    token = cloud.issue_refresh_token()
    form = {"grant_type": "refresh_token", "refresh_token": token}
    date = oauth_date()
    message = f"/oauth/1.0/oauth2/token?grant_type=refresh_token&refresh_token={token}"
    good = {
        "x-lge-appkey": "LGAO221A02",
        "x-lge-oauth-date": date,
        "x-lge-oauth-signature": oauth_signature(f"{message}\n{date}"),
    }
    old = datetime(2020, 1, 1, tzinfo=UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    for headers, status in (
        (good, 200),
        (good | {"x-lge-appkey": "other"}, 401),
        (good | {"x-lge-oauth-date": old}, 401),
        (good | {"x-lge-oauth-signature": oauth_signature("x")}, 401),
    ):
        async with http.post(url, data=form, headers=headers) as answer:
            assert answer.status == status
    form["grant_type"] = "password"
    message = f"/oauth/1.0/oauth2/token?grant_type=password&refresh_token={token}"
    headers = good | {"x-lge-oauth-signature": oauth_signature(f"{message}\n{date}")}
    async with http.post(url, data=form, headers=headers) as answer:
        assert answer.status == 400


async def test_refused_refresh_token(
    cloud: ThinQCloud, make_client: ClientFactory
) -> None:
    """A refused refresh token is an authentication error (reauthentication)."""
    client = await make_client()
    cloud.faults.reject_refresh_tokens = True
    cloud.expire_access_tokens()
    with pytest.raises(ThinQAuthError, match=r"LG\.OAUTH\.EC\.4001"):
        await client.get_appliances()
    with pytest.raises(ThinQAuthError):
        await make_client()


async def test_oauth_base_from_the_kic_gateway(
    cloud: ThinQCloud, make_client: ClientFactory
) -> None:
    """Without an OAuth base in the route answer, the kic gateway's is used."""
    cloud.faults.gateway_without_oauth_base = True
    client = await make_client()
    assert client.gateway is not None
    assert client.gateway.oauth_base is None
    assert cloud.requests["kic_gateway"] == 1
    assert len(await client.get_appliances()) == 5


def test_lg_hosts_beside_the_gateway() -> None:
    """LG's own hosts, or the mirror's host-named paths."""
    assert lg_host_url(DEFAULT_GATEWAY_URL, "kic.lgthinq.com:46030") == (
        "https://kic.lgthinq.com:46030"
    )
    mirror = (
        "http://127.0.0.1:8302/route.lgthinq.com/v1/service/application/gateway-uri"
    )
    assert lg_host_url(mirror, "kic.lgthinq.com:46030") == (
        "http://127.0.0.1:8302/kic.lgthinq.com"
    )
    assert lg_host_url("http://h/other", "x.com") == "http://h/x.com"
    assert _route_url(LEGACY_GATEWAY_URL) == DEFAULT_GATEWAY_URL
    assert _route_url(mirror) == mirror


async def test_unreachable_gateway(http: aiohttp.ClientSession) -> None:
    with pytest.raises(ThinQConnectionError):
        await discover_gateway(http, gateway_url="http://127.0.0.1:9/gw")


@pytest.mark.parametrize(
    "body",
    [
        {"resultCode": "0000", "result": [1]},
        {"resultCode": "0000", "result": {"thinq1Uri": "x"}},
        {"result": {}},
    ],
)
async def test_gateway_answer_shapes(
    odd_server: OddServer, http: aiohttp.ClientSession, body: object
) -> None:
    odd_server.answer("/gw", body)
    with pytest.raises(ThinQResponseError):
        await discover_gateway(http, gateway_url=odd_server.url("/gw"))


async def test_gateway_refuses_without_the_api_key(
    gateway_url: str, http: aiohttp.ClientSession
) -> None:
    async with http.get(gateway_url) as answer:
        assert answer.status == 400
        assert (await answer.json())["resultCode"] == "9000"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ([1], ThinQResponseError),
        ({"status": 1}, ThinQResponseError),
        ({"status": 2, "message": "no"}, ThinQAuthError),
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
    odd_server.answer("/users/profile", body)
    with pytest.raises(error):
        await fetch_user_number(Transport(http, timeout=5), odd_server.url(""), "t")


async def test_profile_user_number_as_integer(
    odd_server: OddServer, http: aiohttp.ClientSession
) -> None:
    odd_server.answer("/users/profile", {"status": 1, "account": {"userNo": 123}})
    transport = Transport(http, timeout=5)
    assert await fetch_user_number(transport, odd_server.url(""), "t") == "123"


@pytest.mark.parametrize(
    ("body", "expires_in"),
    [
        ({"status": 1, "access_token": "a"}, 3600),
        ({"access_token": "a", "expires_in": "bad"}, 3600),
        ({"status": 1, "access_token": "a", "expires_in": -5}, 3600),
        ({"status": 1, "access_token": "a", "expires_in": "120"}, 120),
    ],
)
async def test_token_answer_lifetimes(
    odd_server: OddServer, http: aiohttp.ClientSession, body: object, expires_in: float
) -> None:
    odd_server.answer("/oauth/1.0/oauth2/token", body)
    token = await refresh_access_token(
        Transport(http, timeout=5), odd_server.url(""), "r"
    )
    assert token.expires_in == expires_in


async def test_token_answer_shapes(
    odd_server: OddServer, http: aiohttp.ClientSession
) -> None:
    transport = Transport(http, timeout=5)
    odd_server.answer("/oauth/1.0/oauth2/token", [])
    with pytest.raises(ThinQResponseError):
        await _token_request(transport, odd_server.url(""), {})
    odd_server.answer("/oauth/1.0/oauth2/token", {"status": 0})
    with pytest.raises(ThinQAuthError, match="HTTP 200"):
        await _token_request(transport, odd_server.url(""), {})
    odd_server.answer("/oauth/1.0/oauth2/token", "nope", status=401)
    with pytest.raises(ThinQConnectionError, match="401"):
        await _token_request(transport, odd_server.url(""), {})


async def test_code_traded_at_the_gateways_oauth_base_unless_lgs(
    cloud: ThinQCloud, gateway_url: str, http: aiohttp.ClientSession
) -> None:
    """An ``oauth2_backend_url`` that is not LG's is not sent the code."""
    gateway = await discover_gateway(http, gateway_url=gateway_url)
    code = cloud.issue_code()
    token = await complete_sign_in(
        http, gateway, CodeSignIn(code, "https://evil.example/")
    )
    assert token
    assert cloud.requests["token"] == 1


async def test_third_party_trade_failures(
    odd_server: OddServer, http: aiohttp.ClientSession, gateway_url: str
) -> None:
    """Each step of the EMP trade that LG refuses ends in a clear error."""
    gateway = await discover_gateway(http, gateway_url=gateway_url)
    odd = type(gateway)(
        gateway_url=odd_server.url("/route.lgthinq.com/v1/g"),
        country="US",
        language="en-US",
        thinq1_uri=odd_server.url("/t1"),
        thinq2_uri=odd_server.url("/t2"),
        emp_spx_uri=odd_server.url("/spx"),
        emp_terms_uri=odd_server.url("/emp"),
        oauth_base=odd_server.url("/oauth"),
    )
    sign_in = ThirdPartySignIn("u", "t", "GGL")
    odd_server.answer("/spx/preLogin", {}, status=403)
    with pytest.raises(ThinQThirdPartyError, match="preLogin"):
        await complete_sign_in(http, odd, sign_in)
    odd_server.answer(
        "/spx/preLogin", {"signature": "s", "tStamp": "1", "encrypted_pw": "e"}
    )
    odd_server.answer("/emp/emp/v2.0/account/session/u", {"error": {}}, status=400)
    with pytest.raises(ThinQThirdPartyError, match="google"):
        await complete_sign_in(http, odd, sign_in)
    account = {
        "account": {
            "userIDType": "GGL",
            "country": "US",
            "userID": "u",
            "loginSessionID": "x",
        }
    }
    odd_server.answer("/emp/emp/v2.0/account/session/u", account)
    odd_server.answer("/spx/searchKey", "not json")
    with pytest.raises(ThinQThirdPartyError, match="searchKey"):
        await complete_sign_in(http, odd, sign_in)
    odd_server.answer("/spx/searchKey", {"returnData": "secret"})
    odd_server.answer(
        "/emp-oauth.lgecloud.com/emp/oauth2/token/empsession", {"status": 0}
    )
    with pytest.raises(ThinQThirdPartyError, match="token"):
        await complete_sign_in(http, odd, sign_in)
