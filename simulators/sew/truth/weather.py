"""The physics of the demo data: what a household uses and makes in an hour.

Everything here is a pure, deterministic function of a meter and a local moment, so two
years of hourly readings cost nothing until asked for and are identical in every run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
import hashlib
import math
from zoneinfo import ZoneInfo

from .model import SimMeter

HOUR = timedelta(hours=1)


def noise(*parts: object) -> float:
    """Return a deterministic number in [0, 1) for the given parts."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest) / 2**64


def temperature(moment: datetime) -> float:
    """Return a plausible continental outdoor temperature (°C) for a local moment."""
    doy = moment.timetuple().tm_yday
    seasonal = 11 + 15 * math.sin(2 * math.pi * (doy - 105) / 365)
    daily = 5 * math.sin(2 * math.pi * (moment.hour - 9) / 24)
    weather = 6 * (noise("weather", moment.date()) - 0.5)
    return seasonal + daily + weather


def consumption(meter: SimMeter, moment: datetime) -> float:
    """Return the true consumption of a meter in the hour starting at a local moment."""
    hour = moment.hour
    weekend = moment.weekday() >= 5
    jitter = 0.85 + 0.3 * noise(meter.number, moment.astimezone(UTC).isoformat())
    temp = temperature(moment)
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


def solar(meter: SimMeter, moment: datetime) -> float:
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
    clouds = 0.3 + 0.7 * noise("clouds", moment.date())
    season = 0.75 + 0.25 * math.sin(2 * math.pi * (doy - 80) / 365)
    return meter.solar_kw * 0.82 * math.sin(math.pi * position) * clouds * season


def utc_hours(day: date, zone: ZoneInfo) -> list[datetime]:
    """Return the UTC starts of every real hour of a local day (23, 24 or 25)."""
    start = datetime.combine(day, time(), zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    return [start + i * HOUR for i in range(int((end - start) / HOUR))]


def local_hours(day: date, zone: ZoneInfo) -> list[datetime]:
    """Return the aware local starts of every real hour of a local day."""
    return [start.astimezone(zone) for start in utc_hours(day, zone)]
