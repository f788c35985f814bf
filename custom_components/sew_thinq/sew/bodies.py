"""Request bodies, written as the peers send them for each flavor."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
import secrets
import string
from typing import Any
from urllib.parse import urlencode

from .layout import Encryption, MobileDialect
from .locale import Locale
from .models import Account, Meter, MeterType, Resolution
from .usage import UsageQuery

# The days one daily call asks for, ending on the day asked.
DAILY_WINDOW_DAYS = 30
QUARTER_HOUR = timedelta(minutes=15)
HOUR = timedelta(hours=1)
_USAGE_TYPES: Mapping[MeterType, str] = {
    MeterType.ELECTRIC: "e",  # the only code peers send (P1 api.py:378; P7 `get_usage`)
    MeterType.SOLAR: "e",
    MeterType.WATER: "w",  # unverified
    MeterType.GAS: "g",  # unverified
}


def _updated_date(now: datetime) -> str:
    """Return the `MM/dd/yyyy HH:mm:ss` stamp logins carry (P1 api.py:196)."""
    return now.strftime("%m/%d/%Y %H:%M:%S")


def interval_of(mode: str) -> timedelta:
    """Return how long one row of an interval mode lasts: `MI` rows are quarter-hours."""
    return QUARTER_HOUR if mode.upper() == "MI" else HOUR


# Flavor A: the JSON API (P1 emanuelbesliu/homeassistant-ihidro, P2 cnecrea/hidroelectrica).


def json_api_login_body(
    username: str, password: str, locale: Locale, now: datetime
) -> dict[str, Any]:
    """Return ValidateUserLogin's body (P1 api.py:193-207; P2 api.py:199-213)."""
    stamp = _updated_date(now)
    return {
        "deviceType": "MobileApp",
        "OperatingSystem": "Android",
        "UpdatedDate": stamp,
        "Deviceid": "",
        "SessionCode": "",
        "LanguageCode": locale.language,
        "password": password,
        "UserId": username,
        "TFADeviceid": "",
        "OSVersion": 14,
        "TimeOffSet": locale.time_offset(),
        "LUpdHideShow": stamp,
        "Browser": "NA",
    }


def json_api_account_body(
    user_id: str, account: Account, **extra: object
) -> dict[str, Any]:
    """Return the body of an account's call: `UserID` and both account numbers.

    P1 api.py:528-533 (GetMultiMeter), 322-328 (GetBill), 349-356 (GetBillingHistoryList).
    """
    return {
        **extra,
        "UserID": user_id,
        "UtilityAccountNumber": account.utility_account_number,
        "AccountNumber": account.account_number,
    }


JSON_API_MODES: Mapping[Resolution, str] = {
    Resolution.BILLING: "M",  # P1 api.py:376
    Resolution.DAY: "D",  # P1 api.py:416
    Resolution.HOUR: "H",  # unverified on this flavor: no peer asks for hours
    Resolution.QUARTER_HOUR: "MI",  # unverified on this flavor
}


def json_api_usage_body(
    user_id: str, account: Account, meter: Meter, query: UsageQuery, locale: Locale
) -> dict[str, Any]:
    """Return GetUsageGeneration's body, with JSON booleans.

    P1 api.py:372-396; 452-476 (`UsageOrGeneration: True`); 492-516 (`IsNetUsage: True`).

    `Type` "D" answers money in `UsageValue` and usage in `value` (P2 sensor.py:1521-1525);
    `MeterNumber` is "" as every peer sends it. The `date` of an hourly call and the daily
    range are unverified: P1 sends both empty (its daily call takes the portal's trailing
    days); they are written `MM/dd/yyyy` as P1 writes its other request dates
    (`UpdatedDate`, api.py:196; the billing history's `FromDate`/`ToDate`, coordinator.py:
    255-258). A tenant that ignores them answers its own window, which `UsageSeries.days`
    shows.
    """
    interval = query.resolution in (Resolution.HOUR, Resolution.QUARTER_HOUR)
    daily = query.resolution is Resolution.DAY
    first = query.day - timedelta(days=DAILY_WINDOW_DAYS - 1)
    return json_api_account_body(
        user_id,
        account,
        date=query.day.strftime("%m/%d/%Y") if interval else "",
        IsCSR=False,
        IsUSD=False,
        Mode=JSON_API_MODES[query.resolution],
        HourlyType="H",
        UsageType=_USAGE_TYPES[meter.meter_type],
        UsageOrGeneration=query.generation,
        GroupId=0,
        LanguageCode=locale.language,
        Type="D" if query.money else "K",
        MeterNumber="",
        IsEnterpriseUser=False,
        SeasonType=0,
        DateFromDaily=first.strftime("%m/%d/%Y") if daily else "",
        IsNetUsage=query.net,
        TimeOffset=locale.time_offset(),
        UserType="Residential",
        DateToDaily=query.day.strftime("%m/%d/%Y") if daily else "",
        UtilityId=0,
        IsLastTendays=False,
    )


# Flavor B: NB Power's WidgetAPI (P7 dnlbck/ha-nbpower api.py `get_usage`; P8 noslent/nbpower-ha).


WIDGET_MODES: Mapping[Resolution, str] = {
    Resolution.BILLING: "M",
    Resolution.DAY: "D",
    # `H` answers yesterday only; `MI` (upper case: `Mi` answers nothing) gives any day of
    # about the last year in 96 quarter-hours (P7 api.py docstring, `get_interval_usage`).
    Resolution.HOUR: "MI",
    Resolution.QUARTER_HOUR: "MI",
}


def widget_usage_body(
    token: str, account: Account, meter: Meter, query: UsageQuery
) -> dict[str, Any]:
    """Return GetUsageGeneration's body as NB Power's portal sends it.

    `strdate` M/D/YYYY, `date` "Month D, YYYY", `IsNetUsage` as the string "false"/"true"
    (P7 api.py `get_usage`).
    """
    day = (
        query.day
        if query.resolution in (Resolution.HOUR, Resolution.QUARTER_HOUR)
        else None
    )
    return {
        "Type": "K",
        "Mode": WIDGET_MODES[query.resolution],
        "strdate": f"{day.month}/{day.day}/{day.year}" if day else None,
        "enddate": None,
        "date": f"{day:%B} {day.day}, {day.year}" if day else None,
        "hourlyType": "H",
        "seasonId": "",
        "weatherOverlay": 1,
        "usageyear": "",
        "MeterNumber": meter.meter_number,
        "DateFromDaily": "",
        "DateToDaily": "",
        "IsNetUsage": "true" if query.net else "false",
        "IsNewUsageApi": "true",
        "usageType": _USAGE_TYPES[meter.meter_type],
        "LanguageCode": "EN",
        "Token": token,
        "AccountNumber": account.account_number,
        "UtilityAccountNumber": account.utility_account_number,
        "UserType": "Residential",
        "Uom": "kW",
        # "Observed live as RES_URBAN; ... appears not to be validated" (P7 `get_usage`).
        "RatePlanCategoryName": "RES_URBAN",
    }


# Flavor D: the mobile `.svc` services.


def session_code() -> str:
    """Return a fresh `SessionCode`: twelve letters, like the captured request's."""
    return "".join(secrets.choice(string.ascii_uppercase) for _ in range(12))


def mobile_login_params(
    dialect: MobileDialect,
    username: str,
    password_sha256: str,
    locale: Locale,
    now: datetime,
) -> list[tuple[str, str]]:
    """Return ValidateUserLoginMob's parameters in the dialect's names and order.

    SEED: `{"UserId", "Password"}` (the seed article). SEW: the nine parameters of SEW's own
    request, in its order (`../shared/realworld/sew/sew-scp-ValidateUserLoginMob-request.json`
    `decrypted_params_in_order`). Both send the password as lowercase SHA-256 hex. The
    `IPAddress` the app sends is its own; no value is known to be required.
    """
    if dialect is MobileDialect.SEED:
        return [("UserId", username), ("Password", password_sha256)]
    stamp = _updated_date(now)
    return [
        ("userid", username),
        ("password", password_sha256),
        ("PushToken", "(null)"),
        ("IPAddress", ""),
        ("UpdatedDate", stamp),
        ("TimeOffSet", locale.time_offset()),
        ("LUpdHideShow", stamp),
        ("SessionCode", session_code()),
        ("LanguageCode", locale.language),
    ]


def encode_query(params: list[tuple[str, str]], dialect: MobileDialect) -> str:
    """Write parameters as the dialect does.

    The seed percent-encodes them (`urllib.parse.urlencode`); SEW's own code joins them raw,
    so an e-mail keeps its `@`.
    """
    if dialect is MobileDialect.SEED:
        return urlencode(params)
    return "&".join(f"{name}={value}" for name, value in params)


def decode_query(text: str) -> list[tuple[str, str]]:
    """Split a raw (SEW dialect) query into its parameters, values untouched."""
    pairs = []
    for part in text.split("&"):
        name, _, value = part.partition("=")
        pairs.append((name, value))
    return pairs


def mobile_body(
    ciphertext: str, dialect: MobileDialect, encryption: Encryption
) -> dict[str, str]:
    """Return the JSON body around an encrypted query.

    SEED: `{"EncType": "A", "EncQuery"}` (the seed article; "I" for the zero-IV variant).
    SEW: `{"EncQuery", "encType": "I"}`, key order and label as captured, although that
    ciphertext decrypts with IV = key (P16 LoginMobile.java:34-35).
    """
    if dialect is MobileDialect.SEW:
        return {"EncQuery": ciphertext, "encType": "I"}
    return {
        "EncType": "A" if encryption is Encryption.KEY_IV else "I",
        "EncQuery": ciphertext,
    }


MOBILE_MODES: Mapping[Resolution, str] = {
    Resolution.BILLING: "M",
    Resolution.DAY: "D",
    Resolution.HOUR: "H",
    Resolution.QUARTER_HOUR: "MI",
}
# Unverified: no public client of a mobile usage call exists. `Type` codes per unit, and
# `UsageOrGeneration` "1" for usage as the web portal sends it (P9 funkadelic/ha-acwd
# acwd_api.py:500; P12 Tango `UsageRequest`); "2" for generation is a guess.
MOBILE_TYPES: Mapping[MeterType, str] = {
    MeterType.ELECTRIC: "K",
    MeterType.SOLAR: "K",
    MeterType.WATER: "G",
    MeterType.GAS: "C",
}
# The billing-cycle summary mode of the web portal (P9 __init__.py:402-403), asked for the
# month-to-date block on the mobile flavor (unverified).
MOBILE_PROJECTION_MODE = "B"


def mobile_usage_params(
    account: Account, meter: Meter, mode: str, day: date, query: UsageQuery | None
) -> dict[str, str]:
    """Return GetUsageGenerationMob's parameters (unverified, see above)."""
    generation = query is not None and query.generation
    net = query is not None and query.net
    return {
        "AccountNumber": account.account_number,
        "UtilityAccountNumber": account.utility_account_number,
        "MeterNumber": meter.meter_number,
        "MeterType": meter.meter_type.value,
        "Mode": mode,
        "Type": MOBILE_TYPES[meter.meter_type],
        "HourlyType": "H",
        "UsageOrGeneration": "2" if generation else "1",
        "IsNetUsage": "1" if net else "0",
        "strDate": day.strftime("%m/%d/%Y"),
        "DateFromDaily": "",
        "DateToDaily": "",
    }
