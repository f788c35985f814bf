"""The web portal's answers and pages that the simulator does not serve, as literals.

Shapes from the research note web-portal.md: the peers' parsers (cited in the client).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from custom_components.sew_thinq.sew import (
    InvalidCredentialsError,
    MigratedAccountError,
    SewResponseError,
    TwoFactorRequiredError,
)
from custom_components.sew_thinq.sew.errors import (
    PortalFailureError,
    SessionExpiredError,
)
from custom_components.sew_thinq.sew.http import Answer
from custom_components.sew_thinq.sew.web_answers import (
    CsrfRefusedError,
    checked,
    login_rows,
    unwrap,
)
from custom_components.sew_thinq.sew.web_pages import read_page


def _answer(body: Any) -> Answer:
    text = body if isinstance(body, str) else json.dumps(body)
    return Answer(200, text, "application/json", "https://x.example/Portal/a.aspx/b")


def test_unwrap() -> None:
    """`d` is JSON text, an object or a value; anything else is no answer."""
    assert unwrap(_answer({"d": '{"a": 1}'})) == {"a": 1}
    assert unwrap(_answer({"d": {"ToTalBalance": "1.00"}})) == {"ToTalBalance": "1.00"}
    assert unwrap(_answer({"d": True})) is True
    assert unwrap(_answer({"d": "Migrated User Found"})) == "Migrated User Found"
    with pytest.raises(SewResponseError, match="has no d"):
        unwrap(_answer({"Message": "x"}))
    with pytest.raises(SewResponseError, match="not valid JSON"):
        unwrap(_answer({"d": "[{broken"}))


def test_checked() -> None:
    """Null is an ended session; dtException and dtResponse are failures."""
    with pytest.raises(SessionExpiredError):
        checked(None, "Usages.aspx/LoadUsage")
    with pytest.raises(CsrfRefusedError):
        checked(
            {
                "dtException": [
                    {"StatusCode": "0", "MessageInformation": "Token CSRF nevalid"}
                ]
            },
            "x",
        )
    with pytest.raises(PortalFailureError, match="Object reference"):
        checked(
            {"dtException": [{"MessageInformation": "Object reference not set"}]}, "x"
        )
    with pytest.raises(PortalFailureError, match="No record"):
        checked({"dtResponse": [{"Status": "0", "Message": "No record found"}]}, "x")
    assert checked({"dtResponse": [{"Status": "1"}]}, "x") == {
        "dtResponse": [{"Status": "1"}]
    }
    assert checked("", "x") == ""


@pytest.mark.parametrize(
    ("value", "error", "text"),
    [
        ("Migrated User Found", MigratedAccountError, "new sign-in"),
        ("Invalid user", InvalidCredentialsError, "Invalid user"),
        (
            {"Table": [{"MaskedEmail": "d***@x", "MaskedPhone": "***1"}]},
            TwoFactorRequiredError,
            "code",
        ),
        (
            {"dtResponse": [{"Status": "0", "Message": "Invalid Captcha"}]},
            InvalidCredentialsError,
            "Captcha",
        ),
        (
            {"dtException": [{"MessageInformation": "Timeout"}]},
            PortalFailureError,
            "Timeout",
        ),
        (
            [{"STATUS": "0", "Message": "Invalid Username or Password."}],
            InvalidCredentialsError,
            "Invalid",
        ),
        # SEW's 2019 script: the main row and {CoulmnCount}; no account, the Message says why.
        (
            [{"Message": "Your account is not active"}, {"CoulmnCount": 1}],
            InvalidCredentialsError,
            "not active",
        ),
        ([], InvalidCredentialsError, "no reason"),
        (True, SewResponseError, "not a list"),
    ],
)
def test_login_refusals(value: Any, error: type[Exception], text: str) -> None:
    """Every login answer that is not a success is its own error."""
    with pytest.raises(error, match=text):
        login_rows(value)


def test_login_success_rows() -> None:
    """Rows with an account or a user are the accounts (strings, Tango's types)."""
    rows = [{"STATUS": "1", "UserID": "7", "AccountNumber": "1"}, {"CoulmnCount": 3}]
    assert login_rows(rows) == rows[:1]
    # A lone row, not in a list (jsinnott/cpau session.py reads both).
    assert login_rows(rows[0]) == rows[:1]


def test_pages() -> None:
    """The token by id, by a name ending in it, or the verification token; contracts."""
    by_name = read_page(
        '<input type="hidden" name="OuterHeader$hdnCSRFToken" value="t1" />'
        '<input id="txtLogin" /><button id="btnlogin">Sign in</button>'
    )
    assert (by_name.csrf_token, by_name.is_login_page) == ("t1", True)
    verification = read_page(
        '<input name="__RequestVerificationToken" type="hidden" value="v" />'
        '<input name="txtLogin" /><input name="txtpwd" type="password" />'
    )
    assert verification.csrf_token is None
    assert verification.login_token == "v"
    assert verification.is_login_page
    empty = read_page('<input id="hdnCSRFToken" value="" /><input id="txtLogin" />')
    assert empty.login_token is None
    assert not empty.is_login_page
    listed = read_page(
        "<ul><li role='listitem' data-id=8870012304 Addressid=1234><a>1 MAIN ST "
        "(Default)</a></li><li role='listitem' data-id=8870019952 Addressid=5678>"
        "<a>2 OAK AVE</a></li><li>no contract</li></ul>"
    )
    assert [
        (c.utility_account_number, c.address_id, c.label) for c in listed.contracts
    ] == [
        ("8870012304", "1234", "1 MAIN ST"),
        ("8870019952", "5678", "2 OAK AVE"),
    ]
    selected = read_page(
        '<select id="ddlAddress"><option value="41:99:0:37.1:-122.1:94538:8870:W">'
        "1 MAIN ST (Default)</option><option value="
        '"short:value">x</option></select>'
    )
    [contract] = selected.contracts
    assert contract.account_number == "41"
    assert contract.meter_type == "W"
    assert contract.is_default
    assert read_page("<select id='other'></select>").contracts == ()
