"""The browser check: the real frontend in Debian's chromium, driven by Playwright.

`scripts/develop --browser-check`: the simulators (plus a second utility portal on
localhost:8303) and Home Assistant on a fresh configuration (artifacts/browser/config), set
up as scripts/develop does; then Playwright drives Debian's chromium (headless, no browser
download): logs in, adds a second utility account by clicking through "Add integration" (a
mistyped password, "my utility" as the address, then back on the password's form and
through), opens the heat pump's device page, the solar meter's device page (made by the
utility, no login shown) and the Energy dashboard (grid, solar, gas and water totals).
Screenshots: artifacts/screenshots/. Fails on a raw translation key, an unexpected error in
a form, an expected error not shown, a login on a device page, or an empty dashboard.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import contextlib
from pathlib import Path
import re
import time
from urllib.parse import urlsplit

from playwright.async_api import (
    Browser,
    Error as PlaywrightError,
    Locator,
    Page,
    async_playwright,
)

from .ha_api import HomeAssistantApi
from .provision import DOMAIN, PASSWORD, SEW_PASSWORD, SEW_USERNAME, USERNAME
from .stack import HA_URL, HomeAssistantProcess, Simulators, StackError, wait_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Only this machine: names other than localhost do not resolve (brand icons of
    # Home Assistant's own integrations, links to its documentation).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
# Text a form shows when a translation is missing: the key itself.
RAW_KEY = re.compile(r"component\.sew_thinq\.|\[%key:|config\.step\.|config\.error\.")
TIMEOUT_MS = 30_000
HEAT_PUMP_NAME = "Living room heat pump"
CUSTOM_UTILITY = "Another utility (enter its portal address)"
# The Energy dashboard's Totals card: a row per source, empty when it shows 0.
SOURCES = ("Solar", "Grid", "Gas", "Water")
WRONG_PASSWORD = "not-the-password"  # noqa: S105 - what a user mistypes
NOT_AN_ADDRESS = "my utility"
SOLAR_METER_NAME = "Solar meter PV10004521"
ZERO = re.compile(r"(?<![\d.])0 (Wh|kWh|CCF|gal|ft³|m³)\b")


class BrowserCheckError(StackError):
    """What the user would see is wrong."""


class Session:
    """One browser page, the screenshots taken and the problems seen."""

    def __init__(self, page: Page, screenshots: Path) -> None:
        """Save screenshots into `screenshots`."""
        self.page = page
        self.screenshots = screenshots
        self.taken: list[str] = []
        self.console_errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text)
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    async def shot(self, name: str, what: str) -> None:
        """Save a screenshot of the whole page."""
        path = self.screenshots / f"{len(self.taken) + 1:02d}-{name}.png"
        await self.page.screenshot(path=path)
        self.taken.append(f"{path.name}: {what}")
        print(f"  screenshot {path.name}: {what}", flush=True)

    async def check_dialog(self, dialog: Locator, step: str) -> None:
        """Fail when the flow dialog shows a raw translation key or an error."""
        raw = dialog.get_by_text(RAW_KEY)
        if await raw.count():
            texts = await raw.all_inner_texts()
            raise BrowserCheckError(f"{step}: the dialog shows raw keys: {texts}")
        errors = dialog.locator("ha-alert[alert-type=error]")
        if await errors.count():
            texts = await errors.all_inner_texts()
            raise BrowserCheckError(f"{step}: the dialog shows an error: {texts}")

    async def expect_error(self, dialog: Locator, step: str, says: str) -> None:
        """Fail unless the flow dialog shows an error saying `says`, and no raw key."""
        alert = dialog.locator("ha-alert[alert-type=error]", has_text=says)
        try:
            await alert.first.wait_for()
        except PlaywrightError as err:
            shown = await dialog.locator("ha-alert").all_inner_texts()
            raise BrowserCheckError(
                f"{step}: no error saying {says!r}; the dialog shows {shown}"
            ) from err
        raw = dialog.get_by_text(RAW_KEY)
        if await raw.count():
            texts = await raw.all_inner_texts()
            raise BrowserCheckError(f"{step}: the dialog shows raw keys: {texts}")


async def _step(name: str, work: Callable[[], Awaitable[None]]) -> None:
    print(f"... {name}", flush=True)
    started = time.monotonic()
    try:
        await work()
    except PlaywrightError as err:
        first_line = str(err).splitlines()[0]
        raise BrowserCheckError(f"{name}: {first_line}") from err
    print(f"  ok ({time.monotonic() - started:.0f} s)", flush=True)


async def log_in(session: Session) -> None:
    """Log in on Home Assistant's login page as the demo user."""
    page = session.page
    await page.goto(HA_URL + "/")
    await page.get_by_role("textbox", name="Username").fill(USERNAME)
    await page.get_by_role("textbox", name="Password").fill(PASSWORD)
    await session.shot("login", "Home Assistant's login page, filled in")
    await page.get_by_role("button", name="Log in").click()
    await page.locator("ha-sidebar").wait_for()


async def add_utility_account(session: Session, portal_url: str) -> str:
    """Add a utility account by clicking through "Add integration"; return its title."""
    page = session.page
    await page.goto(HA_URL + "/config/integrations/dashboard")
    await page.get_by_role("button", name="Add integration").click()
    await page.get_by_placeholder("Search for a brand name").fill("SEW")
    await (
        page.locator("dialog-add-integration")
        .get_by_text("SEW Utility & LG ThinQ")
        .click()
    )

    flow = page.locator("dialog-data-entry-flow")
    await flow.get_by_text("Utility account").wait_for()
    await session.check_dialog(flow, "menu")
    await session.shot("add-integration-menu", "the flow's menu: utility or LG")
    await flow.get_by_text("Utility account").click()

    await flow.get_by_role("textbox", name="Username").wait_for()
    await session.check_dialog(flow, "utility form")
    await flow.locator("ha-select").click()
    await page.get_by_role("menuitem", name=CUSTOM_UTILITY).click()
    await flow.get_by_role("textbox", name="Username").fill(SEW_USERNAME)
    await flow.get_by_role("textbox", name="Password").fill(WRONG_PASSWORD)
    await session.shot(
        "utility-form", "the utility form: custom utility, a mistyped password"
    )
    await flow.get_by_role("button", name="Submit").click()

    url = flow.get_by_role("textbox", name="URL")
    await url.wait_for()
    await session.check_dialog(flow, "portal form")
    await url.fill(NOT_AN_ADDRESS)
    await flow.get_by_role("button", name="Submit").click()
    await session.expect_error(flow, "a bad address", "not a web address")
    await session.shot("bad-url", f"{NOT_AN_ADDRESS!r} is said not to be an address")

    await url.fill(portal_url)
    await session.shot("portal-form", f"the portal address form: {portal_url}")
    await flow.get_by_role("button", name="Submit").click()

    # The refused password comes back on the form that has the password field.
    password = flow.get_by_role("textbox", name="Password")
    await password.wait_for()
    await session.expect_error(flow, "a wrong password", "sign-in was refused")
    await session.shot("wrong-password", "back on the password's form, saying why")
    await password.fill(SEW_PASSWORD)
    await flow.get_by_role("button", name="Submit").click()

    # The result: "Name and assign" lists the new entry's devices.
    finish = flow.get_by_role("button", name=re.compile(r"^(Skip and finish|Finish)$"))
    await finish.wait_for()
    await session.check_dialog(flow, "result")
    title = urlsplit(portal_url).hostname or ""
    await flow.get_by_text(title).first.wait_for()
    await session.shot(
        "account-created", f"the flow's result: {title} and its devices to name"
    )
    await finish.click()
    await flow.wait_for(state="hidden")
    return title


async def open_heat_pump(session: Session, api: HomeAssistantApi) -> None:
    """Open the heat pump's device page from the integration's devices."""
    devices = await api.ws("config/device_registry/list")
    device = next(
        (d for d in devices if d.get("name") == HEAT_PUMP_NAME),
        None,
    )
    if device is None:
        raise BrowserCheckError(f"no device named {HEAT_PUMP_NAME}")
    page = session.page
    await page.goto(f"{HA_URL}/config/devices/device/{device['id']}")
    await page.get_by_text(HEAT_PUMP_NAME).first.wait_for()
    await page.get_by_text("Controls").first.wait_for()
    await page.wait_for_load_state("networkidle")
    await session.shot("heat-pump-device", "the heat pump's device page")


async def open_meter_device(session: Session, api: HomeAssistantApi) -> None:
    """Open the solar meter's device page: made by the utility, no login shown."""
    devices = await api.ws("config/device_registry/list")
    device = next((d for d in devices if d.get("name") == SOLAR_METER_NAME), None)
    if device is None:
        raise BrowserCheckError(f"no device named {SOLAR_METER_NAME}")
    if device.get("manufacturer") in {None, ""} or "@" in device["manufacturer"]:
        raise BrowserCheckError(f"the meter's manufacturer is {device['manufacturer']}")
    page = session.page
    await page.goto(f"{HA_URL}/config/devices/device/{device['id']}")
    await page.get_by_text("Production so far this cycle").first.wait_for()
    await page.wait_for_load_state("networkidle")
    shown = await page.locator("body").inner_text()
    for private in (SEW_USERNAME, USERNAME + "@"):
        if private in shown or private in await page.content():
            raise BrowserCheckError(f"the meter's device page shows {private!r}")
    await session.shot("solar-meter-device", "the solar meter's page: no login shown")


async def open_energy(session: Session) -> None:
    """Open the Energy dashboard on the last 7 days; fail when it shows no data.

    Utilities publish usage a day or two late: today's view is empty by design.
    """
    page = session.page
    await page.goto(f"{HA_URL}/energy")
    await page.locator("hui-energy-usage-graph-card").first.wait_for()
    await page.get_by_role("button", name="Select time period").click()
    await page.get_by_text("Last 7 days", exact=True).click()
    no_data = page.get_by_text("There is no data to show")
    totals = {name: page.locator("tr", has_text=f"{name} total") for name in SOURCES}
    problems: list[str] = []
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        problems.clear()
        if count := await no_data.count():
            problems.append(f"{count} card(s) say there is no data to show")
        for name, row in totals.items():
            texts = await row.all_inner_texts()
            if not texts or ZERO.search(texts[0]):
                shown = " ".join(texts[0].split()) if texts else "missing"
                problems.append(f"the {name.lower()} total is {shown}")
        if not problems or time.monotonic() > deadline:
            break
        await page.wait_for_timeout(500)
    await page.wait_for_load_state("networkidle")
    await session.shot("energy-dashboard", "the Energy dashboard, last 7 days")
    await page.get_by_role("tab", name="Electricity").click()
    await page.locator("hui-energy-usage-graph-card").first.wait_for()
    await page.wait_for_load_state("networkidle")
    await session.shot("energy-electricity", "the Energy dashboard's Electricity tab")
    if problems:
        raise BrowserCheckError(f"the Energy dashboard is empty: {'; '.join(problems)}")


async def run_browser_check(
    api: HomeAssistantApi,
    sims: Simulators,
    process: HomeAssistantProcess,
    screenshots: Path,
) -> int:
    """Click through the frontend; save screenshots; return the exit code."""
    _prepare(screenshots)
    async with async_playwright() as playwright:
        browser: Browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            context = await browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="en-US"
            )
            context.set_default_timeout(TIMEOUT_MS)
            session = Session(await context.new_page(), screenshots)
            await _check(session, api, sims, process)
        except BrowserCheckError:
            await _failure_shot(session if "session" in locals() else None)
            raise
        finally:
            await browser.close()
    print(f"\nbrowser check passed; screenshots in {screenshots}:", flush=True)
    for line in session.taken:
        print(f"  {line}", flush=True)
    return 0


def _prepare(screenshots: Path) -> None:
    """Check the browser is there; empty the screenshot folder."""
    if not Path(CHROMIUM).exists():
        raise StackError(f"{CHROMIUM} is missing: apt-get install chromium")
    screenshots.mkdir(parents=True, exist_ok=True)
    for old in screenshots.glob("*.png"):
        old.unlink()


async def _failure_shot(session: Session | None) -> None:
    if session is not None:
        with contextlib.suppress(PlaywrightError):
            await session.shot("failure", "the page when the check failed")


async def _check(
    session: Session,
    api: HomeAssistantApi,
    sims: Simulators,
    process: HomeAssistantProcess,
) -> None:
    await _step("log in to the frontend", lambda: log_in(session))
    titles: list[str] = []

    async def add() -> None:
        assert sims.second_sew_url is not None
        titles.append(await add_utility_account(session, sims.second_sew_help_url))

    await _step("add a second utility account through Add integration", add)

    async def second_entry_loaded() -> bool | None:
        entries = await api.config_entries(DOMAIN)
        hosts = {e["title"]: e["state"] for e in entries if "localhost" in e["title"]}
        return True if "loaded" in hosts.values() else None

    await wait_for(
        "the second utility account to load",
        second_entry_loaded,
        within=120,
        process=process,
    )
    await _step(
        "open the heat pump's device page", lambda: open_heat_pump(session, api)
    )
    await _step(
        "open a meter's device page: no login shown",
        lambda: open_meter_device(session, api),
    )
    await _step("open the Energy dashboard", lambda: open_energy(session))
