"""Resolve the time zone names SEW portals send (Windows ids or IANA names)."""

from __future__ import annotations

from collections.abc import Mapping
import zoneinfo

# Windows time zone ids (what .NET's TimeZoneInfo.Id gives) for the regions SEW serves,
# mapped to their IANA zone (CLDR windowsZones, territory 001).
WINDOWS_ZONES: Mapping[str, str] = {
    "dateline standard time": "Etc/GMT+12",
    "hawaiian standard time": "Pacific/Honolulu",
    "aleutian standard time": "America/Adak",
    "alaskan standard time": "America/Anchorage",
    "pacific standard time": "America/Los_Angeles",
    "pacific standard time (mexico)": "America/Tijuana",
    "us mountain standard time": "America/Phoenix",
    "mountain standard time": "America/Denver",
    "mountain standard time (mexico)": "America/Mazatlan",
    "central standard time": "America/Chicago",
    "central standard time (mexico)": "America/Mexico_City",
    "canada central standard time": "America/Regina",
    "central america standard time": "America/Guatemala",
    "eastern standard time": "America/New_York",
    "us eastern standard time": "America/Indiana/Indianapolis",
    "eastern standard time (mexico)": "America/Cancun",
    "atlantic standard time": "America/Halifax",
    "newfoundland standard time": "America/St_Johns",
    "sa pacific standard time": "America/Bogota",
    "e. south america standard time": "America/Sao_Paulo",
    "utc": "Etc/UTC",
    "coordinated universal time": "Etc/UTC",
    "gmt standard time": "Europe/London",
    "greenwich standard time": "Atlantic/Reykjavik",
    "w. europe standard time": "Europe/Berlin",
    "central europe standard time": "Europe/Budapest",
    "romance standard time": "Europe/Paris",
    "gtb standard time": "Europe/Bucharest",
    "e. europe standard time": "Europe/Chisinau",
    "fle standard time": "Europe/Kiev",
    "arabian standard time": "Asia/Dubai",
    "arab standard time": "Asia/Riyadh",
    "india standard time": "Asia/Calcutta",
    "singapore standard time": "Asia/Singapore",
    "china standard time": "Asia/Shanghai",
    "tokyo standard time": "Asia/Tokyo",
    "aus eastern standard time": "Australia/Sydney",
    "new zealand standard time": "Pacific/Auckland",
}

# Display names some tenants send instead of the id.
DISPLAY_NAMES: Mapping[str, str] = {
    "(utc-10:00) hawaii": "Pacific/Honolulu",
    "(utc-09:00) alaska": "America/Anchorage",
    "(utc-08:00) pacific time (us & canada)": "America/Los_Angeles",
    "(utc-07:00) arizona": "America/Phoenix",
    "(utc-07:00) mountain time (us & canada)": "America/Denver",
    "(utc-06:00) central time (us & canada)": "America/Chicago",
    "(utc-05:00) eastern time (us & canada)": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "est": "America/New_York",
    "edt": "America/New_York",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
}


def resolve_time_zone(name: object) -> zoneinfo.ZoneInfo | None:
    """Return the zone a portal's time zone name stands for, or None when unknown."""
    if not isinstance(name, str) or not (text := name.strip()):
        return None
    key = text.casefold()
    iana = WINDOWS_ZONES.get(key) or DISPLAY_NAMES.get(key) or text
    try:
        return zoneinfo.ZoneInfo(iana)
    except zoneinfo.ZoneInfoNotFoundError, ValueError, OSError:
        return None
