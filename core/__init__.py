"""Scale-up Explorer core: pure computation over the catalog and the assumptions.

Imports the standard library, numpy, polars and tomli-w only; never textual or rich.
Layers, each importing only those below: evaluate > claims > formulas > catalog | assumptions
> leaves (tomlfile, suggest, units, errors).
"""

from __future__ import annotations

from core.assumptions import PRESETS, Assumptions, load_scenario, scenario_toml
from core.catalog import Catalog, load_catalog
from core.errors import AssumptionError, CatalogError, InputError
from core.evaluate import TABLE_NAMES, Results, evaluate

__all__ = [
    "PRESETS",
    "TABLE_NAMES",
    "AssumptionError",
    "Assumptions",
    "Catalog",
    "CatalogError",
    "InputError",
    "Results",
    "evaluate",
    "load_catalog",
    "load_scenario",
    "scenario_toml",
]
