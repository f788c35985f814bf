"""How one web-portal tenant differs from another: the variants the evidence shows.

Every field names the peer that shows it (research note web-portal.md; tags: ACWD1 =
funkadelic/ha-acwd @ 2ceb7e57, ACWD2 = parvez/acwd_water_usage @ 1f930a5c, CPAU =
jsinnott/cpau @ 77debbfa / f6351643, HID-W = sarbuandreidaniel/hidroelectrica @ 8ad14f0f,
TANGO = T-Fowl/tango-energy-usage-exporter @ 00444302 main.go, PGW = public index file
58116319574, SCM = KaranWalia1387/Test1 @ 372fddcc).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from simulators.sew.truth.recorded import acwd_hourly_day
from simulators.sew.truth.web_tenants import ACWD_METER, DEMO_MIGRATED_USERNAME


class LoginToken(StrEnum):
    """What the login page carries."""

    # `<input type="hidden" name="hdnCSRFToken" id="hdnCSRFToken">`: ACWD1 collects hidden
    # inputs by name (acwd_api.py:46,62-80,199-203), ACWD2 by id (sensor.py:167); the token
    # is the session's CSRF token (ACWD2 sends it on every later call, sensor.py:275-280).
    HIDDEN_FIELD = "hidden_field"
    # `<input name="__RequestVerificationToken" type="hidden" value=...>` (CPAU session.py
    # :85, regex name-then-value on one line). CPAU sends it as `csrftoken` on login only
    # and takes the data-call token from Usages.aspx (session.py:161-165, 284-290).
    # ASSUMPTION: its value is not the session's CSRF token (it is ASP.NET's anti-forgery
    # token, a different thing), so a data call sending it is refused.
    REQUEST_VERIFICATION = "request_verification"


class FailureStyle(StrEnum):
    """How a refused login answers (inside `d`)."""

    # `[{"STATUS": "0", "Message": ...}]` (ACWD1 acwd_api.py:160-163; its test mock
    # tests/test_acwd_api.py:196)
    ROW = "row"
    # `{"dtResponse": [{"Status": "0", "Message": ...}]}` (HID-W auth.py:128-135; HID-C
    # web_portal_api.py:306-316 with the real text "Invalid Captcha"; ACWD1 l.144-147)
    TABLE = "table"


class LoginAnswer(StrEnum):
    """An answer a test forces on one login (see `WebPortal.force_login_answer`)."""

    TWO_FACTOR = (
        "two_factor"  # {"Table": [{MaskedEmail, MaskedPhone}]} (HID-W auth.py:137)
    )
    MIGRATED = "migrated"  # {"d": "Migrated User Found"} (ACWD1 acwd_api.py:135)
    SERVER_ERROR = "server_error"  # {"dtException": [...]} (HID-W auth.py:117-126)
    FAILURE_ROW = "failure_row"
    FAILURE_TABLE = "failure_table"


class RowStyle(StrEnum):
    """How usage rows label their time and which fields they carry."""

    # "12:00 AM" hours, "December 3, 2025" dates (ACWD1 tests/conftest.py:71-123,
    # statistics.py:321-334; ACWD2 sensor.py:99-104); one row per period.
    ACWD = "acwd"
    # "HH:MM" hours, "MM/DD/YY" dates, IUsage/Eusage rows for net-metered meters (CPAU
    # electric_meter.py:619-661; the Mode M capture).
    CPAU = "cpau"


type RecordedDay = tuple[str, Callable[[], tuple[date, list[float]]]]


@dataclass(frozen=True, slots=True)
class WebStyle:
    """A tenant's web-portal variant.

    - folder: the portal folder the base URL ends in ("portal" at ACWD, ACWD1
      acwd_api.py:56; "Portal" at CPAU, session.py:77). IIS matches it in any case.
    - login_token: see LoginToken.
    - dashboard_option: the login row's `DashboardOption` ("1" Dashboard.aspx, "2"
      DashboardCustom.aspx: ACWD1 acwd_api.py:93-99; SCM default.js:494-501). CPAU's
      browser lands on DashboardCustom.aspx (script_output.txt:127).
    - failure: how a wrong password answers (see FailureStyle).
    - rows: see RowStyle.
    - quarter_hours: how 15-minute data are asked: ("H", "Q") = Mode H + hourlyType Q
      (ACWD1 acwd_api.py:455,463; __init__.py:137), ("MI", "") = Mode MI (CPAU
      electric_meter.py:34-40, TANGO main.go:454).
    - pretty_meters: BindMultiMeter's `d` is indented JSON with CRLF (CPAU capture).
    - cycle_months: billing rows Mode M answers ("Usage_MonthDuration" 13 and 13 periods
      in the CPAU capture).
    - net_metering: net-metered electric meters answer IUsage and Eusage rows (CPAU).
    - tentative_projection: getTentativeData carries the projection (ACWD1 sensor.py
      :91-150); False answers `[]` (the CPAU capture).
    - locality: (CityName, StateName, Zipcode) of usage answers' first result set (the
      CPAU capture: "Palo Alto", "CALIFORNIA", "94306").
    - migrated_logins: logins answering "Migrated User Found".
    - recorded_days: real days recorded as a meter's truth when the portal starts.
    """

    folder: str
    login_token: LoginToken
    dashboard_option: str
    failure: FailureStyle
    rows: RowStyle
    quarter_hours: tuple[str, str]
    pretty_meters: bool
    cycle_months: int
    net_metering: bool
    tentative_projection: bool
    locality: tuple[str, str, str]
    migrated_logins: frozenset[str] = frozenset({DEMO_MIGRATED_USERNAME})
    recorded_days: tuple[RecordedDay, ...] = ()


ACWD_STYLE = WebStyle(
    folder="portal",
    login_token=LoginToken.HIDDEN_FIELD,
    dashboard_option="1",
    failure=FailureStyle.ROW,
    rows=RowStyle.ACWD,
    quarter_hours=("H", "Q"),
    pretty_meters=False,
    # Mode B answers every cycle; 24 monthly cycles stand for ACWD's bimonthly ones.
    cycle_months=24,
    net_metering=False,
    tentative_projection=True,
    locality=("Fremont", "CALIFORNIA", "94538"),
    # The real hourly day of the capture (realworld/sew/acwd-web-LoadWaterUsage-hourly-
    # 2025-12-09.json) is the truth of the demo meter on its date.
    recorded_days=((ACWD_METER, acwd_hourly_day),),
)

PALO_ALTO_STYLE = WebStyle(
    folder="Portal",
    login_token=LoginToken.REQUEST_VERIFICATION,
    dashboard_option="2",
    # Which shape CPAU refuses a login with is unknown (its peer only tests for success,
    # session.py:117-139); the table form is the one a real answer shows (HID-C).
    failure=FailureStyle.TABLE,
    rows=RowStyle.CPAU,
    quarter_hours=("MI", ""),
    pretty_meters=True,
    cycle_months=13,
    net_metering=True,
    tentative_projection=False,
    locality=("Palo Alto", "CALIFORNIA", "94306"),
)
