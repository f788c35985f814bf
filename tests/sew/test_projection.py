"""The month-to-date block: projection semantics by the fields present."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from custom_components.sew_thinq.sew import Locale, NumberFormat
from custom_components.sew_thinq.sew.projection import parse_projection

CA = Locale(NumberFormat.DECIMAL_POINT)


def test_projected_bill_is_usage_when_dollars_are_given() -> None:
    """With dollars given, `ProjectedBill` is the projected usage.

    NB Power: `ProjectedBill` is kWh, `ProjectedBillDollar` the cost, `ExpectedUsage`
    0 (dnlbck/ha-nbpower tests/test_parsing.py `test_tentative_projected_bill_is_kwh`).
    """
    row = {
        "SoFar": 1388.0,
        "ExpectedUsage": 0.0,
        "ProjectedBill": 1440.0,
        "ProjectedBillDollar": 228.13,
        "SoFarDollar": 219.89,
        "Average": 1874.0,
        "Highest": 2640.0,
    }
    projection = parse_projection([row], "kWh", CA)
    assert projection.projected_usage == 1440.0
    assert projection.projected_cost == 228.13
    assert projection.usage_so_far == 1388.0
    assert projection.cost_so_far == 219.89
    assert (projection.average, projection.highest) == (1874.0, 2640.0)


def test_expected_usage_when_no_dollars_are_given() -> None:
    """ACWD: `ExpectedUsage` is the projected usage.

    (funkadelic/ha-acwd sensor.py `ACWDCurrentCycleSensor`); a lone `ProjectedBill`
    has no known meaning: no cost.
    """
    row = {"SoFar": 12.5, "ExpectedUsage": 30.25, "ProjectedBill": 88.0}
    projection = parse_projection([row], "gal", CA)
    assert projection.projected_usage == 30.25
    assert projection.projected_cost is None
    assert projection.cost_so_far is None


def test_falls_back_to_expected_usage() -> None:
    """With dollars but no `ProjectedBill`, `ExpectedUsage` is the usage.

    dnlbck/ha-nbpower tests/test_parsing.py
    `test_tentative_falls_back_to_expected_usage`.
    """
    row = {"SoFar": 100, "ExpectedUsage": 250, "ProjectedBillDollar": 40}
    projection = parse_projection([row], "kWh", CA)
    assert projection.projected_usage == 250.0
    assert projection.projected_cost == 40.0


@pytest.mark.parametrize(
    "rows",
    [
        [],
        # The zeroed placeholder modes other than M embed (dnlbck/ha-nbpower
        # tests/conftest.py `_zeroed_tentative_block`).
        [
            {
                "Skey": 0,
                "UsageDate": None,
                "SoFar": 0.0,
                "ExpectedUsage": 0.0,
                "PeakLoad": 0.0,
                "Average": 0.0,
                "Highest": 0.0,
                "ProjectedBill": 0.0,
                "ProjectedBillDollar": 0.0,
                "SoFarDollar": 0.0,
            }
        ],
    ],
)
def test_no_projection_is_not_zero(rows: list[dict[str, Any]]) -> None:
    """Nothing, or the zeroed placeholder, is no projection at all."""
    projection = parse_projection(rows, "kWh", CA)
    assert projection.projected_usage is None
    assert projection.projected_cost is None
    assert projection.usage_so_far is None


def test_cycle_dates() -> None:
    """`UsageCycle` "a to b" names the cycle when readable (format unverified)."""
    row = {"SoFar": 1, "UsageCycle": "11/01/2025 to 11/30/2025"}
    projection = parse_projection([row], "kWh", CA)
    assert (projection.cycle_start, projection.cycle_end) == (
        date(2025, 11, 1),
        date(2025, 11, 30),
    )
    odd = parse_projection([{"SoFar": 1, "UsageCycle": "soon to later"}], "kWh", CA)
    assert odd.cycle_start is None
    assert odd.usage_so_far == 1.0
