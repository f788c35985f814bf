"""Connectivity sensors of LG ThinQ appliances."""

from __future__ import annotations

from homeassistant.const import Platform

from .runtime import platform_setup

PARALLEL_UPDATES = 0

async_setup_entry = platform_setup(Platform.BINARY_SENSOR)
