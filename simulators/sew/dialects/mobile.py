"""The mobile flavor: WCF services `<root>/<Module>.svc/<Method>Mob` (flavor D).

They take AES-encrypted, form-encoded parameters (docs/sew-protocol.md section 5), in three
request dialects:

- SEED (the seed article, infosec.press/tildavaan/tag:SEW; ../seeds/sew-smart-customer-
  mobile-api.txt:43-66): body `{"EncType": "A", "EncQuery": ...}`, parameters through
  `urllib.parse.urlencode` (percent-encoded), `UserId` and `Password` (SHA-256), AES with
  IV = key; root `/PortalService`.
- SEW (SEW's own test code: ranjit-biswal/ApiTesting @ 7230ed8a src/test/java/com/
  smartusys/apitest/LoginMobile.java:33-42; capture sew-scp-ValidateUserLoginMob-request.json):
  body `{"EncQuery": ..., "encType": "I"}`, parameters NOT percent-encoded (`@`, `/`, `:` and
  spaces raw), `userid` and `password` (lower-case SHA-256 hex) in lower case, root
  `/scp6.6.3-service`. The captured ciphertext decrypts with IV = key although it says "I";
  SEW's server `DecryptIOS` uses a zero IV (P17 AESEncryption.cs): both are accepted.
- LEGACY (the first simulator, unverified): like SEED without checking the body's type key.

Only the login is evidenced. Names of later calls' parameters (UserID, LoginToken,
AccountNumber, ...) are the seed's, matched case-insensitively as .NET query collections do
(an assumption), and every answer is UNVERIFIED (unverified_answers.py): no mobile answer
was ever captured. A body without the dialect's type key fails as a .NET service
dereferencing the missing member would (an assumption).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from aiohttp import web

from simulators.sew.server.crypto import ANDROID_IV, IOS_IV, IVS, decrypt, encrypt
from simulators.sew.server.pages import (
    IIS_500_PAGE,
    wcf_help,
    wcf_not_found,
    wcf_request_error,
)

from .base import Dialect, Route, field, parse_day
from .unverified_answers import (
    FAILURES,
    BadRequestError,
    CallFailedError,
    UnverifiedAnswers,
)

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

MOBILE_OPERATIONS: dict[str, tuple[str, ...]] = {
    "UserLogin": ("ValidateUserLoginMob", "GetUserSettingMob"),
    "Usage": ("GetMultiMeterMob", "GetUsageGenerationMob"),
    "Generation": ("GetUsageGenerationMob",),
    "Billing": ("GetBillMob", "GetBillingHistoryListMob"),
}
_PARAMETER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*=")
_NULL_REFERENCE = "Object reference not set to an instance of an object."


class RequestDialect(StrEnum):
    """How a tenant's mobile requests are written."""

    SEED = "seed"
    SEW = "sew"
    LEGACY = "legacy"


@dataclass(frozen=True, slots=True)
class RequestRules:
    """What a request dialect looks like on the wire."""

    root: str
    type_key: str | None
    login_user: str
    login_password: str
    percent_encoded: bool
    either_iv: bool


RULES = {
    RequestDialect.SEED: RequestRules(
        "/PortalService", "EncType", "UserId", "Password", True, False
    ),
    RequestDialect.SEW: RequestRules(
        "/scp6.6.3-service", "encType", "userid", "password", False, True
    ),
    RequestDialect.LEGACY: RequestRules(
        "/PortalService", None, "UserId", "Password", True, False
    ),
}


class RequestError(Exception):
    """A request the WCF service cannot process: answered with its error page."""

    def __init__(self, status: int, message: str, stack: str) -> None:
        """Keep the HTTP status and the exception the service would report."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.stack = stack


class MobileService(Dialect):
    """`<root>/<Module>.svc/<Method>Mob`, requests in one dialect, unverified answers."""

    name = "mobile"

    def __init__(self, portal: SewPortal, request_dialect: RequestDialect) -> None:
        """Keep the portal, the request dialect and the unverified answers."""
        super().__init__(portal)
        self.request_dialect = request_dialect
        self.rules = RULES[request_dialect]
        self.answers = UnverifiedAnswers(portal)

    @classmethod
    def factory(cls, request_dialect: RequestDialect) -> Callable[[SewPortal], Dialect]:
        """Return a factory making this dialect for a portal."""
        return lambda portal: cls(portal, request_dialect)

    def routes(self) -> list[Route]:
        """Return the help pages and the operations."""
        root = self.rules.root
        return [
            Route("GET", root + "/{module}.svc/help", self._help),
            Route("POST", root + "/{module}.svc/{method}", self._call),
        ]

    def describe(self, base_url: str) -> list[str]:
        """Tell where the help page is and what the service expects."""
        help_url = f"{base_url}{self.rules.root}/UserLogin.svc/help"
        variant = (
            f"requests: {self.request_dialect}, encryption: {self.portal.encryption}"
        )
        return [f"mobile flavor help:   {help_url}  ({variant}; answers unverified)"]

    def server_error(self, request: web.Request) -> web.Response:
        """Answer IIS's own 500 page."""
        return web.Response(status=500, text=IIS_500_PAGE, content_type="text/html")

    def wrong_shape(self, request: web.Request) -> web.Response:
        """Answer a result that is not the DataSet the operation returns."""
        method = request.match_info.get("method", "")
        return web.json_response({f"{method}Result": "[1, 2, 3]"})

    async def _help(self, request: web.Request) -> web.Response:
        """Serve a WCF service's help page."""
        module = request.match_info["module"]
        if module not in MOBILE_OPERATIONS:
            return wcf_not_found()
        url = f"{request.scheme}://{request.host}{self.rules.root}/{module}.svc"
        return web.Response(
            text=wcf_help(url, MOBILE_OPERATIONS[module]), content_type="text/html"
        )

    async def _call(self, request: web.Request) -> web.Response:
        """Answer an operation."""
        module = request.match_info["module"]
        method = request.match_info["method"]
        operation = method if method.endswith("Mob") else f"{method}Mob"
        if operation not in MOBILE_OPERATIONS.get(module, ()):
            return wcf_not_found()
        try:
            params = self._params(await request.read())
            payload = await self._dispatch(
                request, module, operation.removesuffix("Mob"), params
            )
        except RequestError as err:
            return web.Response(
                status=err.status,
                text=wcf_request_error(err.message, err.stack),
                content_type="text/html",
            )
        if isinstance(payload, web.Response):
            return payload
        text = json.dumps(payload)
        iv = self._answer_iv()
        if module == "UserLogin" and self.portal.options.encrypt_login_answers and iv:
            text = encrypt(text, iv, line_breaks=True)
        return web.json_response({f"{method}Result": text})

    def _answer_iv(self) -> bytes | None:
        """Return the IV login answers are encrypted with (None: not encrypted)."""
        if self.portal.encryption == "none":
            return None
        if self.request_dialect is RequestDialect.SEW:
            return ANDROID_IV
        return IVS[self.portal.encryption]

    def _params(self, body: bytes) -> dict[str, str]:
        """Decode and decrypt a request's parameters as the service would."""
        try:
            document = json.loads(body or b"null")
        except ValueError:
            raise RequestError(
                400,
                "The incoming message has an unexpected message format 'Raw'. The expected "
                "message formats for the operation are 'Xml'; 'Json'.",
                "at System.ServiceModel.Dispatcher.DemultiplexingDispatchMessageFormatter",
            ) from None
        if not isinstance(document, dict):
            document = {}
        if self.portal.encryption == "none":
            return {str(k): str(v) for k, v in document.items() if v is not None}
        query = document.get("EncQuery")
        if not isinstance(query, str):
            return {}
        type_key = self.rules.type_key
        if type_key is not None and not isinstance(document.get(type_key), str):
            raise RequestError(
                500, _NULL_REFERENCE, "at SEW.PortalService.DecryptRequest()"
            )
        return self._parse(self._decrypt(query))

    def _decrypt(self, query: str) -> str:
        """Decrypt EncQuery with the IV(s) the dialect accepts."""
        if self.rules.either_iv:
            ivs = [ANDROID_IV, IOS_IV]
        else:
            ivs = [IVS[self.portal.encryption]]
        texts: list[str] = []
        for iv in ivs:
            try:
                clear = decrypt(query, iv)
            except binascii.Error:
                raise RequestError(
                    400,
                    "The input is not a valid Base-64 string as it contains a non-base 64 "
                    "character, more than two padding characters, or an illegal character "
                    "among the padding characters. ",
                    "at System.Convert.FromBase64_Decode(Char* startInputPtr, Int32 "
                    "inputLength)",
                ) from None
            except ValueError:
                raise RequestError(
                    400,
                    "Padding is invalid and cannot be removed.",
                    "at System.Security.Cryptography.CapiSymmetricAlgorithm.DepadBlock("
                    "Byte[] block, Int32 offset, Int32 count)",
                ) from None
            texts.append(clear.decode("utf-8", errors="replace"))
        # A wrong IV garbles only the first block: take the text that starts with a name.
        return next((t for t in texts if _PARAMETER_NAME.match(t)), texts[0])

    def _parse(self, text: str) -> dict[str, str]:
        """Split `name=value&...`, decoding values only where the dialect encodes them."""
        if self.rules.percent_encoded:
            return dict(parse_qsl(text, keep_blank_values=True))
        pairs = (part.partition("=") for part in text.split("&") if part)
        return {name: value for name, _, value in pairs}

    async def _login(self, request: web.Request, params: dict[str, str]) -> Any:
        """Answer ValidateUserLogin: one row per account, or a STATUS "0" row."""
        username = _required(params, self.rules.login_user, exact=True)
        digest = _required(params, self.rules.login_password, exact=True)
        if fault := await self.portal.gate(request, login=username):
            return fault
        login, failure = self.portal.sessions.check(username, digest, hashed=True)
        if login is None:
            assert failure is not None
            return {"Table": [{"STATUS": "0", "Message": FAILURES[failure]}]}
        session = self.portal.sessions.issue(login, kind="mobile")
        return {
            "Table": [
                self.answers.login_row(login, account, session.token, index)
                for index, account in enumerate(login.accounts)
            ]
        }

    async def _dispatch(
        self,
        request: web.Request,
        module: str,
        method: str,
        params: dict[str, str],
    ) -> Any:
        """Run an operation; return its payload (or a fault's answer)."""
        sessions = self.portal.sessions
        if method == "ValidateUserLogin":
            return await self._login(request, params)
        user_id = _required(params, "UserID")
        session = sessions.find(_required(params, "LoginToken"), user_id=user_id)
        if session is None:
            raise RequestError(
                401,
                "Unauthorized",
                "at SEW.PortalService.Security.ValidateLoginToken()",
            )
        if sessions.expired(session):
            return {"STATUS": "0", "Message": "Token has been expired."}
        day = parse_day(str(field(params, "strDate") or ""), ("%m/%d/%Y", "%m/%d/%y"))
        if fault := await self.portal.gate(
            request,
            meter=str(field(params, "MeterNumber") or "") or None,
            days=() if day is None else (day,),
            login=session.username,
        ):
            return fault
        try:
            return self.answers.call(session, method, params, mobile=True)
        except BadRequestError:
            raise RequestError(
                500,
                _NULL_REFERENCE,
                f"at SEW.PortalService.{module}.{method}Mob(RequestEntity request)",
            ) from None
        except CallFailedError as err:
            return {"STATUS": "0", "Message": err.message}


def _required(params: dict[str, str], name: str, *, exact: bool = False) -> str:
    """Return a parameter; a missing one dereferences null in the real service.

    Login parameters are matched exactly as each request dialect writes them; the others
    case-insensitively.
    """
    value = params.get(name) if exact else field(params, name)
    if not value:
        raise RequestError(
            500, _NULL_REFERENCE, f"at SEW.PortalService.RequestEntity.get_{name}()"
        )
    return str(value)
