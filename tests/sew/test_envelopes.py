"""The JSON API's envelope, read per call as the peers read it."""

from __future__ import annotations

import json

import pytest

from custom_components.sew_thinq.sew import SewResponseError
from custom_components.sew_thinq.sew.envelopes import (
    billing_history_rows,
    data_of,
    data_rows,
    meter_rows,
    result_of,
)
from custom_components.sew_thinq.sew.errors import (
    PortalFailureError,
    SessionExpiredError,
)


def test_data_calls() -> None:
    """GetId and friends keep their payload in `result.Data` (P1 helpers.py:99-131)."""
    answer = {"result": {"Status": 1, "Data": {"key": "k", "tokenId": "t"}}}
    assert data_of(result_of(answer)) == {"key": "k", "tokenId": "t"}


def test_data_as_json_text() -> None:
    """`Data` may be a JSON string.

    dnlbck/ha-nbpower tests/test_parsing.py `test_data_may_be_a_json_string`.
    """
    rows = [{"UsageDate": "2026-09-01", "Consumption": 4}]
    result = result_of(
        {"result": {"Data": json.dumps({"objUsageGenerationResultSetTwo": rows})}}
    )
    assert data_rows(result, "objUsageGenerationResultSetTwo") == rows
    assert data_of({"Data": "plain text"}) == "plain text"
    with pytest.raises(SewResponseError, match="not valid JSON"):
        data_of({"Data": "{broken"})


def test_data_rows_when_empty() -> None:
    """An empty `Data` holds no rows; a `Data` of the wrong kind is an error."""
    assert data_rows({"Status": 1, "Data": None}, "Table") == []
    assert data_rows({"Data": {}}, "Table") == []
    with pytest.raises(SewResponseError, match="Table"):
        data_rows({"Data": [1, 2]}, "Table")


def test_multi_meter() -> None:
    """GetMultiMeter answers `result.MeterDetails`, not under Data.

    cnecrea/hidroelectrica sensor.py:256-273; noslent/nbpower-ha api.py
    `ensure_bootstrap`.
    """
    answer = {"result": {"MeterDetails": [{"MeterNumber": "MTR001"}]}}
    assert meter_rows(result_of(answer)) == [{"MeterNumber": "MTR001"}]


def test_billing_history() -> None:
    """GetBillingHistoryList keeps bills and payments beside each other.

    GetBillingHistoryList: `result.objBillingHistoryEntity` and the payments beside it
    (emanuelbesliu/homeassistant-ihidro helpers.py:80-96, 447-465).
    """
    answer = {
        "result": {
            "objBillingHistoryEntity": [{"amount": "347,94"}],
            "objBillingPaymentHistoryEntity": [{"amount": "100,00"}],
        }
    }
    assert billing_history_rows(result_of(answer)) == (
        [{"amount": "347,94"}],
        [{"amount": "100,00"}],
    )
    assert billing_history_rows({}) == ([], [])


@pytest.mark.parametrize("status", [0, "0", -1, "-1", False, "false"])
def test_failures(status: object) -> None:
    """`result.Status` 0 with a `Message` is a failure carrying the portal's words."""
    with pytest.raises(PortalFailureError, match="No record found") as caught:
        result_of({"result": {"Status": status, "Message": "No record found"}})
    assert caught.value.portal_message == "No record found"


def test_expired_token() -> None:
    """NB Power answers HTTP 200 "Token has been expired.".

    (dnlbck/ha-nbpower api.py `_widget_post_json`): the session is over.
    """
    with pytest.raises(SessionExpiredError):
        result_of(
            {
                "result": {
                    "Status": 0,
                    "Message": "Token has been expired.",
                    "Data": None,
                }
            }
        )


def test_malformed_requests() -> None:
    """Missing account ids answer HTTP 400 `{"responsestatus": -1}`.

    dnlbck/ha-nbpower tests/conftest.py `usage`.
    """
    with pytest.raises(SewResponseError, match="responsestatus -1"):
        result_of({"responsestatus": -1})
    with pytest.raises(SewResponseError, match="no result"):
        result_of({"responsestatus": 1})
    with pytest.raises(SewResponseError, match="not an object"):
        result_of(["result"])
