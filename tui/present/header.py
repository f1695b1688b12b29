"""The app's header line: model, preset, year and catalog, as Text (names are the user's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.present.printable import printable

if TYPE_CHECKING:
    from core import Assumptions, Catalog


def header_text(a: Assumptions, model: str, catalog: Catalog) -> Text:
    """Text, not markup: model and overlay file names may hold brackets and escapes."""
    changed = len(a.changed_from_preset() - {"model_id", "params_t"})
    preset = a.preset_name + (f" ({changed} changed)" if changed else "")
    return Text.assemble(
        ("Scale-up Explorer", "bold"),
        "  │  model: ",
        (printable(model), "bold"),
        f"  │  preset: {printable(preset)}  │  as of {a.year}  │  "
        f"catalog {printable(catalog.version or 'built-in')}",
    )
