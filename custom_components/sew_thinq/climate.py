"""Climate entities of LG air conditioners and heat pumps."""

from __future__ import annotations

from homeassistant.const import Platform

from .runtime import platform_setup

PARALLEL_UPDATES = 1

async_setup_entry = platform_setup(Platform.CLIMATE)
