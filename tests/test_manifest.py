"""Check the metadata that HACS and hassfest read."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from PIL import Image
import yaml

from scripts import translations

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = ROOT / "custom_components" / "sew_thinq"

QUALITY_SCALE_RULES = {
    "bronze": [
        "action-setup", "appropriate-polling", "brands", "common-modules",
        "config-flow-test-coverage", "config-flow", "dependency-transparency",
        "docs-actions", "docs-conditions", "docs-high-level-description", "docs-installation-instructions",
        "docs-removal-instructions", "docs-triggers", "entity-event-setup", "entity-unique-id",
        "has-entity-name", "runtime-data", "test-before-configure", "test-before-setup",
        "unique-config-entry",
    ],
    "silver": [
        "action-exceptions", "config-entry-unloading", "docs-configuration-parameters",
        "docs-installation-parameters", "entity-unavailable", "integration-owner",
        "log-when-unavailable", "parallel-updates", "reauthentication-flow", "test-coverage",
    ],
    "gold": [
        "devices", "diagnostics", "discovery-update-info", "discovery", "docs-data-update",
        "docs-examples", "docs-known-limitations", "docs-supported-devices",
        "docs-supported-functions", "docs-troubleshooting", "docs-use-cases",
        "dynamic-devices", "entity-category", "entity-device-class",
        "entity-disabled-by-default", "entity-translations", "exception-translations",
        "icon-translations", "reconfiguration-flow", "repair-issues", "stale-devices",
    ],
    "platinum": ["async-dependency", "inject-websession", "strict-typing"],
}  # fmt: skip
KNOWN_RULES = {rule for rules in QUALITY_SCALE_RULES.values() for rule in rules}


def _load_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_manifest() -> None:
    """The manifest has every key hassfest requires for a custom integration."""
    manifest = _load_json(INTEGRATION / "manifest.json")

    assert manifest["domain"] == INTEGRATION.name == "sew_thinq"
    assert manifest["name"] == "SEW Utility & LG ThinQ"
    assert manifest["iot_class"] == "cloud_polling"
    assert manifest["integration_type"] == "hub"
    assert manifest["config_flow"] is True
    assert (INTEGRATION / "config_flow.py").is_file()
    assert AwesomeVersion(manifest["version"]).strategy in {
        AwesomeVersionStrategy.SEMVER,
        AwesomeVersionStrategy.CALVER,
        AwesomeVersionStrategy.SIMPLEVER,
        AwesomeVersionStrategy.PEP440,
    }
    assert manifest["codeowners"]
    assert all(owner.startswith("@") for owner in manifest["codeowners"])
    assert manifest["documentation"].startswith("https://")
    assert manifest["issue_tracker"].startswith("https://")
    assert manifest["loggers"] == ["custom_components.sew_thinq"]
    # Hassfest sorts the keys: domain and name first, the rest alphabetically.
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_manifest_requirements_match_test_pins() -> None:
    """Each requirement is pinned exactly, to the version the tests run."""
    manifest = _load_json(INTEGRATION / "manifest.json")
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "requirements_test.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert manifest["requirements"]
    for requirement in manifest["requirements"]:
        name, version = requirement.split("==")
        assert pins[name] == version


def test_hacs_json() -> None:
    """hacs.json names the integration and a minimum Home Assistant version."""
    hacs = _load_json(ROOT / "hacs.json")
    manifest = _load_json(INTEGRATION / "manifest.json")

    assert hacs["name"] == manifest["name"]
    assert (
        AwesomeVersion(hacs["homeassistant"]).strategy == AwesomeVersionStrategy.CALVER
    )
    pinned = re.search(
        r"^homeassistant==(\S+)$",
        (ROOT / "requirements_test.txt").read_text(),
        re.MULTILINE,
    )
    assert pinned is not None
    assert AwesomeVersion(hacs["homeassistant"]) <= AwesomeVersion(pinned.group(1))


def test_licence() -> None:
    """The repository carries an OSI licence GitHub identifies, as HACS requires."""
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in licence


def test_quality_scale() -> None:
    """Every rule of the quality scale is listed once, with a valid status."""
    quality_scale = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text())
    rules: dict[str, Any] = quality_scale["rules"]

    assert set(rules) == KNOWN_RULES
    for rule, status in rules.items():
        if isinstance(status, dict):
            assert status["status"] in {"exempt", "todo", "done"}, rule
            if status["status"] == "exempt":
                assert status["comment"], rule
        else:
            assert status in {"todo", "done"}, rule


def test_brand_icons() -> None:
    """The brand icons exist at the sizes Home Assistant's brands expect."""
    for name, size in (("icon.png", 256), ("icon@2x.png", 512)):
        with Image.open(INTEGRATION / "brand" / name) as image:
            assert image.format == "PNG"
            assert image.size == (size, size)


def test_translations_match_strings() -> None:
    """translations/en.json is strings.json with every reference resolved."""
    english = _load_json(INTEGRATION / "translations" / "en.json")
    assert english == translations.english()
    assert "[%key:" not in json.dumps(english)
