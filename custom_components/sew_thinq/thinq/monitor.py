"""The ``rti/rtiMon``, ``rti/rtiResult`` and ``rti/rtiControl`` messages."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any
import uuid

from .const import RESULT_OK
from .errors import ThinQResponseError
from .transport import normalize_code


@dataclass(frozen=True, slots=True)
class MonitorResult:
    """One answer of ``rti/rtiResult`` for one device."""

    ready: bool
    code: str | None = None
    data: bytes | None = None

    @property
    def failed(self) -> bool:
        """Return whether the monitor must be restarted."""
        return self.ready and self.code != RESULT_OK


def monitor_command(device_id: str, work_id: str, *, start: bool) -> dict[str, str]:
    """Return the ``rti/rtiMon`` body that starts or stops a monitor."""
    return {
        "cmd": "Mon",
        "cmdOpt": "Start" if start else "Stop",
        "deviceId": device_id,
        "workId": work_id,
    }


def control_command(
    cmd: str, option: str, value: object, device_id: str
) -> dict[str, Any]:
    """Return an ``rti/rtiControl`` body (core_async:1346-1379, 1412-1431)."""
    return {
        "cmd": cmd,
        "cmdOpt": option,
        "value": value,
        "deviceId": device_id,
        "workId": str(uuid.uuid4()),
        "data": "",
    }


def _entry(work_list: object, device_id: str, work_id: str) -> dict[str, Any]:
    if isinstance(work_list, dict):
        return work_list
    if isinstance(work_list, list):
        entries = [item for item in work_list if isinstance(item, dict)]
        for item in entries:
            if item.get("workId") == work_id or item.get("deviceId") == device_id:
                return item
        if len(entries) == 1:
            return entries[0]
    raise ThinQResponseError("Monitoring answer has no result for the device")


def parse_result(root: dict[str, Any], device_id: str, work_id: str) -> MonitorResult:
    """Interpret an ``rti/rtiResult`` answer (``workList`` as an object or a list)."""
    if "workList" not in root:
        raise ThinQResponseError("Monitoring answer has no workList")
    entry = _entry(root["workList"], device_id, work_id)
    if "returnCode" not in entry:
        return MonitorResult(ready=False)
    code = normalize_code(entry["returnCode"])
    if code != RESULT_OK or "returnData" not in entry:
        return MonitorResult(ready=True, code=code)
    encoded = entry["returnData"]
    if not isinstance(encoded, str):
        raise ThinQResponseError("Monitoring data is not base64 text")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as err:
        raise ThinQResponseError("Monitoring data is not valid base64") from err
    return MonitorResult(ready=True, code=code, data=data)
