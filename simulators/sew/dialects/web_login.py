"""`default.aspx/validateLogin`: the request the peers send and every answer shape seen.

Answers are the value of `d` (the portal wraps it as a JSON string, except "Migrated User
Found", a bare string). No peer pastes a raw validateLogin answer (research note
web-portal.md section 10): the shapes come from the peers' parsers, cited beside each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulators.sew.server.sessions import LoginFailure
from simulators.sew.truth import Login, SimAccount

from .base import text_field
from .web_pages import address_id, zip_code
from .web_style import FailureStyle, WebStyle

# "Migrated User Found" is compared as the whole `d` (ACWD1 acwd_api.py:135-137).
MIGRATED = "Migrated User Found"
# The texts are assumptions (no US tenant's refusal text is public).
MESSAGES = {
    LoginFailure.INVALID: "Invalid Username or Password.",
    LoginFailure.LOCKED: "Your account has been locked. Please contact customer service.",
}
SERVER_ERROR_TEXT = "An error occurred while processing your request."


@dataclass(frozen=True, slots=True)
class Credentials:
    """The user name and password of a login request."""

    username: str
    password: str


def read_credentials(body: Mapping[str, Any]) -> Credentials | None:
    """Read a validateLogin body; None when the user name or password is missing.

    Every peer sends `username` and `password` (plain); the rest differs: ACWD1 and ACWD2
    add `rememberme`, `calledFrom` "LN", `ExternalLoginId`, `LoginMode` "1",
    `utilityAcountNumber` (sic) and `isEdgeBrowser` (acwd_api.py:236-245; sensor.py
    :171-180), HID-W and TANGO also `token` null (auth.py:88-98; main.go:411-421), CPAU
    only the first six (session.py:91-98), PGW only `rememberme` (`_authenticate`), SEW's
    2019 script four fields (SCM default.js:477-478). Any of them is accepted; a missing
    `token` is taken as null.
    """
    username, password = text_field(body, "username"), text_field(body, "password")
    if not username or not password:
        return None
    return Credentials(username, password)


def refusal(style: FailureStyle, failure: LoginFailure) -> Any:
    """Return a refused login in one of the two shapes the peers read."""
    message = MESSAGES[failure]
    if style is FailureStyle.ROW:
        # STATUS is a string (ACWD1 casts with str(), acwd_api.py:160); PGW compares it
        # with the int 0 and so misses it (`_authenticate`), a peer bug.
        return [{"STATUS": "0", "Message": message}]
    # Note `Status`, not `STATUS` (HID-W auth.py:128-135).
    return {"dtResponse": [{"Status": "0", "Message": message}]}


def server_exception(message: str = SERVER_ERROR_TEXT) -> dict[str, Any]:
    """Return SEW's server-error answer (HID-W auth.py:117-126; PGW `_authenticate`)."""
    return {"dtException": [{"StatusCode": "0", "MessageInformation": message}]}


def two_factor(login: Login) -> dict[str, Any]:
    """Return the two-factor answer: a `Table` with the masked contacts.

    HID-W auth.py:137-143 ("Table with MaskedEmail/MaskedPhone"; it checks only the key).
    The values' masking is an assumption; no OTP submit call is known.
    """
    name, _, domain = login.username.partition("@")
    return {
        "Table": [
            {
                "MaskedEmail": f"{name[:1]}{'*' * max(len(name) - 1, 3)}@{domain}",
                "MaskedPhone": "(***) ***-4821",
            }
        ]
    }


def account_rows(
    login: Login,
    style: WebStyle,
    session_token: str,
    time_zone: str,
) -> list[dict[str, str]]:
    """Return a successful login: one row per contract, the default one first.

    Fields and their string type are TANGO's `AccountData` (main.go:23-98; realworld
    tango-web-response-shapes.json), `STATUS` "1" (ACWD1 acwd_api.py:165), `UserName` (ACWD2
    sensor.py:185), `Name` (ACWD1 sensor.py:54), `MeterType` (CPAU, public index file
    38630262964). How many rows a login with several contracts answers is unknown (TANGO
    takes [0], main.go:323): one per contract here, so clients reading [0] still work.
    `TimeZoneId` is a portal id, not an IANA zone (SCM MyAccountSetting.js:213-214); the
    values of the flags are assumptions.
    """
    accounts = sorted(login.accounts, key=lambda account: not account.is_default)
    return [
        _row(login, account, style, session_token, time_zone) for account in accounts
    ]


def _row(
    login: Login,
    account: SimAccount,
    style: WebStyle,
    session_token: str,
    time_zone: str,
) -> dict[str, str]:
    """Return one contract's login row."""
    city, state, default_zip = style.locality
    first, _, last = account.customer_name.partition(" ")
    meter_types = ",".join(
        dict.fromkeys(meter.meter_type for meter in account.meters if meter.active)
    )
    return {
        "UserName": login.username,
        "Name": account.customer_name,
        "FirstName": first,
        "LastName": last,
        "EmailID": login.username,
        "UserID": login.user_id,
        "AccountNumber": account.number,
        "UtilityAccountNumber": account.utility_number,
        "CustomerNo": account.number,
        "Address": account.address,
        "AddressID": address_id(account),
        "CityName": city,
        "StateName": state,
        "ZipCode": zip_code(account, default_zip),
        "Country": "USA",
        "CountryCode": "US",
        "LoginToken": session_token,
        "SessionToken": session_token,
        "MeterType": meter_types,
        "CustomerType": "R",
        "CustomerTypeDesc": "Residential",
        "UserType": "1",
        "RoleId": "3",
        "DashboardOption": style.dashboard_option,
        "GraphMode": "1",
        "HomeInfoStatus": "1",
        "STATUS": "1",
        "IsDefaultAccount": "1" if account.is_default else "0",
        "IsTwoFactor": "0",
        "LanguageCode": "EN",
        "TimeZoneId": "4",
        "Offset": "-480",
        "TimeZoneName": time_zone,
        "IsShowGallon": "1",
        "IsShowHCF": "0",
        "UptoDecimalPlaces": "2",
        "IsModernStyle": "True",
    }
