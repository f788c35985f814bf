"""Connectivity of LG ThinQ appliances."""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory

from .thinq_coordinator import ThinqCoordinator
from .thinq_device import ThinqDevice
from .thinq_entity import ThinqEntity


def thinq_connectivities(
    coordinator: ThinqCoordinator, device: ThinqDevice
) -> list[ThinqConnectivity]:
    """Return the connectivity sensor of an appliance."""
    return [ThinqConnectivity(coordinator, device)]


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
