"""Flavor A, the JSON API: `/API/UserLogin/*` and `/Service/<Module>/*` (Hidroelectrica).

Sources: P1 emanuelbesliu/homeassistant-ihidro @ 3062b41c, P2 cnecrea/hidroelectrica @
1a42027f, P4 b247/iHidroGo @ 720fdebd.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from .accounts import (
    asks_second_factor,
    parse_accounts,
    parse_meters,
    user_setting_accounts,
)
from .bills import parse_bill_summary
from .bodies import (
    JSON_API_MODES,
    interval_of,
    json_api_account_body,
    json_api_login_body,
    json_api_usage_body,
)
from .envelopes import billing_history_rows, data_of, data_rows, meter_rows, result_of
from .errors import (
    PortalFailureError,
    SessionExpiredError,
    SewResponseError,
    TwoFactorRequiredError,
    login_failure,
)
from .flavor import PortalContext, empty_if_no_records
from .http import Answer
from .models import (
    Account,
    BillSummary,
    Direction,
    Meter,
    MeterType,
    Projection,
    Resolution,
    UsageSeries,
)
from .projection import parse_projection
from .session import PortalSession
from .usage import UsageQuery, merge_series, parse_meter_usage
from .values import Row, field, parse_id, parse_text

# `SourceType` 0 before login and 1 after (P1 const.py:55-67; P2 const.py:28-45); P4 sends
# `Accept` and the charset (main.go:400-401).
_HEADERS = {
    "Content-Type": "application/json; charset=utf-8",
    "Accept": "application/json",
}
_LOGIN_MODULE = "UserLogin"


def basic(user: str, secret: str) -> str:
    """Return a Basic authorization header value."""
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode("ascii")


class JsonApi:
    """The JSON API flavor's calls."""

    def __init__(self, context: PortalContext) -> None:
        """Keep the context."""
        self._context = context
        self._layout = context.layout
        self._locale = context.locale
        self._injecting: dict[tuple[str, str], bool] = {}

    def url(self, module: str, method: str) -> str:
        """Return a call's address.

        The login module lives under the login root, the rest under the service root
        (P1 const.py:14-50).
        """
        root = (
            self._layout.login_root
            if module == _LOGIN_MODULE
            else self._layout.service_root
        )
        return f"{root}/{module}/{method}"

    async def _post(self, url: str, body: object, headers: Mapping[str, str]) -> Answer:
        return await self._context.http.request(
            "POST", url, headers={**_HEADERS, **headers}, json_body=body
        )

    async def get_id(self) -> tuple[str, str]:
        """Return the login key and token id GetId hands out to anyone.

        P1 api.py:174-181; P4 main.go:242-257.
        """
        answer = await self._post(
            self.url(_LOGIN_MODULE, "GetId"), {}, {"SourceType": "0"}
        )
        if answer.status == 401:
            raise SewResponseError("The portal refused GetId (HTTP 401)")
        data = data_of(result_of(answer.json()))
        if not isinstance(data, Mapping):
            raise SewResponseError("The GetId answer has no key")
        key, token_id = (
            parse_text(field(data, "key")),
            parse_text(field(data, "tokenId")),
        )
        if key is None or token_id is None:
            raise SewResponseError("The GetId answer has no key and tokenId")
        return key, token_id

    async def login(self) -> PortalSession:
        """Log in with GetId's key, then ValidateUserLogin (P1 api.py:173-237)."""
        credentials = self._context.credentials
        key, token_id = await self.get_id()
        body = json_api_login_body(
            credentials.username,
            credentials.password or "",
            self._locale,
            datetime.now(self._context.zone),
        )
        answer = await self._post(
            self.url(_LOGIN_MODULE, "ValidateUserLogin"),
            body,
            {"SourceType": "0", "Authorization": basic(key, token_id)},
        )
        if answer.status == 401:
            raise SewResponseError("The portal refused its own login key (HTTP 401)")
        try:
            result = result_of(answer.json())
        except PortalFailureError as err:
            raise login_failure(err.portal_message) from err
        data = data_of(result)
        rows = data_rows(result, "Table") if isinstance(data, Mapping) else []
        if asks_second_factor(rows):
            raise TwoFactorRequiredError(
                "The portal asks for a second factor, which cannot be answered here"
            )
        # A refused login answers no rows and a message (P4 main.go:270-278).
        if not rows:
            raise login_failure(parse_text(field(result, "Message")) or "")
        # One row per contract; the first row's session serves them all (P1 api.py:224-226;
        # P2 api.py:230-232).
        user_id = parse_id(field(rows[0], "UserID", "UserId"))
        token = parse_text(field(rows[0], "SessionToken"))
        if user_id is None or token is None:
            raise SewResponseError("The login answer has no UserID and SessionToken")
        return PortalSession(
            user_id, token, tuple(parse_accounts(rows, self._context.zone))
        )

    async def call(
        self, module: str, method: str, body: Mapping[str, Any], session: PortalSession
    ) -> Row:
        """Call a method with the session's Basic token; return the checked `result`.

        HTTP 401 means the session expired (P1 api.py:885-894; P2 api.py:351-372).
        """
        answer = await self._post(
            self.url(module, method),
            body,
            {"SourceType": "1", "Authorization": basic(session.user_id, session.token)},
        )
        if answer.status == 401:
            raise SessionExpiredError(f"The portal ended the session ({answer.where})")
        return result_of(answer.json())

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Read GetUserSetting; the login's rows when it lists none.

        The body is `{"UserID"}` (P2 api.py:422).
        """
        result = await self.call(
            _LOGIN_MODULE, "GetUserSetting", {"UserID": session.user_id}, session
        )
        return user_setting_accounts(data_of(result), self._context.zone) or list(
            session.accounts
        )

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Read GetMultiMeter per meter type; electric meters that inject are net metered.

        `MeterType` "E" is what every peer sends (P1 api.py:528-533).
        """
        meters: list[Meter] = []
        for kind in account.meter_types or (MeterType.ELECTRIC,):
            body = json_api_account_body(session.user_id, account, MeterType=kind.value)
            result = await self.call("Usage", "GetMultiMeter", body, session)
            meters.extend(parse_meters(meter_rows(result), account, kind))
        return [
            replace(meter, net_metered=True)
            if meter.meter_type is MeterType.ELECTRIC
            and await self._injects(session, account, meter)
            else meter
            for meter in meters
        ]

    async def _injects(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> bool:
        """Tell whether a contract's meter injects energy (a prosumer), asked once.

        GetMultiMeter says nothing of it; the generation series (`UsageOrGeneration` true,
        P1 api.py:452-476) of a prosumer holds the energy it injected. P2 tells prosumers
        by their `1.8.0_P` register instead (sensor.py, `IndexHistory`).
        """
        key = (account.utility_account_number, meter.meter_number)
        if key not in self._injecting:
            today = datetime.now(account.time_zone).date()
            query = UsageQuery(Resolution.BILLING, today, generation=True)
            series = await self._series(session, account, meter, query)
            self._injecting[key] = any(r.value > 0 for r in series.readings)
        return self._injecting[key]

    async def _usage_result(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> Row:
        body = json_api_usage_body(session.user_id, account, meter, query, self._locale)
        return await self.call("Usage", "GetUsageGeneration", body, session)

    async def usage(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Read a series; a prosumer's consumption and injection as two series.

        `IsNetUsage` true answers import minus export (P1 api.py:487-490), one number for
        both ways; the consumption (both flags false) and the generation series keep them
        apart, the injected energy read as exported.
        """
        if not query.net:
            return await self._series(session, account, meter, query)
        plain = replace(query, net=False)
        consumed = await self._series(session, account, meter, plain)
        injected = await self._series(
            session, account, meter, replace(plain, generation=True)
        )
        exported = UsageSeries(
            injected.status,
            tuple(replace(r, direction=Direction.EXPORT) for r in injected.readings),
            injected.days,
        )
        return merge_series(consumed, exported)

    async def _series(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Read GetUsageGeneration's `result.Data.objUsageGenerationResultSetTwo`."""
        mode = JSON_API_MODES[query.resolution]
        query = replace(query, money=True, interval=interval_of(mode))
        result = await empty_if_no_records(
            self._usage_result(session, account, meter, query), {}
        )
        rows = data_rows(result, "objUsageGenerationResultSetTwo")
        return parse_meter_usage(rows, query, account, meter, self._locale)

    async def projection(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Projection:
        """Read `getTentativeData` from the billing-cycle answer (P1 helpers.py:146-160).

        Asked with `Type` "K": with "D" the peers disagree on the block's unit (P1 shows
        kWh, sensor.py:583-595; P5 reads money, coordinator.py:372-376); "K" asks usage, as
        NB Power's WidgetAPI on the same platform is asked (P7 api.py `get_usage`).
        """
        query = UsageQuery(Resolution.BILLING, datetime.now(account.time_zone).date())
        result = await empty_if_no_records(
            self._usage_result(session, account, meter, query), {}
        )
        return parse_projection(
            data_rows(result, "getTentativeData"), meter.unit, self._locale
        )

    async def bills(self, session: PortalSession, account: Account) -> BillSummary:
        """Read GetBill's flat result and a year of GetBillingHistoryList.

        P1 api.py:318-362; coordinator.py:255-258 (`FromDate`/`ToDate` as MM/dd/yyyy).
        """
        language = {"LanguageCode": self._locale.language}
        bill = await self._optional(
            "GetBill",
            json_api_account_body(session.user_id, account, **language, IsBillPDF="0"),
            session,
        )
        today = datetime.now(account.time_zone).date()
        history = await self._optional(
            "GetBillingHistoryList",
            json_api_account_body(
                session.user_id,
                account,
                **language,
                FromDate=(today - timedelta(days=365)).strftime("%m/%d/%Y"),
                ToDate=today.strftime("%m/%d/%Y"),
            ),
            session,
        )
        bills, payments = billing_history_rows(history)
        return parse_bill_summary(bill, bills, payments, self._locale)

    async def _optional(
        self, method: str, body: Mapping[str, Any], session: PortalSession
    ) -> Row:
        """Call a Billing method; a "no records" failure is an empty result."""
        return await empty_if_no_records(
            self.call("Billing", method, body, session), {}
        )
