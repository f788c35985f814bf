"""Turn the portal's loosely typed rows into typed records.

Every function here raises `SewResponseError` (never anything else) when a value does not
have a shape it understands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
import math
import re
from typing import Any
import zoneinfo

from .errors import SewResponseError
from .models import (
    Account,
    Bill,
    BillSummary,
    Direction,
    Meter,
    MeterType,
    Projection,
    Resolution,
    UsageReading,
)
from .timezones import resolve_time_zone

type Row = Mapping[str, Any]

_DOTNET_DATE = re.compile(r"^/Date\((-?\d{1,15})(?:([+-])(\d{2})(\d{2}))?\)/$")
_DATE_FORMATS = (
    "%m/%d/%y",
    "%m/%d/%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%Y-%m-%d",
    "%m-%d-%Y",
)
_DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
)
_TIME_FORMATS = (
    "%H:%M",
    "%H:%M:%S",
    "%I:%M %p",
    "%I:%M:%S %p",
    "%I %p",
    "%I:%M%p",
    "%I%p",
)
_TRUE = frozenset({"1", "true", "y", "yes", "t"})
_FALSE = frozenset({"0", "false", "n", "no", "f", ""})
_MAX_TEXT = 80


def _show(value: object) -> str:
    """Describe a value for an error message, shortened."""
    text = repr(value)
    return text if len(text) <= _MAX_TEXT else f"{text[:_MAX_TEXT]}..."


def field(row: Row, *names: str) -> Any:
    """Return the first of the named fields present in a row (case-insensitive), or None."""
    for name in names:
        if name in row:
            return row[name]
    folded = {str(key).casefold(): value for key, value in row.items()}
    for name in names:
        if (value := folded.get(name.casefold())) is not None:
            return value
    return None


def parse_number(value: object) -> float | None:
    """Parse a number the portal may send as a number or a string ("1,234.5", "$12.00")."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise SewResponseError(f"Expected a number, got {_show(value)}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("$", "")
        if text in {"", "-", "null", "NULL", "N/A"}:
            return None
        negative = text.startswith("(") and text.endswith(")")
        try:
            number = float(text.strip("()"))
        except ValueError:
            raise SewResponseError(f"Expected a number, got {_show(value)}") from None
        number = -number if negative else number
    else:
        raise SewResponseError(f"Expected a number, got {_show(value)}")
    if not math.isfinite(number):
        raise SewResponseError(f"Expected a finite number, got {_show(value)}")
    return number


def parse_bool(value: object) -> bool:
    """Parse the many ways the portal says yes or no."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value != 0
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise SewResponseError(f"Expected a yes/no flag, got {_show(value)}")


def parse_text(value: object) -> str | None:
    """Return a text field, stripped, or None when empty."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SewResponseError(f"Expected text, got {_show(value)}")
    text = str(value).strip()
    return text or None


def parse_local_datetime(value: object) -> datetime | None:
    """Parse a naive local date and time; None for empty values and the year-1 placeholder."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise SewResponseError(f"Expected a date, got {_show(value)}")
    text = value.strip()
    if not text:
        return None
    if match := _DOTNET_DATE.match(text):
        return _parse_dotnet_date(match, text)
    result: datetime | None = None
    for fmt in (*_DATE_FORMATS, *_DATETIME_FORMATS):
        try:
            result = datetime.strptime(text, fmt)  # noqa: DTZ007 - the portal's local naive time
            break
        except ValueError:
            continue
    if result is None:
        raise SewResponseError(f"Unrecognised date {_show(value)}")
    return None if result.year <= 1 else result


def _parse_dotnet_date(match: re.Match[str], text: str) -> datetime | None:
    """Parse `/Date(ms)/` (naive local time as if UTC) or `/Date(ms+hhmm)/` (UTC instant)."""
    millis = int(match.group(1))
    try:
        moment = datetime(1970, 1, 1) + timedelta(milliseconds=millis)  # noqa: DTZ001 - naive by design
        if match.group(2):
            offset = timedelta(hours=int(match.group(3)), minutes=int(match.group(4)))
            moment += offset if match.group(2) == "+" else -offset
    except OverflowError:
        raise SewResponseError(f"Date out of range {_show(text)}") from None
    return None if moment.year <= 1 else moment


def parse_date(value: object) -> date | None:
    """Parse a date in any of the formats portals use; None when empty or a placeholder."""
    moment = parse_local_datetime(value)
    return moment.date() if moment else None


def parse_time(value: object) -> time | None:
    """Parse an hour label such as `13:00`, `1:00 PM` or `12 AM`."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23:
        return time(value)
    if not isinstance(value, str):
        raise SewResponseError(f"Expected an hour, got {_show(value)}")
    text = " ".join(value.split()).upper()
    if not text:
        return None
    if text.isascii() and text.isdigit() and int(text) <= 23:
        return time(int(text))
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).time()  # noqa: DTZ007 - only the time is used
        except ValueError:
            continue
    raise SewResponseError(f"Unrecognised hour {_show(value)}")


def rows(data: object, *keys: str) -> list[Row]:
    """Find the list of rows in an answer: the list itself or the first named list in it."""
    found: object = data
    if isinstance(data, Mapping):
        found = None
        for key in (*keys, "Table"):
            if isinstance(candidate := field(data, key), list):
                found = candidate
                break
        if found is None:
            if any(isinstance(value, list) for value in data.values()) or not data:
                return []
            found = [data]
    if not isinstance(found, list):
        raise SewResponseError(f"Expected a list of rows, got {_show(found)}")
    if not all(isinstance(row, Mapping) for row in found):
        raise SewResponseError("Expected every row to be an object")
    return found


def required_text(row: Row, *names: str) -> str:
    """Return a text field that must be present."""
    if (text := parse_text(field(row, *names))) is None:
        raise SewResponseError(f"The portal's answer lacks {names[0]}")
    return text


def _meter_type(code: str) -> MeterType | None:
    """Return the meter type a code stands for, or None for codes the client does not know."""
    try:
        return MeterType(code)
    except ValueError:
        return None


def parse_account(row: Row, fallback_zone: zoneinfo.ZoneInfo) -> Account:
    """Build an account from a login or user-setting row."""
    zone = (
        resolve_time_zone(field(row, "TimeZoneId"))
        or resolve_time_zone(field(row, "TimeZoneName"))
        or fallback_zone
    )
    types = field(row, "MeterType")
    codes = (
        re.split(r"[,;| ]+", types.strip().upper()) if isinstance(types, str) else []
    )
    meter_types = [meter_type for code in codes if (meter_type := _meter_type(code))]
    return Account(
        account_number=required_text(row, "AccountNumber"),
        utility_account_number=parse_text(field(row, "UtilityAccountNumber"))
        or required_text(row, "AccountNumber"),
        address=parse_text(field(row, "Address", "ServiceAddress")),
        time_zone=zone,
        is_default=parse_bool(field(row, "IsDefaultAccount", "IsDefault")),
        customer_type=parse_text(field(row, "CustomerType")),
        meter_types=tuple(meter_types),
    )


def parse_accounts(data: object, fallback_zone: zoneinfo.ZoneInfo) -> list[Account]:
    """Build the accounts of a login, one per distinct account number, default first."""
    accounts: dict[str, Account] = {}
    for row in rows(data, "Table", "UserSetting", "Accounts"):
        if field(row, "AccountNumber") is None:
            continue
        account = parse_account(row, fallback_zone)
        accounts.setdefault(account.account_number, account)
    return sorted(accounts.values(), key=lambda account: not account.is_default)


UNITS: Mapping[MeterType, tuple[str, str]] = {
    MeterType.ELECTRIC: ("K", "kWh"),
    MeterType.SOLAR: ("K", "kWh"),
    MeterType.WATER: ("G", "gal"),
    MeterType.GAS: ("C", "CCF"),
}


def parse_meters(data: object, account_number: str) -> list[Meter]:
    """Build the meters of an account from `MeterDetails` rows; unknown meter types are skipped."""
    parsed: list[tuple[Row, MeterType]] = []
    for row in rows(data, "MeterDetails"):
        code = (parse_text(field(row, "MeterType")) or "").upper()
        if (meter_type := _meter_type(code)) is not None:
            parsed.append((row, meter_type))
    has_solar = any(meter_type is MeterType.SOLAR for _, meter_type in parsed)
    meters: dict[str, Meter] = {}
    for row, meter_type in parsed:
        flag = field(row, "IsNetMetering", "IsNetMeter", "NetMetering")
        net = parse_bool(flag) if flag is not None else has_solar
        status = field(row, "Status", "MeterStatus")
        meter = Meter(
            account_number=account_number,
            meter_number=required_text(row, "MeterNumber"),
            meter_type=meter_type,
            is_ami=parse_bool(field(row, "IsAMI")),
            active=True if status is None else parse_bool(status),
            unit=UNITS[meter_type][1],
            net_metered=net and meter_type is MeterType.ELECTRIC,
        )
        meters.setdefault(meter.meter_number, meter)
    return list(meters.values())


def _row_date(row: Row) -> date | None:
    """Return the local date of a usage row, from `UsageDate` or `Year`/`Month`/`Day`."""
    if (day := parse_date(field(row, "UsageDate", "Date"))) is not None:
        return day
    year, month, mday = (
        parse_number(field(row, name)) for name in ("Year", "Month", "Day")
    )
    if year is None or month is None or mday is None:
        return None
    try:
        return date(int(year), int(month), int(mday))
    except ValueError, OverflowError:
        raise SewResponseError(
            f"Invalid date {_show(year)}-{_show(month)}-{_show(mday)}"
        ) from None


def _row_time(row: Row) -> time:
    """Return the local start time of an hourly or 15-minute row."""
    start = parse_time(field(row, "Hourly", "Hour", "UsageTime"))
    if start is None:
        moment = parse_local_datetime(field(row, "UsageDate"))
        if moment is None:
            raise SewResponseError("An interval row has no hour")
        start = moment.time()
    minute = parse_number(field(row, "Minute"))
    if (
        minute is not None
        and start.minute == 0
        and 0 < minute < 60
        and minute.is_integer()
    ):
        start = start.replace(minute=int(minute))
    return start


def _day_start(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    """Return the aware start of a local day."""
    return datetime.combine(day, time(), zone)


def _span(
    first: date, last: date, zone: zoneinfo.ZoneInfo
) -> tuple[datetime, timedelta]:
    """Return the start and true length of the local days from `first` through `last`."""
    start = _day_start(first, zone).astimezone(UTC)
    end = _day_start(last + timedelta(days=1), zone).astimezone(UTC)
    return start, end - start


def _billing_period(row: Row) -> tuple[date, date] | None:
    """Return a billing-cycle row's first and last day."""
    first = parse_date(field(row, "FromDate", "BillStartDate"))
    last = parse_date(field(row, "ToDate", "BillEndDate"))
    if (first is None or last is None) and isinstance(
        period := field(row, "BillPeriod", "UsageCycle"), str
    ):
        parts = re.split(r"\s+to\s+|\s+-\s+", period.strip(), maxsplit=1)
        if len(parts) == 2:
            first, last = parse_date(parts[0]), parse_date(parts[1])
    if first is None or last is None:
        return None
    if last < first:
        raise SewResponseError(
            f"Billing period ends before it starts: {first} to {last}"
        )
    return first, last


def parse_usage(
    data: object,
    *,
    resolution: Resolution,
    day: date,
    zone: zoneinfo.ZoneInfo,
    meter_number: str,
    unit: str,
    generation: bool = False,
) -> list[UsageReading]:
    """Build readings from `objUsageGenerationResultSetTwo` rows.

    Rows of other meters, and rows outside the period asked for (a portal may answer an
    unpublished day with the latest published one), are dropped. On the day clocks fall back
    the repeated local hour is told apart by its order.
    """
    readings: dict[tuple[datetime, Direction], UsageReading] = {}
    seen: Counter[tuple[datetime, Direction]] = Counter()
    for row in rows(data, "objUsageGenerationResultSetTwo"):
        other_meter = parse_text(field(row, "MeterNumber"))
        if other_meter is not None and other_meter != meter_number:
            continue
        value = parse_number(field(row, "UsageValue", "Usage", "Value"))
        if value is None:
            continue
        cost = parse_number(field(row, "ValueCost", "Cost", "UsageCost"))
        usage_type = (parse_text(field(row, "UsageType")) or "").casefold()
        if generation:
            direction = Direction.GENERATION
        elif usage_type.startswith("e") or (usage_type == "" and value < 0):
            direction = Direction.EXPORT
        else:
            direction = Direction.IMPORT
        if direction is not Direction.IMPORT:
            value, cost = abs(value), None if cost is None else abs(cost)
        status = parse_text(field(row, "ValidationStatus")) or ""
        timing = _timing(
            row,
            resolution=resolution,
            day=day,
            zone=zone,
            direction=direction,
            seen=seen,
        )
        if timing is None:
            continue
        start, duration = timing
        readings[start, direction] = UsageReading(
            start=start,
            duration=duration,
            value=value,
            unit=unit,
            cost=cost,
            direction=direction,
            estimated="estimat" in status.casefold(),
        )
    return sorted(
        readings.values(), key=lambda reading: (reading.start, reading.direction)
    )


def _timing(
    row: Row,
    *,
    resolution: Resolution,
    day: date,
    zone: zoneinfo.ZoneInfo,
    direction: Direction,
    seen: Counter[tuple[datetime, Direction]],
) -> tuple[datetime, timedelta] | None:
    """Return a row's aware start and duration, or None when it is outside the period."""
    try:
        if resolution is Resolution.BILLING:
            if (period := _billing_period(row)) is None:
                raise SewResponseError("A billing-cycle row has no period")
            return None if period[0] > day else _span(*period, zone)
        row_day = _row_date(row)
        if row_day is None:
            raise SewResponseError("A usage row has no date")
        if resolution is Resolution.DAY:
            if not day - timedelta(days=29) <= row_day <= day:
                return None
            return _span(row_day, row_day, zone)
        if row_day != day:
            return None
        naive = datetime.combine(row_day, _row_time(row))
        fold = min(seen[naive, direction], 1)
        seen[naive, direction] += 1
        start = naive.replace(tzinfo=zone, fold=fold)
        step = (
            timedelta(hours=1)
            if resolution is Resolution.HOUR
            else timedelta(minutes=15)
        )
        return start.astimezone(UTC), step
    except OverflowError:
        raise SewResponseError("A usage row's date is out of range") from None


def parse_projection(data: object, unit: str) -> Projection:
    """Build the projection from `getTentativeData`."""
    found = rows(data, "getTentativeData")
    if not found:
        return Projection(None, None, None, None, unit)
    row = found[0]
    period = _billing_period(row)
    return Projection(
        usage_so_far=parse_number(field(row, "SoFar")),
        cost_so_far=parse_number(field(row, "SoFarDollar")),
        projected_usage=parse_number(field(row, "ExpectedUsage")),
        projected_cost=parse_number(field(row, "ProjectedBill")),
        unit=unit,
        average=parse_number(field(row, "Average")),
        highest=parse_number(field(row, "Highest")),
        cycle_start=period[0] if period else None,
        cycle_end=period[1] if period else None,
    )


def parse_bill_history(data: object) -> tuple[Bill, ...]:
    """Build past bills from `objBillingHistoryEntity`, newest first."""
    bills: list[Bill] = []
    for row in rows(data, "objBillingHistoryEntity"):
        amount = parse_number(field(row, "amount", "BillAmount"))
        if amount is None:
            continue
        bills.append(
            Bill(
                amount=amount,
                due_date=parse_date(field(row, "dueDate", "DueDate")),
                invoice_date=parse_date(field(row, "invoiceDate", "BillDate")),
                invoice_number=parse_text(field(row, "invoiceNumber", "InvoiceNo")),
            )
        )
    return tuple(
        sorted(bills, key=lambda bill: bill.invoice_date or date.min, reverse=True)
    )


def parse_bill_summary(current: object, history: Iterable[Bill]) -> BillSummary:
    """Build the bill summary from `GetBill` and the parsed history."""
    found = rows(current, "Table", "objBill")
    row: Row = found[0] if found else {}
    return BillSummary(
        amount_due=parse_number(field(row, "billamount", "AmountDue")),
        due_date=parse_date(field(row, "duedate", "DueDate")),
        balance=parse_number(field(row, "rembalance", "Balance")),
        last_bills=tuple(history),
    )
