"""The `{responsestatus, result}` envelope of the JSON API and the WidgetAPI, read per call.

Each call keeps its payload in a different place; P1 (emanuelbesliu/homeassistant-ihidro) and
P2 (cnecrea/hidroelectrica) both label these "real structure":
- GetId, ValidateUserLogin, GetUserSetting, GetUsageGeneration: `result.Data`
  (P2 api.py:403-411; P1 helpers.py:99-131);
- GetMultiMeter: `result.MeterDetails` (P2 sensor.py:256-273; P8 noslent/nbpower-ha api.py
  `ensure_bootstrap`);
- GetBill: the flat `result` (P2 sensor.py:420-430; P1 helpers.py:54-77);
- GetBillingHistoryList: `result.objBillingHistoryEntity` and
  `result.objBillingPaymentHistoryEntity` (P1 helpers.py:80-96, 447-465).
"""

from __future__ import annotations

from collections.abc import Mapping
import json
import re
from typing import Any

from .errors import PortalFailureError, SessionExpiredError, SewResponseError
from .values import Row, field, portal_message, rows_of

# Failures answer HTTP 200 with `result.Status` 0 and a `Message` (P7 dnlbck/ha-nbpower
# api.py `_widget_post_json`: `result.get("Status") == 0`); strings and -1 are taken alike.
_FAILED = frozenset({"0", "-1", "false"})
# "Token has been expired." (P7 api.py `_widget_post_json`, tests/conftest.py).
_EXPIRED = re.compile(
    r"token.*(expire|invalid|not valid)|(invalid|expired).*token|session.*expire",
    re.IGNORECASE,
)


def expired(message: str) -> bool:
    """Tell whether a failure message says the session is over."""
    return _EXPIRED.search(message) is not None


def failed(status: object) -> bool:
    """Tell whether a status field says the call failed."""
    return status is not None and str(status).strip().casefold() in _FAILED


def result_of(answer: object) -> Row:
    """Return an answer's `result`, raising the typed error a failure stands for."""
    if not isinstance(answer, Mapping):
        raise SewResponseError("The portal's answer is not an object")
    result = field(answer, "result")
    if not isinstance(result, Mapping):
        if failed(field(answer, "responsestatus")):
            # HTTP 400 `{"responsestatus": -1}` when account ids are missing (P7 api.py
            # `bootstrap_with_token`, tests/conftest.py `usage`).
            raise SewResponseError(
                "The portal refused the request as incomplete (responsestatus -1)"
            )
        raise SewResponseError("The portal's answer has no result")
    if failed(field(result, "Status")):
        message = portal_message(field(result, "Message"))
        if expired(message):
            raise SessionExpiredError(f"The portal ended the session: {message}")
        raise PortalFailureError(
            f"The portal reported a failure: {message or 'no reason given'}", message
        )
    return result


def data_of(result: Row) -> Any:
    """Return `result.Data`.

    Some answers send it as a JSON string (P7 api.py `_extract_data`; P8 api.py
    `get_usage_data`).
    """
    data = field(result, "Data")
    if isinstance(data, str) and data.strip().startswith(("{", "[")):
        try:
            return json.loads(data)
        except ValueError:
            raise SewResponseError("The portal's Data is not valid JSON") from None
    return data


def data_rows(result: Row, name: str) -> list[Row]:
    """Return the named list of rows inside `result.Data`; none when Data is empty."""
    data = data_of(result)
    if data is None:
        return []
    if not isinstance(data, Mapping):
        raise SewResponseError(f"Expected the portal's Data to hold {name}")
    return rows_of(field(data, name), name)


def meter_rows(result: Row) -> list[Row]:
    """Return GetMultiMeter's `result.MeterDetails`."""
    return rows_of(field(result, "MeterDetails"), "MeterDetails")


def billing_history_rows(result: Row) -> tuple[list[Row], list[Row]]:
    """Return GetBillingHistoryList's bills and payments."""
    return (
        rows_of(field(result, "objBillingHistoryEntity"), "objBillingHistoryEntity"),
        rows_of(
            field(result, "objBillingPaymentHistoryEntity"),
            "objBillingPaymentHistoryEntity",
        ),
    )
