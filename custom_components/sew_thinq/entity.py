"""Base entities of the SEW Utility & LG ThinQ integration."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator

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
from .sew_coordinator import AccountData, MeterData, SewCoordinator, SewThinqConfigEntry
from .thinq import AirConditionerState, Appliance
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
    entry: SewThinqConfigEntry,
    coordinator: ThinqCoordinator,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entities_of: Callable[[ThinqDevice], Iterable[Entity]],
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
            batch = [e for e in entities_of(device) if e.unique_id not in known]
            known.update(e.unique_id for e in batch)
            if batch:
                yield batch

    for batch in new_batches():
        async_add_entities(batch)
        # Adding runs eagerly: yield between appliances so no step runs long.
        await asyncio.sleep(0)

    @callback
    def add_new_entities() -> None:
        for batch in new_batches():
            async_add_entities(batch)

    entry.async_on_unload(coordinator.async_add_listener(add_new_entities))


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
