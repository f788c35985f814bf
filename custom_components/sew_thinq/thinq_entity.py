"""Entities of an LG ThinQ account's appliances, and how each platform adds them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from homeassistant.helpers.device_registry import (
    CONNECTION_NETWORK_MAC,
    DeviceInfo,
    format_mac,
)
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .runtime import async_add_batches
from .thinq import AirConditionerState, Appliance
from .thinq_coordinator import ThinqCoordinator
from .thinq_device import ThinqDevice


async def async_add_thinq_entities(
    coordinator: ThinqCoordinator,
    entities_of: Callable[[ThinqCoordinator, ThinqDevice], Iterable[Entity]],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each appliance's entities, and those it gains later (a model read, a reading).

    An appliance whose model document is not read yet has no entities. One LG no longer
    lists is forgotten (the coordinator removes its device), so it gets its entities again
    should it come back.
    """
    added: dict[str, set[str | None]] = {}
    seen: dict[str, frozenset[str]] = {}

    def new_batches() -> Iterator[list[Entity]]:
        for gone in seen.keys() - coordinator.data.keys():
            del seen[gone]
            added.pop(gone, None)
        for device_id, device in sorted(coordinator.data.items()):
            if seen.get(device_id) == device.features or not device.features:
                continue
            seen[device_id] = device.features
            known = added.setdefault(device_id, set())
            batch = [
                e for e in entities_of(coordinator, device) if e.unique_id not in known
            ]
            known.update(e.unique_id for e in batch)
            if batch:
                yield batch

    await async_add_batches(
        coordinator.config_entry, coordinator, new_batches, async_add_entities
    )


class ThinqEntity(CoordinatorEntity[ThinqCoordinator]):
    """An entity of an LG ThinQ appliance."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: ThinqCoordinator, device: ThinqDevice) -> None:
        """Attach the entity to its appliance's device."""
        super().__init__(coordinator)
        info = device.info
        assert device.appliance is not None
        self.device_id = info.device_id
        self.appliance: Appliance = device.appliance
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, info.device_id)},
            name=info.alias,
            manufacturer="LG",
            model=info.model_name,
            sw_version=info.firmware,
            connections=(
                {(CONNECTION_NETWORK_MAC, format_mac(info.mac_address))}
                if info.mac_address
                else set()
            ),
        )

    @property
    def device(self) -> ThinqDevice | None:
        """Return the appliance as of the latest poll, if the account still has it."""
        return self.coordinator.data.get(self.device_id)

    @property
    def appliance_state(self) -> AirConditionerState:
        """Return the appliance's state; read only while the entity is available."""
        device = self.device
        assert device is not None
        assert device.state is not None
        return device.state

    @property
    def available(self) -> bool:
        """Return whether the appliance answered its last poll."""
        device = self.device
        return (
            super().available
            and device is not None
            and device.online
            and device.state is not None
        )
