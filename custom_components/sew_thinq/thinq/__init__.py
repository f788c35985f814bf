"""Asynchronous client for LG's ThinQ cloud and its ThinQ1 appliances; no Home Assistant."""

from __future__ import annotations

from .ac_labels import FanSpeed, HorizontalVane, OperationMode, VerticalVane
from .air_conditioner import AirConditioner, AirConditionerState, Command, FilterState
from .appliances import ApplianceInfo, Platform
from .auth import (
    CodeSignIn,
    RefreshTokenSignIn,
    SignIn,
    ThirdPartySignIn,
    parse_sign_in,
)
from .client import Appliance, ThinQClient, complete_sign_in, discover_gateway
from .const import (
    DEFAULT_COUNTRY,
    DEFAULT_GATEWAY_URL,
    DEFAULT_LANGUAGE,
    DEVICE_TYPE_AC,
    LEGACY_GATEWAY_URL,
)
from .errors import (
    ThinQAuthError,
    ThinQConnectionError,
    ThinQDeviceNotFoundError,
    ThinQDeviceOfflineError,
    ThinQError,
    ThinQInvalidRequestError,
    ThinQModelError,
    ThinQResponseError,
    ThinQSignInError,
    ThinQTermsError,
    ThinQThirdPartyError,
    ThinQUnsupportedError,
)
from .gateway import Gateway, login_url
from .model_info import (
    BitOption,
    BitValue,
    BooleanValue,
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
    "LEGACY_GATEWAY_URL",
    "AirConditioner",
    "AirConditionerState",
    "Appliance",
    "ApplianceInfo",
    "BitOption",
    "BitValue",
    "BooleanValue",
    "CodeSignIn",
    "Command",
    "EnumValue",
    "FahrenheitTable",
    "FanSpeed",
    "FilterState",
    "Gateway",
    "HorizontalVane",
    "ModelInfo",
    "ModelValue",
    "OperationMode",
    "Platform",
    "RangeValue",
    "ReferenceValue",
    "RefreshTokenSignIn",
    "SignIn",
    "StringValue",
    "ThinQAuthError",
    "ThinQClient",
    "ThinQConnectionError",
    "ThinQDeviceNotFoundError",
    "ThinQDeviceOfflineError",
    "ThinQError",
    "ThinQInvalidRequestError",
    "ThinQModelError",
    "ThinQResponseError",
    "ThinQSignInError",
    "ThinQTermsError",
    "ThinQThirdPartyError",
    "ThinQUnsupportedError",
    "ThirdPartySignIn",
    "VerticalVane",
    "complete_sign_in",
    "discover_gateway",
    "login_url",
    "parse_sign_in",
]
