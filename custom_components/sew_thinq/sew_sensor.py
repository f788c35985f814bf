"""Sensors of a utility login's accounts and meters."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfEnergy
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .const import METER_UNITS
from .runtime import async_add_batches
from .sew import Meter, MeterType
from .sew_coordinator import SewCoordinator
from .sew_data import AccountData, MeterData
from .sew_entity import SewDevice, SewEntity, account_device, meter_device

USAGE_DEVICE_CLASSES = {
    MeterType.ELECTRIC: SensorDeviceClass.ENERGY,
    MeterType.SOLAR: SensorDeviceClass.ENERGY,
    MeterType.WATER: SensorDeviceClass.WATER,
    MeterType.GAS: SensorDeviceClass.GAS,
}

type SewValue = StateType | date | datetime


@dataclass(frozen=True, kw_only=True)
class SewSensorDescription[DataT](SensorEntityDescription):
    """A sensor of an account or a meter: its value, and what it adds to the state."""

    value_fn: Callable[[DataT], SewValue]
    attributes_fn: Callable[[DataT], dict[str, Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class SewMeterSensorDescription(SewSensorDescription[MeterData]):
    """A meter sensor; `measures_usage` sensors take the meter's unit and class."""

    exists_fn: Callable[[Meter], bool] = lambda meter: True
    measures_usage: bool = False


def _consumes(meter: Meter) -> bool:
    return meter.meter_type is not MeterType.SOLAR


def _produces(meter: Meter) -> bool:
    return meter.meter_type is MeterType.SOLAR


# The cycle's figures have no state class: the Energy dashboard takes the imported
# statistics (hour by hour, with costs), so its pickers should not offer these.
METER_SENSORS: tuple[SewMeterSensorDescription, ...] = (
    SewMeterSensorDescription(
        key="usage_so_far",
        translation_key="usage_so_far",
        measures_usage=True,
        exists_fn=_consumes,
        value_fn=lambda data: data.projection.usage_so_far if data.projection else None,
    ),
    SewMeterSensorDescription(
        key="projected_usage",
        translation_key="projected_usage",
        measures_usage=True,
        exists_fn=_consumes,
        value_fn=lambda data: (
            data.projection.projected_usage if data.projection else None
        ),
    ),
    SewMeterSensorDescription(
        key="cost_so_far",
        translation_key="cost_so_far",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        exists_fn=_consumes,
        value_fn=lambda data: data.projection.cost_so_far if data.projection else None,
    ),
    SewMeterSensorDescription(
        key="projected_cost",
        translation_key="projected_cost",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        exists_fn=_consumes,
        value_fn=lambda data: (
            data.projection.projected_cost if data.projection else None
        ),
    ),
    SewMeterSensorDescription(
        key="latest_usage",
        translation_key="latest_usage",
        measures_usage=True,
        exists_fn=_consumes,
        value_fn=lambda data: data.latest_usage.value if data.latest_usage else None,
    ),
    SewMeterSensorDescription(
        key="production_so_far",
        translation_key="production_so_far",
        measures_usage=True,
        exists_fn=_produces,
        value_fn=lambda data: data.produced_this_cycle,
    ),
    SewMeterSensorDescription(
        key="latest_day_production",
        translation_key="latest_day_production",
        measures_usage=True,
        exists_fn=_produces,
        value_fn=lambda data: data.produced_latest_day,
    ),
    SewMeterSensorDescription(
        key="latest_usage_time",
        translation_key="latest_usage_time",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.latest_usage.start if data.latest_usage else None,
    ),
    SewMeterSensorDescription(
        key="history_imported",
        translation_key="history_imported",
        native_unit_of_measurement=PERCENTAGE,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.history_imported,
        # A meter whose reads fail says when it tries again.
        attributes_fn=lambda data: (
            {"retry_at": data.history_retry_at.isoformat()}
            if data.history_retry_at
            else {}
        ),
    ),
    SewMeterSensorDescription(
        key="latest_export",
        translation_key="latest_export",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        exists_fn=lambda meter: meter.net_metered,
        value_fn=lambda data: data.latest_export.value if data.latest_export else None,
    ),
)

ACCOUNT_SENSORS: tuple[SewSensorDescription[AccountData], ...] = (
    SewSensorDescription[AccountData](
        key="amount_due",
        translation_key="amount_due",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=lambda data: data.bills.amount_due if data.bills else None,
    ),
    SewSensorDescription[AccountData](
        key="due_date",
        translation_key="due_date",
        device_class=SensorDeviceClass.DATE,
        value_fn=lambda data: data.bills.due_date if data.bills else None,
    ),
    SewSensorDescription[AccountData](
        key="balance",
        translation_key="balance",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=lambda data: data.bills.balance if data.bills else None,
    ),
    SewSensorDescription[AccountData](
        key="last_bill",
        translation_key="last_bill",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        entity_registry_enabled_default=False,
        value_fn=lambda data: (
            data.bills.last_bills[0].amount
            if data.bills and data.bills.last_bills
            else None
        ),
    ),
)


def _for_meter(
    description: SewMeterSensorDescription, meter: Meter
) -> SewMeterSensorDescription:
    """Return the description with the meter's unit and class where it measures usage."""
    if not description.measures_usage:
        return description
    unit = METER_UNITS.get(meter.unit)
    return replace(
        description,
        device_class=USAGE_DEVICE_CLASSES[meter.meter_type],
        native_unit_of_measurement=(
            description.native_unit_of_measurement if unit is None else unit[0]
        ),
    )


async def async_add_sew_sensors(
    coordinator: SewCoordinator, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the sensors of each account and meter, and of those a later poll finds."""
    entry = coordinator.config_entry
    known_accounts: set[str] = set()
    known_meters: set[str] = set()
    device_registry = dr.async_get(coordinator.hass)

    def new_batches() -> Iterator[Iterable[SensorEntity]]:
        """Yield the sensors of each account and meter not seen before, a device a batch."""
        for key in coordinator.data.accounts.keys() - known_accounts:
            known_accounts.add(key)
            account = account_device(coordinator, key)
            device_registry.async_get_or_create(
                config_entry_id=entry.entry_id, **account.info
            )
            if coordinator.client.offers_bills:
                yield [
                    SewSensor(coordinator, account, description)
                    for description in ACCOUNT_SENSORS
                ]
        for key, data in coordinator.data.meters.items():
            if key not in known_meters:
                known_meters.add(key)
                meter = meter_device(coordinator, data)
                yield [
                    SewSensor(coordinator, meter, _for_meter(description, data.meter))
                    for description in METER_SENSORS
                    if description.exists_fn(data.meter)
                ]

    await async_add_batches(entry, coordinator, new_batches, async_add_entities)


class SewSensor[DataT](SewEntity[DataT], SensorEntity):
    """A sensor of a utility account or meter; amounts are in the utility's currency."""

    entity_description: SewSensorDescription[DataT]

    def __init__(
        self,
        coordinator: SewCoordinator,
        device: SewDevice[DataT],
        description: SewSensorDescription[DataT],
    ) -> None:
        """Initialize the sensor."""
        super().__init__(coordinator, device)
        self.entity_description = description
        self._attr_unique_id = (
            f"{coordinator.config_entry.unique_id}_{device.key}_{description.key}"
        )
        if description.device_class is SensorDeviceClass.MONETARY:
            self._attr_native_unit_of_measurement = coordinator.currency

    @property
    def native_value(self) -> SewValue:
        """Return the sensor's value."""
        data = self.device_data
        return None if data is None else self.entity_description.value_fn(data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return what the description adds to the state, if anything."""
        data = self.device_data
        attributes_fn = self.entity_description.attributes_fn
        if data is None or attributes_fn is None:
            return None
        return attributes_fn(data) or None
