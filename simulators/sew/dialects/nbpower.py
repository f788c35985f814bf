"""NB Power's WidgetAPI (flavor B, docs/sew-protocol.md section 3).

Sources: P7 = dnlbck/ha-nbpower (api.py @ 018586e8: module docstring "Observed API behavior
(2026-09)", `get_usage`, `_widget_post_json`, `bootstrap_with_token`; tests @ 8c9d27bd:
conftest.py `_usage_payload`/`verify_token`, test_parsing.py, test_real_payloads.py),
P8 = noslent/nbpower-ha (api.py @ 00aed729, usage.py @ 49b7be3e), and the live capture
realworld/sew/nbpower-widgetapi-getTentativeData-live.json.

How the profile is reached, EVIDENCE vs ASSUMPTION:
- Evidence: calls under `/WidgetAPI/<Module>/<Method>` carry the widget token in a `Token`
  header and a "Token" body member (P7 `_widget_post_json`, P8 `get_usage_data`); a dead
  token answers HTTP 200 `{"result": {"Status": 0, "Message": "Token has been expired."}}`;
  missing account ids answer HTTP 400 `{"responsestatus": -1}`; the token does not carry the
  account ids, which the user copies with it (P7 `bootstrap_with_token`); tokens live about
  a day; `Token/VerifyToken` refuses the graph token even while it works on usage.
- Assumption: real NB Power hands the token out only on its captcha-protected web page
  (`/Customer/AccountSummaryView.aspx`), which this simulator does not serve. A test or the
  demo obtains the token a user would paste from `SewPortal.issue_token("widget")`; a
  "widget-page" token stands for the page's hidden-field token VerifyToken accepts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aiohttp import web

from simulators.sew.server.sessions import Session
from simulators.sew.truth import Reading, SimAccount, SimMeter, noise, quarters

from .base import Dialect, Route, field, long_date, parse_day, read_json, text_field

GRAPH_TOKEN = "widget"
PAGE_TOKEN = "widget-page"
TOKEN_LIFETIME = timedelta(days=1)
DAILY_WINDOW = (
    30  # "~one billing cycle" of daily rows (P7 docstring; 20-40 in real tests)
)
DAILY_LAG = timedelta(
    days=3
)  # the window ends ~4 days back (P7 conftest `_daily_window`)
MONTHS = 36  # "~36 monthly billing-cycle rows" (P7 docstring; test_real_payloads: 36)
INTERVAL_HISTORY = timedelta(days=365)  # "Available roughly one year back" (P7)
EXPIRED = {"result": {"Status": 0, "Message": "Token has been expired.", "Data": None}}
ZEROED = {
    "Skey": 0,
    "UsageDate": None,
    "SoFar": 0.0,
    "ExpectedUsage": 0.0,
    "PeakLoad": 0.0,
    "Average": 0.0,
    "Highest": 0.0,
    "ProjectedBill": 0.0,
    "ProjectedBillDollar": 0.0,
    "SoFarDollar": 0.0,
}


class MissingAccountError(Exception):
    """A call without (or with foreign) account ids: HTTP 400."""


class NbPowerWidgetApi(Dialect):
    """`/WidgetAPI/Token/VerifyToken`, `/WidgetAPI/Usage/{GetMultiMeter,GetUsageGeneration}`."""

    name = "nbpower"

    def routes(self) -> list[Route]:
        """Return the widget calls."""
        return [
            Route("POST", "/WidgetAPI/Token/VerifyToken", self._verify),
            Route("POST", "/WidgetAPI/Usage/GetMultiMeter", self._meters),
            Route("POST", "/WidgetAPI/Usage/GetUsageGeneration", self._usage),
        ]

    def describe(self, base_url: str) -> list[str]:
        """Tell where the WidgetAPI answers, with a token and the ids a user would paste."""
        token = self.portal.issue_token(GRAPH_TOKEN)
        account = self.portal.profile.tenant.logins[0].accounts[0]
        return [
            f"WidgetAPI: {base_url}/WidgetAPI",
            f"  widget token (valid a day): {token}",
            f"  AccountNumber {account.number}, UAN {account.utility_number}",
        ]

    def token_lifetime(self, kind: str) -> timedelta | None:
        """Widget tokens live about a day (P7 `bootstrap_with_token`)."""
        return TOKEN_LIFETIME if kind in {GRAPH_TOKEN, PAGE_TOKEN} else None

    async def _verify(self, request: web.Request) -> web.Response:
        """Answer VerifyToken: ids for the page's token, "expired" for the graph token."""
        body = await read_json(request)
        token = text_field(body, "Token") if isinstance(body, dict) else ""
        session = self.portal.sessions.find(token, kind=PAGE_TOKEN)
        if session is None or self.portal.sessions.expired(session):
            return web.json_response(EXPIRED)
        account = self._account_of(session)
        return web.json_response(
            {  # the full envelope as P7 tests/conftest.py `verify_token` shows it
                "version": "7.5.2",
                "responsestatus": 1,
                "result": {
                    "Status": 1,
                    "Message": "Record found",
                    "Data": {
                        "AccountNumber": int(account.number),
                        "UtilityAccountNumber": account.utility_number,
                    },
                },
            }
        )

    def _account_of(self, session: Session) -> SimAccount:
        """Return the account a token was issued for (the login's first by default)."""
        accounts = session.login.accounts
        return next((a for a in accounts if a.number == session.account), accounts[0])

    async def _authorized(
        self, request: web.Request
    ) -> tuple[Session, SimAccount, dict[str, Any]] | web.Response:
        """Check the token (header, else body) and the account ids the body names."""
        body = await read_json(request)
        if not isinstance(body, dict):
            body = {}
        token = request.headers.get("Token") or text_field(body, "Token")
        sessions = self.portal.sessions
        session = sessions.find(token, kind=GRAPH_TOKEN) or sessions.find(
            token, kind=PAGE_TOKEN
        )
        if session is None or sessions.expired(session):
            return web.json_response(EXPIRED)
        number = text_field(body, "AccountNumber")
        uan = text_field(body, "UtilityAccountNumber")
        account = next(
            (
                a
                for a in session.login.accounts
                if a.number == number and a.utility_number == uan
            ),
            None,
        )
        if account is None:
            return web.json_response({"responsestatus": -1}, status=400)
        return session, account, body

    async def _meters(self, request: web.Request) -> web.Response:
        """Answer GetMultiMeter: `result.MeterDetails`.

        P8 `ensure_bootstrap`; P7 conftest `multi_meter`. Fields beyond MeterNumber are
        assumptions.
        """
        checked = await self._authorized(request)
        if isinstance(checked, web.Response):
            return checked
        session, account, _ = checked
        if fault := await self.portal.gate(request, login=session.username):
            return fault
        details = [
            {
                "MeterNumber": meter.number,
                "MeterType": meter.meter_type,
                "IsAMI": meter.is_ami,
                "Status": 1 if meter.active else 0,
            }
            for meter in account.meters
        ]
        return web.json_response({"result": {"MeterDetails": details}})

    async def _usage(self, request: web.Request) -> web.Response:
        """Answer GetUsageGeneration (request body per P7 `get_usage`)."""
        checked = await self._authorized(request)
        if isinstance(checked, web.Response):
            return checked
        session, account, body = checked
        number = text_field(body, "MeterNumber")  # "the meter number may be empty" (P7)
        meter = next((m for m in account.meters if number in {"", m.number}), None)
        if meter is None:
            return web.json_response({"responsestatus": -1}, status=400)
        mode = text_field(
            body, "Mode"
        )  # case matters: "MI" works, "Mi" returns nothing
        money = text_field(body, "Type").upper() == "D"
        day = self._day(body)
        if fault := await self.portal.gate(
            request,
            meter=meter.number,
            days=() if day is None else (day,),
            login=session.username,
        ):
            return fault
        if mode == "MI" and field(body, "enddate") is not None:
            # "the server rejects multi-day ranges" (P7 get_interval_usage; its mock's
            # answer is this one)
            return web.json_response(
                {"result": {"Status": 0, "Message": "Invalid request", "Data": None}}
            )
        tentative = ZEROED
        if mode == "M":
            rows = self._cycles(meter, money)
            tentative = self._tentative(meter)
        elif mode == "D":
            rows = self._daily(meter, money)
        elif mode == "H":
            rows = self._intervals(meter, self.portal.latest_published_day, money, 60)
        elif mode == "MI":
            rows = self._intervals(meter, day, money, 15)
        else:
            rows = []
        # The envelope as the capture's note gives it: {"result": {"Status": 1, "Data"}}.
        return web.json_response(
            {
                "result": {
                    "Status": 1,
                    "Data": {
                        "getTentativeData": [tentative],
                        "objUsageGenerationResultSetTwo": rows,
                    },
                }
            }
        )

    def _day(self, body: dict[str, Any]) -> date | None:
        """Return the day asked: `strdate` "M/D/YYYY", else `date` "Month D, YYYY" (P7)."""
        return parse_day(text_field(body, "strdate"), ("%m/%d/%Y",)) or parse_day(
            text_field(body, "date"), ("%B %d, %Y",)
        )

    def _values(self, kwh: float, cost: float, money: bool) -> dict[str, Any]:
        """Return a row's values: `Consumption` kWh, `Amount` dollars, `UsageValue`.

        Consumption/Amount per P7 `parse_usage_rows`; UsageValue is the kWh, or the dollars
        with Type "D" (P8 usage.py `_normalize_row`).
        """
        return {
            "Consumption": kwh,
            "UsageValue": round(cost, 2) if money else kwh,
            "Amount": round(cost, 2),
        }

    def _rate(self, meter: SimMeter) -> float:
        """Return the flat rate the tenant bills at."""
        tariff = self.portal.truth.tariff(meter)
        return 0.0 if tariff is None else tariff.tier1

    def _cycles(self, meter: SimMeter, money: bool) -> list[dict[str, Any]]:
        """Return the last 36 billing cycles, newest first (P7 conftest `_monthly_cycles`).

        `UsageDate` is the "January 1, 0001" placeholder, the span is in FromDate/ToDate;
        cycles are billed in whole kWh ("Consumption": 1774.0, "Amount": 281.0: P7
        test_parsing.py `test_monthly_cycle_rows_use_fromdate_not_placeholder`).
        """
        rows = []
        for first, last in reversed(self.portal.billing_cycles()[-MONTHS:]):
            kwh = float(round(self.portal.cycle_total(meter.number, first)[0]))
            rows.append(
                {
                    "UsageDate": "January 1, 0001",
                    "FromDate": long_date(first),
                    "ToDate": long_date(last),
                    **self._values(kwh, kwh * self._rate(meter), money),
                    "BillingDays": (last - first).days + 1,
                    "Month": first.month,
                    "Year": first.year,
                    "ValidationStatus": None,
                }
            )
        return rows

    def _daily(self, meter: SimMeter, money: bool) -> list[dict[str, Any]]:
        """Return the fixed trailing window, whatever dates were asked (P7 docstring).

        The last two days are "Estimated" with provisional values; a day without data has
        an empty Consumption (P7 conftest `_daily_window`).
        """
        last = self.portal.latest_published_day - DAILY_LAG
        rows = []
        for offset in range(DAILY_WINDOW - 1, -1, -1):
            day = last - timedelta(days=offset)
            published = self.portal.publisher.read_hourly(meter.number, day)
            if (
                published.withheld is not None
                and published.withheld.style == "no_records"
            ):
                continue
            estimated = offset < 2
            kwh = round(sum(r.value for r in published.readings), meter.decimals)
            if estimated:
                factor = 0.9 + 0.2 * noise("daily-estimate", meter.number, day)
                kwh = round(kwh * factor, meter.decimals)
            values = self._values(kwh, kwh * self._rate(meter), money)
            if not published.readings:
                values = {"Consumption": "", "UsageValue": "", "Amount": 0.0}
            rows.append(
                {
                    "UsageDate": long_date(day),
                    **values,
                    "ValidationStatus": "Estimated" if estimated else "Validated",
                    "BillingDays": 0,
                }
            )
        return rows

    def _intervals(
        self, meter: SimMeter, day: date | None, money: bool, minutes: int
    ) -> list[dict[str, Any]]:
        """Return one day of hourly or 15-minute rows, one day per call.

        An unpublished day answers with the latest published day's rows (P7
        `get_interval_usage`).
        """
        latest = self.portal.latest_published_day
        if day is None or day < self.portal.today - INTERVAL_HISTORY:
            return []
        day = min(day, latest)
        zone = self.portal.zone
        readings: list[Reading] = self.portal.publisher.read_hourly(
            meter.number, day
        ).readings
        if minutes == 15:
            readings = [q for reading in readings for q in quarters(meter, reading)]
        return [
            {
                "UsageDate": long_date(day),
                "Hourly": reading.start.astimezone(zone).strftime("%H:%M"),
                **self._values(reading.value, reading.cost or 0.0, money),
                "ValidationStatus": "Estimated" if reading.estimated else "Validated",
            }
            for reading in readings
        ]

    def _tentative(self, meter: SimMeter) -> dict[str, Any]:
        """Return the month-to-date block (only Mode M carries real values, P7 conftest).

        Semantics of the live capture: ProjectedBill = projected kWh, ProjectedBillDollar =
        projected cost, ExpectedUsage 0, SoFar/SoFarDollar month to date, Average/Highest
        historical monthly kWh; whole kWh as floats (1388.0, 1440.0, 1874.0, 2640.0).
        """
        truth = self.portal.truth
        first, last = truth.cycle_start(truth.today), truth.cycle_end(truth.today)
        through = min(self.portal.latest_published_day, last)
        so_far = 0.0
        day = first
        while day <= through:
            so_far += sum(
                r.value for r in self.portal.published_hourly(meter.number, day)
            )
            day += timedelta(days=1)
        elapsed = (through - first).days + 1
        projected = (
            round(so_far / elapsed * ((last - first).days + 1)) if elapsed > 0 else 0
        )
        history = [
            self.portal.cycle_total(meter.number, start)[0]
            for start, _ in self.portal.billing_cycles()[-MONTHS:]
        ]
        rate = self._rate(meter)
        return {
            **ZEROED,
            "SoFar": float(round(so_far)),
            "Average": float(round(sum(history) / len(history))) if history else 0.0,
            "Highest": float(round(max(history, default=0.0))),
            "ProjectedBill": float(projected),
            "ProjectedBillDollar": round(projected * rate, 2),
            "SoFarDollar": round(round(so_far) * rate, 2),
        }
