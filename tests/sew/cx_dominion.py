"""A test's client of the `dominion` profile: plain aiohttp requests as the peers send them."""

from __future__ import annotations

from io import BytesIO
import json
from typing import Any
import uuid

import aiohttp
from openpyxl import Workbook, load_workbook

from simulators.sew import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DOMINION_ACCOUNT,
    DOMINION_METER,
    GIGYA_API_KEY,
    SewPortal,
    cx_state,
    dominion_urls,
)

LOGIN_PAGE = "https://login.dominionenergy.com/CommonLogin?SelectedAppName=Electric"
# The SDK parameters DP sends with every Gigya call (gigya_auth.py:313-320).
SDK = {
    "APIKey": GIGYA_API_KEY,
    "sdk": "js_latest",
    "pageURL": LOGIN_PAGE,
    "sdkBuild": "18148",
}
# DP's default headers on every CX call (const.py:21-32).
CX_HEADERS = {
    "Accept": "application/json",
    "uid": "1",
    "pt": "1",
    "channel": "WEB",
    "Origin": "https://myaccount.dominionenergy.com",
    "User-Agent": "Mozilla/5.0 (Macintosh) Chrome/142.0.0.0 Safari/537.00",
}


def download_body(
    account: str = DOMINION_ACCOUNT,
    meter: str = DOMINION_METER,
    first: str = "2025-10-01",
    last: str = "2025-11-04",
) -> dict[str, Any]:
    """Return the DownloadExcelNew body DP sends (client.py:323-335)."""
    return {
        "Format": "Csv",
        "accountNumber": account,
        "meterIds": [meter],
        "uom": "kWh",
        "periodicity": "HH",
        "serviceType": "electricity",
        "decimalPlaces": "2",
        "isNetUsage": "false",
        "displayUnit": "kWh",
        "from": first,
        "to": last,
    }


class Dominion:
    """A test's view of the profile: the portal, its three stand-in hosts, a cookie session."""

    def __init__(
        self, portal: SewPortal, base: str, http: aiohttp.ClientSession
    ) -> None:
        """Keep them; `http` keeps cookies from 127.0.0.1."""
        self.portal, self.urls, self.http = portal, dominion_urls(base), http

    async def gigya(
        self, call: str, *, post: bool = False, **params: str
    ) -> dict[str, Any]:
        """Call Gigya (GET query or POST form) and read its text/javascript answer."""
        url = f"{self.urls.gigya}/{call}"
        values = {**SDK, "format": "json", **params}
        if post:
            request = self.http.post(url, data=values)
        else:
            request = self.http.get(url, params=values)
        async with request as response:
            assert response.status == 200
            assert response.content_type == "text/javascript"
            answer: dict[str, Any] = json.loads(await response.text())
            return answer

    async def login(self, password: str = DEMO_PASSWORD) -> dict[str, Any]:
        """Load the login page, bootstrap, then accounts.login as DP does."""
        async with self.http.get(f"{self.urls.login}/CommonLogin") as response:
            assert response.status == 200
        await self.gigya("accounts.webSdkBootstrap", apiKey=GIGYA_API_KEY)
        return await self.gigya(
            "accounts.login",
            post=True,
            loginID=DEMO_USERNAME,
            password=password,
            captchaToken="0",
            captchaType="reCaptchaEnterpriseScore",
            include="profile,data,emails,subscriptions,preferences,id_token,groups,loginIDs,",
        )

    async def second_factor(
        self, reg_token: str, *, temp_device: str = "false"
    ) -> dict[str, Any]:
        """Pass the phone factor: initTFA, phones, send, complete, finalize (DP steps 3-8b)."""
        init = await self.gigya(
            "accounts.tfa.initTFA",
            provider="gigyaPhone",
            mode="verify",
            regToken=reg_token,
        )
        assertion = init["gigyaAssertion"]
        phones = await self.gigya(
            "accounts.tfa.phone.getRegisteredPhoneNumbers", gigyaAssertion=assertion
        )
        sent = await self.gigya(
            "accounts.tfa.phone.sendVerificationCode",
            gigyaAssertion=assertion,
            phoneID=phones["phones"][0]["id"],
            method="sms",
            lang="en",
            regToken=reg_token,
        )
        code = cx_state(self.portal).switches.tfa_code
        verified = await self.gigya(
            "accounts.tfa.phone.completeVerification",
            gigyaAssertion=assertion,
            phvToken=sent["phvToken"],
            code=code,
            regToken=reg_token,
        )
        finalized = await self.gigya(
            "accounts.tfa.finalizeTFA",
            gigyaAssertion=assertion,
            providerAssertion=verified["providerAssertion"],
            tempDevice=temp_device,
            regToken=reg_token,
        )
        assert finalized["errorCode"] == 0
        return await self.gigya("accounts.finalizeRegistration", regToken=reg_token)

    async def id_token(self) -> str:
        """Sign in at Gigya (second factor when asked); return a fresh id_token."""
        answer = await self.login()
        if answer["errorCode"] == 403101:
            answer = await self.second_factor(answer["regToken"])
        assert answer["errorCode"] == 0
        info = await self.gigya(
            "accounts.getAccountInfo",
            post=True,
            login_token=answer["sessionInfo"]["login_token"],
        )
        token: str = info["id_token"]
        return token

    async def exchange(self, id_token: str, **headers: str) -> tuple[int, Any]:
        """Exchange an id_token at Login/auth as DP does (gigya_auth.py:838-861)."""
        sent = {
            **CX_HEADERS,
            "Authorization": f"Bearer {id_token}",
            "e2eid": str(uuid.uuid4()),
            "pt": "",
            "st": "PL",
            **headers,
        }
        body = {
            "username": "",
            "password": "",
            "guestToken": id_token,
            "customattributes": dict.fromkeys(
                ("client", "version", "deviceId", "deviceName", "os"), ""
            ),
        }
        return await self.call(
            "POST", "/UsermanagementAPI/api/1/Login/auth", json=body, headers=sent
        )

    async def tokens(self) -> tuple[str, str]:
        """Sign in all the way; return (access, refresh)."""
        status, answer = await self.exchange(await self.id_token())
        assert status == 200
        return answer["data"]["accessToken"], answer["data"]["refreshToken"]

    async def call(
        self, method: str, path: str, token: str | None = None, **kwargs: Any
    ) -> tuple[int, Any]:
        """Make a CX call with DP's headers; return the status and the JSON or bytes."""
        headers = {**CX_HEADERS, **kwargs.pop("headers", {})}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        async with self.http.request(
            method, self.urls.cx + path, headers=headers, **kwargs
        ) as response:
            if response.content_type == "application/json":
                return response.status, await response.json()
            return response.status, await response.read()

    async def refresh(self, access: str, refresh: str) -> tuple[int, Any]:
        """Refresh as DP does (auth.py:146-158)."""
        return await self.call(
            "POST",
            "/UsermanagementAPI/api/1/login/auth/refresh",
            access,
            json={"refreshToken": refresh},
        )

    async def workbook(self, token: str, body: dict[str, Any]) -> Workbook:
        """Download the 30-minute workbook and open it with openpyxl, as DP does."""
        status, data = await self.call(
            "POST", "/Service/api/1/Usage/DownloadExcelNew", token, json=body
        )
        assert status == 200
        return load_workbook(BytesIO(data), data_only=True)
