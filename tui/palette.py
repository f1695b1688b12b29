"""The command palette's entries, `group: verb`, computed from the app's state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.markup import escape

from core import PRESETS, Assumptions
from tui.panes import PANES
from tui.present.printable import printable
from tui.widgets.assumptions_panel import PANEL_KEYS

if TYPE_CHECKING:
    from tui.app import ScaleupApp


def palette_commands(app: ScaleupApp) -> Iterator[SystemCommand]:
    """Panes, models, presets, precisions, assumptions, exports, scenarios, themes."""
    for pane_id, label in PANES:
        name = label.split(" ", 1)[1]
        yield SystemCommand(
            f"pane: {name}",
            f"show the {name} pane (key {label[0]})",
            lambda p=pane_id: app.show_pane(p),
        )
    from tui.present.header import ESTIMATE_MARK, estimated_models

    estimates = estimated_models(app.catalog)
    for row in app.catalog.models.iter_rows(named=True):
        mark = ESTIMATE_MARK if row["model_id"] in estimates else ""
        name = escape(printable(row["model"]))  # a catalog name: never markup or escapes
        yield SystemCommand(
            f"model: {mark}{name}",
            f"evaluate {name} ({row['total_params_b']:g}B total"
            + (", an estimate)" if mark else ")"),
            lambda m=row["model_id"]: app.set_assumptions(
                app.assumptions.replace(model_id=m, params_t=0.0)
            ),
        )
    for size in (1, 20, 400, 2000):
        yield SystemCommand(
            f"model: hypothetical {size}T",
            f"a {size}T-parameter model",
            lambda s=size: app.set_assumptions(
                app.assumptions.replace(model_id="", params_t=float(s))
            ),
        )
    yield SystemCommand(
        "model: none",
        "capacity only",
        lambda: app.set_assumptions(app.assumptions.replace(model_id="", params_t=0.0)),
    )
    for name, preset in PRESETS.items():
        yield SystemCommand(f"preset: {name}", preset["help"], lambda n=name: app.apply_preset(n))
    from core.assumptions import PRECISIONS

    for name, (bits, meaning) in PRECISIONS.items():
        yield SystemCommand(
            f"precision: {name.upper()} ({bits:g} bits)",
            meaning,
            lambda b=bits: app.set_assumptions(app.assumptions.replace(bits_per_param=b)),
        )
    for spec in Assumptions.specs().values():
        if spec.kind in ("float", "int", "choice") and spec.key in PANEL_KEYS:  # not params_t
            yield SystemCommand(
                f"set: {spec.label.lower()}",
                spec.help,
                lambda k=spec.key: app.start_assumption_edit(k),
            )
    for fmt in ("csv", "json", "md"):
        yield SystemCommand(
            f"export: {fmt.upper()}",
            "write the current view to a file",
            lambda f=fmt: app.action_export(f),
        )
    yield SystemCommand(
        "catalog: add overlay",
        "load a catalog file of your own over the built-in one (same id replaces)",
        app.action_open_overlay,
    )
    yield SystemCommand(
        "scenario: save",
        "write the assumptions to a TOML file (ctrl+s)",
        app.action_save_scenario,
    )
    yield SystemCommand(
        "scenario: open",
        "load assumptions from a TOML file (ctrl+o)",
        app.action_open_scenario,
    )
    for theme in sorted(app.available_themes):
        yield SystemCommand(
            f"theme: {theme}",
            "switch the colour theme",
            lambda t=theme: setattr(app, "theme", t),
        )
    yield SystemCommand(
        "view: hide or show the Assumptions panel",
        "more room for the table (key A)",
        app.action_toggle_assumptions,
    )
    yield SystemCommand(
        "copy: table as CSV",
        "copy the current view to the clipboard (OSC 52)",
        lambda: copy_table(app),
    )


def copy_table(app: ScaleupApp) -> None:
    """Copy the current view to the clipboard as CSV (OSC 52)."""
    frame = app.current_pane().view_frame
    app.copy_to_clipboard(frame.write_csv())
    app.notify(f"Copied {frame.height} {'row' if frame.height == 1 else 'rows'} as CSV", timeout=2)
