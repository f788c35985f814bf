"""Alliant Energy's CX services (`alliant-svc.smartcmobile.com` in reality).

Keys as in cx_common.py (research note /work/research/cx.md sections 2-8).
- Sign-in: `POST /UsermanagementAPI/api/1/Login/auth` with `st: PL`, `uid: 1` (AL1
  client.py:138-143; AL2 client.py:231-236; AL3 `login`; AL4 headers) and the body
  `{"username", "password", "guestToken": "", "customattributes": {...}}` (AL1 client.py:
  123-136) -> `{"status": {"type": "success", "message": ""}, "data": {"accessToken",
  "refreshToken", "expiresIn" (minutes), "user": {"uuid", "firstName", "lastName"}}}` (AL4
  `alliantAuthAnswer`; AL1 client.py:150-157). A wrong password: HTTP 401 `{"status":
  {"type": "error", "message": "Invalid username or password"}, "data": null}` (AL4
  `TestARefusedSignIn...`). No second factor for API clients (AL3 docstring; AL4 provider
  doc), so `set_two_factor` has no effect here. UNVERIFIED: the locked-account answer (the
  wrong-password shape with another message) and the answer to a sign-in without `st: PL`
  (HTTP 400; every peer sends it).
- Refresh: `POST .../Login/auth/refresh` `{"refreshToken"}` with the Bearer access token ->
  `{"status": {"type": "success"}, "data": {"accessToken", "refreshToken", "expiresIn"}}`;
  no revival of an expired access token (AL4 70946447050 `Refresh`, test `TestTheRefresh...`).
- Accounts: `GET /Services/api/1/Addresses/User/{uuid}` (AL1 client.py:175-194; shape AL4
  `alliantAddressesAnswer`); meters: `POST /Services/api/1/Usages/GetMeterAndPremise`
  `{"accountNumber", "premiseNumber"}` -> `data[]{meterNumber, deviceAttribute5}` (AL1
  client.py:198-221; AL2 client.py:286-308); "The same meter is listed once per service
  period" (AL3). Other row fields are unknown and not served.
- Usage and projection: alliant_usage.py; the usage `AccountNumber` is `premise-account`
  (AL1 client.py:240; AL3; AL4 external id).
- Bills: `POST /Services/api/1/bill/Current` `{"accountNumbers": [account]}` and
  `bill/History` `{"accountNumbers", "startDate", "endDate"}` (yyyyMMdd) (AL4 70946447050
  `FetchBills`/`billHistory`; shapes AL4 `alliantCurrentAnswer`/`alliantHistoryAnswer`,
  figures invented there). `bill/GetBillPdf` is not served.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from simulators.sew.server.sessions import LoginFailure, Session
from simulators.sew.truth import Bill, SimAccount
from simulators.sew.truth.cx_tenants import NICKNAMES

from .alliant_usage import AlliantUsage
from .base import parse_day, read_json, text_field
from .cx_common import (
    CxCounters,
    CxDialect,
    CxRoute,
    CxState,
    CxSwitches,
    bearer,
    cx_route,
    mdy,
    query,
    refused,
    usage_result,
)
from .cx_tokens import CxTokens, user_uuid

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

ORIGIN = "https://myaccount.alliantenergy.com"  # AL1 client.py:56-74
FAILURES = {
    LoginFailure.INVALID: "Invalid username or password",
    LoginFailure.LOCKED: "Your account is locked. Please reset your password.",
}
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y%m%d", "%m/%d/%Y")
SUCCESS = {"type": "success", "message": ""}
BILL_SUCCESS = {"type": "success", "code": 200, "message": "success", "error": False}


def invoice_id(bill: Bill) -> str:
    """Return a 12-digit invoice id (AL4's ids are 12 digits, "900000000001")."""
    return f"90{bill.account[-4:]}{bill.cycle_start:%Y%m}"


def address_block(account: SimAccount) -> dict[str, str]:
    """Return `serviceAddress` as AL4 shows it: address1, address2, city, state."""
    street, _, rest = account.address.partition(", ")
    city, _, state_zip = rest.partition(", ")
    return {
        "address1": street,
        "address2": "",
        "city": city,
        "state": state_zip.split(" ")[0],
    }


class AlliantCx(CxDialect):
    """Alliant's UsermanagementAPI, Services and UsageAPI modules."""

    name = "alliant"
    portal_origin = ORIGIN

    def __init__(self, portal: SewPortal) -> None:
        """Set up Alliant's switches: browser check on, no revival of expired tokens."""
        switches = CxSwitches(browser_check=True)
        counters = CxCounters()
        super().__init__(
            portal, CxState(switches, counters, CxTokens(portal, switches, counters))
        )
        self.usage = AlliantUsage(portal, switches)

    def cx_routes(self) -> list[CxRoute]:
        """Return Alliant's calls."""
        return [
            cx_route("POST", "/UsermanagementAPI/api/1/Login/auth", self._login),
            cx_route(
                "POST", "/UsermanagementAPI/api/1/Login/auth/refresh", self._refresh
            ),
            cx_route("GET", "/Services/api/1/Addresses/User/{uuid}", self._addresses),
            cx_route("POST", "/Services/api/1/Usages/GetMeterAndPremise", self._meters),
            cx_route("GET", "/UsageAPI/api/V1/Electric", self._electric),
            cx_route("GET", "/UsageAPI/api/V1/ProjectedElectric", self._projection),
            cx_route("POST", "/Services/api/1/bill/Current", self._current_bill),
            cx_route("POST", "/Services/api/1/bill/History", self._bill_history),
        ]

    def describe(self, base_url: str) -> list[str]:
        """Tell where the services answer and what they want."""
        return [
            f"Alliant CX services (alliant-svc.smartcmobile.com): {base_url}",
            f"  headers: Origin {ORIGIN}, a browser User-Agent; st: PL on the sign-in",
        ]

    # -- sign-in and refresh -----------------------------------------------------------------

    async def _login(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer Login/auth: a password sign-in."""
        body = await read_json(request)
        if not isinstance(body, dict) or request.headers.get("st", "").upper() != "PL":
            return refused("Invalid request", 400)
        username, password = text_field(body, "username"), text_field(body, "password")
        if fault := await self.portal.gate(request, login=username or None):
            return fault
        counters = self.state.counters
        login, failure = self.portal.sessions.check(username, password, hashed=False)
        if login is None:
            assert failure is not None
            counters.refused_logins += 1
            return refused(FAILURES[failure], 401)
        counters.password_logins += 1
        pair = self.state.tokens.sign_in(login)
        first, _, last = login.accounts[0].customer_name.partition(" ")
        return web.json_response(
            {
                "status": SUCCESS,
                "data": {
                    "accessToken": pair.access.token,
                    "refreshToken": pair.refresh.token,
                    "expiresIn": pair.expires_in,
                    "user": {
                        "uuid": user_uuid(login),
                        "firstName": first,
                        "lastName": last,
                    },
                },
            }
        )

    async def _refresh(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer Login/auth/refresh: both tokens rotate, or 401."""
        body = await read_json(request)
        refresh_token = (
            text_field(body, "refreshToken") if isinstance(body, dict) else ""
        )
        pair = self.state.tokens.refresh(bearer(request), refresh_token)
        if pair is None:
            return refused()
        if fault := await self.portal.gate(request, login=pair.access.username):
            return fault
        return web.json_response(
            {
                "status": {"type": "success"},
                "data": {
                    "accessToken": pair.access.token,
                    "refreshToken": pair.refresh.token,
                    "expiresIn": pair.expires_in,
                },
            }
        )

    async def _session(
        self, request: web.Request, *, status: int = 401
    ) -> Session | web.Response:
        """Return the request's live session, else the refusal (and any scoped fault)."""
        session = self.state.tokens.access(request)
        if session is None:
            return refused(http_status=status)
        if fault := await self.portal.gate(request, login=session.username):
            return fault
        return session

    # -- accounts and meters -----------------------------------------------------------------

    async def _addresses(
        self, request: web.Request, params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer Addresses/User/{uuid}: the login's accounts (none for another uuid)."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        accounts = session.login.accounts
        if params["uuid"].lower() != user_uuid(session.login).lower():
            accounts = ()  # UNVERIFIED: the answer for another user's uuid
        rows = [
            {
                "accountNumber": account.number,
                "premiseNumber": account.utility_number,
                "serviceAddress": address_block(account),
                "nickName": NICKNAMES.get(account.number),
            }
            for account in accounts
        ]
        return web.json_response({"status": SUCCESS, "data": rows})

    def _account(
        self, session: Session, number: str, premise: str = ""
    ) -> SimAccount | None:
        """Return the login's account by number (and premise, when given)."""
        return next(
            (
                a
                for a in session.login.accounts
                if a.number == number and premise in {"", a.utility_number}
            ),
            None,
        )

    async def _meters(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer GetMeterAndPremise: each electric meter once per service period."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        body = await read_json(request)
        body = body if isinstance(body, dict) else {}
        account = self._account(
            session,
            text_field(body, "accountNumber"),
            text_field(body, "premiseNumber"),
        )
        rows: list[dict[str, Any]] = []
        for meter in account.meters if account is not None else ():
            row = {
                "meterNumber": meter.number,
                "deviceAttribute5": meter.meter_type,
                "accountNumber": account.number if account else "",
                "premiseNumber": account.utility_number if account else "",
            }
            periods = 2 if meter.active and meter.meter_type == "ERES" else 1
            rows.extend(dict(row) for _ in range(periods))
        return web.json_response({"status": SUCCESS, "data": rows})

    # -- usage -------------------------------------------------------------------------------

    async def _electric(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer Electric: rows of a periodicity for `premise-account`, a meter and a range."""
        session = self.state.tokens.access(request)
        if session is None:
            return refused()
        account_id = query(request, "AccountNumber")
        premise, _, number = account_id.partition("-")
        account = self._account(session, number, premise) if number else None
        meter = (
            next(
                (
                    m
                    for m in account.meters
                    if m.number == query(request, "MeterNumber")
                ),
                None,
            )
            if account
            else None
        )
        first = parse_day(query(request, "From"), DATE_FORMATS)
        last = parse_day(query(request, "To"), DATE_FORMATS)
        days = (
            ()
            if first is None or last is None
            else tuple(
                first + timedelta(days=i) for i in range((last - first).days + 1)
            )
        )
        if fault := await self.portal.gate(
            request,
            meter=meter.number if meter else None,
            days=days,
            login=session.username,
        ):
            return fault
        if meter is None or not days:
            return usage_result({"electricUsages": []})
        periodicity = query(request, "Periodicity").upper()
        rows = self.usage.rows(meter, account_id, periodicity, days[0], days[-1])
        return usage_result({"electricUsages": rows})

    async def _projection(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer ProjectedElectric for the window StartDate..EndDate."""
        session = await self._session(request)
        if isinstance(session, web.Response):
            return session
        premise, _, number = query(request, "AccountNumber").partition("-")
        account = self._account(session, number, premise) if number else None
        meter = (
            next(
                (
                    m
                    for m in account.meters
                    if m.number == query(request, "MeterNumber")
                ),
                None,
            )
            if account
            else None
        )
        start = parse_day(query(request, "StartDate"), DATE_FORMATS)
        end = parse_day(query(request, "EndDate"), DATE_FORMATS)
        if meter is None or start is None or end is None:
            return usage_result({"projectedElectric": None})
        return usage_result(
            {"projectedElectric": self.usage.projection(meter, start, end)}
        )

    # -- bills -------------------------------------------------------------------------------

    def _bills(self, session: Session, body: Any) -> list[Bill] | None:
        """Return the bills of the account a body names (None: not the login's)."""
        numbers = body.get("accountNumbers") if isinstance(body, dict) else None
        number = str(numbers[0]) if isinstance(numbers, list) and numbers else ""
        account = self._account(session, number)
        return None if account is None else self.portal.bills(account.number)

    async def _current_bill(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer bill/Current: the newest bill; a refused token answers 403 here (AL4)."""
        session = await self._session(request, status=403)
        if isinstance(session, web.Response):
            return session
        bills = self._bills(session, await read_json(request))
        if not bills:
            return web.json_response({"status": BILL_SUCCESS, "data": None})
        bill, earlier = bills[0], bills[1:2]
        open_balance = bill.amount if self.portal.today <= bill.due_date else 0.0
        previous = earlier[0].amount if earlier else 0.0
        data = {
            "accountNumber": bill.account,
            "invoiceId": invoice_id(bill),
            "previousBalance": previous,
            "paymentReceived": previous,
            "remainingBalance": open_balance,
            "currentCharges": bill.amount,
            "totalAmountDue": bill.amount,
            "billPeriodStartDate": None,
            "billPeriodEndDate": None,
            "netDueDate": mdy(bill.due_date),
            "invoiceDate": mdy(bill.invoice_date),
            "upcomingAutoPayDate": mdy(bill.due_date - timedelta(days=2)),
        }
        return web.json_response({"status": BILL_SUCCESS, "data": data})

    async def _bill_history(
        self, request: web.Request, _params: dict[str, str]
    ) -> web.StreamResponse:
        """Answer bill/History: bills issued between startDate and endDate (yyyyMMdd)."""
        session = await self._session(request, status=403)
        if isinstance(session, web.Response):
            return session
        body = await read_json(request)
        body = body if isinstance(body, dict) else {}
        bills = self._bills(session, body) or []
        first = parse_day(text_field(body, "startDate"), DATE_FORMATS) or date.min
        last = parse_day(text_field(body, "endDate"), DATE_FORMATS) or date.max
        rows = [
            {
                "accountNumber": bill.account,
                "billDate": mdy(bill.invoice_date),
                "dueDate": None,
                "invoiceId": invoice_id(bill),
                "amountDue": bill.amount,
            }
            for bill in bills
            if first <= bill.invoice_date <= last
        ]
        return web.json_response({"status": BILL_SUCCESS, "data": rows})
