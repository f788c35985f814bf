"""The catalogue as the config flow offers it: grouped by country, searchable by name."""

from __future__ import annotations

from homeassistant.helpers.selector import SelectOptionDict

from .const import UTILITY_CUSTOM
from .sew import KNOWN_UTILITIES

# The names of the catalogue's countries, which lead each label so that the list reads as
# groups; a country missing here shows its code.
COUNTRY_NAMES = {
    "AU": "Australia",
    "CA": "Canada",
    "IN": "India",
    "RO": "Romania",
    "US": "United States",
}


def utility_options() -> list[SelectOptionDict]:
    """Return the listed utilities, by country then name; "another utility" last."""
    labelled = sorted(
        (
            COUNTRY_NAMES.get(utility.country, utility.country),
            utility.name,
            key,
        )
        for key, utility in KNOWN_UTILITIES.items()
    )
    options = [
        SelectOptionDict(value=key, label=f"{country} · {name}")
        for country, name, key in labelled
    ]
    options.append(SelectOptionDict(value=UTILITY_CUSTOM, label=UTILITY_CUSTOM))
    return options
