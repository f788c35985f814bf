"""Hidroelectrica's JSON API (flavor A, docs/sew-protocol.md section 2).

Sources: P1 = emanuelbesliu/homeassistant-ihidro @ 3062b41c, P2 = cnecrea/hidroelectrica @
1a42027f, P4 = b247/iHidroGo @ 720fdebd. Paths: the login module under `/API`, every other
module under `/Service` (P1 const.py:14-30; P2 const.py:55-80; P4 main.go:218-389); no peer
calls `/API/Usage/...`, which answers 404 here. Headers: `SourceType: 0` before login and
`1` after (P1 const.py:55-67; P2 const.py:30-45; P4 main.go:403). Login: GetId's key and
tokenId as Basic credentials (P1 api.py:174-192), then Basic(UserID:SessionToken) on every
call (P1 api.py:231-237; P2 api.py:269-277); an expired session answers HTTP 401 and the
peers log in again once (P1 api.py:885-920; P2 api.py:319-401).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from aiohttp import web

from simulators.sew.server.pages import web_api_not_found, web_api_unauthorized
from simulators.sew.server.sessions import LoginFailure, Session
from simulators.sew.truth import SimAccount

from .base import Dialect, Route, field, flag, parse_day, read_json, text_field
from .hidroelectrica_values import HidroelectricaValues, NoRecordsError, UsageQuery
from .unverified_api import basic_credentials

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

API_VERSION = "7.5.2"  # the envelope's version as NB Power's WidgetAPI shows it (P7)
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y")
LOGIN_CALLS = {"GetId", "ValidateUserLogin", "GetUserSetting"}
SERVICE_CALLS = {
    ("Usage", "GetUsageGeneration"),
    ("Usage", "GetMultiMeter"),
    ("Billing", "GetBill"),
    ("Billing", "GetBillingHistoryList"),
}
# Messages are assumptions: a failed login is known only as "no Table rows and a
# result.Message" (P4 main.go:270-278; P2 api.py:222-228 "credențiale invalide sau cont
# blocat"); no peer shows a two-factor answer on this API (they send TFADeviceid "").
FAILURES = {
    LoginFailure.INVALID: "Numele de utilizator sau parola sunt incorecte.",
    LoginFailure.LOCKED: "Contul dumneavoastră a fost blocat.",
}
TWO_FACTOR = "Autentificarea în doi pași este necesară."


class BadRequestError(Exception):
    """A call missing what it needs: HTTP 400 `{"responsestatus": -1}`.

    That answer is NB Power's for missing account ids (P7 api.py `bootstrap_with_token`);
    Hidroelectrica's own answer to a bad request is not public (assumption).
    """


def envelope(result: Mapping[str, Any]) -> dict[str, Any]:
    """Wrap a call's `result` (its shape differs per call)."""
    return {"version": API_VERSION, "responsestatus": 1, "result": dict(result)}


def data_result(data: Any, *, status: int = 1, message: str = "Record found") -> Any:
    """Return the `result.Data` envelope of GetId, login, settings and usage.

    P2 api.py:403-411; P1 helpers.py:99-131.
    """
    return envelope({"Status": status, "Message": message, "Data": data})


class HidroelectricaApi(Dialect):
    """`/API/UserLogin/*` and `/Service/<Module>/*` as Hidroelectrica serves them."""

    name = "hidroelectrica"

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal and the payload builder."""
        super().__init__(portal)
        self.values = HidroelectricaValues(portal)

    def routes(self) -> list[Route]:
        """Return the login module, the service modules and 404 for anything else."""
        return [
            Route("POST", "/API/UserLogin/{method}", self._login_module),
            Route("POST", "/Service/{module}/{method}", self._service),
            Route("*", "/API/{tail:.*}", self._not_found),
            Route("*", "/Service/{tail:.*}", self._not_found),
        ]

    def describe(self, base_url: str) -> list[str]:
        """Tell where the API answers."""
        return [
            f"JSON API: {base_url}/API/UserLogin/GetId, {base_url}/Service/<Module>/<Method>"
        ]

    async def _not_found(self, request: web.Request) -> web.Response:
        """Answer a path no controller serves."""
        return web_api_not_found(str(request.url))

    async def _body(self, request: web.Request) -> dict[str, Any]:
        """Return the JSON body; refuse a call without the SourceType header.

        Assumption: every peer sends it; what the server does without it is not public.
        """
        body = await read_json(request)
        if "SourceType" not in request.headers or not isinstance(body, dict):
            raise BadRequestError
        return body

    async def _login_module(self, request: web.Request) -> web.Response:
        """Answer GetId, ValidateUserLogin and GetUserSetting."""
        method = request.match_info["method"]
        if method not in LOGIN_CALLS:
            return web_api_not_found(str(request.url))
        try:
            body = await self._body(request)
            if method == "GetId":
                key, token_id = self.portal.sessions.issue_key()
                return web.json_response(
                    data_result({"key": key, "tokenId": token_id}, message="Success")
                )
            if method == "ValidateUserLogin":
                return await self._validate(request, body)
            session = self._session(request)
            if session is None:
                return web_api_unauthorized()
            if fault := await self.portal.gate(request, login=session.username):
                return fault
            return web.json_response(data_result(self._settings(session)))
        except BadRequestError:
            return web.json_response({"responsestatus": -1}, status=400)

    async def _validate(
        self, request: web.Request, body: dict[str, Any]
    ) -> web.Response:
        """Answer ValidateUserLogin: one row per contract (P4 main.go:280-305)."""
        credentials = basic_credentials(request.headers.get("Authorization"))
        sessions = self.portal.sessions
        if credentials is None or not sessions.redeem_key(*credentials):
            return web_api_unauthorized()
        # Body per P1 api.py:193-207 / P2 api.py:199-213: "UserId" and "password";
        # Json.NET binds member names case-insensitively.
        username, password = text_field(body, "UserId"), text_field(body, "password")
        if not username or not password:
            raise BadRequestError
        if fault := await self.portal.gate(request, login=username):
            return fault
        login, failure = sessions.check(username, password, hashed=False)
        if login is None:
            assert failure is not None
            return web.json_response(
                data_result({"Table": []}, status=0, message=FAILURES[failure])
            )
        if sessions.needs_two_factor(login):
            return web.json_response(
                data_result({"Table": []}, status=0, message=TWO_FACTOR)
            )
        session = sessions.issue(login, kind="api")
        rows = [
            {
                "UserID": login.user_id,
                "SessionToken": session.token,
                "UtilityAccountNumber": account.utility_number,
                # A JSON number: P4 reads ids as strings or numbers (main.go:283-291).
                "AccountNumber": int(account.number),
            }
            for account in login.accounts
        ]
        return web.json_response(data_result({"Table": rows}, message="Success"))

    def _session(self, request: web.Request) -> Session | None:
        """Return the live session of a Basic(UserID:SessionToken) call (None: 401)."""
        credentials = basic_credentials(request.headers.get("Authorization"))
        if credentials is None:
            return None
        session = self.portal.sessions.find(
            credentials[1], kind="api", user_id=credentials[0]
        )
        if session is None or self.portal.sessions.expired(session):
            return None
        return session

    def _settings(self, session: Session) -> dict[str, Any]:
        """Return GetUserSetting's Data: Table1 the contracts, Table2 "the additional ones".

        P2 api.py:417-458; P1 api.py:273-296. Both peers merge the two and drop repeats, so
        Table2 repeats the contracts with their POD (assumption); the flag is a JSON
        boolean (P2 defaults it to False, api.py:455).
        """
        accounts = session.login.accounts
        return {
            "Table1": [
                {
                    "AccountNumber": account.number,
                    "UtilityAccountNumber": account.utility_number,
                    "Address": account.address,
                    "IsDefaultAccount": account.is_default,
                    "CustomerName": account.customer_name,
                }
                for account in accounts
            ],
            "Table2": [
                {
                    "AccountNumber": account.number,
                    "UtilityAccountNumber": account.utility_number,
                    "Pod": account.pod,
                    "EquipmentNo": account.meters[0].number,
                }
                for account in accounts
            ],
        }

    async def _service(self, request: web.Request) -> web.Response:
        """Answer the usage and billing calls."""
        call = (request.match_info["module"], request.match_info["method"])
        if call not in SERVICE_CALLS:
            return web_api_not_found(str(request.url))
        try:
            body = await self._body(request)
            session = self._session(request)
            if session is None:
                return web_api_unauthorized()
            account = self._account(session, body)
            if account is None:
                return web.json_response(
                    envelope({"Status": 0, "Message": "Invalid account number."})
                )
            if call == ("Usage", "GetUsageGeneration"):
                return await self._usage(request, session, account, body)
            if fault := await self.portal.gate(request, login=session.username):
                return fault
            if call == ("Usage", "GetMultiMeter"):
                return web.json_response(envelope(self._meters(account)))
            if call == ("Billing", "GetBill"):
                return web.json_response(envelope(self.values.bill(account)))
            first = parse_day(text_field(body, "FromDate"), DATE_FORMATS)
            last = parse_day(text_field(body, "ToDate"), DATE_FORMATS)
            return web.json_response(
                envelope(self.values.history(account, first, last))
            )
        except BadRequestError:
            return web.json_response({"responsestatus": -1}, status=400)

    def _account(self, session: Session, body: dict[str, Any]) -> SimAccount | None:
        """Return the contract a call names (UtilityAccountNumber, AccountNumber)."""
        uan = text_field(body, "UtilityAccountNumber")
        number = text_field(body, "AccountNumber")
        if not uan and not number:
            raise BadRequestError
        for account in session.login.accounts:
            if uan in {"", account.utility_number} and number in {"", account.number}:
                return account
        return None

    def _meters(self, account: SimAccount) -> dict[str, Any]:
        """Return GetMultiMeter's result: `MeterDetails` directly under `result`.

        P2 sensor.py:256-273; `MeterCheckIsAMI` beside it per P1 diagnostics.py:175-182.
        """
        return {
            "MeterDetails": [
                {
                    "MeterType": meter.meter_type,
                    "MeterNumber": meter.number,
                    "IsAMI": meter.is_ami,
                    "Status": 1 if meter.active else 0,
                    "Address": account.address,
                }
                for meter in account.meters
            ],
            "MeterCheckIsAMI": any(meter.is_ami for meter in account.meters),
        }

    async def _usage(
        self,
        request: web.Request,
        session: Session,
        account: SimAccount,
        body: dict[str, Any],
    ) -> web.Response:
        """Answer GetUsageGeneration (request body per P1 api.py:368-522)."""
        query = self._query(account, body)
        days = [d for d in (query.day, query.first, query.last) if d is not None]
        if fault := await self.portal.gate(
            request, meter=query.meter.number, days=days, login=session.username
        ):
            return fault
        try:
            return web.json_response(data_result(self.values.usage(query)))
        except NoRecordsError:
            return web.json_response(
                data_result(None, status=0, message="No Record Found")
            )

    def _query(self, account: SimAccount, body: dict[str, Any]) -> UsageQuery:
        """Read a usage request.

        `UsageOrGeneration` and `IsNetUsage` are JSON booleans (P1 api.py:379,387,459,507;
        P2 api.py:756,764) and NB Power's client sends "false" strings (P7 api.py
        get_usage): both accepted; "1"/"2" are refused as a bad request (assumption).
        An empty MeterNumber means the contract's meter (P1 and P2 send "").
        """
        number = text_field(body, "MeterNumber")
        meter = next((m for m in account.meters if number in {"", m.number}), None)
        if meter is None:
            raise BadRequestError
        flags = {}
        for name in ("UsageOrGeneration", "IsNetUsage"):
            value = field(body, name)
            if value is None:
                value = False
            if not isinstance(value, bool) and str(value).lower() not in {
                "true",
                "false",
            }:
                raise BadRequestError
            flags[name] = flag(value)
        kind = text_field(body, "Type").upper() or "K"
        if kind not in {"D", "K"}:
            raise BadRequestError
        day: date | None = parse_day(text_field(body, "date"), DATE_FORMATS)
        return UsageQuery(
            meter=meter,
            mode=text_field(body, "Mode").upper(),
            money=kind == "D",
            generation=flags["UsageOrGeneration"],
            net=flags["IsNetUsage"],
            first=parse_day(text_field(body, "DateFromDaily"), DATE_FORMATS),
            last=parse_day(text_field(body, "DateToDaily"), DATE_FORMATS),
            day=day,
        )
