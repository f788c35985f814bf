"""Diagnostics of utility logins and LG ThinQ accounts, with personal data redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from . import SewThinqConfigEntry
from .const import CONF_PASSWORD_SHA256, CONF_REFRESH_TOKEN
from .coordinator import SewCoordinator

TO_REDACT = {
    CONF_PASSWORD,
    CONF_PASSWORD_SHA256,
    CONF_REFRESH_TOKEN,
    CONF_USERNAME,
    "account_key",
    "account_number",
    "address",
    "alias",
    "device_id",
    "invoice_number",
    "mac_address",
    "meter_number",
    "raw",
    "session",
    "title",
    "unique_id",
    "utility_account_number",
}


def _plain(value: Any) -> Any:
    """Return a dataclass tree as JSON-friendly values."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SewThinqConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and what its coordinator last read."""
    coordinator = entry.runtime_data
    diagnostics: dict[str, Any] = {
        "entry": {
            "title": entry.title,
            "unique_id": entry.unique_id,
            "data": dict(entry.data),
            "options": dict(entry.options),
        },
        "last_update_success": coordinator.last_update_success,
    }
    if isinstance(coordinator, SewCoordinator):
        diagnostics["accounts"] = [
            _plain(asdict(account)) for account in coordinator.data.accounts.values()
        ]
        diagnostics["meters"] = [
            _plain(asdict(meter)) for meter in coordinator.data.meters.values()
        ]
        diagnostics["requests"] = coordinator.client.request_count
        diagnostics["history_import"] = coordinator.importer.diagnostics()
    else:
        diagnostics["devices"] = [
            {
                "info": _plain(asdict(device.info)),
                "online": device.online,
                "snapshot": _plain(dict(device.snapshot or {})),
                "state": _plain(asdict(device.state)) if device.state else None,
                "operation_modes": device.appliance.operation_modes,
                "fan_speeds": device.appliance.fan_speeds,
            }
            for device in coordinator.data.values()
        ]
        diagnostics["requests"] = coordinator.client.request_count
    return async_redact_data(diagnostics, TO_REDACT)
