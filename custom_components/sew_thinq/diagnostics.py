"""Diagnostics of utility logins and LG ThinQ accounts, with personal data redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .runtime import SewThinqConfigEntry

TO_REDACT = {CONF_PASSWORD, CONF_USERNAME, "title", "unique_id"}


def plain(value: Any) -> Any:
    """Return a dataclass tree as JSON-friendly values."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _scrub(value: Any, private: frozenset[str]) -> Any:
    """Return diagnostics with each private string redacted wherever it appears."""
    if isinstance(value, dict):
        return {
            _scrub(key, private): _scrub(item, private) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub(item, private) for item in value]
    if isinstance(value, str):
        for number in sorted(private, key=len, reverse=True):
            value = value.replace(number, REDACTED)
    return value


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SewThinqConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and what its coordinator last read."""
    runtime = entry.runtime_data
    service = runtime.diagnostics()
    diagnostics: dict[str, Any] = {
        "entry": {
            "title": entry.title,
            "unique_id": entry.unique_id,
            "data": dict(entry.data),
            "options": dict(entry.options),
        },
        "last_update_success": runtime.coordinator.last_update_success,
    } | service.data
    redacted: dict[str, Any] = _scrub(
        async_redact_data(diagnostics, TO_REDACT | service.to_redact), service.private
    )
    return redacted
