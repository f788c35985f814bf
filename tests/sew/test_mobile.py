"""The client over HTTP against mobile tenants in each dialect.

Requests are checked against the evidence (SEW's own request, the seed article); answers are
unverified (see `tenants.MobileTenant`).
"""

from __future__ import annotations

from datetime import date

import aiohttp
import pytest

from custom_components.sew_thinq.sew import (
    AccountLockedError,
    Encryption,
    InvalidCredentialsError,
    MobileDialect,
    Resolution,
    SewClient,
    SewResponseError,
    UsageStatus,
    hash_password,
)
from custom_components.sew_thinq.sew.layout import mobile_layout
from custom_components.sew_thinq.sew.mobile import MobileApi, find_rows

from .conftest import Tenant
from .tenants import MOBILE_PASSWORD, MOBILE_USER, MobileTenant


def make_client(
    http: aiohttp.ClientSession,
    tenant: Tenant,
    dialect: MobileDialect,
    encryption: Encryption,
    password: str = MOBILE_PASSWORD,
) -> SewClient:
    """Return a client that keeps only the password's digest, as the entry does."""
    return SewClient(
        http,
        mobile_layout(tenant.url, dialect, encryption),
        MOBILE_USER,
        password_sha256=hash_password(password),
        time_zone="America/Chicago",
    )


@pytest.mark.parametrize(
    ("dialect", "encryption", "encrypt_answers"),
    [
        (MobileDialect.SEW, Encryption.KEY_IV, False),
        (MobileDialect.SEED, Encryption.KEY_IV, True),
        (MobileDialect.SEW, Encryption.ZERO_IV, True),
        (MobileDialect.SEED, Encryption.NONE, False),
    ],
)
async def test_each_dialect(
    http: aiohttp.ClientSession,
    tenant: Tenant,
    dialect: MobileDialect,
    encryption: Encryption,
    encrypt_answers: bool,
) -> None:
    """A tenant reads the client's requests in its dialect; the client reads its answers."""
    mobile = MobileTenant(tenant, dialect, encryption, encrypt_answers=encrypt_answers)
    client = make_client(http, tenant, dialect, encryption)
    (account,) = await client.get_accounts()
    assert account.account_number == "3001234567"
    assert account.address == "12 Main St"
    assert str(account.time_zone) == "America/Chicago"
    (login,) = mobile.logins
    names = [name for name, _ in login]
    if dialect is MobileDialect.SEW:
        assert names[:2] == ["userid", "password"]
        assert dict(login)["userid"] == MOBILE_USER
    else:
        assert names == ["UserId", "Password"]
    (meter,) = await client.get_meters(account)
    assert meter.meter_number == "E10004521"
    day = date(2025, 11, 3)
    series = await client.get_usage(account, meter, Resolution.HOUR, day)
    assert len(series.readings) == 24
    assert series.readings[0].cost == 0.2
    projection = await client.get_projection(account, meter)
    assert projection.projected_usage == 902.0
    bills = await client.get_bills(account)
    assert bills.amount_due == 84.2
    assert bills.last_bills == ()


async def test_raw_at_sign_in_the_sew_dialect(
    http: aiohttp.ClientSession, tenant: Tenant
) -> None:
    """SEW's dialect sends the e-mail with a raw `@`.

    SEW's dialect sends the e-mail with a raw `@`: a tenant that does not decode finds
    the user; the seed dialect's `%40` would not match it.
    """
    body_keys: list[list[str]] = []

    mobile = MobileTenant(tenant, MobileDialect.SEW, Encryption.KEY_IV)
    await make_client(http, tenant, MobileDialect.SEW, Encryption.KEY_IV).login()
    (seen,) = tenant.sent("/PortalService/UserLogin.svc/ValidateUserLoginMob")
    body_keys.append(list(seen.body))
    assert body_keys == [["EncQuery", "encType"]]
    assert seen.body["encType"] == "I"
    assert mobile.logins[0][0] == ("userid", MOBILE_USER)
    with pytest.raises(SewResponseError):
        # The seed's body (`EncType`) is not this tenant's dialect at all.
        await make_client(http, tenant, MobileDialect.SEED, Encryption.KEY_IV).login()


async def test_refusals(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """A `STATUS` "0" row refuses the login, and says why."""
    mobile = MobileTenant(tenant, MobileDialect.SEW, Encryption.KEY_IV)
    with pytest.raises(InvalidCredentialsError, match="Invalid User Id"):
        await make_client(
            http, tenant, MobileDialect.SEW, Encryption.KEY_IV, "wrong"
        ).login()
    mobile.refusal = "Your account is locked"
    with pytest.raises(AccountLockedError):
        await make_client(
            http, tenant, MobileDialect.SEW, Encryption.KEY_IV, "wrong"
        ).login()


async def test_expired_token(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """A dead `LoginToken` gets one new login and the call again."""
    mobile = MobileTenant(tenant, MobileDialect.SEED, Encryption.KEY_IV)
    client = make_client(http, tenant, MobileDialect.SEED, Encryption.KEY_IV)
    (account,) = await client.get_accounts()
    mobile.tokens.clear()
    assert len(await client.get_meters(account)) == 1
    assert client.login_count == 2


async def test_no_records(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """A "No Record Found" failure is an empty answer."""
    mobile = MobileTenant(tenant, MobileDialect.SEED, Encryption.KEY_IV)
    client = make_client(http, tenant, MobileDialect.SEED, Encryption.KEY_IV)
    (account,) = await client.get_accounts()
    (meter,) = await client.get_meters(account)
    tenant.on("POST", "/PortalService/Usage.svc/GetUsageGenerationMob", mobile.history)
    series = await client.get_usage(account, meter, Resolution.DAY, date(2025, 11, 3))
    assert series.status is UsageStatus.NO_RECORDS
    projection = await client.get_projection(account, meter)
    assert projection.projected_usage is None


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


async def test_login_without_rows(http: aiohttp.ClientSession, tenant: Tenant) -> None:
    """Login answers without a token are typed errors.

    A login answer with no rows or no token is a response error; a masked contact
    instead of a token is a second factor.
    """
    for answer, match in (
        ({"d": "{}"}, "no rows"),
        ({"d": '{"Table": [{"UserID": "1"}]}'}, "no LoginToken"),
        ({"d": '[{"MaskedEmail": "j***@example.com"}]'}, "second factor"),
    ):
        tenant.post("/PortalService/UserLogin.svc/ValidateUserLoginMob", answer)
        with pytest.raises(Exception, match=match):
            await make_client(http, tenant, MobileDialect.SEED, Encryption.NONE).login()


def test_rows_must_be_objects() -> None:
    """A list of anything but objects is a response error, not an empty answer."""
    assert find_rows({"Table": [{"a": 1}]}, "Table") == [{"a": 1}]
    assert find_rows("text", "Table") == []
    with pytest.raises(SewResponseError, match="objects"):
        find_rows([1, 2, 3], "Table")
