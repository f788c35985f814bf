"""Base entities of the SEW Utility & LG ThinQ integration."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import (
    CONNECTION_NETWORK_MAC,
    DeviceInfo,
    format_mac,
)
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import AccountData, MeterData, SewCoordinator
from .thinq import AirConditionerState
from .thinq_coordinator import ThinqCoordinator, ThinqDevice

METER_MODELS = {"E": "Electric", "W": "Water", "G": "Gas", "PV": "Solar"}


def account_device_info(coordinator: SewCoordinator, account_key: str) -> DeviceInfo:
    """Return the device of a utility account."""
    return DeviceInfo(
        identifiers={(DOMAIN, coordinator.account_identifier(account_key))},
        name=f"Account {account_key}",
        manufacturer=coordinator.config_entry.title,
        model="Utility account",
    )


class SewAccountEntity(CoordinatorEntity[SewCoordinator]):
    """An entity of a utility account."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: SewCoordinator, account_key: str) -> None:
        """Attach the entity to its account's device."""
        super().__init__(coordinator)
        self.account_key = account_key
        self._attr_device_info = account_device_info(coordinator, account_key)

    @property
    def account_data(self) -> AccountData | None:
        """Return the account's data from the latest poll, if it is still there."""
        return self.coordinator.data.accounts.get(self.account_key)

    @property
    def available(self) -> bool:
        """Return whether the last poll saw the account."""
        return super().available and self.account_data is not None


class SewMeterEntity(CoordinatorEntity[SewCoordinator]):
    """An entity of a utility meter."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: SewCoordinator, data: MeterData) -> None:
        """Attach the entity to its meter's device, under the account's device.

        The account's device must be registered first.
        """
        super().__init__(coordinator)
        meter = data.meter
        self.meter_key = coordinator.meter_key(data)
        model = METER_MODELS[meter.meter_type.value]
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, coordinator.meter_identifier(self.meter_key))},
            name=f"{model} meter {meter.meter_number}",
            manufacturer=coordinator.config_entry.title,
            model=model,
            model_id=meter.meter_type.value,
            serial_number=meter.meter_number,
            via_device_id=dr.async_get_device_id_by_identifier(
                coordinator.hass,
                (DOMAIN, coordinator.account_identifier(data.account_key)),
                config_entry_id=coordinator.config_entry.entry_id,
            ),
        )

    @property
    def meter_data(self) -> MeterData | None:
        """Return the meter's data from the latest poll, if it is still followed."""
        return self.coordinator.data.meters.get(self.meter_key)

    @property
    def available(self) -> bool:
        """Return whether the last poll saw the meter."""
        return super().available and self.meter_data is not None


async def async_add_thinq_entities(
    entry: ConfigEntry,
    coordinator: ThinqCoordinator,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entities_of: Callable[[str], Iterable[Entity]],
) -> None:
    """Add the entities of each appliance, now and whenever a new one appears."""
    known = set(coordinator.data)
    for device_id in sorted(known):
        async_add_entities(entities_of(device_id))
        # Adding runs eagerly: yield between appliances so no step runs long.
        await asyncio.sleep(0)

    @callback
    def add_new_appliances() -> None:
        new = coordinator.data.keys() - known
        known.update(new)
        for device_id in sorted(new):
            async_add_entities(entities_of(device_id))

    entry.async_on_unload(coordinator.async_add_listener(add_new_appliances))


class ThinqEntity(CoordinatorEntity[ThinqCoordinator]):
    """An entity of an LG ThinQ appliance."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: ThinqCoordinator, device_id: str) -> None:
        """Attach the entity to its appliance's device."""
        super().__init__(coordinator)
        self.device_id = device_id
        info = coordinator.data[device_id].info
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, device_id)},
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
    def appliance_state(self) -> AirConditionerState:
        """Return the appliance's state; read only while the entity is available."""
        state = self.coordinator.data[self.device_id].state
        assert state is not None
        return state

    @property
    def device(self) -> ThinqDevice | None:
        """Return the appliance as of the latest poll, if the account still has it."""
        return self.coordinator.data.get(self.device_id)

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
