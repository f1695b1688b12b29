"""The Frontier pane: each system's serving front for the chosen model, as a chart of tokens/s
per user against tokens/s per chip or $/Mtok (`t` toggles), and a table of each system's
figure at the target interactivity."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from core import Results
from core.formulas.frontier import DEFAULT_TARGET_TOK_S_PER_USER as DEFAULT_TARGET
from tui.present.columns import DISPLAY_COLUMNS, leading
from tui.widgets.pane import TablePane
from tui.widgets.quiet import update_if_changed

DEFAULT_SYSTEMS = 5  # drawn when none is marked: the most tokens per chip at the target
# Above this many systems the sweep (~0.16 s per 1,000) runs in a worker thread, and the pane
# says so until it is done; below it, an edit repaints the pane at once.
SWEEP_IN_WORKER_SYSTEMS = 1000


class FrontierPane(TablePane):
    """Tokens/s per user vs per chip vs $/Mtok for every system, read at a target."""

    BINDINGS = [
        Binding("t", "toggle_axis", "Toggle axis", id="frontier.toggle_axis"),
    ]

    def __init__(self) -> None:
        super().__init__(
            "Frontier",
            "system_id",
            lambda r: leading(r.frontier_summary, DISPLAY_COLUMNS["frontier"]),
            hidden=("system_id",),
            help_text="choose a model (m) to see each system's front",
            id="pane-frontier",
        )
        self.chart_slot = Vertical(id="frontier-chart-slot")
        self.chart = None
        self.y_axis = "decode_tok_s_per_chip"
        self.results: Results | None = None

    def compose(self) -> ComposeResult:
        # The chart (and plotext) loads when the pane is first shown, not at startup.
        yield self.chart_slot
        yield from super().compose()

    def action_toggle_axis(self) -> None:
        self.y_axis = (
            "usd_per_mtok" if self.y_axis == "decode_tok_s_per_chip" else "decode_tok_s_per_chip"
        )
        if self.results is not None:
            self._draw(self.results)

    def show(self, results: Results) -> None:
        self.results = results
        count = results.source_catalog.systems.height
        swept = "frontier_summary" in results.__dict__
        if results.model is None or swept or count <= SWEEP_IN_WORKER_SYSTEMS:
            self._draw(results)
            super().show(results)
            return
        self.stale = False
        update_if_changed(self.status_line, f"sweeping {count:,} systems for their fronts…")
        self._sweep(results)

    @work(thread=True, exclusive=True, group="frontier", exit_on_error=False)
    def _sweep(self, results: Results) -> None:
        results.frontier_summary  # noqa: B018 - computes and caches the fronts and summary
        self.app.call_from_thread(self._swept, results)

    def _swept(self, results: Results) -> None:
        if results is self.results:  # not overtaken by a later edit
            self._draw(results)
            TablePane.show(self, results)

    def _draw(self, results: Results) -> None:
        from tui.widgets.frontier_chart import FrontierChart

        if self.chart is None:
            self.chart = FrontierChart(id="frontier-chart")
            self.chart_slot.mount(self.chart)
        target = results.assumptions.target_tok_s_per_user
        summary = results.frontier_summary
        if results.model is None or "decode_tok_s_per_chip_at_target" not in summary.columns:
            self.chart.plot(results.frontier, [], self.y_axis, 0.0)
            update_if_changed(self.caption_line, "choose a model (m) to see each system's front")
            return
        marked = self.marked_keys()
        ranked = summary.sort("decode_tok_s_per_chip_at_target", descending=True, nulls_last=True)
        shipped = ranked.filter(ranked["first_ship"] <= results.assumptions.year)
        ids = [i for i in ranked["system_id"].to_list() if i in marked] or shipped[
            "system_id"
        ].to_list()[:DEFAULT_SYSTEMS]
        names = dict(zip(summary["system_id"], summary["system"], strict=True))
        estimate = dict(zip(summary["system_id"], summary["confidence"], strict=True))
        shown = [(i, i, estimate[i] == "estimate") for i in ids if i in names]
        legend = self.chart.plot(results.frontier, shown, self.y_axis, target or DEFAULT_TARGET)
        # The legend first: at 80 columns the caption wraps and its tail is cut.
        update_if_changed(
            self.caption_line,
            "  ".join(legend)
            + f"  · read at {target or DEFAULT_TARGET:g} tok/s/user"
            + ("" if target else " (set target_tok_s_per_user)")
            + f" · shipped by {results.assumptions.year} unless marked (space)",
        )
