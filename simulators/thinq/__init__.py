"""A simulated LG ThinQ cloud, as live clients reach ThinQ1 appliances today.

``evidence`` cites the source of each fact; ``realworld`` reads LG's own documents;
``appliances`` holds the simulated appliances; ``regions`` the per-country hosts;
``cloud`` the account and fault switches; ``accounts`` and ``api`` the HTTP services;
``server`` puts them on 127.0.0.1; ``persistence`` keeps the cloud's state across restarts.
"""

from __future__ import annotations

from .appliances import Appliance, Platform
from .cloud import (
    AIR_CONDITIONER_ID,
    AIR_CONDITIONER_MODEL,
    DEMO_GOOGLE_ID,
    DEMO_PASSWORD,
    DEMO_USER_NUMBER,
    DEMO_USERNAME,
    DRYER_ID,
    HEAT_PUMP_ID,
    HEAT_PUMP_MODEL,
    OFFLINE_ID,
    THINQ2_AC_ID,
    ModelFault,
    SignInResult,
    ThinQCloud,
    binary_ac_model,
    heat_pump_model,
)
from .persistence import CloudStateFile
from .server import GATEWAY_PATH, describe, sign_in_url, start_thinq_cloud

__all__ = [
    "AIR_CONDITIONER_ID",
    "AIR_CONDITIONER_MODEL",
    "DEMO_GOOGLE_ID",
    "DEMO_PASSWORD",
    "DEMO_USERNAME",
    "DEMO_USER_NUMBER",
    "DRYER_ID",
    "GATEWAY_PATH",
    "HEAT_PUMP_ID",
    "HEAT_PUMP_MODEL",
    "OFFLINE_ID",
    "THINQ2_AC_ID",
    "Appliance",
    "CloudStateFile",
    "ModelFault",
    "Platform",
    "SignInResult",
    "ThinQCloud",
    "binary_ac_model",
    "describe",
    "heat_pump_model",
    "sign_in_url",
    "start_thinq_cloud",
]
