"""Accounts (contracts) and meters from the rows real tenants send."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from custom_components.sew_thinq.sew import Account, MeterType, SewResponseError
from custom_components.sew_thinq.sew.accounts import (
    parse_accounts,
    parse_meters,
    user_setting_accounts,
)

BUCHAREST = ZoneInfo("Europe/Bucharest")

# GetUserSetting's Data: `Table1` the accounts, `Table2` the additional ones, with
# `AccountNumber`, `UtilityAccountNumber`, `Address`, `IsDefaultAccount`, `CustomerName`,
# `Pod`, `EquipmentNo` (emanuelbesliu/homeassistant-ihidro api.py:273-296; cnecrea/
# hidroelectrica api.py:432-458). Values invented.
USER_SETTING = {
    "Table1": [
        {
            "AccountNumber": "8000123456",
            "UtilityAccountNumber": "4001234567",
            "Address": "Str. Exemplu 1, Bucuresti",
            "IsDefaultAccount": False,
            "CustomerName": "Ion Popescu",
            "Pod": "RO005E1234567890",
            "EquipmentNo": "123",
        },
        {
            "AccountNumber": "8000123456",
            "UtilityAccountNumber": "4007654321",
            "Address": "Str. Exemplu 2, Sinaia",
            "IsDefaultAccount": True,
            "CustomerName": "Ion Popescu",
        },
    ],
    "Table2": [
        {
            "AccountNumber": "8000123456",
            "UtilityAccountNumber": "4001234567",
            "Address": "Str. Exemplu 1, Bucuresti",
            "IsDefaultAccount": False,
        }
    ],
}


def test_user_setting_accounts() -> None:
    """Each contract is an account, the default first, `Table2` duplicates dropped.

    The two contracts share an `AccountNumber`: the contract is the utility account.
    """
    accounts = user_setting_accounts(USER_SETTING, BUCHAREST)
    assert [a.utility_account_number for a in accounts] == ["4007654321", "4001234567"]
    assert [a.address for a in accounts] == [
        "Str. Exemplu 2, Sinaia",
        "Str. Exemplu 1, Bucuresti",
    ]
    assert [a.is_default for a in accounts] == [True, False]
    assert {a.account_number for a in accounts} == {"8000123456"}
    assert all(a.time_zone == BUCHAREST for a in accounts)
    # The customer's name is personal data the client does not keep.
    assert "Ion Popescu" not in repr(accounts)


def test_user_setting_empty_or_odd() -> None:
    """No Data is no accounts; Data of the wrong kind is an error."""
    assert user_setting_accounts(None, BUCHAREST) == []
    assert user_setting_accounts({"Table1": None}, BUCHAREST) == []
    with pytest.raises(SewResponseError, match="GetUserSetting"):
        user_setting_accounts([1], BUCHAREST)


def test_login_rows_with_numeric_ids() -> None:
    """A login answers one row per contract; ids may be JSON numbers.

    (b247/iHidroGo main.go:280-304); rows without an account number are skipped.
    """
    rows = [
        {
            "UserID": 10245,
            "SessionToken": "s",
            "UtilityAccountNumber": 4001234567,
            "AccountNumber": 8000123456,
        },
        {
            "UserID": 10245,
            "SessionToken": "s",
            "UtilityAccountNumber": 4007654321,
            "AccountNumber": 8000123456,
            "TimeZoneId": "GTB Standard Time",
            "MeterType": "E, W",
        },
        {"UserID": 10245, "Message": "no account"},
    ]
    accounts = parse_accounts(rows, ZoneInfo("UTC"))
    assert [a.utility_account_number for a in accounts] == ["4001234567", "4007654321"]
    assert accounts[0].time_zone == ZoneInfo("UTC")
    assert accounts[1].time_zone == BUCHAREST
    assert accounts[1].meter_types == (MeterType.ELECTRIC, MeterType.WATER)


def test_account_without_utility_number() -> None:
    """An account the tenant numbers once uses that number for both."""
    (account,) = parse_accounts([{"AccountNumber": "42"}], BUCHAREST)
    assert account.utility_account_number == "42"


ACCOUNT = Account("8000123456", "4001234567", None, BUCHAREST, True)


def test_meters_with_full_rows() -> None:
    """Full meter rows give typed meters.

    `result.MeterDetails[]` rows: `MeterType`, `MeterNumber`, `IsAMI`, `Status`,
    `Address` (cnecrea/hidroelectrica sensor.py:256-273; the Tango schema types `IsAMI` bool,
    `Status` int).
    """
    rows = [
        {"MeterType": "E", "MeterNumber": "E123", "IsAMI": True, "Status": 1},
        {"MeterType": "PV", "MeterNumber": "P456", "IsAMI": False, "Status": 1},
        {"MeterType": "W", "MeterNumber": "W789", "IsAMI": "false", "Status": 0},
        {"MeterType": "X", "MeterNumber": "X000"},
        {"MeterType": "E", "MeterNumber": "E123", "IsAMI": True, "Status": 1},
    ]
    meters = parse_meters(rows, ACCOUNT, MeterType.ELECTRIC)
    assert [(m.meter_type, m.meter_number, m.unit) for m in meters] == [
        (MeterType.ELECTRIC, "E123", "kWh"),
        (MeterType.SOLAR, "P456", "kWh"),
        (MeterType.WATER, "W789", "gal"),
    ]
    electric, solar, water = meters
    assert electric.is_ami
    assert electric.active
    assert electric.net_metered
    assert not solar.net_metered
    assert not water.active
    assert not water.is_ami
    assert all(m.account_number == "8000123456" for m in meters)


def test_meters_with_number_only() -> None:
    """NB Power's rows may carry only `MeterNumber`.

    dnlbck/ha-nbpower tests/conftest.py `multi_meter`), or an empty one ("the meter
    number may be empty", api.py.
    """
    meters = parse_meters(
        [{"MeterNumber": "MTR001"}, {"MeterNumber": ""}], ACCOUNT, MeterType.ELECTRIC
    )
    assert [(m.meter_type, m.meter_number) for m in meters] == [
        (MeterType.ELECTRIC, "MTR001"),
        (MeterType.ELECTRIC, ""),
    ]
    assert not meters[0].net_metered


def test_net_metering_flag() -> None:
    """An explicit flag wins over the solar-meter rule (unverified field names)."""
    (meter,) = parse_meters(
        [{"MeterType": "E", "MeterNumber": "E1", "IsNetMetering": "1"}],
        ACCOUNT,
        MeterType.ELECTRIC,
    )
    assert meter.net_metered
