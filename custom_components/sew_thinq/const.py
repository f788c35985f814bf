"""Constants for the SEW Utility & LG ThinQ integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

from homeassistant.const import UnitOfEnergy, UnitOfVolume
from homeassistant.util.unit_conversion import EnergyConverter, VolumeConverter

DOMAIN: Final = "sew_thinq"
LOGGER = logging.getLogger(__package__)

CONF_KIND: Final = "kind"
KIND_SEW: Final = "sew"
KIND_THINQ: Final = "thinq"

# Utility (SEW) entries (sew_entry.py describes their data).
CONF_UTILITY: Final = "utility"
CONF_LAYOUT: Final = "layout"
CONF_PASSWORD_SHA256: Final = "password_sha256"  # noqa: S105
CONF_SESSION: Final = "session"
CONF_ACCOUNT_KEY: Final = "account_key"
ACCOUNT_KEY_NUMBER: Final = "account_number"
# The address a listed utility's requests go to instead of its own (a proxy, a test portal).
CONF_PORTAL_URL: Final = "portal_url"
UTILITY_CUSTOM: Final = "custom"
# What version 1 entries stored instead of a layout.
CONF_BASE_URL: Final = "base_url"
CONF_FLAVOR: Final = "flavor"
CONF_ENCRYPTION: Final = "encryption"
# How long the utility may go without a visit (accounts, meters, bills, projections): a
# little over a day, so that the daily visit for newly published usage does it too.
SEW_FULL_READ_INTERVAL: Final = timedelta(hours=25)

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
CONF_HISTORY_DAYS: Final = "history_days"
CONF_WINDOW_DAYS: Final = "window_days"
CONF_REQUEST_RATE: Final = "request_rate"

DEFAULT_SEW_SCAN_INTERVAL: Final = timedelta(hours=3)
MIN_SEW_SCAN_INTERVAL: Final = timedelta(minutes=30)
MAX_SEW_SCAN_INTERVAL: Final = timedelta(hours=24)
DEFAULT_HISTORY_DAYS: Final = 730
MIN_HISTORY_DAYS: Final = 30
MAX_HISTORY_DAYS: Final = 3650
HOURLY_HISTORY_DAYS: Final = 21
DEFAULT_WINDOW_DAYS: Final = 7
MIN_WINDOW_DAYS: Final = 2
MAX_WINDOW_DAYS: Final = HOURLY_HISTORY_DAYS
DEFAULT_REQUEST_RATE: Final = 2.0
MIN_REQUEST_RATE: Final = 0.2
MAX_REQUEST_RATE: Final = 5.0
DEFAULT_THINQ_SCAN_INTERVAL: Final = timedelta(seconds=30)
MIN_THINQ_SCAN_INTERVAL: Final = timedelta(seconds=15)
MAX_THINQ_SCAN_INTERVAL: Final = timedelta(minutes=10)

MODEL_INFO_STORAGE_KEY: Final = f"{DOMAIN}.thinq_models"
MODEL_INFO_STORAGE_VERSION: Final = 1

# The units meters report, as Home Assistant's unit and unit class.
METER_UNITS: Final[dict[str, tuple[str, str]]] = {
    "kWh": (UnitOfEnergy.KILO_WATT_HOUR, EnergyConverter.UNIT_CLASS),
    "gal": (UnitOfVolume.GALLONS, VolumeConverter.UNIT_CLASS),
    "CCF": (UnitOfVolume.CENTUM_CUBIC_FEET, VolumeConverter.UNIT_CLASS),
    "HCF": (UnitOfVolume.CENTUM_CUBIC_FEET, VolumeConverter.UNIT_CLASS),
    "m³": (UnitOfVolume.CUBIC_METERS, VolumeConverter.UNIT_CLASS),
}
