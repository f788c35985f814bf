"""The async client of a SEW Smart Customer Mobile portal."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date, datetime
import logging
from typing import Any
import zoneinfo

import aiohttp

from .crypto import hash_password
from .errors import PortalFailureError, SewAuthError, TokenRejectedError
from .models import (
    Account,
    BillSummary,
    Flavor,
    Meter,
    MeterType,
    Portal,
    Projection,
    Resolution,
    UsageReading,
)
from .parsing import (
    UNITS,
    parse_accounts,
    parse_bill_history,
    parse_bill_summary,
    parse_meters,
    parse_projection,
    parse_usage,
)
from .timezones import resolve_time_zone
from .transport import ApiTransport, Session, make_transport

_LOGGER = logging.getLogger(__name__)
_NO_RECORDS = ("no record", "not found", "no data", "no usage")


def _no_records(err: PortalFailureError) -> bool:
    """Tell whether a failure only says there is nothing to return."""
    return any(phrase in err.portal_message.casefold() for phrase in _NO_RECORDS)


class SewClient:
    """Talk to one login of one SEW portal.

    The client logs in on first use, reuses the token until the portal rejects it, then logs
    in again once and retries the call. Concurrent calls share one login.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        portal: Portal,
        username: str,
        *,
        password: str | None = None,
        password_sha256: str | None = None,
        time_zone: str = "UTC",
        request_timeout: float = 30,
    ) -> None:
        """Set up the client; the mobile flavor needs a password or its digest, the API flavor the password."""
        if portal.flavor is Flavor.API and password is None:
            raise ValueError("The API flavor needs the plain password")
        if password is None and password_sha256 is None:
            raise ValueError("A password or its SHA-256 digest is required")
        self._transport = make_transport(session, portal, request_timeout)
        self._username = username
        self._password = password
        self._digest = password_sha256 or hash_password(password or "")
        self._zone = resolve_time_zone(time_zone) or zoneinfo.ZoneInfo("UTC")
        self._session: Session | None = None
        self._lock = asyncio.Lock()

    @property
    def portal(self) -> Portal:
        """Return the portal this client talks to."""
        return self._transport.portal

    @property
    def user_id(self) -> str | None:
        """Return the portal's id of the user, known after login."""
        return self._session.user_id if self._session else None

    @property
    def request_count(self) -> int:
        """Return how many HTTP requests the client has made."""
        return self._transport.request_count

    async def login(self) -> None:
        """Log in now, replacing any token held."""
        async with self._lock:
            self._session = await self._login()

    async def _login(self) -> Session:
        """Log in with this flavor's credentials."""
        _LOGGER.debug("Logging in to %s", self.portal.base_url)
        if isinstance(self._transport, ApiTransport):
            return await self._transport.login(self._username, self._password or "")
        return await self._transport.login(self._username, self._digest)

    async def _current_session(self, stale: Session | None = None) -> Session:
        """Return a valid-looking session, logging in when there is none or it is `stale`."""
        async with self._lock:
            if self._session is None or self._session is stale:
                self._session = await self._login()
            return self._session

    async def _call(self, module: str, method: str, params: Mapping[str, str]) -> Any:
        """Call a method, logging in again once when the portal rejects the token."""
        session = await self._current_session()
        try:
            return await self._transport.call(module, method, params, session)
        except TokenRejectedError:
            _LOGGER.debug(
                "Token rejected by %s, logging in again", self.portal.base_url
            )
        session = await self._current_session(stale=session)
        try:
            return await self._transport.call(module, method, params, session)
        except TokenRejectedError as err:
            raise SewAuthError(
                f"The portal rejected a fresh login for {module}/{method}: {err}"
            ) from err

    async def get_accounts(self) -> list[Account]:
        """Return every account of the login, the default one first."""
        session = await self._current_session()
        if isinstance(self._transport, ApiTransport):
            data = await self._call("UserLogin", "GetUserSetting", {})
            accounts = parse_accounts(data, self._login_zone(session))
            if accounts:
                return accounts
        return parse_accounts(session.rows, self._zone)

    def _login_zone(self, session: Session) -> zoneinfo.ZoneInfo:
        """Return the zone the login rows give, or the configured one."""
        for row in session.rows:
            for key in ("TimeZoneId", "TimeZoneName"):
                if zone := resolve_time_zone(row.get(key)):
                    return zone
        return self._zone

    async def get_meters(self, account: Account) -> list[Meter]:
        """Return every meter of an account."""
        data = await self._call(
            "Usage",
            "GetMultiMeter",
            {
                "MeterType": ",".join(account.meter_types),
                "UtilityAccountNumber": account.utility_account_number,
                "AccountNumber": account.account_number,
            },
        )
        return parse_meters(data, account.account_number)

    async def _usage_generation(
        self,
        account: Account,
        meter: Meter,
        mode: str,
        day: date,
        *,
        generation: bool,
    ) -> Any:
        """Call GetUsageGeneration, treating "no records" as an empty answer."""
        params = {
            "AccountNumber": account.account_number,
            "UtilityAccountNumber": account.utility_account_number,
            "MeterNumber": meter.meter_number,
            "MeterType": meter.meter_type.value,
            "Mode": mode,
            "Type": UNITS[meter.meter_type][0],
            "HourlyType": "H",
            "UsageOrGeneration": "2" if generation else "1",
            "IsNetUsage": "1" if meter.net_metered and not generation else "0",
            "strDate": day.strftime("%m/%d/%Y"),
            "DateFromDaily": "",
            "DateToDaily": "",
        }
        try:
            return await self._call("Usage", "GetUsageGeneration", params)
        except PortalFailureError as err:
            if _no_records(err):
                return {}
            raise

    async def get_usage(
        self, account: Account, meter: Meter, resolution: Resolution, day: date
    ) -> list[UsageReading]:
        """Return a meter's readings.

        BILLING: every billing cycle up to `day`; DAY: the 30 days ending at `day`; HOUR and
        QUARTER_HOUR: exactly `day`.
        """
        return await self._series(account, meter, resolution, day, generation=False)

    async def get_generation(
        self, account: Account, meter: Meter, resolution: Resolution, day: date
    ) -> list[UsageReading]:
        """Return a solar meter's (or net-metered meter's) generation, like `get_usage`."""
        return await self._series(account, meter, resolution, day, generation=True)

    async def _series(
        self,
        account: Account,
        meter: Meter,
        resolution: Resolution,
        day: date,
        *,
        generation: bool,
    ) -> list[UsageReading]:
        """Fetch and parse one series."""
        data = await self._usage_generation(
            account, meter, resolution.value, day, generation=generation
        )
        return parse_usage(
            data,
            resolution=resolution,
            day=day,
            zone=account.time_zone,
            meter_number=meter.meter_number,
            unit=meter.unit,
            generation=generation or meter.meter_type is MeterType.SOLAR,
        )

    async def get_projection(self, account: Account, meter: Meter) -> Projection:
        """Return usage and cost so far this cycle and the projected bill."""
        today = self._today(account)
        data = await self._usage_generation(
            account, meter, "B", today, generation=False
        )
        return parse_projection(data, meter.unit)

    def _today(self, account: Account) -> date:
        """Return today's date in the account's time zone."""
        return datetime.now(account.time_zone).date()

    async def get_bills(self, account: Account) -> BillSummary:
        """Return the amount due, due date, balance and the last bills."""
        params = {
            "AccountNumber": account.account_number,
            "UtilityAccountNumber": account.utility_account_number,
        }
        try:
            current = await self._call("Billing", "GetBill", params)
        except PortalFailureError as err:
            if not _no_records(err):
                raise
            current = {}
        try:
            history = parse_bill_history(
                await self._call("Billing", "GetBillingHistoryList", params)
            )
        except PortalFailureError as err:
            if not _no_records(err):
                raise
            history = ()
        return parse_bill_summary(current, history)
