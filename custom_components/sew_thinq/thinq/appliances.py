"""The account's appliances, as the ThinQ2 dashboard lists them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import ThinQResponseError


class Platform(StrEnum):
    """Which LG platform serves an appliance (ollo69 device_info.py:75-80, 212-228)."""

    THINQ1 = "thinq1"
    THINQ2 = "thinq2"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ApplianceInfo:
    """An appliance of the account, as one ``item`` of the dashboard describes it."""

    device_id: str
    alias: str
    model_name: str
    device_type: int
    platform: Platform
    model_url: str | None
    model_version: str | None
    firmware: str | None
    online: bool | None
    mac_address: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def model_key(self) -> str | None:
        """Return what identifies the model document: its URL and version."""
        if self.model_url is None:
            return None
        return f"{self.model_url}#{self.model_version or ''}"

    @classmethod
    def from_api(cls, data: object) -> ApplianceInfo:
        """Build from one dashboard ``item`` (or one item of the old device list).

        The model URL is ``modelJsonUri`` or ``modelJsonUrl`` (device_info.py:145-148);
        ``platformType`` defaults to ``thinq1`` (device_info.py:212-228).
        """
        if not isinstance(data, dict):
            raise ThinQResponseError("Appliance entry is not an object")
        device_id = data.get("deviceId")
        if not isinstance(device_id, str) or not device_id:
            raise ThinQResponseError("Appliance entry has no deviceId")

        def text(*keys: str) -> str | None:
            for key in keys:
                value = data.get(key)
                if isinstance(value, str) and value:
                    return value
            return None

        try:
            device_type = int(data.get("deviceType", 0))
        except TypeError, ValueError:
            device_type = 0
        try:
            platform = Platform(data.get("platformType") or Platform.THINQ1)
        except ValueError:
            platform = Platform.UNKNOWN
        version = data.get("modelJsonVer")
        online = data.get("online")
        return cls(
            device_id=device_id,
            alias=text("alias") or text("modelName", "modelNm") or device_id,
            model_name=text("modelName", "modelNm") or "",
            device_type=device_type,
            platform=platform,
            model_url=text("modelJsonUri", "modelJsonUrl"),
            model_version=None
            if isinstance(version, bool) or not isinstance(version, str | int | float)
            else str(version),
            firmware=text("fwVer"),
            online=online if isinstance(online, bool) else None,
            mac_address=text("macAddress"),
            raw=data,
        )
