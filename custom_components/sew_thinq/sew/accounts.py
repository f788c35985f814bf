"""Accounts (contracts) and their meters, from the rows portals send."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import re
import zoneinfo

from .errors import SewResponseError
from .models import Account, Meter, MeterType
from .timezones import resolve_time_zone
from .values import Row, field, parse_bool, parse_id, parse_text, required_id, rows_of

# The unit each meter type reports in. Units come unlabelled (sew-protocol.md section 9);
# a tenant that measures water in HCF will need its own entry here.
UNITS: Mapping[MeterType, str] = {
    MeterType.ELECTRIC: "kWh",
    MeterType.SOLAR: "kWh",
    MeterType.WATER: "gal",
    MeterType.GAS: "CCF",
}


def meter_type(code: object) -> MeterType | None:
    """Return the meter type a code stands for, or None for codes the client does not know."""
    text = (parse_text(code) or "").upper()
    try:
        return MeterType(text)
    except ValueError:
        return None


def asks_second_factor(rows: list[Row]) -> bool:
    """Tell whether a login's rows stop at a second factor instead of opening a session.

    The web portal's two-factor answer is masked contacts and no token (P5 sarbuandreidaniel/
    hidroelectrica auth.py:117-143). Login rows also carry `IsTwoFactor` (P12, the Tango
    schema in `../shared/realworld/sew/tango-web-response-shapes.json`); what a true value
    means is not shown by any peer, so rows that all say so are taken as a second factor
    asked for rather than a session to use.
    """
    if not rows:
        return False
    masked = all(
        field(row, "SessionToken", "LoginToken") is None
        and field(row, "MaskedEmail", "MaskedPhone") is not None
        for row in rows
    )
    return masked or all(parse_bool(field(row, "IsTwoFactor")) for row in rows)


def parse_account(row: Row, fallback_zone: zoneinfo.ZoneInfo) -> Account:
    """Build an account from a login row or a GetUserSetting row."""
    zone = (
        resolve_time_zone(field(row, "TimeZoneId"))
        or resolve_time_zone(field(row, "TimeZoneName"))
        or fallback_zone
    )
    codes = field(row, "MeterType")
    types = re.split(r"[,;| ]+", codes.strip()) if isinstance(codes, str) else []
    utility_account = parse_id(field(row, "UtilityAccountNumber"))
    return Account(
        account_number=required_id(row, "AccountNumber"),
        utility_account_number=utility_account or required_id(row, "AccountNumber"),
        address=parse_text(field(row, "Address", "ServiceAddress")),
        time_zone=zone,
        is_default=parse_bool(field(row, "IsDefaultAccount", "IsDefault")),
        customer_type=parse_text(field(row, "CustomerType")),
        meter_types=tuple(t for code in types if (t := meter_type(code)) is not None),
    )


def parse_accounts(
    rows: Iterable[Row], fallback_zone: zoneinfo.ZoneInfo
) -> list[Account]:
    """Build one account per contract, the default one first.

    A contract is a `UtilityAccountNumber`: a login answers one row per contract, and
    contracts may share an `AccountNumber` (P4 b247/iHidroGo main.go:280-304 picks its row by
    `UtilityAccountNumber`; P2 cnecrea/hidroelectrica api.py:444-456 keeps one account per
    `UtilityAccountNumber`). Rows without an account number are not accounts.
    """
    accounts: dict[str, Account] = {}
    for row in rows:
        if parse_id(field(row, "AccountNumber")) is None:
            continue
        account = parse_account(row, fallback_zone)
        accounts.setdefault(account.utility_account_number, account)
    return sorted(accounts.values(), key=lambda account: not account.is_default)


def user_setting_accounts(
    data: object, fallback_zone: zoneinfo.ZoneInfo
) -> list[Account]:
    """Read GetUserSetting's `Table1` (the accounts) and `Table2` (the additional ones).

    P2 api.py:415-458 and P1 emanuelbesliu/homeassistant-ihidro api.py:273-296; P1
    helpers.py:36-46: "the Hidroelectrica API does not use result.Data.Table".
    """
    if data is None:
        return []
    if not isinstance(data, Mapping):
        raise SewResponseError("Expected GetUserSetting's Data to be an object")
    rows = [
        *rows_of(field(data, "Table1"), "Table1"),
        *rows_of(field(data, "Table2"), "Table2"),
    ]
    return parse_accounts(rows, fallback_zone)


def parse_meters(
    rows: Iterable[Row], account: Account, requested: MeterType
) -> list[Meter]:
    """Build an account's meters from `MeterDetails` rows.

    Rows carry `MeterType`, `MeterNumber`, `IsAMI`, `Status`, `Address` (P2 sensor.py:256-273;
    the Tango schema in `../shared/realworld/sew/tango-web-response-shapes.json`). NB Power's
    rows may carry only `MeterNumber` (P7 dnlbck/ha-nbpower tests/conftest.py `multi_meter`):
    such a row is a meter of the type asked for. Unknown meter types are skipped.
    """
    parsed: list[tuple[Row, MeterType]] = []
    for row in rows:
        code = field(row, "MeterType")
        kind = requested if code is None else meter_type(code)
        if kind is not None:
            parsed.append((row, kind))
    has_solar = any(kind is MeterType.SOLAR for _, kind in parsed)
    meters: dict[tuple[MeterType, str], Meter] = {}
    for row, kind in parsed:
        # Unverified: no peer reads a net-metering flag or the meaning of `Status`; a
        # solar meter beside an electric one makes the electric one net metered.
        flag = field(row, "IsNetMetering", "IsNetMeter", "NetMetering")
        net = parse_bool(flag) if flag is not None else has_solar
        status = field(row, "Status", "MeterStatus")
        meter = Meter(
            account_number=account.account_number,
            # NB Power: "the meter number may be empty" (P7 api.py docstring).
            meter_number=parse_id(field(row, "MeterNumber")) or "",
            meter_type=kind,
            is_ami=parse_bool(field(row, "IsAMI")),
            active=True if status is None else parse_bool(status),
            unit=UNITS[kind],
            net_metered=net and kind is MeterType.ELECTRIC,
        )
        meters.setdefault((kind, meter.meter_number), meter)
    return list(meters.values())
