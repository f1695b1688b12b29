"""The assumptions: every knob once (spec), its values and verbs, presets and scenario files."""

from __future__ import annotations

from core.assumptions.presets import DEFAULT_PRESET, PRESETS
from core.assumptions.scenario import SCENARIO_SCHEMA_VERSION, load_scenario, scenario_toml
from core.assumptions.spec import PRECISIONS, AssumptionSpec
from core.assumptions.values import SPECS, Assumptions, coerce, known_key, parse_value

__all__ = [
    "DEFAULT_PRESET",
    "PRECISIONS",
    "PRESETS",
    "SCENARIO_SCHEMA_VERSION",
    "SPECS",
    "AssumptionSpec",
    "Assumptions",
    "coerce",
    "known_key",
    "load_scenario",
    "parse_value",
    "scenario_toml",
]
