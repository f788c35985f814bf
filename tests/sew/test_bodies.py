"""Request bodies as the peers send them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from custom_components.sew_thinq.sew import (
    Account,
    Locale,
    Meter,
    MeterType,
    MobileDialect,
    Resolution,
)
from custom_components.sew_thinq.sew.bodies import (
    decode_query,
    encode_query,
    json_api_login_body,
    json_api_usage_body,
    mobile_login_params,
    mobile_usage_params,
    widget_usage_body,
)
from custom_components.sew_thinq.sew.usage import UsageQuery

RO = Locale(language="RO", time_zone="Europe/Bucharest")
ACCOUNT = Account("8000123456", "4001234567", None, ZoneInfo("UTC"), True)
METER = Meter("8000123456", "MTR001", MeterType.ELECTRIC, True, True, "kWh")
NOW = datetime.fromisoformat("2026-07-01T09:05:07")  # naive, as logins write it


def test_json_api_login() -> None:
    """ValidateUserLogin's body.

    (emanuelbesliu/homeassistant-ihidro api.py:193-207): the plain password,
    `TimeOffSet` "120" for Bucharest all year.
    """
    body = json_api_login_body("ion@example.ro", "secret", RO, NOW)
    assert body["UserId"] == "ion@example.ro"
    assert body["password"] == "secret"
    assert body["LanguageCode"] == "RO"
    assert body["UpdatedDate"] == body["LUpdHideShow"] == "07/01/2026 09:05:07"
    assert body["TimeOffSet"] == "120"
    assert body["TFADeviceid"] == ""
    assert body["OSVersion"] == 14


def test_json_api_usage_booleans() -> None:
    """GetUsageGeneration carries JSON booleans.

    GetUsageGeneration carries JSON booleans: generation is `UsageOrGeneration: true`,
    net usage `IsNetUsage: true` (api.py:452-476, 492-516); `Type` "D", `MeterNumber` "".
    """
    usage = json_api_usage_body(
        "10245",
        ACCOUNT,
        METER,
        UsageQuery(Resolution.BILLING, date(2026, 7, 1), money=True),
        RO,
    )
    assert usage["UsageOrGeneration"] is False
    assert usage["IsNetUsage"] is False
    assert usage["IsCSR"] is False
    assert usage["Mode"] == "M"
    assert usage["Type"] == "D"
    assert usage["MeterNumber"] == ""
    assert usage["date"] == ""
    assert usage["TimeOffset"] == "120"
    assert (usage["UserID"], usage["UtilityAccountNumber"], usage["AccountNumber"]) == (
        "10245",
        "4001234567",
        "8000123456",
    )
    generation = json_api_usage_body(
        "10245",
        ACCOUNT,
        METER,
        UsageQuery(Resolution.DAY, date(2026, 7, 1), generation=True),
        RO,
    )
    assert generation["UsageOrGeneration"] is True
    assert generation["Mode"] == "D"
    # Usage (not money) is `Type` "K"; the daily range as P1 writes request dates.
    assert generation["Type"] == "K"
    assert (generation["DateFromDaily"], generation["DateToDaily"]) == (
        "06/02/2026",
        "07/01/2026",
    )
    net = json_api_usage_body(
        "10245",
        ACCOUNT,
        METER,
        UsageQuery(Resolution.HOUR, date(2026, 7, 1), net=True),
        RO,
    )
    assert net["IsNetUsage"] is True
    assert net["date"] == "07/01/2026"


def test_widget_usage() -> None:
    """NB Power's body.

    (dnlbck/ha-nbpower api.py `get_usage`): strings for booleans, `strdate`
    M/D/YYYY, `date` "Month D, YYYY", `MI` upper case for hours.
    """
    hourly = widget_usage_body(
        "token-abc123", ACCOUNT, METER, UsageQuery(Resolution.HOUR, date(2026, 9, 5))
    )
    assert hourly["Mode"] == "MI"
    assert hourly["strdate"] == "9/5/2026"
    assert hourly["date"] == "September 5, 2026"
    assert hourly["IsNetUsage"] == "false"
    assert hourly["IsNewUsageApi"] == "true"
    assert hourly["Type"] == "K"
    assert hourly["Token"] == "token-abc123"
    assert hourly["MeterNumber"] == "MTR001"
    assert hourly["enddate"] is None
    assert hourly["weatherOverlay"] == 1
    monthly = widget_usage_body(
        "t", ACCOUNT, METER, UsageQuery(Resolution.BILLING, date(2026, 9, 5), net=True)
    )
    assert monthly["Mode"] == "M"
    assert monthly["strdate"] is None
    assert monthly["date"] is None
    assert monthly["IsNetUsage"] == "true"


def test_mobile_login_dialects() -> None:
    """The two mobile dialects write the login differently.

    The seed sends `UserId`/`Password` percent-encoded; SEW's own code sends its nine
    parameters raw (`../shared/realworld/sew/sew-scp-ValidateUserLoginMob-request.json`).
    """
    digest = "ab" * 32
    seed = mobile_login_params(
        MobileDialect.SEED, "jane@example.com", digest, Locale(), NOW
    )
    assert encode_query(seed, MobileDialect.SEED) == (
        f"UserId=jane%40example.com&Password={digest}"
    )
    sew = mobile_login_params(
        MobileDialect.SEW, "jane@example.com", digest, Locale(), NOW
    )
    text = encode_query(sew, MobileDialect.SEW)
    assert text.startswith(
        f"userid=jane@example.com&password={digest}&PushToken=(null)&"
    )
    assert "UpdatedDate=07/01/2026 09:05:07&TimeOffSet=0&" in text
    assert decode_query(text) == sew
    session_code = dict(sew)["SessionCode"]
    assert len(session_code) == 12
    assert session_code.isalpha()


def test_mobile_usage_params() -> None:
    """The mobile usage call is unverified: the old parameter set, strings throughout."""
    params = mobile_usage_params(
        ACCOUNT,
        METER,
        "H",
        date(2026, 9, 5),
        UsageQuery(Resolution.HOUR, date(2026, 9, 5), net=True),
    )
    assert params["UsageOrGeneration"] == "1"
    assert params["IsNetUsage"] == "1"
    assert params["strDate"] == "09/05/2026"
    assert params["Type"] == "K"
    projection = mobile_usage_params(ACCOUNT, METER, "B", date(2026, 9, 5), None)
    assert projection["Mode"] == "B"
    assert projection["IsNetUsage"] == "0"
