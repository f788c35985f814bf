"""The object around usage rows: result sets one and three, projections, latest usage date.

Keys as CPAU's real Mode M answer has them (jsinnott/cpau @ f6351643 dev-tools/electric/
api_responses.json): `objUsageGenerationResultSetOne` [{CityName, StateName, CountryName,
FromDate, ToDate, Zipcode}], `objUsageGenerationResultSetTwo` (the rows),
`objUsageGenerationResultSetThree` [{FromDate "November 2024", ToDate "November 2025"}],
`listUsageColor`, `getTentativeData` [] , `UsageUserType`, `NEMData` [], `LatestUsageDate` [],
`LatestUsageDateModel` [{"LatestUsageDate": "12-17-25"}]. An ACWD answer carries the sets
and a projection in `getTentativeData[0]` (ACWD1 sensor.py:91-150): its other keys are not
shown and are left out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from simulators.sew.truth import SimAccount, SimMeter

from .web_rows import amount, rate_category
from .web_style import WebStyle

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal

    from .web_usage import UsageQuery

# The capture's colour block, keys in its order (null where it has null).
USAGE_COLOURS: dict[str, Any] = {
    "Min": "",
    "Mid": "",
    "Max": None,
    "LowColor": "#4adea0",
    "MidColor": "#e9cc57",
    "HighColor": "#ea557b",
    "WaterAllocationColor": "#31afdb",
    "SolarGenerationColor": "#FFC118",
    **dict.fromkeys(
        [
            "ComparePreviousColor",
            "CompareUtilityColor",
            "CompareCurrentColor",
            "CompareZipAllocationColor",
        ]
    ),
    "IsLastUsages": False,
    **dict.fromkeys(
        [
            "Tier1",
            "Tier2",
            "Season",
            "NetConsumption",
            "NetGeneration",
            "Onpeak",
            "Midpeak",
            "Offpeak",
            "NEM2Export",
            "NEM2Import",
            "DollorTier1",
            "DollorTier2",
            "DollorOffPeak",
            "DollorOnPeak",
            "DollorMidPeak",
            "Commercial",
            "Demand",
            "Summer",
            "Winter",
            "WaterMUsage",
            "WaterTier1",
            "WaterTier2",
            "GasMUsage",
            "GasTier1",
            "GasTier2",
            "GasSummer",
            "GasWinter",
        ]
    ),
}


def usage_answer(
    portal: SewPortal,
    style: WebStyle,
    account: SimAccount,
    query: UsageQuery,
    rows: list[dict[str, Any]],
) -> dict[str, Any]:
    """Return a usage answer's object around its rows."""
    meter = query.meter
    city, state, default_zip = style.locality
    first, last = _span(portal, style, query)
    answer: dict[str, Any] = {
        "objUsageGenerationResultSetOne": [
            {
                "CityName": city,
                "StateName": state,
                "CountryName": "USA",
                "FromDate": f"{first:%m/%d/%y}",
                "ToDate": f"{last:%m/%d/%y}",
                "Zipcode": default_zip,
            }
        ],
        "objUsageGenerationResultSetTwo": rows,
        "objUsageGenerationResultSetThree": [
            {"FromDate": f"{first:%B %Y}", "ToDate": f"{last:%B %Y}"}
        ],
    }
    if style.tentative_projection:
        projection = _tentative(portal, account, meter, query.type_code)
        answer["getTentativeData"] = [] if projection is None else [projection]
        return answer
    net = meter is not None and meter.kind == "electric" and bool(meter.solar_kw)
    latest = portal.latest_published_day
    return answer | {
        "listUsageColor": [USAGE_COLOURS],
        "getTentativeData": [],
        "UsageUserType": [
            {
                "UserType": "NEM 2.0" if net else "Residential",
                "RateCategory": rate_category(meter, net) if meter else "",
            }
        ],
        "NEMData": [],
        "LatestUsageDate": [],
        "LatestUsageDateModel": [{"LatestUsageDate": f"{latest:%m-%d-%y}"}],
    }


def _span(portal: SewPortal, style: WebStyle, query: UsageQuery) -> tuple[date, date]:
    """Return the first and last day an answer covers (months for cycle rows)."""
    if query.days:
        return query.days[0], query.days[-1]
    cycles = portal.billing_cycles()[-style.cycle_months :]
    if not cycles:
        return portal.today, portal.today
    return cycles[0][1].replace(day=1), cycles[-1][1].replace(day=1)


def _tentative(
    portal: SewPortal, account: SimAccount, meter: SimMeter | None, type_code: str
) -> dict[str, Any] | None:
    """Return the cycle-to-date projection in the unit asked.

    ACWD semantics (ACWD1 sensor.py:91-150,229-263): `SoFar` this cycle so far,
    `ExpectedUsage` the projected cycle total, `Average`/`Highest` over past cycles,
    `UsageDate` the cycle date. The other keys and their types are TANGO's
    (main.go:174-193); their values are assumptions.
    """
    if meter is None:
        return None
    truth = portal.truth
    first, last = truth.cycle_start(portal.today), truth.cycle_end(portal.today)
    through = min(portal.latest_published_day, last)
    so_far = 0.0
    day = first
    while day <= through:
        so_far += sum(
            amount(meter, r.value, r.cost, type_code)
            for r in portal.published_hourly(meter.number, day)
        )
        day += timedelta(days=1)
    elapsed = (through - first).days + 1
    length = (last - first).days + 1
    expected = so_far / elapsed * length if elapsed > 0 else 0.0
    history = [
        amount(meter, *portal.cycle_total(meter.number, start), type_code)
        for start, _ in portal.billing_cycles()[-12:]
    ]
    return {
        "Skey": 1,
        "AccountNumber": int(account.number),
        "UsageDate": f"{first:%B} {first.day}, {first.year}",
        "SoFar": round(so_far, 2),
        "ExpectedUsage": round(expected, 2),
        "PeakLoad": 0.0,
        "LoadFactor": 0.0,
        "Average": round(sum(history) / len(history), 2) if history else 0.0,
        "Highest": round(max(history, default=0.0), 2),
        "UpToDecimalPlaces": 2,
        "IsOnlyAMI": meter.is_ami,
        "UsageCycle": f"{first:%m/%d/%Y} - {last:%m/%d/%Y}",
    }
