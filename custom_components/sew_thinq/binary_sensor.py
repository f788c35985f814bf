"""Connectivity of LG ThinQ appliances."""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import ThinqEntity, async_add_thinq_entities
from .sew_coordinator import SewThinqConfigEntry
from .thinq_coordinator import ThinqCoordinator, ThinqDevice

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SewThinqConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up a connectivity sensor for each appliance."""
    coordinator = entry.runtime_data
    assert isinstance(coordinator, ThinqCoordinator)
    await async_add_thinq_entities(
        entry,
        coordinator,
        async_add_entities,
        lambda device: [ThinqConnectivity(coordinator, device)],
    )


class ThinqConnectivity(ThinqEntity, BinarySensorEntity):
    """Whether LG's cloud reaches the appliance."""

    _attr_device_class = BinarySensorDeviceClass.CONNECTIVITY
    _attr_entity_category = EntityCategory.DIAGNOSTIC

    def __init__(self, coordinator: ThinqCoordinator, device: ThinqDevice) -> None:
        """Initialize the sensor."""
        super().__init__(coordinator, device)
        self._attr_unique_id = f"{device.info.device_id}_connectivity"

    @property
    def available(self) -> bool:
        """Return whether the account was polled; an offline appliance reads off."""
        return self.coordinator.last_update_success and self.device is not None

    @property
    def is_on(self) -> bool:
        """Return whether the appliance answered its last poll."""
        return self.device is not None and self.device.online
