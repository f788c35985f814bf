"""Diagnostics of utility logins and LG ThinQ accounts, with personal data redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import CONF_IGNORED_METERS, CONF_PASSWORD_SHA256, CONF_REFRESH_TOKEN
from .sew_coordinator import SewCoordinator, SewThinqConfigEntry
from .thinq import ApplianceInfo
from .thinq_coordinator import ThinqCoordinator

TO_REDACT = {
    CONF_PASSWORD,
    CONF_PASSWORD_SHA256,
    CONF_REFRESH_TOKEN,
    CONF_USERNAME,
    CONF_IGNORED_METERS,
    "account_key",
    "account_number",
    "address",
    "alias",
    "device_id",
    "invoice_number",
    "mac_address",
    "meter_number",
    "model_url",
    "raw",
    "session",
    "title",
    "unique_id",
    "utility_account_number",
}


def _appliance(info: ApplianceInfo) -> dict[str, Any]:
    """Return what LG lists of an appliance, without the document's raw entry."""
    return {key: _plain(value) for key, value in asdict(info).items() if key != "raw"}


def _thinq_diagnostics(coordinator: ThinqCoordinator) -> dict[str, Any]:
    """Return the appliances, what their models offer and why any cannot be used."""
    devices = []
    for device in coordinator.data.values():
        ac = device.appliance.ac if device.appliance else None
        state = device.state
        devices.append(
            {
                "info": _appliance(device.info),
                "online": device.online,
                "model_problem": device.problem,
                "offers": None
                if ac is None
                else {
                    "controllable": ac.controllable,
                    "operation_modes": list(ac.operation_modes),
                    "fan_speeds": list(ac.fan_speeds),
                    "vertical_vanes": list(ac.vertical_vanes),
                    "horizontal_vanes": list(ac.horizontal_vanes),
                    "target_step": ac.target_step,
                    "jet": ac.has_jet,
                    "humidity": ac.has_humidity,
                },
                "state": None
                if state is None
                else {k: _plain(v) for k, v in asdict(state).items() if k != "raw"},
                "monitor": None if state is None else _plain(dict(state.raw)),
                "power_w": device.power_w,
                "filter": _plain(asdict(device.filter)) if device.filter else None,
            }
        )
    return {
        "devices": devices,
        "not_supported": [
            _appliance(info) for info in coordinator.unsupported.values()
        ],
        "model_failures": [
            _plain(asdict(failure))
            for failure in coordinator.model_problems.failures.values()
        ],
        "requests": coordinator.client.request_count,
    }


def _private_numbers(coordinator: SewCoordinator) -> set[str]:
    """Return the login's account and meter numbers, and the keys made of them."""
    numbers: set[str] = set()
    for key, account in coordinator.data.accounts.items():
        numbers |= {key, account.account.account_number}
        numbers.add(account.account.utility_account_number)
    for meter in coordinator.data.meters.values():
        numbers |= {meter.account_key, meter.meter.meter_number}
    numbers.update(coordinator.meter_choices())
    return {number for number in numbers if number}


def _scrub(value: Any, private: set[str]) -> Any:
    """Return diagnostics with each private number redacted wherever it appears."""
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
        scrubbed: dict[str, Any] = _scrub(
            async_redact_data(diagnostics, TO_REDACT), _private_numbers(coordinator)
        )
        return scrubbed
    diagnostics |= _thinq_diagnostics(coordinator)
    return async_redact_data(diagnostics, TO_REDACT)
