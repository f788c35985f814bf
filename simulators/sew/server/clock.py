"""The portal's clock: real time, or a fixed time a test moves forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Real time unless fixed; a fixed clock only moves when told."""

    def __init__(self, now: datetime | None = None) -> None:
        """Fix the clock at `now` (None: follow real time)."""
        self._now: datetime | None = None
        self.set(now)

    def now(self) -> datetime:
        """Return the current time (aware)."""
        return self._now if self._now is not None else datetime.now(UTC)

    def set(self, value: datetime | None) -> None:
        """Fix the clock (None: follow real time)."""
        if value is not None and value.tzinfo is None:
            raise ValueError("The portal's clock needs an aware datetime")
        self._now = value

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (a real-time clock becomes fixed)."""
        self._now = self.now() + delta
