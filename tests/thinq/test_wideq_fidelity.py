"""The published reference client wideq 1.5.0 against the simulated cloud.

wideq is synchronous (requests); it runs in an executor thread while the simulator
serves on this test's event loop. If wideq cannot talk to the simulator, the simulator
is wrong.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import wideq
from wideq import core

from simulators.thinq_cloud import (
    AIR_CONDITIONER_ID,
    HEAT_PUMP_ID,
    OFFLINE_ID,
    ThinQCloud,
)


def _drive_wideq(gateway_url: str, refresh_token: str) -> dict[str, Any]:
    original = core.GATEWAY_URL
    core.GATEWAY_URL = gateway_url
    try:
        client = wideq.Client.from_token(
            refresh_token
        )  # gateway, refresh, member/login
        found = sorted(device.id for device in client.devices)
        heat_pump = wideq.ACDevice(client, client.get_device(HEAT_PUMP_ID))
        heat_pump.monitor_start()
        polls = [heat_pump.poll() for _ in range(3)]
        heat_pump.set_fahrenheit(75)
        heat_pump.set_on(True)
        after = heat_pump.poll()
        heat_pump.monitor_stop()

        ac_device = client.get_device(AIR_CONDITIONER_ID)
        model = client.model_info(ac_device)
        monitor = wideq.Monitor(client.session, AIR_CONDITIONER_ID)
        monitor.start()
        raw = None
        while raw is None:
            raw = monitor.poll()
        monitor.stop()
        client.refresh()
        return {
            "devices": found,
            "warmup": polls[0],
            "before_c": polls[1].temp_cfg_c,
            "before_f": polls[1].temp_cfg_f,
            "after_c": after.temp_cfg_c,
            "after_f": after.temp_cfg_f,
            "on": after.is_on,
            "mode": after.mode,
            "filter": heat_pump.get_filter_state(),
            "binary": model.decode_monitor(raw),
            "dump": client.dump(),
        }
    finally:
        core.GATEWAY_URL = original


async def test_wideq_talks_to_the_simulator(
    cloud: ThinQCloud, gateway_url: str
) -> None:
    refresh_token = cloud.issue_refresh_token()
    with ThreadPoolExecutor(max_workers=1) as executor:
        result = await asyncio.get_running_loop().run_in_executor(
            executor, _drive_wideq, gateway_url, refresh_token
        )
    assert result["devices"] == sorted([HEAT_PUMP_ID, AIR_CONDITIONER_ID, OFFLINE_ID])
    assert result["warmup"] is None
    assert (result["before_c"], result["before_f"]) == (22, "72")
    assert (result["after_c"], result["after_f"]) == (23.5, "75")
    assert result["on"] is True
    assert result["mode"] is wideq.ACMode.COOL
    assert result["filter"] == {"UseTime": "412", "ChangePeriod": "2000"}
    assert cloud.device_state(HEAT_PUMP_ID)["TempCfg"] == "23.5"
    assert cloud.device_state(HEAT_PUMP_ID)["Operation"] == "3"
    state = cloud.device_state(AIR_CONDITIONER_ID)
    assert result["binary"] == {key: state[key] for key in result["binary"]}
    assert len(result["dump"]["model_info"]) == 2
    assert cloud.requests["token"] == 2
    assert cloud.requests["member/login"] == 2
    assert cloud.requests["rti/rtiMon"] == 4
    assert cloud.monitor_count == 0
    assert core.GATEWAY_URL == "https://kic.lgthinq.com:46030/api/common/gatewayUriList"
