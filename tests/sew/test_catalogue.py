"""The catalogue of utilities: complete records, one host each, listed in the README."""

from __future__ import annotations

from pathlib import Path
import zoneinfo

from custom_components.sew_thinq.sew import KNOWN_UTILITIES, Flavor, utility_of_host
from custom_components.sew_thinq.utility_choices import COUNTRY_NAMES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_entry_is_complete() -> None:
    """At least 15 real utilities, each with where, what, when, which money and why."""
    assert len(KNOWN_UTILITIES) >= 15
    assert {u.layout.flavor for u in KNOWN_UTILITIES.values()} >= {
        Flavor.JSON_API,
        Flavor.WIDGET_API,
        Flavor.MOBILE,
        Flavor.WEB_PORTAL,
    }
    seen: set[str] = set()
    for key, utility in KNOWN_UTILITIES.items():
        assert utility.key == key
        assert utility.name
        assert utility.country in COUNTRY_NAMES
        assert utility.meter_types
        assert utility.source
        assert utility.locale.currency is not None
        assert len(utility.locale.currency) == 3
        assert utility.locale.time_zone is not None
        assert zoneinfo.ZoneInfo(utility.locale.time_zone)
        assert utility.hosts
        assert not utility.hosts & seen, key
        seen |= utility.hosts
        for host in utility.hosts:
            assert utility_of_host(host.upper()) is utility


def test_web_portals_name_their_folder() -> None:
    """A web portal's login and calls live in its portal folder, on one host."""
    portals = [
        u for u in KNOWN_UTILITIES.values() if u.layout.flavor is Flavor.WEB_PORTAL
    ]
    assert len(portals) >= 10
    for utility in portals:
        assert utility.layout.login_root == utility.layout.service_root
        assert utility.layout.login_root.startswith("https://")
        assert not utility.layout.login_root.endswith("/")


def test_readme_lists_every_utility() -> None:
    """The README's catalogue names each utility with its country."""
    rows = [line for line in README.read_text().splitlines() if line.startswith("| ")]
    for utility in KNOWN_UTILITIES.values():
        assert any(
            row.startswith(f"| {utility.name} | {utility.country} |") for row in rows
        ), utility.name
