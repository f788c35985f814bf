"""The client's device protocol against the simulated cloud over real HTTP."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from custom_components.sew_thinq.thinq import (
    Appliance,
    ApplianceInfo,
    FanSpeed,
    OperationMode,
    Platform,
    ThinQAuthError,
    ThinQClient,
    ThinQConnectionError,
    ThinQDeviceNotFoundError,
    ThinQDeviceOfflineError,
    ThinQError,
    ThinQModelError,
    ThinQResponseError,
    ThinQTermsError,
    ThinQUnsupportedError,
    VerticalVane,
)
from simulators.thinq import (
    AIR_CONDITIONER_ID,
    DRYER_ID,
    HEAT_PUMP_ID,
    OFFLINE_ID,
    THINQ2_AC_ID,
    ModelFault,
    ThinQCloud,
)

from .conftest import ClientFactory, FakeClock, OddServer


async def _state(client: ThinQClient, appliance: Appliance) -> object:
    for _ in range(5):
        if (state := await client.poll(appliance)) is not None:
            return state
    raise AssertionError("the monitor never answered")


async def test_dashboard(client: ThinQClient, cloud: ThinQCloud) -> None:
    """Both platforms are listed; ThinQ2 entries carry a snapshot, ThinQ1 none."""
    listed = {a.device_id: a for a in await client.get_appliances()}
    assert listed.keys() == cloud.devices.keys()
    assert listed[HEAT_PUMP_ID].platform is Platform.THINQ1
    assert listed[THINQ2_AC_ID].platform is Platform.THINQ2
    assert listed[DRYER_ID].device_type == 202
    assert listed[OFFLINE_ID].online is False
    assert listed[HEAT_PUMP_ID].model_key is not None
    assert "snapshot" in listed[THINQ2_AC_ID].raw
    # No member/login: ThinQ1 calls carry the token and user number (ollo69).
    assert cloud.requests["member/login"] == 0


async def test_monitor_warms_up_then_answers(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    """The first poll starts the monitor; then the real monitor shape is decoded."""
    heat_pump = appliances[HEAT_PUMP_ID]
    assert await client.poll(heat_pump) is None
    state = await _state(client, heat_pump)
    assert state == heat_pump.ac.state(cloud.device_state(HEAT_PUMP_ID))
    assert heat_pump.ac.state(cloud.device_state(HEAT_PUMP_ID)).mode is (
        OperationMode.ENERGY_SAVING
    )


@pytest.mark.parametrize(
    "cloud_options", [{"work_list_as_list": True, "warmup_polls": 2}]
)
async def test_binary_monitor_and_lists(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    """A BINARY(BYTE) monitor decodes by the model's protocol; workList may be a list."""
    binary = appliances[AIR_CONDITIONER_ID]
    state = await _state(client, binary)
    assert state == binary.ac.state(cloud.device_state(AIR_CONDITIONER_ID))
    assert not binary.ac.controllable


async def test_monitor_restarts_after_a_failure_code(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    heat_pump = appliances[HEAT_PUMP_ID]
    await _state(client, heat_pump)
    cloud.break_monitors()
    assert await client.poll(heat_pump) is None
    assert await _state(client, heat_pump) is not None
    assert cloud.requests["rti/rtiMon"] == 3


async def test_close_stops_monitors(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    await client.poll_all(list(appliances.values()))
    assert cloud.monitor_count == 2
    await client.close()
    assert cloud.monitor_count == 0


async def test_offline_and_removed_appliances(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    """0106 is offline; 0101 is an appliance LG no longer knows; the monitor is dropped."""
    with pytest.raises(ThinQDeviceOfflineError):
        await client.poll(appliances[OFFLINE_ID])
    heat_pump = appliances[HEAT_PUMP_ID]
    await _state(client, heat_pump)
    cloud.remove_device(HEAT_PUMP_ID)
    with pytest.raises(ThinQDeviceNotFoundError):
        await client.poll(heat_pump)
    assert HEAT_PUMP_ID not in client._monitors


async def test_control_and_release(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    """A control changes the unit; the permission is released two polls later."""
    heat_pump = appliances[HEAT_PUMP_ID]
    ac = heat_pump.ac
    command = (
        ac.power(True)
        | ac.set_mode(OperationMode.HEAT)
        | ac.set_target_fahrenheit(61, OperationMode.HEAT)
        | ac.set_fan(FanSpeed.NATURE)
        | ac.set_vertical_vane(VerticalVane.SWING)
    )
    await client.control(heat_pump, command)
    state = cloud.device_state(HEAT_PUMP_ID)
    assert (state["Operation"], state["OpMode"], state["TempCfg"]) == (
        "257",
        "4",
        "16.5",
    )
    assert (state["WindStrength"], state["WDirVStep"]) == ("8", "100")
    assert cloud.locked_devices() == [HEAT_PUMP_ID]
    await client.poll(heat_pump)
    assert cloud.locked_devices() == [HEAT_PUMP_ID]
    await client.poll(heat_pump)
    assert cloud.locked_devices() == []
    assert cloud.permission_releases == [HEAT_PUMP_ID]


async def test_refused_control(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    """The unit refuses what its model does not take (9000, an integer)."""
    heat_pump = appliances[HEAT_PUMP_ID]
    cloud.inject(9000, route="rti/rtiControl")
    with pytest.raises(ThinQResponseError, match="9000"):
        await client.control(heat_pump, heat_pump.ac.power(False))


async def test_power_and_filter(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    """Config Get answers power and filter; a model without them answers 9000."""
    heat_pump = appliances[HEAT_PUMP_ID]
    assert await client.read_power(heat_pump) > 0
    filter_state = await client.read_filter(heat_pump)
    assert (filter_state.used_hours, filter_state.change_period_hours) == (412, 2000)
    assert filter_state.remaining_percent == 79
    binary = appliances[AIR_CONDITIONER_ID]
    with pytest.raises(ThinQUnsupportedError):
        await client.read_power(binary)
    with pytest.raises(ThinQUnsupportedError):
        await client.read_filter(binary)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("0100", ThinQResponseError),
        ("0101", ThinQDeviceNotFoundError),
        ("0106", ThinQDeviceOfflineError),
        ("0111", ThinQDeviceOfflineError),
        (9000, ThinQResponseError),
        ("9995", ThinQResponseError),
        ("9999", ThinQResponseError),
    ],
)
async def test_appliance_result_codes(
    cloud: ThinQCloud,
    client: ThinQClient,
    appliances: dict[str, Appliance],
    code: str | int,
    error: type[ThinQError],
) -> None:
    """Codes about one appliance make it fail alone, and it answers again after."""
    appliance_list = list(appliances.values())
    cloud.inject(code, route="rti/rtiResult", device_id=HEAT_PUMP_ID)
    results = await client.poll_all(appliance_list)
    assert isinstance(results[HEAT_PUMP_ID], error)
    assert not isinstance(results[AIR_CONDITIONER_ID], ThinQError)
    await client.poll_all(appliance_list)
    results = await client.poll_all(appliance_list)
    assert results[HEAT_PUMP_ID] is not None


async def test_not_logged_in_refreshes_once(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    """0102: the token is refreshed once for every caller, and the call retried."""
    await _state(client, appliances[HEAT_PUMP_ID])
    cloud.expire_access_tokens()
    results = await asyncio.gather(*(client.get_appliances() for _ in range(5)))
    assert all(len(result) == 5 for result in results)
    assert client.refresh_count == 2
    cloud.inject("0102", route="dashboard", times=2)
    with pytest.raises(ThinQResponseError, match="0102"):
        await client.get_appliances()


@pytest.mark.parametrize("code", ["9006", "9012"])
async def test_official_api_codes_take_a_new_client_id(
    cloud: ThinQCloud, client: ThinQClient, code: str
) -> None:
    """9006/9012: a new client id, then the call goes through (ollo69 :426-433)."""
    first = client._client_id
    cloud.faults.flagged_client_ids.add(first)
    assert len(await client.get_appliances()) == 5
    assert client._client_id != first
    cloud.inject(code, route="dashboard", times=2)
    with pytest.raises(ThinQResponseError, match="official API"):
        await client.get_appliances()


async def test_terms(cloud: ThinQCloud, make_client: ClientFactory) -> None:
    """0110 on device calls is the terms error; member/login is never called."""
    client = await make_client()
    cloud.faults.member_login_code = "0110"
    assert len(await client.get_appliances()) == 5
    cloud.faults.terms_pending = True
    with pytest.raises(ThinQTermsError):
        await client.get_appliances()


async def test_account_errors_are_raised(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    cloud.faults.terms_pending = True
    with pytest.raises(ThinQTermsError):
        await client.poll_all(list(appliances.values()))
    cloud.faults.terms_pending = False
    cloud.revoke_refresh_tokens()
    cloud.expire_access_tokens()
    with pytest.raises(ThinQAuthError):
        await client.poll_all(list(appliances.values()))


async def test_access_token_refreshed_before_it_expires(
    cloud: ThinQCloud, clock: FakeClock, client: ThinQClient
) -> None:
    assert client.refresh_count == 1
    clock.advance(3000)
    cloud.advance(3000)
    await client.get_appliances()
    assert client.refresh_count == 1
    clock.advance(560)
    cloud.advance(560)
    await client.get_appliances()
    assert client.refresh_count == 2


@pytest.mark.parametrize("cloud_options", [{"access_token_lifetime": 30}])
async def test_short_lifetime_refreshes_once_for_concurrent_calls(
    cloud: ThinQCloud, clock: FakeClock, client: ThinQClient
) -> None:
    clock.advance(20)
    cloud.advance(20)
    await asyncio.gather(*(client.get_appliances() for _ in range(10)))
    assert client.refresh_count == 2
    assert cloud.requests["token"] == 2


@pytest.mark.parametrize(
    "fault",
    [
        ModelFault.NOT_FOUND,
        ModelFault.NOT_JSON,
        ModelFault.VALUE_NOT_OBJECT,
        ModelFault.MISSING_VALUE,
        ModelFault.WRONG_TYPES,
        ModelFault.TABLE_NOT_NUMBERS,
    ],
)
async def test_model_faults(
    cloud: ThinQCloud, client: ThinQClient, fault: ModelFault
) -> None:
    """Each bad model document is a model error: fetching or reading it."""
    info = next(a for a in await client.get_appliances() if a.device_id == HEAT_PUMP_ID)
    cloud.faults.models[HEAT_PUMP_ID] = fault
    with pytest.raises(ThinQModelError):
        Appliance.from_document(info, await client.fetch_model(info))
    cloud.faults.models.clear()
    cloud.faults.content_host_down = True
    with pytest.raises(ThinQModelError, match="503"):
        await client.fetch_model(info)


async def test_model_fetch_failures(
    client: ThinQClient, odd_server: OddServer, http: aiohttp.ClientSession
) -> None:
    no_url = ApplianceInfo.from_api({"deviceId": "x"})
    with pytest.raises(ThinQModelError, match="no model"):
        await client.fetch_model(no_url)
    unreachable = ApplianceInfo.from_api(
        {"deviceId": "x", "modelJsonUri": "http://127.0.0.1:9/m"}
    )
    with pytest.raises(ThinQModelError, match="did not answer"):
        await client.fetch_model(unreachable)


@pytest.mark.parametrize("status", [500, 503])
async def test_http_errors(cloud: ThinQCloud, client: ThinQClient, status: int) -> None:
    cloud.faults.http_status = status
    with pytest.raises(ThinQConnectionError, match=str(status)):
        await client.get_appliances()
    cloud.faults.http_status = None
    assert len(await client.get_appliances()) == 5


async def test_malformed_json(cloud: ThinQCloud, client: ThinQClient) -> None:
    cloud.faults.malformed_json = True
    with pytest.raises(ThinQResponseError, match="not JSON"):
        await client.get_appliances()


async def test_slow_answers_time_out(
    cloud: ThinQCloud, make_client: ClientFactory
) -> None:
    client = await make_client(request_timeout=0.2)
    cloud.faults.slow_seconds = 0.5
    with pytest.raises(ThinQConnectionError, match="in time"):
        await client.get_appliances()
    cloud.faults.slow_seconds = 0


async def test_account_id_before_connect(make_client: ClientFactory) -> None:
    client = await make_client(connect=False)
    with pytest.raises(ThinQError, match="not connected"):
        _ = client.account_id


@pytest.mark.parametrize("cloud_options", [{"extra_devices": 17}])
async def test_poll_twenty_appliances_at_once(
    cloud: ThinQCloud, client: ThinQClient, appliances: dict[str, Appliance]
) -> None:
    assert len(appliances) == 20
    await client.poll_all(list(appliances.values()))
    results = await client.poll_all(list(appliances.values()))
    assert isinstance(results[OFFLINE_ID], ThinQDeviceOfflineError)
    assert all(r is not None for k, r in results.items() if k != OFFLINE_ID)
    assert cloud.requests["rti/rtiResult"] == 38


async def test_odd_answers(
    odd_server: OddServer,
    http: aiohttp.ClientSession,
    client: ThinQClient,
    appliances: dict[str, Appliance],
) -> None:
    """Odd dashboard, monitor and config answers are typed errors, never crashes."""
    assert client.gateway is not None
    gateway = client.gateway
    client._gateway = type(gateway)(
        **{
            **{f: getattr(gateway, f) for f in gateway.__dataclass_fields__},
            "thinq1_uri": odd_server.url("/t1"),
            "thinq2_uri": odd_server.url("/t2"),
        }
    )
    heat_pump = appliances[HEAT_PUMP_ID]
    dashboard = "/t2/service/application/dashboard"
    odd_server.answer(dashboard, {"resultCode": "0000", "result": [1]})
    with pytest.raises(ThinQResponseError, match="result object"):
        await client.get_appliances()
    odd_server.answer(
        dashboard,
        {
            "resultCode": "0000",
            "result": {
                "item": [
                    1,
                    {"deviceId": ""},
                    {
                        "deviceId": "f",
                        "deviceType": "x",
                        "platformType": "thinq9",
                        "modelJsonVer": True,
                    },
                ]
            },
        },
    )
    [odd] = await client.get_appliances()
    assert (odd.device_type, odd.platform, odd.model_version, odd.model_url) == (
        0,
        Platform.UNKNOWN,
        None,
        None,
    )
    odd_server.answer(
        dashboard, {"resultCode": "0000", "result": {"item": {"deviceId": "g"}}}
    )
    assert [a.device_id for a in await client.get_appliances()] == ["g"]
    odd_server.answer(dashboard, {"resultCode": "0000", "result": {}})
    assert await client.get_appliances() == []
    odd_server.answer(dashboard, {"nothing": 1})
    with pytest.raises(ThinQResponseError, match="resultCode"):
        await client.get_appliances()

    odd_server.answer("/t1/rti/rtiMon", {"lgedmRoot": {"returnCd": "0000"}})
    result = "/t1/rti/rtiResult"
    odd_server.answer(
        result, {"lgedmRoot": {"returnCd": "0000", "workList": {"returnCode": "0000"}}}
    )
    assert await client.poll(heat_pump) is None
    for body, match in (
        ({"lgedmRoot": {"returnCd": "0000"}}, "workList"),
        (
            {"lgedmRoot": {"workList": {"returnCode": "0000", "returnData": "!!"}}},
            "base64",
        ),
        (
            {"lgedmRoot": {"workList": {"returnCode": "0000", "returnData": 5}}},
            "base64",
        ),
        ({"lgedmRoot": {"workList": [1, 2]}}, "no result"),
        ({"lgedmRoot": {"returnCd": True}}, "result code"),
        ({"lgedmRoot": {"returnCd": 1.5}}, "result code"),
        ({"other": 1}, "lgedmRoot"),
    ):
        odd_server.answer(result, body)
        with pytest.raises(ThinQResponseError, match=match):
            await client.poll(heat_pump)
    control = "/t1/rti/rtiControl"
    odd_server.answer(control, {"lgedmRoot": {"returnCd": "0000"}})
    with pytest.raises(ThinQResponseError, match="returnData"):
        await client.read_filter(heat_pump)
    odd_server.answer(control, {"lgedmRoot": {"returnData": "bm90IGpzb24="}})
    with pytest.raises(ThinQResponseError, match="base64 JSON"):
        await client.read_power(heat_pump)
    for data, reader in (
        ("eyJJbk91dEluc3RhbnRQb3dlciI6ICJ4In0=", client.read_power),  # "x"
        ("eyJVc2VUaW1lIjogIjEiLCAiQ2hhbmdlUGVyaW9kIjogIjAifQ==", client.read_filter),
    ):
        odd_server.answer(control, {"lgedmRoot": {"returnData": data}})
        with pytest.raises(ThinQResponseError, match="number"):
            await reader(heat_pump)
    odd_server.answer(control, "not json", status=404)
    with pytest.raises(ThinQConnectionError, match="404"):
        await client.control(heat_pump, heat_pump.ac.power(True))
    # A failed release of the control permission is not the command's failure.
    odd_server.answer(control, {"lgedmRoot": {"returnCd": "0000"}})
    await client.control(heat_pump, heat_pump.ac.power(True))
    odd_server.answer(
        "/t1/rti/delControlPermission", {"lgedmRoot": {"returnCd": "0100"}}
    )
    odd_server.answer(result, {"lgedmRoot": {"workList": {"returnCode": "0100"}}})
    for _ in range(2):
        await client.poll(heat_pump)
    assert client._pending_release[HEAT_PUMP_ID] == 0
