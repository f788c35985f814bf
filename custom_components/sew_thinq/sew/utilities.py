"""Utilities known to run SEW services, each with the public source that shows it.

An entry no public client confirms is `verified=False`: it still goes through discovery.
"Verified" means a public program sends its requests to that host and folder; it says
nothing about which calls work there (the research note catalogue.md gives each entry's
evidence level). Web-portal tenants are in `web_utilities.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .layout import (
    CxDialect,
    Encryption,
    Flavor,
    MobileDialect,
    PortalLayout,
    cx_layout,
    json_api_layout,
    mobile_layout,
)
from .locale import DateOrder, Locale, NumberFormat, english_locale
from .models import MeterType
from .utility import Utility
from .web_utilities import WEB_PORTAL_UTILITIES

_SERVICE_UTILITIES: Mapping[str, Utility] = MappingProxyType(
    {
        "hidroelectrica": Utility(
            key="hidroelectrica",
            name="Hidroelectrica",
            country="RO",
            layout=json_api_layout("https://hidroelectrica-svc.smartcmobile.com"),
            locale=Locale(
                number_format=NumberFormat.DECIMAL_COMMA,
                date_order=DateOrder.DAY_FIRST,
                language="RO",
                time_zone="Europe/Bucharest",
                currency="RON",
            ),
            meter_types=(MeterType.ELECTRIC,),
            source=(
                "emanuelbesliu/homeassistant-ihidro const.py:9-50; cnecrea/hidroelectrica "
                "const.py:50-86 and helpers.py:89-114 (decimal-comma amounts); "
                "b247/iHidroGo main.go:35"
            ),
            verified=True,
            # The web portal's host, which also proxies the API (P2 const.py:50).
            other_hosts=("ihidro.ro", "www.ihidro.ro"),
        ),
        "nbpower": Utility(
            key="nbpower",
            name="NB Power",
            country="CA",
            layout=PortalLayout(
                Flavor.WIDGET_API,
                "https://www.nbpower.com",
                "https://nbp-svc.smartcmobile.com/WidgetAPI",
            ),
            locale=english_locale("America/Moncton", currency="CAD"),
            meter_types=(MeterType.ELECTRIC,),
            source=(
                "dnlbck/ha-nbpower const.py BASE_URL, WIDGET_API_URL, CURRENCY and api.py "
                "(validated against live traffic); noslent/nbpower-ha api.py"
            ),
            verified=True,
        ),
        "alliant": Utility(
            key="alliant",
            name="Alliant Energy",
            country="US",
            layout=cx_layout("https://alliant-svc.smartcmobile.com", CxDialect.ALLIANT),
            # Iowa and Wisconsin; no peer names the zone of the hourly rows.
            locale=english_locale("America/Chicago"),
            meter_types=(MeterType.ELECTRIC,),
            source=(
                "detour1999/ha-alliant-energy client.py:41-373; CornHead764/ha-alliant-"
                "energy client.py (maintained fork, 2026); see /work/research/cx.md"
            ),
            verified=True,
            other_hosts=("myaccount.alliantenergy.com",),
        ),
        "dominion": Utility(
            key="dominion",
            name="Dominion Energy (Virginia, North Carolina)",
            country="US",
            layout=cx_layout(
                "https://prodsvc-dominioncip.smartcmobile.com",
                CxDialect.DOMINION,
                login_root="https://login.dominionenergy.com",
                auth_root="https://auth.dominionenergy.com",
            ),
            locale=english_locale("America/New_York"),  # dompower client.py:44-45
            meter_types=(MeterType.ELECTRIC,),
            source=(
                "YeomansIII/dompower const.py, gigya_auth.py, client.py (PyPI dompower "
                "0.2.1); YeomansIII/ha-dominion-energy; South Carolina is not SEW "
                "(dompower 0.3.0a1 sc/const.py)"
            ),
            verified=True,
            other_hosts=("myaccount.dominionenergy.com",),
        ),
        "nppd": Utility(
            key="nppd",
            name="Nebraska Public Power District",
            country="US",
            layout=mobile_layout(
                "https://onlineaccount.nppd.com/PortalService",
                MobileDialect.SEED,
                Encryption.KEY_IV,
            ),
            locale=english_locale("America/Chicago"),
            meter_types=(MeterType.ELECTRIC,),
            source=(
                "The 'Smart Customer Mobile API' article (infosec.press/tildavaan): "
                "onlineaccount.nppd.com/PortalService/UserLogin.svc/help, EncType A; "
                "no public client"
            ),
            verified=False,
        ),
        "rpu": Utility(
            key="rpu",
            name="Rochester Public Utilities",
            country="US",
            layout=json_api_layout("https://connectwith.rpu.com", "API"),
            locale=english_locale("America/Chicago"),
            meter_types=(MeterType.ELECTRIC, MeterType.WATER),
            source=(
                "The 'Smart Customer Mobile API' article: 'the root at "
                "https://connectwith.rpu.com/api'; no public client"
            ),
            verified=False,
        ),
    }
)

KNOWN_UTILITIES: Mapping[str, Utility] = MappingProxyType(
    {**_SERVICE_UTILITIES, **{u.key: u for u in WEB_PORTAL_UTILITIES}}
)


def utility_of_host(host: str | None) -> Utility | None:
    """Return the known utility whose login or services live on a host."""
    if not host:
        return None
    folded = host.casefold()
    return next(
        (utility for utility in KNOWN_UTILITIES.values() if folded in utility.hosts),
        None,
    )
