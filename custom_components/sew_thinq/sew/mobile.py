"""Flavor D, the mobile services: `<root>/PortalService/<Module>.svc/<Method>Mob`.

Only the login request is known from a real client (P16 ranjit-biswal/ApiTesting
LoginMobile.java, SEW's own test code) and the seed article; no answer of any mobile call has
been captured (sew-protocol.md section 5). Everything after the login request, and the shape
of every answer, is unverified: this module accepts every plausible shape (the web portal's
`{"d": ...}` wrapper and `STATUS` rows, encrypted or plain JSON text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
import json
from typing import Any

from .accounts import asks_second_factor, parse_accounts, parse_meters
from .bills import parse_bill_summary
from .bodies import (
    MOBILE_MODES,
    MOBILE_PROJECTION_MODE,
    encode_query,
    interval_of,
    mobile_body,
    mobile_login_params,
    mobile_usage_params,
)
from .crypto import decrypt, encrypt
from .envelopes import expired, failed
from .errors import (
    PortalFailureError,
    SessionExpiredError,
    SewResponseError,
    TwoFactorRequiredError,
    login_failure,
)
from .flavor import PortalContext, empty_if_no_records
from .layout import Encryption, MobileDialect
from .models import Account, BillSummary, Meter, MeterType, Projection, UsageSeries
from .projection import parse_projection
from .session import PortalSession
from .usage import UsageQuery, parse_meter_usage
from .values import Row, field, parse_id, parse_text, portal_message, rows_of


def find_rows(payload: object, *names: str) -> list[Row]:
    """Return the rows of an answer: a bare list, or the first named list in an object."""
    if isinstance(payload, list):
        return rows_of(payload, "the answer")
    if isinstance(payload, Mapping):
        for name in names:
            value = field(payload, name)
            if isinstance(value, list):
                return rows_of(value, name)
    return []


def _status_row(payload: object) -> Row | None:
    """Return the row that carries an answer's status.

    The object itself, or the first row of a bare list (the web portal's login answer, P12
    `AccountData`), of `Table`, or of `dtResponse` (P5 sarbuandreidaniel/hidroelectrica
    auth.py:117-143).
    """
    if isinstance(payload, Mapping) and field(payload, "STATUS", "Status") is not None:
        return payload
    rows = find_rows(payload, "Table", "dtResponse")
    return rows[0] if rows else None


class MobileApi:
    """The mobile flavor's calls, in the tenant's dialect and encryption."""

    def __init__(self, context: PortalContext) -> None:
        """Keep the context."""
        self._context = context
        layout = context.layout
        self._dialect = layout.mobile_dialect or MobileDialect.SEW
        self._encryption = layout.encryption or Encryption.KEY_IV

    def url(self, module: str, method: str) -> str:
        """Return a call's address (the seed article's `ModuleName.svc/MethodNameMob`)."""
        return f"{self._context.layout.login_root}/{module}.svc/{method}Mob"

    def body(self, params: list[tuple[str, str]]) -> dict[str, str]:
        """Return the JSON body carrying the parameters in this tenant's dialect."""
        if self._encryption is Encryption.NONE:
            return dict(params)
        query = encode_query(params, self._dialect)
        return mobile_body(
            encrypt(query, self._encryption), self._dialect, self._encryption
        )

    async def exchange(
        self, module: str, method: str, params: list[tuple[str, str]]
    ) -> Any:
        """Send one call and return its decoded payload, before any status check."""
        answer = await self._context.http.request(
            "POST",
            self.url(module, method),
            headers={"Content-Type": "application/json"},
            json_body=self.body(params),
        )
        if answer.status == 401:
            raise SessionExpiredError(
                f"The portal refused the session ({answer.where})"
            )
        return self.decode(answer.json())

    def decode(self, answer: object) -> Any:
        """Unwrap WCF's `{"d": ...}` / `{"<Method>Result": ...}` and read text payloads.

        Text that is not JSON is decrypted first.
        """
        while isinstance(answer, Mapping) and len(answer) == 1:
            key = next(iter(answer))
            if key != "d" and not str(key).endswith("Result"):
                break
            answer = answer[key]
        if not isinstance(answer, str):
            return answer
        text = answer.strip()
        if not text.startswith(("{", "[")):
            text = self._decrypt(text)
        try:
            return json.loads(text)
        except ValueError:
            raise SewResponseError(
                "The portal's answer holds text that is not JSON"
            ) from None

    def _decrypt(self, text: str) -> str:
        """Decrypt an encrypted answer with this tenant's variant, then the other."""
        for variant in dict.fromkeys(
            (self._encryption, Encryption.KEY_IV, Encryption.ZERO_IV)
        ):
            if variant is Encryption.NONE:
                continue
            try:
                clear = decrypt(text, variant)
                json.loads(clear)
            except SewResponseError, ValueError:
                continue
            return clear
        raise SewResponseError(
            "The portal sent an encrypted answer that does not decrypt"
        )

    @staticmethod
    def check(payload: object) -> Any:
        """Raise for a failure row (`STATUS` "0" and a `Message`); return the payload."""
        row = _status_row(payload)
        if row is not None and failed(field(row, "STATUS", "Status")):
            message = portal_message(field(row, "Message", "MessageInformation"))
            if expired(message):
                raise SessionExpiredError(f"The portal ended the session: {message}")
            raise PortalFailureError(
                f"The portal reported a failure: {message or 'no reason given'}",
                message,
            )
        return payload

    async def login(self) -> PortalSession:
        """Log in with ValidateUserLoginMob in this tenant's dialect."""
        credentials = self._context.credentials
        params = mobile_login_params(
            self._dialect,
            credentials.username,
            credentials.digest(),
            self._context.locale,
            datetime.now(self._context.zone),
        )
        try:
            payload = self.check(
                await self.exchange("UserLogin", "ValidateUserLogin", params)
            )
        except SessionExpiredError as err:
            raise SewResponseError(
                f"The portal refused the login request: {err}"
            ) from err
        except PortalFailureError as err:
            raise login_failure(err.portal_message) from err
        rows = find_rows(payload, "Table")
        if asks_second_factor(rows):
            raise TwoFactorRequiredError(
                "The portal asks for a second factor, which cannot be answered here"
            )
        if not rows:
            raise SewResponseError("The login answer has no rows")
        token = parse_text(field(rows[0], "LoginToken", "SessionToken"))
        if token is None:
            raise SewResponseError("The login answer has no LoginToken")
        user_id = parse_id(field(rows[0], "UserID", "UserId")) or credentials.username
        return PortalSession(
            user_id, token, tuple(parse_accounts(rows, self._context.zone))
        )

    async def call(
        self,
        module: str,
        method: str,
        params: Mapping[str, str],
        session: PortalSession,
    ) -> Any:
        """Call a method with the session's token and return its checked payload."""
        full = [
            ("UserID", session.user_id),
            ("LoginToken", session.token),
            *params.items(),
        ]
        return self.check(await self.exchange(module, method, full))

    async def accounts(self, session: PortalSession) -> list[Account]:
        """Return the login's accounts."""
        return list(session.accounts)

    async def meters(self, session: PortalSession, account: Account) -> list[Meter]:
        """Read Usage/GetMultiMeterMob (unverified)."""
        kinds = account.meter_types or (MeterType.ELECTRIC,)
        payload = await self.call(
            "Usage",
            "GetMultiMeter",
            {
                "MeterType": ",".join(kinds),
                "UtilityAccountNumber": account.utility_account_number,
                "AccountNumber": account.account_number,
            },
            session,
        )
        return parse_meters(
            find_rows(payload, "MeterDetails", "Table"), account, kinds[0]
        )

    async def usage(
        self, session: PortalSession, account: Account, meter: Meter, query: UsageQuery
    ) -> UsageSeries:
        """Read Usage/GetUsageGenerationMob (unverified)."""
        mode = MOBILE_MODES[query.resolution]
        query = replace(query, interval=interval_of(mode))
        params = mobile_usage_params(account, meter, mode, query.day, query)
        payload = await empty_if_no_records(
            self.call("Usage", "GetUsageGeneration", params, session), {}
        )
        rows = find_rows(payload, "objUsageGenerationResultSetTwo", "Table")
        return parse_meter_usage(rows, query, account, meter, self._context.locale)

    async def projection(
        self, session: PortalSession, account: Account, meter: Meter
    ) -> Projection:
        """Read `getTentativeData` (unverified mode, see `bodies.MOBILE_PROJECTION_MODE`)."""
        today = datetime.now(account.time_zone).date()
        params = mobile_usage_params(
            account, meter, MOBILE_PROJECTION_MODE, today, None
        )
        payload = await empty_if_no_records(
            self.call("Usage", "GetUsageGeneration", params, session), {}
        )
        return parse_projection(
            find_rows(payload, "getTentativeData"), meter.unit, self._context.locale
        )

    async def bills(self, session: PortalSession, account: Account) -> BillSummary:
        """Read Billing/GetBillMob and GetBillingHistoryListMob (unverified shapes)."""
        params = {
            "AccountNumber": account.account_number,
            "UtilityAccountNumber": account.utility_account_number,
        }
        bill = await self._optional("GetBill", params, session)
        history = await self._optional("GetBillingHistoryList", params, session)
        rows = find_rows(bill, "Table", "objBill")
        current: Row = rows[0] if rows else bill if isinstance(bill, Mapping) else {}
        return parse_bill_summary(
            current,
            find_rows(history, "objBillingHistoryEntity", "Table"),
            find_rows(history, "objBillingPaymentHistoryEntity"),
            self._context.locale,
        )

    async def _optional(
        self, method: str, params: Mapping[str, str], session: PortalSession
    ) -> Any:
        """Call a Billing method; a "no records" failure is an empty answer."""
        return await empty_if_no_records(
            self.call("Billing", method, params, session), {}
        )
