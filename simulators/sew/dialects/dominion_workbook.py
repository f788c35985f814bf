"""Dominion's 30-minute usage workbook, the answer of `Usage/DownloadExcelNew`.

Keys as in cx_common.py; DJ = jonathan-morton/ha-dominion-energy @ 18b44b0b, DH =
YeomansIII/ha-dominion-energy @ 1aeaf1e6, DN = negative-video/ha-dominion-energy.
- An .xlsx although the body asks `"Format": "Csv"` (DP client.py:344-349 reads bytes).
- Row 1: `Account No`, `Recorder ID`, `Date`, then 48 columns `12:00 AM kWH` ... `11:30 PM
  kWH`, each the half-hour starting then; one row per day from row 2, `Date` in column C
  (DP client.py:358-421). `Date` is "MM/DD/YYYY" text, as DJ parses the portal's download
  (DominionDataProcessor.py:59-62); date cells, which DP also reads, are a switch.
- Sheets: `kWH Usage Data` (first, active) and `kW Usage Data` (demand) as the portal's
  download holds them (DJ DominionDataProcessor.py:67-80); `kWH Generation`, headers `...
  kW` although the values are kWh, on net-metered meters (DP client.py:413-415, 489-492;
  DH issue #11). The generation sheet holds what the meter received (export): an
  ASSUMPTION, the meter cannot see the panels' output.
- About 68 days, whatever range is asked (DH const.py:34-37; DN README:204), completed days
  only, today absent (DH README:84); hours not yet published read 0 (DH coordinator.py:531-
  573 drops days of zeros; DJ drops a newest day whose PM columns are all 0); withheld hours
  are empty cells, which DP skips (its tests: "None values ... skipped, not zero-filled").
- 48 columns every day, DST days included (DH issue #14, maintainer). UNVERIFIED: the
  spring-forward 2:00/2:30 columns are left empty here; in November both 1 AM hours add up
  in the 1:00/1:30 columns (the day's total stays right, the hour's split is lost). The
  `Recorder ID` holding the device number and `Account No` as text are ASSUMPTIONS.
- Values: kWh with two decimals (`decimalPlaces` "2", DP client.py:331); the two halves of
  an hour add up to the hour's published value (the tenant's hours carry two decimals).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO
from typing import TYPE_CHECKING

from openpyxl import Workbook

from simulators.sew.truth import Channel, SimAccount, SimMeter, noise, utc_hours

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from simulators.sew.server.portal import SewPortal

    from .cx_common import CxSwitches

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WINDOW_DAYS = 68
USAGE_SHEET = "kWH Usage Data"
DEMAND_SHEET = "kW Usage Data"
GENERATION_SHEET = "kWH Generation"

type Slots = list[float | None]


def slot_label(index: int) -> str:
    """Return the label of half-hour `index` (0-47): "12:00 AM" ... "11:30 PM"."""
    hour, minute = divmod(index * 30, 60)
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def halves(meter: SimMeter, start: datetime, value: float) -> tuple[float, float]:
    """Split an hour into two half-hours that add up to it (two decimals)."""
    first = round(value * (0.35 + 0.3 * noise("half-hour", meter.number, start)), 2)
    return first, round(value - first, 2)


def merge(before: float | None, value: float | None) -> float | None:
    """Return a slot's value: November's repeated hour adds to the first one."""
    if value is None or before is None:
        return before if value is None else value
    return round(before + value, 2)


class DominionWorkbook:
    """Builds the workbook of one meter from the portal's published hours."""

    def __init__(self, portal: SewPortal, switches: CxSwitches) -> None:
        """Keep the portal and the switches (date cells)."""
        self.portal = portal
        self.switches = switches

    def window(self) -> list[date]:
        """Return the days served: the last 68 completed days, yesterday included."""
        yesterday = self.portal.today - timedelta(days=1)
        first = max(yesterday - timedelta(days=WINDOW_DAYS - 1), self.portal.data_start)
        return [first + timedelta(days=i) for i in range((yesterday - first).days + 1)]

    def day(self, meter: SimMeter, day: date, channel: Channel) -> Slots | None:
        """Return a day's 48 half-hours (None: the day is withheld as "no records")."""
        publisher = self.portal.publisher
        rows = publisher.read_hourly(meter.number, day, channel)
        if rows.withheld is not None and rows.withheld.style == "no_records":
            return None
        published = {reading.start: reading.value for reading in rows.readings}
        slots: Slots = [None] * 48
        for start in utc_hours(day, self.portal.zone):
            local = start.astimezone(self.portal.zone)
            index = local.hour * 2
            if start in published:
                values: tuple[float | None, float | None] = halves(
                    meter, start, published[start]
                )
            elif publisher.is_published(start):
                values = (None, None)  # withheld: empty cells
            else:
                values = (0.0, 0.0)  # not published yet: zeros
            for offset, value in enumerate(values):
                slots[index + offset] = merge(slots[index + offset], value)
        return slots

    def build(self, account: SimAccount, meter: SimMeter) -> bytes:
        """Return the workbook's bytes: usage, demand and (net metering) generation."""
        book = Workbook()
        usage = book.active
        assert usage is not None
        usage.title = USAGE_SHEET
        demand = book.create_sheet(DEMAND_SHEET)
        generation = book.create_sheet(GENERATION_SHEET) if meter.solar_kw else None
        self._header(usage, "kWH")
        self._header(demand, "kW")
        if generation is not None:
            self._header(generation, "kW")
        for day in self.window() if meter.active else ():
            slots = self.day(meter, day, Channel.IMPORT)
            if slots is None:
                continue
            self._row(usage, account, meter, day, slots)
            kw = [None if v is None else round(v * 2, 2) for v in slots]
            self._row(demand, account, meter, day, kw)
            if generation is not None:
                exported = self.day(meter, day, Channel.EXPORT)
                self._row(generation, account, meter, day, exported or [None] * 48)
        output = BytesIO()
        book.save(output)
        return output.getvalue()

    def _header(self, sheet: Worksheet, unit: str) -> None:
        """Write row 1."""
        sheet.append(
            [
                "Account No",
                "Recorder ID",
                "Date",
                *(f"{slot_label(i)} {unit}" for i in range(48)),
            ]
        )

    def _row(
        self,
        sheet: Worksheet,
        account: SimAccount,
        meter: SimMeter,
        day: date,
        slots: Slots,
    ) -> None:
        """Write one day: text date "MM/DD/YYYY", or a date cell when switched."""
        when: str | datetime = (
            datetime(day.year, day.month, day.day)  # noqa: DTZ001
            if self.switches.date_cells
            else f"{day:%m/%d/%Y}"
        )
        sheet.append([account.number, meter.number, when, *slots])
