"""Write translations/en.json from strings.json, resolving Home Assistant's references.

Home Assistant resolves `[%key:...%]` references only for its own integrations; a custom
integration ships them resolved. Run with the project's virtual environment:
.venv/bin/python scripts/translations.py
"""

import json
from pathlib import Path
import re
from typing import Any

import homeassistant

INTEGRATION = Path(__file__).resolve().parent.parent / "custom_components/sew_thinq"
CORE_STRINGS = Path(homeassistant.__file__).parent / "strings.json"
REFERENCE = re.compile(r"\[%key:([a-z0-9_:-]+)%\]")


def resolve(value: Any, core: dict[str, Any], own: dict[str, Any]) -> Any:
    """Return `value` with every reference replaced by the text it points to."""
    if isinstance(value, dict):
        return {key: resolve(item, core, own) for key, item in value.items()}

    def lookup(match: re.Match[str]) -> str:
        tree: Any = core
        parts = match.group(1).split("::")
        if parts[0] == "component":
            tree, parts = own, parts[2:]
        for part in parts:
            tree = tree[part]
        return str(resolve(tree, core, own))

    return REFERENCE.sub(lookup, value)


def english() -> dict[str, Any]:
    """Return the resolved English translations."""
    own = json.loads((INTEGRATION / "strings.json").read_text(encoding="utf-8"))
    core = json.loads(CORE_STRINGS.read_text(encoding="utf-8"))
    resolved: dict[str, Any] = resolve(own, core, own)
    return resolved


def main() -> None:
    """Write translations/en.json."""
    target = INTEGRATION / "translations" / "en.json"
    text = json.dumps(english(), indent=2, ensure_ascii=False) + "\n"
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
