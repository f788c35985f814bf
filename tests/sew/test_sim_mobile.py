"""The mobile `.svc` profiles over HTTP: the seed's request dialect and SEW's own."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad
import pytest

from simulators.sew import DEMO_PASSWORD, DEMO_USERNAME, mobile_login_request

from .conftest import PortalFactory

KEY = b"PasswordPassword"
DIGEST = hashlib.sha256(DEMO_PASSWORD.encode()).hexdigest()


def _encrypt(text: str, iv: bytes = KEY) -> str:
    """AES-128-CBC, PKCS7, base64 on one line."""
    cipher = AES.new(KEY, AES.MODE_CBC, iv=iv)
    return base64.b64encode(cipher.encrypt(pad(text.encode(), 16))).decode()


def _decrypt(text: str, iv: bytes = KEY) -> str:
    """Undo `_encrypt` (line breaks allowed)."""
    cipher = AES.new(KEY, AES.MODE_CBC, iv=iv)
    return unpad(cipher.decrypt(base64.b64decode("".join(text.split()))), 16).decode()


async def _post(
    http: aiohttp.ClientSession, url: str, body: dict[str, Any]
) -> tuple[int, str]:
    async with http.post(url, json=body) as response:
        return response.status, await response.text()


def _rows(answer: str, method: str = "ValidateUserLoginMob") -> list[dict[str, Any]]:
    """Return a login answer's rows (the answer is encrypted with IV = key)."""
    rows: list[dict[str, Any]] = json.loads(
        _decrypt(json.loads(answer)[f"{method}Result"])
    )["Table"]
    return rows


def _capture_query(capture: dict[str, Any], values: dict[str, str]) -> str:
    """Fill the capture's redacted query with our values, keeping its form exactly."""
    names = capture["decrypted_params_in_order"]
    query = "&".join(f"{name}={values[name]}" for name in names)
    # A value holding a redaction is personal as a whole; the others must match exactly.
    pattern = "&".join(
        f"{re.escape(name)}=" + (".+" if "<" in value else re.escape(value))
        for name, _, value in (
            part.partition("=") for part in capture["decrypted_EncQuery"].split("&")
        )
    )
    assert re.fullmatch(pattern, query), (pattern, query)
    return query


async def test_sew_test_code_login_is_accepted(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """The captured request, encrypted as it was (IV = key, "encType": "I"), logs in."""
    capture = mobile_login_request()
    _, base_url = await start_portal(profile="mobile-sew")
    values = {
        "userid": DEMO_USERNAME,
        "password": DIGEST,
        "PushToken": "(null)",
        "IPAddress": "192.0.2.10",
        "UpdatedDate": "06/16/2017 09:56:55",
        "TimeOffSet": "0",
        "LUpdHideShow": "06/16/2017 09:56:38",
        "SessionCode": "AbCdEfGhIjKl",
        "LanguageCode": "EN",
    }
    query = _capture_query(capture, values)
    assert "@" in query  # not percent-encoded, as captured
    body = dict(capture["body"], EncQuery=_encrypt(query))
    assert list(body) == capture["body_keys"]
    async with http.post(
        base_url + capture["path"],
        data=json.dumps(body),
        headers={"Content-Type": capture["content_type"]},
    ) as response:
        assert response.status == 200
        rows = _rows(await response.text())
    assert [row["STATUS"] for row in rows] == ["1", "1"]
    token, user_id = rows[0]["LoginToken"], rows[0]["UserID"]

    # SEW's server DecryptIOS (zero IV) is accepted too.
    zero_iv = {"EncQuery": _encrypt(query, bytes(16)), "encType": "I"}
    status, answer = await _post(http, base_url + capture["path"], zero_iv)
    assert (status, _rows(answer)[0]["STATUS"]) == (200, "1")

    # Later calls: parameter names matched case-insensitively (an assumption).
    later = (
        f"userid={user_id}&logintoken={token}&AccountNumber={rows[0]['AccountNumber']}"
    )
    status, answer = await _post(
        http,
        f"{base_url}/scp6.6.3-service/Usage.svc/GetMultiMeterMob",
        {"EncQuery": _encrypt(later), "encType": "I"},
    )
    assert status == 200
    meters = json.loads(json.loads(answer)["GetMultiMeterMobResult"])["MeterDetails"]
    assert [m["MeterType"] for m in meters] == ["E", "PV", "W", "G"]
    async with http.get(f"{base_url}/scp6.6.3-service/UserLogin.svc/help") as response:
        assert "ValidateUserLoginMob" in await response.text()


@pytest.mark.parametrize(
    ("body_key", "query", "status"),
    [
        ("encType", f"userid={DEMO_USERNAME}&password={DIGEST}", "1"),
        ("encType", f"userid={quote(DEMO_USERNAME)}&password={DIGEST}", "0"),
        ("encType", urlencode({"UserId": DEMO_USERNAME, "Password": DIGEST}), None),
        ("EncType", f"userid={DEMO_USERNAME}&password={DIGEST}", None),
    ],
    ids=["raw", "percent-encoded", "seed-names", "seed-key"],
)
async def test_sew_dialect_is_strict(
    start_portal: PortalFactory,
    http: aiohttp.ClientSession,
    body_key: str,
    query: str,
    status: str | None,
) -> None:
    """Only SEW's own form logs in: a %40 is a different user, seed names are unknown."""
    _, base_url = await start_portal(profile="mobile-sew")
    code, answer = await _post(
        http,
        f"{base_url}/scp6.6.3-service/UserLogin.svc/ValidateUserLoginMob",
        {"EncQuery": _encrypt(query), body_key: "I"},
    )
    if status is None:
        assert code == 500
        assert "Object reference not set" in answer
    else:
        assert _rows(answer)[0]["STATUS"] == status


async def test_seed_dialect(
    start_portal: PortalFactory, http: aiohttp.ClientSession
) -> None:
    """The seed's request logs in; SEW's lower-case names and body key do not."""
    _, base_url = await start_portal(profile="mobile-seed")
    url = f"{base_url}/PortalService/UserLogin.svc/ValidateUserLoginMob"
    seed = urlencode({"UserId": DEMO_USERNAME, "Password": DIGEST})
    code, answer = await _post(http, url, {"EncType": "A", "EncQuery": _encrypt(seed)})
    assert code == 200
    assert _rows(answer)[0]["STATUS"] == "1"
    sew = f"userid={DEMO_USERNAME}&password={DIGEST}"
    code, answer = await _post(http, url, {"EncType": "A", "EncQuery": _encrypt(sew)})
    assert code == 500
    code, answer = await _post(http, url, {"encType": "A", "EncQuery": _encrypt(seed)})
    assert code == 500
    wrong = urlencode({"UserId": DEMO_USERNAME, "Password": "0" * 64})
    code, answer = await _post(http, url, {"EncType": "A", "EncQuery": _encrypt(wrong)})
    assert _rows(answer) == [
        {"STATUS": "0", "Message": "Invalid username or password."}
    ]
