"""Home Assistant on the simulators until Ctrl-C, or the smoke or browser check.

Run from the repository's root by scripts/develop, which provides .venv and stops a Home
Assistant this process leaves running.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from pathlib import Path
import signal
import sys

import aiohttp

from .ha_api import HomeAssistantApi
from .provision import PASSWORD, USER_NAME, USERNAME, Provisioned, start_and_provision
from .stack import (
    HA_PORT,
    HA_URL,
    REPO_ROOT,
    SECOND_SEW_PORT,
    SEW_PORT,
    THINQ_PORT,
    HomeAssistantProcess,
    Simulators,
    StackError,
    prepare_config,
    require_free_ports,
    simulators,
    thinq_state_path,
)

ARTIFACTS = REPO_ROOT / "artifacts"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/develop", description=__doc__.splitlines()[0]
    )
    checks = parser.add_mutually_exclusive_group()
    checks.add_argument(
        "--smoke",
        dest="mode",
        action="store_const",
        const="smoke",
        help="run the headless smoke check on a fresh configuration, then stop",
    )
    checks.add_argument(
        "--browser-check",
        dest="mode",
        action="store_const",
        const="browser",
        help="run the browser check in chromium on a fresh configuration, then stop",
    )
    parser.set_defaults(mode="develop")
    parser.add_argument(
        "--reset",
        action="store_true",
        help="start from a fresh configuration (keeps only configuration.yaml)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        help="configuration directory (develop: config/; checks: a fresh one "
        "under artifacts/)",
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        default=ARTIFACTS / "screenshots",
        help="where the browser check saves its screenshots",
    )
    parser.add_argument(
        "--statistics-timeout",
        type=float,
        default=180,
        help="seconds to wait for the utility statistics (backfill)",
    )
    return parser.parse_args()


async def _device_id(api: HomeAssistantApi, name: str) -> str | None:
    devices = await api.ws("config/device_registry/list")
    return next(
        (d["id"] for d in devices if (d.get("name_by_user") or d.get("name")) == name),
        None,
    )


async def _summary(api: HomeAssistantApi, result: Provisioned, config_dir: Path) -> str:
    heat_pump = await _device_id(api, "Living room heat pump")
    device_url = (
        f"{HA_URL}/config/devices/device/{heat_pump}"
        if heat_pump
        else f"{HA_URL}/config/devices/dashboard"
    )
    accounts = [f"added {t}" for t in result.added] + [
        f"kept {t}" for t in result.present
    ]
    if result.reauthenticated:
        accounts.append(
            "signed in to LG again (the simulated LG cloud had no saved sign-in "
            "for this configuration)"
        )
    try:
        log = config_dir.relative_to(REPO_ROOT) / "home-assistant.log"
    except ValueError:
        log = config_dir / "home-assistant.log"
    return "\n".join(
        [
            "",
            "=" * 78,
            f"Home Assistant is ready: {HA_URL}",
            f'  log in as: {USERNAME}   password: {PASSWORD}   (user "{USER_NAME}")',
            f"  accounts: {'; '.join(accounts)}",
            f"  {result.energy}",
            "What to look at:",
            "  Settings > Devices & services > SEW Utility & LG ThinQ: the utility and LG",
            "    accounts, their devices and entities",
            f"    {HA_URL}/config/integrations/integration/sew_thinq",
            "  The Living room heat pump: change its mode or setpoint (in °F); the",
            "    simulated unit follows, the Garage heat pump is offline (unavailable)",
            f"    {device_url}",
            "  The Energy dashboard: electricity from and to the grid, water and gas",
            "    with their costs; pick 'Last 7 days' in its date picker (the utility",
            "    publishes usage a day or two late, so today is empty)",
            f"    {HA_URL}/energy",
            "  Add a utility account yourself: Add integration > SEW Utility & LG ThinQ >",
            "    Utility account > 'Another utility', with the SEW portal's help URL above",
            "    (it is already added, so the flow ends with 'already configured')",
            f"  Home Assistant's log: {log}",
            "Press Ctrl-C to stop Home Assistant and the simulators.",
            "=" * 78,
        ]
    )


type Provisioning = tuple[
    HomeAssistantApi, Simulators, HomeAssistantProcess, Provisioned
]


@contextlib.asynccontextmanager
async def _provisioned(
    config_dir: Path,
    arguments: argparse.Namespace,
    *,
    quiet: bool,
    second_portal: bool = False,
) -> AsyncIterator[Provisioning]:
    """Start the simulators and Home Assistant on a configuration and provision it.

    Home Assistant is stopped on the way out, the simulators after it.
    """
    process = HomeAssistantProcess(config_dir)
    async with (
        simulators(
            thinq_state=thinq_state_path(config_dir),
            second_portal=second_portal,
            quiet=quiet,
        ) as sims,
        aiohttp.ClientSession() as session,
    ):
        api: HomeAssistantApi | None = None
        try:
            api, result = await start_and_provision(
                sims,
                session,
                process,
                statistics_within=arguments.statistics_timeout,
            )
            yield api, sims, process, result
        finally:
            if api is not None:
                await api.close()
            if not quiet:
                print("Stopping Home Assistant and the simulators...", flush=True)
            await process.stop()


async def develop(arguments: argparse.Namespace) -> int:
    """Run Home Assistant on the simulators until interrupted."""
    config_dir = (arguments.config or REPO_ROOT / "config").resolve()
    require_free_ports([HA_PORT, SEW_PORT, THINQ_PORT])
    fresh = prepare_config(config_dir, reset=arguments.reset)
    print(
        f"Using {'a fresh' if fresh else 'the existing'} configuration in {config_dir}"
        + ("" if fresh else " (scripts/develop --reset starts afresh)"),
        flush=True,
    )
    async with _provisioned(config_dir, arguments, quiet=False) as (
        api,
        _,
        process,
        result,
    ):
        print(await _summary(api, result, config_dir), flush=True)
        assert process.process is not None
        code = await process.process.wait()
        print(f"Home Assistant exited with code {code}", file=sys.stderr)
        return 1


async def _check(
    arguments: argparse.Namespace,
    name: str,
    check: Callable[
        [HomeAssistantApi, Simulators, HomeAssistantProcess], Awaitable[int]
    ],
    *,
    second_portal: bool = False,
) -> int:
    """Provision a fresh configuration on the simulators, run a check, stop everything."""
    ports = [HA_PORT, SEW_PORT, THINQ_PORT]
    require_free_ports([*ports, SECOND_SEW_PORT] if second_portal else ports)
    config_dir = (arguments.config or ARTIFACTS / name / "config").resolve()
    prepare_config(config_dir, reset=True)
    async with _provisioned(
        config_dir, arguments, quiet=True, second_portal=second_portal
    ) as (api, sims, process, result):
        print(f"provisioned: {'; '.join(result.added)}; {result.energy}", flush=True)
        return await check(api, sims, process)


async def smoke(arguments: argparse.Namespace) -> int:
    """Start from a fresh configuration, check what a user would see, stop."""
    from .smoke import run_smoke  # noqa: PLC0415

    return await _check(
        arguments,
        "smoke",
        lambda api, sims, process: run_smoke(
            api, sims, process, arguments.statistics_timeout
        ),
    )


async def browser(arguments: argparse.Namespace) -> int:
    """Start from a fresh configuration and click through the real frontend."""
    from .browser import run_browser_check  # noqa: PLC0415

    return await _check(
        arguments,
        "browser",
        lambda api, sims, process: run_browser_check(
            api, sims, process, arguments.screenshots
        ),
        second_portal=True,
    )


async def _until_signal(
    work: Callable[[], Awaitable[int]], *, interrupted_code: int
) -> int:
    """Run `work`; SIGINT, SIGTERM and SIGHUP cancel it, so its clean-up runs."""
    task = asyncio.ensure_future(work())
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:
        print("Stopped.", flush=True)
        return interrupted_code


def main() -> int:
    """Run the chosen mode; return the exit code."""
    arguments = _arguments()
    modes = {"develop": develop, "smoke": smoke, "browser": browser}
    # Ctrl-C is how the main command ends; it fails a check.
    interrupted = 0 if arguments.mode == "develop" else 130
    try:
        return asyncio.run(
            _until_signal(
                lambda: modes[arguments.mode](arguments), interrupted_code=interrupted
            )
        )
    except KeyboardInterrupt:
        return interrupted
    except StackError as err:
        print(f"\nFAILED ({arguments.mode}): {err}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
