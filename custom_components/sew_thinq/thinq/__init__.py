"""Asynchronous client for the LG ThinQ v1 ("lgedm") API; no Home Assistant imports."""

from __future__ import annotations

from .air_conditioner import AirConditioner, AirConditionerState
from .auth import Gateway, discover_gateway, login_url, parse_callback
from .client import DeviceInfo, ThinQClient
from .const import (
    DEFAULT_COUNTRY,
    DEFAULT_GATEWAY_URL,
    DEFAULT_LANGUAGE,
    DEVICE_TYPE_AC,
)
from .errors import (
    ThinQAuthError,
    ThinQConnectionError,
    ThinQDeviceOfflineError,
    ThinQError,
    ThinQResponseError,
    ThinQTermsError,
    ThinQUnsupportedError,
)
from .model_info import (
    BitOption,
    BitValue,
    EnumValue,
    ModelInfo,
    ModelValue,
    RangeValue,
    ReferenceValue,
    StringValue,
)
from .temperature import FahrenheitTable

__all__ = [
    "DEFAULT_COUNTRY",
    "DEFAULT_GATEWAY_URL",
    "DEFAULT_LANGUAGE",
    "DEVICE_TYPE_AC",
    "AirConditioner",
    "AirConditionerState",
    "BitOption",
    "BitValue",
    "DeviceInfo",
    "EnumValue",
    "FahrenheitTable",
    "Gateway",
    "ModelInfo",
    "ModelValue",
    "RangeValue",
    "ReferenceValue",
    "StringValue",
    "ThinQAuthError",
    "ThinQClient",
    "ThinQConnectionError",
    "ThinQDeviceOfflineError",
    "ThinQError",
    "ThinQResponseError",
    "ThinQTermsError",
    "ThinQUnsupportedError",
    "discover_gateway",
    "login_url",
    "parse_callback",
]
