"""Named tenant profiles: a tenant's data plus the dialects it speaks.

| profile | dialects | evidence |
|---|---|---|
| `hidroelectrica` | JSON API (`/API/UserLogin/*` + `/Service/<Module>/*`) | P1, P2, P4 (docs section 2) |
| `nbpower` | NB Power's web sign-in and its WidgetAPI (`/WidgetAPI/<Module>/*`) | P7, P8, live capture (section 3) |
| `mobile-seed` | mobile `.svc`, the seed article's request | seed article (section 5) |
| `mobile-sew` | mobile `.svc`, SEW's own test code's request | P16 capture, P17 (section 5) |
| `acwd` | web portal (`/portal/<Page>.aspx/<WebMethod>`), water in gallons | ha-acwd, acwd_water_usage, realworld ACWD day (docs section 4) |
| `paloalto` | web portal (`/Portal/...`), net-metered electric; gas, water unverified | jsinnott/cpau captures (docs section 4) |
| `alliant` | CX REST (`UsermanagementAPI`, `Services`, `UsageAPI`), Bearer tokens | AL1-AL4 (cx.md) |
| `dominion` | Gigya sign-in (`<base>/gigya`) + CX REST, xlsx usage | DP, DH, DN, DW, DJ, DR (cx.md) |
| `unverified` | the first simulator's `/API/<Module>/*` layout and mobile `.svc` | none: kept for the tests of legacy variants |

Mobile answers were never captured: every mobile profile answers with the unverified shapes
of dialects/unverified_answers.py. A new flavor adds its dialect module under dialects/ and
an entry here; the ground truth and the server stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dialects.alliant import AlliantCx
from .dialects.base import DialectFactory
from .dialects.dominion import DominionCx
from .dialects.hidroelectrica import HidroelectricaApi
from .dialects.mobile import MobileService, RequestDialect
from .dialects.nbpower import NbPowerWidgetApi
from .dialects.nbpower_site import NbPowerSite
from .dialects.unverified_api import LandingPage, UnverifiedApi
from .dialects.web_portal import WebPortal
from .dialects.web_style import ACWD_STYLE, PALO_ALTO_STYLE
from .truth import Tenant
from .truth.cx_tenants import ALLIANT, DOMINION
from .truth.tenants import HIDROELECTRICA, NB_POWER, US_DEMO
from .truth.web_tenants import ACWD, PALO_ALTO

DEFAULT_PROFILE = "hidroelectrica"


@dataclass(frozen=True, slots=True)
class Profile:
    """A named simulated tenant."""

    name: str
    summary: str
    tenant: Tenant
    dialects: tuple[DialectFactory, ...]


PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        Profile(
            "hidroelectrica",
            "Hidroelectrica's JSON API: /API/UserLogin + /Service/<Module>, RON",
            HIDROELECTRICA,
            (HidroelectricaApi,),
        ),
        Profile(
            "nbpower",
            "NB Power's web sign-in and WidgetAPI, kWh/CAD",
            NB_POWER,
            (NbPowerWidgetApi, NbPowerSite),
        ),
        Profile(
            "mobile-seed",
            "mobile .svc as the seed article sends it (EncType, UserId, urlencoded)",
            US_DEMO,
            (MobileService.factory(RequestDialect.SEED),),
        ),
        Profile(
            "mobile-sew",
            "mobile .svc as SEW's own test code sends it (encType, userid, raw values)",
            US_DEMO,
            (MobileService.factory(RequestDialect.SEW),),
        ),
        Profile(
            "acwd",
            "Alameda County Water District's web portal: water in gallons, 15-minute",
            ACWD,
            (WebPortal.factory(ACWD_STYLE),),
        ),
        Profile(
            "paloalto",
            "City of Palo Alto Utilities' web portal: net-metered electric, gas, water",
            PALO_ALTO,
            (WebPortal.factory(PALO_ALTO_STYLE),),
        ),
        Profile(
            "alliant",
            "Alliant Energy's CX REST services: password sign-in, Bearer + refresh, USD",
            ALLIANT,
            (AlliantCx,),
        ),
        Profile(
            "dominion",
            "Dominion Energy's CX services behind a Gigya sign-in, 30-minute workbooks, USD",
            DOMINION,
            (DominionCx,),
        ),
        Profile(
            "unverified",
            "the first simulator's shapes, no evidence: /API/<Module> and mobile .svc",
            US_DEMO,
            (
                MobileService.factory(RequestDialect.LEGACY),
                UnverifiedApi,
                LandingPage,
            ),
        ),
    )
}


def resolve_profile(profile: str | Profile) -> Profile:
    """Return a profile given itself or its name."""
    if isinstance(profile, Profile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(
            f"Unknown SEW tenant profile {profile!r}; known: {', '.join(PROFILES)}"
        ) from None
