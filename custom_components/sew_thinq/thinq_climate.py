"""Climate entities for LG air conditioners and heat pumps, from their models' own data."""

from __future__ import annotations

from typing import Any, Final

from homeassistant.components.climate import ClimateEntity
from homeassistant.components.climate.const import (
    ATTR_HVAC_MODE,
    FAN_AUTO,
    FAN_DIFFUSE,
    FAN_HIGH,
    FAN_LOW,
    FAN_MEDIUM,
    PRESET_BOOST,
    PRESET_ECO,
    PRESET_NONE,
    ClimateEntityFeature,
    HVACMode,
)
from homeassistant.const import (
    ATTR_TEMPERATURE,
    PRECISION_HALVES,
    PRECISION_WHOLE,
    UnitOfTemperature,
)
from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN
from .thinq import (
    Command,
    FanSpeed,
    HorizontalVane,
    OperationMode,
    ThinQUnsupportedError,
    VerticalVane,
)
from .thinq_coordinator import ThinqCoordinator
from .thinq_device import ThinqDevice
from .thinq_entity import ThinqEntity

# ollo69 climate.py:53-68: AI is auto, ACO (auto changeover) heat_cool, NATURE diffuse.
HVAC_MODES: Final = {
    OperationMode.COOL: HVACMode.COOL,
    OperationMode.DRY: HVACMode.DRY,
    OperationMode.FAN: HVACMode.FAN_ONLY,
    OperationMode.AI: HVACMode.AUTO,
    OperationMode.HEAT: HVACMode.HEAT,
    OperationMode.ACO: HVACMode.HEAT_COOL,
}
FAN_MODES: Final = {
    FanSpeed.LOW: FAN_LOW,
    FanSpeed.MID: FAN_MEDIUM,
    FanSpeed.HIGH: FAN_HIGH,
    FanSpeed.AUTO: FAN_AUTO,
    FanSpeed.NATURE: FAN_DIFFUSE,
}
# Energy saving cools (ollo69 climate.py:71-74): its setpoint limits are cooling's.
COOLING_PRESET_MODES: Final = (OperationMode.ENERGY_SAVING, OperationMode.ENERGY_SAVER)


def fan_mode_of(fan: FanSpeed) -> str:
    """Return Home Assistant's fan mode of a wind strength."""
    return FAN_MODES.get(fan, fan.value)


def thinq_climates(
    coordinator: ThinqCoordinator, device: ThinqDevice
) -> list[ThinqClimate]:
    """Return the climate entity of an air conditioner or heat pump."""
    return [ThinqClimate(coordinator, device)]


class ThinqClimate(ThinqEntity, ClimateEntity):
    """An LG air conditioner or heat pump, set the way LG's app sets it.

    In Fahrenheit the entity works in whole degrees through the model's own
    Fahrenheit/Celsius table, not the formula; in Celsius on the model's step. A model
    controlled in ``BINARY(BYTE)`` is shown read-only.
    """

    _attr_name = None
    _attr_translation_key = "air_conditioner"

    def __init__(self, coordinator: ThinqCoordinator, device: ThinqDevice) -> None:
        """Read what the model offers."""
        super().__init__(coordinator, device)
        self._attr_unique_id = device.info.device_id
        ac = self.ac = self.appliance.ac
        self._last_set_fahrenheit: int | None = None
        self._modes = {
            HVAC_MODES[mode]: mode for mode in ac.operation_modes if mode in HVAC_MODES
        }
        self._fans = {fan_mode_of(fan): fan for fan in ac.fan_speeds}
        self._presets: dict[str, OperationMode | None] = {}
        if ac.energy_saving is not None:
            self._presets[PRESET_ECO] = ac.energy_saving
        if ac.has_jet:
            self._presets[PRESET_BOOST] = None
        if not ac.controllable:
            self._attr_hvac_modes = []
            self._attr_supported_features = ClimateEntityFeature(0)
            return
        self._attr_hvac_modes = [HVACMode.OFF, *self._modes]
        features = (
            ClimateEntityFeature.TARGET_TEMPERATURE
            | ClimateEntityFeature.TURN_ON
            | ClimateEntityFeature.TURN_OFF
        )
        if self._fans:
            features |= ClimateEntityFeature.FAN_MODE
            self._attr_fan_modes = list(self._fans)
        if ac.vertical_vanes:
            features |= ClimateEntityFeature.SWING_MODE
            self._attr_swing_modes = [vane.value for vane in ac.vertical_vanes]
        if ac.horizontal_vanes:
            features |= ClimateEntityFeature.SWING_HORIZONTAL_MODE
            self._attr_swing_horizontal_modes = [
                vane.value for vane in ac.horizontal_vanes
            ]
        if self._presets:
            features |= ClimateEntityFeature.PRESET_MODE
            self._attr_preset_modes = [PRESET_NONE, *self._presets]
        self._attr_supported_features = features

    # Units and ranges.
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
        if self._fahrenheit or self.ac.target_step % 1 == 0:
            return PRECISION_WHOLE
        return PRECISION_HALVES

    @property
    def target_temperature_step(self) -> float:
        """Return the step of the setpoint: whole °F, or the model's Celsius step."""
        return 1 if self._fahrenheit else self.ac.target_step

    def _limit_mode(self, mode: OperationMode | None = None) -> OperationMode | None:
        """Return the mode whose setpoint limits apply."""
        if mode is None and self.device is not None and self.device.state is not None:
            mode = self.device.state.mode
        return OperationMode.COOL if mode in COOLING_PRESET_MODES else mode

    @property
    def min_temp(self) -> float:
        """Return the lowest setpoint of the current mode."""
        if self._fahrenheit:
            return self.ac.fahrenheit_range(self._limit_mode())[0]
        return self.ac.target_range(self._limit_mode()).min

    @property
    def max_temp(self) -> float:
        """Return the highest setpoint of the current mode."""
        if self._fahrenheit:
            return self.ac.fahrenheit_range(self._limit_mode())[1]
        return self.ac.target_range(self._limit_mode()).max

    def _shown(
        self, celsius: float | None, last_set: int | None = None
    ) -> float | None:
        """Return a device Celsius in the entity's unit, through the model's table."""
        if celsius is None or not self._fahrenheit:
            return celsius
        return self.ac.to_fahrenheit(celsius, last_set)

    # State.
    @property
    def target_temperature(self) -> float | None:
        """Return the setpoint; in Fahrenheit the one the user set while it holds."""
        return self._shown(self.appliance_state.target_c, self._last_set_fahrenheit)

    @property
    def current_temperature(self) -> float | None:
        """Return the room temperature the unit measures."""
        return self._shown(self.appliance_state.current_c)

    @property
    def current_humidity(self) -> float | None:
        """Return the room humidity, where the model reports it."""
        return self.appliance_state.humidity

    @property
    def hvac_mode(self) -> HVACMode | None:
        """Return the operation mode, or off."""
        state = self.appliance_state
        if state.power is False:
            return HVACMode.OFF
        if state.mode in COOLING_PRESET_MODES:
            return HVACMode.COOL
        return HVAC_MODES.get(state.mode) if state.mode else None

    @property
    def preset_mode(self) -> str | None:
        """Return energy saving (eco), jet (boost) or none."""
        if not self._presets:
            return None
        state = self.appliance_state
        if state.mode is not None and state.mode in COOLING_PRESET_MODES:
            return PRESET_ECO
        return PRESET_BOOST if state.jet else PRESET_NONE

    @property
    def fan_mode(self) -> str | None:
        """Return the fan speed."""
        fan = self.appliance_state.fan
        return None if fan is None else fan_mode_of(fan)

    @property
    def swing_mode(self) -> str | None:
        """Return the vertical vane position."""
        vane = self.appliance_state.vertical_vane
        return None if vane is None else vane.value

    @property
    def swing_horizontal_mode(self) -> str | None:
        """Return the horizontal vane position."""
        vane = self.appliance_state.horizontal_vane
        return None if vane is None else vane.value

    # Commands.
    async def _async_send(self, command: Command) -> None:
        await self.coordinator.async_send(self.device_id, command)

    def _with_power(self, command: Command) -> Command:
        """Return ``command`` switching the unit on first if it is off."""
        if self.appliance_state.power is False:
            return self.ac.power(True) | command
        return command

    async def async_turn_on(self) -> None:
        """Switch the unit on in its last mode."""
        await self._async_send(self.ac.power(True))

    async def async_turn_off(self) -> None:
        """Switch the unit off."""
        await self._async_send(self.ac.power(False))

    def _mode_command(self, hvac_mode: HVACMode) -> Command:
        if hvac_mode is HVACMode.OFF:
            return self.ac.power(False)
        return self._with_power(self.ac.set_mode(self._modes[hvac_mode]))

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch off, or on in the given mode."""
        await self._async_send(self._mode_command(hvac_mode))

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Select a fan speed."""
        await self._async_send(self.ac.set_fan(self._fans[fan_mode]))

    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Select a vertical vane position."""
        await self._async_send(self.ac.set_vertical_vane(VerticalVane(swing_mode)))

    async def async_set_swing_horizontal_mode(self, swing_horizontal_mode: str) -> None:
        """Select a horizontal vane position."""
        await self._async_send(
            self.ac.set_horizontal_vane(HorizontalVane(swing_horizontal_mode))
        )

    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Switch energy saving or jet on, or back to the plain mode."""
        state = self.appliance_state
        current = self.preset_mode
        if preset_mode == PRESET_ECO and (mode := self._presets[PRESET_ECO]):
            command = self._with_power(self.ac.set_mode(mode))
        elif preset_mode == PRESET_BOOST:
            try:
                command = self.ac.set_jet(True, state.mode)
            except ThinQUnsupportedError as err:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="jet_unavailable",
                    translation_placeholders={"name": self.appliance.info.alias},
                ) from err
        elif current == PRESET_ECO:
            command = self.ac.set_mode(OperationMode.COOL)
        elif current == PRESET_BOOST:
            command = self.ac.set_jet(False, state.mode)
        else:
            return
        await self._async_send(command)

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Set the setpoint; in Fahrenheit, the model's table gives the Celsius to send."""
        temperature: float = kwargs[ATTR_TEMPERATURE]
        mode = self._limit_mode()
        command: Command | None = None
        if (hvac_mode := kwargs.get(ATTR_HVAC_MODE)) is not None:
            command = self._mode_command(hvac_mode)
            mode = self._limit_mode(self._modes.get(hvac_mode))
        fahrenheit = round(temperature) if self._fahrenheit else None
        try:
            setpoint = (
                self.ac.set_target_celsius(temperature, mode)
                if fahrenheit is None
                else self.ac.set_target_fahrenheit(fahrenheit, mode)
            )
        except ThinQUnsupportedError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="setpoint_out_of_range",
                translation_placeholders={"temperature": str(temperature)},
            ) from err
        last_set = self._last_set_fahrenheit
        self._last_set_fahrenheit = fahrenheit
        try:
            await self._async_send(setpoint if command is None else command | setpoint)
        except Exception:
            self._last_set_fahrenheit = last_set
            raise
