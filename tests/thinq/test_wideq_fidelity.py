"""The published reference client wideq 1.5.0 against the simulated cloud.

wideq speaks the 2018 sign-in (kic gateway, ``/oauth2/token``, ``member/login``) that the
simulator keeps only for this check; its device protocol (``rti/*``, model documents,
``BINARY(BYTE)`` decoding, the °F tables) is the one live clients still use, so if wideq
cannot drive the simulated appliances, the simulator is wrong. wideq is synchronous
(requests); it runs in an executor thread while the simulator serves on this loop.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import wideq
from wideq import core

from simulators.thinq import (
    AIR_CONDITIONER_ID,
    DRYER_ID,
    GATEWAY_PATH,
    HEAT_PUMP_ID,
    OFFLINE_ID,
    ThinQCloud,
)

KIC_PATH = "/kic.lgthinq.com/api/common/gatewayUriList"


def _drive_wideq(kic_url: str, refresh_token: str) -> dict[str, Any]:
    original = core.GATEWAY_URL
    core.GATEWAY_URL = kic_url
    try:
        client = wideq.Client.from_token(refresh_token)
        found = sorted(device.id for device in client.devices)
        heat_pump = wideq.ACDevice(client, client.get_device(HEAT_PUMP_ID))
        heat_pump.monitor_start()
        polls = [heat_pump.poll() for _ in range(3)]
        heat_pump.set_mode(wideq.ACMode.HEAT)
        heat_pump.set_fahrenheit(75)
        # LG's model names "on" @AC_MAIN_OPERATION_ON_W, a label wideq 1.5.0 predates
        # (its ACOp has RIGHT_ON, LEFT_ON, ALL_ON): switch on through the session.
        client.session.set_device_controls(HEAT_PUMP_ID, {"Operation": "257"})
        after = heat_pump.poll()
        heat_pump.monitor_stop()

        binary = client.get_device(AIR_CONDITIONER_ID)
        model = client.model_info(binary)
        monitor = wideq.Monitor(client.session, AIR_CONDITIONER_ID)
        monitor.start()
        raw = None
        while raw is None:
            raw = monitor.poll()
        monitor.stop()

        dryer_model = client.model_info(client.get_device(DRYER_ID))
        dryer_monitor = wideq.Monitor(client.session, DRYER_ID)
        dryer_monitor.start()
        dryer_raw = None
        while dryer_raw is None:
            dryer_raw = dryer_monitor.poll()
        dryer_monitor.stop()
        client.refresh()
        return {
            "devices": found,
            "warmup": polls[0],
            "before": (polls[1].temp_cfg_c, polls[1].temp_cfg_f, polls[1].mode),
            "after": (after.temp_cfg_c, after.temp_cfg_f, after.mode),
            "operation": after.data["Operation"],
            "filter": heat_pump.get_filter_state(),
            "power": heat_pump.get_power(),
            "binary": model.decode_monitor(raw),
            "dryer": dryer_model.decode_monitor(dryer_raw),
            "dump": client.dump(),
        }
    finally:
        core.GATEWAY_URL = original


async def test_wideq_drives_the_simulated_appliances(
    cloud: ThinQCloud, gateway_url: str
) -> None:
    """The reference client signs in the old way, lists, monitors, decodes, controls."""
    refresh_token = cloud.issue_refresh_token()
    kic_url = gateway_url.removesuffix(GATEWAY_PATH) + KIC_PATH
    with ThreadPoolExecutor(max_workers=1) as executor:
        result = await asyncio.get_running_loop().run_in_executor(
            executor, _drive_wideq, kic_url, refresh_token
        )
    # wideq lists the ThinQ1 appliances of the old device list, not the ThinQ2 one.
    assert result["devices"] == sorted(
        [HEAT_PUMP_ID, AIR_CONDITIONER_ID, OFFLINE_ID, DRYER_ID]
    )
    assert result["warmup"] is None
    # The real monitor answer: energy saving at 23.5 °C, 75 °F in LG's own table.
    assert result["before"] == (23.5, 75, wideq.ACMode.ENERGY_SAVING)
    assert result["after"] == (23.5, 75, wideq.ACMode.HEAT)
    assert result["operation"] == "257"
    assert result["filter"] == {"UseTime": "412", "ChangePeriod": "2000"}
    assert int(result["power"]) > 0
    state = cloud.device_state(HEAT_PUMP_ID)
    assert (state["OpMode"], state["TempCfg"], state["Operation"]) == (
        "4",
        "23.5",
        "257",
    )
    binary = cloud.device_state(AIR_CONDITIONER_ID)
    assert result["binary"] == {key: binary[key] for key in result["binary"]}
    assert result["dryer"] == cloud.device_state(DRYER_ID)
    assert len(result["dump"]["model_info"]) == 3
    assert cloud.requests["legacy_token"] == 2
    assert cloud.requests["member/login"] == 2
    assert cloud.monitor_count == 0
    assert core.GATEWAY_URL == "https://kic.lgthinq.com:46030/api/common/gatewayUriList"
