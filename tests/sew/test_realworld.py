"""Every real capture in `../shared/realworld/sew/` read through the client's parsers."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
import json
from typing import Any
from zoneinfo import ZoneInfo

from Crypto.Cipher import AES
from Crypto.Util.Padding import unpad
import pytest

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    Encryption,
    Locale,
    MeterType,
    MobileDialect,
    Resolution,
    UsageStatus,
)
from custom_components.sew_thinq.sew.accounts import parse_accounts, parse_meters
from custom_components.sew_thinq.sew.bodies import (
    decode_query,
    encode_query,
    mobile_body,
    mobile_login_params,
)
from custom_components.sew_thinq.sew.crypto import decrypt, encrypt
from custom_components.sew_thinq.sew.envelopes import data_rows, result_of
from custom_components.sew_thinq.sew.projection import parse_projection
from custom_components.sew_thinq.sew.usage import UsageQuery, parse_usage

from .conftest import REALWORLD

ACWD = "acwd-web-LoadWaterUsage-hourly-2025-12-09.json"
NBPOWER = "nbpower-widgetapi-getTentativeData-live.json"
SEW_REQUEST = "sew-scp-ValidateUserLoginMob-request.json"
TANGO = "tango-web-response-shapes.json"
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
# ACWD's 24 hourly gallons of 2025-12-09 (funkadelic/ha-acwd tests/conftest.py:71-101).
ACWD_GALLONS = [
    2.17, 2.69, 4.11, 5.31, 2.77, 2.32, 2.39, 2.17, 2.39, 2.54, 2.62, 2.39,
    41.97, 58.87, 26.91, 4.19, 4.04, 5.09, 4.19, 6.13, 3.83, 4.14, 7.26, 3.82,
]  # fmt: skip


def load(name: str) -> Any:
    """Read a capture."""
    return json.loads((REALWORLD / name).read_text(encoding="utf-8"))


def test_every_capture_is_covered() -> None:
    """A capture added to the folder needs a test here."""
    assert REALWORLD.is_dir(), f"{REALWORLD} is missing: clone beside ../shared"
    assert {path.name for path in REALWORLD.glob("*.json")} == {
        ACWD,
        NBPOWER,
        SEW_REQUEST,
        TANGO,
    }


def test_acwd_hourly_gallons() -> None:
    """ACWD's hourly rows.

    (`Hourly` + `UsageValue`) give 24 readings, hour by hour, and their sum, as the
    web portal's `{"d": "<JSON string>"}` carries them.
    """
    wrapped = {"d": json.dumps(load(ACWD))}
    answer = json.loads(wrapped["d"])
    day = date(2025, 12, 9)
    series = parse_usage(
        answer["objUsageGenerationResultSetTwo"],
        UsageQuery(Resolution.HOUR, day),
        zone=LOS_ANGELES,
        meter_number="230057301",
        unit="gal",
        locale=Locale(),
    )
    assert series.status is UsageStatus.ROWS
    assert series.days == (day,)
    midnight = datetime(2025, 12, 9, tzinfo=LOS_ANGELES).astimezone(UTC)
    assert [r.start for r in series.readings] == [
        midnight + timedelta(hours=hour) for hour in range(24)
    ]
    assert [r.value for r in series.readings] == ACWD_GALLONS
    assert all(
        r.unit == "gal" and r.duration == timedelta(hours=1) for r in series.readings
    )
    assert sum(r.value for r in series.readings) == pytest.approx(204.31)
    assert series.readings[13].start.astimezone(LOS_ANGELES).hour == 13
    assert series.readings[13].value == 58.87


def test_nbpower_projection_in_kwh_and_cad() -> None:
    """NB Power's live block: 1,440 kWh and 228.13 CAD projected, never 1,440 dollars."""
    nbpower = KNOWN_UTILITIES["nbpower"]
    rows = data_rows(result_of(load(NBPOWER)), "getTentativeData")
    projection = parse_projection(rows, "kWh", nbpower.locale)
    assert nbpower.locale.currency == "CAD"
    assert projection.unit == "kWh"
    assert projection.projected_usage == 1440.0
    assert projection.projected_cost == 228.13
    assert projection.usage_so_far == 1388.0
    assert projection.cost_so_far == 219.89
    assert projection.average == 1874.0
    assert projection.highest == 2640.0


def test_sew_mobile_request_dialect() -> None:
    """SEW's own request reads as the `sew` dialect.

    SEW's own request reads as the `sew` dialect: its parameters in order, values raw
    (an `@` in the user id), and the client writes the same shape.
    """
    capture = load(SEW_REQUEST)
    clear = capture["decrypted_EncQuery"]
    params = decode_query(clear)
    assert [name for name, _ in params] == capture["decrypted_params_in_order"]
    values = dict(params)
    assert "@" in values["userid"]
    assert "%" not in clear
    assert values["UpdatedDate"] == "06/16/2017 09:56:55"
    assert values["PushToken"] == "(null)"
    assert encode_query(params, MobileDialect.SEW) == clear
    # The client's own login parameters: the same names in the same order.
    ours = mobile_login_params(
        MobileDialect.SEW,
        "a@b.c",
        "0" * 64,
        Locale(),
        datetime.fromisoformat("2017-06-16"),
    )
    assert [name for name, _ in ours] == capture["decrypted_params_in_order"]
    # The body: `EncQuery` then `encType` "I", decrypting with IV = key.
    ciphertext = encrypt(clear, Encryption.KEY_IV)
    body = mobile_body(ciphertext, MobileDialect.SEW, Encryption.KEY_IV)
    assert list(body) == capture["body_keys"]
    assert body["encType"] == capture["body"]["encType"]
    assert "\n" not in body["EncQuery"]
    assert decrypt(body["EncQuery"], Encryption.KEY_IV) == clear
    # With a zero IV only the first block differs: "with a zero IV the first block is
    # garbage" (the capture's note).
    garbled = decrypt_raw_blocks(ciphertext)
    assert garbled[16:] == clear.encode()[16:]
    assert garbled[:16] != clear.encode()[:16]


def decrypt_raw_blocks(ciphertext: str) -> bytes:
    """Decrypt with a zero IV, without decoding the text."""
    cipher = AES.new(b"PasswordPassword", AES.MODE_CBC, iv=bytes(16))
    return unpad(cipher.decrypt(base64.b64decode(ciphertext)), 16)


# A value of each JSON type the Tango schema declares (Go's string/float64/int/bool).
SAMPLES: dict[str, dict[str, Any]] = {
    "UsageDate": {"string": "December 3, 2025"},
    "Hourly": {"string": "1:00 PM"},
    "WeatherUsageDate": {"string": "December 3, 2025"},
    "RatePlanDetailName": {"string": "Residential"},
    "TimeZoneId": {"string": "Central Standard Time"},
    "IsDefaultAccount": {"string": "1"},
    "IsTwoFactor": {"string": "0"},
    "STATUS": {"string": "1"},
    "UsageCycle": {"string": "11/20/2025 to 12/19/2025"},
}
TYPED = {
    "string": "x",
    "float64": 1.25,
    "int": 2,
    "bool": True,
    "any": None,
    '"1"': "1",
    '"K"': "K",
    '"H"': "H",
}


def sample(name: str, declared: str) -> Any:
    """Return a value of a declared type for a field."""
    kind = declared.split(maxsplit=1)[0]
    if kind.startswith('"'):
        return kind.strip('"')
    if override := SAMPLES.get(name, {}).get(kind):
        return override
    if name in ("Day", "Month") and kind == "int":
        return 3 if name == "Day" else 12
    if name == "Year" and kind == "int":
        return 2025
    if name == "Minute" and kind == "int":
        return 0
    return TYPED.get(kind, "x")


def typed_row(schema: dict[str, str]) -> dict[str, Any]:
    """Return a row with every field of a schema, each of its declared type."""
    return {name: sample(name, declared) for name, declared in schema.items()}


def test_tango_schema_is_accepted() -> None:
    """Rows with the Tango schema's field names and JSON types parse.

    Rows with the Tango schema's field names and JSON types parse: usage rows, the
    login's account rows, meter rows and the month-to-date block.
    """
    shapes = load(TANGO)
    usage_row = typed_row(shapes["objUsageGenerationResultSetTwo[]"])
    usage_row["MeterNumber"] = usage_row["Ami_MeterNumber"] = "M1"
    series = parse_usage(
        [usage_row],
        UsageQuery(Resolution.HOUR, date(2025, 12, 3)),
        zone=ZoneInfo("America/Chicago"),
        meter_number="M1",
        unit="kWh",
        locale=Locale(),
    )
    (reading,) = series.readings
    assert (reading.value, reading.cost) == (1.25, 1.25)
    assert reading.start.astimezone(ZoneInfo("America/Chicago")).hour == 13

    account_row = typed_row(shapes["AccountData (one per account)"])
    account_row["AccountNumber"] = "100200"
    account_row["MeterType"] = "E"
    (account,) = parse_accounts([account_row], ZoneInfo("UTC"))
    assert account.time_zone == ZoneInfo("America/Chicago")
    assert account.is_default
    assert account.meter_types == (MeterType.ELECTRIC,)

    meter_row = typed_row(shapes["MeterDetails[]"])
    meter_row["MeterType"] = "E"
    (meter,) = parse_meters([meter_row], account, MeterType.ELECTRIC)
    assert meter.is_ami
    assert meter.active

    block = typed_row(shapes["getTentativeData[]"])
    projection = parse_projection([block], "kWh", Locale())
    assert projection.projected_usage == 1.25
    assert projection.projected_cost is None
    assert projection.cycle_start == date(2025, 11, 20)
