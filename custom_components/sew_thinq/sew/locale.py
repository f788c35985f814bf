"""How a tenant writes numbers, dates and requests: its declared conventions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
import zoneinfo


class NumberFormat(StrEnum):
    """Which character separates decimals in the numbers a tenant writes as text."""

    DECIMAL_POINT = "decimal_point"  # "1,234.56"
    DECIMAL_COMMA = "decimal_comma"  # "1.234,56"


class DateOrder(StrEnum):
    """Which comes first in a tenant's `a/b/yyyy` dates."""

    MONTH_FIRST = "month_first"
    DAY_FIRST = "day_first"


@dataclass(frozen=True, slots=True)
class Locale:
    """A tenant's conventions; None where the tenant is not known.

    The parsers use the rules in `values` and `dates` where a convention is None.
    """

    number_format: NumberFormat | None = None
    date_order: DateOrder | None = None
    language: str = "EN"
    time_zone: str | None = None
    currency: str | None = None

    def zone(self) -> zoneinfo.ZoneInfo | None:
        """Return the tenant's time zone, when it declares one."""
        if self.time_zone is None:
            return None
        return zoneinfo.ZoneInfo(self.time_zone)

    def time_offset(self) -> str:
        """Return the tenant's standard UTC offset in minutes, as requests carry it.

        Hidroelectrica's clients send "120" all year (P1 emanuelbesliu/homeassistant-ihidro
        api.py:204, 388): Bucharest's standard offset, not the summer one.
        """
        zone = self.zone()
        if zone is None:
            return "0"
        now = datetime.now(zone)
        standard = (now.utcoffset() or timedelta()) - (now.dst() or timedelta())
        return str(int(standard.total_seconds() // 60))


def english_locale(
    time_zone: str,
    *,
    currency: str = "USD",
    date_order: DateOrder = DateOrder.MONTH_FIRST,
) -> Locale:
    """Return the conventions of a tenant writing English with a decimal point."""
    return Locale(
        number_format=NumberFormat.DECIMAL_POINT,
        date_order=date_order,
        language="EN",
        time_zone=time_zone,
        currency=currency,
    )
