"""The smoke check: what a user sees, read through Home Assistant's public APIs.

`scripts/develop --smoke`: the simulators and Home Assistant on a fresh configuration
(artifacts/smoke/config), set up as scripts/develop does; then waits until the climate
entities and the utility sensors have states and the statistics exist, checks the Energy
preferences, changes the heat pump's setpoint through a service call and sees the simulated
unit follow. Stops everything; exits 0, or 1 listing what was missing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import time
from typing import Any

from simulators.sew import true_consumption
from simulators.thinq import HEAT_PUMP_ID, heat_pump_model

from .ha_api import HomeAssistantApi
from .provision import (
    DOMAIN,
    energy_sources,
    home_account,
    host_slug,
    integration_statistics,
    missing_home_statistics,
    start_and_provision,
)
from .stack import HomeAssistantProcess, Simulators, StackError, wait_for

HEAT_PUMP = "climate.living_room_heat_pump"
HEAT_PUMP_TEMPERATURE = "sensor.living_room_heat_pump_temperature"
UNAVAILABLE = {"unavailable", "unknown"}
# The solar meter's own sensors, set once its production is imported.
SOLAR_SENSORS = (
    "sensor.solar_meter_pv10004521_production_so_far_this_cycle",
    "sensor.solar_meter_pv10004521_latest_day_produced",
)

# entity id -> what its state must be: "available", "number" or "unavailable".
EXPECTED_STATES = {
    HEAT_PUMP: "available",
    "climate.bedroom_ac": "available",
    "climate.garage_heat_pump": "unavailable",  # the simulated unit is offline
    "sensor.electric_meter_e10004521_usage_so_far_this_cycle": "number",
    "sensor.water_meter_w20007788_latest_hour_usage": "number",
    # Accounts are named by their contract (utility account) number.
    "sensor.account_300_123_4567_amount_due": "number",
}


@dataclass(slots=True)
class Report:
    """The outcome of each check."""

    results: list[tuple[str, bool, str]] = field(default_factory=list)

    async def check(self, name: str, work: Callable[[], Awaitable[str]]) -> bool:
        """Run one check; record what it found or what was missing."""
        print(f"... {name}", flush=True)
        started = time.monotonic()
        try:
            detail = await work()
        except StackError as err:
            self.results.append((name, False, str(err)))
            print(f"  FAILED ({time.monotonic() - started:.0f} s): {err}", flush=True)
            return False
        self.results.append((name, True, detail))
        print(f"  ok ({time.monotonic() - started:.0f} s): {detail}", flush=True)
        return True

    @property
    def failed(self) -> list[tuple[str, bool, str]]:
        """Return the failed checks."""
        return [result for result in self.results if not result[1]]


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _state_problem(state: dict[str, Any] | None, expected: str) -> str | None:
    if state is None:
        return "does not exist"
    value = state["state"]
    if expected == "unavailable":
        return None if value == "unavailable" else f"is {value!r}, not unavailable"
    if value in UNAVAILABLE:
        return f"is {value}"
    if expected == "number" and not _is_number(value):
        return f"is {value!r}, not a number"
    return None


async def check_entities(api: HomeAssistantApi, process: HomeAssistantProcess) -> str:
    """Wait until the climate entities and the utility sensors have their states."""
    problems: dict[str, str] = {}

    async def settled() -> dict[str, dict[str, Any]] | None:
        states = await api.states()
        problems.clear()
        for entity_id, expected in EXPECTED_STATES.items():
            if problem := _state_problem(states.get(entity_id), expected):
                problems[entity_id] = problem
        return None if problems else states

    try:
        states = await wait_for("entity states", settled, within=120, process=process)
    except StackError as err:
        missing = "; ".join(f"{e} {p}" for e, p in problems.items())
        raise StackError(f"{err}: {missing}") from err
    ours = await api.ws("config/entity_registry/list")
    count = sum(1 for entry in ours if entry.get("platform") == "sew_thinq")
    shown = ", ".join(f"{e}={states[e]['state']}" for e in EXPECTED_STATES)
    return f"{count} entities of the integration; {shown}"


async def check_statistics(
    api: HomeAssistantApi,
    process: HomeAssistantProcess,
    sew_url: str,
    within: float,
) -> str:
    """Wait for the utility's statistics, then check they hold recent hours."""
    host = host_slug(sew_url)
    missing: list[str] = []

    async def complete() -> dict[str, dict[str, Any]] | None:
        found = await integration_statistics(api, host)
        missing[:] = missing_home_statistics(list(found))
        return None if missing else found

    try:
        found = await wait_for(
            "the integration's statistics",
            complete,
            within=within,
            interval=2,
            process=process,
        )
    except StackError as err:
        raise StackError(
            f"{err}; missing for sew_thinq:{host}_<type>_<meter>_<kind>: "
            f"{', '.join(missing)} (websocket recorder/list_statistic_ids, "
            "statistic_type sum, source sew_thinq)"
        ) from err
    start = datetime.now(UTC) - timedelta(days=10)
    rows = await api.ws(
        "recorder/statistics_during_period",
        start_time=start.isoformat(),
        statistic_ids=sorted(found),
        period="day",
        types=["change"],
    )
    empty = [
        sid
        for sid in sorted(found)
        if sid.endswith("_consumption")
        and sum(row.get("change") or 0 for row in rows.get(sid, [])) <= 0
    ]
    if empty:
        raise StackError(f"no usage in the last 10 days for {', '.join(empty)}")
    hours = sum(len(rows.get(sid, [])) for sid in found)
    return f"{len(found)} statistics for {host}, {hours} day rows in the last 10 days"


async def check_energy(api: HomeAssistantApi, sew_url: str) -> str:
    """Check the Energy preferences name the statistics and validate cleanly."""
    prefs = await api.ws("energy/get_prefs")
    sources = prefs.get("energy_sources", [])
    types = sorted(source["type"] for source in sources)
    if not {"grid", "solar", "water", "gas"} <= set(types):
        raise StackError(f"energy sources are {types}, not grid, solar, water and gas")
    found = await integration_statistics(api, host_slug(sew_url))
    expected = energy_sources(list(found))
    named = {
        value
        for source in sources
        for key, value in source.items()
        if key.startswith("stat_") and value
    }
    wanted = {
        value
        for source in expected
        for key, value in source.items()
        if key.startswith("stat_") and value
    }
    if wanted - named:
        raise StackError(f"energy sources lack {sorted(wanted - named)}")
    validation = await api.ws("energy/validate")
    issues = [
        f"{issue['type']}: {issue.get('affected_ids')}"
        for group in validation.get("energy_sources", [])
        for issue in group
    ]
    if issues:
        raise StackError(f"the Energy configuration page would warn: {issues}")
    return f"sources {types}, {len(named)} statistics, no validation issue"


def _stat(sources: list[dict[str, Any]], kind: str, key: str) -> str:
    found = [s[key] for s in sources if s["type"] == kind and s.get(key)]
    if len(found) != 1:
        raise StackError(f"the Energy sources have {len(found)} {kind} {key}: {found}")
    return str(found[0])


async def check_home_consumption(api: HomeAssistantApi, sims: Simulators) -> str:
    """Check the dashboard's home use of a day: import + production - export = truth.

    The day is three days ago in the tenant's zone, long published and final; the
    truth is what the simulated house used, hour by hour, before its panels and meter.
    """
    prefs = await api.ws("energy/get_prefs")
    sources = prefs.get("energy_sources", [])
    parts = {
        "import": _stat(sources, "grid", "stat_energy_from"),
        "export": _stat(sources, "grid", "stat_energy_to"),
        "production": _stat(sources, "solar", "stat_energy_from"),
    }
    zone = sims.portal.zone
    day = sims.portal.today - timedelta(days=3)
    start = datetime.combine(day, datetime.min.time(), zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone)
    rows = await api.ws(
        "recorder/statistics_during_period",
        start_time=start.isoformat(),
        end_time=end.isoformat(),
        statistic_ids=sorted(parts.values()),
        period="hour",
        types=["change"],
    )
    totals = {
        part: sum(row.get("change") or 0 for row in rows.get(sid, []))
        for part, sid in parts.items()
    }
    home = totals["import"] + totals["production"] - totals["export"]
    meter = next(m for m in home_account().meters if m.kind == "electric")
    hours = []
    moment = start
    while moment < end:
        hours.append(true_consumption(meter, moment))
        moment = (moment.astimezone(UTC) + timedelta(hours=1)).astimezone(zone)
    truth = sum(hours)
    shown = (
        f"{day}: {totals['import']:.2f} imported + {totals['production']:.2f} produced "
        f"- {totals['export']:.2f} exported = {home:.2f} kWh; the house used {truth:.2f}"
    )
    if totals["production"] <= 0 or abs(home - truth) > 0.01 * truth + 0.05:
        raise StackError(shown)
    return shown


async def check_solar_sensors(
    api: HomeAssistantApi, process: HomeAssistantProcess, within: float
) -> str:
    """Wait until the solar meter's production sensors show what it produced."""
    seen: dict[str, str] = {}

    async def produced() -> bool | None:
        states = await api.states()
        seen.clear()
        for entity_id in SOLAR_SENSORS:
            state = states.get(entity_id)
            seen[entity_id] = "missing" if state is None else state["state"]
        numbers = [float(v) for v in seen.values() if _is_number(v)]
        # The cycle can have begun a day ago; the latest whole day had sun.
        complete = len(numbers) == len(SOLAR_SENSORS) and numbers[-1] > 0
        return True if complete else None

    try:
        await wait_for(
            "the solar meter's production", produced, within=within, process=process
        )
    except StackError as err:
        raise StackError(f"{err}: {seen}") from err
    return ", ".join(f"{e}={v}" for e, v in seen.items())


async def _set_and_follow(
    api: HomeAssistantApi,
    sims: Simulators,
    process: HomeAssistantProcess,
    fahrenheit: int,
) -> str:
    """Set the heat pump's target; wait for the simulated unit and the entity."""
    table = heat_pump_model()["Value"]["TempFahToCel"]["option"]
    celsius = table[str(fahrenheit)]
    await api.request(
        "POST",
        "/api/services/climate/set_temperature",
        {"entity_id": HEAT_PUMP, "temperature": fahrenheit},
    )

    async def device_follows() -> str | None:
        # LG's table holds numbers; the unit reports strings ("23.5").
        value = sims.cloud.device_state(HEAT_PUMP_ID)["TempCfg"]
        return value if float(value) == float(celsius) else None

    try:
        await wait_for(
            f"the simulated heat pump's TempCfg to become {celsius} (for {fahrenheit} °F)",
            device_follows,
            within=30,
            interval=0.5,
            process=process,
        )
    except StackError as err:
        actual = sims.cloud.device_state(HEAT_PUMP_ID)["TempCfg"]
        raise StackError(f"{err}; it is {actual}") from err

    async def entity_shows() -> bool | None:
        state = (await api.states())[HEAT_PUMP]
        return True if state["attributes"].get("temperature") == fahrenheit else None

    await wait_for(
        f"{HEAT_PUMP} to show a target of {fahrenheit} °F",
        entity_shows,
        within=90,
        process=process,
    )
    return f"{fahrenheit} °F -> TempCfg {celsius} °C"


async def check_setpoint(
    api: HomeAssistantApi, sims: Simulators, process: HomeAssistantProcess
) -> str:
    """Change the heat pump's setpoint through a service call; see the unit follow."""
    state = (await api.states())[HEAT_PUMP]
    before = state["attributes"].get("temperature")
    if state["attributes"].get("temperature_unit", "°F") not in {"°F", None}:
        raise StackError(f"{HEAT_PUMP} is not in °F: {state['attributes']}")
    first = 76 if before != 76 else 74
    steps = [await _set_and_follow(api, sims, process, first)]
    steps.append(await _set_and_follow(api, sims, process, 72))
    return f"target was {before} °F; " + ", then ".join(steps)


async def check_room_temperature(api: HomeAssistantApi) -> str:
    """Check the heat pump's climate entity and temperature sensor show the same room."""
    states = await api.states()
    climate = states[HEAT_PUMP]["attributes"]
    sensor = states.get(HEAT_PUMP_TEMPERATURE)
    if sensor is None or not _is_number(sensor["state"]):
        raise StackError(f"{HEAT_PUMP_TEMPERATURE} has no temperature: {sensor}")
    shown = (climate.get("current_temperature"), float(sensor["state"]))
    units = (
        climate.get("temperature_unit", "°F"),
        sensor["attributes"].get("unit_of_measurement"),
    )
    if shown[0] != shown[1] or units != ("°F", "°F"):
        raise StackError(
            f"the climate entity shows {shown[0]} {units[0]}, the sensor "
            f"{shown[1]} {units[1]}"
        )
    return f"both show {shown[1]:g} °F"


async def check_log(process: HomeAssistantProcess) -> str:
    """Check Home Assistant logged no error at all (the demo loads only what runs)."""
    errors = process.logged_errors()
    if errors:
        raise StackError("Home Assistant logged:\n" + "\n".join(errors[:10]))
    return f"no ERROR line in {process.log_file.name}"


def _logged_warnings_of_the_integration(process: HomeAssistantProcess) -> list[str]:
    if not process.log_file.exists():
        return []
    return [
        line
        for line in process.log_file.read_text(
            encoding="utf-8", errors="replace"
        ).splitlines()
        if " WARNING " in line and "custom_components.sew_thinq" in line
    ]


def _settings(state: dict[str, Any]) -> dict[str, Any]:
    """Return what a user set on a climate entity: its mode, setpoint, fan and preset."""
    attributes = state["attributes"]
    return {
        "hvac_mode": state["state"],
        **{
            key: attributes.get(key)
            for key in ("temperature", "fan_mode", "preset_mode")
        },
    }


async def check_restart(
    api: HomeAssistantApi,
    sims: Simulators,
    process: HomeAssistantProcess,
    statistics_within: float,
) -> str:
    """Restart Home Assistant and the simulated LG cloud, as a second develop does.

    The heat pump comes back as it was, nothing asks to sign in again, no repair issue
    is raised, and the new log has no error and no warning of the integration.
    """
    before = (await api.states())[HEAT_PUMP]
    await api.close()
    await process.stop()
    await sims.restart_thinq_cloud()
    if not sims.cloud.restored:
        raise StackError("the simulated LG cloud found no saved state to continue from")
    started = time.monotonic()
    api, result = await start_and_provision(
        sims, api.session, process, statistics_within=statistics_within
    )
    try:
        if result.added or result.reauthenticated:
            raise StackError(
                f"after the restart the demo had to add {result.added} and sign in "
                f"again to {result.reauthenticated}"
            )

        async def heat_pump_back() -> dict[str, Any] | None:
            state = (await api.states()).get(HEAT_PUMP)
            return None if state is None or state["state"] in UNAVAILABLE else state

        after = await wait_for(
            f"{HEAT_PUMP} after the restart",
            heat_pump_back,
            within=60,
            process=process,
        )
        elapsed = time.monotonic() - started
        was, now = _settings(before), _settings(after)
        if was != now:
            raise StackError(f"the heat pump was {was} and came back {now}")
        issues = [
            issue["translation_key"]
            for issue in (await api.ws("repairs/list_issues"))["issues"]
            if issue["domain"] == DOMAIN
        ]
        if issues:
            raise StackError(f"repair issues after the restart: {issues}")
        logged = process.logged_errors() + _logged_warnings_of_the_integration(process)
        if logged:
            raise StackError(
                "Home Assistant logged after the restart:\n" + "\n".join(logged[:10])
            )
    finally:
        await api.close()
    return (
        f"back in {elapsed:.0f} s as it was ({now['hvac_mode']}, {now['temperature']} °F); "
        "no sign-in asked, no repair issue, no error or integration warning logged"
    )


async def run_smoke(
    api: HomeAssistantApi,
    sims: Simulators,
    process: HomeAssistantProcess,
    statistics_within: float,
) -> int:
    """Run every check; print what was missing; return the exit code."""
    report = Report()
    await report.check("entities have states", lambda: check_entities(api, process))
    statistics = await report.check(
        "utility statistics exist",
        lambda: check_statistics(api, process, sims.sew_url, statistics_within),
    )
    if statistics:
        await report.check(
            "Energy dashboard preferences", lambda: check_energy(api, sims.sew_url)
        )
        await report.check(
            "the home's use of a day is import + production - export",
            lambda: check_home_consumption(api, sims),
        )
        await report.check(
            "the solar meter shows its production",
            lambda: check_solar_sensors(api, process, statistics_within),
        )
    await report.check(
        "heat pump setpoint reaches the device",
        lambda: check_setpoint(api, sims, process),
    )
    await report.check(
        "one room temperature on the heat pump's page",
        lambda: check_room_temperature(api),
    )
    await report.check("no error logged", lambda: check_log(process))
    await report.check(
        "a restart keeps the heat pump and the LG sign-in",
        lambda: check_restart(api, sims, process, statistics_within),
    )
    passed = len(report.results) - len(report.failed)
    print(f"\nsmoke: {passed} passed, {len(report.failed)} failed", flush=True)
    for name, _ok, detail in report.failed:
        print(f"  missing: {name}: {detail}", flush=True)
    if report.failed:
        print(f"Home Assistant's log: {process.log_file}", flush=True)
    return 1 if report.failed else 0
