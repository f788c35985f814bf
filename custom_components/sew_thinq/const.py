"""Constants for the SEW Utility & LG ThinQ integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "sew_thinq"
LOGGER = logging.getLogger(__package__)

CONF_KIND: Final = "kind"
KIND_SEW: Final = "sew"
KIND_THINQ: Final = "thinq"

# Utility (SEW) entries.
CONF_UTILITY: Final = "utility"
CONF_BASE_URL: Final = "base_url"
CONF_FLAVOR: Final = "flavor"
CONF_ENCRYPTION: Final = "encryption"
CONF_PASSWORD_SHA256: Final = "password_sha256"  # noqa: S105
UTILITY_CUSTOM: Final = "custom"

# LG ThinQ entries.
CONF_GATEWAY_URL: Final = "gateway_url"
CONF_COUNTRY: Final = "country"
CONF_LANGUAGE: Final = "language"
CONF_REFRESH_TOKEN: Final = "refresh_token"  # noqa: S105
CONF_CALLBACK_URL: Final = "callback_url"

# Options.
CONF_SEW_SCAN_INTERVAL: Final = "sew_scan_interval"
CONF_THINQ_SCAN_INTERVAL: Final = "thinq_scan_interval"
CONF_METERS: Final = "meters"
CONF_IGNORED_METERS: Final = "ignored_meters"

DEFAULT_SEW_SCAN_INTERVAL: Final = timedelta(hours=1)
MIN_SEW_SCAN_INTERVAL: Final = timedelta(minutes=30)
MAX_SEW_SCAN_INTERVAL: Final = timedelta(hours=24)
DEFAULT_THINQ_SCAN_INTERVAL: Final = timedelta(seconds=30)
MIN_THINQ_SCAN_INTERVAL: Final = timedelta(seconds=15)
MAX_THINQ_SCAN_INTERVAL: Final = timedelta(minutes=10)

MODEL_INFO_STORAGE_KEY: Final = f"{DOMAIN}.model_info"
MODEL_INFO_STORAGE_VERSION: Final = 1
