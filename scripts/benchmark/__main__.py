"""Benchmark what the integration costs Home Assistant, the utility and LG (scripts/bench).

Each measurement runs in a fresh process (see the modules beside this one); this one
starts them in turn, prints one table and writes everything measured as JSON.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
import json
import math
import os
from pathlib import Path
import subprocess
import sys
import tempfile
import time
from typing import Any

REPO = Path(__file__).resolve().parents[2]
NAIVE_REQUESTS_PER_METER = 730  # hourly data, one day per request, two years
HISTORY_DAYS = 730
# Issue 11's targets: the two-year backfill a meter, and a day of steady state for the
# simulated four-meter account (the mobile-seed tenant, scripts/benchmark/common.py).
BACKFILL_TARGET = 50
STEADY_REQUESTS_TARGET = 48
# Issue 12: restatements are found from daily totals, one extra call a meter a day at most.
RESTATEMENT_CHECKS_TARGET = 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.05,
        help="seconds the simulators add to every answer (default 0.05)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=REPO / "artifacts" / "bench" / "bench.json",
        help="where to write the results (default artifacts/bench/bench.json)",
    )
    parser.add_argument(
        "--cycles", type=int, default=5, help="timed ThinQ poll cycles per client"
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["thinq", "backfill", "debug", "setup", "steady", "cx"],
        help="leave a measurement out (repeatable)",
    )
    return parser.parse_args()


def _run(label: str, command: Sequence[str], env: dict[str, str] | None = None) -> Any:
    """Run a measuring process; return the JSON of its BENCH-RESULT line."""
    print(f"== {label}", file=sys.stderr, flush=True)
    started = time.monotonic()
    process = subprocess.run(
        [sys.executable, *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    print(f"   {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    for line in process.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            return json.loads(line.removeprefix("BENCH-RESULT "))
    sys.stderr.write(process.stdout[-3000:] + process.stderr[-3000:])
    raise RuntimeError(f"{label} failed (exit {process.returncode})")


def _steady(
    module: str = "steady_state",
    variable: str = "BENCH_STEADY_OUT",
    label: str = "steady state: a simulated day",
) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{module}.json"
        print(f"== {label}", file=sys.stderr, flush=True)
        started = time.monotonic()
        process = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-o",
                "addopts=",
                "-p",
                "no:cacheprovider",
                "-q",
                f"scripts/benchmark/{module}.py",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**os.environ, variable: str(out)},
            check=False,
        )
        print(f"   {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        if process.returncode or not out.exists():
            sys.stderr.write(process.stdout[-3000:] + process.stderr[-3000:])
            raise RuntimeError(f"{label} failed")
        return json.loads(out.read_text())


def _guarded(results: dict[str, Any], key: str, run: Callable[[], Any]) -> None:
    """Store one measurement's result, or its failure, and go on with the next."""
    try:
        results[key] = run()
    except RuntimeError as err:
        results.setdefault("failures", {})[key] = str(err)


def measure(arguments: argparse.Namespace) -> dict[str, Any]:
    """Run every measurement not skipped."""
    latency = ["--latency", str(arguments.latency)]
    results: dict[str, Any] = {
        "latency_s": arguments.latency,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    skip = set(arguments.skip)
    if "thinq" not in skip:
        _guarded(
            results,
            "thinq_cycle",
            lambda: _run(
                "ThinQ poll cycle: ours against wideq",
                [
                    "-m",
                    "scripts.benchmark.thinq_cycle",
                    *latency,
                    "--cycles",
                    str(arguments.cycles),
                ],
            ),
        )
    if "backfill" not in skip:
        _guarded(
            results,
            "backfill_unpaced",
            lambda: _run(
                "utility backfill, unpaced",
                ["-m", "scripts.benchmark.ha_run", "backfill", *latency],
            ),
        )
    if "debug" not in skip:
        _guarded(
            results,
            "backfill_unpaced_debug",
            lambda: _run(
                "utility backfill, unpaced, asyncio debug (what blocks the loop)",
                [
                    "-m",
                    "scripts.benchmark.ha_run",
                    "backfill",
                    "--debug-loop",
                    *latency,
                ],
            ),
        )
    if "setup" not in skip:
        _guarded(
            results,
            "setup_and_paced_backfill",
            lambda: _run(
                "setup of both entries, then the default (paced) backfill",
                ["-m", "scripts.benchmark.ha_run", "setup", *latency],
            ),
        )
    if "steady" not in skip:
        _guarded(results, "steady_state", _steady)
    if "cx" not in skip:
        _guarded(
            results,
            "cx_week",
            lambda: _steady(
                "cx_week", "BENCH_CX_OUT", "CX logins: a simulated week a tenant"
            ),
        )
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    return results


def _fmt(value: Any, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "MISSED")


def rows(results: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Return the table: (measure, ours, reference or target, verdict, how measured)."""
    table: list[tuple[str, str, str, str, str]] = []
    blocks: list[float] = []

    def backfill_rows(name: str, run: dict[str, Any], how: str) -> None:
        per_meter = run["per_meter"]
        worst = max((m["total"] for m in per_meter.values()), default=0)
        requests = run["requests"]
        naive = NAIVE_REQUESTS_PER_METER * len(per_meter)
        table.extend(
            [
                (
                    f"1. Backfill {name}: requests (all / usage per meter)",
                    f"{requests['total']} / {worst}",
                    f"naive {naive} / {NAIVE_REQUESTS_PER_METER}; target <= {BACKFILL_TARGET} a meter",
                    _verdict(worst <= BACKFILL_TARGET),
                    f"{len(per_meter)} meters, {HISTORY_DAYS} days; {requests['logins']} login(s); {how}",
                ),
                (
                    f"1. Backfill {name}: wall / CPU / loop-thread CPU",
                    f"{_fmt(run['wall_s'], ' s')} / {_fmt(run['cpu_s'], ' s')} / {_fmt(run['loop_thread_cpu_s'], ' s')}",
                    "",
                    "",
                    f"CPU = whole HA process (recorder thread included); load avg {run['load_average']}",
                ),
                (
                    f"1. Backfill {name}: longest loop block",
                    f"{_fmt(run['loop']['max_block_outside_gc_ms'], ' ms')} outside full collections (p99 {_fmt(run['loop']['p99_block_ms'], ' ms')}); {_fmt(run['loop']['max_block_ms'], ' ms')} with them",
                    "target <= 20 ms",
                    _verdict(run["loop"]["max_block_outside_gc_ms"] <= 20),
                    f"lateness of a 5 ms timer; {run['loop']['full_collections']} full garbage collections of the HA heap, longest {_fmt(run['loop']['longest_full_collection_ms'], ' ms')}",
                ),
            ]
        )
        blocks.append(run["loop"]["max_block_outside_gc_ms"])

    if run := results.get("backfill_unpaced"):
        backfill_rows(
            "unpaced (request_rate 1000)", run, "in-process HA, simulators in a child"
        )
    setup_run = results.get("setup_and_paced_backfill")
    if setup_run:
        backfill_rows(
            "default (2 req/s)",
            setup_run["backfill"],
            "with the ThinQ entry polling 20 appliances meanwhile",
        )
    if steady := results.get("steady_state"):
        sew, thinq = steady["sew"], steady["thinq"]
        day_min = 24 * 60
        sew_ratio = sew["logins"] * sew["token_lifetime_min"] / day_min
        thinq_ratio = (
            thinq["token_refreshes"] * thinq["access_token_lifetime_s"] / 86400
        )
        table.extend(
            [
                (
                    "2. Steady state: utility requests a day",
                    f"{sew['requests']} ({sew['usage_requests']} usage)",
                    f"target <= {STEADY_REQUESTS_TARGET}",
                    _verdict(sew["requests"] <= STEADY_REQUESTS_TARGET),
                    f"{steady['sew']['per_poll']} a poll every {_fmt(steady['sew_scan_interval_min'], ' min', 0)} (most send nothing); simulated day, in-process",
                ),
                (
                    "2. Steady state: restatement checks a meter a day",
                    f"{sew['restatement_checks_per_meter']}",
                    f"target <= {RESTATEMENT_CHECKS_TARGET}",
                    _verdict(
                        sew["restatement_checks_per_meter"] <= RESTATEMENT_CHECKS_TARGET
                    ),
                    f"daily-total calls, {sew['meters']} meters; usage calls {sew['usage_calls_by_resolution']}",
                ),
                (
                    "2. Steady state: utility logins a day",
                    f"{sew['logins']}",
                    f"target <= 1 a day ({_fmt(sew['token_lifetime_min'], ' min', 0)} tokens)",
                    _verdict(sew["logins"] <= 1),
                    f"{sew_ratio:.2f} logins per token lifetime",
                ),
                (
                    "2. Steady state: ThinQ requests a day per appliance",
                    f"{thinq['per_device']}",
                    "",
                    "",
                    f"{thinq['requests']} in all for {thinq['devices']} appliances, poll every {_fmt(steady['thinq_scan_interval_s'], ' s', 0)}; {steady['thinq_simulated_hours']:.0f} simulated h scaled to 24",
                ),
                (
                    "2. Steady state: ThinQ token refreshes a day",
                    f"{thinq['token_refreshes']}",
                    f"<= 1 per {_fmt(thinq['access_token_lifetime_s'] / 60, ' min', 0)} token",
                    _verdict(thinq_ratio <= 1.05),
                    f"{thinq_ratio:.2f} refreshes per token lifetime (no member/login)",
                ),
            ]
        )
    if week := results.get("cx_week"):
        for tenant, run in sorted(week.items()):
            lifetime = run["access_token_min"]
            table.append(
                (
                    f"2. CX week ({tenant}): sign-ins / token refreshes",
                    f"{run['logins']} / {run['refreshes']} ({run['refused_refreshes']} refused)",
                    f"target 0 sign-ins a week; <= 1 refresh per {lifetime:.0f} min token",
                    _verdict(
                        run["logins"] == 0
                        and run["refreshes"] <= run["days"] * 1440 / (lifetime - 6)
                    ),
                    f"{run['requests_a_day']} requests a day in all; {run['workbook_downloads']} workbooks; after 2 days' warm-up, in-process",
                )
            )
    if cycle := results.get("thinq_cycle"):
        table.append(
            (
                f"3. ThinQ poll cycle, {cycle['devices']} appliances",
                f"{_fmt(cycle['ours_cycle_s'] * 1000, ' ms', 0)} (CPU {_fmt(cycle['ours_cycle_cpu_s'] * 1000, ' ms', 0)})",
                f"wideq 1.5.0 {_fmt(cycle['reference_cycle_s'] * 1000, ' ms', 0)} (CPU {_fmt(cycle['reference_cycle_cpu_s'] * 1000, ' ms', 0)}); x{cycle['ratio']}, target x10",
                _verdict(cycle["ratio"] >= 10),
                f"median of {cycle['cycles']}, same simulator process, same run",
            )
        )
        blocks.append(cycle["loop"]["max_block_outside_gc_ms"])
    if setup_run:
        setup = setup_run["setup"]
        available = setup["all_entities_available_s"]
        table.extend(
            [
                (
                    "4. Setup: entries added -> every entity has a state",
                    f"{_fmt(available, ' s', 2)} ({setup['entities']} entities)",
                    "target < 2 s",
                    _verdict(available is not None and available < 2),
                    f"setup returned after {_fmt(setup['entries_added_s'], ' s', 2)}; none 'unknown' after {_fmt(setup['no_entity_unknown_s'], ' s', 2)}",
                ),
            ]
        )
        memory = setup_run["memory_kib"]
        base = memory["without_integration"]["VmRSS"]
        loaded = memory["with_integration_backfilled"]["VmRSS"]
        table.append(
            (
                "5. Memory: HA resident set without / with",
                f"{base / 1024:.0f} MiB / {loaded / 1024:.0f} MiB (+{(loaded - base) / 1024:.0f} MiB)",
                "",
                "",
                f"peak {memory['with_integration_backfilled']['VmHWM'] / 1024:.0f} MiB; minimal HA (core + recorder), both entries, backfilled",
            )
        )
    if blocks:
        worst = max(blocks)
        table.append(
            (
                "All: longest event-loop block seen",
                _fmt(worst, " ms"),
                "target <= 20 ms",
                _verdict(worst <= 20),
                "max over the runs above, full garbage collections of the HA heap taken out",
            )
        )
    return table


def render(table: list[tuple[str, str, str, str, str]]) -> str:
    """Return the table as aligned text."""
    header = ("Measure", "Ours", "Reference / target", "Verdict", "Notes")
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(header, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines.extend(
        " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        for row in table
    )
    return "\n".join(lines)


def main() -> None:
    """Measure, print the table and write the JSON."""
    arguments = _arguments()
    if not math.isfinite(arguments.latency) or arguments.latency < 0:
        raise SystemExit("--latency must be a number of seconds >= 0")
    results = measure(arguments)
    table = rows(results)
    results["table"] = [
        dict(
            zip(("measure", "ours", "reference", "verdict", "notes"), row, strict=True)
        )
        for row in table
    ]
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    print(render(table))
    for key, failure in results.get("failures", {}).items():
        print(f"FAILED: {key}: {failure}")
    print(f"\nJSON: {arguments.json}")


if __name__ == "__main__":
    main()
