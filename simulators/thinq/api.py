"""The device API: the ThinQ2 dashboard, ThinQ1 ``rti/*`` and the content host."""

from __future__ import annotations

import base64
import json
from typing import Any, Final
import uuid

from aiohttp import web

from . import evidence, realworld, regions
from .answers import origin, v1_answer, v1_error, v1_root, v2_answer, v2_error
from .appliances import Appliance, Platform
from .cloud import DEMO_USER_NUMBER, ModelFault, Monitor, ThinQCloud

THINQ1_HOST: Final = r"{host:[ae]ic\.lgthinq\.com}"
THINQ2_HOST: Final = r"{host:[ae]ic-service\.lgthinq\.com}"
CONTENT_HOST: Final = "objectcontent.lgthinq.com"


def _mac(device_id: str) -> str:
    tail = device_id.replace("-", "")[-6:]
    return "74:40:be:" + ":".join(tail[i : i + 2] for i in range(0, 6, 2))


class DeviceApi:
    """The API of the account's appliances."""

    def __init__(self, cloud: ThinQCloud) -> None:
        """Serve ``cloud``'s appliances."""
        self.cloud = cloud

    def routes(self, app: web.Application) -> None:
        """Add the routes."""
        add = app.router.add_route
        add(
            "GET",
            f"/{THINQ2_HOST}/v1/service/application/dashboard",
            self.dashboard,
            name="dashboard",
        )
        add(
            "POST",
            f"/{THINQ1_HOST}/api/member/login",
            self.member_login,
            name="member.login",
        )
        add(
            "POST",
            f"/{THINQ1_HOST}/api/device/deviceList",
            self.device_list,
            name="device.deviceList",
        )
        rti = {
            "rtiMon": self.monitor,
            "rtiResult": self.result,
            "rtiControl": self.control,
            "delControlPermission": self.release,
        }
        for action, handler in rti.items():
            add(
                "POST",
                f"/{THINQ1_HOST}/api/rti/{action}",
                handler,
                name=f"rti.{action}",
            )
        add(
            "GET",
            f"/{THINQ1_HOST}/api/webContents/modelJSON",
            self.model_json,
            name="model",
        )
        add("GET", f"/{CONTENT_HOST}/{{id}}", self.thinq2_model, name="model2")

    # Who is calling.
    def _client_flagged(self, request: web.Request) -> bool:
        return (
            request.headers.get("x-client-id", "")
            in self.cloud.faults.flagged_client_ids
        )

    def _v2_caller_ok(self, request: web.Request) -> bool:
        """The v2 headers with the token and user number (ollo69 core_async.py:295-333)."""
        headers = request.headers
        return (
            headers.get("x-api-key") == evidence.API_KEY
            and bool(headers.get("x-client-id"))
            and headers.get("x-user-no") == DEMO_USER_NUMBER
            and self.cloud.access_token_valid(headers.get("x-emp-token"))
        )

    def _thinq1_caller_ok(self, request: web.Request) -> bool:
        """Return whether a ThinQ1 caller may call.

        Either the v2 headers plus the security key, no session (ollo69
        core_async.py:1140-1155, 382-415), or the old keys with a ``member/login`` session
        (nVuln API.ts:160-176; wideq core.py:180-202).
        """
        headers = request.headers
        if headers.get("x-thinq-security-key") != evidence.SECURITY_KEY:
            return False
        if "x-emp-token" in headers:
            return self._v2_caller_ok(request)
        return headers.get(
            "x-thinq-application-key"
        ) == evidence.APPLICATION_KEY and self.cloud.session_valid(
            headers.get("x-thinq-jsessionId", ""), headers.get("x-thinq-token")
        )

    def _v1_refusal(
        self, request: web.Request, route: str, device_id: str | None = None
    ) -> web.Response | None:
        if not self._thinq1_caller_ok(request):
            return v1_error(evidence.NOT_LOGGED_IN, "Not logged in")
        if self._client_flagged(request):
            return v1_error(
                evidence.USE_OFFICIAL_API[0], "Please consider using the official API"
            )
        if self.cloud.faults.terms_pending:
            return v1_error(evidence.TERMS, "Terms of service must be accepted")
        if (code := self.cloud.injected(route, device_id)) is not None:
            return v1_error(code, f"Simulated answer {code}")
        return None

    # ThinQ2.
    def _model_uri(self, request: web.Request, appliance: Appliance) -> str:
        """The model URL as LG gives it: on the thinq1 host, per device (openHAB capture)."""
        if appliance.platform is Platform.THINQ2:
            return f"{origin(request)}/{CONTENT_HOST}/{uuid.uuid5(uuid.NAMESPACE_URL, appliance.device_id)}?hdnts=exp=1"
        host = regions.hosts(self.cloud.account_country)["thinq1"]
        return (
            f"{origin(request)}/{host}/api/webContents/modelJSON?modelName=modelJSON_"
            f"{appliance.device_type}&countryCode=KR&contentsId={appliance.device_id}"
            "&authKey=thinq"
        )

    def dashboard_item(
        self, request: web.Request, appliance: Appliance
    ) -> dict[str, Any]:
        """One ``item`` of the dashboard: the real ThinQ1 AC entry's shape (openHAB capture)."""
        item = realworld.dashboard_ac_entry() | {
            "modelName": appliance.model_name,
            "modelNm": appliance.model_name,
            "deviceType": appliance.device_type,
            "alias": appliance.alias,
            "deviceId": appliance.device_id,
            "macAddress": _mac(appliance.device_id),
            "modelJsonUri": self._model_uri(request, appliance),
            "online": appliance.online,
            "platformType": appliance.platform.value,
            "modelJsonVer": appliance.model_version,
        }
        if appliance.platform is Platform.THINQ2:
            # ThinQ2 entries carry their state (ollo69 device.py:351-354).
            item["snapshot"] = appliance.snapshot | {"online": appliance.online}
        return item

    async def dashboard(self, request: web.Request) -> web.Response:
        """``{thinq2Uri}/service/application/dashboard`` (ollo69 core_async.py:1257-1273)."""
        if not self._v2_caller_ok(request):
            return v2_error(evidence.NOT_LOGGED_IN, "Not logged in")
        if self._client_flagged(request):
            return v2_error(
                evidence.USE_OFFICIAL_API[0], "Please consider using the official API"
            )
        if self.cloud.faults.terms_pending:
            return v2_error(evidence.TERMS, "Terms of service must be accepted")
        if (code := self.cloud.injected("dashboard", None)) is not None:
            return v2_error(str(code), f"Simulated answer {code}")
        items = [self.dashboard_item(request, a) for a in self.cloud.devices.values()]
        # openHAB dashboard-list-response-wm.json: the rest of ``result``.
        return v2_answer(
            {
                "langPackCommonVer": "125.6",
                "langPackCommonUri": f"{origin(request)}/{CONTENT_HOST}/langpack",
                "item": items,
                "group": [],
            }
        )

    # ThinQ1 sessions (wideq 1.5.0 and nVuln; ollo69 no longer logs in).
    async def member_login(self, request: web.Request) -> web.Response:
        """``{thinq1Uri}/member/login`` (wideq core.py:246-258; nVuln Auth.ts:308-339)."""
        root = await v1_root(request)
        if root is None:
            return v1_error(evidence.INVALID_REQUEST, "Invalid request")
        if self.cloud.faults.terms_pending:
            return v1_error(evidence.TERMS, "Terms of service must be accepted")
        if (code := self.cloud.faults.member_login_code) is not None:
            return v1_error(code, f"Simulated answer {code}")
        token = root.get("token")
        if not isinstance(token, str) or not self.cloud.access_token_valid(token):
            return v1_error("9003", "Session creation failed")
        items = [self._legacy_item(request, a) for a in self._thinq1()]
        return v1_answer(jsessionId=self.cloud.open_session(token), item=items)

    def _thinq1(self) -> list[Appliance]:
        return [a for a in self.cloud.devices.values() if a.platform is Platform.THINQ1]

    def _legacy_item(
        self, request: web.Request, appliance: Appliance
    ) -> dict[str, Any]:
        item = self.dashboard_item(request, appliance)
        item["modelJsonUrl"] = item[
            "modelJsonUri"
        ]  # The name wideq reads (client.py:271).
        return item

    async def device_list(self, request: web.Request) -> web.Response:
        """``device/deviceList``: wideq 1.5.0's device list (core.py:396-402)."""
        if (refused := self._v1_refusal(request, "device/deviceList")) is not None:
            return refused
        items = [self._legacy_item(request, a) for a in self._thinq1()]
        return v1_answer(item=items[0] if len(items) == 1 else items)

    # ThinQ1 rti (ollo69 core_async.py:1284-1439; nVuln API.ts:296-346).
    def _device(self, root: dict[str, Any]) -> Appliance | web.Response:
        appliance = self.cloud.devices.get(str(root.get("deviceId")))
        if appliance is None or appliance.platform is not Platform.THINQ1:
            return v1_error(evidence.DEVICE_NOT_FOUND, "Device not found")
        if not appliance.online:
            return v1_error(evidence.NOT_CONNECTED, "Device not connected")
        appliance.advance(self.cloud.now())
        return appliance

    async def _call(
        self, request: web.Request, route: str
    ) -> tuple[dict[str, Any], Appliance] | web.Response:
        root = await v1_root(request) or {}
        work = root.get("workList")
        device_id = root.get("deviceId")
        if isinstance(work, list) and work and isinstance(work[0], dict):
            device_id = work[0].get("deviceId")
        elif isinstance(work, dict):
            device_id = work.get("deviceId")
        refused = self._v1_refusal(request, route, str(device_id))
        if refused is not None:
            return refused
        appliance = self._device({"deviceId": device_id})
        if isinstance(appliance, web.Response):
            return appliance
        return root, appliance

    async def monitor(self, request: web.Request) -> web.Response:
        """``rti/rtiMon`` Start/Stop: answers the ``workId``."""
        called = await self._call(request, "rti/rtiMon")
        if isinstance(called, web.Response):
            return called
        root, appliance = called
        work_id = str(root.get("workId") or uuid.uuid4())
        if root.get("cmd") != "Mon" or root.get("cmdOpt") not in {"Start", "Stop"}:
            return v1_error(evidence.INVALID_REQUEST, "Invalid monitoring command")
        if root["cmdOpt"] == "Start":
            self.cloud.monitors[work_id] = Monitor(appliance.device_id)
        else:
            self.cloud.monitors.pop(work_id, None)
        return v1_answer(workId=work_id)

    async def result(self, request: web.Request) -> web.Response:
        """``rti/rtiResult``: nothing while warming up, then base64 ``returnData``.

        ``workList`` is an object for one device (the real air-purifier capture, nVuln#74),
        a list when ``work_list_as_list``.
        """
        called = await self._call(request, "rti/rtiResult")
        if isinstance(called, web.Response):
            return called
        root, appliance = called
        work = root.get("workList")
        work = work[0] if isinstance(work, list) else work
        work_id = work.get("workId") if isinstance(work, dict) else None
        entry: dict[str, Any] = {
            "deviceId": appliance.device_id,
            "workId": work_id,
            "deviceState": "E",
        }
        monitor = self.cloud.monitors.get(str(work_id))
        if (
            monitor is None
            or monitor.device_id != appliance.device_id
            or monitor.broken
        ):
            entry["returnCode"] = evidence.REQUEST_FAILED
        else:
            monitor.polls += 1
            if monitor.polls > self.cloud.warmup_polls:
                payload = appliance.monitor_payload()
                if appliance.device_id in self.cloud.faults.garbled_monitors:
                    payload = b"\x00{garbled"
                entry |= {
                    "returnCode": evidence.OK,
                    "format": "B64",
                    "returnData": base64.b64encode(payload).decode(),
                }
        if self.cloud.work_list_as_list:
            return v1_answer(workList=[entry])
        return v1_answer(workList=entry)

    async def control(self, request: web.Request) -> web.Response:
        """``rti/rtiControl``: ``Control Set`` values, or ``Config Get`` a configuration."""
        called = await self._call(request, "rti/rtiControl")
        if isinstance(called, web.Response):
            return called
        root, appliance = called
        command = (root.get("cmd"), root.get("cmdOpt"))
        value = root.get("value")
        if command == ("Control", "Set") and isinstance(value, dict):
            if (problem := appliance.apply(value)) is not None:
                return v1_error(evidence.INVALID_REQUEST, problem)
            self.cloud.controls.append((appliance.device_id, dict(value)))
            return v1_answer(workId=root.get("workId"))
        if command == ("Config", "Get") and isinstance(value, str):
            config = appliance.config(value)
            if config is None:
                # A model without the config: 9000, after which live clients stop asking
                # (ollo69 devices/ac.py:816-839).
                return v1_error(evidence.INVALID_REQUEST, f"{value} is not supported")
            data = base64.b64encode(json.dumps(config).encode()).decode()
            return v1_answer(workId=root.get("workId"), returnData=data)
        return v1_error(evidence.INVALID_REQUEST, "Invalid control command")

    async def release(self, request: web.Request) -> web.Response:
        """``rti/delControlPermission`` after a control (ollo69 core_async.py:1437-1439)."""
        called = await self._call(request, "rti/delControlPermission")
        if isinstance(called, web.Response):
            return called
        _, appliance = called
        appliance.control_locked = False
        self.cloud.permission_releases.append(appliance.device_id)
        return v1_answer()

    # The content host.
    def _content_fault(self, device_id: str) -> ModelFault | None:
        faults = self.cloud.faults
        left = faults.model_failures_left.get(device_id, 0)
        if left > 0:
            faults.model_failures_left[device_id] = left - 1
            fault = faults.models.get(device_id, ModelFault.NOT_FOUND)
            if left == 1:
                faults.models.pop(device_id, None)
            return fault
        return faults.models.get(device_id)

    async def model_json(self, request: web.Request) -> web.Response:
        """A ThinQ1 model document, fetched without credentials (ollo69 :1752-1783)."""
        device_id = request.query.get("contentsId", "")
        self.cloud.model_fetches[device_id] += 1
        if self.cloud.faults.content_host_down:
            return web.Response(status=503, text="Service Unavailable")
        appliance = self.cloud.devices.get(device_id)
        if appliance is None:
            raise web.HTTPNotFound
        fault = self._content_fault(device_id)
        document = json.loads(json.dumps(appliance.model))
        if fault is ModelFault.NOT_FOUND:
            raise web.HTTPNotFound
        if fault is ModelFault.NOT_JSON:
            return web.Response(
                text="<html>Maintenance</html>", content_type="text/html"
            )
        if fault is ModelFault.VALUE_NOT_OBJECT:
            document["Value"] = list(document["Value"])
        elif fault is ModelFault.MISSING_VALUE:
            del document["Value"]
        elif fault is ModelFault.WRONG_TYPES:
            document["Value"]["OpMode"]["option"] = ["COOL", "HEAT"]
            document["Value"]["TempCfg"]["option"] = {"min": "cold", "max": None}
        elif fault is ModelFault.TABLE_NOT_NUMBERS:
            table = document["Value"]["TempFahToCel"]["option"]
            document["Value"]["TempFahToCel"]["option"] = dict.fromkeys(table, "twenty")
        return web.json_response(document)

    async def thinq2_model(self, request: web.Request) -> web.Response:
        """A ThinQ2 Full ModelJson on the object content host."""
        if self.cloud.faults.content_host_down:
            return web.Response(status=503, text="Service Unavailable")
        for appliance in self.cloud.devices.values():
            key = str(uuid.uuid5(uuid.NAMESPACE_URL, appliance.device_id))
            if (
                appliance.platform is Platform.THINQ2
                and key == request.match_info["id"]
            ):
                self.cloud.model_fetches[appliance.device_id] += 1
                return web.json_response(appliance.model)
        raise web.HTTPNotFound
