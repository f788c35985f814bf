"""Layouts, stored sessions, tenant conventions and the catalogue."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    Account,
    Encryption,
    Flavor,
    Locale,
    MeterType,
    MobileDialect,
    PortalLayout,
    PortalSession,
    utility_of_host,
)


@pytest.mark.parametrize("key", list(KNOWN_UTILITIES))
def test_layouts_round_trip(key: str) -> None:
    """A layout survives being stored in a config entry."""
    layout = KNOWN_UTILITIES[key].layout
    assert PortalLayout.from_dict(layout.as_dict()) == layout


def test_layout_from_bad_data() -> None:
    """A stored layout without its roots is refused."""
    with pytest.raises(ValueError, match="login_root"):
        PortalLayout.from_dict({"flavor": "api"})


def test_catalogue_on_the_evidence() -> None:
    """Hidroelectrica and NB Power are verified; the seed article's tenants are not."""
    hidro = KNOWN_UTILITIES["hidroelectrica"]
    assert hidro.layout == PortalLayout(
        Flavor.JSON_API,
        "https://hidroelectrica-svc.smartcmobile.com/API",
        "https://hidroelectrica-svc.smartcmobile.com/Service",
    )
    assert (hidro.locale.currency, hidro.locale.time_zone) == (
        "RON",
        "Europe/Bucharest",
    )
    assert hidro.verified
    nbpower = KNOWN_UTILITIES["nbpower"]
    assert nbpower.layout.flavor is Flavor.WIDGET_API
    assert nbpower.layout.service_root == "https://nbp-svc.smartcmobile.com/WidgetAPI"
    assert nbpower.layout.login_root == "https://www.nbpower.com"
    assert nbpower.locale.currency == "CAD"
    nppd = KNOWN_UTILITIES["nppd"]
    assert nppd.layout.login_root == "https://onlineaccount.nppd.com/PortalService"
    assert nppd.layout.mobile_dialect is MobileDialect.SEED
    assert nppd.layout.encryption is Encryption.KEY_IV
    assert not nppd.verified
    assert not KNOWN_UTILITIES["rpu"].verified
    assert all(
        u.source and u.country and u.meter_types for u in KNOWN_UTILITIES.values()
    )


def test_utility_of_host() -> None:
    """A URL's host names a known utility, its proxy host included."""
    assert (
        utility_of_host("hidroelectrica-svc.smartcmobile.com")
        is KNOWN_UTILITIES["hidroelectrica"]
    )
    assert utility_of_host("IHIDRO.RO") is KNOWN_UTILITIES["hidroelectrica"]
    assert utility_of_host("www.nbpower.com") is KNOWN_UTILITIES["nbpower"]
    assert utility_of_host("nbp-svc.smartcmobile.com") is KNOWN_UTILITIES["nbpower"]
    assert utility_of_host("example.com") is None
    assert utility_of_host(None) is None


def test_time_offset() -> None:
    """Requests carry the tenant's standard offset in minutes.

    Requests carry the tenant's standard offset in minutes: "120" for Bucharest all year
    (emanuelbesliu/homeassistant-ihidro api.py:204), "0" when unknown.
    """
    assert Locale(time_zone="Europe/Bucharest").time_offset() == "120"
    assert Locale(time_zone="America/Moncton").time_offset() == "-240"
    assert Locale().time_offset() == "0"
    assert Locale().zone() is None


def test_session_round_trip() -> None:
    """A stored session survives storage and never shows its token.

    A session, with the accounts its login named, survives storage; its token never
    shows in its repr.
    """
    account = Account(
        "8000123456",
        "4001234567",
        "Str. Exemplu 1",
        ZoneInfo("Europe/Bucharest"),
        True,
        "Residential",
        (MeterType.ELECTRIC,),
    )
    session = PortalSession("10245", "secret-token", (account,))
    assert PortalSession.from_dict(session.as_dict()) == session
    assert "secret-token" not in repr(session)
    assert "Str. Exemplu" not in repr(session)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"user_id": "1", "token": "t"},
        {"user_id": "1", "token": "t", "accounts": [{"time_zone": "Nowhere/Land"}]},
        {
            "user_id": "1",
            "token": "t",
            "accounts": [{"time_zone": "UTC", "meter_types": ["Z"]}],
        },
    ],
)
def test_session_from_bad_data(data: dict[str, object]) -> None:
    """Stored data that is not a session is refused."""
    with pytest.raises(ValueError, match="stored"):
        PortalSession.from_dict(data)
