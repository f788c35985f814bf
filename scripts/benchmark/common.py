"""What the benchmark's measuring processes share: the simulator host, a loop watchdog, RSS."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
import gc
import json
import logging
import os
from pathlib import Path
import re
import sys
import time
from typing import Any, Self

from custom_components.sew_thinq.const import (
    CONF_KIND,
    CONF_LAYOUT,
    CONF_PASSWORD_SHA256,
    KIND_SEW,
)
from custom_components.sew_thinq.sew import Encryption, MobileDialect, hash_password
from custom_components.sew_thinq.sew.layout import mobile_layout
from simulators.sew import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_USERNAME

# The tenant measured: the only simulated one with an account of four meters (electric
# with solar, water, gas), in the seed article's mobile request dialect. Its answers are
# the unverified shapes: no mobile answer was ever captured.
SEW_PROFILE = "mobile-seed"
SEW_LOGIN_PATHS = (
    "/PortalService/UserLogin.svc/ValidateUserLoginMob",
    "/API/UserLogin/ValidateUserLogin",
)
SEW_USAGE_PATHS = (
    "/PortalService/Usage.svc/GetUsageGenerationMob",
    "/Service/Usage/GetUsageGeneration",
)
# The second account's meter is not part of the benchmark.
SEW_IGNORED_METERS = [f"{DEMO_ACCOUNTS[1].utility_number}_E_E10009981"]
__all__ = [
    "SEW_IGNORED_METERS",
    "SEW_PROFILE",
    "LoopWatch",
    "SimHost",
    "cpu_seconds",
    "emit",
    "load_average",
    "rss_kib",
    "sew_entry_data",
]


def sew_entry_data(base_url: str) -> dict[str, Any]:
    """Return the data the config flow stores for the measured tenant's login."""
    layout = mobile_layout(
        f"{base_url}/PortalService", MobileDialect.SEED, Encryption.KEY_IV
    )
    return {
        CONF_KIND: KIND_SEW,
        CONF_LAYOUT: layout.as_dict(),
        "username": DEMO_USERNAME,
        CONF_PASSWORD_SHA256: hash_password(DEMO_PASSWORD),
    }


class SimHost:
    """The simulators running in a child process (see simhost.py)."""

    def __init__(
        self, *, latency: float, thinq_devices: int = 18, warmup_polls: int = 1
    ) -> None:
        """Remember how to start the simulators."""
        self._arguments = [
            "--latency",
            str(latency),
            "--thinq-devices",
            str(thinq_devices),
            "--warmup-polls",
            str(warmup_polls),
        ]
        self._process: asyncio.subprocess.Process | None = None
        self.sew_url = ""
        self.gateway_url = ""

    async def __aenter__(self) -> Self:
        """Start the child and read its URLs."""
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "scripts.benchmark.simhost",
            *self._arguments,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        urls = await self._read()
        self.sew_url, self.gateway_url = urls["sew_url"], urls["gateway_url"]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop the child."""
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            try:
                await asyncio.wait_for(self.command("quit"), 5)
                await asyncio.wait_for(process.wait(), 5)
            except TimeoutError, ConnectionError:
                process.terminate()
                await process.wait()

    @property
    def pid(self) -> int:
        """Return the child's process id."""
        assert self._process is not None
        return self._process.pid

    async def _read(self) -> dict[str, Any]:
        assert self._process is not None
        assert self._process.stdout is not None
        line = await self._process.stdout.readline()
        if not line:
            raise RuntimeError("The simulator host stopped")
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def command(self, cmd: str) -> dict[str, Any]:
        """Send a command; return its answer."""
        assert self._process is not None
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps({"cmd": cmd}).encode() + b"\n")
        await self._process.stdin.drain()
        return await self._read()

    async def stats(self) -> dict[str, dict[str, int]]:
        """Return the request counters: ``{"sew": {path: n}, "thinq": {route: n}}``."""
        return await self.command("stats")

    async def refresh_token(self) -> str:
        """Return a fresh ThinQ refresh token."""
        token: str = (await self.command("refresh_token"))["token"]
        return token


@dataclass
class LoopWatch:
    """Measure how late a 5 ms periodic timer fires: how long the loop was blocked.

    A callback that holds the loop for B ms makes the next tick late by about B ms;
    the lateness is what any other task (a UI request, an automation) would wait.
    With ``debug=True`` asyncio also logs each callback slower than 20 ms with its
    name, which says *what* blocked (debug mode slows everything; use it only for that).

    A full (generation 2) garbage collection stops every thread for as long as the whole
    Home Assistant heap takes to scan, whoever's allocation triggered it; the watch times
    each one and also reports the longest block with those pauses taken out, which is
    what the integration's own callbacks hold the loop for.
    """

    period: float = 0.005
    threshold: float = 0.020
    debug: bool = False
    samples: list[float] = field(default_factory=list)
    worst: list[tuple[float, float]] = field(default_factory=list)
    slow_callbacks: list[str] = field(default_factory=list)
    outside_gc: list[float] = field(default_factory=list)
    full_collections: list[tuple[float, float]] = field(default_factory=list)
    _collection_started: float | None = None
    _task: asyncio.Task[None] | None = None
    _started: float = 0.0
    _handler: logging.Handler | None = None

    def start(self) -> None:
        """Start watching the running loop."""
        loop = asyncio.get_running_loop()
        self._started = time.monotonic()
        self.samples.clear()
        self.worst.clear()
        self.slow_callbacks.clear()
        self.outside_gc.clear()
        self.full_collections.clear()
        gc.callbacks.append(self._on_collection)
        if self.debug:
            loop.set_debug(True)
            loop.slow_callback_duration = self.threshold
            watch = self

            class _Collect(logging.Handler):
                def emit(self, record: logging.LogRecord) -> None:
                    message = record.getMessage()
                    if message.startswith("Executing"):
                        watch.slow_callbacks.append(message)

            self._handler = _Collect(logging.WARNING)
            logging.getLogger("asyncio").addHandler(self._handler)
        self._task = loop.create_task(self._watch())

    def _on_collection(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._collection_started = time.monotonic()
        elif self._collection_started is not None:
            self.full_collections.append((self._collection_started, time.monotonic()))
            self._collection_started = None

    def _paused_between(self, start: float, end: float) -> float:
        # The loop thread can run between a collection's end and its "stop" callback.
        running = (
            []
            if self._collection_started is None
            else [(self._collection_started, end)]
        )
        return sum(
            max(0.0, min(end, stop) - max(start, began))
            for began, stop in [*self.full_collections, *running]
        )

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            started = time.monotonic()
            await asyncio.sleep(self.period)
            late = loop.time() - before - self.period
            self.samples.append(late)
            self.outside_gc.append(
                max(0.0, late - self._paused_between(started, time.monotonic()))
            )
            if late > self.threshold:
                self.worst.append((round(time.monotonic() - self._started, 3), late))

    async def stop(self) -> dict[str, Any]:
        """Stop watching; return the summary."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._on_collection)
        if self._handler is not None:
            logging.getLogger("asyncio").removeHandler(self._handler)
            asyncio.get_running_loop().set_debug(False)
        ordered = sorted(self.samples)
        count = len(ordered)
        return {
            "max_block_ms": round(1000 * ordered[-1], 1) if count else None,
            "p99_block_ms": round(1000 * ordered[int(0.99 * (count - 1))], 1)
            if count
            else None,
            "blocks_over_20ms": len(self.worst),
            "max_block_outside_gc_ms": round(1000 * max(self.outside_gc), 1)
            if self.outside_gc
            else None,
            "full_collections": len(self.full_collections),
            "longest_full_collection_ms": round(
                1000 * max(stop - began for began, stop in self.full_collections), 1
            )
            if self.full_collections
            else None,
            "worst_blocks": [
                {"at_s": at, "ms": round(1000 * late, 1)}
                for at, late in sorted(self.worst, key=lambda w: -w[1])[:5]
            ],
            "slow_callbacks": _slow_summary(self.slow_callbacks),
        }


_TOOK = re.compile(r" took ([0-9.]+) seconds")
_WHAT = re.compile(r"name='([^']*)'|(<Handle [^>(]*)")
_WHERE = re.compile(r"(?:running|done, defined) at ([^>]*?:[0-9]+)")


def _slow_summary(messages: list[str]) -> list[dict[str, Any]]:
    """Group asyncio's slow-callback messages by what ran: count and longest."""
    groups: dict[str, list[float]] = {}
    for message in messages:
        took = _TOOK.search(message)
        what = _WHAT.search(message)
        where = _WHERE.search(message)
        label = (what.group(1) or what.group(2)) if what else message[:80]
        if where:
            label += f" @ {where.group(1).rsplit('site-packages/', 1)[-1]}"
        groups.setdefault(label, []).append(float(took.group(1)) if took else 0.0)
    return [
        {"callback": label, "count": len(times), "max_ms": round(1000 * max(times), 1)}
        for label, times in sorted(groups.items(), key=lambda g: -max(g[1]))[:6]
    ]


def load_average() -> str:
    """Return the machine's 1-minute load average (other work on it skews timings)."""
    return Path("/proc/loadavg").read_text().split()[0]


def cpu_seconds(pid: int) -> float:
    """Return the user and system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int | str = "self") -> dict[str, int]:
    """Return VmRSS and VmHWM (peak) of a process, in KiB."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0])
    return values


def emit(result: dict[str, Any]) -> None:
    """Print a measuring process's result as its last line of stdout."""
    sys.stdout.write("BENCH-RESULT " + json.dumps(result) + "\n")
    sys.stdout.flush()
