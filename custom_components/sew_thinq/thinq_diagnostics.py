"""Diagnostics of an LG ThinQ account: its appliances and what their models offer."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .const import CONF_REFRESH_TOKEN
from .diagnostics import plain
from .runtime import Diagnostics
from .thinq import ApplianceInfo
from .thinq_coordinator import ThinqCoordinator
from .thinq_device import ThinqDevice

TO_REDACT = frozenset(
    {CONF_REFRESH_TOKEN, "alias", "device_id", "mac_address", "model_url", "raw"}
)


def _appliance(info: ApplianceInfo) -> dict[str, Any]:
    """Return what LG lists of an appliance, without the document's raw entry."""
    return {key: plain(value) for key, value in asdict(info).items() if key != "raw"}


def _device(device: ThinqDevice) -> dict[str, Any]:
    """Return an appliance, what its model offers and why it cannot be used, if so."""
    ac = device.appliance.ac if device.appliance else None
    state = device.state
    return {
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
        else {k: plain(v) for k, v in asdict(state).items() if k != "raw"},
        "monitor": None if state is None else plain(dict(state.raw)),
        "power_w": device.power_w,
        "filter": plain(asdict(device.filter)) if device.filter else None,
    }


def thinq_diagnostics(coordinator: ThinqCoordinator) -> Diagnostics:
    """Return the appliances, those not supported and the models that failed."""
    return Diagnostics(
        {
            "devices": [_device(device) for device in coordinator.data.values()],
            "not_supported": [
                _appliance(info) for info in coordinator.unsupported.values()
            ],
            "model_failures": [
                plain(asdict(failure))
                for failure in coordinator.model_problems.failures.values()
            ],
            "requests": coordinator.client.request_count,
        },
        TO_REDACT,
    )
