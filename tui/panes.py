"""The five panes: which frame of `Results` each shows, in which column order, and their
labels on the tab line and in the palette (`PANES`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import Static

from core import Results
from core.units import format_params
from tui.present.columns import CATALOG_VIEWS, DISPLAY_COLUMNS, RESULT_ROLES, leading
from tui.present.printable import printable
from tui.present.reasons import COST_REASONS, FIT_REASONS, with_cost_reasons, with_fit_reasons
from tui.widgets.frame_table import FrameTable
from tui.widgets.pane import TablePane
from tui.widgets.quiet import update_if_changed

if TYPE_CHECKING:
    from tui.widgets.timeline_chart import TimelineChart

# (pane id, label): the tab line's order; the digit before each name is the key that shows it.
PANES = (
    ("catalog", "1 Catalog"),
    ("fit", "2 Fit"),
    ("cost", "3 Cost"),
    ("timeline", "4 Timeline"),
    ("claims", "5 Claims"),
    ("frontier", "6 Frontier"),
)


class CatalogPane(TablePane):
    """Systems, accelerators, models, volumes and sources; `v` switches between them."""

    BINDINGS = [Binding("v", "next_view", "Next view", id="catalog.next_view")]

    def __init__(self) -> None:
        self.view = "systems"
        super().__init__(
            "Catalog", "system_id", self._select, hidden=("system_id",), id="pane-catalog"
        )
        self.results: Results | None = None

    def _select(self, results: Results) -> pl.DataFrame:
        table, _key, columns = CATALOG_VIEWS[self.view]
        return leading(results.table(table), columns)

    def show(self, results: Results) -> None:
        self.results = results
        _, self.key_column, _ = CATALOG_VIEWS[self.view]
        shown_keys = ("sources", "validation", "fronts")
        self.hidden = (self.key_column,) if self.view not in shown_keys else ()
        notes = {
            "validation": "published measurements vs the Fit pane (realistic preset) · "
            "`scaleup validate` summarises",
            "fronts": "measured fronts vs computed ones: factor = distance to the curve",
        }
        note = notes.get(self.view, "~name: estimate")
        update_if_changed(
            self.caption_line,
            f"[b]{self.view}[/b]  ·  v: next view ({', '.join(CATALOG_VIEWS)})  ·  {note}",
        )
        super().show(results)

    def action_next_view(self) -> None:
        views = list(CATALOG_VIEWS)
        self.view = views[(views.index(self.view) + 1) % len(views)]
        self.sort_column = None
        self.filter_text = ""
        if self.results is not None:
            self.show(self.results)


class FitPane(TablePane):
    """Largest model per system; with a model: fit, pipeline depth, decode speed."""

    def __init__(self) -> None:
        super().__init__(
            "Fit",
            "system_id",
            lambda r: with_fit_reasons(leading(r.fit, DISPLAY_COLUMNS["fit"])),
            hidden=("system_id",),
            roles=RESULT_ROLES.explaining(FIT_REASONS),
            fixed_columns=2,  # the name, and the year it ships beside it
            id="pane-fit",
        )

    def show(self, results: Results) -> None:
        a = results.assumptions
        text = (
            f"max_params_t = {a.pipeline_domains} domain(s) × HBM × {a.weight_fraction:g} "
            f"/ ({a.bits_per_param:g} bits / 8)"
        )
        if results.model is not None:
            m = results.model
            text += (
                f"  ·  [b]{escape(printable(m.name))}[/b]: {format_params(m.total_params)} total, "
                f"{format_params(m.active_params)} active, {a.concurrent_sequences} seqs × "
                f"{a.context_tokens:,} tokens"
            )
        else:
            text += "  ·  m: choose a model"
        update_if_changed(self.caption_line, text)
        super().show(results)


class CostPane(TablePane):
    """Cost per system-hour by driver; $/Mtok for the chosen model."""

    def __init__(self) -> None:
        super().__init__(
            "Cost",
            "system_id",
            lambda r: leading(with_cost_reasons(r.cost), DISPLAY_COLUMNS["cost"]),
            hidden=("system_id",),
            roles=RESULT_ROLES.explaining(COST_REASONS),
            fixed_columns=2,
            id="pane-cost",
        )

    def show(self, results: Results) -> None:
        a = results.assumptions
        update_if_changed(
            self.caption_line,
            f"capital over {a.amortization_years:g} y at {a.cost_of_capital:.0%} + facility "
            f"${a.facility_usd_per_kw:,.0f}/kW + power × PUE {a.pue:g} × ${a.usd_per_kwh:g}/kWh"
            f"  ·  $/Mtok at {a.utilization:.0%} utilization",
        )
        super().show(results)


class ClaimsPane(TablePane):
    """The seed's claims, checked live. Solving what each claim needs re-evaluates it many
    times, so it runs in a worker thread and the pane updates when it is done."""

    def __init__(self) -> None:
        super().__init__(
            "Claims",
            "claim_id",
            lambda r: leading(r.claims, DISPLAY_COLUMNS["claims"]),
            hidden=("steps", "systems_used"),
            help_text="each claim of the seed under the current assumptions · enter: the "
            "arithmetic step by step",
            id="pane-claims",
        )
        self.pending: Results | None = None
        self.detail_line = Static("", classes="claim-detail")

    def show(self, results: Results) -> None:
        self.stale = False
        if "claims" in results.__dict__:  # already solved
            super().show(results)
            return
        self.pending = results
        update_if_changed(self.status_line, "checking claims…")
        self._solve(results)

    @work(thread=True, exclusive=True, group="claims", exit_on_error=False)
    def _solve(self, results: Results) -> None:
        results.claims  # noqa: B018 - computes and caches the frame
        self.app.call_from_thread(self._solved, results)

    def _solved(self, results: Results) -> None:
        if results is self.pending:
            TablePane.show(self, results)
            self._describe(self.table.cursor_row_key())

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield self.detail_line

    @on(FrameTable.CursorMoved)
    def _cursor_moved(self, event: FrameTable.CursorMoved) -> None:
        self._describe(event.row_key)

    def _describe(self, claim_id: str | None) -> None:
        """The claim under the cursor in full: its wording and what it needs."""
        rows = self.source_frame.filter(pl.col("claim_id") == claim_id) if claim_id else None
        if rows is None or rows.height == 0:
            return
        row = rows.row(0, named=True)
        text = Text.assemble(
            (f"{'holds' if row['holds'] else 'fails'}: ", "bold"),
            f"{row['claim']}\n",
            ("needs / margin: ", "bold"),
            row["needs"],
        )
        update_if_changed(self.detail_line, text)


class TimelinePane(TablePane):
    """Best obtainable system per year and bloc, with a chart above the table."""

    def __init__(self) -> None:
        super().__init__(
            "Timeline",
            "row_id",
            lambda r: leading(
                r.timeline.with_columns(
                    (pl.col("year").cast(pl.String) + "-" + pl.col("bloc")).alias("row_id")
                ),
                ("row_id", *DISPLAY_COLUMNS["timeline"]),
            ),
            hidden=("row_id", "system_id"),
            id="pane-timeline",
        )
        self.chart_slot = Vertical(id="timeline-chart-slot")
        self.chart: TimelineChart | None = None

    def compose(self) -> ComposeResult:
        # The chart (and plotext) loads when the pane is first shown, not at startup.
        yield self.chart_slot
        yield from super().compose()

    def show(self, results: Results) -> None:
        from tui.widgets.timeline_chart import TimelineChart

        chart = self.chart
        if chart is None:
            chart = self.chart = TimelineChart(id="timeline-chart")
            self.chart_slot.mount(chart)
        chart.plot(results.timeline, results.assumptions.year)
        update_if_changed(
            self.caption_line,
            f"largest model each bloc can hold (log scale) · as of {results.assumptions.year} · "
            f"basis: {results.assumptions.timeline_basis}",
        )
        super().show(results)


def build_panes() -> dict[str, TablePane]:
    """Every pane by id, in key order; the Frontier pane's module loads with it."""
    from tui.frontier_pane import FrontierPane

    return {
        "catalog": CatalogPane(),
        "fit": FitPane(),
        "cost": CostPane(),
        "timeline": TimelinePane(),
        "claims": ClaimsPane(),
        "frontier": FrontierPane(),
    }
