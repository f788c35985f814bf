"""Climate entities for LG air conditioners and heat pumps."""

from __future__ import annotations

from typing import Any

from homeassistant.components.climate import ClimateEntity
from homeassistant.components.climate.const import (
    ATTR_HVAC_MODE,
    FAN_AUTO,
    FAN_HIGH,
    FAN_LOW,
    FAN_MEDIUM,
    ClimateEntityFeature,
    HVACMode,
)
from homeassistant.const import (
    ATTR_TEMPERATURE,
    PRECISION_HALVES,
    PRECISION_WHOLE,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import SewThinqConfigEntry
from .entity import ThinqEntity, async_add_thinq_entities
from .thinq import AirConditioner
from .thinq_coordinator import ThinqCoordinator

PARALLEL_UPDATES = 1

MODE_PREFIX = "@AC_MAIN_OPERATION_MODE_"
FAN_PREFIX = "@AC_MAIN_WIND_STRENGTH_"
HVAC_MODES_BY_NAME = {
    "COOL": HVACMode.COOL,
    "HEAT": HVACMode.HEAT,
    "DRY": HVACMode.DRY,
    "FAN": HVACMode.FAN_ONLY,
    "AI": HVACMode.AUTO,
    "AUTO": HVACMode.AUTO,
}
FAN_MODES_BY_NAME = {
    "LOW": FAN_LOW,
    "MID": FAN_MEDIUM,
    "HIGH": FAN_HIGH,
    "AUTO": FAN_AUTO,
}


def option_name(label: str, prefix: str = "") -> str:
    """Return a model label as a Home Assistant option: `@AC_MAIN_WIND_STRENGTH_LOW_MID_W` -> `low_mid`."""
    return label.removeprefix(prefix).removeprefix("@").removesuffix("_W").lower()


def hvac_mode_of(label: str) -> HVACMode | None:
    """Return the HVAC mode of an operation mode label, if Home Assistant has one."""
    return HVAC_MODES_BY_NAME.get(label.removeprefix(MODE_PREFIX).removesuffix("_W"))


def fan_mode_of(label: str) -> str:
    """Return the fan mode of a wind strength label."""
    name = label.removeprefix(FAN_PREFIX).removesuffix("_W")
    return FAN_MODES_BY_NAME.get(name, name.lower())


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SewThinqConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up a climate entity for each air conditioner or heat pump."""
    coordinator = entry.runtime_data
    assert isinstance(coordinator, ThinqCoordinator)
    await async_add_thinq_entities(
        entry,
        coordinator,
        async_add_entities,
        lambda device_id: [ThinqClimate(coordinator, device_id)],
    )


class ThinqClimate(ThinqEntity, ClimateEntity):
    """An LG air conditioner or heat pump, set the way LG's app sets it.

    In Fahrenheit the entity works in whole degrees through the model's own
    Fahrenheit/Celsius table, not the formula.
    """

    _attr_name = None
    _attr_translation_key = "air_conditioner"

    def __init__(self, coordinator: ThinqCoordinator, device_id: str) -> None:
        """Read what the model offers."""
        super().__init__(coordinator, device_id)
        self._attr_unique_id = device_id
        self.appliance: AirConditioner = coordinator.data[device_id].appliance
        self._last_set_fahrenheit: int | None = None
        self._hvac_modes = {
            mode: label
            for label in self.appliance.operation_modes
            if (mode := hvac_mode_of(label)) is not None
        }
        self._attr_hvac_modes = [HVACMode.OFF, *self._hvac_modes]
        self._fan_modes = {
            fan_mode_of(label): label for label in self.appliance.fan_speeds
        }
        self._attr_fan_modes = list(self._fan_modes) or None
        features = (
            ClimateEntityFeature.TARGET_TEMPERATURE
            | ClimateEntityFeature.TURN_ON
            | ClimateEntityFeature.TURN_OFF
        )
        if self._fan_modes:
            features |= ClimateEntityFeature.FAN_MODE
        self._swing_modes = {
            option_name(label): label for label in self.appliance.vertical_swing or []
        }
        if self._swing_modes:
            features |= ClimateEntityFeature.SWING_MODE
            self._attr_swing_modes = list(self._swing_modes)
        self._horizontal_swing_modes = {
            option_name(label): label for label in self.appliance.horizontal_swing or []
        }
        if self._horizontal_swing_modes:
            features |= ClimateEntityFeature.SWING_HORIZONTAL_MODE
            self._attr_swing_horizontal_modes = list(self._horizontal_swing_modes)
        self._attr_supported_features = features

    @property
    def _fahrenheit(self) -> bool:
        """Return whether Home Assistant shows temperatures in Fahrenheit."""
        return self.hass.config.units.temperature_unit == UnitOfTemperature.FAHRENHEIT

    @property
    def temperature_unit(self) -> str:
        """Return the unit the entity works in: Home Assistant's own."""
        if self._fahrenheit:
            return UnitOfTemperature.FAHRENHEIT
        return UnitOfTemperature.CELSIUS

    @property
    def precision(self) -> float:
        """Return the precision of the temperatures shown."""
        if self._fahrenheit:
            return PRECISION_WHOLE
        step = self.appliance.temperature_range.step
        return PRECISION_HALVES if step % 1 else PRECISION_WHOLE

    @property
    def target_temperature_step(self) -> float:
        """Return the step of the target: whole °F, or the model's Celsius step."""
        return 1 if self._fahrenheit else self.appliance.temperature_range.step

    @property
    def min_temp(self) -> float:
        """Return the lowest target the model accepts."""
        if self._fahrenheit:
            return self.appliance.fahrenheit.min_fahrenheit
        return self.appliance.temperature_range.min

    @property
    def max_temp(self) -> float:
        """Return the highest target the model accepts."""
        if self._fahrenheit:
            return self.appliance.fahrenheit.max_fahrenheit
        return self.appliance.temperature_range.max

    def _shown(
        self, celsius: float | None, last_set: int | None = None
    ) -> float | None:
        """Return a device Celsius in the entity's unit."""
        if celsius is None or not self._fahrenheit:
            return celsius
        return self.appliance.target_fahrenheit(celsius, last_set)

    @property
    def target_temperature(self) -> float | None:
        """Return the target, in Fahrenheit the one the user set while it still holds."""
        return self._shown(self.appliance_state.target_c, self._last_set_fahrenheit)

    @property
    def current_temperature(self) -> float | None:
        """Return the temperature the unit measures."""
        return self._shown(self.appliance_state.current_c)

    @property
    def hvac_mode(self) -> HVACMode | None:
        """Return the operation mode, or off."""
        state = self.appliance_state
        if state.power is False:
            return HVACMode.OFF
        return hvac_mode_of(state.mode) if state.mode else None

    @property
    def fan_mode(self) -> str | None:
        """Return the fan speed."""
        fan_speed = self.appliance_state.fan_speed
        return None if fan_speed is None else fan_mode_of(fan_speed)

    @property
    def swing_mode(self) -> str | None:
        """Return the vertical swing position."""
        swing = self.appliance_state.vertical_swing
        return None if swing is None else option_name(swing)

    @property
    def swing_horizontal_mode(self) -> str | None:
        """Return the horizontal swing position."""
        swing = self.appliance_state.horizontal_swing
        return None if swing is None else option_name(swing)

    async def _async_send(self, values: dict[str, str]) -> None:
        await self.coordinator.async_set_values(self.device_id, values)

    async def async_turn_on(self) -> None:
        """Switch the unit on in its last mode."""
        await self._async_send(self.appliance.power_values(True))

    async def async_turn_off(self) -> None:
        """Switch the unit off."""
        await self._async_send(self.appliance.power_values(False))

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch off, or on in the given mode."""
        await self._async_send(self._hvac_mode_values(hvac_mode))

    def _hvac_mode_values(self, hvac_mode: HVACMode) -> dict[str, str]:
        if hvac_mode is HVACMode.OFF:
            return self.appliance.power_values(False)
        values = self.appliance.mode_values(self._hvac_modes[hvac_mode])
        if self.hvac_mode is HVACMode.OFF:
            values.update(self.appliance.power_values(True))
        return values

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Select a fan speed."""
        await self._async_send(self.appliance.fan_values(self._fan_modes[fan_mode]))

    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Select a vertical swing position."""
        await self._async_send(
            self.appliance.vertical_swing_values(self._swing_modes[swing_mode])
        )

    async def async_set_swing_horizontal_mode(self, swing_horizontal_mode: str) -> None:
        """Select a horizontal swing position."""
        await self._async_send(
            self.appliance.horizontal_swing_values(
                self._horizontal_swing_modes[swing_horizontal_mode]
            )
        )

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Set the target; in Fahrenheit, the model's table gives the Celsius to send."""
        temperature: float = kwargs[ATTR_TEMPERATURE]
        values: dict[str, str] = {}
        if (hvac_mode := kwargs.get(ATTR_HVAC_MODE)) is not None:
            values.update(self._hvac_mode_values(hvac_mode))
        # The base class already kept the temperature within the model's range.
        fahrenheit = round(temperature) if self._fahrenheit else None
        if fahrenheit is None:
            values.update(self.appliance.target_celsius_values(temperature))
        else:
            values.update(self.appliance.target_fahrenheit_values(fahrenheit))
        last_set = self._last_set_fahrenheit
        self._last_set_fahrenheit = fahrenheit
        try:
            await self._async_send(values)
        except Exception:
            self._last_set_fahrenheit = last_set
            raise
