"""Tiny tenants answering as real ones do, for the client's HTTP-level tests.

Hidroelectrica's JSON API follows P1 (emanuelbesliu/homeassistant-ihidro), P2 (cnecrea/
hidroelectrica) and P4 (b247/iHidroGo); values are invented. The mobile tenant decrypts and
reads requests as the evidence writes them (SEW's own request, the seed article); its answers
are unverified (no mobile answer was ever captured) and use the web portal's shapes.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    Encryption,
    MobileDialect,
    hash_password,
)
from custom_components.sew_thinq.sew.bodies import decode_query
from custom_components.sew_thinq.sew.crypto import decrypt, encrypt

from .conftest import Tenant, envelope

PASSWORD = "parola-buna"
HIDRO = KNOWN_UTILITIES["hidroelectrica"]
# One login row per contract, ids as JSON numbers (P4 main.go:270-304).
LOGIN_ROWS = [
    {
        "UserID": 10245,
        "SessionToken": "",
        "UtilityAccountNumber": 4001234567,
        "AccountNumber": 8000123456,
    },
    {
        "UserID": 10245,
        "SessionToken": "",
        "UtilityAccountNumber": 4007654321,
        "AccountNumber": 8000123456,
    },
]
USER_SETTING = {
    "Table1": [
        {
            "AccountNumber": "8000123456",
            "UtilityAccountNumber": "4001234567",
            "Address": "Str. Exemplu 1, Bucuresti",
            "IsDefaultAccount": True,
            "CustomerName": "Ion Popescu",
        }
    ],
    "Table2": [
        {
            "AccountNumber": "8000123456",
            "UtilityAccountNumber": "4007654321",
            "Address": "Str. Exemplu 2, Sinaia",
            "IsDefaultAccount": False,
        }
    ],
}


def basic(user: str, secret: str) -> str:
    """Return a Basic authorization value."""
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


class Hidroelectrica:
    """`/API/UserLogin/*` and `/Service/<Module>/*`, HTTP 401 when a session is over."""

    def __init__(self, tenant: Tenant) -> None:
        """Install the routes."""
        self.tenant = tenant
        self.sessions: set[str] = set()
        self.issued = 0
        self.usage_rows: list[dict[str, Any]] = [
            {
                "Month": 10,
                "Year": 2025,
                "UsageValue": "245,67",
                "value": 120,
                "FromDate": "09/15/2025 00:00:00",
                "ToDate": "10/14/2025 00:00:00",
            }
        ]
        self.usage_failure: str | None = None
        tenant.post("/API/UserLogin/GetId", envelope({"key": "k1", "tokenId": "t1"}))
        tenant.on("POST", "/API/UserLogin/ValidateUserLogin", self.login)
        tenant.on("POST", "/API/UserLogin/GetUserSetting", self.guard(USER_SETTING))
        tenant.on(
            "POST",
            "/Service/Usage/GetMultiMeter",
            self.guard(
                None,
                flat={
                    "MeterDetails": [
                        {
                            "MeterType": "E",
                            "MeterNumber": "E123",
                            "IsAMI": True,
                            "Status": 1,
                            "Address": "Str. Exemplu 1",
                        }
                    ]
                },
            ),
        )
        tenant.on("POST", "/Service/Usage/GetUsageGeneration", self.usage)
        tenant.on(
            "POST",
            "/Service/Billing/GetBill",
            self.guard(
                None,
                flat={
                    "billamount": "1.234,56",
                    "invoicenumber": "q83vEjL0bEhYQeR4Zq5w6g==",
                    "rembalance": "245,67",
                    "duedate": "20260316",
                    "Table1": None,
                    "objResponseProxy": None,
                },
            ),
        )
        tenant.on(
            "POST",
            "/Service/Billing/GetBillingHistoryList",
            self.guard(
                None,
                flat={
                    "objBillingHistoryEntity": [
                        {
                            "amount": "347,94",
                            "invoiceDate": "02/05/2026 00:00:00",
                            "dueDate": "02/20/2026 00:00:00",
                            "invoiceId": "1234567890",
                        }
                    ],
                    "objBillingPaymentHistoryEntity": [
                        {
                            "amount": "347,94",
                            "paymentDate": "15/02/2026",
                            "channel": "Incasari-Card",
                        }
                    ],
                },
            ),
        )

    async def login(self, request: web.Request, body: Any) -> web.StreamResponse:
        """ValidateUserLogin with GetId's key as Basic credentials."""
        if request.headers.get("Authorization") != basic("k1", "t1"):
            return web.json_response({"Message": "Authorization denied"}, status=401)
        if body.get("password") != PASSWORD:
            return web.json_response(
                envelope({"Table": []}, message="Nume utilizator sau parola incorecta")
            )
        self.issued += 1
        token = f"session-{self.issued}"
        self.sessions.add(token)
        rows = [{**row, "SessionToken": token} for row in LOGIN_ROWS]
        return web.json_response(envelope({"Table": rows}))

    def authorised(self, request: web.Request) -> bool:
        """Tell whether a call carries a live session."""
        return any(
            request.headers.get("Authorization") == basic("10245", token)
            for token in self.sessions
        )

    def guard(self, data: Any, flat: dict[str, Any] | None = None) -> Any:
        """Return a handler answering `result.Data` (or a flat result) to live sessions."""

        async def handle(request: web.Request, body: Any) -> web.StreamResponse:
            if not self.authorised(request):
                return web.json_response(
                    {"Message": "Authorization denied"}, status=401
                )
            if flat is not None:
                return web.json_response({"responsestatus": 1, "result": flat})
            return web.json_response(envelope(data))

        return handle

    async def usage(self, request: web.Request, body: Any) -> web.StreamResponse:
        """GetUsageGeneration: rows and the month-to-date block under `result.Data`."""
        if not self.authorised(request):
            return web.json_response({"Message": "Authorization denied"}, status=401)
        if self.usage_failure is not None:
            return web.json_response(
                envelope(None, status=0, message=self.usage_failure)
            )
        return web.json_response(
            envelope(
                {
                    "objUsageGenerationResultSetTwo": self.usage_rows,
                    "getTentativeData": [{"SoFar": "152,5", "ExpectedUsage": "310,25"}],
                }
            )
        )

    def expire(self) -> None:
        """End every session, as the portal does after a while."""
        self.sessions.clear()


MOBILE_USER = "jane.doe@example.com"
MOBILE_PASSWORD = "correct horse"
MOBILE_LOGIN_ROW = {
    "STATUS": "1",
    "UserID": "10245",
    "AccountNumber": "3001234567",
    "UtilityAccountNumber": "3001234567",
    "TimeZoneId": "Central Standard Time",
    "Address": "12 Main St",
    "IsDefaultAccount": "1",
    "MeterType": "E",
}


def wcf(payload: Any, *, encryption: Encryption | None = None) -> web.Response:
    """Answer as WCF does, `{"d": "<JSON text>"}`, the text encrypted when asked."""
    text = json.dumps(payload)
    if encryption is not None:
        text = encrypt(text, encryption)
    return web.json_response({"d": text})


class MobileTenant:
    """`PortalService/<Module>.svc/<Method>Mob` accepting one dialect and one IV."""

    def __init__(
        self,
        tenant: Tenant,
        dialect: MobileDialect,
        encryption: Encryption,
        *,
        help_page: bool = True,
        encrypt_answers: bool = False,
    ) -> None:
        """Install the routes."""
        self.tenant = tenant
        self.dialect = dialect
        self.encryption = encryption
        self.encrypt_answers = encrypt_answers
        self.tokens: set[str] = set()
        self.issued = 0
        self.logins: list[list[tuple[str, str]]] = []
        self.refusal = "Invalid User Id or Password"
        if help_page:
            tenant.on(
                "GET",
                "/PortalService/UserLogin.svc/help",
                self.help,
            )
        tenant.on(
            "POST", "/PortalService/UserLogin.svc/ValidateUserLoginMob", self.login
        )
        tenant.on("POST", "/PortalService/Usage.svc/GetMultiMeterMob", self.meters)
        tenant.on("POST", "/PortalService/Usage.svc/GetUsageGenerationMob", self.usage)
        tenant.on("POST", "/PortalService/Billing.svc/GetBillMob", self.bill)
        tenant.on(
            "POST", "/PortalService/Billing.svc/GetBillingHistoryListMob", self.history
        )

    async def help(self, request: web.Request, body: Any) -> web.StreamResponse:
        """WCF's help page lists the operations (the seed article)."""
        return web.Response(
            text="<html><title>Operations at UserLogin.svc</title>"
            "<body>ValidateUserLoginMob</body></html>",
            content_type="text/html",
        )

    def params(self, body: Any) -> list[tuple[str, str]] | None:
        """Return a request's parameters if it is written in this tenant's dialect."""
        label = "encType" if self.dialect is MobileDialect.SEW else "EncType"
        if self.encryption is Encryption.NONE:
            # Assumed: a tenant without encryption fails on an encrypted body.
            if not isinstance(body, dict) or "EncQuery" in body:
                return None
            return [(str(k), str(v)) for k, v in body.items()]
        if not isinstance(body, dict) or label not in body or "EncQuery" not in body:
            return None
        try:
            clear = decrypt(body["EncQuery"], self.encryption)
        except Exception:  # noqa: BLE001 - a garbled request, as a real server would see it
            return None
        if self.dialect is MobileDialect.SEW:
            return decode_query(clear)
        return parse_qsl(clear, keep_blank_values=True)

    def answer(self, payload: Any) -> web.Response:
        """Answer in this tenant's way."""
        return wcf(
            payload, encryption=self.encryption if self.encrypt_answers else None
        )

    async def login(self, request: web.Request, body: Any) -> web.StreamResponse:
        """ValidateUserLoginMob: rows with a `LoginToken`, or a `STATUS` "0" row."""
        params = self.params(body)
        if params is None:
            return web.Response(
                status=400, text="Padding is invalid and cannot be removed."
            )
        self.logins.append(params)
        values = {name.casefold(): value for name, value in params}
        user, digest = values.get("userid"), values.get("password")
        if user != MOBILE_USER or digest != hash_password(MOBILE_PASSWORD):
            return self.answer([{"STATUS": "0", "Message": self.refusal}])
        self.issued += 1
        token = f"login-token-{self.issued}"
        self.tokens.add(token)
        return self.answer({"Table": [{**MOBILE_LOGIN_ROW, "LoginToken": token}]})

    def session_of(self, body: Any) -> dict[str, str] | None:
        """Return a call's parameters when they carry a live `LoginToken`."""
        params = self.params(body)
        if params is None:
            return None
        values = dict(params)
        return values if values.get("LoginToken") in self.tokens else None

    def expired(self) -> web.Response:
        """A dead token answers a failure row (unverified wording)."""
        return self.answer({"STATUS": "0", "Message": "Invalid Token"})

    async def meters(self, request: web.Request, body: Any) -> web.StreamResponse:
        """GetMultiMeterMob."""
        if self.session_of(body) is None:
            return self.expired()
        return self.answer(
            {
                "MeterDetails": [
                    {
                        "MeterType": "E",
                        "MeterNumber": "E10004521",
                        "IsAMI": True,
                        "Status": 1,
                    }
                ]
            }
        )

    async def usage(self, request: web.Request, body: Any) -> web.StreamResponse:
        """GetUsageGenerationMob: a day of hours, or the month-to-date block in mode B."""
        values = self.session_of(body)
        if values is None:
            return self.expired()
        if values["Mode"] == "B":
            return self.answer(
                {"getTentativeData": [{"SoFar": 410.5, "ExpectedUsage": 902.0}]}
            )
        return self.answer(
            {
                "objUsageGenerationResultSetTwo": [
                    {
                        "UsageDate": values["strDate"],
                        "Hourly": f"{hour}:00",
                        "UsageValue": 1.5,
                        "ValueCost": 0.2,
                    }
                    for hour in range(24)
                ]
            }
        )

    async def bill(self, request: web.Request, body: Any) -> web.StreamResponse:
        """GetBillMob."""
        if self.session_of(body) is None:
            return self.expired()
        return self.answer(
            {
                "Table": [
                    {
                        "billamount": "84.20",
                        "duedate": "12/01/2025",
                        "rembalance": "84.20",
                    }
                ]
            }
        )

    async def history(self, request: web.Request, body: Any) -> web.StreamResponse:
        """GetBillingHistoryListMob: "no records"."""
        if self.session_of(body) is None:
            return self.expired()
        return self.answer({"STATUS": "0", "Message": "No Record Found"})
