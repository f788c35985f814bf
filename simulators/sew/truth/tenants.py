"""The simulated tenants' data: logins, accounts, meters, zones, currencies and tariffs.

Customers, numbers and prices are made up. What follows the evidence is the shape: the
zone, the currency, the meter kinds and units, how many contracts a login holds, and the
billing cycle boundaries, each cited where it is set.
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
    flat_tariff,
)

DEMO_USERNAME = "demo@sew-sim.example"
DEMO_PASSWORD = "Prairie-Sun-2025!"
DEMO_2FA_USERNAME = "twofactor@sew-sim.example"

# -- a US multi-utility (electric with solar, water, gas): the demo of the mobile profiles ---

ACCOUNT_1 = "3001234567"
ACCOUNT_2 = "3009876543"
DEMO_ACCOUNTS: tuple[SimAccount, ...] = (
    SimAccount(
        ACCOUNT_1,
        "300-123-4567",
        "1200 Prairie View Rd, Lincoln, NE 68502",
        True,
        (
            SimMeter("E10004521", "E", ACCOUNT_1, "electric", "kWh", 3, solar_kw=6.2),
            SimMeter("PV10004521", "PV", ACCOUNT_1, "pv", "kWh", 3, solar_kw=6.2),
            SimMeter("W20007788", "W", ACCOUNT_1, "water", "gal", 1),
            SimMeter("G30005566", "G", ACCOUNT_1, "gas", "CCF", 3),
        ),
    ),
    SimAccount(
        ACCOUNT_2,
        "300-987-6543",
        "2101 Cottonwood Ave Apt 4, Lincoln, NE 68508",
        False,
        (
            SimMeter("E10009981", "E", ACCOUNT_2, "electric", "kWh", 3, scale=0.7),
            SimMeter("E10000017", "E", ACCOUNT_2, "electric", "kWh", 3, active=False),
        ),
    ),
)
US_DEMO = Tenant(
    key="us-demo",
    name="Simulated Prairie Utilities",
    zone="America/Chicago",
    currency="USD",
    logins=(
        Login(DEMO_USERNAME, DEMO_PASSWORD, "10245", DEMO_ACCOUNTS),
        Login(
            DEMO_2FA_USERNAME,
            DEMO_PASSWORD,
            "10246",
            DEMO_ACCOUNTS[1:],
            two_factor=True,
        ),
    ),
    tariffs={
        "electric": Tariff(500.0, 0.1123, 0.1389, 0.0612, 12.50),
        "water": Tariff(3000.0, 0.0052, 0.0071, 0.0, 8.00),
        "gas": Tariff(50.0, 0.89, 0.97, 0.0, 10.00),
    },
)

# -- Hidroelectrica (RO): electricity only, one login with two contracts ---------------------
# Romania, RON, Europe/Bucharest: the peers' LanguageCode "RO", TimeOffSet "120" and RON
# amounts (emanuelbesliu/homeassistant-ihidro @ 3062b41c api.py:193-207, helpers.py:180-207).
# One login row per contract (b247/iHidroGo @ 720fdebd main.go:280-305); a prosumer contract
# registers consumption and production on one meter, 1.8.0 and 1.8.0_P (P1 helpers.py:296-310).

HIDRO_CONTRACT_1 = "5000417731"
HIDRO_CONTRACT_2 = "5000417748"
HIDROELECTRICA = Tenant(
    key="hidroelectrica",
    name="Hidroelectrica (simulated)",
    zone="Europe/Bucharest",
    currency="RON",
    logins=(
        Login(
            DEMO_USERNAME,
            DEMO_PASSWORD,
            "1048576",
            (
                SimAccount(
                    HIDRO_CONTRACT_1,
                    "8000129047",
                    "Str. Lalelelor 12, Bl. A3, Ap. 7, Sector 4, București",
                    True,
                    (
                        SimMeter(
                            "104522871",
                            "E",
                            HIDRO_CONTRACT_1,
                            "electric",
                            "kWh",
                            3,
                            scale=0.35,
                        ),
                    ),
                    customer_name="Demo Client",
                    pod="RO005E512904712",
                ),
                SimAccount(
                    HIDRO_CONTRACT_2,
                    "8000129055",
                    "Str. Morii 3, Sat Snagov, Jud. Ilfov",
                    False,
                    (
                        SimMeter(
                            "104533906",
                            "E",
                            HIDRO_CONTRACT_2,
                            "electric",
                            "kWh",
                            3,
                            scale=0.5,
                            solar_kw=5.0,
                        ),
                    ),
                    customer_name="Demo Client",
                    pod="RO005E512905503",
                ),
            ),
        ),
    ),
    tariffs={"electric": Tariff(255.0, 0.68, 1.30, 0.47, 0.0)},
    billing=BillingRules(cycle_start_day=1, issue_after_days=5, due_after_days=15),
)

# -- NB Power (CA): one residential account, one electric meter -----------------------------
# kWh and CAD, America/Moncton (New Brunswick). Billing cycles run from the 27th to the 26th
# ("FromDate": "July 27, 2026", "ToDate": "August 26, 2026", BillingDays 31: dnlbck/ha-nbpower
# @ 8c9d27bd tests/test_parsing.py test_monthly_cycle_rows_use_fromdate_not_placeholder). The
# flat rate is the one the live projection block implies: SoFarDollar / SoFar = 219.89 / 1388
# = ProjectedBillDollar / ProjectedBill = 228.13 / 1440 = 0.15842 CAD/kWh (realworld capture
# nbpower-widgetapi-getTentativeData-live.json). Interval data lag about a day ("Mode=H
# returns hourly rows for yesterday only", P7 api.py docstring); the last day or two of the
# daily window are estimates (same docstring).

NB_ACCOUNT = "2004417"
NB_POWER_RATE = 0.15842
NB_POWER = Tenant(
    key="nbpower",
    name="NB Power (simulated)",
    zone="America/Moncton",
    currency="CAD",
    logins=(
        Login(
            DEMO_USERNAME,
            DEMO_PASSWORD,
            "880211",
            (
                SimAccount(
                    NB_ACCOUNT,
                    "80244170",
                    "41 Birch Cres, Moncton NB E1A 0A1",
                    True,
                    (
                        SimMeter(
                            "NBP5512093",
                            "E",
                            NB_ACCOUNT,
                            "electric",
                            "kWh",
                            3,
                            scale=3.4,
                        ),
                    ),
                ),
            ),
        ),
    ),
    tariffs={"electric": flat_tariff(NB_POWER_RATE)},
    billing=BillingRules(cycle_start_day=27, issue_after_days=4, due_after_days=21),
    publication=PublicationRules(lag=timedelta(days=1), estimated_days=2),
    history_days=3 * 365 + 40,  # Mode M answers ~36 cycles (P7 test_real_payloads.py)
)

TENANTS: dict[str, Tenant] = {
    tenant.key: tenant for tenant in (US_DEMO, HIDROELECTRICA, NB_POWER)
}
