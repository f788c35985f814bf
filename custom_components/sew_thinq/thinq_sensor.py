"""Sensors of LG ThinQ appliances: temperature, humidity, power and filter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfPower,
    UnitOfTemperature,
)

from .thinq import AirConditionerState
from .thinq_coordinator import ThinqCoordinator
from .thinq_device import ThinqDevice
from .thinq_entity import ThinqEntity


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


def thinq_sensors(
    coordinator: ThinqCoordinator, device: ThinqDevice
) -> list[ThinqSensor]:
    """Return the sensors of an appliance: those of the features it has."""
    return [
        ThinqSensor(coordinator, device, description)
        for description in THINQ_SENSORS
        if description.feature in device.features
    ]


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
