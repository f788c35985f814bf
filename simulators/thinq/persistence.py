"""The simulated cloud's state in a file, so a restarted simulator is the same cloud.

LG's cloud outlives its clients: a refresh token it issued still refreshes, and an
appliance holds its setpoint, after Home Assistant and the simulator restart together.
"""

from __future__ import annotations

import json
from pathlib import Path

from .cloud import ThinQCloud


class CloudStateFile:
    """One file holding a cloud's ``saved_state``, rewritten only when it changed."""

    def __init__(self, path: Path) -> None:
        """Remember the file; nothing is read yet."""
        self.path = path
        self._written = ""

    def load(self, cloud: ThinQCloud) -> bool:
        """Restore the cloud from the file; return whether there was a readable one."""
        try:
            text = self.path.read_text(encoding="utf-8")
            saved = json.loads(text)
        except FileNotFoundError, json.JSONDecodeError:
            return False
        cloud.restore(saved)
        self._written = text
        return True

    def save(self, cloud: ThinQCloud) -> None:
        """Write the cloud's state if it changed since the last write."""
        text = json.dumps(cloud.saved_state(), indent=1, sort_keys=True)
        if text == self._written:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.path)
        self._written = text
