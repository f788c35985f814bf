"""Real captured data (the shared `realworld/` folder) as ground truth or as served blocks.

The folder sits beside the checkout (`../shared/realworld`, see docs); `SEW_THINQ_REALWORLD`
points elsewhere. Nothing here invents values: it reads the capture files and returns what
they hold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
import json
import os
from pathlib import Path
import re
from typing import Any
from zoneinfo import ZoneInfo

from .weather import utc_hours

ACWD_HOURLY_DAY = "sew/acwd-web-LoadWaterUsage-hourly-2025-12-09.json"
NB_POWER_TENTATIVE = "sew/nbpower-widgetapi-getTentativeData-live.json"
MOBILE_LOGIN_REQUEST = "sew/sew-scp-ValidateUserLoginMob-request.json"


def realworld_dir() -> Path:
    """Return the folder holding the real captures."""
    if configured := os.environ.get("SEW_THINQ_REALWORLD"):
        return Path(configured)
    return Path(__file__).resolve().parents[4] / "shared" / "realworld"


def load_realworld(relative: str) -> Any:
    """Return a capture file's JSON document."""
    return json.loads((realworld_dir() / relative).read_text(encoding="utf-8"))


def _hour_index(label: str) -> int:
    """Return the hour of day of a `12:00 AM` .. `11:00 PM` label."""
    match = re.fullmatch(r"(\d{1,2}):00 ([AP]M)", label.strip())
    if match is None:
        raise ValueError(f"Not an hourly label: {label!r}")
    hour = int(match.group(1)) % 12
    return hour + (12 if match.group(2) == "PM" else 0)


def acwd_hourly_day() -> tuple[date, list[float]]:
    """Return the day and the 24 hourly gallons of the real ACWD capture, midnight first."""
    document = load_realworld(ACWD_HOURLY_DAY)
    found = re.search(r"(\d{4})-(\d{2})-(\d{2})", ACWD_HOURLY_DAY)
    assert found is not None
    day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    values = [0.0] * 24
    for row in document["objUsageGenerationResultSetTwo"]:
        values[_hour_index(row["Hourly"])] = float(row["UsageValue"])
    return day, values


def hourly_values(day: date, values: list[float], zone: str) -> dict[datetime, float]:
    """Key a local day's hourly values (midnight first) by their UTC hour starts."""
    starts = utc_hours(day, ZoneInfo(zone))
    if len(starts) != len(values):
        raise ValueError(f"{day} has {len(starts)} hours in {zone}, not {len(values)}")
    return {
        start.astimezone(UTC): value
        for start, value in zip(starts, values, strict=True)
    }


def nbpower_tentative() -> dict[str, Any]:
    """Return the live NB Power month-to-date block, as captured."""
    document = load_realworld(NB_POWER_TENTATIVE)
    block: dict[str, Any] = document["result"]["Data"]["getTentativeData"][0]
    return block


def mobile_login_request() -> dict[str, Any]:
    """Return the captured mobile login request (decrypted, personal values redacted)."""
    document: dict[str, Any] = load_realworld(MOBILE_LOGIN_REQUEST)
    return document
