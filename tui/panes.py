"""The five panes: which frame of `Results` each shows, in which column order."""

from __future__ import annotations

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
from tui.widgets.frame_table import FrameTable
from tui.widgets.pane import TablePane
from tui.widgets.quiet import update_if_changed


def _pick(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Columns in this order, skipping any the frame does not have; the rest after."""
    first = [c for c in columns if c in frame.columns]
    return frame.select(first + [c for c in frame.columns if c not in first])


CATALOG_VIEWS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # view: (results table, key column, leading columns)
    "systems": (
        "catalog",
        "system_id",
        (
            "system_id",
            "system",
            "vendor",
            "packages",
            "hbm_tb",
            "hbm_tbps",
            "fp8_pflops",
            "fp4_pflops",
            "power_kw",
            "price_usd",
            "first_ship",
            "access_us",
            "access_china",
            "access_rest",
            "confidence",
        ),
    ),
    "accelerators": (
        "accelerators",
        "accelerator_id",
        (
            "accelerator_id",
            "accelerator",
            "vendor",
            "hbm_gb",
            "hbm_tbps",
            "bf16_pflops",
            "fp8_pflops",
            "fp4_pflops",
            "tdp_w",
            "scaleup_gbps_bidir",
            "first_volume_year",
            "confidence",
        ),
    ),
    "models": (
        "models",
        "model_id",
        (
            "model_id",
            "model",
            "developer",
            "total_params_b",
            "active_params_b",
            "attention",
            "kv_bytes_per_token",
            "kv_gb_per_sequence",
            "layers",
            "release",
            "open_weights",
            "confidence",
        ),
    ),
    "volumes": (
        "volumes",
        "volume_id",
        ("volume_id", "system", "year", "bloc", "units", "units_low", "units_high", "confidence"),
    ),
    "sources": ("sources", "source_id", ("source_id", "title", "publisher", "date", "url")),
}


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
        return _pick(results.table(table), columns)

    def show(self, results: Results) -> None:
        self.results = results
        _, self.key_column, _ = CATALOG_VIEWS[self.view]
        self.hidden = (self.key_column,) if self.view != "sources" else ()
        update_if_changed(
            self.query_one(".pane-caption", Static),
            f"[b]{self.view}[/b]  ·  v: next view (systems, accelerators, models, volumes, "
            "sources)  ·  ~name: estimate",
        )
        super().show(results)

    def action_next_view(self) -> None:
        views = list(CATALOG_VIEWS)
        self.view = views[(views.index(self.view) + 1) % len(views)]
        self.sort_column = None
        self.filter_text = ""
        if self.results is not None:
            self.show(self.results)


FIT_COLUMNS = (
    "system_id",
    "system",
    "max_params_t",
    "model_fits",
    "domains_needed",
    "decode_tok_s_per_seq",
    "kv_room_tb_per_stage",
    "max_sequences_per_stage",
    "decode_tok_s_per_domain",
    "decode_tok_s_per_chip",
    "ttft_s",
    "bound",
    "t_memory_ms",
    "t_compute_ms",
    "t_expert_ms",
    "t_hop_ms",
    "ep_domains_needed",
    "ep_decode_tok_s_per_seq",
    "ep_t_scaleout_ms",
    "packages",
    "hbm_tb",
    "train_max_params_t",
    "first_ship",
    "shipped_by_year",
    "confidence",
)
COST_COLUMNS = (
    "system_id",
    "system",
    "usd_per_hour",
    "usd_per_chip_hour",
    "usd_per_mtok",
    "usd_per_mtok_input",
    "capital_usd_per_hour",
    "facility_usd_per_hour",
    "power_usd_per_hour",
    "opex_usd_per_hour",
    "rent_usd_per_hour",
    "usd_per_hbm_tb_hour",
    "price_usd",
    "power_kw",
    "why_not",
)


class FitPane(TablePane):
    """Largest model per system; with a model: fit, pipeline depth, decode speed."""

    def __init__(self) -> None:
        super().__init__(
            "Fit",
            "system_id",
            lambda r: _pick(r.fit, FIT_COLUMNS),
            hidden=("system_id",),
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
                f"  ·  [b]{escape(m.name)}[/b]: {format_params(m.total_params)} total, "
                f"{format_params(m.active_params)} active, {a.concurrent_sequences} seqs × "
                f"{a.context_tokens:,} tokens"
            )
        else:
            text += "  ·  m: choose a model"
        update_if_changed(self.query_one(".pane-caption", Static), text)
        super().show(results)


class CostPane(TablePane):
    """Cost per system-hour by driver; $/Mtok for the chosen model."""

    def __init__(self) -> None:
        super().__init__(
            "Cost",
            "system_id",
            lambda r: _pick(r.cost, COST_COLUMNS),
            hidden=("system_id",),
            id="pane-cost",
        )

    def show(self, results: Results) -> None:
        a = results.assumptions
        update_if_changed(
            self.query_one(".pane-caption", Static),
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
            lambda r: _pick(
                r.claims, ("claim_id", "holds", "value", "unit", "expected", "needs", "claim")
            ),
            hidden=("steps", "systems_used"),
            help_text="each claim of the seed under the current assumptions · enter: the "
            "arithmetic step by step",
            id="pane-claims",
        )
        self.pending: Results | None = None

    def show(self, results: Results) -> None:
        self.stale = False
        if "claims" in results.__dict__:  # already solved
            super().show(results)
            return
        self.pending = results
        update_if_changed(self.query_one(".pane-status", Static), "checking claims…")
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
        yield Static("", classes="claim-detail")

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
        update_if_changed(self.query_one(".claim-detail", Static), text)


class TimelinePane(TablePane):
    """Best obtainable system per year and bloc, with a chart above the table."""

    def __init__(self) -> None:
        super().__init__(
            "Timeline",
            "row_id",
            lambda r: _pick(
                r.timeline.with_columns(
                    (pl.col("year").cast(pl.String) + "-" + pl.col("bloc")).alias("row_id")
                ),
                (
                    "row_id",
                    "year",
                    "bloc",
                    "system",
                    "max_params_t",
                    "hbm_tb",
                    "packages",
                    "installed_hbm_pb",
                    "installed_hbm_pb_low",
                    "installed_hbm_pb_high",
                    "model_copies",
                ),
            ),
            hidden=("row_id", "system_id"),
            id="pane-timeline",
        )

    def compose(self) -> ComposeResult:
        # The chart (and plotext) loads when the pane is first shown, not at startup.
        yield Vertical(id="timeline-chart-slot")
        yield from super().compose()

    def show(self, results: Results) -> None:
        from tui.widgets.timeline_chart import TimelineChart

        charts = self.query(TimelineChart)
        if charts:
            chart = charts.first()
        else:
            chart = TimelineChart(id="timeline-chart")
            self.query_one("#timeline-chart-slot").mount(chart)
        chart.plot(results.timeline, results.assumptions.year)
        update_if_changed(
            self.query_one(".pane-caption", Static),
            f"largest model each bloc can hold (log scale) · as of {results.assumptions.year} · "
            f"basis: {results.assumptions.timeline_basis}",
        )
        super().show(results)
