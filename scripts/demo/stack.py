"""Start and stop the simulators and Home Assistant, and wait for them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from dataclasses import dataclass
import json
import os
from pathlib import Path
import shutil
import signal
import socket
import sys
import time

from aiohttp import web
from homeassistant.components.onboarding import STORAGE_KEY, STORAGE_VERSION
from homeassistant.components.onboarding.const import STEP_CORE_CONFIG

from simulators.sew import SewPortal, describe as describe_sew_portal, start_sew_portal
from simulators.thinq import (
    ThinQCloud,
    describe as describe_thinq_cloud,
    start_thinq_cloud,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_TEMPLATE = REPO_ROOT / "config" / "configuration.yaml"
INTEGRATION = REPO_ROOT / "custom_components" / "sew_thinq"

HOST = "127.0.0.1"
HA_PORT = 8123
SEW_PORT = 8301
# The simulated tenant of the demo: the home with electricity and solar, water and gas, in
# the seed article's mobile request dialect (the only profile with such a home).
SEW_PROFILE = "mobile-seed"
THINQ_PORT = 8302
SECOND_SEW_PORT = 8303
# The second portal is reached by another host name: the utility entry's unique id is
# "<host name>_<user id>", so the same demo user on 127.0.0.1 would be already configured.
SECOND_SEW_HOST_NAME = "localhost"

HA_URL = f"http://{HOST}:{HA_PORT}"


class StackError(Exception):
    """Something the demo needs did not happen; the message says what."""


@dataclass(slots=True)
class Simulators:
    """The running simulated utility portal(s) and LG cloud."""

    portal: SewPortal
    sew_url: str
    cloud: ThinQCloud
    gateway_url: str
    thinq_runner: web.AppRunner
    thinq_state: Path | None = None
    second_portal: SewPortal | None = None
    second_sew_url: str | None = None

    async def restart_thinq_cloud(self) -> None:
        """Stop the simulated LG cloud and start it again, from its saved state."""
        await self.thinq_runner.cleanup()
        self.thinq_runner, self.cloud, self.gateway_url = await start_thinq_cloud(
            HOST, THINQ_PORT, state_path=self.thinq_state
        )

    @property
    def sew_help_url(self) -> str:
        """Return the mobile help page: the address a user copies from the portal."""
        return f"{self.sew_url}/PortalService/UserLogin.svc/help"

    @property
    def second_sew_help_url(self) -> str:
        """Return the second portal's mobile help page, by its other host name."""
        assert self.second_sew_url is not None
        return f"{self.second_sew_url}/PortalService/UserLogin.svc/help"


def port_in_use(port: int, host: str = HOST) -> bool:
    """Return whether something listens on the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def require_free_ports(ports: list[int]) -> None:
    """Fail with a clear message when a port the demo needs is taken."""
    busy = [port for port in ports if port_in_use(port)]
    if busy:
        raise StackError(
            f"port(s) {', '.join(map(str, busy))} on {HOST} already in use: is "
            "scripts/develop (or another Home Assistant) still running? Stop it first."
        )


def thinq_state_path(config_dir: Path) -> Path:
    """Return where the simulated LG cloud of a configuration keeps its state.

    Inside the configuration, so that --reset forgets both sides of a sign-in together.
    """
    return config_dir / ".simulators" / "thinq_cloud.json"


@contextlib.asynccontextmanager
async def simulators(
    *,
    thinq_state: Path | None = None,
    second_portal: bool = False,
    quiet: bool = False,
) -> AsyncIterator[Simulators]:
    """Run the simulators as `python -m simulators` does, in this process.

    The LG cloud continues from `thinq_state` and keeps its state there. With
    `second_portal`, a second utility portal (no encryption) listens on
    SECOND_SEW_PORT, to be added under the host name SECOND_SEW_HOST_NAME.
    """
    runners: list[web.AppRunner] = []
    running: Simulators | None = None
    try:
        sew_runner, portal, sew_url = await start_sew_portal(
            HOST, SEW_PORT, profile=SEW_PROFILE, encryption="android"
        )
        runners.append(sew_runner)
        thinq_runner, cloud, gateway_url = await start_thinq_cloud(
            HOST, THINQ_PORT, state_path=thinq_state
        )
        running = Simulators(
            portal, sew_url, cloud, gateway_url, thinq_runner, thinq_state
        )
        if second_portal:
            second_runner, second, second_url = await start_sew_portal(
                HOST, SECOND_SEW_PORT, profile=SEW_PROFILE, encryption="none"
            )
            runners.append(second_runner)
            running.second_portal = second
            running.second_sew_url = second_url.replace(HOST, SECOND_SEW_HOST_NAME)
        if not quiet:
            print(describe_sew_portal(portal, sew_url), flush=True)
            print(describe_thinq_cloud(cloud, gateway_url, thinq_state), flush=True)
            if running.second_portal is not None:
                print(f"Second SEW portal (simulated): {running.second_sew_url}")
        yield running
    finally:
        if running is not None:
            await running.thinq_runner.cleanup()
        for runner in reversed(runners):
            await runner.cleanup()


def prepare_config(config_dir: Path, *, reset: bool) -> bool:
    """Make `config_dir` a Home Assistant configuration; return whether it is fresh.

    A fresh (or reset) directory holds only configuration.yaml (a copy of the checked-in
    one, unless it is config/ itself), the link to this checkout's integration and
    onboarding's core-config step recorded as done (see `_core_config_done`).
    """
    config_dir.mkdir(parents=True, exist_ok=True)
    if reset:
        for item in config_dir.iterdir():
            if item.name == "configuration.yaml" and item.resolve() == CONFIG_TEMPLATE:
                continue
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item)
            else:
                item.unlink()
    configuration = config_dir / "configuration.yaml"
    if not configuration.exists():
        shutil.copyfile(CONFIG_TEMPLATE, configuration)
    components = config_dir / "custom_components"
    components.mkdir(exist_ok=True)
    link = components / "sew_thinq"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(INTEGRATION, components))
    onboarding = config_dir / ".storage" / STORAGE_KEY
    if onboarding.exists():
        return False
    _core_config_done(onboarding)
    return True


def _core_config_done(onboarding: Path) -> None:
    """Record onboarding's core-config step as done before Home Assistant first starts.

    configuration.yaml's homeassistant: section answers what the step asks (location,
    units, currency). Posting the step would also start the flows of google_translate,
    met, radio_browser and shopping_list (onboarding/views.py, CoreConfigOnboardingView):
    integrations the demo does not use, which reach the internet or, uninstalled, fail
    with errors in the log. The rest of onboarding (the user, analytics, the
    integration step) goes through Home Assistant's API as the frontend's wizard does.
    """
    onboarding.parent.mkdir(parents=True, exist_ok=True)
    store = {
        "version": STORAGE_VERSION,
        "minor_version": 1,
        "key": STORAGE_KEY,
        "data": {"done": [STEP_CORE_CONFIG]},
    }
    onboarding.write_text(json.dumps(store, indent=2), encoding="utf-8")


class HomeAssistantProcess:
    """Home Assistant (`hass`) as a child process in its own process group."""

    def __init__(self, config_dir: Path) -> None:
        """Remember where the configuration is."""
        self.config_dir = config_dir
        self.log_file = config_dir / "home-assistant.log"
        self.console_file = config_dir / "home-assistant.console.log"
        self.process: asyncio.subprocess.Process | None = None
        # The calling script's EXIT trap stops the process recorded here, should this
        # Python process die without stopping it.
        pidfile = os.environ.get("DEMO_HASS_PIDFILE")
        self.pidfile = Path(pidfile) if pidfile else None

    async def start(self) -> None:
        """Start Home Assistant; it installs nothing (requirements_dev.txt did)."""
        hass = Path(sys.executable).parent / "hass"
        with self.console_file.open("wb") as console:
            self.process = await asyncio.create_subprocess_exec(
                str(hass),
                "--config",
                str(self.config_dir),
                "--skip-pip",
                stdin=asyncio.subprocess.DEVNULL,
                stdout=console,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )
        if self.pidfile is not None:
            self.pidfile.write_text(f"{self.process.pid}\n", encoding="utf-8")

    @property
    def pid(self) -> int:
        """Return the process id (also its process group's id)."""
        assert self.process is not None
        return self.process.pid

    @property
    def exited(self) -> bool:
        """Return whether the process has ended."""
        return self.process is not None and self.process.returncode is not None

    async def stop(self, within: float = 60) -> None:
        """Ask Home Assistant to stop (SIGTERM), then kill its group if it must."""
        process = self.process
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), within)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
        if self.pidfile is not None:
            # Empty, not remove: the calling script owns the file (and may have
            # removed it already, when it was stopped too).
            with (
                contextlib.suppress(FileNotFoundError),
                self.pidfile.open("r+") as file,
            ):
                file.truncate()

    def log_tail(self, lines: int = 40) -> str:
        """Return the last lines Home Assistant logged (or printed, if it logged none)."""
        for path in (self.log_file, self.console_file):
            if path.exists() and path.stat().st_size:
                text = path.read_text(encoding="utf-8", errors="replace")
                return "\n".join(text.splitlines()[-lines:])
        return "(Home Assistant wrote no log)"

    def logged_errors(self) -> list[str]:
        """Return the ERROR and CRITICAL lines of Home Assistant's log."""
        if not self.log_file.exists():
            return []
        return [
            line
            for line in self.log_file.read_text(
                encoding="utf-8", errors="replace"
            ).splitlines()
            if " ERROR " in line or " CRITICAL " in line
        ]


async def wait_for[T](
    what: str,
    probe: Callable[[], Awaitable[T | None]],
    *,
    within: float,
    interval: float = 1.0,
    process: HomeAssistantProcess | None = None,
) -> T:
    """Call `probe` until it returns something other than None; fail after `within` seconds.

    The last exception the probe raised (if any) is part of the failure message. When
    `process` ends meanwhile, fail at once.
    """
    deadline = time.monotonic() + within
    last_error: str = ""
    while True:
        try:
            result = await probe()
        except Exception as err:  # noqa: BLE001
            last_error = f"{type(err).__name__}: {err}"
        else:
            if result is not None:
                return result
            last_error = ""
        if process is not None and process.exited:
            raise StackError(
                f"Home Assistant exited while waiting for {what}; its log ends with:\n"
                + process.log_tail()
            )
        if time.monotonic() >= deadline:
            raise StackError(
                f"timed out after {within:.0f} s waiting for {what}"
                + (f" (last error: {last_error})" if last_error else "")
            )
        await asyncio.sleep(interval)
