"""The simulated cloud's state: the account, its tokens, appliances and fault switches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
import secrets
import time
from typing import Any, Final
import uuid

from . import appliances, realworld
from .appliances import Appliance

DEMO_USERNAME: Final = "demo@thinq.example"
DEMO_PASSWORD: Final = "thinq-demo"
DEMO_USER_NUMBER: Final = "US2301019876543210"
# The id a Google account signs in with (a third-party sign-in's ``user_id``).
DEMO_GOOGLE_ID: Final = "google-109876543210"

HEAT_PUMP_ID: Final = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a01"
AIR_CONDITIONER_ID: Final = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a02"
OFFLINE_ID: Final = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a03"
DRYER_ID: Final = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a04"
THINQ2_AC_ID: Final = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a05"
# The heat pump's model name is that of the real ThinQ1 RAC dashboard entry (openHAB).
HEAT_PUMP_MODEL: Final = "RAC_056905_WW"
AIR_CONDITIONER_MODEL: Final = "LP-SIM-AC2"


def heat_pump_model() -> dict[str, Any]:
    """Return the simulated heat pump's model document (LG's data, see ``realworld``)."""
    return realworld.heat_pump_model(HEAT_PUMP_MODEL)


def binary_ac_model() -> dict[str, Any]:
    """Return the simulated binary AC's model document (synthetic layout)."""
    return appliances.binary_ac_model(AIR_CONDITIONER_MODEL)


class SignInResult(StrEnum):
    """What the URL a browser ends on after an LG-account sign-in carries.

    Live clients accept a refresh token or an authorization code (ollo69
    core_async.py:128-150); which one LG sends today is not known.
    """

    REFRESH_TOKEN = "refresh_token"
    CODE = "code"


class ModelFault(StrEnum):
    """How the content host serves an appliance's model document."""

    NOT_FOUND = "not_found"
    NOT_JSON = "not_json"
    VALUE_NOT_OBJECT = "value_not_object"
    MISSING_VALUE = "missing_value"
    WRONG_TYPES = "wrong_types"
    TABLE_NOT_NUMBERS = "table_not_numbers"


@dataclass(slots=True)
class Monitor:
    """A running ``rti/rtiMon`` monitor."""

    device_id: str
    polls: int = 0
    broken: bool = False


@dataclass(slots=True)
class Injection:
    """A result code the next matching calls answer."""

    code: str | int
    route: str | None
    device_id: str | None
    times: int


@dataclass
class Faults:
    """Fault switches. Result codes on the API: ``ThinQCloud.inject``."""

    # The refresh tokens LG holds no longer refresh (LG.OAUTH.EC.4001).
    reject_refresh_tokens: bool = False
    # The account must accept new terms: 0110 on every API call.
    terms_pending: bool = False
    # ``member/login`` alone answers this code (nVuln PR #158: 0110 there, not fatal).
    member_login_code: str | None = None
    # The route gateway answers without ``uris.empOauthBaseUri`` (2024 capture).
    gateway_without_oauth_base: bool = False
    # ``searchKey`` answers 404: in September 2026 it did for some (ollo69#1016); a later
    # nVuln revision says it does everywhere. The third-party trade needs it.
    search_key_removed: bool = True
    # Model documents.
    content_host_down: bool = False
    models: dict[str, ModelFault] = field(default_factory=dict)
    model_failures_left: dict[str, int] = field(default_factory=dict)
    # Appliances whose monitor answers data that is not their format.
    garbled_monitors: set[str] = field(default_factory=set)
    # Transport faults of every API answer.
    http_status: int | None = None
    malformed_json: bool = False
    slow_seconds: float = 0.0
    # Client ids LG answers 9006 ("use the official API") to (ollo69 core_async.py:426-433).
    flagged_client_ids: set[str] = field(default_factory=set)


class ThinQCloud:
    """The account, its tokens and appliances, and how the cloud misbehaves."""

    def __init__(
        self,
        *,
        extra_devices: int = 0,
        access_token_lifetime: float = 3600,
        latency: float = 0,
        warmup_polls: int = 1,
        work_list_as_list: bool = False,
        account_country: str = "US",
        sign_in_result: SignInResult = SignInResult.REFRESH_TOKEN,
        thinq2_devices: bool = True,
    ) -> None:
        """Open the account with its appliances."""
        self.access_token_lifetime = access_token_lifetime
        self.latency = latency
        self.warmup_polls = warmup_polls
        self.work_list_as_list = work_list_as_list
        self.account_country = account_country
        self.sign_in_result = sign_in_result
        self.faults = Faults()
        self.requests: Counter[str] = Counter()
        self.controls: list[tuple[str, dict[str, Any]]] = []
        self.permission_releases: list[str] = []
        self.model_fetches: Counter[str] = Counter()
        self.injections: list[Injection] = []
        # Whether the cloud continues from a state saved before a restart.
        self.restored = False
        self._offset = 0.0
        self._refresh_tokens: set[str] = set()
        self._access_tokens: dict[str, float] = {}
        self._codes: set[str] = set()
        self._sessions: dict[str, str] = {}
        self._emp_sessions: dict[str, str] = {}
        self.monitors: dict[str, Monitor] = {}
        self.devices: dict[str, Appliance] = {}
        now = self.now()
        self._put(
            appliances.heat_pump(
                HEAT_PUMP_ID, "Living room heat pump", HEAT_PUMP_MODEL, now
            )
        )
        self._put(
            appliances.binary_ac(
                AIR_CONDITIONER_ID, "Bedroom AC", AIR_CONDITIONER_MODEL, now
            )
        )
        offline = appliances.heat_pump(
            OFFLINE_ID, "Garage heat pump", HEAT_PUMP_MODEL, now
        )
        offline.online = False
        self._put(offline)
        self._put(appliances.dryer(DRYER_ID, "Dryer", now))
        if thinq2_devices:
            self._put(appliances.thinq2_ac(THINQ2_AC_ID, "Office AC", now))
        for index in range(extra_devices):
            device_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"thinq-sim-extra-{index}"))
            self._put(
                appliances.heat_pump(
                    device_id, f"Heat pump {index + 1}", HEAT_PUMP_MODEL, now
                )
            )

    def _put(self, appliance: Appliance) -> None:
        self.devices[appliance.device_id] = appliance

    # The account as the user changes it in LG's app.
    def add_heat_pump(self, alias: str, *, online: bool = True) -> str:
        """Add a heat pump to the account; return its id."""
        device_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"thinq-sim-added-{alias}"))
        appliance = appliances.heat_pump(device_id, alias, HEAT_PUMP_MODEL, self.now())
        appliance.online = online
        self._put(appliance)
        return device_id

    def remove_device(self, device_id: str) -> None:
        """Remove an appliance from the account."""
        del self.devices[device_id]

    # Clock.
    def now(self) -> float:
        """Return the simulated monotonic clock (seconds)."""
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward: tokens expire and rooms drift."""
        self._offset += seconds

    # Tokens.
    def issue_refresh_token(self) -> str:
        """Issue a refresh token, as a completed sign-in does."""
        token = secrets.token_urlsafe(24)
        self._refresh_tokens.add(token)
        return token

    def issue_access_token(self) -> str:
        """Issue an access token valid for ``access_token_lifetime``."""
        token = secrets.token_urlsafe(24)
        self._access_tokens[token] = self.now() + self.access_token_lifetime
        return token

    def issue_code(self) -> str:
        """Issue a one-time authorization code."""
        code = secrets.token_urlsafe(16)
        self._codes.add(code)
        return code

    def redeem_code(self, code: str) -> bool:
        """Use up an authorization code; return whether it was valid."""
        if code in self._codes:
            self._codes.discard(code)
            return True
        return False

    def refresh_token_valid(self, token: str) -> bool:
        """Return whether a refresh token still refreshes."""
        return not self.faults.reject_refresh_tokens and token in self._refresh_tokens

    def access_token_valid(self, token: str | None) -> bool:
        """Return whether an access token is valid now."""
        expires = self._access_tokens.get(token or "")
        return expires is not None and self.now() < expires

    def issued_credentials(self) -> set[str]:
        """Return every refresh token, access token and session id the cloud holds."""
        return {*self._refresh_tokens, *self._access_tokens, *self._sessions}

    def revoke_refresh_tokens(self) -> None:
        """Forget every refresh token (the user must sign in again)."""
        self._refresh_tokens.clear()

    def expire_access_tokens(self) -> None:
        """Let every access token expire: the next API call answers 0102."""
        self._access_tokens.clear()
        self._sessions.clear()

    def open_session(self, access_token: str) -> str:
        """Open a v1 ``member/login`` session (wideq and nVuln still use one)."""
        session_id = secrets.token_hex(16)
        self._sessions[session_id] = access_token
        return session_id

    def session_valid(self, session_id: str, access_token: str | None) -> bool:
        """Return whether a v1 session belongs to a valid access token."""
        return (
            self.access_token_valid(access_token)
            and self._sessions.get(session_id) == access_token
        )

    def open_emp_session(self) -> str:
        """Open an EMP login session (the third-party trade's ``loginSessionID``)."""
        session_id = secrets.token_hex(12)
        self._emp_sessions[session_id] = DEMO_GOOGLE_ID
        return session_id

    def emp_session_valid(self, session_id: str) -> bool:
        """Return whether an EMP login session is open."""
        return session_id in self._emp_sessions

    # Faults.
    def inject(
        self,
        code: str | int,
        *,
        route: str | None = None,
        device_id: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` API calls (of a route, for a device) answer ``code``."""
        self.injections.append(Injection(code, route, device_id, times))

    def injected(self, route: str, device_id: str | None) -> str | int | None:
        """Return and use up an injected code matching a call, if any."""
        for injection in self.injections:
            if injection.route not in (None, route):
                continue
            if injection.device_id not in (None, device_id):
                continue
            injection.times -= 1
            if injection.times <= 0:
                self.injections.remove(injection)
            return injection.code
        return None

    def break_monitors(self) -> None:
        """Make every running monitor answer a failure on its next poll."""
        for monitor in self.monitors.values():
            monitor.broken = True

    # A restart: what LG's cloud keeps while its clients come and go.
    def saved_state(self) -> dict[str, Any]:
        """Return what outlives a restart: refresh tokens and the appliances' state.

        Access tokens, sessions and monitors are short-lived and not kept: a client
        refreshes and restarts them as after LG's own expiry (0102, then 0106).
        """
        return {
            "refresh_tokens": sorted(self._refresh_tokens),
            "devices": {
                device_id: {
                    "state": dict(appliance.state),
                    "online": appliance.online,
                    "room_c": appliance.room_c,
                    "filter_hours": appliance.filter_hours,
                }
                for device_id, appliance in self.devices.items()
            },
        }

    def restore(self, saved: Mapping[str, Any]) -> None:
        """Take back what ``saved_state`` returned before a restart."""
        self._refresh_tokens.update(saved.get("refresh_tokens", []))
        now = self.now()
        for device_id, kept in saved.get("devices", {}).items():
            if (appliance := self.devices.get(device_id)) is None:
                continue
            appliance.state.update(kept["state"])
            appliance.online = kept["online"]
            appliance.room_c = kept["room_c"]
            appliance.filter_hours = kept["filter_hours"]
            appliance.updated = now

    # What tests read.
    def device_state(self, device_id: str) -> dict[str, str]:
        """Return an appliance's true raw state (TempCfg in its own Celsius)."""
        appliance = self.devices[device_id]
        appliance.advance(self.now())
        return dict(appliance.state)

    @property
    def monitor_count(self) -> int:
        """Return how many monitors are running."""
        return len(self.monitors)

    @property
    def session_count(self) -> int:
        """Return how many v1 sessions are open."""
        return len(self._sessions)

    @property
    def total_requests(self) -> int:
        """Return how many requests the cloud has answered."""
        return self.requests.total()

    def locked_devices(self) -> list[str]:
        """Return the appliances whose control permission a client still holds."""
        return [d.device_id for d in self.devices.values() if d.control_locked]
