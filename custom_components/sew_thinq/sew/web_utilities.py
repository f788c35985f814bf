"""Utilities whose SEW web portal (`<folder>/<Page>.aspx`) a public program talks to.

Each entry names its public source (research note catalogue.md; `index file N` is a file of
the public code index whose repository the index does not name). `verified` is set where a
program logs in or reads usage at that host and folder; entries shown only by a pre-login
outage page or a document are unverified and go through discovery. Time zones are the
service area's; currencies the country's.
"""

from __future__ import annotations

from .layout import web_portal_layout
from .locale import DateOrder, english_locale
from .models import MeterType
from .utility import Utility

_ELECTRIC = (MeterType.ELECTRIC,)
_WATER = (MeterType.WATER,)
_GAS = (MeterType.GAS,)


def _web(
    key: str,
    name: str,
    country: str,
    folder: str,
    meter_types: tuple[MeterType, ...],
    *,
    time_zone: str,
    source: str,
    verified: bool,
    currency: str = "USD",
    date_order: DateOrder = DateOrder.MONTH_FIRST,
) -> Utility:
    """Return a web-portal utility writing numbers with a decimal point, in English."""
    return Utility(
        key=key,
        name=name,
        country=country,
        layout=web_portal_layout(folder),
        locale=english_locale(time_zone, currency=currency, date_order=date_order),
        meter_types=meter_types,
        source=source,
        verified=verified,
    )


WEB_PORTAL_UTILITIES: tuple[Utility, ...] = (
    _web(
        "acwd",
        "Alameda County Water District",
        "US",
        "https://portal.acwd.org/portal",
        _WATER,
        time_zone="America/Los_Angeles",
        source=(
            "funkadelic/ha-acwd acwd_api.py:56,214,234,356,402,475 (login, meters, hourly "
            "water in gallons); parvez/acwd_water_usage sensor.py:22-25"
        ),
        verified=True,
    ),
    _web(
        "city_of_palo_alto",
        "City of Palo Alto Utilities",
        "US",
        "https://mycpau.cityofpaloalto.org/Portal",
        _ELECTRIC,
        time_zone="America/Los_Angeles",
        source=(
            "jsinnott/cpau src/cpau/session.py:83,114,173 and dev-tools/electric "
            "(real browser captures of login, BindMultiMeter and LoadUsage)"
        ),
        verified=True,
    ),
    _web(
        "tango_energy",
        "Tango Energy",
        "AU",
        "https://my.tangoenergy.com/Portal",
        _ELECTRIC,
        time_zone="Australia/Melbourne",
        source=(
            "T-Fowl/tango-energy-usage-exporter main.go:282-287,359,390 (login, "
            "BindMultiMeter, LoadUsage MI); country, zone and currency inferred"
        ),
        verified=True,
        currency="AUD",
        date_order=DateOrder.DAY_FIRST,
    ),
    _web(
        "philadelphia_gas_works",
        "Philadelphia Gas Works",
        "US",
        "https://myaccount.pgworks.com/portal",
        _GAS,
        time_zone="America/New_York",
        source=(
            "index files 58116319574 (pgw_api/client.py: login, LoadGasUsage M/D/hourly) "
            "and 57944758423; zackwag/ha-pgw README"
        ),
        verified=True,
    ),
    _web(
        "city_utilities_springfield",
        "City Utilities of Springfield",
        "US",
        "https://myaccount.cityutilities.net/Portal",
        (MeterType.ELECTRIC, MeterType.WATER),
        time_zone="America/Chicago",
        source=(
            "index file 35082785376 (a client's configuration: login, LoadUsage and "
            "LoadWaterUsage bodies, cookies)"
        ),
        verified=True,
    ),
    _web(
        "fort_worth_water",
        "City of Fort Worth Water (MyH2O)",
        "US",
        "https://fwmyh2o.smartcmobile.com/Portal",
        _WATER,
        time_zone="America/Chicago",
        source=(
            "wmtran25/ha-fwmyh2o custom_components/fort_worth_myh2o_history/fetcher.py:"
            "1,13,30-43 (LoadWaterUsage; its login is unproven)"
        ),
        verified=True,
    ),
    _web(
        "redwood_city_water",
        "City of Redwood City (water)",
        "US",
        "https://mywater.redwoodcity.org/Portal",
        _WATER,
        time_zone="America/Los_Angeles",
        source=(
            "index files 2333497169 and 2086857452 (2019: validateLogin, LoadWaterUsage); "
            "the city's 2017 agreement with Smart Utility Systems"
        ),
        verified=True,
    ),
    _web(
        "manitoba_hydro",
        "Manitoba Hydro",
        "CA",
        "https://account.hydro.mb.ca/Portal",
        (MeterType.ELECTRIC, MeterType.GAS),
        time_zone="America/Winnipeg",
        source=(
            "index files 8799733890, 24885602846 (the pre-login outage page method "
            "OuterOutage.aspx/loadLatLongOuterOutage only)"
        ),
        verified=False,
        currency="CAD",
    ),
    _web(
        "bastrop",
        "City of Bastrop (TX)",
        "US",
        "https://bastrop.smartcmobile.com/portal",
        _ELECTRIC,
        time_zone="America/Chicago",
        source=(
            "index file 43773644216 (the pre-login outage page method only; the utility "
            "behind the 'bastrop' tenant is not named there)"
        ),
        verified=False,
    ),
    _web(
        "imperial_irrigation_district",
        "Imperial Irrigation District",
        "US",
        "https://myaccount.iid.com/portal",
        _ELECTRIC,
        time_zone="America/Los_Angeles",
        source=(
            "index file 27121123553 (the pre-login outage call of SEW's CustomerPortal, "
            "an older AjaxPro generation)"
        ),
        verified=False,
    ),
    _web(
        "norco",
        "City of Norco utilities",
        "US",
        "https://www.norcoutilitiesportal.com/portal",
        _WATER,
        time_zone="America/Los_Angeles",
        source=(
            "the portal's user guide by Smart Utility Systems "
            "(www.norcoutilitiesportal.com/portal/help_html/index.html); no public client"
        ),
        verified=False,
    ),
    _web(
        "tata_power",
        "Tata Power (customer portal)",
        "IN",
        "https://customerportal.tatapower.com/TPCD",
        _ELECTRIC,
        time_zone="Asia/Kolkata",
        source=(
            "index file 3627296308 (its OuterOutage.aspx page only; SEW's page names, "
            "no login seen)"
        ),
        verified=False,
        currency="INR",
        date_order=DateOrder.DAY_FIRST,
    ),
)
