"""Arbitrary payloads to the decoders: only typed errors may come out."""

from __future__ import annotations

import base64
import contextlib
import json
from typing import Any

from hypothesis import given, settings, strategies as st

from custom_components.sew_thinq.thinq import (
    AirConditioner,
    ApplianceInfo,
    ModelInfo,
    ThinQError,
    parse_sign_in,
)
from custom_components.sew_thinq.thinq.monitor import parse_result
from custom_components.sew_thinq.thinq.temperature import FahrenheitTable
from custom_components.sew_thinq.thinq.transport import unwrap_v1, unwrap_v2
from simulators.thinq import binary_ac_model, heat_pump_model

FUZZ = settings(max_examples=60, deadline=None)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
HEAT_PUMP = AirConditioner(ModelInfo(heat_pump_model()))
BINARY = AirConditioner(ModelInfo(binary_ac_model()))


@FUZZ
@given(payload=st.binary(max_size=64))
def test_binary_and_json_decoders(payload: bytes) -> None:
    for ac in (BINARY, HEAT_PUMP):
        try:
            decoded = ac.model.decode(payload)
        except ThinQError:
            continue
        assert isinstance(decoded, dict)
        ac.state(decoded)


@FUZZ
@given(
    snapshot=st.dictionaries(
        st.sampled_from(
            [
                "Operation",
                "OpMode",
                "TempCfg",
                "TempCur",
                "SensorHumidity",
                "Jet",
                "WDirVStep",
            ]
        ),
        JSON,
    )
)
def test_state_of_arbitrary_snapshots(snapshot: dict[str, Any]) -> None:
    state = HEAT_PUMP.state(snapshot)
    assert state.power in (True, False, None)


@FUZZ
@given(document=JSON)
def test_model_documents(document: Any) -> None:
    try:
        model = ModelInfo(
            {"Value": document} if isinstance(document, dict) else document
        )
        for name in list(model.raw["Value"]):
            model.value(name)
            model.default(name)
        ac = AirConditioner(model)
        _ = (ac.operation_modes, ac.fan_speeds, ac.fahrenheit_range())
    except ThinQError:
        pass


@FUZZ
@given(entry=JSON)
def test_dashboard_entries(entry: Any) -> None:
    with contextlib.suppress(ThinQError):
        ApplianceInfo.from_api(entry)


@FUZZ
@given(text=st.text(max_size=40))
def test_pasted_addresses(text: str) -> None:
    with contextlib.suppress(ThinQError):
        parse_sign_in(text)


@FUZZ
@given(
    options=st.dictionaries(st.text(max_size=5), JSON, max_size=6),
    celsius=st.floats(-50, 80),
)
def test_fahrenheit_tables(options: dict[str, Any], celsius: float) -> None:
    model = ModelInfo({"Value": {"TempFahToCel": {"type": "Enum", "option": options}}})
    try:
        table = FahrenheitTable.from_model(model)
    except ThinQError:
        return
    assert isinstance(table.to_fahrenheit(celsius), int)


@FUZZ
@given(root=JSON, data=st.binary(max_size=32))
def test_monitor_results(root: Any, data: bytes) -> None:
    candidates = [
        root,
        {"workList": root},
        {
            "workList": {
                "returnCode": "0000",
                "returnData": base64.b64encode(data).decode(),
            }
        },
    ]
    for candidate in candidates:
        with contextlib.suppress(ThinQError):
            parse_result(unwrap_v1({"lgedmRoot": candidate}), "d", "w")


@FUZZ
@given(body=JSON)
def test_envelopes(body: Any) -> None:
    for candidate in (body, {"lgedmRoot": body}, {"lgedmRoot": {"returnCd": body}}):
        with contextlib.suppress(ThinQError):
            unwrap_v1(json.loads(json.dumps(candidate, allow_nan=True)))
    for candidate in (
        body,
        {"resultCode": body},
        {"resultCode": "0000", "result": body},
    ):
        with contextlib.suppress(ThinQError):
            unwrap_v2(candidate)
