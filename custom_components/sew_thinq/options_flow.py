"""Options of an entry: polling intervals and, for utility logins, the meters followed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlowWithReload
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio

from .const import (
    CONF_HISTORY_DAYS,
    CONF_IGNORED_METERS,
    CONF_KIND,
    CONF_METERS,
    CONF_REQUEST_RATE,
    CONF_SEW_SCAN_INTERVAL,
    CONF_THINQ_SCAN_INTERVAL,
    CONF_WINDOW_DAYS,
    DEFAULT_HISTORY_DAYS,
    DEFAULT_REQUEST_RATE,
    DEFAULT_SEW_SCAN_INTERVAL,
    DEFAULT_THINQ_SCAN_INTERVAL,
    DEFAULT_WINDOW_DAYS,
    KIND_THINQ,
    MAX_HISTORY_DAYS,
    MAX_REQUEST_RATE,
    MAX_SEW_SCAN_INTERVAL,
    MAX_THINQ_SCAN_INTERVAL,
    MAX_WINDOW_DAYS,
    MIN_HISTORY_DAYS,
    MIN_REQUEST_RATE,
    MIN_SEW_SCAN_INTERVAL,
    MIN_THINQ_SCAN_INTERVAL,
    MIN_WINDOW_DAYS,
)
from .sew_runtime import meter_choices


class SewThinqOptionsFlow(OptionsFlowWithReload):
    """Polling intervals and, for utility logins, which meters to follow."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the options of the entry's kind."""
        if self.config_entry.data[CONF_KIND] == KIND_THINQ:
            return await self.async_step_thinq(user_input)
        return await self.async_step_sew(user_input)

    async def async_step_thinq(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how often the LG devices are polled."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        schema = probatio.Schema(
            {
                probatio.Required(
                    CONF_THINQ_SCAN_INTERVAL,
                    default=DEFAULT_THINQ_SCAN_INTERVAL.total_seconds(),
                ): _interval_selector(
                    MIN_THINQ_SCAN_INTERVAL, MAX_THINQ_SCAN_INTERVAL, "s"
                )
            }
        )
        return self.async_show_form(
            step_id="thinq",
            data_schema=self.add_suggested_values_to_schema(
                schema, self.config_entry.options
            ),
        )

    async def async_step_sew(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how often the utility is polled and which meters to follow."""
        meters = meter_choices(self.config_entry)
        ignored = set(self.config_entry.options.get(CONF_IGNORED_METERS, []))
        if user_input is not None:
            if meters:
                followed = set(user_input.pop(CONF_METERS, meters))
                ignored = set(meters) - followed
            # While the meters are unknown (the portal not reached yet) the ignored ones
            # stay as they were: the form had no field for them.
            user_input[CONF_IGNORED_METERS] = sorted(ignored)
            return self.async_create_entry(data=user_input)
        fields: dict[Any, Any] = {
            probatio.Required(
                CONF_SEW_SCAN_INTERVAL,
                default=DEFAULT_SEW_SCAN_INTERVAL.total_seconds() / 60,
            ): _interval_selector(MIN_SEW_SCAN_INTERVAL, MAX_SEW_SCAN_INTERVAL, "min"),
            probatio.Required(
                CONF_HISTORY_DAYS, default=DEFAULT_HISTORY_DAYS
            ): _number_selector(MIN_HISTORY_DAYS, MAX_HISTORY_DAYS, 1, "d"),
            probatio.Required(
                CONF_WINDOW_DAYS, default=DEFAULT_WINDOW_DAYS
            ): _number_selector(MIN_WINDOW_DAYS, MAX_WINDOW_DAYS, 1, "d"),
            probatio.Required(
                CONF_REQUEST_RATE, default=DEFAULT_REQUEST_RATE
            ): _number_selector(MIN_REQUEST_RATE, MAX_REQUEST_RATE, 0.1, "1/s"),
        }
        if meters:
            fields[
                probatio.Required(
                    CONF_METERS, default=[key for key in meters if key not in ignored]
                )
            ] = SelectSelector(
                SelectSelectorConfig(
                    options=[
                        SelectOptionDict(value=key, label=label)
                        for key, label in meters.items()
                    ],
                    multiple=True,
                    mode=SelectSelectorMode.LIST,
                )
            )
        return self.async_show_form(
            step_id="sew",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(fields), self.config_entry.options
            ),
        )


def _interval_selector(
    minimum: timedelta, maximum: timedelta, unit: str
) -> NumberSelector:
    """Return a number box for a polling interval in seconds or minutes."""
    scale = 60 if unit == "min" else 1
    return _number_selector(
        minimum.total_seconds() / scale, maximum.total_seconds() / scale, 1, unit
    )


def _number_selector(
    minimum: float, maximum: float, step: float, unit: str
) -> NumberSelector:
    """Return a number box."""
    return NumberSelector(
        NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=step,
            unit_of_measurement=unit,
            mode=NumberSelectorMode.BOX,
        )
    )
