"""An LG appliance of a ThinQ account as the coordinator last saw it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from .const import LOGGER
from .thinq import (
    DEVICE_TYPE_AC,
    AirConditionerState,
    Appliance,
    ApplianceInfo,
    FilterState,
    Platform,
    ThinQDeviceOfflineError,
    ThinQError,
)


@dataclass(frozen=True, slots=True)
class ThinqDevice:
    """An air conditioner of the account and what it last reported."""

    info: ApplianceInfo
    appliance: Appliance | None = None
    state: AirConditionerState | None = None
    online: bool = True
    power_w: float | None = None
    filter: FilterState | None = None
    problem: str | None = None

    @property
    def features(self) -> frozenset[str]:
        """Return what the appliance has entities for."""
        if self.appliance is None:
            return frozenset()
        found = {"climate"}
        if self.power_w is not None:
            found.add("power")
        if self.filter is not None:
            found.add("filter")
        if self.appliance.ac.has_humidity:
            found.add("humidity")
        return frozenset(found)


def raise_cloud_failure(
    results: Mapping[str, AirConditionerState | ThinQError | None],
) -> None:
    """Raise when LG, not single appliances, failed: every appliance that answered failed.

    An appliance that is offline, or answers something odd, makes only itself unavailable.
    """
    failures = [
        result
        for result in results.values()
        if isinstance(result, ThinQError)
        and not isinstance(result, ThinQDeviceOfflineError)
    ]
    answered = [
        result
        for result in results.values()
        if not isinstance(result, ThinQDeviceOfflineError)
    ]
    if failures and len(failures) == len(answered):
        raise failures[0]


def supported(info: ApplianceInfo) -> bool:
    """Return whether the integration drives an appliance: a ThinQ1 AC or heat pump."""
    return info.platform is Platform.THINQ1 and info.device_type == DEVICE_TYPE_AC


def with_result(
    device: ThinqDevice, result: AirConditionerState | ThinQError | None
) -> ThinqDevice:
    """Return the device updated with one poll's outcome; log changes once."""
    if isinstance(result, ThinQError):
        if device.online:
            reason = (
                "not connected to LG"
                if isinstance(result, ThinQDeviceOfflineError)
                else str(result)
            )
            LOGGER.info("%s is unavailable: %s", device.info.alias, reason)
        return replace(device, online=False)
    if result is None:
        return device
    if not device.online:
        LOGGER.info("%s is available again", device.info.alias)
    return replace(device, state=result, online=True)
