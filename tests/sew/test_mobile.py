"""The client over HTTP against the mobile `.svc` profiles, in each request dialect.

`mobile-seed` reads requests as the seed article writes them, `mobile-sew` as SEW's own
test code does (section 5 of the notes); both refuse the other dialect's body. Their
answers are unverified (no mobile answer was ever captured).
"""

from __future__ import annotations

from datetime import timedelta

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.sew_thinq.sew import (
    AccountLockedError,
    Direction,
    Encryption,
    InvalidCredentialsError,
    MobileDialect,
    Resolution,
    SewClient,
    SewConnectionError,
    SewResponseError,
    TwoFactorRequiredError,
    UsageStatus,
    hash_password,
)
from custom_components.sew_thinq.sew.accounts import asks_second_factor
from custom_components.sew_thinq.sew.client import ACCOUNTS_MAX_AGE
from custom_components.sew_thinq.sew.layout import mobile_layout
from custom_components.sew_thinq.sew.mobile import MobileApi, find_rows
from simulators.sew import ACCOUNT_1, DEMO_2FA_USERNAME, DEMO_PASSWORD, Channel

from .conftest import (
    MOBILE_FOLDERS,
    PortalFactory,
    TenantClientFactory,
    client_of,
    flowing,
)

ELECTRIC, WATER = "E10004521", "W20007788"


@pytest.mark.parametrize(
    ("profile", "options"),
    [
        ("mobile-sew", {}),
        ("mobile-sew", {"encryption": "ios"}),
        ("mobile-seed", {}),
        ("mobile-seed", {"encryption": "ios", "encrypt_login_answers": False}),
        ("mobile-seed", {"encryption": "none"}),
    ],
)
async def test_each_dialect(
    http: aiohttp.ClientSession,
    start_portal: PortalFactory,
    profile: str,
    options: dict[str, str],
) -> None:
    """The tenant reads the client's requests in its dialect; the client its answers."""
    portal, base_url = await start_portal(profile=profile, **options)
    client = client_of(http, portal, base_url)
    accounts = await client.get_accounts()
    assert [a.account_number for a in accounts] == ["3001234567", "3009876543"]
    assert str(accounts[0].time_zone) == "America/Chicago"
    assert accounts[0].is_default
    meters = await client.get_meters(accounts[0])
    assert [m.meter_number for m in meters] == [
        ELECTRIC,
        "PV10004521",
        WATER,
        "G30005566",
    ]
    electric = meters[0]
    assert electric.net_metered
    day = portal.latest_published_day - timedelta(days=1)
    series = await client.get_usage(accounts[0], electric, Resolution.HOUR, day)
    imported = flowing(series.readings, Direction.IMPORT)
    exported = flowing(series.readings, Direction.EXPORT)
    assert imported == portal.true_hourly(ELECTRIC, day)
    assert exported == portal.true_hourly(ELECTRIC, day, Channel.EXPORT)
    projection = await client.get_projection(accounts[0], meters[2])
    assert projection.unit == "gal"
    assert projection.projected_usage is not None
    bills = await client.get_bills(accounts[0])
    latest = portal.bills(ACCOUNT_1)[0]
    assert (bills.amount_due, bills.due_date) == (latest.amount, latest.due_date)
    assert client.login_count == 1


async def test_body_of_the_other_dialect_is_refused(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """SEW's tenant does not read the seed's body (`EncType`), nor the seed's tenant SEW's.

    Each fails as a .NET service dereferencing the member it misses (HTTP 500).
    """
    for profile, dialect in (
        ("mobile-sew", MobileDialect.SEED),
        ("mobile-seed", MobileDialect.SEW),
    ):
        portal, base_url = await start_portal(profile=profile)
        layout = mobile_layout(
            f"{base_url}/{MOBILE_FOLDERS[profile]}", dialect, Encryption.KEY_IV
        )
        client = SewClient(http, layout, "demo@sew-sim.example", password=DEMO_PASSWORD)
        with pytest.raises(SewConnectionError, match="HTTP 500"):
            await client.login()
        assert not portal.sessions.logins


async def test_refusals(
    http: aiohttp.ClientSession, start_portal: PortalFactory
) -> None:
    """A `STATUS` "0" row refuses the login, and says why; a second factor stops it."""
    portal, base_url = await start_portal(profile="mobile-sew")
    with pytest.raises(InvalidCredentialsError, match="Invalid username"):
        await client_of(http, portal, base_url, "wrong").login()
    portal.lock_account()
    with pytest.raises(AccountLockedError):
        await client_of(http, portal, base_url).login()
    portal.unlock_account()
    layout = mobile_layout(
        f"{base_url}/scp6.6.3-service", MobileDialect.SEW, Encryption.KEY_IV
    )
    two_factor = SewClient(
        http, layout, DEMO_2FA_USERNAME, password_sha256=hash_password(DEMO_PASSWORD)
    )
    with pytest.raises(TwoFactorRequiredError):
        await two_factor.login()


async def test_expired_token(tenant_client: TenantClientFactory) -> None:
    """A dead `LoginToken` gets one new login and the call again."""
    portal, client = await tenant_client("mobile-seed")
    account = (await client.get_accounts())[0]
    portal.expire_all_tokens()
    assert len(await client.get_meters(account)) == 4
    assert client.login_count == 2


async def test_accounts_follow_the_portals_zone(
    http: aiohttp.ClientSession,
    start_portal: PortalFactory,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The zone the login stated is kept half a day, then a login states it again.

    Within that time reading the accounts asks nothing; after it, one login (the only
    request) brings the zone the portal moved the account to.
    """
    portal, base_url = await start_portal(profile="mobile-seed")
    portal.token_lifetime = timedelta(days=7)
    client = client_of(http, portal, base_url)
    accounts = await client.get_accounts()
    assert str(accounts[0].time_zone) == "America/Chicago"
    portal.change_time_zone("America/Denver")
    asked = portal.request_total
    freezer.tick(ACCOUNTS_MAX_AGE - timedelta(minutes=1))
    assert await client.get_accounts() == accounts
    assert portal.request_total == asked
    freezer.tick(timedelta(minutes=1))
    moved = await client.get_accounts()
    assert [str(account.time_zone) for account in moved] == ["America/Denver"] * len(
        accounts
    )
    assert portal.request_total == asked + 1
    assert client.login_count == 2


@pytest.mark.parametrize("style", ["empty", "no_records"])
async def test_no_rows_is_not_zero(
    tenant_client: TenantClientFactory, style: str
) -> None:
    """A day answered without rows, or with "No Record Found", is `NO_RECORDS`."""
    portal, client = await tenant_client("mobile-seed")
    account = (await client.get_accounts())[0]
    water = (await client.get_meters(account))[2]
    day = portal.latest_published_day - timedelta(days=2)
    portal.withhold(WATER, day, style=style)
    series = await client.get_usage(account, water, Resolution.HOUR, day)
    assert series.status is UsageStatus.NO_RECORDS
    assert series.readings == ()


async def test_unpublished_day(tenant_client: TenantClientFactory) -> None:
    """A day not published yet answers the latest published one: `NOT_PUBLISHED`."""
    portal, client = await tenant_client("mobile-seed")
    account = (await client.get_accounts())[0]
    water = (await client.get_meters(account))[2]
    series = await client.get_usage(account, water, Resolution.HOUR, portal.today)
    assert series.status is UsageStatus.NOT_PUBLISHED


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"d": '{"Table": []}'}, {"Table": []}),
        ({"ValidateUserLoginMobResult": [{"a": 1}]}, [{"a": 1}]),
        ({"d": {"d": "[1]"}}, [1]),
        ({"a": 1, "b": 2}, {"a": 1, "b": 2}),
    ],
)
def test_decode(answer: object, expected: object) -> None:
    """WCF wrappers are unwrapped; JSON text is read."""
    api = MobileApi.__new__(MobileApi)
    api._encryption = Encryption.KEY_IV
    assert api.decode(answer) == expected


@pytest.mark.parametrize("answer", [{"d": "not json, not base64!"}, {"d": "QUJD"}])
def test_decode_garbage(answer: object) -> None:
    """Text that is neither JSON nor a ciphertext is a response error."""
    api = MobileApi.__new__(MobileApi)
    api._encryption = Encryption.ZERO_IV
    with pytest.raises(SewResponseError):
        api.decode(answer)


@pytest.mark.parametrize(
    ("rows", "asks"),
    [
        # The web portal's two-factor answer: masked contacts, no token (P5 auth.py).
        ([{"MaskedEmail": "j***@example.com", "MaskedPhone": "***-1234"}], True),
        ([{"UserID": "1", "LoginToken": "t", "IsTwoFactor": "1"}], True),
        ([{"UserID": "1", "LoginToken": "t", "IsTwoFactor": "0"}], False),
        ([{"UserID": "1", "LoginToken": "t"}], False),
        ([], False),
    ],
)
def test_second_factor_rows(rows: list[dict[str, str]], asks: bool) -> None:
    """Login rows that stop at a second factor are told from those opening a session."""
    assert asks_second_factor(rows) is asks


def test_rows_must_be_objects() -> None:
    """A list of anything but objects is a response error, not an empty answer."""
    assert find_rows({"Table": [{"a": 1}]}, "Table") == [{"a": 1}]
    assert find_rows("text", "Table") == []
    with pytest.raises(SewResponseError, match="objects"):
        find_rows([1, 2, 3], "Table")
