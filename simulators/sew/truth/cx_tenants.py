"""The tenants of SEW's CX REST flavor: Alliant Energy and Dominion Energy (simulated).

Customers, numbers and prices are made up. What follows the evidence (the research note's
keys, /work/research/cx.md: AL1-AL4 for Alliant, DP/DH/DN/DW/DJ/DR for Dominion) is cited
where it is set: the number formats, the zones, the meter kinds, how late data appear and the
billing rhythm.
"""

from __future__ import annotations

from datetime import timedelta
import math

from .model import (
    BillingRules,
    Login,
    PublicationRules,
    SimAccount,
    SimMeter,
    Tariff,
    Tenant,
)
from .tenants import DEMO_PASSWORD, DEMO_USERNAME

# -- Alliant Energy (US: Iowa, Wisconsin) -------------------------------------------------------
# America/Chicago is an ASSUMPTION: Alliant serves Iowa and Wisconsin, no peer names a zone
# (cx.md section 12). Accounts and premises are 10-digit zero-padded strings (AL4 test
# `alliantAddressesAnswer`: "0000001234", "0000009876"); a login holds two accounts there.
# Meter numbers and the non-electric service type "GRES" are made up; `meter_type` holds the
# meter's `deviceAttribute5` ("ERES" marks electric meters, AL2 client.py:11-14).
# The retired meter stays listed after a swap (AL2 commit ab39527); the gas meter is listed
# first, which broke the peers that took the first row (AL2 commit e17a0082).
# Publication: "Data lags ~4 days behind real time ... late-arriving reads get corrected"
# (AL3 index file 60295827323, `main`): a 4-day lag, the newest day an estimate.
# Billing: a 22-day term between bill and due date (AL4 71593796303 test comment "2026-09-02
# to 2026-09-24 is 22 days"; figures invented there); the cycle start day is made up.
# The daily customer charge 0.4932 USD is AL2's constant (client.py:40): 30 days = 14.80.

ALLIANT_UUID = "5f0c2a8e-3b1d-4c7a-9e2f-1a6b8d4c0e37"
ALLIANT_ACCOUNT_1 = "0000401234"
ALLIANT_PREMISE_1 = "0000907612"
ALLIANT_ACCOUNT_2 = "0000405678"
ALLIANT_PREMISE_2 = "0000907613"
ALLIANT_METER = "41851207"
ALLIANT_RETIRED_METER = "41733390"
ALLIANT_GAS_METER = "G7520114"
ALLIANT_SOLAR_METER = "41869944"
ALLIANT_RATE = 0.1447

ALLIANT = Tenant(
    key="alliant",
    name="Alliant Energy (simulated)",
    zone="America/Chicago",
    currency="USD",
    logins=(
        Login(
            DEMO_USERNAME,
            DEMO_PASSWORD,
            ALLIANT_UUID,
            (
                SimAccount(
                    ALLIANT_ACCOUNT_1,
                    ALLIANT_PREMISE_1,  # the premise number
                    "1420 Prairie Ln, Cedar Rapids, IA 52402",
                    True,
                    (
                        SimMeter(
                            ALLIANT_GAS_METER,
                            "GRES",
                            ALLIANT_ACCOUNT_1,
                            "gas",
                            "CCF",
                            3,
                        ),
                        SimMeter(
                            ALLIANT_METER,
                            "ERES",
                            ALLIANT_ACCOUNT_1,
                            "electric",
                            "kWh",
                            3,
                        ),
                        SimMeter(
                            ALLIANT_RETIRED_METER,
                            "ERES",
                            ALLIANT_ACCOUNT_1,
                            "electric",
                            "kWh",
                            3,
                            active=False,
                        ),
                    ),
                    customer_name="Alex Example",
                ),
                SimAccount(
                    ALLIANT_ACCOUNT_2,
                    ALLIANT_PREMISE_2,
                    "1420 Prairie Ln Unit 2, Cedar Rapids, IA 52402",
                    False,
                    (
                        SimMeter(
                            ALLIANT_SOLAR_METER,
                            "ERES",
                            ALLIANT_ACCOUNT_2,
                            "electric",
                            "kWh",
                            3,
                            scale=0.8,
                            solar_kw=7.5,
                        ),
                    ),
                    customer_name="Alex Example",
                ),
            ),
        ),
    ),
    tariffs={"electric": Tariff(math.inf, ALLIANT_RATE, ALLIANT_RATE, 0.0712, 14.80)},
    billing=BillingRules(cycle_start_day=5, issue_after_days=3, due_after_days=22),
    publication=PublicationRules(lag=timedelta(days=4), estimated_days=1),
)

# -- Dominion Energy (US: Virginia, North Carolina) ---------------------------------------------
# America/New_York (DP client.py:44-45). Accounts are 12 digits, devices 18 digits (DP
# models.py:291,310; DW api.py:177 `zfill(12)`); the Gigya UID is 32 hex digits and the CX
# `Uuid` claim is the same value hyphenated (DR 62770129205: UID "3ada564e9dfc4264..." and
# Uuid "3ada564e-9dfc-4264-..."). GetBusinessMaster lists active and closed accounts with
# AMI and non-AMI devices, one net-metered (DP tests/test_client.py:625-687).
# Publication: "only ... completed days. Yesterday's data typically becomes available the
# following morning" (DH README:84): an 8-hour lag, no estimates.
# Billing: the real sample in DR (bill/GetBillandInvoiceHistory) runs 12/16/2025-01/15/2026,
# invoiced 01/16/2026, due 02/17/2026: cycles start on the 16th, bills a day after, due 32
# days later. Prices are made up (near Virginia's Schedule 1). Hourly values carry two
# decimals, the workbook's `decimalPlaces` "2" (DP client.py:331), so that two half-hours
# add up to the hour exactly.

DOMINION_UID = "7c3e9a14b2d845f6a0e1c9d3b5f70a28"
DOMINION_CUSTOMER_NUMBER = "1200457718"
DOMINION_ACCOUNT = "210045671234"
DOMINION_METER = "000000000301457726"
DOMINION_SOLAR_ACCOUNT = "210045679876"
DOMINION_SOLAR_METER = "000000000301468815"
DOMINION_CLOSED_ACCOUNT = "210031105522"
DOMINION_CLOSED_METER = "000000000287730019"
DOMINION_RATE = 0.1418

DOMINION = Tenant(
    key="dominion",
    name="Dominion Energy (simulated)",
    zone="America/New_York",
    currency="USD",
    logins=(
        Login(
            DEMO_USERNAME,
            DEMO_PASSWORD,
            DOMINION_UID,
            (
                SimAccount(
                    DOMINION_ACCOUNT,
                    "4100123456",  # the premise number
                    "2204 Laurel St, Richmond, VA 23220",
                    True,
                    (
                        SimMeter(
                            DOMINION_METER,
                            "E",
                            DOMINION_ACCOUNT,
                            "electric",
                            "kWh",
                            2,
                            scale=1.2,
                        ),
                    ),
                    customer_name="Dana Example",
                ),
                SimAccount(
                    DOMINION_SOLAR_ACCOUNT,
                    "4100127788",
                    "17 Harbor View Dr, Norfolk, VA 23510",
                    False,
                    (
                        SimMeter(
                            DOMINION_SOLAR_METER,
                            "E",
                            DOMINION_SOLAR_ACCOUNT,
                            "electric",
                            "kWh",
                            2,
                            solar_kw=6.0,
                        ),
                    ),
                    customer_name="Dana Example",
                ),
                SimAccount(
                    DOMINION_CLOSED_ACCOUNT,
                    "4100099120",
                    "9 Old Mill Rd, Ashland, VA 23005",
                    False,
                    (
                        SimMeter(
                            DOMINION_CLOSED_METER,
                            "E",
                            DOMINION_CLOSED_ACCOUNT,
                            "electric",
                            "kWh",
                            2,
                            active=False,
                            is_ami=False,
                        ),
                    ),
                    customer_name="Dana Example",
                ),
            ),
            two_factor=True,
        ),
    ),
    tariffs={"electric": Tariff(math.inf, DOMINION_RATE, DOMINION_RATE, 0.0890, 7.58)},
    billing=BillingRules(cycle_start_day=16, issue_after_days=1, due_after_days=32),
    publication=PublicationRules(lag=timedelta(hours=8), estimated_days=0),
)

# The closed account of the Dominion login: GetBusinessMaster lists it with accountActive "N".
CLOSED_ACCOUNTS = frozenset({DOMINION_CLOSED_ACCOUNT})
# Accounts' nicknames: Alliant's second account has one (AL4 `alliantAddressesAnswer`
# "The workshop"), as has Dominion's first (DP tests/test_client.py:639 "Home").
NICKNAMES = {ALLIANT_ACCOUNT_2: "The workshop", DOMINION_ACCOUNT: "Home"}
# GetBpNumber's customer (business partner) number of each CX login, by user id.
CUSTOMER_NUMBERS = {DOMINION_UID: DOMINION_CUSTOMER_NUMBER}
