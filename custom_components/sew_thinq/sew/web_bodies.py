"""Request bodies and headers of the web portal, as the peers send them.

Research note web-portal.md sections 2.2, 3 and 4.2; sources beside each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .models import MeterType, Resolution

# What every later call carries: the CSRF token (every peer), `isajax` (ha-acwd
# acwd_api.py:482; Tango main.go:258; CPAU's browser capture), `X-Requested-With` (ha-acwd,
# hidroelectrica, CPAU, PGW); JSON with the charset (ha-acwd acwd_api.py:38; CPAU
# session.py:101).
JSON_HEADERS = {
    "Content-Type": "application/json; charset=UTF-8",
    "Accept": "application/json, text/javascript, */*; q=0.01",
    "X-Requested-With": "XMLHttpRequest",
}
PAGE_HEADERS = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def login_body(username: str, password: str) -> dict[str, Any]:
    """Return `validateLogin`'s body: the peers' fields, a superset every tenant takes.

    ha-acwd acwd_api.py:236-245 (eight fields); Tango main.go:411-421 and hidroelectrica
    auth.py:88-98 add `token` null ("null bypasses captcha check; empty string fails").
    """
    return {
        "username": username,
        "password": password,
        "rememberme": False,
        "calledFrom": "LN",
        "ExternalLoginId": "",
        "LoginMode": "1",
        "utilityAcountNumber": "",
        "isEdgeBrowser": False,
        "token": None,
    }


# The web method reading each meter type (SEW maps page types PU->E, WU->W, GU->G,
# SCM usage-common.js:347-361).
USAGE_METHODS: Mapping[MeterType, str] = {
    MeterType.ELECTRIC: "LoadUsage",
    MeterType.WATER: "LoadWaterUsage",
    MeterType.GAS: "LoadGasUsage",
}
# The unit asked for (`Type`): K kWh, G gallons, C CCF (SCM usage-common.js:454-471):
# ACWD's water in gallons (ha-acwd acwd_api.py:498), PGW's gas in CCF.
USAGE_TYPES: Mapping[MeterType, str] = {
    MeterType.ELECTRIC: "K",
    MeterType.WATER: "G",
    MeterType.GAS: "C",
}


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


# `strDate` as tenants take it, tried in this order until one gives rows: "December 9,
# 2025" (ha-acwd acwd_api.py:436, after MM/DD/YYYY failed there, 3aec1d5), "12/09/25"
# (CPAU electric_meter.py:350; PGW), "12/09/2025" (Fort Worth fetcher.py:30-43), "09-
# December-25" (Tango main.go:455).
DATE_FORMATS: tuple[Callable[[date], str], ...] = (
    _long,
    lambda day: f"{day:%m/%d/%y}",
    lambda day: f"{day:%m/%d/%Y}",
    lambda day: f"{day:%d-%B-%y}",
)


@dataclass(frozen=True, slots=True)
class UsageMode:
    """How a period is asked: `Mode`, `hourlyType`, and whether one day or a window."""

    mode: str
    hourly_type: str
    window: bool = False


# BILLING: `M` answers every billing period (CPAU electric_meter.py:312-331); ACWD's water
# billing cycles are `B` (ha-acwd __init__.py:402-403). DAY: a 30-day window ending on
# `strDate` (CPAU electric_meter.py:337-338). HOUR: one day (ha-acwd; CPAU l.410-414).
# QUARTER_HOUR: `MI` (CPAU electric_meter.py:34-40; Tango main.go:454; SEW's script
# usage-common.js:947-950) or `H` + `hourlyType` `Q` (ha-acwd acwd_api.py:455,463).
HOUR = UsageMode("H", "H")
QUARTER_MODES = (UsageMode("MI", "H"), UsageMode("H", "Q"))


def usage_mode(resolution: Resolution, meter_type: MeterType) -> UsageMode:
    """Return how a resolution other than quarter-hours is asked."""
    if resolution is Resolution.BILLING:
        return UsageMode("B" if meter_type is MeterType.WATER else "M", "H")
    if resolution is Resolution.DAY:
        # PGW asks daily gas with an empty `hourlyType`: `D` + `H` is its hourly gas.
        return UsageMode("D", "" if meter_type is MeterType.GAS else "H", window=True)
    return HOUR


def usage_body(
    meter_type: MeterType,
    meter_number: str,
    *,
    mode: UsageMode,
    day: date | None,
    write_date: Callable[[date], str],
    window_days: int,
) -> dict[str, Any]:
    """Return a usage method's body for a meter type (research note section 4.2)."""
    text = write_date(day) if day is not None else ""
    first = (day - timedelta(days=window_days - 1)) if day and mode.window else None
    if meter_type is MeterType.WATER:
        # ha-acwd acwd_api.py:497-509: `seasonId` "" with Mode B, else 0.
        return {
            "Type": USAGE_TYPES[meter_type],
            "Mode": mode.mode,
            "strDate": text,
            "hourlyType": mode.hourly_type,
            "seasonId": "" if mode.mode == "B" else 0,
            "weatherOverlay": 0,
            "usageyear": "",
            "MeterNumber": meter_number,
            "DateFromDaily": "",
            "DateToDaily": "",
            "isNoDashboard": True,
        }
    if meter_type is MeterType.GAS:
        # PGW's LoadGasUsage: the daily range in DateFromDaily/DateToDaily, MM/DD/YY.
        return {
            "Type": USAGE_TYPES[meter_type],
            "Mode": mode.mode,
            "strDate": "" if first else text,
            "hourlyType": mode.hourly_type,
            "seasonId": "",
            "weatherOverlay": "0",
            "usageyear": "",
            "MeterNumber": meter_number,
            "DateFromDaily": f"{first:%m/%d/%y}" if first else "",
            "DateToDaily": f"{day:%m/%d/%y}" if first and day else "",
            "HistID": "0",
            "requiredDataType": 0,
        }
    # CPAU's browser capture (captured_requests.json): `SeasonId` "" with Mode M, else 0.
    return {
        "UsageOrGeneration": "1",
        "Type": USAGE_TYPES[meter_type],
        "Mode": mode.mode,
        "strDate": text,
        "hourlyType": mode.hourly_type,
        "SeasonId": "" if mode.mode == "M" else 0,
        "weatherOverlay": 0,
        "usageyear": "",
        "MeterNumber": meter_number,
        "DateFromDaily": "",
        "DateToDaily": "",
        "IsTier": True,
        "IsTou": False,
    }
