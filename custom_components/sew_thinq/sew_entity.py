"""Entities of a utility login: its accounts' and meters' devices."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .sew_coordinator import SewCoordinator
from .sew_data import AccountData, MeterData, SewData

METER_MODELS = {"E": "Electric", "W": "Water", "G": "Gas", "PV": "Solar"}


@dataclass(frozen=True, slots=True)
class SewDevice[DataT]:
    """An account or meter of the login: its device, and where each poll keeps its data.

    `key` is how the account or meter is known in options and unique ids.
    """

    key: str
    info: DeviceInfo
    data_of: Callable[[SewData], Mapping[str, DataT]]


def _device_info(
    coordinator: SewCoordinator, identifier: str, name: str, model: str
) -> DeviceInfo:
    """Return the device of an account or meter; its utility is the manufacturer."""
    return DeviceInfo(
        identifiers={(DOMAIN, identifier)},
        name=name,
        manufacturer=coordinator.config_entry.title,
        model=model,
    )


def account_device(
    coordinator: SewCoordinator, account_key: str
) -> SewDevice[AccountData]:
    """Return the device of a utility account."""
    identifier = coordinator.account_identifier(account_key)
    name = f"Account {account_key}"
    return SewDevice(
        account_key,
        _device_info(coordinator, identifier, name, "Utility account"),
        lambda data: data.accounts,
    )


def meter_device(coordinator: SewCoordinator, data: MeterData) -> SewDevice[MeterData]:
    """Return the device of a meter, under its account's device.

    The account's device must be registered first.
    """
    meter = data.meter
    key = coordinator.meter_key(data)
    model = METER_MODELS[meter.meter_type.value]
    name = f"{model} meter {meter.meter_number}"
    info = _device_info(coordinator, coordinator.meter_identifier(key), name, model)
    info["model_id"] = meter.meter_type.value
    info["serial_number"] = meter.meter_number
    info["via_device_id"] = dr.async_get_device_id_by_identifier(
        coordinator.hass,
        (DOMAIN, coordinator.account_identifier(data.account_key)),
        config_entry_id=coordinator.config_entry.entry_id,
    )
    return SewDevice(key, info, lambda data: data.meters)


class SewEntity[DataT](CoordinatorEntity[SewCoordinator]):
    """An entity of a utility account or meter."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: SewCoordinator, device: SewDevice[DataT]) -> None:
        """Attach the entity to its account's or meter's device."""
        super().__init__(coordinator)
        self.device = device
        self._attr_device_info = device.info

    @property
    def device_data(self) -> DataT | None:
        """Return the account's or meter's data from the latest poll, if still there."""
        return self.device.data_of(self.coordinator.data).get(self.device.key)

    @property
    def available(self) -> bool:
        """Return whether the last poll saw the account or meter."""
        return super().available and self.device_data is not None
