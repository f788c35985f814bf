"""The `dominion` profile over HTTP: Gigya sign-in, two-factor, captcha, exchange, refresh."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest

from simulators.sew import (
    DEMO_USERNAME,
    DOMINION_UID,
    GIGYA_API_KEY,
    browser_sign_in,
    cx_state,
    jwt_claims,
)

from .conftest import PortalFactory
from .cx_dominion import Dominion

UUID = "7c3e9a14-b2d8-45f6-a0e1-c9d3b5f70a28"  # the Gigya UID, hyphenated (DR)
BP_NUMBER = "/Service/api/1/FromDb/GetBpNumber"


@pytest.fixture
async def dominion(start_portal: PortalFactory) -> AsyncIterator[Dominion]:
    """Return the profile on 127.0.0.1 and a session keeping its cookies."""
    portal, base = await start_portal(profile="dominion")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        yield Dominion(portal, base, http)


async def test_the_first_sign_in_asks_a_code_then_the_device_is_trusted(
    dominion: Dominion,
) -> None:
    answer = await dominion.login()
    assert answer["errorCode"] == 403101
    assert answer["statusCode"] == 403
    assert answer["errorMessage"] == "Account Pending TFA Verification"
    assert answer["UID"] == DOMINION_UID
    assert jwt_claims(answer["id_token"])["isLoggedIn"] is False
    providers = await dominion.gigya(
        "accounts.tfa.getProviders", regToken=answer["regToken"]
    )
    assert [p["name"] for p in providers["activeProviders"]] == [
        "gigyaPhone",
        "gigyaEmail",
    ]
    done = await dominion.second_factor(answer["regToken"])
    assert done["errorCode"] == 0
    assert done["sessionInfo"]["login_token"].startswith("st2.s.")
    claims = jwt_claims(done["id_token"])
    assert claims["isLoggedIn"] is True
    assert claims["sub"] == DOMINION_UID
    assert claims["exp"] - claims["iat"] == 60
    again = await dominion.login()
    assert again["errorCode"] == 0  # tempDevice=false trusted this gmid
    counters = cx_state(dominion.portal).counters
    assert (counters.password_logins, counters.codes_sent, counters.logins) == (2, 1, 0)


async def test_a_temporary_or_new_device_is_asked_again(dominion: Dominion) -> None:
    answer = await dominion.login()
    await dominion.second_factor(answer["regToken"], temp_device="true")
    assert (await dominion.login())["errorCode"] == 403101
    dominion.http.cookie_jar.clear()
    assert (await dominion.login())["errorCode"] == 403101


async def test_the_email_factor_needs_the_phv_token_its_send_answers(
    dominion: Dominion,
) -> None:
    reg = (await dominion.login())["regToken"]
    init = await dominion.gigya(
        "accounts.tfa.initTFA", provider="gigyaEmail", mode="verify", regToken=reg
    )
    assertion = init["gigyaAssertion"]
    emails = (
        await dominion.gigya("accounts.tfa.email.getEmails", gigyaAssertion=assertion)
    )["emails"]
    assert emails[0]["obfuscated"] == "de***@sew-sim.example"
    sent = await dominion.gigya(
        "accounts.tfa.email.sendVerificationCode",
        gigyaAssertion=assertion,
        emailID=emails[0]["id"],
        regToken=reg,
    )
    code = cx_state(dominion.portal).switches.tfa_code
    # dompower 0.2.2 sends emailID where the phvToken belongs: refused (DN 1c96a6f).
    refused = await dominion.gigya(
        "accounts.tfa.email.completeVerification",
        gigyaAssertion=assertion,
        emailID=emails[0]["id"],
        code=code,
        regToken=reg,
    )
    assert refused["errorCode"] == 400006
    verified = await dominion.gigya(
        "accounts.tfa.email.completeVerification",
        gigyaAssertion=assertion,
        phvToken=sent["phvToken"],
        code=code,
        regToken=reg,
    )
    assert verified["errorCode"] == 0
    assert verified["providerAssertion"]


async def test_a_wrong_code_and_an_expired_assertion_are_400006(
    dominion: Dominion,
) -> None:
    reg = (await dominion.login())["regToken"]
    assertion = (
        await dominion.gigya(
            "accounts.tfa.initTFA", provider="gigyaPhone", mode="verify", regToken=reg
        )
    )["gigyaAssertion"]
    phones = await dominion.gigya(
        "accounts.tfa.phone.getRegisteredPhoneNumbers", gigyaAssertion=assertion
    )
    assert phones["phones"][0]["obfuscated"] == "+########789"
    sent = await dominion.gigya(
        "accounts.tfa.phone.sendVerificationCode",
        gigyaAssertion=assertion,
        phoneID=phones["phones"][0]["id"],
        method="sms",
        regToken=reg,
    )
    params = {
        "gigyaAssertion": assertion,
        "phvToken": sent["phvToken"],
        "regToken": reg,
    }
    wrong = await dominion.gigya(
        "accounts.tfa.phone.completeVerification", code="000000", **params
    )
    assert (wrong["errorCode"], wrong["errorDetails"]) == (
        400006,
        "Wrong verification code",
    )
    dominion.portal.advance(timedelta(minutes=6))
    late = await dominion.gigya(
        "accounts.tfa.phone.completeVerification",
        code=cx_state(dominion.portal).switches.tfa_code,
        **params,
    )
    assert (late["errorCode"], late["errorDetails"]) == (400006, "Invalid jwt")


async def test_refused_sign_ins(dominion: Dominion) -> None:
    assert (await dominion.login("wrong"))["errorCode"] == 403043
    unknown = await dominion.gigya(
        "accounts.login", post=True, loginID="nobody@example.com", password="x"
    )
    assert (unknown["errorCode"], unknown["errorMessage"]) == (
        403042,
        "Invalid LoginID",
    )
    dominion.portal.lock_account()
    locked = await dominion.login()
    assert locked["errorCode"] == 403120
    bad_key = await dominion.gigya(
        "accounts.login", post=True, APIKey="3_other", loginID="x"
    )
    assert bad_key["errorCode"] == 400093


async def test_the_captcha_switch_and_the_browser_tokens(dominion: Dominion) -> None:
    cx_state(dominion.portal).switches.captcha = True
    answer = await dominion.login()
    assert answer["errorCode"] == 401020
    assert answer["statusCode"] == 401
    assert answer["errorFlags"] == "captchaNeeded"
    assert answer["errorDetails"] == "Login Failed Captcha Required"
    access, refresh = browser_sign_in(dominion.portal)
    status, found = await dominion.call("GET", BP_NUMBER, access, params={"Uuid": UUID})
    assert status == 200
    assert found["data"]["customerNumber"] == "1200457718"
    status, _ = await dominion.refresh(access, refresh)
    assert status == 200


async def test_a_trusted_device_is_not_asked_a_captcha(dominion: Dominion) -> None:
    await dominion.second_factor((await dominion.login())["regToken"])
    cx_state(dominion.portal).switches.captcha = True
    assert (await dominion.login())["errorCode"] == 0


async def test_account_info_by_cookie_and_get_jwt(dominion: Dominion) -> None:
    done = await dominion.second_factor((await dominion.login())["regToken"])
    login_token = done["sessionInfo"]["login_token"]
    dominion.http.cookie_jar.update_cookies({f"glt_{GIGYA_API_KEY}": login_token})
    info = await dominion.gigya("accounts.getAccountInfo", post=True)
    assert info["UID"] == DOMINION_UID
    assert info["profile"]["email"] == DEMO_USERNAME
    assert jwt_claims(info["id_token"])["isLoggedIn"] is True
    jwt = await dominion.gigya("accounts.getJWT", login_token=login_token)
    assert jwt["errorCode"] == 0
    dominion.http.cookie_jar.clear()
    refused = await dominion.gigya(
        "accounts.getAccountInfo", post=True, login_token="nope"
    )
    assert refused["errorCode"] == 403005


async def test_the_exchange_answers_tokens_and_a_jwt_carrying_the_uuid(
    dominion: Dominion,
) -> None:
    status, answer = await dominion.exchange(await dominion.id_token())
    assert status == 200
    assert answer["status"] == {
        "type": "success",
        "code": 200,
        "message": "success",
        "error": False,
    }
    data = answer["data"]
    assert (data["tokenType"], data["expiresIn"]) == ("Bearer", 30)
    assert data["user"] == {
        "uuid": UUID,
        "firstName": "Dana",
        "lastName": "Example",
        "email": DEMO_USERNAME,
        "status": "Active",
    }
    claims = jwt_claims(data["accessToken"])
    assert claims["Uuid"] == UUID
    assert (
        claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"]
        == DEMO_USERNAME
    )
    assert (claims["iss"], claims["aud"]) == (
        "https://mywebapi.com",
        "https://mywebapi.com",
    )
    assert claims["exp"] == int(
        (dominion.portal.now + timedelta(minutes=30)).timestamp()
    )
    assert cx_state(dominion.portal).counters.logins == 1


async def test_the_exchange_refuses_what_it_must(dominion: Dominion) -> None:
    pending = (await dominion.login())["id_token"]
    assert (await dominion.exchange(pending))[0] == 401  # not logged in yet
    token = await dominion.id_token()
    assert (await dominion.exchange(token, st=""))[0] == 400
    dominion.portal.advance(timedelta(seconds=61))
    status, answer = await dominion.exchange(token)
    assert status == 401
    assert answer["status"]["error"] is True
    assert cx_state(dominion.portal).counters.refused_logins == 2


async def test_refresh_rotates_both_and_revives_an_expired_access_token(
    dominion: Dominion,
) -> None:
    access, refresh = await dominion.tokens()
    dominion.portal.advance(timedelta(minutes=45))
    assert (await dominion.call("GET", BP_NUMBER, access, params={"Uuid": UUID}))[
        0
    ] == 401
    status, answer = await dominion.refresh(access, refresh)
    assert status == 200
    assert answer["status"]["code"] == 200
    new_access, new_refresh = (
        answer["data"]["accessToken"],
        answer["data"]["refreshToken"],
    )
    assert (new_access, new_refresh) != (access, refresh)
    assert answer["data"]["expiresIn"] == 30
    assert (await dominion.call("GET", BP_NUMBER, new_access, params={"Uuid": UUID}))[
        0
    ] == 200
    assert (await dominion.refresh(new_access, refresh))[0] == 401  # rotated out
    counters = cx_state(dominion.portal).counters
    assert (counters.refreshes, counters.refused_refreshes) == (1, 1)


async def test_the_refresh_token_lives_a_day(dominion: Dominion) -> None:
    access, refresh = await dominion.tokens()
    dominion.portal.advance(timedelta(hours=23))
    status, answer = await dominion.refresh(access, refresh)
    assert status == 200
    access, refresh = answer["data"]["accessToken"], answer["data"]["refreshToken"]
    dominion.portal.advance(timedelta(hours=24))
    status, answer = await dominion.refresh(access, refresh)
    assert status == 401
    assert answer["status"]["message"] == "Unauthorized Access"


async def test_session_lifetime_refused_refresh_and_expired_tokens(
    dominion: Dominion,
) -> None:
    switches = cx_state(dominion.portal).switches
    switches.session_lifetime = timedelta(hours=2)
    access, refresh = await dominion.tokens()
    dominion.portal.advance(timedelta(minutes=90))
    status, answer = await dominion.refresh(access, refresh)
    assert status == 200
    access, refresh = answer["data"]["accessToken"], answer["data"]["refreshToken"]
    dominion.portal.advance(timedelta(minutes=31))
    assert (await dominion.refresh(access, refresh))[0] == 401
    access, refresh = await dominion.tokens()
    dominion.portal.expire_all_tokens("cx-access")
    assert (await dominion.call("GET", BP_NUMBER, access, params={"Uuid": UUID}))[
        0
    ] == 401
    switches.refuse_refresh = True
    assert (await dominion.refresh(access, refresh))[0] == 401
    switches.refuse_refresh = False
    assert (await dominion.refresh(access, refresh))[0] == 200
