"""The header line: model (with "~" when its size is an estimate), preset, year, catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from textual.markup import escape

if TYPE_CHECKING:
    from core import Catalog, Results

ESTIMATE_MARK = "~"


def estimated_models(catalog: Catalog) -> frozenset[str]:
    """Models whose sizes are estimates (closed models): shown with "~" wherever named."""
    models = catalog.models
    if "confidence" not in models.columns:
        return frozenset()
    return frozenset(models.filter(pl.col("confidence") == "estimate")["model_id"].to_list())


def header_markup(results: Results, catalog: Catalog) -> str:
    """The app's header line, as markup."""
    a = results.assumptions
    model = "none (m: choose)"
    if results.model is not None:
        mark = ESTIMATE_MARK if a.model_id in estimated_models(catalog) else ""
        model = mark + escape(results.model.name)
    changed = len(a.changed_from_preset() - {"model_id", "params_t"})
    preset = a.preset_name + (f" ({changed} changed)" if changed else "")
    return (
        f"[b]Scale-up Explorer[/b]  │  model: [b]{model}[/b]  │  preset: {preset}  │  "
        f"as of {a.year}  │  catalog {catalog.version or 'built-in'}"
    )
