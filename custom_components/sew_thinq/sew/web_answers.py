"""How the web portal's page methods answer, each shape to a typed result or error.

Page methods answer `{"d": "<JSON text>"}`, `{"d": true}` or `d` an object (ha-acwd
helpers.py:17-47; T-Fowl/tango-energy-usage-exporter main.go:295; parvez/acwd_water_usage
sensor.py:222). The shapes of `validateLogin` (research note web-portal.md section 2.4):
- success: a list of account rows, `STATUS` "1" (funkadelic/ha-acwd acwd_api.py:160-170;
  Tango's `[]AccountData`, main.go:309);
- refusal: `[{"STATUS": "0", "Message"}]` (ha-acwd acwd_api.py:160-163) or
  `{"dtResponse": [{"Status": "0", "Message"}]}` (sarbuandreidaniel/hidroelectrica
  auth.py:128-135; emanuelbesliu/homeassistant-ihidro web_portal_api.py:306-316);
- server error: `{"dtException": [{"StatusCode", "MessageInformation"}]}` (hidroelectrica
  auth.py:117-126; PGW's client raises on it);
- two-factor: an object with `Table` of masked contacts (hidroelectrica auth.py:137-143);
- `"Migrated User Found"`, bare text (ha-acwd acwd_api.py:135-137).
After login, a session the portal ended answers `{"d": null}` to every call (hidroelectrica
coordinator.py:62-73), and a refused CSRF token a `dtException` whose message names CSRF
(PGW's client; homeassistant-ihidro WEB_PORTAL_CSRF_ISSUE.md:38-44, "Token CSRF nevalid").
"""

from __future__ import annotations

from collections.abc import Mapping
import json
from typing import Any

from .envelopes import failed
from .errors import (
    MigratedAccountError,
    PortalFailureError,
    SessionExpiredError,
    SewResponseError,
    TwoFactorRequiredError,
    login_failure,
)
from .http import Answer
from .values import Row, field, parse_text, portal_message, rows_of

MIGRATED = "migrated user found"


class CsrfRefusedError(SewResponseError):
    """The portal refused the call's CSRF token: take a fresh one from a page."""


def unwrap(answer: Answer) -> Any:
    """Return a page method's `d`, decoded when it is JSON text."""
    envelope = answer.json()
    if not isinstance(envelope, Mapping) or "d" not in envelope:
        raise SewResponseError(f"The portal's answer to {answer.where} has no d")
    value = envelope["d"]
    if isinstance(value, str) and value.strip()[:1] in {"{", "["}:
        try:
            return json.loads(value)
        except ValueError:
            raise SewResponseError(
                f"The portal's answer to {answer.where} is not valid JSON"
            ) from None
    return value


def _first(value: Mapping[str, Any], name: str) -> Row:
    rows = rows_of(field(value, name), name)
    return rows[0] if rows else {}


def _exception_text(value: Mapping[str, Any]) -> str:
    return portal_message(field(_first(value, "dtException"), "MessageInformation"))


def checked(value: Any, where: str) -> Any:
    """Return a call's `d` once it is known not to be a failure."""
    if value is None:
        raise SessionExpiredError(
            f"The portal ended the session ({where} answered null)"
        )
    if not isinstance(value, Mapping):
        return value
    if field(value, "dtException") is not None:
        message = _exception_text(value)
        if "csrf" in message.casefold():
            raise CsrfRefusedError(f"The portal refused the request token: {message}")
        raise PortalFailureError(
            f"The portal failed to answer {where}: {message or 'no reason given'}",
            message,
        )
    if field(value, "dtResponse") is not None:
        row = _first(value, "dtResponse")
        if failed(field(row, "Status", "STATUS")):
            message = portal_message(field(row, "Message"))
            raise PortalFailureError(
                f"The portal reported a failure: {message or 'no reason given'}",
                message,
            )
    return value


def login_rows(value: Any) -> list[Row]:
    """Return the account rows of a successful `validateLogin`; raise what else it says."""
    if isinstance(value, str):
        text = portal_message(value)
        if text.casefold() == MIGRATED:
            raise MigratedAccountError(
                "The utility moved this login to a new sign-in: sign in once on the "
                "utility's web site, then try again"
            )
        raise login_failure(text)
    if isinstance(value, Mapping):
        if field(value, "dtException") is not None:
            message = _exception_text(value)
            raise PortalFailureError(
                f"The portal failed to process the login: {message or 'no reason given'}",
                message,
            )
        if field(value, "Table") is not None:
            raise TwoFactorRequiredError(
                "The portal asks for a code it sent by e-mail or text message, which "
                "cannot be answered here"
            )
        if field(value, "dtResponse") is not None:
            raise login_failure(
                portal_message(field(_first(value, "dtResponse"), "Message"))
            )
        # One row alone, not in a list (jsinnott/cpau session.py: "Result can be a dict
        # or list").
        value = [value]
    if not isinstance(value, list):
        raise SewResponseError("The portal's login answer is not a list of accounts")
    rows = rows_of(value, "the login answer")
    for row in rows:
        if failed(field(row, "STATUS", "Status")):
            raise login_failure(portal_message(field(row, "Message")))
    accounts = [
        row
        for row in rows
        if parse_text(field(row, "AccountNumber")) or parse_text(field(row, "UserID"))
    ]
    if not accounts:
        # SEW's 2019 script: no account row, `Message` is the refusal (default.js:487-512).
        messages = (parse_text(field(row, "Message")) for row in rows)
        raise login_failure(portal_message(next(filter(None, messages), "")))
    return accounts
