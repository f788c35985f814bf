"""Bring a fresh Home Assistant to a usable state through its public APIs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import re
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from simulators import sew, thinq

from .ha_api import ApiError, HomeAssistantApi, expect_step, sign_in_like_a_browser
from .stack import HA_URL, HomeAssistantProcess, Simulators, StackError, wait_for

DOMAIN = "sew_thinq"
USER_NAME = "Demo User"
USERNAME = "demo"
PASSWORD = "sew-thinq-demo"  # noqa: S105 - printed for the newcomer to log in

SEW_USERNAME = sew.DEMO_USERNAME
SEW_PASSWORD = sew.DEMO_PASSWORD
THINQ_USERNAME = thinq.DEMO_USERNAME
THINQ_PASSWORD = thinq.DEMO_PASSWORD

# sew_thinq:<host slug>_<meter type>_<meter number>_<kind>
STATISTIC_ID = re.compile(
    r"^sew_thinq:(?P<host>.+)_(?P<type>[a-z]+)_(?P<meter>[a-z0-9]+)_"
    r"(?P<kind>consumption|cost|return|compensation|production)$"
)


@dataclass(slots=True)
class Provisioned:
    """What provisioning did or found."""

    onboarded_now: bool = False
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    reauthenticated: list[str] = field(default_factory=list)
    energy: str = ""


def host_slug(url: str) -> str:
    """Return how a portal's host name appears in its statistic ids."""
    return re.sub(r"[^a-z0-9]+", "_", (urlsplit(url).hostname or "").lower())


async def wait_until_running(
    api: HomeAssistantApi, process: HomeAssistantProcess, within: float = 240
) -> None:
    """Wait until Home Assistant's HTTP server answers."""

    async def answers() -> bool | None:
        return True if await api.http_up() else None

    await wait_for(
        f"Home Assistant to answer (log: {process.log_file})",
        answers,
        within=within,
        process=process,
    )


async def log_in(api: HomeAssistantApi, result: Provisioned) -> None:
    """Onboard a fresh instance with the demo user, or log in as the demo user."""
    steps = await api.onboarding_steps()
    if all(steps.values()):
        try:
            await api.login(USERNAME, PASSWORD)
        except ApiError as err:
            raise StackError(
                f"this configuration was onboarded without the demo user ({err}); "
                "start again with --reset"
            ) from err
        return
    await api.onboard(USER_NAME, USERNAME, PASSWORD)
    result.onboarded_now = True


async def add_sew_account(
    api: HomeAssistantApi, help_url: str, username: str, password: str
) -> str:
    """Add a utility account through the flow's `custom` path; return its title."""
    menu = await api.flow_start(DOMAIN)
    expect_step(menu, "menu", "user")
    if "sew" not in menu.get("menu_options", []):
        raise ApiError(f"the flow's menu has no utility option: {menu}")
    form = await api.flow_step(menu["flow_id"], {"next_step_id": "sew"})
    expect_step(form, "form", "sew")
    form = await api.flow_step(
        form["flow_id"],
        {
            "utility": "custom",
            "username": username,
            "password": password,
            "advanced": {},
        },
    )
    expect_step(form, "form", "sew_custom")
    created = await api.flow_step(form["flow_id"], {"url": help_url})
    expect_step(created, "create_entry")
    return str(created["title"])


async def add_thinq_account(
    api: HomeAssistantApi, session: aiohttp.ClientSession, gateway_url: str
) -> str:
    """Add the LG account, signing in on the sign-in page the flow links to."""
    menu = await api.flow_start(DOMAIN)
    expect_step(menu, "menu", "user")
    form = await api.flow_step(menu["flow_id"], {"next_step_id": "thinq"})
    expect_step(form, "form", "thinq")
    form = await api.flow_step(
        form["flow_id"],
        {
            "country": "US",
            "language": "en-US",
            "advanced": {"gateway_url": gateway_url},
        },
    )
    expect_step(form, "form", "thinq_auth")
    login_url = (form.get("description_placeholders") or {}).get("login_url")
    if not login_url:
        raise ApiError(f"step thinq_auth gives no login_url: {form}")
    callback_url = await sign_in_like_a_browser(
        session, login_url, THINQ_USERNAME, THINQ_PASSWORD
    )
    created = await api.flow_step(form["flow_id"], {"callback_url": callback_url})
    expect_step(created, "create_entry")
    return str(created["title"])


async def add_accounts(
    api: HomeAssistantApi,
    session: aiohttp.ClientSession,
    sims: Simulators,
    result: Provisioned,
) -> None:
    """Add the utility and LG accounts unless this instance has them already."""
    entries = await api.config_entries(DOMAIN)
    titles = [entry["title"] for entry in entries]
    sew_host = urlsplit(sims.sew_url).hostname
    sew_title = next((t for t in titles if t == sew_host), None)
    if sew_title:
        result.present.append(sew_title)
    else:
        result.added.append(
            await add_sew_account(api, sims.sew_help_url, SEW_USERNAME, SEW_PASSWORD)
        )
    thinq_title = next((t for t in titles if t.startswith("LG ThinQ")), None)
    if thinq_title:
        result.present.append(thinq_title)
    else:
        result.added.append(await add_thinq_account(api, session, sims.gateway_url))


async def reauthenticate(
    api: HomeAssistantApi, session: aiohttp.ClientSession
) -> list[str]:
    """Finish the integration's re-authentication flows as a user would; say which.

    The simulated LG cloud keeps its sign-ins in the configuration (`thinq_state_path`),
    so a restart needs none of this; a configuration made before it did, or whose saved
    state was deleted, holds a refresh token the cloud does not know, and Home Assistant
    asks to sign in again. This signs in on the page the flow links to.
    """
    done: list[str] = []
    for flow in await api.ws("config_entries/flow/progress"):
        if flow.get("handler") != DOMAIN or flow["context"].get("source") != "reauth":
            continue
        form = await api.request(
            "GET", f"/api/config/config_entries/flow/{flow['flow_id']}"
        )
        if form.get("step_id") == "thinq_auth":
            login_url = form["description_placeholders"]["login_url"]
            callback_url = await sign_in_like_a_browser(
                session, login_url, THINQ_USERNAME, THINQ_PASSWORD
            )
            answer = await api.flow_step(
                form["flow_id"], {"callback_url": callback_url}
            )
        elif form.get("step_id") == "reauth_confirm":
            answer = await api.flow_step(form["flow_id"], {"password": SEW_PASSWORD})
        else:
            continue
        if answer.get("type") != "abort" or answer.get("reason") != "reauth_successful":
            raise ApiError(f"re-authentication did not succeed: {answer}")
        done.append(str(flow["context"].get("title_placeholders") or form["step_id"]))
    return done


async def wait_for_loaded_entries(
    api: HomeAssistantApi,
    session: aiohttp.ClientSession,
    process: HomeAssistantProcess,
    result: Provisioned,
    within: float = 120,
) -> list[dict[str, Any]]:
    """Wait until every entry of the integration is loaded, signing in again if asked."""
    states: dict[str, str] = {}

    async def loaded() -> list[dict[str, Any]] | None:
        entries = await api.config_entries(DOMAIN)
        states.clear()
        states.update({entry["title"]: entry["state"] for entry in entries})
        if entries and set(states.values()) == {"loaded"}:
            return entries
        if "setup_error" in states.values():
            result.reauthenticated += await reauthenticate(api, session)
        return None

    try:
        return await wait_for(
            "the integration's entries to load", loaded, within=within, process=process
        )
    except StackError as err:
        raise StackError(f"{err}; entry states: {states}") from err


async def integration_statistics(
    api: HomeAssistantApi, host: str | None = None
) -> dict[str, dict[str, Any]]:
    """Return the integration's external sum statistics by id (of one portal host)."""
    listed = await api.ws("recorder/list_statistic_ids", statistic_type="sum")
    found = {
        item["statistic_id"]: item
        for item in listed
        if item.get("source") == DOMAIN and STATISTIC_ID.match(item["statistic_id"])
    }
    if host is None:
        return found
    return {
        sid: item
        for sid, item in found.items()
        if (match := STATISTIC_ID.match(sid)) and match["host"] == host
    }


def home_meters() -> dict[str, set[str]]:
    """Return the meters of the simulated home and the statistics each must have.

    The demo user's default account is the home the Energy dashboard shows (the other
    account is a second address): its solar panels have their own production meter, and
    its electric meter returns what the house does not use.
    """
    meters: dict[str, set[str]] = {}
    for meter in home_account().meters:
        if not meter.active:
            continue
        if meter.kind == "pv":
            meters[meter.number.lower()] = {"production"}
            continue
        kinds = {"consumption", "cost"}
        if meter.solar_kw:
            kinds |= {"return", "compensation"}
        meters[meter.number.lower()] = kinds
    return meters


def home_account() -> sew.SimAccount:
    """Return the simulated home: the demo user's default account."""
    return next(account for account in sew.DEMO_ACCOUNTS if account.is_default)


def energy_sources(statistic_ids: list[str]) -> list[dict[str, Any]]:
    """Return Energy dashboard sources for the home's meters among `statistic_ids`.

    A grid connection (consumption and cost, return and compensation) per electric
    meter, solar production, a water source and a gas source, in the format HA 2026.10
    validates.
    """
    home = home_meters()
    meters: dict[tuple[str, str], dict[str, str]] = {}
    for statistic_id in sorted(statistic_ids):
        match = STATISTIC_ID.match(statistic_id)
        if match and match["meter"] in home:
            key = (match["type"], match["meter"])
            meters.setdefault(key, {})[match["kind"]] = statistic_id
    sources: list[dict[str, Any]] = []
    for (meter_type, _meter), kinds in sorted(meters.items()):
        if meter_type == "pv" and "production" in kinds:
            sources.append(
                {
                    "type": "solar",
                    "stat_energy_from": kinds["production"],
                    "config_entry_solar_forecast": None,
                }
            )
        if "consumption" not in kinds:
            continue
        if meter_type == "e":
            sources.append(
                {
                    "type": "grid",
                    "stat_energy_from": kinds["consumption"],
                    "stat_cost": kinds.get("cost"),
                    "stat_energy_to": kinds.get("return"),
                    "stat_compensation": kinds.get("compensation"),
                    "entity_energy_price": None,
                    "number_energy_price": None,
                    "entity_energy_price_export": None,
                    "number_energy_price_export": None,
                    "cost_adjustment_day": 0,
                }
            )
        elif meter_type in {"w", "g"}:
            sources.append(
                {
                    "type": "water" if meter_type == "w" else "gas",
                    "stat_energy_from": kinds["consumption"],
                    "stat_cost": kinds.get("cost"),
                    "entity_energy_price": None,
                    "number_energy_price": None,
                }
            )
    return sources


def missing_home_statistics(statistic_ids: list[str]) -> list[str]:
    """Return `<meter>_<kind>` for each statistic of the home not among the ids."""
    present = {
        (match["meter"], match["kind"])
        for statistic_id in statistic_ids
        if (match := STATISTIC_ID.match(statistic_id))
    }
    return [
        f"{meter}_{kind}"
        for meter, kinds in home_meters().items()
        for kind in sorted(kinds)
        if (meter, kind) not in present
    ]


async def recent_usage(
    api: HomeAssistantApi, statistic_ids: list[str], days: int
) -> dict[str, float]:
    """Return the home's use (and production) over the last days, by statistic."""
    home = set(home_meters())
    consumption = [
        sid
        for sid in statistic_ids
        if (match := STATISTIC_ID.match(sid))
        and match["kind"] in {"consumption", "production"}
        and match["meter"] in home
    ]
    start = datetime.now(UTC) - timedelta(days=days)
    rows = await api.ws(
        "recorder/statistics_during_period",
        start_time=start.isoformat(),
        statistic_ids=consumption,
        period="day",
        types=["change"],
    )
    return {
        sid: sum(row.get("change") or 0 for row in rows.get(sid, []))
        for sid in consumption
    }


async def configure_energy(
    api: HomeAssistantApi,
    process: HomeAssistantProcess,
    sew_url: str,
    *,
    within: float,
) -> str:
    """Point the Energy dashboard at the utility's statistics once they exist.

    Keeps preferences that already name energy sources. Returns a line saying what it did.
    """
    try:
        prefs = await api.ws("energy/get_prefs")
    except ApiError:
        prefs = None
    if prefs and prefs.get("energy_sources"):
        return "Energy dashboard: kept the sources already configured"
    host = host_slug(sew_url)
    print(
        "Waiting for the utility's hourly history to reach the recorder, to configure "
        "the Energy dashboard (one to two minutes)...",
        flush=True,
    )

    missing: list[str] = []

    async def complete() -> dict[str, dict[str, Any]] | None:
        found = await integration_statistics(api, host)
        missing[:] = missing_home_statistics(list(found))
        if not missing:
            # The backfill writes a meter's metadata before all its hours: wait until
            # the week the dashboard shows is there for every meter of the home.
            usage = await recent_usage(api, list(found), days=7)
            missing[:] = [
                f"recent hours of {sid}" for sid, total in usage.items() if total <= 0
            ]
        return None if missing else found

    try:
        found = await wait_for(
            f"the statistics of the home's meters (source {DOMAIN})",
            complete,
            within=within,
            interval=2,
            process=process,
        )
    except StackError as err:
        raise StackError(f"{err}; missing: {', '.join(missing)}") from err
    sources = energy_sources(list(found))
    await api.ws("energy/save_prefs", energy_sources=sources, device_consumption=[])
    counts = ", ".join(
        f"{sum(1 for s in sources if s['type'] == kind)} {kind}"
        for kind in ("grid", "solar", "water", "gas")
    )
    used = sum(1 for s in sources for k, v in s.items() if k.startswith("stat_") and v)
    return f"Energy dashboard: configured {counts} source(s) with {used} statistics"


async def start_and_provision(
    sims: Simulators,
    session: aiohttp.ClientSession,
    process: HomeAssistantProcess,
    *,
    statistics_within: float,
) -> tuple[HomeAssistantApi, Provisioned]:
    """Start Home Assistant and provision it where it is not yet; return the API session.

    On a configuration provisioned before (a restart), this only logs in and waits for
    the integration's entries, keeping what is there.
    """
    await process.start()
    print(
        f"Home Assistant is starting on {HA_URL} (log: {process.log_file})", flush=True
    )
    api = HomeAssistantApi(session)
    result = Provisioned()
    await wait_until_running(api, process)
    await log_in(api, result)
    await add_accounts(api, session, sims, result)
    await wait_for_loaded_entries(api, session, process, result)
    try:
        result.energy = await configure_energy(
            api, process, sims.sew_url, within=statistics_within
        )
    except StackError as err:
        result.energy = f"Energy dashboard NOT configured: {err}"
    return api, result
