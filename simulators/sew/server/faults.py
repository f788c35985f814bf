"""Faults a test injects: what goes wrong, on which requests, how often.

A rule matches requests by HTTP method and path (a shell pattern) and, once the dialect has
read the request, by meter, day and login. Rules without meter/day/login are checked as the
request arrives (before the body is read); the others when the dialect knows what the
request asks for (`SewPortal.gate`). A rule lets `after` matching requests pass, then fails
the next `times` ones (None: every one until cleared).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
import fnmatch


class Fault(StrEnum):
    """Failures the portal can be told to answer with."""

    SERVER_ERROR = "server_error"
    HTML_PAGE = "html_page"
    MALFORMED_JSON = "malformed_json"
    WRONG_SHAPE = "wrong_shape"
    RATE_LIMIT = "rate_limit"
    DELAY = "delay"


@dataclass(frozen=True, slots=True)
class RequestScope:
    """What a request concerns, as far as it is known."""

    method: str
    path: str
    meter: str | None = None
    days: tuple[date, ...] = ()
    login: str | None = None


@dataclass(slots=True)
class FaultRule:
    """One injected fault and the requests it applies to."""

    fault: Fault
    times: int | None = None
    after: int = 0
    path: str | None = None
    methods: tuple[str, ...] = ("POST",)
    meter: str | None = None
    day: date | None = None
    login: str | None = None
    retry_after: float = 2.0
    retry_after_http_date: bool = False
    delay: float = 1.0
    hits: int = field(default=0, init=False)

    @property
    def scoped(self) -> bool:
        """Tell whether the rule needs to know the request's meter, day or login."""
        return self.meter is not None or self.day is not None or self.login is not None

    @property
    def spent(self) -> bool:
        """Tell whether the rule has failed all the requests it was told to."""
        return self.times is not None and self.times <= 0

    def matches(self, scope: RequestScope) -> bool:
        """Tell whether the rule applies to a request."""
        if scope.method not in self.methods:
            return False
        if self.path is not None and not fnmatch.fnmatchcase(scope.path, self.path):
            return False
        if self.meter is not None and scope.meter != self.meter:
            return False
        if self.day is not None and self.day not in scope.days:
            return False
        return self.login is None or (
            scope.login is not None and scope.login.lower() == self.login.lower()
        )


class FaultBook:
    """The rules in force, oldest first."""

    def __init__(self) -> None:
        """Start with no fault."""
        self.rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> FaultRule:
        """Put a rule in force."""
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Answer normally again."""
        self.rules.clear()

    def take(self, scope: RequestScope, *, scoped: bool) -> FaultRule | None:
        """Return the first rule failing this request (counting it), if any.

        Only rules that are (`scoped`) or are not scoped are considered, so that each rule
        sees each request once.
        """
        chosen: FaultRule | None = None
        for rule in self._candidates(scoped):
            if not rule.matches(scope):
                continue
            if rule.after > 0:
                rule.after -= 1
                continue
            if chosen is None:
                chosen = rule
        if chosen is not None:
            chosen.hits += 1
            if chosen.times is not None:
                chosen.times -= 1
        self.rules = [rule for rule in self.rules if not rule.spent]
        return chosen

    def _candidates(self, scoped: bool) -> Iterable[FaultRule]:
        """Yield the rules considered at one of the two checks."""
        return [rule for rule in self.rules if rule.scoped == scoped and not rule.spent]
