"""A simulated LG ThinQ v1 ("lgedm") cloud on 127.0.0.1.

Built from the protocol notes (docs/thinq-protocol.md) and from what the reference client
wideq 1.5.0 sends and expects: the gateway, a browser sign-in page that redirects to a
callback URL carrying ``access_token`` and ``refresh_token``, the signed token endpoint,
the EMP account profile, ``member/login``, ``device/deviceList``, model info and the
``rti/`` endpoints, with simulated devices and fault switches.
"""

from __future__ import annotations

import asyncio
import base64
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import hashlib
import hmac
import html
import json
import math
import secrets
import time
from typing import Any, Final
from urllib.parse import urlencode
import uuid

from aiohttp import web

DEMO_USERNAME: Final = "demo@thinq.example"
DEMO_PASSWORD: Final = "thinq-demo"
DEMO_USER_NUMBER: Final = "US2301019876543210"

HEAT_PUMP_ID: Final = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a01"
AIR_CONDITIONER_ID: Final = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a02"
OFFLINE_ID: Final = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a03"
HEAT_PUMP_MODEL: Final = "LW-SIM-HP1"
WASHER_MODEL: Final = "F-SIM-WM3"
DEVICE_TYPE_AC: Final = 401
DEVICE_TYPE_WASHER: Final = 201
AIR_CONDITIONER_MODEL: Final = "LP-SIM-AC2"

GATEWAY_PATH: Final = "/api/common/gatewayUriList"
APP_KEY: Final = "wideq"
SECURITY_KEY: Final = "nuts_securitykey"
OAUTH_CLIENT_KEY: Final = "LGAO221A02"
OAUTH_SECRET_KEY: Final = "c053c2a6ddeb7ad97cb0eed0dcb31cf8"
DATE_FORMAT: Final = "%a, %d %b %Y %H:%M:%S +0000"
DATE_TOLERANCE: Final = timedelta(minutes=15)
SIGN_IN_QUERY: Final = {
    "svcCode": "SVC202",
    "authSvr": "oauth2",
    "client_id": "LGAO221A02",
    "division": "ha",
    "grant_type": "password",
}

OFF: Final = "@AC_MAIN_OPERATION_OFF_W"
COOL: Final = "@AC_MAIN_OPERATION_MODE_COOL_W"
DRY: Final = "@AC_MAIN_OPERATION_MODE_DRY_W"
FAN: Final = "@AC_MAIN_OPERATION_MODE_FAN_W"
HEAT: Final = "@AC_MAIN_OPERATION_MODE_HEAT_W"
WIND_LOW: Final = "@AC_MAIN_WIND_STRENGTH_LOW_W"
WIND_MID: Final = "@AC_MAIN_WIND_STRENGTH_MID_W"
WIND_HIGH: Final = "@AC_MAIN_WIND_STRENGTH_HIGH_W"
WIND_AUTO: Final = "@AC_MAIN_WIND_STRENGTH_AUTO_W"

AMBIENT_C: Final = 26.0
DRIFT_C_PER_MINUTE: Final = 0.5
AMBIENT_DRIFT_C_PER_MINUTE: Final = 0.1


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _heat_pump_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Half degrees, two Fahrenheit for 16 and for 30, a reverse table with extras."""
    fah_to_cel = {"59": "16", "60": "16"}
    fah_to_cel |= {str(f): _fmt((f - 28) / 2) for f in range(61, 88)}
    fah_to_cel |= {"88": "30", "89": "30"}
    cel_to_fah = {"15": "59", "16": "60", "30": "88", "30.5": "89"}
    cel_to_fah |= {c: f for f, c in fah_to_cel.items() if c not in cel_to_fah}
    return fah_to_cel, cel_to_fah


def _air_conditioner_table() -> dict[str, int]:
    """Whole degrees as JSON numbers; most Celsius values have two Fahrenheit."""
    celsius = [
        18,
        18,
        19,
        19,
        20,
        21,
        21,
        22,
        22,
        23,
        23,
        24,
        24,
        25,
        26,
        26,
        27,
        27,
        28,
    ]
    celsius += [28, 29, 29, 30]
    return {str(f): c for f, c in zip(range(64, 87), celsius, strict=True)}


def _enum(options: dict[str, Any], default: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "Enum", "option": options}
    if default is not None:
        spec["default"] = default
    return spec


def _range(low: float, high: float, step: float | None = None) -> dict[str, Any]:
    option: dict[str, float] = {"min": low, "max": high}
    if step is not None:
        option["step"] = step
    return {"type": "Range", "option": option}


def heat_pump_model() -> dict[str, Any]:
    """Return the heat pump's model info (JSON monitoring)."""
    fah_to_cel, cel_to_fah = _heat_pump_tables()
    modes = {
        "0": COOL,
        "1": DRY,
        "2": FAN,
        "3": "@AC_MAIN_OPERATION_MODE_AI_W",
        "4": HEAT,
    }
    modes["6"] = "@AC_MAIN_OPERATION_MODE_ACO_W"
    winds = {"2": WIND_LOW, "4": WIND_MID, "6": WIND_HIGH, "8": WIND_AUTO}
    vertical = {"0": "@OFF"} | {str(n): f"@{n}" for n in range(1, 7)} | {"100": "@100"}
    horizontal = {"0": "@OFF"} | {str(n): f"@{n}" for n in range(1, 6)}
    horizontal |= {"13": "@13", "35": "@35", "100": "@100"}
    return {
        "Info": {
            "productType": "AC",
            "modelType": "RAC",
            "modelName": HEAT_PUMP_MODEL,
            "version": "1.0",
            "country": "US",
        },
        "Value": {
            "Operation": _enum(
                {
                    "0": OFF,
                    "1": "@AC_MAIN_OPERATION_RIGHT_ON_W",
                    "2": "@AC_MAIN_OPERATION_LEFT_ON_W",
                    "3": "@AC_MAIN_OPERATION_ALL_ON_W",
                },
                "0",
            ),
            "OpMode": _enum(modes, "0"),
            "SupportOpMode": _enum({"0": COOL, "1": DRY, "2": FAN, "4": HEAT}),
            "WindStrength": _enum(winds, "8"),
            "SupportWindStrength": _enum(winds),
            "WDirVStep": _enum(vertical, "0"),
            "WDirHStep": _enum(horizontal, "0"),
            "TempCfg": _range(16, 30, 0.5),
            "TempCur": _range(0, 50, 0.5),
            "InOutInstantPower": _range(0, 10000),
            "TempFahToCel": _enum(fah_to_cel),
            "TempCelToFah": _enum(cel_to_fah),
            "ErrorCode": {"type": "Reference", "option": ["Error"]},
            "Jet": {
                "type": "Bit",
                "option": [
                    {"startbit": 0, "length": 1, "value": "JetCool"},
                    {"startbit": 1, "length": 1, "value": "JetHeat"},
                ],
            },
            "ModelNote": {"type": "String", "_comment": "Simulated heat pump"},
        },
        "Error": {
            "0": {"_comment": "No error"},
            "5": {"_comment": "Outdoor unit fault"},
        },
        "Monitoring": {"type": "JSON"},
        "ControlWifi": {"type": "JSON"},
    }


def air_conditioner_model() -> dict[str, Any]:
    """Return the second air conditioner's model info (``BINARY(BYTE)`` monitoring)."""
    protocol = [
        ("Operation", 0, 1),
        ("OpMode", 1, 1),
        ("WindStrength", 2, 1),
        ("TempCfg", 3, 1),
        ("TempCur", 4, 1),
        ("WDirVStep", 5, 1),
        ("SleepTime", 6, 2),
    ]
    return {
        "Info": {
            "productType": "AC",
            "modelType": "RAC",
            "modelName": AIR_CONDITIONER_MODEL,
            "version": "1.0",
        },
        "Value": {
            "Operation": _enum({"0": OFF, "1": "@AC_MAIN_OPERATION_RIGHT_ON_W"}, "0"),
            "OpMode": _enum(
                {
                    "0": COOL,
                    "1": DRY,
                    "2": FAN,
                    "3": "@AC_MAIN_OPERATION_MODE_ENERGY_SAVING_W",
                },
                "0",
            ),
            "WindStrength": _enum({"2": WIND_LOW, "4": WIND_MID, "6": WIND_HIGH}, "4"),
            "WDirVStep": _enum({"0": "@OFF", "100": "@100"}, "0"),
            "TempCfg": _range(18, 30),
            "TempCur": _range(0, 50),
            "SleepTime": _range(0, 720),
            "TempFahToCel": _enum(_air_conditioner_table()),
        },
        "Monitoring": {
            "type": "BINARY(BYTE)",
            "protocol": [
                {"_comment": name, "startByte": start, "length": length, "value": name}
                for name, start, length in protocol
            ],
        },
    }


def washer_model() -> dict[str, Any]:
    """Return a washer's model info: an appliance that is not an air conditioner."""
    return {
        "Info": {"productType": "WM", "modelName": WASHER_MODEL, "version": "1.0"},
        "Value": {
            "State": _enum(
                {"0": "@WM_STATE_POWER_OFF_W", "1": "@WM_STATE_RUNNING_W"}, "0"
            ),
            "Remain_Time_H": _range(0, 24),
        },
        "Monitoring": {"type": "JSON"},
    }


MODELS: Final[dict[str, Callable[[], dict[str, Any]]]] = {
    HEAT_PUMP_MODEL: heat_pump_model,
    AIR_CONDITIONER_MODEL: air_conditioner_model,
    WASHER_MODEL: washer_model,
}
DEVICE_TYPES: Final[dict[str, int]] = {WASHER_MODEL: DEVICE_TYPE_WASHER}


@dataclass(slots=True)
class SimulatedDevice:
    """One simulated device and its state machine (raw values as the device holds them)."""

    device_id: str
    alias: str
    model_name: str
    online: bool
    state: dict[str, str]
    current_c: float
    updated: float
    model: dict[str, Any] = field(repr=False)
    device_type: int = DEVICE_TYPE_AC

    @property
    def binary(self) -> bool:
        """Return whether the device reports ``BINARY(BYTE)`` payloads."""
        return bool(self.model["Monitoring"]["type"] == "BINARY(BYTE)")

    @property
    def running(self) -> bool:
        """Return whether the unit is on."""
        return self.state["Operation"] != "0"

    def advance(self, now: float) -> None:
        """Let the room temperature drift for the time since the last update."""
        minutes = max(now - self.updated, 0) / 60
        self.updated = now
        if self.device_type != DEVICE_TYPE_AC:
            return
        if self.running:
            target, rate = float(self.state["TempCfg"]), DRIFT_C_PER_MINUTE
        else:
            target, rate = AMBIENT_C, AMBIENT_DRIFT_C_PER_MINUTE
        gap = target - self.current_c
        self.current_c += math.copysign(min(abs(gap), rate * minutes), gap)
        step = float(self.model["Value"]["TempCur"]["option"].get("step", 1))
        self.state["TempCur"] = _fmt(round(self.current_c / step) * step)
        if "InOutInstantPower" in self.state:
            power = 350 + 120 * abs(float(self.state["TempCfg"]) - self.current_c)
            self.state["InOutInstantPower"] = str(round(power)) if self.running else "0"

    def payload(self) -> bytes:
        """Return the monitoring payload: JSON, or bytes laid out by the protocol."""
        if not self.binary:
            return json.dumps(self.state).encode()
        out = bytearray()
        for item in self.model["Monitoring"]["protocol"]:
            value = int(float(self.state[item["value"]]))
            out[item["startByte"] : item["startByte"] + item["length"]] = (
                value.to_bytes(item["length"], "big")
            )
        return bytes(out)

    def apply(self, values: dict[str, Any]) -> str | None:
        """Apply control values; return an error message when one is not acceptable."""
        checked: dict[str, str] = {}
        for name, raw in values.items():
            spec = self.model["Value"].get(name)
            if spec is None or name == "TempCur" or isinstance(raw, bool):
                return f"{name} cannot be controlled"
            if not isinstance(raw, str | int | float):
                return f"{name} has an invalid value"
            if spec["type"] == "Enum":
                if str(raw) not in spec["option"]:
                    return f"{name} has no option {raw}"
                checked[name] = str(raw)
            else:
                try:
                    number = float(raw)
                except ValueError:
                    return f"{name} is not a number"
                option = spec["option"]
                steps = (number - option["min"]) / option.get("step", 1)
                if (
                    not option["min"] <= number <= option["max"]
                    or not steps.is_integer()
                ):
                    return f"{name} {raw} is out of range"
                checked[name] = _fmt(number)
        self.state.update(checked)
        return None


@dataclass(slots=True)
class _Monitor:
    device_id: str
    polls: int = 0
    broken: bool = False


class ThinQCloud:
    """The simulated cloud's state: account, tokens, sessions, devices and faults.

    Fault switches (attributes): ``reject_refresh_tokens``, ``terms_pending`` (0110),
    ``http_status_fault`` (an HTTP status to answer every API request with),
    ``malformed_json``, ``slow_seconds``; methods ``expire_sessions()`` (0102) and
    ``break_monitors()`` (the next poll of each monitor answers returnCode 0100).
    """

    def __init__(
        self,
        *,
        extra_devices: int = 0,
        access_token_lifetime: float = 3600,
        latency: float = 0,
        warmup_polls: int = 1,
        work_list_as_list: bool = False,
    ) -> None:
        """Initialise the account with its devices."""
        self.access_token_lifetime = access_token_lifetime
        self.latency = latency
        self.warmup_polls = warmup_polls
        self.work_list_as_list = work_list_as_list
        self.reject_refresh_tokens = False
        self.terms_pending = False
        self.http_status_fault: int | None = None
        self.malformed_json = False
        self.slow_seconds = 0.0
        self.requests: Counter[str] = Counter()
        self._offset = 0.0
        self._refresh_tokens: set[str] = set()
        self._access_tokens: dict[str, float] = {}
        self._sessions: dict[str, str] = {}
        self._monitors: dict[str, _Monitor] = {}
        self.controls: list[tuple[str, dict[str, Any]]] = []
        self.devices: dict[str, SimulatedDevice] = {}
        self._add(HEAT_PUMP_ID, "Living room heat pump", HEAT_PUMP_MODEL, online=True)
        self._add(AIR_CONDITIONER_ID, "Bedroom AC", AIR_CONDITIONER_MODEL, online=True)
        self._add(OFFLINE_ID, "Garage heat pump", HEAT_PUMP_MODEL, online=False)
        for index in range(extra_devices):
            device_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"thinq-sim-extra-{index}"))
            self._add(device_id, f"Heat pump {index + 1}", HEAT_PUMP_MODEL, online=True)

    def _add(
        self, device_id: str, alias: str, model_name: str, *, online: bool
    ) -> None:
        model = MODELS[model_name]()
        state = {
            name: str(spec["default"])
            for name, spec in model["Value"].items()
            if "default" in spec
        }
        device_type = DEVICE_TYPES.get(model_name, DEVICE_TYPE_AC)
        if device_type == DEVICE_TYPE_AC:
            binary = model["Monitoring"]["type"] == "BINARY(BYTE)"
            state |= {"TempCfg": "22", "TempCur": "24"}
            state |= {"SleepTime": "0"} if binary else {"InOutInstantPower": "0"}
        self.devices[device_id] = SimulatedDevice(
            device_id,
            alias,
            model_name,
            online,
            state,
            24.0,
            self.now(),
            model,
            device_type,
        )

    def add_device(
        self, alias: str, model_name: str = HEAT_PUMP_MODEL, *, online: bool = True
    ) -> str:
        """Add an appliance to the account, as the user does in LG's app; return its id."""
        device_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"thinq-sim-added-{alias}"))
        self._add(device_id, alias, model_name, online=online)
        return device_id

    def remove_device(self, device_id: str) -> None:
        """Remove an appliance from the account."""
        del self.devices[device_id]

    # Clock.
    def now(self) -> float:
        """Return the simulated monotonic clock (seconds)."""
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the simulated clock forward (token expiry and device drift follow)."""
        self._offset += seconds

    # Test helpers.
    @property
    def total_requests(self) -> int:
        """Return how many requests the cloud has answered."""
        return self.requests.total()

    def issue_refresh_token(self) -> str:
        """Issue a refresh token as a completed browser sign-in would."""
        token = secrets.token_urlsafe(24)
        self._refresh_tokens.add(token)
        return token

    def issue_access_token(self) -> str:
        """Issue an access token valid for ``access_token_lifetime``."""
        token = secrets.token_urlsafe(24)
        self._access_tokens[token] = self.now() + self.access_token_lifetime
        return token

    def device_state(self, device_id: str) -> dict[str, str]:
        """Return a device's true state (raw values; TempCfg in the device's Celsius)."""
        device = self.devices[device_id]
        device.advance(self.now())
        return dict(device.state)

    def expire_sessions(self) -> None:
        """Forget every session: the next API call answers 0102."""
        self._sessions.clear()

    def revoke_refresh_tokens(self) -> None:
        """Forget every refresh token (the user must sign in again)."""
        self._refresh_tokens.clear()

    def break_monitors(self) -> None:
        """Make every running monitor answer a failure code on its next poll."""
        for monitor in self._monitors.values():
            monitor.broken = True

    @property
    def session_count(self) -> int:
        """Return how many sessions are valid."""
        return len(self._sessions)

    @property
    def monitor_count(self) -> int:
        """Return how many monitors are running."""
        return len(self._monitors)

    # Token checks.
    def _token_valid(self, token: str | None) -> bool:
        expires = self._access_tokens.get(token or "")
        return expires is not None and self.now() < expires

    def _session_valid(self, request: web.Request) -> bool:
        token = request.headers.get("x-thinq-token")
        session = request.headers.get("x-thinq-jsessionId", "")
        return self._token_valid(token) and self._sessions.get(session) == token

    @property
    def app(self) -> web.Application:
        """Return a new aiohttp application serving this cloud."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_post(GATEWAY_PATH, self._gateway, name="gateway")
        app.router.add_get("/emp/login/sign_in", self._sign_in_page, name="sign_in")
        app.router.add_post("/emp/login/sign_in", self._sign_in, name="sign_in_post")
        app.router.add_get("/emp/login/iabClose", self._callback_page, name="callback")
        app.router.add_post("/oauth2/token", self._token, name="token")
        app.router.add_get("/users/profile", self._profile, name="profile")
        app.router.add_post("/api/member/login", self._login, name="member.login")
        app.router.add_post(
            "/api/device/deviceList", self._device_list, name="device.deviceList"
        )
        app.router.add_post("/api/rti/rtiMon", self._rti_mon, name="rti.rtiMon")
        app.router.add_post(
            "/api/rti/rtiResult", self._rti_result, name="rti.rtiResult"
        )
        app.router.add_post(
            "/api/rti/rtiControl", self._rti_control, name="rti.rtiControl"
        )
        app.router.add_get("/model/{name}.json", self._model_info, name="model_info")
        return app

    @web.middleware
    async def _middleware(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        route = request.match_info.route.name or request.path
        self.requests[route.replace(".", "/")] += 1
        if self.latency or self.slow_seconds:
            await asyncio.sleep(self.latency + self.slow_seconds)
        if route not in {"sign_in", "sign_in_post", "callback"}:
            if self.http_status_fault is not None:
                return web.Response(
                    status=self.http_status_fault, text="Simulated failure"
                )
            if self.malformed_json:
                return web.Response(
                    text='{"lgedmRoot": {"returnCd": "00',
                    content_type="application/json",
                )
        return await handler(request)

    # Helpers for the envelope.
    @staticmethod
    def _origin(request: web.Request) -> str:
        return f"{request.scheme}://{request.host}"

    @staticmethod
    def _answer(**fields: Any) -> web.Response:
        return web.json_response(
            {"lgedmRoot": {"returnCd": "0000", "returnMsg": "OK"} | fields}
        )

    @staticmethod
    def _error(code: str | int, message: str) -> web.Response:
        return web.json_response(
            {"lgedmRoot": {"returnCd": code, "returnMsg": message}}
        )

    @staticmethod
    async def _root(request: web.Request) -> dict[str, Any] | None:
        try:
            body = await request.json()
        except ValueError:
            return None
        if not isinstance(body, dict) or "lgedmRoot" not in body:
            return None
        root = body["lgedmRoot"]
        return root if isinstance(root, dict) else {}

    def _check_api(self, request: web.Request) -> web.Response | None:
        if (
            request.headers.get("x-thinq-application-key") != APP_KEY
            or request.headers.get("x-thinq-security-key") != SECURITY_KEY
        ):
            return self._error(9000, "Invalid application key")
        if self.terms_pending:
            return self._error("0110", "Terms of service must be accepted")
        if not self._session_valid(request):
            return self._error("0102", "Not logged in")
        return None

    # Gateway and sign-in.
    async def _gateway(self, request: web.Request) -> web.Response:
        root = await self._root(request)
        if root is None:
            return self._error(9000, "Invalid request")
        origin = self._origin(request)
        return self._answer(
            countryCode=root.get("countryCode", "US"),
            langCode=root.get("langCode", "en-US"),
            thinqUri=f"{origin}/api",
            empUri=f"{origin}/emp/",
            oauthUri=origin,
            rtiUri=f"{origin}/rti",
            contentsUri=f"{origin}/contents/",
        )

    @staticmethod
    def _form_page(query: dict[str, str], message: str = "") -> str:
        hidden = "\n".join(
            f'    <input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        notice = f'  <p role="alert">{html.escape(message)}</p>\n' if message else ""
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
            "<title>LG Account sign in (simulated)</title></head>\n<body>\n"
            "  <h1>Sign in to your LG account</h1>\n"
            f"{notice}"
            '  <form method="post" action="sign_in">\n'
            f"{hidden}\n"
            '    <label>Email <input type="text" name="username" autocomplete="username"></label>\n'
            '    <label>Password <input type="password" name="password"'
            ' autocomplete="current-password"></label>\n'
            '    <button type="submit">Sign in</button>\n'
            "  </form>\n</body>\n</html>\n"
        )

    async def _sign_in_page(self, request: web.Request) -> web.Response:
        return web.Response(
            text=self._form_page(dict(request.query)), content_type="text/html"
        )

    async def _sign_in(self, request: web.Request) -> web.Response:
        form = await request.post()
        fields = {k: str(v) for k, v in form.items()}
        username, password = fields.pop("username", ""), fields.pop("password", "")
        if username != DEMO_USERNAME or password != DEMO_PASSWORD:
            page = self._form_page(fields, "The email or password is not correct.")
            return web.Response(status=401, text=page, content_type="text/html")
        origin = self._origin(request)
        query = urlencode(
            {
                "access_token": self.issue_access_token(),
                "refresh_token": self.issue_refresh_token(),
                "oauth2_backend_url": f"{origin}/",
            }
        )
        raise web.HTTPFound(f"{origin}/emp/login/iabClose?{query}")

    async def _callback_page(self, request: web.Request) -> web.Response:
        return web.Response(
            text='<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>Signed in</title></head><body><p>Signed in. Copy this page's address "
            "into Home Assistant.</p></body></html>\n",
            content_type="text/html",
        )

    # OAuth.
    @staticmethod
    def _signature(message: str) -> str:
        digest = hmac.new(
            OAUTH_SECRET_KEY.encode(), message.encode(), hashlib.sha1
        ).digest()
        return base64.b64encode(digest).decode()

    @staticmethod
    def _date_ok(value: str | None) -> bool:
        try:
            sent = datetime.strptime(value or "", DATE_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            return False
        return abs(datetime.now(UTC) - sent) <= DATE_TOLERANCE

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        refresh_token = str(form.get("refresh_token", ""))
        date = request.headers.get("lgemp-x-date")
        expected = self._signature(
            f"/oauth2/token?grant_type=refresh_token&refresh_token={refresh_token}\n{date}"
        )
        if request.headers.get("lgemp-x-app-key") != OAUTH_CLIENT_KEY:
            return web.json_response(
                {"status": 0, "message": "unknown app key"}, status=401
            )
        if not self._date_ok(date):
            return web.json_response(
                {"status": 0, "message": "bad lgemp-x-date"}, status=401
            )
        if not hmac.compare_digest(
            request.headers.get("lgemp-x-signature", ""), expected
        ):
            return web.json_response(
                {"status": 0, "message": "signature mismatch"}, status=401
            )
        if form.get("grant_type") != "refresh_token":
            return web.json_response(
                {"status": 0, "message": "unsupported grant"}, status=400
            )
        if self.reject_refresh_tokens or refresh_token not in self._refresh_tokens:
            return web.json_response(
                {"status": 0, "message": "invalid refresh token"}, status=400
            )
        return web.json_response(
            {
                "status": 1,
                "access_token": self.issue_access_token(),
                "expires_in": str(int(self.access_token_lifetime)),
            }
        )

    async def _profile(self, request: web.Request) -> web.Response:
        bearer = request.headers.get("Authorization", "")
        date = request.headers.get("x-lge-oauth-date")
        signed = hmac.compare_digest(
            request.headers.get("x-lge-oauth-signature", ""),
            self._signature(f"/users/profile\n{date}"),
        )
        if not (signed and self._date_ok(date)):
            return web.json_response(
                {"status": 0, "message": "signature mismatch"}, status=401
            )
        if not bearer.startswith("Bearer ") or not self._token_valid(bearer[7:]):
            return web.json_response(
                {"status": 0, "message": "invalid token"}, status=401
            )
        account = {"userNo": DEMO_USER_NUMBER, "userIDType": "LGE", "country": "US"}
        return web.json_response({"status": 1, "account": account})

    # The API.
    def _device_item(self, origin: str, device: SimulatedDevice) -> dict[str, Any]:
        return {
            "deviceId": device.device_id,
            "alias": device.alias,
            "modelNm": device.model_name,
            "deviceType": device.device_type,
            "modelJsonUrl": f"{origin}/model/{device.model_name}.json",
            "fwVer": "1.2.3",
            "macAddress": "a8:23:fe:"
            + device.device_id[-6:-4]
            + ":"
            + device.device_id[-4:-2]
            + ":"
            + device.device_id[-2:],
            "online": device.online,
            "deviceState": "E" if device.online else "D",
        }

    async def _login(self, request: web.Request) -> web.Response:
        root = await self._root(request)
        if root is None:
            return self._error(9000, "Invalid request")
        if self.terms_pending:
            return self._error("0110", "Terms of service must be accepted")
        token = root.get("token")
        if not isinstance(token, str) or not self._token_valid(token):
            return self._error("9003", "Session creation failed")
        session_id = secrets.token_hex(16)
        self._sessions[session_id] = token
        origin = self._origin(request)
        items = [self._device_item(origin, d) for d in self.devices.values()]
        return self._answer(jsessionId=session_id, item=items)

    async def _device_list(self, request: web.Request) -> web.Response:
        if (refused := self._check_api(request)) is not None:
            return refused
        origin = self._origin(request)
        items = [self._device_item(origin, d) for d in self.devices.values()]
        return self._answer(item=items[0] if len(items) == 1 else items)

    def _device(self, root: dict[str, Any]) -> SimulatedDevice | web.Response:
        device = self.devices.get(str(root.get("deviceId")))
        if device is None:
            return self._error("0101", "Device not found")
        if not device.online:
            return self._error("0106", "Device not connected")
        device.advance(self.now())
        return device

    async def _rti_mon(self, request: web.Request) -> web.Response:
        if (refused := self._check_api(request)) is not None:
            return refused
        root = await self._root(request) or {}
        device = self._device(root)
        if isinstance(device, web.Response):
            return device
        work_id = str(root.get("workId") or uuid.uuid4())
        if root.get("cmd") != "Mon" or root.get("cmdOpt") not in {"Start", "Stop"}:
            return self._error(9000, "Invalid monitoring command")
        if root["cmdOpt"] == "Start":
            self._monitors[work_id] = _Monitor(device.device_id)
        else:
            self._monitors.pop(work_id, None)
        return self._answer(workId=work_id)

    async def _rti_result(self, request: web.Request) -> web.Response:
        if (refused := self._check_api(request)) is not None:
            return refused
        root = await self._root(request) or {}
        work_list = root.get("workList")
        if isinstance(work_list, dict):
            work_list = [work_list]
        if not isinstance(work_list, list) or not work_list:
            return self._error(9000, "Invalid workList")
        answers = []
        for item in work_list:
            work = item if isinstance(item, dict) else {}
            device = self._device(work)
            if isinstance(device, web.Response):
                return device
            entry: dict[str, Any] = {
                "deviceId": device.device_id,
                "workId": work.get("workId"),
            }
            monitor = self._monitors.get(str(work.get("workId")))
            if (
                monitor is None
                or monitor.device_id != device.device_id
                or monitor.broken
            ):
                entry["returnCode"] = "0100"
            else:
                monitor.polls += 1
                if monitor.polls > self.warmup_polls:
                    entry |= {
                        "returnCode": "0000",
                        "format": "B64",
                        "returnData": base64.b64encode(device.payload()).decode(),
                    }
            answers.append(entry)
        if len(answers) == 1 and not self.work_list_as_list:
            return self._answer(workList=answers[0])
        return self._answer(workList=answers)

    async def _rti_control(self, request: web.Request) -> web.Response:
        if (refused := self._check_api(request)) is not None:
            return refused
        root = await self._root(request) or {}
        device = self._device(root)
        if isinstance(device, web.Response):
            return device
        command = (root.get("cmd"), root.get("cmdOpt"))
        value = root.get("value")
        if command == ("Control", "Set") and isinstance(value, dict):
            if (problem := device.apply(value)) is not None:
                return self._error(9000, problem)
            self.controls.append((device.device_id, dict(value)))
            device.advance(self.now())
            return self._answer(workId=root.get("workId"))
        if command == ("Config", "Get") and isinstance(value, str):
            config: dict[str, Any]
            if value == "Filter":
                config = {"UseTime": "412", "ChangePeriod": "2000"}
            elif value == "InOutInstantPower" and "InOutInstantPower" in device.state:
                config = {"InOutInstantPower": device.state["InOutInstantPower"]}
            else:
                return self._error("0100", f"{value} is not available")
            data = base64.b64encode(json.dumps(config).encode()).decode()
            return self._answer(workId=root.get("workId"), returnData=data)
        return self._error(9000, "Invalid control command")

    async def _model_info(self, request: web.Request) -> web.Response:
        factory = MODELS.get(request.match_info["name"])
        if factory is None:
            raise web.HTTPNotFound
        return web.json_response(factory())


def sign_in_url(gateway_url: str, country: str = "US", language: str = "en-US") -> str:
    """Return the sign-in page's URL for a gateway URL of this simulator."""
    origin = gateway_url.removesuffix(GATEWAY_PATH)
    query = urlencode({"country": country, "language": language} | SIGN_IN_QUERY)
    return f"{origin}/emp/login/sign_in?{query}"


async def start_thinq_cloud(
    host: str = "127.0.0.1", port: int = 0, **options: Any
) -> tuple[web.AppRunner, ThinQCloud, str]:
    """Start the simulated cloud; return its runner, its state and the gateway URL."""
    cloud = ThinQCloud(**options)
    runner = web.AppRunner(cloud.app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    return runner, cloud, f"http://{host}:{bound}{GATEWAY_PATH}"


def describe(cloud: ThinQCloud, gateway_url: str) -> str:
    """Return how to use the running simulator, one fact a line."""
    lines = [
        "LG ThinQ v1 cloud (simulated)",
        f"  gateway URL:  {gateway_url}",
        f"  sign-in page: {sign_in_url(gateway_url)}",
        f"  demo account: {DEMO_USERNAME} / {DEMO_PASSWORD}",
    ]
    lines += [
        f"  device:       {d.alias} ({d.model_name}, {d.device_id}"
        f"{', offline' if not d.online else ''})"
        for d in cloud.devices.values()
    ]
    return "\n".join(lines)
