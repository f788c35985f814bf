"""UNVERIFIED: the first simulator's answers, for its `/API/<Module>/` layout and mobile.

Every mobile `.svc` profile answers with these too.

No public client reads a mobile answer and no mobile answer was ever captured
(docs/sew-protocol.md section 5); the `/API/Usage/...` and `/API/Billing/...` paths are
called by no peer (section 2). These shapes (login rows with STATUS/LoginToken/TimeZoneId,
`Table` envelopes, "1"/"0" flags as strings on mobile, "1"/"2" for UsageOrGeneration) are
plausible guesses kept so the current client and its tests keep working; nothing here is
evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from simulators.sew.server.sessions import LoginFailure, Session
from simulators.sew.truth import Channel, Login, SimAccount, SimMeter, quarters

from .base import field, parse_day
from .unverified_rows import (
    UNIT_TYPES,
    RowFormatter,
    dotnet_date,
    format_number,
    long_date,
    mdy,
)

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

API_VERSION = "7.5.2"
# IANA zone -> (Windows id, offset, display name) the login rows report.
WINDOWS_ZONES: dict[str, tuple[str, str, str]] = {
    "America/Chicago": (
        "Central Standard Time",
        "-06:00",
        "(UTC-06:00) Central Time (US & Canada)",
    ),
    "America/New_York": (
        "Eastern Standard Time",
        "-05:00",
        "(UTC-05:00) Eastern Time (US & Canada)",
    ),
    "America/Denver": (
        "Mountain Standard Time",
        "-07:00",
        "(UTC-07:00) Mountain Time (US & Canada)",
    ),
    "America/Los_Angeles": (
        "Pacific Standard Time",
        "-08:00",
        "(UTC-08:00) Pacific Time (US & Canada)",
    ),
}
FAILURES = {
    LoginFailure.INVALID: "Invalid username or password.",
    LoginFailure.LOCKED: (
        "Your account has been locked due to multiple failed login attempts. "
        "Please reset your password."
    ),
}


class CallFailedError(Exception):
    """A call the portal answers with a failure status and message."""

    def __init__(self, message: str) -> None:
        """Keep the message."""
        super().__init__(message)
        self.message = message


class BadRequestError(Exception):
    """A call missing a required id."""


def envelope(
    data: Any, *, status: int = 1, message: str = "Record found"
) -> dict[str, Any]:
    """Wrap data in the `{version, responsestatus, result}` envelope."""
    return {
        "version": API_VERSION,
        "responsestatus": 1,
        "result": {"Status": status, "Message": message, "Data": data},
    }


def required(params: Mapping[str, str], name: str) -> str:
    """Return a required parameter; a missing one is a bad request."""
    if not (value := str(field(params, name) or "")):
        raise BadRequestError(name)
    return value


class UnverifiedAnswers:
    """Answers calls the way the first simulator did (mobile: strings; API: numbers)."""

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal."""
        self.portal = portal

    def login_row(
        self, login: Login, account: SimAccount, token: str, index: int
    ) -> dict[str, Any]:
        """Return a login row for one account of the user."""
        zone_id, offset, zone_name = WINDOWS_ZONES.get(
            self.portal.zone.key, (self.portal.zone.key, "+00:00", self.portal.zone.key)
        )
        return {
            "STATUS": "1",
            "Message": "Success",
            "UserID": login.user_id,
            "LoginToken": token,
            "SessionToken": token,
            "AccountNumber": account.number,
            "UtilityAccountNumber": account.utility_number,
            "Address": account.address,
            "IsDefaultAccount": "1" if index == 0 else "0",
            "IsTwoFactor": "1" if self.portal.sessions.needs_two_factor(login) else "0",
            "TimeZoneId": zone_id,
            "Offset": offset,
            "TimeZoneName": zone_name,
            "MeterType": ",".join(meter.meter_type for meter in account.meters),
            "CustomerType": "Residential",
            "Name": "Demo Customer",
        }

    def call(
        self, session: Session, method: str, params: Mapping[str, str], *, mobile: bool
    ) -> Any:
        """Run an authenticated call."""
        if self.portal.sessions.is_locked(session.login):
            raise CallFailedError(
                "Your account has been locked. Please contact customer service."
            )
        if method == "GetUserSetting":
            return {
                "Table": [
                    {
                        "AccountNumber": account.number,
                        "UtilityAccountNumber": account.utility_number,
                        "Address": account.address,
                        "IsDefaultAccount": account.is_default,
                        "CustomerType": "Residential",
                        "MeterType": ",".join(m.meter_type for m in account.meters),
                    }
                    for account in session.login.accounts
                ]
            }
        account = self._account_of(session.login, required(params, "AccountNumber"))
        if method == "GetMultiMeter":
            wanted = {
                t
                for t in str(field(params, "MeterType") or "")
                .replace(" ", "")
                .split(",")
                if t
            }
            return {
                "MeterDetails": [
                    {
                        "MeterNumber": meter.number,
                        "MeterType": meter.meter_type,
                        "IsAMI": ("1" if mobile else True),
                        "Status": 1 if meter.active else 0,
                        "MeterAttribute": "Solar" if meter.kind == "pv" else "",
                    }
                    for meter in account.meters
                    if not wanted or meter.meter_type in wanted
                ]
            }
        if method == "GetUsageGeneration":
            return self._usage(account, params, mobile=mobile)
        if method == "GetBill":
            return self._bill(account)
        return self._bill_history(account, mobile=mobile)

    def _account_of(self, login: Login, number: str) -> SimAccount:
        """Return one of the login's accounts."""
        for account in login.accounts:
            if number in {account.number, account.utility_number}:
                return account
        raise CallFailedError("Invalid account number.")

    def _channels(self, meter: SimMeter, params: Mapping[str, str]) -> list[Channel]:
        """Return the channels a request asks for ("1"/"2" and "true" flags)."""
        asked = str(field(params, "UsageOrGeneration") or "1").strip().upper()
        if meter.kind == "pv":
            return [Channel.GENERATION]
        if asked in {"2", "G", "GENERATION"}:
            if not meter.solar_kw:
                raise CallFailedError("No Record Found")
            return [Channel.GENERATION]
        net = str(field(params, "IsNetUsage") or "0") in {"1", "true", "True"}
        if meter.solar_kw and net:
            return [Channel.IMPORT, Channel.EXPORT]
        return [Channel.IMPORT]

    def _usage(
        self, account: SimAccount, params: Mapping[str, str], *, mobile: bool
    ) -> Any:
        """Answer GetUsageGeneration."""
        number = required(params, "MeterNumber")
        meter = next((m for m in account.meters if m.number == number), None)
        if meter is None:
            raise CallFailedError("Invalid meter number.")
        mode = required(params, "Mode").upper()
        day = parse_day(
            required(params, "strDate"), ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d")
        )
        if day is None:
            raise BadRequestError("strDate")
        factor = UNIT_TYPES[meter.unit].get(str(field(params, "Type") or "").upper())
        if factor is None:
            raise CallFailedError("No Record Found")
        channels = self._channels(meter, params)
        truth = self.portal.truth
        formatter = RowFormatter(
            meter,
            truth.zone,
            mobile=mobile,
            factor=factor,
            cycle_of=lambda d: (truth.cycle_start(d), truth.cycle_end(d)),
        )
        if mode == "B":
            return {
                "objUsageGenerationResultSetTwo": [],
                "getTentativeData": [self._projection(meter, formatter)],
            }
        rows: list[dict[str, Any]] = []
        for channel in channels:
            rows.extend(self._series(meter, mode, day, channel, formatter))
        if not rows:
            raise CallFailedError("No Record Found")
        rows.sort(key=lambda row: row.pop("_order"))
        return {
            "objUsageGenerationResultSetOne": [
                {
                    "MeterNumber": meter.number,
                    "UsageDate": formatter.date_text(day, "D"),
                }
            ],
            "objUsageGenerationResultSetTwo": rows,
        }

    def _series(
        self,
        meter: SimMeter,
        mode: str,
        day: date,
        channel: Channel,
        fmt: RowFormatter,
    ) -> list[dict[str, Any]]:
        """Return the rows of one channel of a series."""
        publisher = self.portal.publisher
        rows: list[dict[str, Any]] = []
        if mode in {"H", "MI"}:
            # Answer an unpublished day with the latest published one, as NB Power does.
            day = min(day, publisher.latest_published_day)
            if mode == "MI" and meter.kind != "electric":
                return []
            for reading in publisher.read_hourly(meter.number, day, channel).readings:
                if mode == "H":
                    rows.append(fmt.interval(reading, channel, mode))
                    continue
                rows.extend(
                    fmt.interval(quarter, channel, mode)
                    for quarter in quarters(meter, reading)
                )
        elif mode == "D":
            first = max(day - timedelta(days=29), self.portal.data_start)
            last = min(day, publisher.latest_published_day)
            current = first
            while current <= last:
                readings = publisher.read_hourly(
                    meter.number, current, channel
                ).readings
                if readings:
                    rows.append(fmt.daily(current, readings, channel))
                current += timedelta(days=1)
        elif mode == "M":
            if not meter.active:
                return []
            for first, last in self.portal.billing_cycles():
                if first > day:
                    break
                total, cost = self.portal.cycle_total(meter.number, first, channel)
                rows.append(fmt.cycle(first, last, total, cost, channel))
        else:
            raise CallFailedError("No Record Found")
        return rows

    def _projection(self, meter: SimMeter, fmt: RowFormatter) -> dict[str, Any]:
        """Return `getTentativeData`'s row for the current cycle (projection = usage)."""
        truth, publisher = self.portal.truth, self.portal.publisher
        first, last = truth.cycle_start(truth.today), truth.cycle_end(truth.today)
        totals: list[float] = []
        cost = 0.0
        day = first
        while day <= min(last, publisher.latest_published_day):
            readings = publisher.published_hourly(meter.number, day)
            totals.append(sum(r.value for r in readings))
            cost += sum(r.cost or 0.0 for r in readings)
            day += timedelta(days=1)
        elapsed = len(totals)
        cycle_days = (last - first).days + 1
        so_far = round(sum(totals), meter.decimals)
        expected = (
            round(so_far / elapsed * cycle_days, meter.decimals) if elapsed else 0.0
        )
        tariff = truth.tariff(meter)
        charge = tariff.monthly_charge if tariff is not None else 0.0
        projected = (
            round(cost / elapsed * cycle_days + charge, 2) if elapsed else charge
        )
        return {
            "SoFar": fmt.number(so_far),
            "SoFarDollar": fmt.number(round(cost, 2)),
            "ExpectedUsage": fmt.number(expected),
            "ProjectedBill": fmt.number(projected),
            "Average": fmt.number(
                round(so_far / elapsed, meter.decimals) if elapsed else 0.0
            ),
            "Highest": fmt.number(round(max(totals, default=0.0), meter.decimals)),
            "PeakLoad": fmt.number(0.0),
            "UsageCycle": f"{mdy(first)} to {mdy(last)}",
        }

    def _bill(self, account: SimAccount) -> Any:
        """Answer GetBill."""
        bills = self.portal.bills(account.number)
        if not bills:
            raise CallFailedError("No Record Found")
        latest = bills[0]
        open_amount = latest.amount if latest.due_date >= self.portal.today else 0.0
        return {
            "Table": [
                {
                    "billamount": format_number(latest.amount),
                    "rembalance": format_number(open_amount),
                    "duedate": long_date(latest.due_date),
                    "invoicenumber": latest.invoice_number,
                }
            ]
        }

    def _bill_history(self, account: SimAccount, *, mobile: bool) -> Any:
        """Answer GetBillingHistoryList with the last twelve bills."""
        return {
            "objBillingHistoryEntity": [
                {
                    "amount": format_number(bill.amount) if mobile else bill.amount,
                    "dueDate": bill.due_date.strftime("%m/%d/%Y"),
                    "invoiceDate": dotnet_date(bill.invoice_date),
                    "invoiceNumber": bill.invoice_number,
                }
                for bill in self.portal.bills(account.number)[:12]
            ]
        }
