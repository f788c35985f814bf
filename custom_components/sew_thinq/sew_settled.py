"""Run a portal call to its end, keeping its SEW error instead of raising it at once."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import cast

from .sew import SewError


@dataclass(frozen=True, slots=True)
class Settled[T]:
    """What a call ended with: its value or its error."""

    value: T | None = None
    error: BaseException | None = None

    def unwrap(self) -> T:
        """Return the value, or raise the error."""
        if self.error is not None:
            raise self.error
        return cast("T", self.value)


async def settled[T](call: Awaitable[T]) -> Settled[T]:
    """Run a call to its end; keep a SEW error instead of raising it at once."""
    try:
        return Settled(value=await call)
    except SewError as err:
        return Settled(error=err)
