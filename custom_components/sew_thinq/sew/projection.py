"""The month-to-date block (`getTentativeData[0]`), read by the fields present.

The one rule, from what real answers hold:
- With `ProjectedBillDollar` present (NB Power), `ProjectedBill` is the projected usage and
  `ProjectedBillDollar` the projected cost; `ExpectedUsage` comes back 0 (P7 dnlbck/ha-nbpower
  api.py `parse_tentative`, tests/test_parsing.py `test_tentative_projected_bill_is_kwh`
  "Live payloads"; `../shared/realworld/sew/nbpower-widgetapi-getTentativeData-live.json`).
- Without it (ACWD, Tango), `ExpectedUsage` is the projected usage (P9 funkadelic/ha-acwd
  sensor.py `ACWDCurrentCycleSensor`) and no projected cost is known: a lone `ProjectedBill`
  has no evidence of its meaning, so it is not read.
- `SoFar`/`SoFarDollar` are usage and cost so far, `Average`/`Highest` historical usage per
  cycle (P7 api.py docstring "not kW").
A block whose values are all zero is the placeholder answers other than `Mode` M embed
(P7 tests/conftest.py `_zeroed_tentative_block`): it is no projection, never a zero one.
"""

from __future__ import annotations

from datetime import date

from .dates import parse_date
from .errors import SewResponseError
from .locale import Locale
from .models import Projection
from .values import Row, field, parse_number

_VALUE_FIELDS = (
    "SoFar",
    "SoFarDollar",
    "ExpectedUsage",
    "ProjectedBill",
    "ProjectedBillDollar",
    "Average",
    "Highest",
)


def parse_projection(rows: list[Row], unit: str, locale: Locale) -> Projection:
    """Build the projection from `getTentativeData` rows; all None when there is none."""
    empty = Projection(None, None, None, None, unit)
    if not rows:
        return empty
    row = rows[0]
    fmt = locale.number_format
    values = {name: parse_number(field(row, name), fmt) for name in _VALUE_FIELDS}
    if not any(values.values()):
        return empty
    if field(row, "ProjectedBillDollar") is not None:
        projected_usage = values["ProjectedBill"]
        if not projected_usage:
            projected_usage = values["ExpectedUsage"] or None
        projected_cost = values["ProjectedBillDollar"]
    else:
        projected_usage = values["ExpectedUsage"]
        projected_cost = None
    first, last = _cycle(row, locale)
    return Projection(
        usage_so_far=values["SoFar"],
        cost_so_far=values["SoFarDollar"],
        projected_usage=projected_usage,
        projected_cost=projected_cost,
        unit=unit,
        average=values["Average"],
        highest=values["Highest"],
        cycle_start=first,
        cycle_end=last,
    )


def _cycle(row: Row, locale: Locale) -> tuple[date | None, date | None]:
    """Return the cycle's first and last day when the block names them.

    The Tango schema lists `UsageCycle`; its format is unverified, so an unreadable one is
    left out rather than failing the projection.
    """
    text = field(row, "UsageCycle")
    if not isinstance(text, str) or " to " not in text:
        return None, None
    first, _, last = text.partition(" to ")
    try:
        return parse_date(first, locale.date_order), parse_date(last, locale.date_order)
    except SewResponseError:
        return None, None
