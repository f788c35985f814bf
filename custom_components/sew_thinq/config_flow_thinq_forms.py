"""The LG ThinQ account's region form and entry data, for the config flow's steps."""

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
from .const import (
    CONF_COUNTRY,
    CONF_GATEWAY_URL,
    CONF_KIND,
    CONF_LANGUAGE,
    CONF_REFRESH_TOKEN,
    KIND_THINQ,
)
from .thinq import DEFAULT_GATEWAY_URL

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


def default_region(language: str, country: str | None) -> dict[str, str]:
    """Return the region the form suggests: Home Assistant's language and country."""
    country = country or "US"
    return {
        CONF_COUNTRY: country,
        CONF_LANGUAGE: language if "-" in language else f"{language}-{country}",
        CONF_GATEWAY_URL: DEFAULT_GATEWAY_URL,
    }


def thinq_region(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return the region the ThinQ form was filled with, as entry data keeps it."""
    return {
        CONF_COUNTRY: user_input[CONF_COUNTRY],
        CONF_LANGUAGE: user_input[CONF_LANGUAGE],
        CONF_GATEWAY_URL: user_input[SECTION_ADVANCED][CONF_GATEWAY_URL],
    }


def thinq_entry_data(region: Mapping[str, str], refresh_token: str) -> dict[str, Any]:
    """Return the config entry data of an LG account signed in to in a region."""
    return {CONF_KIND: KIND_THINQ, **region, CONF_REFRESH_TOKEN: refresh_token}
