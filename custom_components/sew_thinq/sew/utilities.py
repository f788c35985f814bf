"""Utilities known to run SEW Smart Customer Mobile portals."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .models import Encryption, Flavor, KnownUtility, Portal

KNOWN_UTILITIES: Mapping[str, KnownUtility] = MappingProxyType(
    {
        "nppd": KnownUtility(
            key="nppd",
            name="Nebraska Public Power District",
            portal=Portal(
                "https://onlineaccount.nppd.com", Flavor.MOBILE, Encryption.ANDROID
            ),
            evidence=(
                "Service root https://onlineaccount.nppd.com/PortalService/ with "
                "UserLogin.svc/help, as documented in the 'Smart Customer Mobile API' write-up; "
                "the Android app's EncType A encryption"
            ),
        ),
        "rpu": KnownUtility(
            key="rpu",
            name="Rochester Public Utilities",
            portal=Portal("https://connectwith.rpu.com", Flavor.API, None),
            evidence=(
                "API root https://connectwith.rpu.com/api, as documented in the "
                "'Smart Customer Mobile API' write-up and used by a public client"
            ),
        ),
        "sew_reference": KnownUtility(
            key="sew_reference",
            name="Smart Energy Water reference portal",
            portal=Portal("https://scmcx.smartcmobile.com", Flavor.API, None),
            evidence="SEW's own host; its calls are listed at https://scmcx.smartcmobile.com/API/Help/",
        ),
    }
)
