"""The marked systems side by side: one column per system, Fit's figures then Cost's."""

from __future__ import annotations

import polars as pl
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import Static

from core import Results
from tui.present.columns import ColumnRoles, header
from tui.present.formatting import format_value, needs_compact
from tui.present.reasons import short_reason, with_cost_reasons, with_fit_reasons
from tui.screens.base import CenteredModal
from tui.widgets.frame_table import FrameTable

# (pane, column, the column that says why it is blank)
COMPARED = (
    ("fit", "first_ship", ""),
    ("fit", "decode_tok_s_per_seq", "why_no_speed"),
    ("fit", "model_fits", ""),
    ("fit", "weights_fit", ""),
    ("fit", "kv_fits", ""),
    ("fit", "max_params_t", ""),
    ("fit", "domains_needed", ""),
    ("fit", "replica_chips", ""),
    ("fit", "max_sequences_per_stage", ""),
    ("fit", "decode_tok_s_per_chip", "why_no_speed"),
    ("fit", "ttft_s", "why_no_speed"),
    ("fit", "bound", ""),
    ("fit", "packages", ""),
    ("fit", "hbm_tb", ""),
    ("cost", "usd_per_mtok", "why_not"),
    ("cost", "usd_per_hour", "why_no_cost"),
    ("cost", "usd_per_chip_hour", "why_no_cost"),
    ("cost", "rent_usd_per_hour", ""),
    ("cost", "price_usd", "why_no_cost"),
    ("cost", "power_kw", "why_no_cost"),
)


def compare_frame(results: Results, system_ids: list[str]) -> pl.DataFrame:
    """One row per figure (`figure`, its pane), one text column per system, by name."""
    frames = {
        "fit": with_fit_reasons(results.fit),
        "cost": with_cost_reasons(results.cost),
    }
    rows = {
        pane: {
            row["system_id"]: row
            for row in frame.filter(pl.col("system_id").is_in(system_ids)).iter_rows(named=True)
        }
        for pane, frame in frames.items()
    }
    present = [s for s in system_ids if s in rows["fit"]]
    names = [rows["fit"][s]["system"] for s in present]
    unique = [
        name if names.count(name) == 1 else f"{name} ({system_id})"
        for name, system_id in zip(names, present, strict=True)
    ]
    columns: dict[str, list[str]] = {"row_id": [], "pane": [], "figure": []}
    columns.update({name: [] for name in unique})
    for pane, column, why in COMPARED:
        frame = frames[pane]
        if column not in frame.columns:
            continue
        compact = needs_compact(column, frame[column])
        columns["row_id"].append(f"{pane}.{column}")
        columns["pane"].append(pane.title())
        columns["figure"].append(header(column, short=True))
        for system_id, name in zip(present, unique, strict=True):
            row = rows[pane].get(system_id, {})
            text = format_value(column, row.get(column), compact=compact)
            if not text and why and row.get(why):
                text = f"({short_reason(str(row[why]))})"
            columns[name].append(text or "—")
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


class CompareScreen(CenteredModal[None]):
    """Marked systems compared across Fit and Cost; esc closes."""

    BINDINGS = [Binding("escape,q,c", "dismiss", "Close", id="compare.close")]

    def __init__(self, results: Results, system_ids: set[str]) -> None:
        super().__init__()
        order = results.fit["system_id"].to_list()  # the panes' order
        self.frame = compare_frame(results, [s for s in order if s in system_ids])
        self.subtitle = (
            f"model: {results.model.name}" if results.model is not None else "no model chosen"
        )

    def compose(self) -> ComposeResult:
        systems = [c for c in self.frame.columns if c not in ("row_id", "pane", "figure")]
        with Vertical(classes="modal-box compare-box"):
            yield Static(
                f"[b]Compare {len(systems)} systems[/b]  ·  {escape(self.subtitle)}  ·  "
                "(reason) where a figure is blank  ·  esc closes",
                classes="modal-title",
            )
            yield FrameTable(
                id="compare-table",
                fixed_columns=2,
                roles=ColumnRoles(right_aligned=frozenset(systems)),
            )

    def on_mount(self) -> None:
        table = self.query_one(FrameTable)
        table.show_frame(self.frame, "row_id", ("row_id",))
        table.focus()
