"""Fixtures shared by the integration's tests: the simulators and config entries."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from unittest.mock import PropertyMock, patch
from urllib.parse import urljoin, urlsplit

import aiohttp
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

# Import the checkout's integration before Home Assistant's loader looks for it.
import custom_components.sew_thinq  # noqa: F401
from custom_components.sew_thinq.const import (
    CONF_COUNTRY,
    CONF_GATEWAY_URL,
    CONF_HISTORY_DAYS,
    CONF_KIND,
    CONF_LANGUAGE,
    CONF_LAYOUT,
    CONF_PASSWORD_SHA256,
    CONF_PORTAL_URL,
    CONF_REFRESH_TOKEN,
    CONF_REQUEST_RATE,
    CONF_UTILITY,
    CONF_WINDOW_DAYS,
    DOMAIN,
    KIND_SEW,
    KIND_THINQ,
)
from custom_components.sew_thinq.sew import (
    KNOWN_UTILITIES,
    Encryption,
    MobileDialect,
    hash_password,
)
from custom_components.sew_thinq.sew.layout import mobile_layout
from simulators.sew import (
    DEMO_PASSWORD as SEW_PASSWORD,
    DEMO_USERNAME as SEW_USERNAME,
    SewPortal,
    start_sew_portal,
)
from simulators.thinq import (
    DEMO_PASSWORD as THINQ_PASSWORD,
    DEMO_USER_NUMBER,
    DEMO_USERNAME as THINQ_USERNAME,
    ThinQCloud,
    start_thinq_cloud,
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Let Home Assistant load integrations from custom_components, with a recorder."""


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create every entity enabled, including those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Serialize Home Assistant's states and registry entries readably."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@dataclass
class RunningSewPortal:
    """A simulated utility portal serving on 127.0.0.1."""

    portal: SewPortal
    base_url: str


@dataclass
class RunningThinQCloud:
    """A simulated LG ThinQ cloud serving on 127.0.0.1."""

    cloud: ThinQCloud
    gateway_url: str


# The simulated portal's clock; tests of utility entities freeze Home Assistant's too.
SEW_NOW = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)
SEW_USER_ID = "10245"
# The user id each tenant profile's login has (the widget flavor's is the account number).
USER_IDS = {
    "hidroelectrica": "1048576",
    "nbpower": "2004417",
    "mobile-seed": SEW_USER_ID,
    "mobile-sew": SEW_USER_ID,
    "acwd": "52117",
    "paloalto": "31877",
}
# The catalogue entry a web-portal profile stands for, where the names differ.
PROFILE_UTILITIES = {"paloalto": "city_of_palo_alto"}


def sew_entry_data(profile: str, base_url: str) -> dict[str, Any]:
    """Return the data the config flow stores for a login on a tenant profile.

    Listed utilities are reached through the flow's portal address (the simulator);
    the mobile profiles as "another utility" found at their help page.
    """
    data: dict[str, Any] = {CONF_KIND: KIND_SEW, CONF_USERNAME: SEW_USERNAME}
    utility = PROFILE_UTILITIES.get(profile, profile)
    if utility in KNOWN_UTILITIES:
        layout = KNOWN_UTILITIES[utility].layout.rebased(base_url)
        data.update(
            {
                CONF_UTILITY: utility,
                CONF_PORTAL_URL: base_url,
                CONF_PASSWORD: SEW_PASSWORD,
            }
        )
    else:
        dialect = MobileDialect.SEED if profile == "mobile-seed" else MobileDialect.SEW
        folder = "PortalService" if profile == "mobile-seed" else "scp6.6.3-service"
        layout = mobile_layout(f"{base_url}/{folder}", dialect, Encryption.KEY_IV)
        data[CONF_PASSWORD_SHA256] = hash_password(SEW_PASSWORD)
    data[CONF_LAYOUT] = layout.as_dict()
    return data


@pytest.fixture
def sew_profile() -> str:
    """The simulated tenant the utility tests run against; tests override this fixture."""
    return "mobile-seed"


@pytest.fixture
def sew_portal_options(sew_profile: str) -> dict[str, Any]:
    """Options of the simulated utility portal; tests override this fixture."""
    return {"now": SEW_NOW, "profile": sew_profile}


@pytest.fixture
async def sew_portal(
    socket_enabled: None, sew_portal_options: dict[str, Any]
) -> AsyncGenerator[RunningSewPortal]:
    """Serve a simulated utility portal for the test."""
    runner, portal, base_url = await start_sew_portal(**sew_portal_options)
    try:
        yield RunningSewPortal(portal, base_url)
    finally:
        await runner.cleanup()


@pytest.fixture
def thinq_cloud_options() -> dict[str, Any]:
    """Options of the simulated ThinQ cloud; tests override this fixture."""
    return {"warmup_polls": 0}


@pytest.fixture
async def thinq_cloud(
    socket_enabled: None, thinq_cloud_options: dict[str, Any]
) -> AsyncGenerator[RunningThinQCloud]:
    """Serve a simulated LG ThinQ cloud for the test."""
    runner, cloud, gateway_url = await start_thinq_cloud(**thinq_cloud_options)
    try:
        yield RunningThinQCloud(cloud, gateway_url)
    finally:
        await runner.cleanup()


@pytest.fixture
def sew_options() -> dict[str, Any]:
    """Options of the utility entry: a short history, read as fast as tests go."""
    return {CONF_HISTORY_DAYS: 40, CONF_WINDOW_DAYS: 2, CONF_REQUEST_RATE: 1000}


@pytest.fixture
def hourly_history_days() -> int:
    """Days of hourly history imported; most tests need only a few."""
    return 3


@pytest.fixture(autouse=True)
def short_hourly_history(hourly_history_days: int) -> Generator[None]:
    """Import as many days of hourly history as the test asks for."""
    with patch(
        "custom_components.sew_thinq.sew_coordinator.HOURLY_HISTORY_DAYS",
        hourly_history_days,
    ):
        yield


@pytest.fixture
def sew_entry(
    sew_portal: RunningSewPortal, sew_options: dict[str, Any]
) -> MockConfigEntry:
    """A utility login on the simulated tenant, as the config flow makes it."""
    profile = sew_portal.portal.profile.name
    return MockConfigEntry(
        options=sew_options,
        domain=DOMAIN,
        version=2,
        entry_id="01KSEW000000000000000000AA",
        title=f"Simulated utility ({SEW_USERNAME})",
        unique_id=f"{urlsplit(sew_portal.base_url).hostname}_{USER_IDS[profile]}",
        data=sew_entry_data(profile, sew_portal.base_url),
    )


@pytest.fixture
def thinq_entry(thinq_cloud: RunningThinQCloud) -> MockConfigEntry:
    """An LG ThinQ account on the simulated cloud."""
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id="01KTHINQ0000000000000000AA",
        title="LG ThinQ (US)",
        unique_id=DEMO_USER_NUMBER,
        data={
            CONF_KIND: KIND_THINQ,
            CONF_GATEWAY_URL: thinq_cloud.gateway_url,
            CONF_COUNTRY: "US",
            CONF_LANGUAGE: "en-US",
            CONF_REFRESH_TOKEN: thinq_cloud.cloud.issue_refresh_token(),
        },
    )


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add a config entry, set it up and let its background work finish."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


async def sew_form(hass: HomeAssistant) -> ConfigFlowResult:
    """Open the config flow and pick a utility account: the form asking for the login."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "sew"}
    )


async def sign_in_listed(
    hass: HomeAssistant,
    utility: str,
    base_url: str,
    username: str = SEW_USERNAME,
    password: str = SEW_PASSWORD,
) -> ConfigFlowResult:
    """Open the flow and sign in to a listed utility reached at the simulator."""
    result = await sew_form(hass)
    return await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_UTILITY: utility,
            CONF_USERNAME: username,
            CONF_PASSWORD: password,
            "advanced": {CONF_PORTAL_URL: base_url},
        },
    )


@contextmanager
def offline() -> Iterator[list[str]]:
    """Fail every HTTP request as a machine off the network would; list those asked."""
    asked: list[str] = []

    async def unreachable(
        session: aiohttp.ClientSession, method: str, url: Any, **kwargs: Any
    ) -> aiohttp.ClientResponse:
        asked.append(str(url))
        raise aiohttp.ClientConnectionError

    with patch.object(aiohttp.ClientSession, "_request", unreachable):
        yield asked


async def hourly_statistics(
    hass: HomeAssistant, statistic: str
) -> list[dict[str, Any]]:
    """Return every hourly row of a statistic (its state and sum), oldest first."""
    await async_wait_recording_done(hass)
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        dt_util.utc_from_timestamp(0),
        None,
        {statistic},
        "hour",
        None,
        {"state", "sum"},
    )
    return [dict(row) for row in rows.get(statistic, [])]


class _FormReader(HTMLParser):
    """Collect a page's forms: each one's action and hidden fields, as a browser would."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append((attributes.get("action") or "", {}))
        elif tag == "input" and attributes.get("type") == "hidden" and self.forms:
            self.forms[-1][1][attributes.get("name") or ""] = (
                attributes.get("value") or ""
            )


async def browser_sign_in(
    login_url: str,
    *,
    username: str = THINQ_USERNAME,
    password: str = THINQ_PASSWORD,
    google: bool = False,
) -> str:
    """Sign in on the simulated LG page; return the address the browser ends on.

    The page's first form takes the e-mail and password; the second is "Continue with
    Google".
    """
    async with aiohttp.ClientSession() as session:
        async with session.get(login_url) as page:
            reader = _FormReader()
            reader.feed(await page.text())
        action, fields = reader.forms[1 if google else 0]
        if not google:
            fields = {**fields, "username": username, "password": password}
        async with session.post(
            urljoin(login_url, action), data=fields, allow_redirects=False
        ) as answer:
            assert answer.status == 302, await answer.text()
            return answer.headers["Location"]


async def remove_device(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    entry: MockConfigEntry,
    device_id: str,
) -> bool:
    """Ask to delete a device from its page, as the frontend does; return if it went."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "config/device_registry/remove_config_entry",
            "config_entry_id": entry.entry_id,
            "device_id": device_id,
        }
    )
    response = await client.receive_json()
    success: bool = response["success"]
    return success
