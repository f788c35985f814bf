"""What a loaded entry runs, whichever service it is: the one typed entry alias.

Each service builds its entry's runtime (`sew_runtime.py`, `thinq_runtime.py`); the
shared modules ask the runtime instead of branching on the service.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

type EntityFactory = Callable[[AddConfigEntryEntitiesCallback], Awaitable[None]]
type PlatformSetup = Callable[
    [HomeAssistant, SewThinqConfigEntry, AddConfigEntryEntitiesCallback],
    Coroutine[Any, Any, None],
]


@dataclass(frozen=True, slots=True)
class Diagnostics:
    """What a service adds to its entry's diagnostics, and what must not show.

    `to_redact` names keys whose values are redacted; each of `private` is redacted
    wherever it appears, in keys and values alike.
    """

    data: dict[str, Any]
    to_redact: frozenset[str]
    private: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryRuntime[CoordinatorT: DataUpdateCoordinator[Any]]:
    """A loaded entry: the coordinator it polls, its platforms and what it owns.

    `platforms` maps each platform the entry sets up to the factory that adds its
    entities; `owns_device` tells whether device identifiers (of this domain) are still
    the entry's; `diagnostics` returns the service's part of the entry's diagnostics.
    """

    coordinator: CoordinatorT
    platforms: Mapping[Platform, EntityFactory]
    owns_device: Callable[[set[str]], bool]
    diagnostics: Callable[[], Diagnostics]


type SewThinqConfigEntry = ConfigEntry[EntryRuntime[Any]]


def platform_setup(platform: Platform) -> PlatformSetup:
    """Return a platform's `async_setup_entry`: the entry's factory adds the entities."""

    async def async_setup_entry(
        hass: HomeAssistant,
        entry: SewThinqConfigEntry,
        async_add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        await entry.runtime_data.platforms[platform](async_add_entities)

    return async_setup_entry


async def async_add_batches(
    entry: ConfigEntry,
    coordinator: DataUpdateCoordinator[Any],
    new_batches: Callable[[], Iterator[Iterable[Entity]]],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entities of each device now, a batch a device, and those polls find later."""
    for batch in new_batches():
        async_add_entities(batch)
        # Adding runs eagerly: yield between devices so no step runs long.
        await asyncio.sleep(0)

    @callback
    def add_new_entities() -> None:
        for batch in new_batches():
            async_add_entities(batch)

    entry.async_on_unload(coordinator.async_add_listener(add_new_entities))
