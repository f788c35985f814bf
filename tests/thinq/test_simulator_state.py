"""The simulated cloud's saved state: what a restart keeps, and a file it cannot read."""

from __future__ import annotations

from pathlib import Path

from simulators.thinq import HEAT_PUMP_ID, CloudStateFile, ThinQCloud


def test_a_restart_keeps_sign_ins_and_appliances(tmp_path: Path) -> None:
    """Refresh tokens and each appliance's state outlive a restart; access tokens not."""
    state = CloudStateFile(tmp_path / "cloud.json")
    cloud = ThinQCloud()
    refresh_token = cloud.issue_refresh_token()
    access_token = cloud.issue_access_token()
    cloud.devices[HEAT_PUMP_ID].state["TempCfg"] = "21.5"
    cloud.devices[HEAT_PUMP_ID].online = False
    state.save(cloud)

    restarted = ThinQCloud()
    assert CloudStateFile(state.path).load(restarted)
    assert restarted.refresh_token_valid(refresh_token)
    assert not restarted.access_token_valid(access_token)
    assert restarted.devices[HEAT_PUMP_ID].state["TempCfg"] == "21.5"
    assert not restarted.devices[HEAT_PUMP_ID].online


def test_unchanged_state_is_not_written_again(tmp_path: Path) -> None:
    """Each answer saves the state; the file is rewritten only when it changed."""
    state = CloudStateFile(tmp_path / "cloud.json")
    cloud = ThinQCloud()
    state.save(cloud)
    state.path.write_text(state.path.read_text() + "\n")
    state.save(cloud)
    assert state.path.read_text().endswith("\n")
    cloud.issue_refresh_token()
    state.save(cloud)
    assert not state.path.read_text().endswith("\n")


def test_a_file_that_cannot_be_read_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "cloud.json"
    assert not CloudStateFile(path).load(ThinQCloud())
    path.write_text("{not json")
    cloud = ThinQCloud()
    assert not CloudStateFile(path).load(cloud)
    assert cloud.devices[HEAT_PUMP_ID].state == ThinQCloud().devices[HEAT_PUMP_ID].state
