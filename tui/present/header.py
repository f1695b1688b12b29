"""The app's header line: model (with "~" when its size is an estimate), preset, year and
catalog, as Text (names are the user's: never markup, never raw escapes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from rich.text import Text

from tui.present.printable import printable

if TYPE_CHECKING:
    from core import Catalog, Results

ESTIMATE_MARK = "~"


def estimated_models(catalog: Catalog) -> frozenset[str]:
    """Models whose sizes are estimates (closed models): shown with "~" wherever named."""
    models = catalog.models
    if "confidence" not in models.columns:
        return frozenset()
    return frozenset(models.filter(pl.col("confidence") == "estimate")["model_id"].to_list())


def header_text(results: Results, catalog: Catalog) -> Text:
    """Text, not markup: model and overlay file names may hold brackets and escapes."""
    a = results.assumptions
    model = "none (m: choose)"
    if results.model is not None:
        mark = ESTIMATE_MARK if a.model_id in estimated_models(catalog) else ""
        model = mark + results.model.name
    changed = len(a.changed_from_preset() - {"model_id", "params_t"})
    preset = a.preset_name + (f" ({changed} changed)" if changed else "")
    return Text.assemble(
        ("Scale-up Explorer", "bold"),
        "  │  model: ",
        (printable(model), "bold"),
        f"  │  preset: {printable(preset)}  │  as of {a.year}  │  "
        f"catalog {printable(catalog.version or 'built-in')}",
    )
