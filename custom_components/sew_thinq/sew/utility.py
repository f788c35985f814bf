"""A utility running SEW services, as the catalogue (`utilities.py`) lists it."""

from __future__ import annotations

from dataclasses import dataclass

from yarl import URL

from .layout import PortalLayout
from .locale import Locale
from .models import MeterType


@dataclass(frozen=True, slots=True)
class Utility:
    """A utility running SEW services: where, how it writes values, and how it is known."""

    key: str
    name: str
    country: str
    layout: PortalLayout
    locale: Locale
    meter_types: tuple[MeterType, ...]
    source: str
    verified: bool
    # Other hosts users know the utility by (its web site, a proxy of its services).
    other_hosts: tuple[str, ...] = ()

    @property
    def hosts(self) -> frozenset[str]:
        """Return the hosts a URL of this utility may name."""
        roots = (self.layout.login_root, self.layout.service_root)
        hosts = {host for root in roots if (host := URL(root).host)}
        return frozenset({*hosts, *self.other_hosts})
