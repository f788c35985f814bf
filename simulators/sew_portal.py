"""A simulated SEW Smart Customer Mobile utility portal.

Built from the protocol notes (docs/sew-protocol.md), not from what any client sends. One
aiohttp server answers both flavors: the mobile WCF services under `/PortalService/` (AES
encrypted form parameters, `{Method}Result` wrapped answers) and the JSON API under `/API/`
(GetId, Basic tokens, the `{responsestatus, result}` envelope).

The demo data is a pure function of meter and hour: two years of hourly readings cost nothing
at start-up. Hourly data is published two days late, the newest published day is estimated
(and corrected once the next day arrives) and usually partial.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
import functools
import hashlib
import html
import json
import math
import secrets
from typing import Any
from urllib.parse import parse_qsl
import zoneinfo

from aiohttp import web
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad

DEMO_USERNAME = "demo@sew-sim.example"
DEMO_PASSWORD = "Prairie-Sun-2025!"
DEMO_2FA_USERNAME = "twofactor@sew-sim.example"
DEMO_TIME_ZONE = "America/Chicago"
DEMO_WINDOWS_TIME_ZONE = "Central Standard Time"
API_VERSION = "7.5.2"
KEY = b"PasswordPassword"
IVS = {"android": KEY, "ios": bytes(16)}
PUBLICATION_LAG = timedelta(days=2)
MAX_FAILED_LOGINS = 5
HOUR = timedelta(hours=1)

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Fault(StrEnum):
    """Failures the portal can be told to answer with."""

    SERVER_ERROR = "server_error"
    HTML_PAGE = "html_page"
    MALFORMED_JSON = "malformed_json"
    WRONG_SHAPE = "wrong_shape"
    RATE_LIMIT = "rate_limit"
    DELAY = "delay"


class Channel(StrEnum):
    """What a series measures."""

    IMPORT = "import"
    EXPORT = "export"
    GENERATION = "generation"


@dataclass(frozen=True, slots=True)
class Tariff:
    """A two-tier rate per billing cycle, with an export credit and a monthly charge."""

    tier_size: float
    tier1: float
    tier2: float
    export_credit: float
    monthly_charge: float


@dataclass(frozen=True, slots=True)
class SimMeter:
    """A demo meter."""

    number: str
    meter_type: str
    account: str
    kind: str  # electric, water, gas, pv
    unit: str
    decimals: int
    scale: float = 1.0
    solar_kw: float = 0.0
    active: bool = True


@dataclass(frozen=True, slots=True)
class SimAccount:
    """A demo account."""

    number: str
    utility_number: str
    address: str
    is_default: bool
    meters: tuple[SimMeter, ...]


@dataclass(frozen=True, slots=True)
class HourTruth:
    """The true (final) values of one hour of one meter; `start` is in UTC."""

    start: datetime
    imported: float
    exported: float
    generated: float
    cycle_import_before: float


@dataclass(frozen=True, slots=True)
class Reading:
    """One published value: what the portal shows for an hour (or quarter, day, cycle)."""

    start: datetime
    value: float
    cost: float | None
    estimated: bool


TARIFFS: Mapping[str, Tariff] = {
    "electric": Tariff(500.0, 0.1123, 0.1389, 0.0612, 12.50),
    "water": Tariff(3000.0, 0.0052, 0.0071, 0.0, 8.00),
    "gas": Tariff(50.0, 0.89, 0.97, 0.0, 10.00),
}

ACCOUNT_1 = "3001234567"
ACCOUNT_2 = "3009876543"
DEMO_ACCOUNTS: tuple[SimAccount, ...] = (
    SimAccount(
        ACCOUNT_1,
        "300-123-4567",
        "1200 Prairie View Rd, Lincoln, NE 68502",
        True,
        (
            SimMeter("E10004521", "E", ACCOUNT_1, "electric", "kWh", 3, solar_kw=6.2),
            SimMeter("PV10004521", "PV", ACCOUNT_1, "pv", "kWh", 3, solar_kw=6.2),
            SimMeter("W20007788", "W", ACCOUNT_1, "water", "gal", 1),
            SimMeter("G30005566", "G", ACCOUNT_1, "gas", "CCF", 3),
        ),
    ),
    SimAccount(
        ACCOUNT_2,
        "300-987-6543",
        "2101 Cottonwood Ave Apt 4, Lincoln, NE 68508",
        False,
        (
            SimMeter("E10009981", "E", ACCOUNT_2, "electric", "kWh", 3, scale=0.7),
            SimMeter("E10000017", "E", ACCOUNT_2, "electric", "kWh", 3, active=False),
        ),
    ),
)
METERS: Mapping[str, SimMeter] = {
    meter.number: meter for account in DEMO_ACCOUNTS for meter in account.meters
}
UNIT_TYPES: Mapping[str, Mapping[str, float]] = {
    # `Type` parameter -> factor from the meter's own unit.
    "kWh": {"K": 1.0},
    "gal": {"G": 1.0, "W": 1 / 748.052},
    "CCF": {"C": 1.0, "W": 1.0},
}


# ---------------------------------------------------------------------------------------------
# Deterministic demo data


def _noise(*parts: object) -> float:
    """Return a deterministic number in [0, 1) for the given parts."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest) / 2**64


def _temperature(moment: datetime) -> float:
    """Return a plausible Nebraska outdoor temperature (°C) for a local moment."""
    doy = moment.timetuple().tm_yday
    seasonal = 11 + 15 * math.sin(2 * math.pi * (doy - 105) / 365)
    daily = 5 * math.sin(2 * math.pi * (moment.hour - 9) / 24)
    weather = 6 * (_noise("weather", moment.date()) - 0.5)
    return seasonal + daily + weather


def _consumption(meter: SimMeter, moment: datetime) -> float:
    """Return the true consumption of a meter in the hour starting at a local moment."""
    hour = moment.hour
    weekend = moment.weekday() >= 5
    jitter = 0.85 + 0.3 * _noise(meter.number, moment.astimezone(UTC).isoformat())
    temp = _temperature(moment)
    if meter.kind == "electric":
        base = 0.35
        if 6 <= hour < 9:
            base += 0.55
        if 17 <= hour < 22:
            base += 1.1
        if weekend and 10 <= hour < 17:
            base += 0.45
        if 12 <= hour < 21:
            base += max(0.0, temp - 22) * 0.22
        base += max(0.0, 8 - temp) * 0.05
        return base * jitter * meter.scale
    if meter.kind == "water":
        shower = 7 <= hour < 9 if weekend else 6 <= hour < 8
        litres = 0.4 + (32 if shower else 0) + (14 if 18 <= hour < 21 else 0)
        summer = moment.month in {5, 6, 7, 8, 9}
        if summer and hour == 5 and moment.weekday() in {0, 2, 4}:
            litres += 180
        return litres * jitter * meter.scale
    if meter.kind == "gas":
        heating = max(0.0, 16 - temp) * 0.021
        cooking = 0.03 if 17 <= hour < 19 else 0.0
        return (0.015 + heating + cooking) * jitter * meter.scale
    return 0.0


def _solar(meter: SimMeter, moment: datetime) -> float:
    """Return the true solar generation (kWh) in the hour starting at a local moment."""
    if not meter.solar_kw:
        return 0.0
    doy = moment.timetuple().tm_yday
    day_length = 12 + 3 * math.sin(2 * math.pi * (doy - 80) / 365)
    noon = 13.0 if moment.dst() else 12.0
    sunrise = noon + 0.3 - day_length / 2
    position = (moment.hour + 0.5 - sunrise) / day_length
    if not 0 < position < 1:
        return 0.0
    clouds = 0.3 + 0.7 * _noise("clouds", moment.date())
    season = 0.75 + 0.25 * math.sin(2 * math.pi * (doy - 80) / 365)
    return meter.solar_kw * 0.82 * math.sin(math.pi * position) * clouds * season


def local_hours(day: date, zone: zoneinfo.ZoneInfo) -> list[datetime]:
    """Return the aware starts of every real hour of a local day (23, 24 or 25)."""
    start = datetime.combine(day, time(), zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    return [
        (start + i * HOUR).astimezone(zone) for i in range(int((end - start) / HOUR))
    ]


def _cycle_start(day: date) -> date:
    """Return the first day of the (calendar-month) billing cycle holding a day."""
    return day.replace(day=1)


def _cycle_end(day: date) -> date:
    """Return the last day of the billing cycle holding a day."""
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


@functools.lru_cache(maxsize=8192)
def _true_day(meter: SimMeter, day: date, zone_key: str) -> tuple[HourTruth, ...]:
    """Return the true hourly values of a meter for a local day."""
    zone = zoneinfo.ZoneInfo(zone_key)
    before = _cycle_import_before(meter, day, zone_key)
    hours: list[HourTruth] = []
    for local in local_hours(day, zone):
        used = _consumption(meter, local)
        made = _solar(meter, local)
        start = local.astimezone(UTC)
        if meter.kind == "pv":
            imported, exported, generated = 0.0, 0.0, made
        else:
            imported, exported, generated = (
                max(used - made, 0.0),
                max(made - used, 0.0),
                made,
            )
        truth = HourTruth(
            start,
            round(imported, meter.decimals),
            round(exported, meter.decimals),
            round(generated, meter.decimals),
            before,
        )
        before += truth.imported
        hours.append(truth)
    return tuple(hours)


@functools.lru_cache(maxsize=8192)
def _cycle_import_before(meter: SimMeter, day: date, zone_key: str) -> float:
    """Return the true import of a meter from its cycle's start up to (not including) a day."""
    if day == _cycle_start(day):
        return 0.0
    previous = day - timedelta(days=1)
    return _cycle_import_before(meter, previous, zone_key) + sum(
        hour.imported for hour in _true_day(meter, previous, zone_key)
    )


def _tiered_cost(tariff: Tariff, value: float, before: float) -> float:
    """Return the cost of `value` units when `before` units were already used this cycle."""
    first = min(max(tariff.tier_size - before, 0.0), value)
    return first * tariff.tier1 + (value - first) * tariff.tier2


def _format_number(value: float) -> str:
    """Format a number as .NET DataSets often do: a plain decimal string."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _mdy(day: date) -> str:
    """Return MM/DD/YY."""
    return day.strftime("%m/%d/%y")


def _long_date(day: date) -> str:
    """Return `December 3, 2025`."""
    return f"{day:%B} {day.day}, {day.year}"


def _dotnet_date(moment: date | datetime) -> str:
    """Return `/Date(ms)/` for a naive local date or time, counted as if it were UTC."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    naive = moment.replace(tzinfo=None)
    millis = (naive - datetime(1970, 1, 1)) // timedelta(milliseconds=1)  # noqa: DTZ001
    return f"/Date({millis})/"


def _hour_12(moment: datetime) -> str:
    """Return `12:00 AM` style."""
    return moment.strftime("%I:%M %p")


def _hour_24(moment: datetime) -> str:
    """Return `13:00` style."""
    return moment.strftime("%H:%M")


# ---------------------------------------------------------------------------------------------
# HTML the real services serve

_WCF_STYLE = (
    "BODY { color: #000000; background-color: white; font-family: Verdana; margin-left: 0px; "
    "margin-top: 0px; } #content { margin-left: 30px; font-size: .70em; padding-bottom: 2em; } "
    ".heading1 { background-color: #003366; border-bottom: #336699 6px solid; color: #ffffff; "
    "font-family: Tahoma; font-size: 26px; font-weight: normal;margin: 0em 0em 10px -20px; "
    "padding-bottom: 8px; padding-left: 30px;padding-top: 16px;}"
)


def _wcf_page(title: str, body: str) -> str:
    """Return a page in the WCF web-HTTP service style."""
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\r\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\r\n  <head>\r\n'
        f"    <title>{html.escape(title)}</title>\r\n    <style>{_WCF_STYLE}</style>\r\n"
        f'  </head>\r\n  <body>\r\n    <div id="content">\r\n{body}\r\n    </div>\r\n'
        "  </body>\r\n</html>"
    )


def _wcf_request_error(exception_message: str, stack: str) -> str:
    """Return WCF's "Request Error" page, with the exception detail a debug-enabled service shows."""
    return _wcf_page(
        "Request Error",
        '      <p class="heading1">Request Error</p>\r\n'
        "      <p>The server encountered an error processing the request. The exception message "
        f"is '{html.escape(exception_message)}'. See server logs for more details. The exception "
        f"stack trace is: </p>\r\n      <p>{html.escape(stack)}</p>",
    )


MOBILE_OPERATIONS: Mapping[str, tuple[str, ...]] = {
    "UserLogin": ("ValidateUserLoginMob", "GetUserSettingMob"),
    "Usage": ("GetMultiMeterMob", "GetUsageGenerationMob"),
    "Generation": ("GetUsageGenerationMob",),
    "Billing": ("GetBillMob", "GetBillingHistoryListMob"),
}
API_OPERATIONS: Mapping[str, tuple[str, ...]] = {
    "UserLogin": ("GetId", "ValidateUserLogin", "GetUserSetting"),
    "Usage": ("GetMultiMeter", "GetUsageGeneration"),
    "Generation": ("GetUsageGeneration",),
    "Billing": ("GetBill", "GetBillingHistoryList"),
}


def _wcf_help(service_url: str, operations: Iterable[str]) -> str:
    """Return a WCF service's `/help` page."""
    rows = "".join(
        f'<tr><td><a rel="operation" href="help/operations/{op}">{op}</a></td>'
        f'<td><a href="help/operations/{op}">POST</a></td>'
        f"<td>Service at {html.escape(service_url)}/{op}</td></tr>"
        for op in operations
    )
    return _wcf_page(
        f"Operations at {service_url}",
        f'      <p class="heading1">Operations at {html.escape(service_url)}</p>'
        "<p>This page describes the service operations at this endpoint.</p>"
        f"<table><tr><th>Uri</th><th>Method</th><th>Description</th></tr>{rows}</table>",
    )


def _api_help() -> str:
    """Return the ASP.NET Web API help page listing the API flavor's calls."""
    sections = "".join(
        f'<h2 id="{module}">{module}</h2><table class="help-page-table"><thead><tr>'
        "<th>API</th><th>Description</th></tr></thead><tbody>"
        + "".join(
            f'<tr><td class="api-name"><a href="/API/Help/Api/POST-API-{module}-{op}">'
            f"POST API/{module}/{op}</a></td><td class='api-documentation'><p>"
            "No documentation available.</p></td></tr>"
            for op in ops
        )
        + "</tbody></table>"
        for module, ops in API_OPERATIONS.items()
    )
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n    <meta charset="utf-8" />\n'
        "    <title>ASP.NET Web API Help Page</title>\n</head>\n<body>\n"
        '<header class="help-page"><div class="content-wrapper"><div class="float-left">'
        "<h1>ASP.NET Web API Help Page</h1></div></div></header>\n"
        f'<div id="body" class="help-page"><section class="content-wrapper main-content clear-fix">'
        f"{sections}</section></div>\n</body>\n</html>"
    )


MAINTENANCE_PAGE = (
    "<!DOCTYPE html><html><head><title>Site Under Maintenance</title></head><body>"
    "<h1>We'll be back soon!</h1><p>Our customer portal is undergoing scheduled maintenance."
    "</p></body></html>"
)
IIS_500_PAGE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n<html xmlns="http://www.w3.org/1999/xhtml">'
    '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>'
    '<title>500 - Internal server error.</title></head><body><div id="header"><h1>Server Error</h1>'
    '</div><div id="content"><div class="content-container"><fieldset><h2>500 - Internal server '
    "error.</h2><h3>There is a problem with the resource you are looking for, and it cannot be "
    "displayed.</h3></fieldset></div></div></body></html>"
)


class _RequestError(Exception):
    """A mobile request the WCF service cannot process: answered with its error page."""

    def __init__(self, status: int, message: str, stack: str) -> None:
        """Keep the HTTP status and the exception the service would report."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.stack = stack


class _ApiBadRequestError(Exception):
    """An API request missing an id: HTTP 400 with `responsestatus` -1."""


# ---------------------------------------------------------------------------------------------
# The portal


@dataclass(slots=True)
class _Token:
    """An issued session token."""

    username: str
    user_id: str
    issued: datetime
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class _User:
    """A portal login."""

    username: str
    password: str
    user_id: str
    accounts: tuple[SimAccount, ...]
    two_factor: bool = False


class SewPortal:
    """The state of the simulated portal: data, users, tokens, clock and fault switches."""

    def __init__(
        self,
        *,
        encryption: str = "android",
        token_lifetime: timedelta = timedelta(minutes=20),
        latency: float = 0.0,
        now: datetime | None = None,
        time_zone: str = DEMO_TIME_ZONE,
        encrypt_login_answers: bool = True,
    ) -> None:
        """Set up the portal; `now` fixes the clock (default: real time)."""
        if encryption not in {"android", "ios", "none"}:
            raise ValueError(f"Unknown encryption {encryption!r}")
        self.encryption = encryption
        self.token_lifetime = token_lifetime
        self.latency = latency
        self.zone = zoneinfo.ZoneInfo(time_zone)
        self.encrypt_login_answers = encrypt_login_answers
        self._now = now
        self.requests: Counter[str] = Counter()
        self.users: dict[str, _User] = {
            DEMO_USERNAME: _User(DEMO_USERNAME, DEMO_PASSWORD, "10245", DEMO_ACCOUNTS),
            DEMO_2FA_USERNAME: _User(
                DEMO_2FA_USERNAME,
                DEMO_PASSWORD,
                "10246",
                DEMO_ACCOUNTS[1:],
                two_factor=True,
            ),
        }
        self.locked: set[str] = set()
        self.failed_logins: Counter[str] = Counter()
        self.tokens: dict[str, _Token] = {}
        self.login_keys: dict[str, str] = {}
        self.fault: Fault | None = None
        self.fault_times: int | None = None
        self.fault_after = 0
        self.retry_after: float = 2.0
        self.fault_delay: float = 1.0
        self.app = self._build_app()

    # -- clock -----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """Return the portal's current time (aware)."""
        return self._now if self._now is not None else datetime.now(UTC)

    @now.setter
    def now(self, value: datetime | None) -> None:
        """Fix the clock (None: follow real time)."""
        if value is not None and value.tzinfo is None:
            raise ValueError("The portal's clock needs an aware datetime")
        self._now = value

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self._now = self.now + delta

    @property
    def today(self) -> date:
        """Return the local date."""
        return self.now.astimezone(self.zone).date()

    # -- switches ---------------------------------------------------------------------------

    def inject(
        self,
        fault: Fault,
        *,
        times: int | None = None,
        after: int = 0,
        retry_after: float | None = None,
        delay: float | None = None,
    ) -> None:
        """Answer `times` calls (all when None) with a fault, after `after` good ones."""
        self.fault = fault
        self.fault_times = times
        self.fault_after = after
        if retry_after is not None:
            self.retry_after = retry_after
        if delay is not None:
            self.fault_delay = delay

    def clear_faults(self) -> None:
        """Answer normally again."""
        self.fault = None
        self.fault_times = None

    def expire_all_tokens(self) -> None:
        """Expire every token issued so far."""
        for token in self.tokens.values():
            token.revoked = True

    def lock_account(self, username: str = DEMO_USERNAME) -> None:
        """Lock a login, as the portal does after too many failed attempts."""
        self.locked.add(username)

    def unlock_account(self, username: str = DEMO_USERNAME) -> None:
        """Unlock a login."""
        self.locked.discard(username)
        self.failed_logins.pop(username, None)

    @property
    def request_total(self) -> int:
        """Return how many calls the portal has answered (help pages excluded)."""
        return self.requests.total()

    # -- ground truth -------------------------------------------------------------------------

    @property
    def data_start(self) -> date:
        """Return the first day with data: a cycle start more than two years back."""
        return _cycle_start(self.today - timedelta(days=800))

    @property
    def latest_published_day(self) -> date:
        """Return the newest local day with any published hour."""
        return (self.now - PUBLICATION_LAG - HOUR).astimezone(self.zone).date()

    @property
    def estimated_day(self) -> date:
        """Return the day published as `Estimated` (the newest published one)."""
        return self.latest_published_day

    @property
    def partial_day(self) -> date | None:
        """Return the newest published day when not all of its hours are published yet."""
        day = self.latest_published_day
        hours = local_hours(day, self.zone)
        return day if not self._is_published(hours[-1]) else None

    def _is_published(self, start: datetime) -> bool:
        """Tell whether the hour starting at `start` is published."""
        return start + HOUR + PUBLICATION_LAG <= self.now

    def meter(self, number: str) -> SimMeter:
        """Return a demo meter by number."""
        return METERS[number]

    def true_day(self, meter_number: str, day: date) -> tuple[HourTruth, ...]:
        """Return the true, final hourly values of a meter for a local day."""
        meter = METERS[meter_number]
        if not meter.active or day < self.data_start:
            return ()
        return _true_day(meter, day, self.zone.key)

    def true_hourly(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> list[tuple[datetime, float]]:
        """Return (UTC start, value) of one channel's true, final hourly values for a day."""
        return [
            (hour.start, _channel(hour, channel))
            for hour in self.true_day(meter_number, day)
        ]

    def published_hourly(
        self, meter_number: str, day: date, channel: Channel = Channel.IMPORT
    ) -> list[Reading]:
        """Return the hourly readings (UTC starts) the portal publishes now for a local day.

        The newest published day is estimated (values differ from the truth until the next
        day is published) and may be partial.
        """
        meter = METERS[meter_number]
        tariff = TARIFFS.get(meter.kind)
        estimated = day == self.estimated_day
        readings: list[Reading] = []
        for hour in self.true_day(meter_number, day):
            if not self._is_published(hour.start):
                break
            value = _channel(hour, channel)
            if estimated:
                factor = 0.8 + 0.4 * _noise(
                    "estimate", meter_number, hour.start.isoformat()
                )
                value = round(value * factor, meter.decimals)
            cost: float | None = None
            if tariff is not None and channel is Channel.IMPORT:
                cost = round(_tiered_cost(tariff, value, hour.cycle_import_before), 4)
            elif tariff is not None and channel is Channel.EXPORT:
                cost = round(value * tariff.export_credit, 4)
            readings.append(Reading(hour.start, value, cost, estimated))
        return readings

    def day_total(
        self,
        meter_number: str,
        day: date,
        channel: Channel = Channel.IMPORT,
        *,
        published: bool = True,
    ) -> float:
        """Return a day's total: as published now (daily rows) or the true final value."""
        meter = METERS[meter_number]
        if published:
            values = [
                r.value for r in self.published_hourly(meter_number, day, channel)
            ]
        else:
            values = [
                value for _, value in self.true_hourly(meter_number, day, channel)
            ]
        return round(sum(values), meter.decimals)

    def billing_cycles(self) -> list[tuple[date, date]]:
        """Return the completed billing cycles (first and last day), oldest first."""
        cycles: list[tuple[date, date]] = []
        first = self.data_start
        while (last := _cycle_end(first)) < self.today:
            cycles.append((first, last))
            first = last + timedelta(days=1)
        return cycles

    def cycle_total(
        self, meter_number: str, cycle_start: date, channel: Channel = Channel.IMPORT
    ) -> tuple[float, float | None]:
        """Return a billing cycle's true total and cost (calendar-month cycles)."""
        meter = METERS[meter_number]
        tariff = TARIFFS.get(meter.kind)
        total = 0.0
        cost = 0.0
        day = cycle_start
        while day <= _cycle_end(cycle_start):
            for hour in self.true_day(meter_number, day):
                value = _channel(hour, channel)
                total += value
                if tariff is not None and channel is Channel.IMPORT:
                    cost += round(
                        _tiered_cost(tariff, value, hour.cycle_import_before), 4
                    )
                elif tariff is not None and channel is Channel.EXPORT:
                    cost += round(value * tariff.export_credit, 4)
            day += timedelta(days=1)
        return round(total, meter.decimals), round(cost, 2) if tariff else None

    def bill_amount(self, account_number: str, cycle_start: date) -> float:
        """Return an account's bill for a cycle: charges plus usage, minus export credits."""
        account = _account(account_number)
        amount = 0.0
        for meter in account.meters:
            if (tariff := TARIFFS.get(meter.kind)) is None or not meter.active:
                continue
            amount += tariff.monthly_charge
            amount += self.cycle_total(meter.number, cycle_start)[1] or 0.0
            if meter.solar_kw:
                amount -= (
                    self.cycle_total(meter.number, cycle_start, Channel.EXPORT)[1]
                    or 0.0
                )
        return round(amount, 2)

    # -- the HTTP application -------------------------------------------------------------------

    def _build_app(self) -> web.Application:
        """Return the aiohttp application serving both flavors."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/PortalService/{module}.svc/help", self._mobile_help)
        app.router.add_post("/PortalService/{module}.svc/{method}", self._mobile)
        app.router.add_get("/API/Help", self._api_help)
        app.router.add_get("/API/Help/", self._api_help)
        app.router.add_post("/API/{module}/{method}", self._api)
        app.router.add_get("/", self._root)
        return app

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        """Count calls, add latency and answer with the injected fault."""
        if request.method != "POST":
            return await handler(request)
        self.requests[request.path] += 1
        if self.latency:
            await asyncio.sleep(self.latency)
        fault = self.fault
        if fault is not None and self.fault_after > 0:
            self.fault_after -= 1
        elif fault is not None:
            if self.fault_times is not None:
                self.fault_times -= 1
                if self.fault_times <= 0:
                    self.clear_faults()
            if (answer := await self._fault_answer(fault, request)) is not None:
                return answer
        return await handler(request)

    async def _fault_answer(
        self, fault: Fault, request: web.Request
    ) -> web.Response | None:
        """Return the answer a fault gives, or None to answer normally after it (a delay)."""
        mobile = request.path.startswith("/PortalService/")
        match fault:
            case Fault.DELAY:
                await asyncio.sleep(self.fault_delay)
                return None
            case Fault.SERVER_ERROR:
                if mobile:
                    return web.Response(
                        status=500, text=IIS_500_PAGE, content_type="text/html"
                    )
                return web.json_response(
                    {"Message": "An error has occurred."}, status=500
                )
            case Fault.HTML_PAGE:
                return web.Response(text=MAINTENANCE_PAGE, content_type="text/html")
            case Fault.MALFORMED_JSON:
                return web.Response(
                    text='{"responsestatus": 1, "result": {"Status": 1, "Data": {"Tab',
                    content_type="application/json",
                )
            case Fault.WRONG_SHAPE:
                if mobile:
                    method = request.match_info.get("method", "")
                    return web.json_response({f"{method}Result": "[1, 2, 3]"})
                return web.json_response(
                    _envelope("Unexpected", message="Record found")
                )
            case Fault.RATE_LIMIT:
                return web.Response(
                    status=429,
                    text="Too many requests",
                    headers={"Retry-After": f"{self.retry_after:g}"},
                )

    async def _root(self, request: web.Request) -> web.Response:
        """Answer the portal root like a customer portal's landing page."""
        return web.Response(
            text="<!DOCTYPE html><html><head><title>Customer Portal</title></head>"
            "<body><h1>Welcome to your utility's customer portal</h1></body></html>",
            content_type="text/html",
        )

    async def _mobile_help(self, request: web.Request) -> web.Response:
        """Serve a WCF service's help page."""
        module = request.match_info["module"]
        if module not in MOBILE_OPERATIONS:
            return _wcf_not_found()
        url = f"{request.scheme}://{request.host}/PortalService/{module}.svc"
        return web.Response(
            text=_wcf_help(url, MOBILE_OPERATIONS[module]), content_type="text/html"
        )

    async def _api_help(self, request: web.Request) -> web.Response:
        """Serve the API flavor's help page."""
        return web.Response(text=_api_help(), content_type="text/html")

    # -- mobile flavor ------------------------------------------------------------------------

    async def _mobile(self, request: web.Request) -> web.Response:
        """Answer a mobile-flavor call."""
        module = request.match_info["module"]
        method = request.match_info["method"]
        operation = method if method.endswith("Mob") else f"{method}Mob"
        if operation not in MOBILE_OPERATIONS.get(module, ()):
            return _wcf_not_found()
        try:
            params = self._mobile_params(await request.read())
            payload = self._mobile_dispatch(
                module, operation.removesuffix("Mob"), params
            )
        except _RequestError as err:
            return web.Response(
                status=err.status,
                text=_wcf_request_error(err.message, err.stack),
                content_type="text/html",
            )
        text = json.dumps(payload)
        if (
            module == "UserLogin"
            and self.encrypt_login_answers
            and self.encryption in IVS
        ):
            text = _encrypt(text, IVS[self.encryption], line_breaks=True)
        return web.json_response({f"{method}Result": text})

    def _mobile_params(self, body: bytes) -> dict[str, str]:
        """Decode and decrypt a mobile request's parameters as the service would."""
        try:
            document = json.loads(body or b"null")
        except ValueError:
            raise _RequestError(
                400,
                "The incoming message has an unexpected message format 'Raw'. The expected "
                "message formats for the operation are 'Xml'; 'Json'.",
                "at System.ServiceModel.Dispatcher.DemultiplexingDispatchMessageFormatter",
            ) from None
        if not isinstance(document, dict):
            document = {}
        if self.encryption == "none":
            return {str(k): str(v) for k, v in document.items() if v is not None}
        query = document.get("EncQuery")
        if not isinstance(query, str):
            return {}
        try:
            raw = base64.b64decode("".join(query.split()), validate=True)
            cipher = AES.new(KEY, AES.MODE_CBC, iv=IVS[self.encryption])
            clear = unpad(cipher.decrypt(raw), AES.block_size)
        except binascii.Error:
            raise _RequestError(
                400,
                "The input is not a valid Base-64 string as it contains a non-base 64 "
                "character, more than two padding characters, or an illegal character among "
                "the padding characters. ",
                "at System.Convert.FromBase64_Decode(Char* startInputPtr, Int32 inputLength)",
            ) from None
        except ValueError:
            raise _RequestError(
                400,
                "Padding is invalid and cannot be removed.",
                "at System.Security.Cryptography.CapiSymmetricAlgorithm.DepadBlock(Byte[] "
                "block, Int32 offset, Int32 count)",
            ) from None
        return dict(
            parse_qsl(clear.decode("utf-8", errors="replace"), keep_blank_values=True)
        )

    def _mobile_dispatch(self, module: str, method: str, params: dict[str, str]) -> Any:
        """Run a mobile call and return its payload (a DataSet-like object)."""
        if method == "ValidateUserLogin":
            username = _required(params, "UserId")
            digest = _required(params, "Password")
            user, failure = self._check_login(username, digest, hashed=True)
            if user is None:
                return {"Table": [{"STATUS": "0", "Message": failure}]}
            issued = self._issue_token(user)
            return {
                "Table": [
                    _login_row(user, account, issued, i)
                    for i, account in enumerate(user.accounts)
                ]
            }
        token = self._tokens_for(
            _required(params, "UserID"), _required(params, "LoginToken")
        )
        if token is None:
            raise _RequestError(
                401,
                "Unauthorized",
                "at SEW.PortalService.Security.ValidateLoginToken()",
            )
        if token.revoked or self._expired(token):
            return {"STATUS": "0", "Message": "Token has been expired."}
        try:
            data = self._call(token, method, params, mobile=True)
        except _ApiBadRequestError:
            raise _RequestError(
                500,
                "Object reference not set to an instance of an object.",
                f"at SEW.PortalService.{module}.{method}Mob(RequestEntity request)",
            ) from None
        except _CallFailedError as err:
            return {"STATUS": "0", "Message": err.message}
        return data

    # -- api flavor ----------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        """Answer an API-flavor call."""
        module = request.match_info["module"]
        method = request.match_info["method"]
        if method not in API_OPERATIONS.get(module, ()):
            return web.json_response(
                {
                    "Message": f"No HTTP resource was found that matches the request URI '{request.url}'."
                },
                status=404,
            )
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return web.json_response({"responsestatus": -1, "result": None}, status=400)
        params = {str(k): "" if v is None else str(v) for k, v in body.items()}
        credentials = _basic(request.headers.get("Authorization"))
        try:
            if method == "GetId":
                key, token_id = secrets.token_hex(8), secrets.token_urlsafe(24)
                self.login_keys[key] = token_id
                return web.json_response(
                    _envelope({"key": key, "tokenId": token_id}, message="Success")
                )
            if method == "ValidateUserLogin":
                if (
                    credentials is None
                    or self.login_keys.pop(credentials[0], None) != credentials[1]
                ):
                    return _api_unauthorized()
                user, failure = self._check_login(
                    _api_required(params, "UserId"),
                    _api_required(params, "password"),
                    hashed=False,
                )
                if user is None:
                    return web.json_response(_envelope(None, status=0, message=failure))
                issued = self._issue_token(user)
                row = _login_row(user, user.accounts[0], issued, 0)
                row.pop("STATUS")
                return web.json_response(_envelope({"Table": [row]}, message="Success"))
            if credentials is None:
                return _api_unauthorized()
            token = self._tokens_for(*credentials)
            if token is None:
                return _api_unauthorized()
            if token.revoked or self._expired(token):
                return web.json_response(
                    _envelope(None, status=0, message="Token has been expired.")
                )
            data = self._call(token, method, params, mobile=False)
        except _ApiBadRequestError:
            return web.json_response({"responsestatus": -1, "result": None}, status=400)
        except _CallFailedError as err:
            return web.json_response(_envelope(None, status=0, message=err.message))
        return web.json_response(_envelope(data, message="Record found"))

    # -- shared engine ---------------------------------------------------------------------------

    def _check_login(
        self, username: str, secret: str, *, hashed: bool
    ) -> tuple[_User | None, str]:
        """Check credentials; return the user or the failure message."""
        user = self.users.get(username.strip().lower())
        if user is None:
            return None, "Invalid username or password."
        if username in self.locked or user.username in self.locked:
            return None, (
                "Your account has been locked due to multiple failed login attempts. "
                "Please reset your password."
            )
        expected = (
            hashlib.sha256(user.password.encode()).hexdigest()
            if hashed
            else user.password
        )
        if not secrets.compare_digest(secret.encode(), expected.encode()):
            self.failed_logins[user.username] += 1
            if self.failed_logins[user.username] >= MAX_FAILED_LOGINS:
                self.locked.add(user.username)
            return None, "Invalid username or password."
        self.failed_logins.pop(user.username, None)
        return user, ""

    def _issue_token(self, user: _User) -> str:
        """Issue a session token."""
        token = secrets.token_hex(16)
        self.tokens[token] = _Token(user.username, user.user_id, self.now)
        return token

    def _tokens_for(self, user_id: str, token: str) -> _Token | None:
        """Return a token if it belongs to the user id."""
        found = self.tokens.get(token)
        return found if found is not None and found.user_id == user_id else None

    def _expired(self, token: _Token) -> bool:
        """Tell whether a token outlived its lifetime."""
        return self.now - token.issued >= self.token_lifetime

    def _call(
        self, token: _Token, method: str, params: dict[str, str], *, mobile: bool
    ) -> Any:
        """Run an authenticated call shared by both flavors."""
        user = self.users[token.username]
        if user.username in self.locked:
            raise _CallFailedError(
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
                    for account in user.accounts
                ]
            }
        account = self._account_of(user, _api_required(params, "AccountNumber"))
        if method == "GetMultiMeter":
            wanted = {
                t for t in params.get("MeterType", "").replace(" ", "").split(",") if t
            }
            return {
                "MeterDetails": [
                    {
                        "MeterNumber": meter.number,
                        "MeterType": meter.meter_type,
                        "IsAMI": _flag(True, mobile=mobile),
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

    def _account_of(self, user: _User, number: str) -> SimAccount:
        """Return one of the user's accounts."""
        for account in user.accounts:
            if number in {account.number, account.utility_number}:
                return account
        raise _CallFailedError("Invalid account number.")

    def _usage(
        self, account: SimAccount, params: dict[str, str], *, mobile: bool
    ) -> Any:
        """Answer GetUsageGeneration."""
        number = _api_required(params, "MeterNumber")
        meter = next((m for m in account.meters if m.number == number), None)
        if meter is None:
            raise _CallFailedError("Invalid meter number.")
        mode = _api_required(params, "Mode").upper()
        day = _parse_request_date(_api_required(params, "strDate"))
        factor = UNIT_TYPES[meter.unit].get(params.get("Type", "").upper())
        if factor is None:
            raise _CallFailedError("No Record Found")
        generation = params.get("UsageOrGeneration", "1").strip().upper() in {
            "2",
            "G",
            "GENERATION",
        }
        if meter.kind == "pv":
            channels = [Channel.GENERATION]
        elif generation:
            if not meter.solar_kw:
                raise _CallFailedError("No Record Found")
            channels = [Channel.GENERATION]
        elif meter.solar_kw and params.get("IsNetUsage", "0") in {"1", "true", "True"}:
            channels = [Channel.IMPORT, Channel.EXPORT]
        else:
            channels = [Channel.IMPORT]
        formatter = _RowFormatter(meter, self.zone, mobile=mobile, factor=factor)
        if mode == "B":
            return {
                "objUsageGenerationResultSetTwo": [],
                "getTentativeData": [self._projection(meter, formatter)],
            }
        rows: list[dict[str, Any]] = []
        for channel in channels:
            rows.extend(self._series(meter, mode, day, channel, formatter))
        if not rows:
            raise _CallFailedError("No Record Found")
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
        fmt: _RowFormatter,
    ) -> list[dict[str, Any]]:
        """Return the rows of one channel of a series."""
        rows: list[dict[str, Any]] = []
        if mode in {"H", "MI"}:
            # Real portals answer an unpublished day with the latest published one.
            day = min(day, self.latest_published_day)
            if mode == "MI" and meter.kind != "electric":
                return []
            for reading in self.published_hourly(meter.number, day, channel):
                if mode == "H":
                    rows.append(fmt.interval(reading, channel, mode))
                    continue
                rows.extend(
                    fmt.interval(quarter, channel, mode)
                    for quarter in _quarters(meter, reading)
                )
        elif mode == "D":
            first = max(day - timedelta(days=29), self.data_start)
            last = min(day, self.latest_published_day)
            current = first
            while current <= last:
                readings = self.published_hourly(meter.number, current, channel)
                if readings:
                    rows.append(fmt.daily(current, readings, channel))
                current += timedelta(days=1)
        elif mode == "M":
            if not meter.active:
                return []
            for first, last in self.billing_cycles():
                if first > day:
                    break
                total, cost = self.cycle_total(meter.number, first, channel)
                rows.append(fmt.cycle(first, last, total, cost, channel))
        else:
            raise _CallFailedError("No Record Found")
        return rows

    def _projection(self, meter: SimMeter, fmt: _RowFormatter) -> dict[str, Any]:
        """Return `getTentativeData`'s row for the current cycle."""
        first, last = _cycle_start(self.today), _cycle_end(self.today)
        totals: list[float] = []
        cost = 0.0
        day = first
        while day <= min(last, self.latest_published_day):
            readings = self.published_hourly(meter.number, day)
            totals.append(sum(r.value for r in readings))
            cost += sum(r.cost or 0.0 for r in readings)
            day += timedelta(days=1)
        elapsed = len(totals)
        cycle_days = (last - first).days + 1
        so_far = round(sum(totals), meter.decimals)
        expected = (
            round(so_far / elapsed * cycle_days, meter.decimals) if elapsed else 0.0
        )
        charge = TARIFFS[meter.kind].monthly_charge if meter.kind in TARIFFS else 0.0
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
            "UsageCycle": f"{_mdy(first)} to {_mdy(last)}",
        }

    def _bills(self, account: SimAccount) -> list[dict[str, Any]]:
        """Return the account's bills, newest first."""
        bills = []
        for first, last in reversed(self.billing_cycles()):
            invoice = last + timedelta(days=3)
            if invoice > self.today:
                continue
            bills.append(
                {
                    "amount": self.bill_amount(account.number, first),
                    "invoiceDate": invoice,
                    "dueDate": invoice + timedelta(days=21),
                    "invoiceNumber": f"INV{account.number[-6:]}{first:%Y%m}",
                }
            )
        return bills

    def _bill(self, account: SimAccount) -> Any:
        """Answer GetBill."""
        bills = self._bills(account)
        if not bills:
            raise _CallFailedError("No Record Found")
        latest = bills[0]
        open_amount = latest["amount"] if latest["dueDate"] >= self.today else 0.0
        return {
            "Table": [
                {
                    "billamount": _format_number(latest["amount"]),
                    "rembalance": _format_number(open_amount),
                    "duedate": _long_date(latest["dueDate"]),
                    "invoicenumber": latest["invoiceNumber"],
                }
            ]
        }

    def _bill_history(self, account: SimAccount, *, mobile: bool) -> Any:
        """Answer GetBillingHistoryList with the last twelve bills."""
        return {
            "objBillingHistoryEntity": [
                {
                    "amount": _format_number(bill["amount"])
                    if mobile
                    else bill["amount"],
                    "dueDate": bill["dueDate"].strftime("%m/%d/%Y"),
                    "invoiceDate": _dotnet_date(bill["invoiceDate"]),
                    "invoiceNumber": bill["invoiceNumber"],
                }
                for bill in self._bills(account)[:12]
            ]
        }


class _CallFailedError(Exception):
    """A call the portal answers with a failure status and message."""

    def __init__(self, message: str) -> None:
        """Keep the message."""
        super().__init__(message)
        self.message = message


def _channel(hour: HourTruth, channel: Channel) -> float:
    """Return one channel of an hour's truth."""
    if channel is Channel.EXPORT:
        return hour.exported
    if channel is Channel.GENERATION:
        return hour.generated
    return hour.imported


def _quarters(meter: SimMeter, reading: Reading) -> list[Reading]:
    """Split an hour into four 15-minute readings that add up to it exactly."""
    weights = [
        0.7 + 0.6 * _noise("quarter", meter.number, reading.start.isoformat(), i)
        for i in range(4)
    ]
    scale = sum(weights)
    values = [round(reading.value * w / scale, meter.decimals) for w in weights[:3]]
    values.append(round(reading.value - sum(values), meter.decimals))
    costs: list[float | None] = [None] * 4
    if reading.cost is not None:
        split = [round(reading.cost * w / scale, 4) for w in weights[:3]]
        costs = [*split, round(reading.cost - sum(split), 4)]
    return [
        Reading(
            reading.start + timedelta(minutes=15 * i),
            values[i],
            costs[i],
            reading.estimated,
        )
        for i in range(4)
    ]


class _RowFormatter:
    """Format rows the way each flavor's tenants send them (strings vs numbers, date styles)."""

    def __init__(
        self, meter: SimMeter, zone: zoneinfo.ZoneInfo, *, mobile: bool, factor: float
    ) -> None:
        """Keep the meter, its zone, the flavor and the unit factor asked for by `Type`."""
        self.meter = meter
        self.zone = zone
        self.mobile = mobile
        self.factor = factor
        self.order = 0

    def number(self, value: float) -> Any:
        """Format a number: a string on the mobile flavor, a number on the API."""
        return _format_number(value) if self.mobile else value

    def value(self, value: float, channel: Channel) -> Any:
        """Format a usage value in the unit asked for; exports are negative."""
        converted = round(value * self.factor, 4)
        return self.number(-converted if channel is Channel.EXPORT else converted)

    def cost(self, cost: float | None, channel: Channel) -> Any:
        """Format a cost; export credits are negative."""
        if cost is None:
            return None
        return self.number(-cost if channel is Channel.EXPORT else cost)

    def date_text(self, day: date, mode: str) -> str:
        """Format a row date: every style the notes list, spread over flavors and modes."""
        if mode == "D":
            return _long_date(day) if self.mobile else _dotnet_date(day)
        if mode == "H" and not self.mobile:
            return _dotnet_date(day)
        return _mdy(day)

    def _common(self, channel: Channel, estimated: bool) -> dict[str, Any]:
        """Return the fields every row has."""
        self.order += 1
        return {
            "_order": self.order,
            "MeterNumber": self.meter.number,
            "UsageType": "Eusage" if channel is Channel.EXPORT else "IUsage",
            "ValidationStatus": "Estimated" if estimated else "Actual",
        }

    def interval(self, reading: Reading, channel: Channel, mode: str) -> dict[str, Any]:
        """Format an hourly or 15-minute row (local naive time)."""
        local = reading.start.astimezone(self.zone)
        row = self._common(channel, reading.estimated)
        if mode == "H":
            hourly = _hour_12(local) if self.mobile else _hour_24(local)
            minute = "0"
        else:
            hourly = (
                _hour_24(local.replace(minute=0)) if self.mobile else _hour_12(local)
            )
            minute = str(local.minute)
        order = row.pop("_order") * 10 + (1 if channel is Channel.EXPORT else 0)
        row.update(
            {
                "_order": (local.astimezone(UTC).timestamp(), order),
                "UsageDate": self.date_text(local.date(), mode),
                "Hourly": hourly,
                "Minute": minute,
                "Year": str(local.year),
                "Month": str(local.month),
                "Day": str(local.day),
                "UsageValue": self.value(reading.value, channel),
                "ValueCost": self.cost(reading.cost, channel),
                "DemandValue": self.number(
                    round(reading.value * (4 if mode == "MI" else 1), 3)
                ),
                "BillPeriod": f"{_mdy(_cycle_start(local.date()))} to {_mdy(_cycle_end(local.date()))}",
            }
        )
        return row

    def daily(
        self, day: date, readings: list[Reading], channel: Channel
    ) -> dict[str, Any]:
        """Format a daily row: the day's published hours added up."""
        row = self._common(channel, any(r.estimated for r in readings))
        total = round(sum(r.value for r in readings), self.meter.decimals)
        costs = [r.cost for r in readings if r.cost is not None]
        row.update(
            {
                "_order": (day.toordinal(), row.pop("_order")),
                "UsageDate": self.date_text(day, "D"),
                "Hourly": "",
                "Year": str(day.year),
                "Month": str(day.month),
                "Day": str(day.day),
                "UsageValue": self.value(total, channel),
                "ValueCost": self.cost(
                    round(sum(costs), 2) if costs else None, channel
                ),
                "BillPeriod": f"{_mdy(_cycle_start(day))} to {_mdy(_cycle_end(day))}",
            }
        )
        return row

    def cycle(
        self,
        first: date,
        last: date,
        total: float,
        cost: float | None,
        channel: Channel,
    ) -> dict[str, Any]:
        """Format a billing-cycle row (`UsageDate` is the year-1 placeholder)."""
        row = self._common(channel, False)
        row.update(
            {
                "_order": (first.toordinal(), row.pop("_order")),
                "UsageDate": "January 1, 0001",
                "FromDate": _mdy(first),
                "ToDate": _mdy(last),
                "BillPeriod": f"{_mdy(first)} to {_mdy(last)}",
                "Year": str(first.year),
                "Month": str(first.month),
                "UsageValue": self.value(total, channel),
                "ValueCost": self.cost(cost, channel),
            }
        )
        return row


def _account(number: str) -> SimAccount:
    """Return a demo account."""
    return next(account for account in DEMO_ACCOUNTS if account.number == number)


def _flag(value: bool, *, mobile: bool) -> Any:
    """Format a flag: "1"/"0" on the mobile flavor, true/false on the API."""
    return ("1" if value else "0") if mobile else value


def _login_row(
    user: _User, account: SimAccount, token: str, index: int
) -> dict[str, Any]:
    """Return a login row for one account of the user."""
    return {
        "STATUS": "1",
        "Message": "Success",
        "UserID": user.user_id,
        "LoginToken": token,
        "SessionToken": token,
        "AccountNumber": account.number,
        "UtilityAccountNumber": account.utility_number,
        "Address": account.address,
        "IsDefaultAccount": "1" if index == 0 else "0",
        "IsTwoFactor": "1" if user.two_factor else "0",
        "TimeZoneId": DEMO_WINDOWS_TIME_ZONE,
        "Offset": "-06:00",
        "TimeZoneName": "(UTC-06:00) Central Time (US & Canada)",
        "MeterType": ",".join(meter.meter_type for meter in account.meters),
        "CustomerType": "Residential",
        "Name": "Demo Customer",
    }


def _envelope(
    data: Any, *, status: int = 1, message: str = "Record found"
) -> dict[str, Any]:
    """Wrap data in the API flavor's envelope."""
    return {
        "version": API_VERSION,
        "responsestatus": 1,
        "result": {"Status": status, "Message": message, "Data": data},
    }


def _api_unauthorized() -> web.Response:
    """Answer 401 as ASP.NET Web API does."""
    return web.json_response(
        {"Message": "Authorization has been denied for this request."}, status=401
    )


def _wcf_not_found() -> web.Response:
    """Answer WCF's "Endpoint not found." page."""
    return web.Response(
        status=404,
        text=_wcf_page(
            "Service",
            '      <p class="heading1">Service</p><p xmlns="">Endpoint not found.</p>',
        ),
        content_type="text/html",
    )


def _basic(header: str | None) -> tuple[str, str] | None:
    """Decode a Basic authorization header."""
    if not header or not header.startswith("Basic "):
        return None
    try:
        user, _, secret = (
            base64.b64decode(header[6:], validate=True).decode().partition(":")
        )
    except binascii.Error, ValueError:
        return None
    return (user, secret) if secret else None


def _required(params: Mapping[str, str], name: str) -> str:
    """Return a mobile parameter; a missing one dereferences null in the real service."""
    if not (value := params.get(name)):
        raise _RequestError(
            500,
            "Object reference not set to an instance of an object.",
            f"at SEW.PortalService.RequestEntity.get_{name}()",
        )
    return value


def _api_required(params: Mapping[str, str], name: str) -> str:
    """Return a required parameter; missing ids are a bad request."""
    if not (value := params.get(name)):
        raise _ApiBadRequestError(name)
    return value


def _parse_request_date(text: str) -> date:
    """Parse the `strDate` a client sends."""
    for fmt in ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise _ApiBadRequestError("strDate")


def _encrypt(text: str, iv: bytes, *, line_breaks: bool) -> str:
    """Encrypt as the Android app does, base64 with line breaks every 76 characters."""
    cipher = AES.new(KEY, AES.MODE_CBC, iv=iv)
    encoded = base64.b64encode(
        cipher.encrypt(pad(text.encode(), AES.block_size))
    ).decode()
    if not line_breaks:
        return encoded
    return "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76)) + "\n"


async def start_sew_portal(
    host: str = "127.0.0.1", port: int = 0, **options: Any
) -> tuple[web.AppRunner, SewPortal, str]:
    """Start the portal; return its runner, its state and its base URL."""
    portal = SewPortal(**options)
    runner = web.AppRunner(
        portal.app, handler_cancellation=True, access_log=None, shutdown_timeout=0.1
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    return runner, portal, f"http://{host}:{bound}"


def describe(portal: SewPortal, base_url: str) -> str:
    """Return lines telling where the portal is and how to log in."""
    return "\n".join(
        [
            f"SEW portal (simulated): {base_url}",
            (
                f"  mobile flavor help:   {base_url}/PortalService/UserLogin.svc/help"
                f"  (encryption: {portal.encryption})"
            ),
            f"  API flavor help:      {base_url}/API/Help/",
            f"  username: {DEMO_USERNAME}",
            f"  password: {DEMO_PASSWORD}",
            (
                f"  time zone: {portal.zone.key}; hourly data through "
                f"{portal.latest_published_day} (estimated)"
            ),
        ]
    )
