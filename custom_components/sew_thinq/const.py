"""Constants for the SEW Utility & LG ThinQ integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "sew_thinq"
LOGGER = logging.getLogger(__package__)
