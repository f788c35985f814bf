"""The web-portal tenants' data: Alameda County Water District and City of Palo Alto Utilities.

Customers, numbers, addresses and prices are made up. What follows the evidence is the shape,
cited where it is set: zone, currency, meter kinds and units, how meters are numbered, the
billing cycle boundaries and how late data are published (research note web-portal.md).
"""

from __future__ import annotations

from datetime import timedelta

from .model import (
    BillingRules,
    Login,
    PublicationRules,
    SimAccount,
    SimMeter,
    Tariff,
    Tenant,
)
from .tenants import DEMO_2FA_USERNAME, DEMO_PASSWORD, DEMO_USERNAME

# Logins every web-portal profile has beside the demo login (see dialects/web_style.py:
# the migrated one answers "Migrated User Found", the two-factor one the `Table` answer).
DEMO_MIGRATED_USERNAME = "migrated@sew-sim.example"
DEMO_TWO_CONTRACTS_USERNAME = "twocontracts@sew-sim.example"

# -- Alameda County Water District (US, CA): water only, gallons -------------------------------
# Water in gallons (`Type "G"`: funkadelic/ha-acwd @ 2ceb7e57 acwd_api.py:498, statistics.py
# :222; parvez/acwd_water_usage @ 1f930a5c sensor.py:68), America/Los_Angeles, USD. One AMI
# meter per service address (ha-acwd acwd_api.py:336-344 picks "the" AMI water meter); meter
# numbers are 9 digits there (tests/conftest.py:126-129; the value here is made up). Hourly
# values arrive with a "3-4 hour reporting delay", the newest day partially (ha-acwd
# __init__.py:502-515; tests/conftest.py:104-123). ACWD bills "typically 2 months"
# (ha-acwd sensor.py:68); the simulated cycles are monthly because the ground truth only
# knows monthly cycles (deviation, noted).

ACWD_ACCOUNT = "4410287"
ACWD_RENTAL_ACCOUNT = "4410911"
ACWD_METER = "230041877"
ACWD_RENTAL_METER = "230058214"
ACWD_HOME = SimAccount(
    ACWD_ACCOUNT,
    "8870012304",
    "4127 ALDER GLEN CT, FREMONT, CA 94538",
    True,
    (SimMeter(ACWD_METER, "W", ACWD_ACCOUNT, "water", "gal", 2),),
    customer_name="Demo Customer",
)
ACWD_RENTAL = SimAccount(
    ACWD_RENTAL_ACCOUNT,
    "8870019952",
    "2210 SEQUOIA TER, NEWARK, CA 94560",
    False,
    (SimMeter(ACWD_RENTAL_METER, "W", ACWD_RENTAL_ACCOUNT, "water", "gal", 2, 0.6),),
    customer_name="Demo Customer",
)
ACWD = Tenant(
    key="acwd",
    name="Alameda County Water District (simulated)",
    zone="America/Los_Angeles",
    currency="USD",
    logins=(
        Login(DEMO_USERNAME, DEMO_PASSWORD, "52117", (ACWD_HOME,)),
        Login(DEMO_2FA_USERNAME, DEMO_PASSWORD, "52118", (ACWD_HOME,), two_factor=True),
        Login(DEMO_MIGRATED_USERNAME, DEMO_PASSWORD, "52119", (ACWD_HOME,)),
        Login(
            DEMO_TWO_CONTRACTS_USERNAME,
            DEMO_PASSWORD,
            "52120",
            (ACWD_HOME, ACWD_RENTAL),
        ),
    ),
    # Made-up prices in USD per gallon (a tiered water rate) and a monthly service charge.
    tariffs={"water": Tariff(4500.0, 0.0089, 0.0112, 0.0, 24.30)},
    billing=BillingRules(cycle_start_day=1, issue_after_days=4, due_after_days=21),
    publication=PublicationRules(lag=timedelta(hours=4), estimated_days=1),
)

# -- City of Palo Alto Utilities (US, CA): electric (net-metered), gas, water ---------------------
# Electric in kWh with NEM import/export rows, rate category "E1N2", meter numbers as
# 18-digit zero-padded strings, old meters kept with Status 0 (jsinnott/cpau @ f6351643
# dev-tools/electric/api_responses.json: BindMultiMeter and LoadUsage). Billing periods run
# from about the 13th to the 12th ("10/15/25 to 11/12/25", same capture). Electric data lag
# "~2 day" (jsinnott/cpau @ 77debbfa README.md:312). The portal's feature settings list Gas
# and Water modules (BindColorCodes `SCPFeatureSettings` rows, same capture) but no public
# client reads gas or water here, and CPAU's water usage is served by WaterSmart, not SEW
# (jsinnott/cpau dev-tools/water/API_FINDINGS.md:5-12): the gas and water meters are
# UNVERIFIED, kept so the profile is a multi-meter account.

PALO_ALTO_ACCOUNT = "6051832201"
PALO_ALTO_COTTAGE_ACCOUNT = "6051832288"
PALO_ALTO_ELECTRIC = "000000000001048213"
PALO_ALTO_OLD_ELECTRIC = "000000000000100517"
PALO_ALTO_GAS = "000000000002207741"
PALO_ALTO_WATER = "000000000003301952"
PALO_ALTO_COTTAGE_ELECTRIC = "000000000001049960"
PALO_ALTO_COTTAGE_WATER = "000000000003302870"
PALO_ALTO_HOME = SimAccount(
    PALO_ALTO_ACCOUNT,
    "6051832200",
    "1450, RAMONA ST",
    True,
    (
        SimMeter(
            PALO_ALTO_ELECTRIC, "E", PALO_ALTO_ACCOUNT, "electric", "kWh", 2, 1.1, 5.2
        ),
        SimMeter(
            PALO_ALTO_OLD_ELECTRIC,
            "E",
            PALO_ALTO_ACCOUNT,
            "electric",
            "kWh",
            2,
            active=False,
            is_ami=False,
        ),
        SimMeter(PALO_ALTO_GAS, "G", PALO_ALTO_ACCOUNT, "gas", "CCF", 3, 0.25),
        SimMeter(PALO_ALTO_WATER, "W", PALO_ALTO_ACCOUNT, "water", "gal", 2),
    ),
    customer_name="Demo Customer",
)
PALO_ALTO_COTTAGE = SimAccount(
    PALO_ALTO_COTTAGE_ACCOUNT,
    "6051832287",
    "811, WAVERLEY ST",
    False,
    (
        SimMeter(
            PALO_ALTO_COTTAGE_ELECTRIC,
            "E",
            PALO_ALTO_COTTAGE_ACCOUNT,
            "electric",
            "kWh",
            2,
            0.6,
        ),
        SimMeter(
            PALO_ALTO_COTTAGE_WATER,
            "W",
            PALO_ALTO_COTTAGE_ACCOUNT,
            "water",
            "gal",
            2,
            0.5,
        ),
    ),
    customer_name="Demo Customer",
)
PALO_ALTO = Tenant(
    key="paloalto",
    name="City of Palo Alto Utilities (simulated)",
    zone="America/Los_Angeles",
    currency="USD",
    logins=(
        Login(
            DEMO_USERNAME, DEMO_PASSWORD, "31877", (PALO_ALTO_HOME, PALO_ALTO_COTTAGE)
        ),
        Login(
            DEMO_2FA_USERNAME,
            DEMO_PASSWORD,
            "31878",
            (PALO_ALTO_HOME,),
            two_factor=True,
        ),
        Login(DEMO_MIGRATED_USERNAME, DEMO_PASSWORD, "31879", (PALO_ALTO_HOME,)),
    ),
    # Made-up prices: a two-tier residential electric rate with an export credit, gas per
    # CCF, water per gallon, each with a monthly charge.
    tariffs={
        "electric": Tariff(330.0, 0.1637, 0.2286, 0.0843, 9.50),
        "gas": Tariff(40.0, 1.92, 2.41, 0.0, 12.10),
        "water": Tariff(6000.0, 0.0131, 0.0158, 0.0, 21.40),
    },
    billing=BillingRules(cycle_start_day=13, issue_after_days=3, due_after_days=21),
    publication=PublicationRules(lag=timedelta(days=2), estimated_days=1),
)
