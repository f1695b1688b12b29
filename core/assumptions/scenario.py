"""Scenario files: a preset name plus assumption values, as TOML, checked field by field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core.assumptions.presets import PRESETS
from core.assumptions.values import SPECS, Assumptions, coerce, known_key
from core.errors import AssumptionError, CatalogError
from core.suggest import did_you_mean
from core.tomlfile import one_line, read_toml

SCENARIO_SCHEMA_VERSION = 1


def load_scenario(path: str | Path, base: Assumptions | None = None) -> Assumptions:
    """Assumptions from a TOML scenario file: a preset name plus the values that differ."""
    try:
        data, text = read_toml(path, what="scenario")
    except CatalogError as error:
        raise AssumptionError(str(error)) from None
    label = one_line(str(path))
    allowed = {"schema_version", "preset", "assumptions", "description"}
    for key in data:
        if key not in allowed:
            hint = did_you_mean(key, [*allowed, *SPECS])
            raise AssumptionError(
                f"{label}: unknown top-level key {key!r}{hint}; assumptions go under [assumptions]"
            )
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        raise AssumptionError(
            f"{label}: 'schema_version': expected a positive integer, found {version!r}"
        )
    if version > SCENARIO_SCHEMA_VERSION:
        raise AssumptionError(
            f"{label}: 'schema_version' {version} is newer than this scaleup understands "
            f"({SCENARIO_SCHEMA_VERSION}); upgrade scaleup to read it"
        )
    preset = data.get("preset")
    if preset is not None and not isinstance(preset, str):
        raise AssumptionError(f"{label}: 'preset': expected a preset name, found {preset!r}")
    if preset is not None and preset not in PRESETS:
        raise AssumptionError(
            _unknown_preset(f"{label}:{_line_of(text, 'preset')}: 'preset'", preset)
        )
    start = Assumptions.preset(preset) if preset else (base or Assumptions())
    values = data.get("assumptions", {})
    if not isinstance(values, dict):
        raise AssumptionError(f"{label}: [assumptions] must be a table of KEY = VALUE")
    checked = {}
    for key, value in values.items():
        where = f"{label}:{_line_of(text, key)}: [assumptions] {key}"
        checked[known_key(key, where)] = coerce(key, value, where)
        if key == "preset_name" and value not in PRESETS:
            raise AssumptionError(_unknown_preset(where, value))
    return start.replace(**checked)


def _unknown_preset(where: str, name: str) -> str:
    return (
        f"{where}: unknown preset {name!r}{did_you_mean(name, PRESETS)}; "
        f"expected one of {', '.join(PRESETS)}"
    )


def _line_of(text: str, key: str) -> int:
    """The line of `key = ...` in a scenario file (1 if it cannot be found)."""
    pattern = re.compile(r"\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return 1


def scenario_toml(assumptions: Assumptions, description: str = "") -> str:
    """A scenario file for `assumptions`: its schema version, preset and every value."""
    import tomli_w

    values = {k: v for k, v in assumptions.as_dict().items() if k != "preset_name"}
    document: dict[str, Any] = {
        "schema_version": SCENARIO_SCHEMA_VERSION,
        "preset": assumptions.preset_name,
    }
    if description:
        document["description"] = description
    document["assumptions"] = values
    return tomli_w.dumps(document)
