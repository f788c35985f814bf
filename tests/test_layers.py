"""Imports go one way: clients <- coordinators and statistics <- entities and platforms."""

from __future__ import annotations

import ast
from pathlib import Path
import re

import pytest

PACKAGE = Path(__file__).parents[1] / "custom_components" / "sew_thinq"
# What the entities, platforms, runtimes and flows are made of: nothing below imports them.
UPPER = re.compile(
    r"(sensor|climate|binary_sensor|diagnostics|config_flow\w*|options_flow"
    r"|\w+_(sensor|entity|climate|connectivity|runtime|diagnostics))$"
)
LOWER = [
    "runtime",
    "sew_coordinator",
    "sew_data",
    "sew_entry",
    "sew_settled",
    "thinq_coordinator",
    "thinq_device",
    "thinq_entry",
    "thinq_models",
    "import_plan",
    "pacer",
    "rate_limit",
    "reading_bounds",
    "statistic_rows",
    "statistics",
    "statistics_backfill",
    "statistics_base",
    "statistics_follow",
    "statistics_recorder",
]


def _imports(path: Path) -> set[str]:
    """Return the modules a file imports: absolute names, or `.name` for its package's."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


@pytest.mark.parametrize("client", ["sew", "thinq"])
def test_clients_import_nothing_of_home_assistant(client: str) -> None:
    """The protocol clients stand alone: no Home Assistant, nothing of the integration."""
    for path in (PACKAGE / client).glob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("homeassistant", "..")), (path.name, name)


@pytest.mark.parametrize("module", LOWER)
def test_lower_layers_import_no_upper_one(module: str) -> None:
    """Coordinators, statistics and the runtime type know no entity, platform or flow."""
    imported = {
        name.removeprefix(".") for name in _imports(PACKAGE / f"{module}.py")
    } - {""}
    assert not {name for name in imported if UPPER.match(name)}, module


def test_runtime_knows_no_service() -> None:
    """The shared runtime type imports neither service's modules."""
    imported = _imports(PACKAGE / "runtime.py")
    assert not {
        name for name in imported if name.startswith((".sew", ".thinq", ".statistic"))
    }
