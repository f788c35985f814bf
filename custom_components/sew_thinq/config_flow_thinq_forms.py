"""The LG ThinQ account's region form, for the config flow's steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    CountrySelector,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio

from .config_flow_base import SECTION_ADVANCED, URL_SELECTOR
from .const import CONF_COUNTRY, CONF_GATEWAY_URL, CONF_LANGUAGE

THINQ_REGION_KEYS = (CONF_COUNTRY, CONF_LANGUAGE, CONF_GATEWAY_URL)
THINQ_LANGUAGES = [
    "en-US", "en-GB", "en-AU", "en-CA", "de-DE", "fr-FR", "es-ES", "es-US",
    "it-IT", "nl-NL", "pt-PT", "pt-BR", "sv-SE", "pl-PL", "ko-KR", "ja-JP",
]  # fmt: skip


def thinq_region_schema(defaults: Mapping[str, Any]) -> probatio.Schema:
    """Return the schema asking for the ThinQ country, language and gateway."""
    return probatio.Schema(
        {
            probatio.Required(
                CONF_COUNTRY, default=defaults[CONF_COUNTRY]
            ): CountrySelector(),
            probatio.Required(
                CONF_LANGUAGE, default=defaults[CONF_LANGUAGE]
            ): SelectSelector(
                SelectSelectorConfig(
                    options=THINQ_LANGUAGES,
                    custom_value=True,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            ),
            probatio.Required(SECTION_ADVANCED): section(
                probatio.Schema(
                    {
                        probatio.Required(
                            CONF_GATEWAY_URL, default=defaults[CONF_GATEWAY_URL]
                        ): URL_SELECTOR
                    }
                ),
                {"collapsed": True},
            ),
        }
    )


def thinq_region(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return the region the ThinQ form was filled with, as entry data keeps it."""
    return {
        CONF_COUNTRY: user_input[CONF_COUNTRY],
        CONF_LANGUAGE: user_input[CONF_LANGUAGE],
        CONF_GATEWAY_URL: user_input[SECTION_ADVANCED][CONF_GATEWAY_URL],
    }
