"""A portal that asks to slow down is left alone as long as it asked, logged once."""

from __future__ import annotations

from datetime import datetime, timedelta

from homeassistant.util import dt as dt_util

from .const import LOGGER
from .sew import SewRateLimitError

# A portal that rate limits without saying for how long is left alone this long, doubling.
RATE_LIMIT_PAUSE = timedelta(hours=1)
MAX_PAUSE = timedelta(days=1)


class RateLimitPause:
    """Until when nothing is asked of the portal, and how often it asked in a row."""

    def __init__(self) -> None:
        """Start without a pause."""
        self.paused_until: datetime | None = None
        self._rate_limits = 0

    def pause(self, err: SewRateLimitError) -> float:
        """Leave the portal alone as long as it asked (or longer each time it repeats).

        Return the pause in seconds; it is logged once.
        """
        self._rate_limits += 1
        if err.retry_after is not None:
            pause = timedelta(seconds=err.retry_after)
        else:
            pause = min(RATE_LIMIT_PAUSE * 2 ** (self._rate_limits - 1), MAX_PAUSE)
        until = dt_util.utcnow() + pause
        if self.paused_until is None or until > self.paused_until:
            if self.paused_until is None:
                LOGGER.warning(
                    "The utility portal asks to slow down: nothing is asked until %s",
                    until.isoformat(timespec="seconds"),
                )
            self.paused_until = until
        return (self.paused_until - dt_util.utcnow()).total_seconds()

    def paused(self, now: datetime) -> bool:
        """Tell whether the portal asked to be left alone until after `now`."""
        if self.paused_until is None:
            return False
        if now < self.paused_until:
            return True
        self.paused_until = None
        return False

    def pause_left(self, now: datetime) -> float:
        """Return how many seconds the portal asked to be left alone from `now`."""
        if self.paused_until is None:
            return 0.0
        return max((self.paused_until - now).total_seconds(), 0.0)

    def resumed(self) -> None:
        """Note that the portal answered again after rate limiting."""
        if self._rate_limits:
            LOGGER.info("The utility portal answers again")
        self._rate_limits = 0
