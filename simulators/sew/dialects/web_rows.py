"""The rows of `objUsageGenerationResultSetTwo`, per tenant style, from the portal's truth.

ACWD rows: `Hourly` "12:00 AM" .. "11:00 PM" (hour-beginning) with `UsageValue` in the unit
of the `Type` asked (ACWD1 tests/conftest.py:71-123 and realworld
acwd-web-LoadWaterUsage-hourly-2025-12-09.json), days as "December 3, 2025" (ACWD1
statistics.py:321-334). CPAU rows: the keys of the real Mode M capture (jsinnott/cpau @
f6351643 dev-tools/electric/api_responses.json), days "MM/DD/YY", hours "HH:MM" (CPAU
electric_meter.py:619-661), a net-metered meter giving an `Eusage` row (export, negative)
and an `IUsage` row (import) per period, in that order. Values follow `Type`: K kWh, G
gallons, W HCF, C CCF, D money (SCM usage-common.js:454-471; HCF = 748 gallons, ACWD1
const.py:17).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from simulators.sew.truth import Channel, Reading, SimMeter

from .base import long_date
from .web_style import RowStyle, WebStyle

GALLONS_PER_HCF = 748.0
# The capture's colours and its DemandValue, 1.2 times the usage in every monthly row
# (238.8 for 199.0, 615.6 for 513.0).
COLOURS = {Channel.IMPORT: "#ed7d31", Channel.EXPORT: "#00af50"}
DEMAND_COLOUR = "#FF5959"
MONTHLY_DEMAND_RATIO = 1.2
USAGE_TYPES = {Channel.IMPORT: "IUsage", Channel.EXPORT: "Eusage"}
UNITS = {"K": "kWh", "G": "Gallons", "W": "HCF", "C": "CCF", "D": "$"}


def amount(meter: SimMeter, value: float, cost: float | None, type_code: str) -> float:
    """Return a value in the unit of the `Type` asked (money with "D")."""
    if type_code == "D":
        return round(cost or 0.0, 2)
    if type_code == "W" and meter.kind == "water":
        # HCF for gallons; four decimals (a rounding to two would zero most hours).
        return round(value / GALLONS_PER_HCF, 4)
    return round(value, meter.decimals)


def twelve_hour(moment: datetime) -> str:
    """Return "12:00 AM" .. "11:45 PM"."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def short_date(day: date) -> str:
    """Return "12/17/25"."""
    return f"{day:%m/%d/%y}"


class RowMaker:
    """Builds one tenant's rows."""

    def __init__(self, style: WebStyle) -> None:
        """Keep the tenant's style."""
        self.style = style

    def channels(self, meter: SimMeter) -> tuple[Channel, ...]:
        """Return the channels a meter answers: export then import when net-metered."""
        if self.style.net_metering and meter.kind == "electric" and meter.solar_kw:
            return (Channel.EXPORT, Channel.IMPORT)
        return (Channel.IMPORT,)

    def signed(self, channel: Channel, value: float) -> float:
        """Return export as a negative value (the capture's Eusage rows; never -0.0)."""
        return -value if channel is Channel.EXPORT and value else value

    def interval(
        self,
        meter: SimMeter,
        channel: Channel,
        reading: Reading,
        *,
        type_code: str,
        zone: Any,
        minutes: int,
    ) -> dict[str, Any]:
        """Return one hourly or 15-minute row."""
        local = reading.start.astimezone(zone)
        value = self.signed(
            channel, amount(meter, reading.value, reading.cost, type_code)
        )
        if self.style.rows is RowStyle.ACWD:
            # ACWD1 reads 15-minute rows as `Hour` and `Minute` ints (statistics.py:238-243,
            # "Assuming API returns Hour and Quarter": a GUESS, no sample); both rows carry
            # them beside `Hourly`, and TANGO's rows carry `MeterNumber` (main.go:134-163).
            return {
                "UsageDate": long_date(local.date()),
                "Hourly": twelve_hour(local),
                "Hour": local.hour,
                "Minute": local.minute,
                "UsageValue": value,
                "MeterNumber": meter.number,
            }
        label = "15 Min" if minutes == 15 else "Hourly"
        return self._cpau(
            meter,
            channel,
            value,
            type_code,
            local.date(),
            hourly=f"{local:%H:%M}",
            tooltip=label,
            demand=round(abs(value) * 60 / minutes, 2),
        )

    def daily(
        self,
        meter: SimMeter,
        channel: Channel,
        day: date,
        value: float,
        *,
        type_code: str,
        peak: float,
    ) -> dict[str, Any]:
        """Return one day's row (`value` already in the unit asked)."""
        value = self.signed(channel, value)
        if self.style.rows is RowStyle.ACWD:
            return {
                "UsageDate": long_date(day),
                "UsageValue": value,
                "MeterNumber": meter.number,
            }
        return self._cpau(
            meter, channel, value, type_code, day, tooltip="Daily", demand=peak
        )

    def cycle(
        self,
        meter: SimMeter,
        channel: Channel,
        first: date,
        last: date,
        value: float,
        *,
        type_code: str,
        charge: float,
    ) -> dict[str, Any]:
        """Return one billing cycle's row."""
        value = self.signed(channel, value)
        if self.style.rows is RowStyle.ACWD:
            # The fields ACWD1 reads from Mode B rows (sensor.py:174-205); their formats are
            # not shown (long dates here, as the daily rows).
            return {
                "FromDate": long_date(first),
                "ToDate": long_date(last),
                "UsageDate": long_date(last),
                "UsageValue": value,
                "ServiceCharge": charge,
                "HighUsage": 0,
                "MeterNumber": meter.number,
            }
        # Whole units; Month/Year and UsageDate name the month the period ends in
        # ("10/11/24 to 11/12/24" is Month 11, UsageDate "11/01/24" in the capture).
        value = float(round(value))
        month = last.replace(day=1)
        row = self._cpau(
            meter,
            channel,
            value,
            type_code,
            month,
            tooltip="Monthly",
            demand=round(abs(value) * MONTHLY_DEMAND_RATIO, 1),
        )
        period = f"{short_date(first)} to {short_date(last)}"
        return row | {
            "FromDate": short_date(first),
            "ToDate": short_date(last),
            "BillPeriod": period,
        }

    def _cpau(
        self,
        meter: SimMeter,
        channel: Channel,
        value: float,
        type_code: str,
        day: date,
        *,
        tooltip: str,
        demand: float,
        hourly: str | None = None,
    ) -> dict[str, Any]:
        """Return a row with every key of the CPAU capture, in its order.

        Tooltips of other periods than "Monthly" and of meters other than electric are
        assumptions; so are UsageType and RateCategory of a meter that is not net-metered.
        """
        electric = meter.kind == "electric"
        net = self.channels(meter) != (Channel.IMPORT,)
        direction = "Export" if channel is Channel.EXPORT else "Import"
        kind = "Electricity" if electric else meter.kind.capitalize()
        unit = UNITS.get(type_code, meter.unit)
        return {
            "TierNumber": None,
            "TouName": None,
            "UsageType": USAGE_TYPES[channel] if electric else None,
            "Month": day.month,
            "Year": day.year,
            "UsageDate": short_date(day),
            "UsageValue": value,
            "DemandValue": demand,
            "FromDate": None,
            "ToDate": None,
            "UsageColorCode": COLOURS[channel],
            "WeatherUsageDate": short_date(day),
            "DemandColorCode": DEMAND_COLOUR,
            "Tooltip": f"{tooltip} {direction} {kind} ({unit})",
            "MaxUsage": abs(value),
            "BillPeriod": None,
            "Ordering": 0,
            "UserType": "NEM2" if net else "RES",
            "Type": None,
            "NEMData": 0.0,
            "RateCategory": rate_category(meter, net),
            "Hourly": hourly,
            "DateOfReading": None,
        }


def rate_category(meter: SimMeter, net: bool) -> str:
    """Return a meter's rate category: "E1N2" for a net-metered home (the capture)."""
    if meter.kind == "electric":
        return "E1N2" if net else "E1"
    return {"gas": "G1", "water": "W1"}.get(meter.kind, "")
