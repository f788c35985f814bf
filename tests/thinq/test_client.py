"""The client against the simulated cloud over real HTTP."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from custom_components.sew_thinq.thinq import (
    AirConditioner,
    DeviceInfo,
    ThinQAuthError,
    ThinQClient,
    ThinQConnectionError,
    ThinQDeviceOfflineError,
    ThinQResponseError,
    ThinQTermsError,
)
from simulators.thinq_cloud import (
    AIR_CONDITIONER_ID,
    AIR_CONDITIONER_MODEL,
    HEAT_PUMP_ID,
    HEAT_PUMP_MODEL,
    OFFLINE_ID,
    ThinQCloud,
)

from .conftest import ClientFactory, FakeClock, OddServer


async def _first_snapshot(client: ThinQClient, device: DeviceInfo) -> dict[str, object]:
    for _ in range(5):
        if (snapshot := await client.poll(device)) is not None:
            return snapshot
    raise AssertionError("the monitor never answered")


async def test_devices(client: ThinQClient, devices: dict[str, DeviceInfo]) -> None:
    assert client.gateway is not None
    assert client.gateway.country == "US"
    heat_pump = devices[HEAT_PUMP_ID]
    assert heat_pump.model_name == HEAT_PUMP_MODEL
    assert heat_pump.device_type == 401
    assert heat_pump.online is True
    assert heat_pump.firmware == "1.2.3"
    assert heat_pump.mac_address
    assert heat_pump.raw["alias"] == heat_pump.alias
    assert devices[OFFLINE_ID].online is False
    assert devices[AIR_CONDITIONER_ID].model_name == AIR_CONDITIONER_MODEL


async def test_monitor_warms_up_then_answers_json(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    heat_pump = devices[HEAT_PUMP_ID]
    assert await client.poll(heat_pump) is None
    snapshot = await client.poll(heat_pump)
    assert snapshot == cloud.device_state(HEAT_PUMP_ID)
    assert cloud.requests["rti/rtiMon"] == 1


async def test_binary_monitor(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    snapshot = await _first_snapshot(client, devices[AIR_CONDITIONER_ID])
    state = cloud.device_state(AIR_CONDITIONER_ID)
    assert snapshot == {key: state[key] for key in snapshot}
    assert set(snapshot) == {
        "Operation",
        "OpMode",
        "WindStrength",
        "TempCfg",
        "TempCur",
    } | {
        "WDirVStep",
        "SleepTime",
    }


@pytest.mark.parametrize(
    "cloud_options", [{"work_list_as_list": True, "warmup_polls": 3}]
)
async def test_work_list_as_list_and_longer_warmup(
    client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    results = [await client.poll(devices[HEAT_PUMP_ID]) for _ in range(4)]
    assert results[:3] == [None, None, None]
    assert results[3] is not None


async def test_monitor_restarts_after_a_failure_code(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    heat_pump = devices[HEAT_PUMP_ID]
    await _first_snapshot(client, heat_pump)
    cloud.break_monitors()
    assert await client.poll(heat_pump) is None
    assert cloud.requests["rti/rtiMon"] == 3  # start, stop, start
    assert await _first_snapshot(client, heat_pump) is not None
    assert cloud.monitor_count == 1


async def test_close_stops_monitors(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    await client.poll(devices[HEAT_PUMP_ID])
    await client.poll(devices[AIR_CONDITIONER_ID])
    assert cloud.monitor_count == 2
    await client.close()
    assert cloud.monitor_count == 0


async def test_close_tolerates_failures(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    await client.poll(devices[HEAT_PUMP_ID])
    await client.poll(devices[AIR_CONDITIONER_ID])
    cloud.terms_pending = True
    await client.close()
    cloud.terms_pending = False
    assert cloud.monitor_count == 2
    await client.poll(devices[HEAT_PUMP_ID])
    cloud.http_status_fault = 500
    await client.close()
    assert cloud.monitor_count == 3


async def test_offline_device(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    with pytest.raises(ThinQDeviceOfflineError, match="0106"):
        await client.poll(devices[OFFLINE_ID])
    with pytest.raises(ThinQDeviceOfflineError):
        await client.set_values(devices[OFFLINE_ID], {"Operation": "3"})
    cloud.devices[OFFLINE_ID].online = True
    assert await _first_snapshot(client, devices[OFFLINE_ID]) is not None


async def test_device_going_offline_drops_its_monitor(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    heat_pump = devices[HEAT_PUMP_ID]
    await _first_snapshot(client, heat_pump)
    cloud.devices[HEAT_PUMP_ID].online = False
    with pytest.raises(ThinQDeviceOfflineError):
        await client.poll(heat_pump)
    cloud.devices[HEAT_PUMP_ID].online = True
    assert await client.poll(heat_pump) is None
    assert cloud.requests["rti/rtiMon"] == 2


async def test_controls_change_the_device(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    heat_pump = devices[HEAT_PUMP_ID]
    ac = AirConditioner(await client.get_model_info(heat_pump))
    await client.set_values(heat_pump, ac.power_values(True))
    await client.set_values(heat_pump, ac.mode_values("@AC_MAIN_OPERATION_MODE_HEAT_W"))
    await client.set_values(heat_pump, ac.fan_values("@AC_MAIN_WIND_STRENGTH_HIGH_W"))
    await client.set_values(heat_pump, ac.vertical_swing_values("@100"))
    await client.set_values(heat_pump, ac.horizontal_swing_values("@35"))
    await client.set_values(heat_pump, ac.target_celsius_values(23.5))
    state = ac.state(await _first_snapshot(client, heat_pump))
    assert state.power is True
    assert state.mode == "@AC_MAIN_OPERATION_MODE_HEAT_W"
    assert state.fan_speed == "@AC_MAIN_WIND_STRENGTH_HIGH_W"
    assert (state.vertical_swing, state.horizontal_swing) == ("@100", "@35")
    assert state.target_c == 23.5
    assert cloud.device_state(HEAT_PUMP_ID)["TempCfg"] == "23.5"
    await client.set_values(heat_pump, ac.power_values(False))
    assert cloud.device_state(HEAT_PUMP_ID)["Operation"] == "0"


async def test_heat_pump_drifts_and_draws_power(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    heat_pump = devices[HEAT_PUMP_ID]
    ac = AirConditioner(await client.get_model_info(heat_pump))
    await client.set_values(
        heat_pump, ac.power_values(True) | ac.target_celsius_values(20)
    )
    before = ac.state(await _first_snapshot(client, heat_pump))
    assert before.instant_power is not None
    assert before.instant_power > 0
    cloud.advance(300)
    after = ac.state(await client.poll(heat_pump) or {})
    assert after.current_c is not None
    assert before.current_c is not None
    assert after.current_c < before.current_c
    cloud.advance(3600)
    assert ac.state(await client.poll(heat_pump) or {}).current_c == 20
    await client.set_values(heat_pump, ac.power_values(False))
    assert ac.state(await client.poll(heat_pump) or {}).instant_power == 0


async def test_invalid_control_is_a_response_error(
    client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    with pytest.raises(ThinQResponseError) as err:
        await client.set_values(devices[HEAT_PUMP_ID], {"TempCfg": "99"})
    assert err.value.code == "9000"  # LG sends this code as an integer


async def test_get_config(client: ThinQClient, devices: dict[str, DeviceInfo]) -> None:
    assert await client.get_config(devices[HEAT_PUMP_ID], "Filter") == {
        "UseTime": "412",
        "ChangePeriod": "2000",
    }
    assert "InOutInstantPower" in await client.get_config(
        devices[HEAT_PUMP_ID], "InOutInstantPower"
    )
    with pytest.raises(ThinQResponseError) as err:
        await client.get_config(devices[AIR_CONDITIONER_ID], "InOutInstantPower")
    assert err.value.code == "0100"


async def test_model_info_cache(
    cloud: ThinQCloud,
    make_client: ClientFactory,
    devices: dict[str, DeviceInfo],
    client: ThinQClient,
) -> None:
    for device in devices.values():
        await client.get_model_info(device)
    assert cloud.requests["model_info"] == 2
    cache = json.loads(json.dumps(client.model_info_cache))
    assert len(cache) == 2
    broken_url = devices[AIR_CONDITIONER_ID].model_info_url
    cache[broken_url] = {"not": "a model"}
    second = await make_client(model_info_cache=cache)
    heat_pump = await second.get_model_info(devices[HEAT_PUMP_ID])
    assert heat_pump.model_name == HEAT_PUMP_MODEL
    assert cloud.requests["model_info"] == 2
    assert (await second.get_model_info(devices[AIR_CONDITIONER_ID])).is_binary
    assert cloud.requests["model_info"] == 3


async def test_access_token_refreshed_before_it_expires(
    cloud: ThinQCloud, clock: FakeClock, client: ThinQClient
) -> None:
    assert (client.refresh_count, client.login_count) == (1, 1)
    clock.advance(3000)
    cloud.advance(3000)
    await client.get_devices()
    assert client.refresh_count == 1
    clock.advance(560)
    cloud.advance(560)
    await client.get_devices()
    assert (client.refresh_count, client.login_count) == (2, 2)
    assert cloud.requests["device/deviceList"] == 2


@pytest.mark.parametrize("cloud_options", [{"access_token_lifetime": 30}])
async def test_short_lifetime_refreshes_once_for_concurrent_calls(
    cloud: ThinQCloud, clock: FakeClock, client: ThinQClient
) -> None:
    clock.advance(20)
    cloud.advance(20)
    await asyncio.gather(*(client.get_devices() for _ in range(10)))
    assert client.refresh_count == 2
    assert cloud.requests["token"] == 2


async def test_session_expiry_and_recovery(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    await _first_snapshot(client, devices[HEAT_PUMP_ID])
    cloud.expire_sessions()
    results = await asyncio.gather(*(client.get_devices() for _ in range(5)))
    assert all(len(result) == 3 for result in results)
    assert (client.refresh_count, client.login_count) == (2, 2)
    assert await client.poll(devices[HEAT_PUMP_ID]) is not None


async def test_expired_access_token_recovers(
    cloud: ThinQCloud, client: ThinQClient
) -> None:
    cloud.advance(4000)  # the cloud's clock moved but the client does not know
    assert len(await client.get_devices()) == 3
    assert client.refresh_count == 2


async def test_session_rejected_twice(
    odd_server: OddServer,
    http: aiohttp.ClientSession,
    cloud: ThinQCloud,
    gateway_url: str,
) -> None:
    origin = gateway_url.removesuffix("/api/common/gatewayUriList")
    odd_server.answer(
        "/gw",
        {
            "lgedmRoot": {
                "returnCd": "0000",
                "empUri": f"{origin}/emp/",
                "thinqUri": odd_server.url("/api"),
                "oauthUri": origin,
            }
        },
    )
    odd_server.answer(
        "/api/member/login", {"lgedmRoot": {"returnCd": "0000", "jsessionId": "s"}}
    )
    odd_server.answer("/api/device/deviceList", {"lgedmRoot": {"returnCd": 102}})
    client = ThinQClient(
        http,
        refresh_token=cloud.issue_refresh_token(),
        gateway_url=odd_server.url("/gw"),
    )
    with pytest.raises(ThinQResponseError) as err:
        await client.get_devices()
    assert err.value.code == "0102"
    assert client.login_count == 2

    odd_server.answer("/api/member/login", {"lgedmRoot": {"returnCd": "9003"}})
    with pytest.raises(ThinQResponseError, match="fresh access token"):
        await client.get_devices()
    odd_server.answer("/api/member/login", {"lgedmRoot": {"returnCd": "0000"}})
    with pytest.raises(ThinQResponseError, match="jsessionId"):
        await client.get_devices()


async def test_odd_answers(
    odd_server: OddServer,
    http: aiohttp.ClientSession,
    cloud: ThinQCloud,
    gateway_url: str,
) -> None:
    origin = gateway_url.removesuffix("/api/common/gatewayUriList")
    gateway = {"returnCd": "0000", "empUri": "e", "thinqUri": odd_server.url("/api")}
    odd_server.answer("/gw", {"lgedmRoot": gateway | {"oauthUri": origin}})
    odd_server.answer(
        "/api/member/login", {"lgedmRoot": {"returnCd": "0000", "jsessionId": "s"}}
    )
    client = ThinQClient(
        http,
        refresh_token=cloud.issue_refresh_token(),
        gateway_url=odd_server.url("/gw"),
    )
    odd_server.answer(
        "/api/device/deviceList",
        {
            "lgedmRoot": {
                "item": {
                    "deviceId": "d",
                    "modelJsonUrl": odd_server.url("/m.json"),
                    "deviceType": "x",
                }
            }
        },
    )
    [device] = await client.get_devices()
    assert (device.alias, device.device_type, device.online) == ("d", 0, None)
    odd_server.answer(
        "/api/device/deviceList",
        {
            "lgedmRoot": {
                "item": [
                    1,
                    {"deviceId": ""},
                    {"deviceId": "e"},
                    {"deviceId": "f", "modelJsonUrl": "u"},
                ]
            }
        },
    )
    assert [d.device_id for d in await client.get_devices()] == ["f"]
    odd_server.answer("/api/device/deviceList", {"lgedmRoot": {"item": None}})
    assert await client.get_devices() == []
    odd_server.answer("/api/device/deviceList", {"lgedmRoot": {}})
    assert await client.get_devices() == []

    odd_server.answer("/m.json", {"Value": {}, "Monitoring": {"type": "JSON"}})
    odd_server.answer("/api/rti/rtiMon", {"lgedmRoot": {"returnCd": "0000"}})
    odd_server.answer(
        "/api/rti/rtiResult",
        {"lgedmRoot": {"returnCd": "0000", "workList": {"returnCode": "0000"}}},
    )
    assert await client.poll(device) is None
    odd_server.answer("/api/rti/rtiResult", {"lgedmRoot": {"returnCd": "0000"}})
    with pytest.raises(ThinQResponseError, match="workList"):
        await client.poll(device)
    odd_server.answer(
        "/api/rti/rtiResult",
        {"lgedmRoot": {"workList": {"returnCode": "0000", "returnData": "!!"}}},
    )
    with pytest.raises(ThinQResponseError, match="base64"):
        await client.poll(device)
    odd_server.answer(
        "/api/rti/rtiResult",
        {"lgedmRoot": {"workList": {"returnCode": "0000", "returnData": 5}}},
    )
    with pytest.raises(ThinQResponseError, match="base64"):
        await client.poll(device)
    odd_server.answer("/api/rti/rtiResult", {"lgedmRoot": {"workList": [1, 2]}})
    with pytest.raises(ThinQResponseError, match="no result"):
        await client.poll(device)
    odd_server.answer("/api/rti/rtiControl", {"lgedmRoot": {"returnCd": "0000"}})
    with pytest.raises(ThinQResponseError, match="returnData"):
        await client.get_config(device, "Filter")
    odd_server.answer(
        "/api/rti/rtiControl", {"lgedmRoot": {"returnData": "bm90IGpzb24="}}
    )
    with pytest.raises(ThinQResponseError, match="base64 JSON"):
        await client.get_config(device, "Filter")
    odd_server.answer(
        "/api/rti/rtiControl", {"lgedmRoot": {"returnCd": "0101", "returnMsg": "gone"}}
    )
    with pytest.raises(ThinQResponseError, match="gone") as err:
        await client.set_values(device, {"A": "1"})
    assert err.value.code == "0101"
    odd_server.answer("/api/rti/rtiControl", {"lgedmRoot": {"returnCd": True}})
    with pytest.raises(ThinQResponseError, match="result code"):
        await client.set_values(device, {"A": "1"})
    odd_server.answer("/api/rti/rtiControl", {"lgedmRoot": {"returnCd": 1.5}})
    with pytest.raises(ThinQResponseError, match="result code"):
        await client.set_values(device, {"A": "1"})
    odd_server.answer("/api/rti/rtiControl", {"other": 1})
    with pytest.raises(ThinQResponseError, match="lgedmRoot"):
        await client.set_values(device, {"A": "1"})
    odd_server.answer("/api/rti/rtiControl", "not json", status=404)
    with pytest.raises(ThinQConnectionError, match="404"):
        await client.set_values(device, {"A": "1"})


async def test_terms_error(cloud: ThinQCloud, make_client: ClientFactory) -> None:
    client = await make_client()
    cloud.terms_pending = True
    with pytest.raises(ThinQTermsError, match="terms"):
        await client.get_devices()
    with pytest.raises(ThinQTermsError):
        await make_client()


@pytest.mark.parametrize("status", [500, 503])
async def test_http_errors(cloud: ThinQCloud, client: ThinQClient, status: int) -> None:
    cloud.http_status_fault = status
    with pytest.raises(ThinQConnectionError, match=str(status)):
        await client.get_devices()
    cloud.http_status_fault = None
    assert len(await client.get_devices()) == 3


async def test_malformed_json(cloud: ThinQCloud, client: ThinQClient) -> None:
    cloud.malformed_json = True
    with pytest.raises(ThinQResponseError, match="not JSON"):
        await client.get_devices()


async def test_slow_answers_time_out(
    cloud: ThinQCloud, make_client: ClientFactory
) -> None:
    client = await make_client(request_timeout=0.2)
    cloud.slow_seconds = 0.5
    with pytest.raises(ThinQConnectionError, match="in time"):
        await client.get_devices()
    cloud.slow_seconds = 0


async def test_faults_while_connecting(
    cloud: ThinQCloud, make_client: ClientFactory
) -> None:
    cloud.http_status_fault = 500
    with pytest.raises(ThinQConnectionError):
        await make_client()
    cloud.http_status_fault = None
    cloud.malformed_json = True
    with pytest.raises(ThinQResponseError):
        await make_client()


@pytest.mark.parametrize("cloud_options", [{"extra_devices": 17}])
async def test_poll_twenty_devices_concurrently(
    cloud: ThinQCloud, client: ThinQClient
) -> None:
    devices = await client.get_devices()
    assert len(devices) == 20
    assert all(
        value is None or isinstance(value, ThinQDeviceOfflineError)
        for value in (await client.poll_all(devices)).values()
    )
    results = await client.poll_all(devices)
    assert isinstance(results[OFFLINE_ID], ThinQDeviceOfflineError)
    snapshots = [value for key, value in results.items() if key != OFFLINE_ID]
    assert all(isinstance(value, dict) and "TempCfg" in value for value in snapshots)
    assert cloud.requests["model_info"] == 2
    assert (
        cloud.requests["rti/rtiMon"] == 19 + 2
    )  # the offline device is asked each time
    assert client.request_count >= cloud.requests["rti/rtiResult"] == 38


async def test_poll_all_raises_account_errors(
    cloud: ThinQCloud, client: ThinQClient, devices: dict[str, DeviceInfo]
) -> None:
    await client.get_model_info(devices[HEAT_PUMP_ID])
    await client.get_model_info(devices[AIR_CONDITIONER_ID])
    cloud.terms_pending = True
    with pytest.raises(ThinQTermsError):
        await client.poll_all(list(devices.values()))
    cloud.terms_pending = False
    cloud.revoke_refresh_tokens()
    cloud.expire_sessions()
    with pytest.raises(ThinQAuthError):
        await client.poll_all(list(devices.values()))
