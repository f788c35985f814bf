"""`Usages.aspx`: BindMultiMeter, LoadUsage, LoadWaterUsage, LoadGasUsage and IsInverted.

Every call answers for the session's current contract only (Common.aspx/
HandleAddressDropDownChange switches it: HID-W api.py:195-207 "All subsequent requests
return data for the newly selected contract").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
import json
from typing import TYPE_CHECKING, Any

from simulators.sew.truth import Channel, Reading, SimAccount, SimMeter, quarters

from .base import parse_day, text_field
from .web_answers import usage_answer
from .web_rows import RowMaker, amount, rate_category
from .web_style import WebStyle

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

# strDate as the peers send it: "December 4, 2025" / "December 04, 2025" (ACWD1
# acwd_api.py:420-439; ACWD2 sensor.py:282-284), "12/17/25" (CPAU electric_meter.py:350;
# PGW), "12/04/2025" (FTW fetcher.py:30-43; SCM usage-common.js:248), "17-December-25"
# (TANGO main.go:455), ISO (CPAU's trials, public index file 38065605890). Every format is
# accepted on every tenant: no evidence shows a tenant refusing one (ACWD1 1.0.3 changed
# the format together with Type, MeterNumber and headers, CHANGELOG.md 1.0.3).
DATE_FORMATS = ("%B %d, %Y", "%m/%d/%y", "%m/%d/%Y", "%d-%B-%y", "%Y-%m-%d")
# Mode D answers "30-day windows ending on strDate" (CPAU electric_meter.py:337-338).
DAILY_WINDOW = 30
# Which meter type each web method reads (SCM usage-common.js:347-361 maps the page types).
METHOD_KINDS = {"loadusage": "E", "loadwaterusage": "W", "loadgasusage": "G"}
DEFAULT_TYPES = {"E": "K", "W": "G", "G": "C"}


class NoRecordsError(Exception):
    """A day withheld with style "no_records": answered `{"d": ""}`.

    SEW's script treats `d == ""` as "nothing" (SCM usage-common.js:380, for
    BindMultiMeter); that a usage call answers so is an ASSUMPTION.
    """


@dataclass(frozen=True, slots=True)
class UsageQuery:
    """A usage request, read: the meter it concerns and the rows it asks for."""

    meter: SimMeter | None
    type_code: str
    period: str  # "interval", "daily", "cycle" or "" (nothing to answer)
    minutes: int
    days: tuple[date, ...]


def contract_meters(account: SimAccount, meter_type: str) -> list[SimMeter]:
    """Return a contract's meters of a type ("" or unknown: all of them)."""
    meters = [meter for meter in account.meters if meter.meter_type == meter_type]
    return meters or ([] if meter_type in {"E", "W", "G"} else list(account.meters))


class WebUsage:
    """Reads usage requests and answers them from the portal's truth."""

    def __init__(self, portal: SewPortal, style: WebStyle) -> None:
        """Keep the portal, the tenant's style and its row maker."""
        self.portal = portal
        self.style = style
        self.rows = RowMaker(style)

    # -- BindMultiMeter ---------------------------------------------------------------------

    def meters(self, account: SimAccount, body: Mapping[str, Any]) -> str:
        """Return BindMultiMeter's `d`: the contract's meters of the type asked.

        Request `{"MeterType": "W"|"E"|"G"}` (ACWD1 acwd_api.py:356-357; CPAU session.py:174;
        TANGO main.go:359). CPAU's real answer lists old meters with IsAMI false and Status 0
        and is indented with CRLF (f6351643 api_responses.json); TANGO decodes
        `Meterattribute1`, `Meter_Number` and `MeterTypeDetails` (main.go:327-344). `d` is
        "" when there is none (SCM usage-common.js:380).
        """
        meters = contract_meters(account, text_field(body, "MeterType").upper())
        if not meters:
            return ""
        if self.style.pretty_meters:
            details: list[dict[str, Any]] = [
                {
                    "MeterType": meter.meter_type,
                    "MeterNumber": meter.number,
                    "IsAMI": meter.is_ami,
                    "Status": 1 if meter.active else 0,
                    "Address": account.address,
                    "MeterAttribute2": self._rate(meter),
                    "MeterAttribute5": account.utility_number,
                }
                for meter in meters
            ]
            answer = {
                "MeterDetails": details,
                "MeterCheckIsAMI": [
                    {"IsAMI": True, "ShowDecimal": True, "UptoDecimalPlaces": 2}
                ],
                "HighUsage": self._high_usage(meters),
            }
            return json.dumps(answer, indent=2).replace("\n", "\r\n")
        answer = {
            "MeterDetails": [
                {
                    "MeterType": meter.meter_type,
                    "MeterNumber": meter.number,
                    "IsAMI": meter.is_ami,
                    "Status": 1 if meter.active else 0,
                    "Address": account.address,
                    "Meterattribute1": None,
                    "Meter_Number": meter.number,
                }
                for meter in meters
            ],
            "HighUsage": self._high_usage(meters),
            "MeterTypeDetails": [
                {"MeterType": kind}
                for kind in dict.fromkeys(m.meter_type for m in meters)
            ],
        }
        return json.dumps(answer, separators=(",", ":"))

    def _rate(self, meter: SimMeter) -> str:
        """Return a meter's rate category (`MeterAttribute2` "E1N2" in the capture)."""
        return rate_category(meter, self.rows.channels(meter) != (Channel.IMPORT,))

    def _high_usage(self, meters: list[SimMeter]) -> list[dict[str, str]]:
        """Return the HighUsage colours (the capture's "#ec4d53")."""
        kinds = dict.fromkeys(meter.meter_type for meter in meters)
        return [{"MeterType": kind, "HighUsageColorCode": "#ec4d53"} for kind in kinds]

    def inverted(self) -> str:
        """Return IsInverted's `d`, verbatim as CPAU's capture has it (string booleans)."""
        flag = "True" if self.style.net_metering else "False"
        return f'{{"NetUsageInversion": "{flag}","ShowDecimal": "True"}}'

    # -- LoadUsage, LoadWaterUsage, LoadGasUsage ---------------------------------------------

    def query(
        self, account: SimAccount, method: str, body: Mapping[str, Any]
    ) -> UsageQuery:
        """Read a usage request (bodies: research note section 4.2)."""
        kind = METHOD_KINDS[method]
        number = text_field(body, "MeterNumber")
        candidates = [
            meter
            for meter in account.meters
            if meter.meter_type == kind and meter.active
        ]
        # A number of another contract's meter, or "" (PGW, FTW and RWC send ""), gets
        # the current contract's meter: the portal answers for the session's contract
        # (ASSUMPTION: no peer shows what a foreign number gets).
        meter = next(
            (m for m in candidates if m.number == number),
            candidates[0] if candidates else None,
        )
        type_code = text_field(body, "Type").upper() or DEFAULT_TYPES[kind]
        mode = text_field(body, "Mode").upper()
        hourly_type = text_field(body, "hourlyType").upper()
        raw_day = text_field(body, "strDate").strip()
        day = parse_day(raw_day, DATE_FORMATS)
        first = parse_day(text_field(body, "DateFromDaily"), DATE_FORMATS)
        last = parse_day(text_field(body, "DateToDaily"), DATE_FORMATS)
        if raw_day and day is None:
            # An unreadable date answers no rows (ASSUMPTION), never another day's.
            return UsageQuery(meter, type_code, "", 60, ())
        latest = self.portal.latest_published_day
        quarter_mode, quarter_type = self.style.quarter_hours
        if mode == quarter_mode and (not quarter_type or hourly_type == quarter_type):
            return UsageQuery(meter, type_code, "interval", 15, (day or latest,))
        if mode == "H":
            return UsageQuery(meter, type_code, "interval", 60, (day or latest,))
        if mode == "D" and kind == "G" and hourly_type == "H" and day and not first:
            # PGW asks hourly gas as Mode D + hourlyType H + strDate
            # (`_load_hourly_gas_usage`); CPAU's Mode D also sends hourlyType "H" and
            # means days (electric_meter.py:346-360).
            return UsageQuery(meter, type_code, "interval", 60, (day,))
        if mode == "D":
            if first and last:
                # A range asked in DateFromDaily/DateToDaily (ACWD1 __init__.py:213-223;
                # PGW `_load_daily_gas_usage`).
                span = (last - first).days + 1
                days = tuple(first + timedelta(days=i) for i in range(max(span, 0)))
            else:
                end = day or latest
                days = tuple(
                    end - timedelta(days=i) for i in range(DAILY_WINDOW - 1, -1, -1)
                )
            return UsageQuery(meter, type_code, "daily", 1440, days)
        if mode in {"M", "B"}:
            # M: every billing period whatever the dates (CPAU electric_meter.py:312-331,
            # docs/api_design.md:799); B: ACWD's billing-cycle summary (ACWD1 __init__.py
            # :402-403).
            return UsageQuery(meter, type_code, "cycle", 0, ())
        # Y (ACWD1's docstring only), S/S1, L/N (SCM) and modes the tenant does not take:
        # no rows (ASSUMPTION).
        return UsageQuery(meter, type_code, "", 60, ())

    def answer(self, account: SimAccount, query: UsageQuery) -> dict[str, Any]:
        """Return a usage answer's object (the portal sends it as a JSON string)."""
        meter = query.meter
        rows: list[dict[str, Any]] = []
        if meter is not None and query.period == "interval":
            rows = self._intervals(meter, query)
        elif meter is not None and query.period == "daily":
            rows = self._daily(meter, query)
        elif meter is not None and query.period == "cycle":
            rows = self._cycles(meter, query)
        return usage_answer(self.portal, self.style, account, query, rows)

    def _readings(
        self, meter: SimMeter, day: date
    ) -> list[tuple[Channel, list[Reading]]] | None:
        """Return a day's published readings per channel, aligned (None: no records).

        Import is read once (a withholding rule counts one read); export, on a
        net-metered meter, is the published export of the same hours.
        """
        published = self.portal.publisher.read_hourly(meter.number, day)
        if published.withheld is not None and published.withheld.style == "no_records":
            return None
        imported = published.readings
        channels = self.rows.channels(meter)
        if channels == (Channel.IMPORT,):
            return [(Channel.IMPORT, imported)]
        exported = {
            reading.start: reading
            for reading in self.portal.publisher.published_hourly(
                meter.number, day, Channel.EXPORT
            )
        }
        kept = [reading for reading in imported if reading.start in exported]
        return [
            (Channel.EXPORT, [exported[reading.start] for reading in kept]),
            (Channel.IMPORT, kept),
        ]

    def _intervals(self, meter: SimMeter, query: UsageQuery) -> list[dict[str, Any]]:
        """Return one day's hourly or 15-minute rows, one call per day (CPAU l.410-414)."""
        channels = self._readings(meter, query.days[0])
        if channels is None:
            raise NoRecordsError
        zone = self.portal.zone
        by_channel: list[list[dict[str, Any]]] = []
        for channel, hours in channels:
            readings = hours
            if query.minutes == 15:
                readings = [q for hour in hours for q in quarters(meter, hour)]
            by_channel.append(
                [
                    self.rows.interval(
                        meter,
                        channel,
                        reading,
                        type_code=query.type_code,
                        zone=zone,
                        minutes=query.minutes,
                    )
                    for reading in readings
                ]
            )
        return [row for rows in zip(*by_channel, strict=True) for row in rows]

    def _daily(self, meter: SimMeter, query: UsageQuery) -> list[dict[str, Any]]:
        """Return a row (or an Eusage/IUsage pair) per day with published data.

        A day without any published hour has no row (an empty answer is not zero usage);
        the newest, partial day adds up what is published so far.
        """
        rows: list[dict[str, Any]] = []
        start = self.portal.data_start
        digits = 4 if query.type_code == "W" else 2
        for day in query.days:
            channels = self._readings(meter, day) if day >= start else None
            if not channels or not channels[-1][1]:
                continue
            for channel, readings in channels:
                value = sum(
                    amount(meter, r.value, r.cost, query.type_code) for r in readings
                )
                peak = max(r.value for r in readings)
                rows.append(
                    self.rows.daily(
                        meter,
                        channel,
                        day,
                        round(value, digits),
                        type_code=query.type_code,
                        peak=round(peak, 2),
                    )
                )
        return rows

    def _cycles(self, meter: SimMeter, query: UsageQuery) -> list[dict[str, Any]]:
        """Return the newest completed billing cycles, oldest first (the capture's order)."""
        tariff = self.portal.truth.tariff(meter)
        charge = tariff.monthly_charge if tariff else 0.0
        rows: list[dict[str, Any]] = []
        for first, last in self.portal.billing_cycles()[-self.style.cycle_months :]:
            for channel in self.rows.channels(meter):
                total, cost = self.portal.cycle_total(meter.number, first, channel)
                value = amount(meter, total, cost, query.type_code)
                rows.append(
                    self.rows.cycle(
                        meter,
                        channel,
                        first,
                        last,
                        value,
                        type_code=query.type_code,
                        charge=charge,
                    )
                )
        return rows
