"""What the benchmark's pytest-run measurements (steady_state.py, cx_week.py) share."""

from __future__ import annotations

import logging

from homeassistant.components.recorder.core import Recorder
import pytest


@pytest.fixture(autouse=True)
def _custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Let Home Assistant load the checkout's integration, with a recorder."""
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
