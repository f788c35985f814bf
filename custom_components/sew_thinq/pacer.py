"""Keep requests to a utility portal below a rate."""

from __future__ import annotations

import asyncio
import time


class RequestPacer:
    """Space calls out so that no more than `rate` start in any second."""

    def __init__(self, rate: float) -> None:
        """Allow `rate` requests a second."""
        self._interval = 1 / rate
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return once the next request may start."""
        async with self._lock:
            now = time.monotonic()
            if (delay := self._next - now) > 0:
                await asyncio.sleep(delay)
                now += delay
            self._next = now + self._interval
