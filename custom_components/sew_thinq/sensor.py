"""Sensors for utility accounts and meters, and for LG ThinQ appliances."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .const import METER_UNITS
from .entity import (
    SewAccountEntity,
    SewMeterEntity,
    ThinqEntity,
    account_device_info,
    async_add_thinq_entities,
)
from .sew import Meter, MeterType
from .sew_coordinator import AccountData, MeterData, SewCoordinator, SewThinqConfigEntry
from .thinq import AirConditionerState
from .thinq_coordinator import ThinqCoordinator, ThinqDevice

PARALLEL_UPDATES = 0

USAGE_DEVICE_CLASSES = {
    MeterType.ELECTRIC: SensorDeviceClass.ENERGY,
    MeterType.SOLAR: SensorDeviceClass.ENERGY,
    MeterType.WATER: SensorDeviceClass.WATER,
    MeterType.GAS: SensorDeviceClass.GAS,
}

type SewValue = StateType | date | datetime


@dataclass(frozen=True, kw_only=True)
class SewMeterSensorDescription(SensorEntityDescription):
    """A meter sensor; `measures_usage` sensors take the meter's unit and class."""

    value_fn: Callable[[MeterData], SewValue]
    exists_fn: Callable[[Meter], bool] = lambda meter: True
    measures_usage: bool = False
    attributes_fn: Callable[[MeterData], dict[str, Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class SewAccountSensorDescription(SensorEntityDescription):
    """An account sensor."""

    value_fn: Callable[[AccountData], SewValue]


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

ACCOUNT_SENSORS: tuple[SewAccountSensorDescription, ...] = (
    SewAccountSensorDescription(
        key="amount_due",
        translation_key="amount_due",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=lambda data: data.bills.amount_due if data.bills else None,
    ),
    SewAccountSensorDescription(
        key="due_date",
        translation_key="due_date",
        device_class=SensorDeviceClass.DATE,
        value_fn=lambda data: data.bills.due_date if data.bills else None,
    ),
    SewAccountSensorDescription(
        key="balance",
        translation_key="balance",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=lambda data: data.bills.balance if data.bills else None,
    ),
    SewAccountSensorDescription(
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


@dataclass(frozen=True, kw_only=True)
class ThinqSensorDescription(SensorEntityDescription):
    """A sensor of an LG appliance: what it shows and which feature it needs."""

    value_fn: Callable[[ThinqDevice], float | None]
    feature: str
    # Shown in Fahrenheit through the model's own table, as the climate entity does.
    through_table: bool = False


def _state[T](
    read: Callable[[AirConditionerState], T],
) -> Callable[[ThinqDevice], T | None]:
    return lambda device: None if device.state is None else read(device.state)


THINQ_SENSORS: tuple[ThinqSensorDescription, ...] = (
    ThinqSensorDescription(
        key="current_temperature",
        feature="climate",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        through_table=True,
        value_fn=_state(lambda state: state.current_c),
    ),
    ThinqSensorDescription(
        key="humidity",
        feature="humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value_fn=_state(lambda state: state.humidity),
    ),
    ThinqSensorDescription(
        key="instant_power",
        feature="power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        value_fn=lambda device: device.power_w,
    ),
    ThinqSensorDescription(
        key="filter_life",
        translation_key="filter_life",
        feature="filter",
        native_unit_of_measurement=PERCENTAGE,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda device: (
            None if device.filter is None else device.filter.remaining_percent
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SewThinqConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the sensors of a utility login or an LG ThinQ account."""
    coordinator = entry.runtime_data
    if isinstance(coordinator, ThinqCoordinator):
        thinq = coordinator
        await async_add_thinq_entities(
            entry,
            thinq,
            async_add_entities,
            lambda device: [
                ThinqSensor(thinq, device, description)
                for description in THINQ_SENSORS
                if description.feature in device.features
            ],
        )
        return

    known_accounts: set[str] = set()
    known_meters: set[str] = set()
    device_registry = dr.async_get(hass)

    def new_batches() -> Iterator[Iterable[SensorEntity]]:
        """Yield the sensors of each account and meter not seen before, a device a batch."""
        for key in coordinator.data.accounts.keys() - known_accounts:
            known_accounts.add(key)
            device_registry.async_get_or_create(
                config_entry_id=entry.entry_id,
                **account_device_info(coordinator, key),
            )
            if coordinator.client.offers_bills:
                yield [
                    SewAccountSensor(coordinator, key, description)
                    for description in ACCOUNT_SENSORS
                ]
        for key, data in coordinator.data.meters.items():
            if key not in known_meters:
                known_meters.add(key)
                yield [
                    SewMeterSensor(coordinator, data, description)
                    for description in METER_SENSORS
                    if description.exists_fn(data.meter)
                ]

    for batch in new_batches():
        async_add_entities(batch)
        # Adding runs eagerly: yield between devices so no step runs long.
        await asyncio.sleep(0)

    @callback
    def add_new_entities() -> None:
        """Add the sensors of accounts and meters the last poll saw first."""
        for batch in new_batches():
            async_add_entities(batch)

    entry.async_on_unload(coordinator.async_add_listener(add_new_entities))


class SewAccountSensor(SewAccountEntity, SensorEntity):
    """A sensor of a utility account."""

    entity_description: SewAccountSensorDescription

    def __init__(
        self,
        coordinator: SewCoordinator,
        account_key: str,
        description: SewAccountSensorDescription,
    ) -> None:
        """Initialize the sensor; amounts are in the utility's currency."""
        super().__init__(coordinator, account_key)
        self.entity_description = description
        self._attr_unique_id = (
            f"{coordinator.config_entry.unique_id}_{account_key}_{description.key}"
        )
        if description.device_class is SensorDeviceClass.MONETARY:
            self._attr_native_unit_of_measurement = coordinator.currency

    @property
    def native_value(self) -> SewValue:
        """Return the sensor's value."""
        data = self.account_data
        return None if data is None else self.entity_description.value_fn(data)


class SewMeterSensor(SewMeterEntity, SensorEntity):
    """A sensor of a utility meter."""

    entity_description: SewMeterSensorDescription

    def __init__(
        self,
        coordinator: SewCoordinator,
        data: MeterData,
        description: SewMeterSensorDescription,
    ) -> None:
        """Initialize the sensor, taking units and classes from the meter."""
        super().__init__(coordinator, data)
        self.entity_description = description
        self._attr_unique_id = (
            f"{coordinator.config_entry.unique_id}_{self.meter_key}_{description.key}"
        )
        if description.measures_usage:
            self._attr_device_class = USAGE_DEVICE_CLASSES[data.meter.meter_type]
            if (unit := METER_UNITS.get(data.meter.unit)) is not None:
                self._attr_native_unit_of_measurement = unit[0]
        elif description.device_class is SensorDeviceClass.MONETARY:
            self._attr_native_unit_of_measurement = coordinator.currency

    @property
    def native_value(self) -> SewValue:
        """Return the sensor's value."""
        data = self.meter_data
        return None if data is None else self.entity_description.value_fn(data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return what the description adds to the state, if anything."""
        data = self.meter_data
        attributes_fn = self.entity_description.attributes_fn
        if data is None or attributes_fn is None:
            return None
        return attributes_fn(data) or None


class ThinqSensor(ThinqEntity, SensorEntity):
    """A sensor of an LG appliance."""

    entity_description: ThinqSensorDescription

    def __init__(
        self,
        coordinator: ThinqCoordinator,
        device: ThinqDevice,
        description: ThinqSensorDescription,
    ) -> None:
        """Initialize the sensor."""
        super().__init__(coordinator, device)
        self.entity_description = description
        self._attr_unique_id = f"{device.info.device_id}_{description.key}"

    @property
    def _fahrenheit(self) -> bool:
        return (
            self.entity_description.through_table
            and self.hass.config.units.temperature_unit == UnitOfTemperature.FAHRENHEIT
        )

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Return the unit: a temperature in Home Assistant's own unit."""
        if not self.entity_description.through_table:
            return self.entity_description.native_unit_of_measurement
        if self._fahrenheit:
            return UnitOfTemperature.FAHRENHEIT
        return UnitOfTemperature.CELSIUS

    @property
    def suggested_display_precision(self) -> int | None:
        """Return whole degrees in Fahrenheit, as LG's table and the climate entity."""
        if self._fahrenheit:
            return 0
        return super().suggested_display_precision

    @property
    def native_value(self) -> float | None:
        """Return the sensor's value; Fahrenheit through the model's table."""
        device = self.device
        value = None if device is None else self.entity_description.value_fn(device)
        if value is None or not self._fahrenheit:
            return value
        return self.appliance.ac.to_fahrenheit(value)
