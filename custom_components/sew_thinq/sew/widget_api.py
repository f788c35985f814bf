"""Flavor B, NB Power's WidgetAPI: `<svc host>/WidgetAPI/<Module>/<Method>` with a token.

Sources: P7 dnlbck/ha-nbpower api.py @ 018586e8 ("validated against live traffic"), tests @
8c9d27bd; P8 noslent/nbpower-ha api.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from .accounts import parse_meters
from .bodies import WIDGET_MODES, interval_of, widget_usage_body
from .envelopes import data_of, data_rows, meter_rows, result_of
from .errors import SessionExpiredError, SewResponseError
from .flavor import PortalContext, empty_if_no_records
from .models import (
    Account,
    BillSummary,
    Meter,
    MeterType,
    Projection,
    Resolution,
    UsageSeries,
)
from .projection import parse_projection
from .session import PortalSession
from .usage import UsageQuery, parse_meter_usage
from .values import Row, field, parse_id
from .widget_login import WidgetLogin


class WidgetApi:
    """The WidgetAPI flavor's calls."""

    def __init__(self, context: PortalContext) -> None:
        """Keep the context."""
        self._context = context
        self._layout = context.layout

    def _headers(self, token: str | None) -> dict[str, str]:
        """Return the headers the portal's own browser requests carry.

        Its `Origin`/`Referer`, empty `X-SEW` and `Authorization`, and the `Token` (P7
        api.py `_widget_post_json`).
        """
        site = self._layout.login_root
        headers = {
            "Content-Type": "application/json",
            "Origin": site,
            "Referer": f"{site}/",
            "X-SEW": "",
            "Authorization": "",
        }
        if token is not None:
            headers["Token"] = token
        return headers

    async def _post(
        self, module: str, method: str, body: Mapping[str, Any], token: str | None
    ) -> Row:
        """POST a call; HTTP 401/403 or "Token has been expired." end the session."""
        answer = await self._context.http.request(
            "POST",
            f"{self._layout.service_root}/{module}/{method}",
            headers=self._headers(token),
            json_body=body,
        )
        if answer.status in (401, 403):
            raise SessionExpiredError(
                f"The portal refused the token (HTTP {answer.status})"
            )
        return result_of(answer.json())

    async def login(self) -> PortalSession:
        """Sign in on the utility's site, then resolve the token's account.

        Token/VerifyToken names it (P7 api.py `bootstrap`, `_verify_token`).
        """
        credentials = self._context.credentials
        token = await WidgetLogin(self._context.http, self._layout.login_root).token(
            credentials.username, credentials.password or ""
        )
        try:
            result = await self._post("Token", "VerifyToken", {"Token": token}, None)
        except SessionExpiredError as err:
            raise SewResponseError(f"The portal refused its own token: {err}") from err
        data = data_of(result)
        if not isinstance(data, Mapping):
            raise SewResponseError("VerifyToken named no account")
        # `AccountNumber` comes as a JSON number (P7 tests/conftest.py `verify_token`).
        account_number = parse_id(field(data, "AccountNumber"))
        utility_account = parse_id(field(data, "UtilityAccountNumber"))
        if account_number is None or utility_account is None:
            raise SewResponseError("VerifyToken named no account numbers")
        account = Account(
            account_number=account_number,
            utility_account_number=utility_account,
            address=None,
            time_zone=self._context.zone,
            is_default=True,
            meter_types=(MeterType.ELECTRIC,),
        )
        return PortalSession(account_number, token, (account,))

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the token's account: the WidgetAPI lists no others."""
        return list(session.accounts)

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Read Usage/GetMultiMeter's `result.MeterDetails` (P8 api.py `meter_info`)."""
        body = {
            "Token": session.token,
            "AccountNumber": account.account_number,
            "UtilityAccountNumber": account.utility_account_number,
            "MeterType": MeterType.ELECTRIC.value,
        }
        result = await self._post("Usage", "GetMultiMeter", body, session.token)
        return parse_meters(meter_rows(result), account, MeterType.ELECTRIC)

    async def _usage_result(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> Row:
        if query.generation:
            raise SewResponseError("The WidgetAPI offers no generation series")
        body = widget_usage_body(session.token, account, meter, query)
        return await self._post("Usage", "GetUsageGeneration", body, session.token)

    async def usage(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Read GetUsageGeneration.

        Hours come as quarter-hours (`MI`); a day not yet published answers the latest
        published day, which `parse_usage` drops.
        """
        query = replace(query, interval=interval_of(WIDGET_MODES[query.resolution]))
        result = await empty_if_no_records(
            self._usage_result(session, account, meter, query), {}
        )
        rows = data_rows(result, "objUsageGenerationResultSetTwo")
        return parse_meter_usage(rows, query, account, meter, self._context.locale)

    async def projection(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Projection:
        """Read `getTentativeData` from `Mode` M, the only mode with real values.

        P7 tests/conftest.py `_usage_payload`.
        """
        query = UsageQuery(Resolution.BILLING, datetime.now(account.time_zone).date())
        result = await self._usage_result(session, account, meter, query)
        return parse_projection(
            data_rows(result, "getTentativeData"), meter.unit, self._context.locale
        )

    async def bills(self, session: PortalSession, account: Account) -> BillSummary:
        """Return no bill: no peer reads one from the WidgetAPI."""
        del session, account
        return BillSummary(None, None, None, ())
