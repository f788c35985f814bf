"""Named tenant profiles: a tenant's data plus the dialects it speaks.

| profile | dialects | evidence |
|---|---|---|
| `hidroelectrica` | JSON API (`/API/UserLogin/*` + `/Service/<Module>/*`) | P1, P2, P4 (docs section 2) |
| `nbpower` | NB Power's web sign-in and its WidgetAPI (`/WidgetAPI/<Module>/*`) | P7, P8, live capture (section 3) |
| `mobile-seed` | mobile `.svc`, the seed article's request | seed article (section 5) |
| `mobile-sew` | mobile `.svc`, SEW's own test code's request | P16 capture, P17 (section 5) |
| `unverified` | the first simulator's `/API/<Module>/*` layout and mobile `.svc` | none: kept for the tests of legacy variants |

Mobile answers were never captured: every mobile profile answers with the unverified shapes
of dialects/unverified_answers.py. A new flavor adds its dialect module under dialects/ and
an entry here; the ground truth and the server stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dialects.base import DialectFactory
from .dialects.hidroelectrica import HidroelectricaApi
from .dialects.mobile import MobileService, RequestDialect
from .dialects.nbpower import NbPowerWidgetApi
from .dialects.nbpower_site import NbPowerSite
from .dialects.unverified_api import LandingPage, UnverifiedApi
from .truth import Tenant
from .truth.tenants import HIDROELECTRICA, NB_POWER, US_DEMO

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
