"""Dominion's sign-in at Gigya (`auth.dominionenergy.com`), with its second factor.

Sources (keys of /work/research/cx.md section 3.2; DP = YeomansIII/dompower gigya_auth.py
and docs/auth-flow.md, DW = walljm/homeassistant-dominionpower-integration api.py):
0. `GET <login page>/CommonLogin?SelectedAppName=Electric` for the WAF's cookies (DP
   gigya_auth.py:595-613).
1. `accounts.webSdkBootstrap` sets the device cookies `gmid`, `ucid` (DP 615-628).
2. `accounts.login` (form) with `captchaToken=0`, `captchaType=reCaptchaEnterpriseScore`
   (DP 233-253) answers `errorCode` 0 (signed in: `id_token`, `sessionInfo.login_token`),
   403101 (two-factor pending: `regToken`), 403042/403043 (wrong login or password)
   (auth-flow.md:111-134, 601-608); 401020 `errorFlags: captchaNeeded` is Gigya's captcha
   refusal (rospogrigio/daikin_residential#49; no peer met it at Dominion).
3. Two-factor: `accounts.tfa.getProviders` -> `initTFA` (a `gigyaAssertion`) -> the phones
   (`phone.getRegisteredPhoneNumbers`) or e-mails (`email.getEmails`) -> `sendVerification
   Code` (a `phvToken`, which the e-mail way needs too: DN commit 1c96a6f; DW api.py:1104-
   1125) -> `completeVerification` with the same assertion (a `providerAssertion`; 400006 is
   an expired assertion, DP exceptions.py:183-188) -> `finalizeTFA` with `tempDevice=false`,
   which makes the device trusted (DW api.py:1002-1003) -> `finalizeRegistration`.
4. `accounts.getAccountInfo` with the `login_token` gives a fresh `id_token` (DP 797-836),
   which lives a minute (auth-flow.md:621) and is exchanged at once (transport.py).
Gigya answers are `text/javascript` (DP 920-921) with HTTP 200 whatever the `errorCode`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .cx_transport import USER_AGENT
from .errors import (
    AccountLockedError,
    CaptchaRequiredError,
    InvalidCodeError,
    InvalidCredentialsError,
    SewAuthError,
    SewResponseError,
)
from .http import PortalHttp
from .layout import PortalLayout
from .values import portal_message

API_KEY = "4_6zEg-HY_0eqpgdSONYkJkQ"  # DP const.py:47
LOGIN_PAGE = "https://login.dominionenergy.com/CommonLogin?SelectedAppName=Electric"
SDK = {"sdk": "js_latest", "sdkBuild": "18148", "pageURL": LOGIN_PAGE}
INCLUDE = "profile,data,emails,subscriptions,preferences,id_token,groups,loginIDs,"
PENDING_TWO_FACTOR = 403101
WRONG_LOGIN = (403042, 403043)
CAPTCHA = 401020
LOCKED = 403120
INVALID_JWT = 400006
PROVIDERS = {"gigyaPhone": "phone", "gigyaEmail": "email"}
# The sign-in page is a browser's (Incapsula sets its cookies there, DP docs/auth-flow.md:35-38).
HEADERS = {"User-Agent": USER_AGENT, "Referer": LOGIN_PAGE}


@dataclass(frozen=True, slots=True)
class TwoFactorTarget:
    """Where a code can be sent: a phone or an e-mail address, shown obfuscated."""

    provider: str
    target_id: str
    shown: str = field(compare=False)
    assertion: str = field(repr=False, compare=False)

    @property
    def kind(self) -> str:
        """Return "phone" or "email"."""
        return PROVIDERS[self.provider]


@dataclass(frozen=True, slots=True)
class SignInStep:
    """Where a sign-in stands: an `id_token` to exchange, or a second factor pending."""

    id_token: str | None = field(default=None, repr=False)
    reg_token: str | None = field(default=None, repr=False)


class GigyaSignIn:
    """One sign-in at Dominion's Gigya service over a cookie-keeping HTTP session."""

    def __init__(self, http: PortalHttp, layout: PortalLayout) -> None:
        """Keep the HTTP client and where the sign-in's services live."""
        self._http = http
        self._root = (layout.auth_root or layout.login_root).rstrip("/")
        self._page = layout.login_root.rstrip("/")

    @property
    def device_url(self) -> str:
        """Return the address whose cookies make this device known to Gigya."""
        return self._root + "/"

    async def _call(self, gigya_method: str, /, **values: str) -> Any:
        """Call Gigya (a form POST); return its answer's fields, whatever `errorCode`."""
        params = {"APIKey": API_KEY, **SDK, "format": "json", **values}
        answer = await self._http.request(
            "POST", f"{self._root}/{gigya_method}", headers=HEADERS, form=params
        )
        body = answer.json()
        if not isinstance(body, Mapping) or "errorCode" not in body:
            raise SewResponseError(f"Gigya's answer to {gigya_method} is not one")
        return body

    @staticmethod
    def _failure(body: Mapping[str, Any], what: str) -> SewAuthError:
        """Return the error a Gigya refusal stands for."""
        code = body.get("errorCode")
        message = portal_message(
            body.get("errorDetails") or body.get("errorMessage") or code
        )
        if code in WRONG_LOGIN:
            return InvalidCredentialsError(
                f"Dominion refused the e-mail or password: {message}"
            )
        if code == CAPTCHA or "captchaNeeded" in str(body.get("errorFlags", "")):
            return CaptchaRequiredError(
                f"Dominion's sign-in asks for a captcha: {message}"
            )
        if code == LOCKED:
            return AccountLockedError(f"Dominion says the account is locked: {message}")
        if code == INVALID_JWT:
            return InvalidCodeError(f"The code was wrong or has expired: {message}")
        return SewAuthError(f"Dominion's sign-in refused {what}: {message}")

    async def start(self, username: str, password: str) -> SignInStep:
        """Sign in with the e-mail and password: signed in, or a second factor pending."""
        await self._http.request(
            "GET", f"{self._page}/CommonLogin?SelectedAppName=Electric", headers=HEADERS
        )
        await self._call("accounts.webSdkBootstrap", apiKey=API_KEY)
        body = await self._call(
            "accounts.login",
            loginID=username,
            password=password,
            sessionExpiration="31556952",
            targetEnv="jssdk",
            include=INCLUDE,
            includeUserInfo="true",
            captchaToken="0",
            captchaType="reCaptchaEnterpriseScore",
            loginMode="standard",
            lang="en",
            source="showScreenSet",
            authMode="cookie",
        )
        if body.get("errorCode") == PENDING_TWO_FACTOR and body.get("regToken"):
            return SignInStep(reg_token=str(body["regToken"]))
        if body.get("errorCode") != 0:
            raise self._failure(body, "the sign-in")
        return SignInStep(id_token=await self._id_token(body))

    async def _id_token(self, body: Mapping[str, Any]) -> str:
        """Return a fresh id_token for a completed sign-in (getAccountInfo's)."""
        session = body.get("sessionInfo")
        login_token = (
            session.get("login_token") if isinstance(session, Mapping) else None
        )
        if login_token:
            info = await self._call(
                "accounts.getAccountInfo",
                login_token=str(login_token),
                include="groups,profile,data,id_token,",
            )
            if info.get("errorCode") == 0 and info.get("id_token"):
                return str(info["id_token"])
        if body.get("id_token"):
            return str(body["id_token"])
        raise SewResponseError("Dominion's sign-in gave no id_token")

    async def targets(self, reg_token: str) -> list[TwoFactorTarget]:
        """Return the phones and e-mail addresses a code can go to, phones first."""
        body = await self._call("accounts.tfa.getProviders", regToken=reg_token)
        if body.get("errorCode") != 0:
            raise self._failure(body, "the second factor")
        names = [
            str(item.get("name"))
            for item in body.get("activeProviders") or []
            if isinstance(item, Mapping) and item.get("name") in PROVIDERS
        ]
        found: list[TwoFactorTarget] = []
        for provider in sorted(names, key=list(PROVIDERS).index):
            init = await self._call(
                "accounts.tfa.initTFA",
                provider=provider,
                mode="verify",
                regToken=reg_token,
            )
            if init.get("errorCode") != 0 or not init.get("gigyaAssertion"):
                continue
            assertion = str(init["gigyaAssertion"])
            if provider == "gigyaPhone":
                listed = await self._call(
                    "accounts.tfa.phone.getRegisteredPhoneNumbers",
                    gigyaAssertion=assertion,
                )
                items = listed.get("phones") or []
            else:
                listed = await self._call(
                    "accounts.tfa.email.getEmails", gigyaAssertion=assertion
                )
                items = listed.get("emails") or []
            found.extend(
                TwoFactorTarget(
                    provider,
                    str(item["id"]),
                    portal_message(item.get("obfuscated") or item["id"]),
                    assertion,
                )
                for item in items
                if isinstance(item, Mapping) and item.get("id")
            )
        return found

    async def send_code(self, reg_token: str, target: TwoFactorTarget) -> str:
        """Send a code (SMS to a phone); return the `phvToken` its check needs."""
        values = {
            "gigyaAssertion": target.assertion,
            "lang": "en",
            "regToken": reg_token,
        }
        if target.kind == "phone":
            values.update(phoneID=target.target_id, method="sms")
        else:
            values["emailID"] = target.target_id
        body = await self._call(
            f"accounts.tfa.{target.kind}.sendVerificationCode", **values
        )
        if body.get("errorCode") != 0:
            raise self._failure(body, "to send a code")
        return str(body.get("phvToken") or "")

    async def verify(
        self, reg_token: str, target: TwoFactorTarget, phv_token: str, code: str
    ) -> str:
        """Check the code, trust this device, finish the sign-in; return an id_token."""
        checked = await self._call(
            f"accounts.tfa.{target.kind}.completeVerification",
            gigyaAssertion=target.assertion,
            phvToken=phv_token,
            code=code.strip(),
            regToken=reg_token,
        )
        if checked.get("errorCode") != 0 or not checked.get("providerAssertion"):
            raise self._failure(checked, "the code")
        finalized = await self._call(
            "accounts.tfa.finalizeTFA",
            gigyaAssertion=target.assertion,
            providerAssertion=str(checked["providerAssertion"]),
            tempDevice="false",
            regToken=reg_token,
        )
        if finalized.get("errorCode") != 0:
            raise self._failure(finalized, "the code")
        done = await self._call(
            "accounts.finalizeRegistration", regToken=reg_token, include=INCLUDE
        )
        if done.get("errorCode") != 0:
            raise self._failure(done, "the sign-in")
        return await self._id_token(done)
