"""Fixtures shared by the integration's tests."""

from __future__ import annotations

import pytest

# Import the checkout's integration before Home Assistant's loader looks for it.
import custom_components.sew_thinq  # noqa: F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components."""
