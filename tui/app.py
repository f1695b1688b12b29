"""The Scale-up Explorer Textual app.

One `Assumptions` value lives here. Edits arrive as messages from the panel (and as calls
from the palette and the demo), become a new value (`replace`), one `evaluate`, and every
pane is handed the new `Results` (the visible pane at once, hidden panes when next shown).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

import tui.compat  # Textual work-arounds, applied on import
from core import PRESETS, Assumptions, Catalog, InputError, Results, evaluate
from tui.key_order import KeysInOrderApp
from tui.panes import PANES, build_panes
from tui.safe_notify import SanitisedNotifications
from tui.widgets.assumptions_panel import AssumptionsPanel
from tui.widgets.frame_table import FrameTable
from tui.widgets.key_bar import KeyBar
from tui.widgets.pane import TablePane
from tui.widgets.pane_tabs import PaneTabs
from tui.widgets.quiet import update_if_changed

if TYPE_CHECKING:
    from textual.widget import AwaitMount

MIN_WIDTH, MIN_HEIGHT = 80, 24


class MainScreen(tui.compat.QuietFocusScreen):
    """The app's screen: panes, assumptions panel, header and key bar."""


class ScaleupApp(SanitisedNotifications, KeysInOrderApp[int]):
    """Which models fit which scale-up systems, how fast, at what cost, and when."""

    CSS_PATH = "app.tcss"
    TITLE = "Scale-up Explorer"
    ENABLE_COMMAND_PALETTE = True
    # Screen classes by size: the stylesheet narrows the panel and hides the panes below the
    # minimum, where a "resize" message shows instead.
    HORIZONTAL_BREAKPOINTS = [
        (0, "-too-narrow"),
        (MIN_WIDTH, "-narrow"),
        (120, "-wide"),
        (160, "-wider"),
        (200, "-widest"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-tall-enough")]
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_priority"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("1", "show_pane('catalog')", "Catalog", show=False, id="app.pane_catalog"),
        Binding("2", "show_pane('fit')", "Fit", show=False, id="app.pane_fit"),
        Binding("3", "show_pane('cost')", "Cost", show=False, id="app.pane_cost"),
        Binding("4", "show_pane('timeline')", "Timeline", show=False, id="app.pane_timeline"),
        Binding("5", "show_pane('claims')", "Claims", show=False, id="app.pane_claims"),
        Binding("6", "show_pane('frontier')", "Frontier", show=False, id="app.pane_frontier"),
        Binding("m", "pick_model", "Model", id="app.model"),
        Binding("a", "focus_assumptions", "Assumptions", id="app.assumptions"),
        Binding("A", "toggle_assumptions", "Hide panel", id="app.toggle_assumptions"),
        Binding("e", "export", "Export", id="app.export"),
        Binding("ctrl+s", "save_scenario", "Save scenario", show=False, id="app.save_scenario"),
        Binding("ctrl+o", "open_scenario", "Open scenario", show=False, id="app.open_scenario"),
        Binding("space", "demo_next", "Next demo step", show=False, id="app.demo_next"),
    ]

    def __init__(
        self,
        catalog: Catalog,
        assumptions: Assumptions,
        overlays: tuple[str, ...] = (),
        start_pane: str = "fit",
        demo_step_seconds: float | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.assumptions = assumptions
        self.overlays = overlays
        self.start_pane = start_pane
        self.active_pane = start_pane
        self.demo_step_seconds = demo_step_seconds
        self.demo_step = -1
        self.results: Results = evaluate(catalog, assumptions)
        self.edit_latencies_ms: list[float] = []
        self.marks: dict[str, set[str]] = {}  # marked rows by key column, shared by the panes
        self._pending_since: float | None = None  # a stepped value waiting to be recomputed
        self.panes: dict[str, TablePane] = build_panes()

    # ------------------------------------------------------------------ layout
    def get_default_screen(self) -> Screen:
        # Give the screen its size classes before its widgets are first styled; left to the
        # first resize, changing them would restyle every widget once more before first paint.
        screen = MainScreen(id="_default")
        width, height = self.size
        for value, points in (
            (width, self.HORIZONTAL_BREAKPOINTS),
            (height, self.VERTICAL_BREAKPOINTS),
        ):
            reached = [name for edge, name in sorted(points) if value >= edge]
            if reached:
                screen.add_class(reached[-1], update=False)
        return screen

    def compose(self) -> ComposeResult:
        yield Static("", id="app-header")
        with Horizontal(id="main"):
            with Vertical(id="panes"):
                yield PaneTabs(PANES, self.start_pane, id="pane-tabs")
                # Only the first pane is mounted now; the others when first shown (a quarter
                # fewer widgets to style and lay out before the first paint).
                yield self.panes[self.start_pane]
            yield AssumptionsPanel(self.assumptions, id="assumptions")
        yield Static(f"Resize the terminal to at least {MIN_WIDTH}x{MIN_HEIGHT}.", id="too-small")
        if self.demo_step_seconds is not None:
            yield Static("", id="demo-caption")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self._update_header()
        self._show_results()
        self.current_pane().table.focus()
        self._apply_user_keymap()
        # Everything built so far lives as long as the app: keep it out of the collector's
        # full passes, which otherwise show up as 50-90 ms pauses during edits.
        self.call_after_refresh(gc.freeze)
        if self.demo_step_seconds is not None:
            self.query_one("#demo-caption").display = True  # hidden by the stylesheet
            self.action_demo_next()
            if self.demo_step_seconds > 0:
                step = max(self.demo_step_seconds, 0.5)  # 1e-9 s would spin, starving q
                self.set_interval(step, self.action_demo_next)

    def _apply_user_keymap(self) -> None:
        """Remap keys from the user's keymap file (binding id = "keys"); a bad file is
        reported, never fatal."""
        from tui.keymap import apply_keymap, load_user_keymap

        keymap, problem = load_user_keymap(lambda: {b.id for b in self._all_bindings() if b.id})
        if keymap:
            problem = apply_keymap(self, keymap) or problem
        if problem:
            self.notify(problem, severity="warning", title="Keymap", timeout=8, markup=False)

    def _all_bindings(self) -> list[Binding]:
        from tui.frontier_pane import FrontierPane
        from tui.panes import CatalogPane
        from tui.screens.detail import DetailScreen
        from tui.screens.export import ExportScreen
        from tui.screens.model_picker import ModelPicker
        from tui.screens.path_prompt import PathPrompt
        from tui.widgets.assumptions_panel import AssumptionTable

        classes = (ScaleupApp, TablePane, CatalogPane, FrontierPane, FrameTable, AssumptionTable)
        classes += (DetailScreen, ExportScreen, ModelPicker, PathPrompt)
        return [b for cls in classes for b in cls.BINDINGS if isinstance(b, Binding)]

    def action_demo_next(self) -> None:
        """Advance the demo walkthrough by one step (space; or on its timer)."""
        from tui.demo import DEMO_STEPS

        if self.demo_step_seconds is None or self.demo_step >= len(DEMO_STEPS) - 1:
            return
        self.demo_step += 1
        caption, act = DEMO_STEPS[self.demo_step]
        act(self)
        update_if_changed(
            self.query_one("#demo-caption", Static),
            f"[b]Demo {self.demo_step + 1}/{len(DEMO_STEPS)}[/b]  {caption}  "
            "[dim](space: next · q: quit)[/dim]",
        )

    def action_save_scenario(self) -> None:
        from core import scenario_toml
        from core.export import write_atomically
        from tui.screens.path_prompt import PathPrompt

        def save(choice: tuple[Path, bool] | None) -> None:
            if choice is None:
                return
            path, force = choice
            try:
                write_atomically(path, scenario_toml(self.assumptions).encode(), force=force)
            except InputError as error:
                self.notify(str(error), severity="error", title="Not saved", markup=False)
                return
            self.notify(f"Saved the assumptions to {path}", title="Scenario", markup=False)

        self.push_screen(
            PathPrompt("Save the assumptions as a scenario", "scenario.toml", can_replace=True),
            save,
        )

    def action_open_overlay(self) -> None:
        """Ask for a catalog overlay and load it beside the current ones, in a worker."""
        from tui.screens.path_prompt import PathPrompt

        def chosen(choice: tuple[Path, bool] | None) -> None:
            if choice is not None:
                self.query_one("#panes").loading = True
                self._load_overlay(str(choice[0]))

        self.push_screen(
            PathPrompt(
                "Add a catalog overlay (same schema; same id replaces)",
                "my-catalog.toml",
                can_replace=False,
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="overlay", exit_on_error=False)
    def _load_overlay(self, path: str) -> None:
        from core import load_catalog

        overlays = (*self.overlays, path)
        try:
            catalog = load_catalog(overlays=overlays)
            results = evaluate(catalog, self.assumptions)
        except InputError as error:
            self.call_from_thread(self._overlay_failed, str(error))
            return
        self.call_from_thread(self._overlay_loaded, catalog, overlays, results)

    def _overlay_failed(self, message: str) -> None:
        self.query_one("#panes").loading = False
        self.notify(message, severity="error", title="Overlay not loaded", markup=False)

    def _overlay_loaded(
        self, catalog: Catalog, overlays: tuple[str, ...], results: Results
    ) -> None:
        self.query_one("#panes").loading = False
        self.catalog, self.overlays, self.results = catalog, overlays, results
        self._update_header()
        self._show_results()
        self.notify(f"Catalog now: {catalog.version}", title="Overlay loaded", markup=False)

    def action_open_scenario(self) -> None:
        from core import load_scenario
        from tui.screens.path_prompt import PathPrompt

        def load(choice: tuple[Path, bool] | None) -> None:
            if choice is None:
                return
            try:
                assumptions = load_scenario(choice[0])
            except InputError as error:
                self.notify(str(error), severity="error", title="Scenario not loaded", markup=False)
                return
            self.set_assumptions(assumptions)
            self.notify(f"Loaded {choice[0]}", title="Scenario", markup=False)

        self.push_screen(
            PathPrompt("Open a scenario file", "scenario.toml", can_replace=False), load
        )

    # ------------------------------------------------------------------ state
    def current_pane(self) -> TablePane:
        """The pane on the active tab (possibly still being mounted)."""
        return self.panes[self.active_pane]

    def set_assumptions(self, assumptions: Assumptions) -> None:
        """Adopt a new assumptions value and recompute every pane from it."""
        self._recompute(assumptions, time.perf_counter())

    def step_assumptions(self, assumptions: Assumptions) -> None:
        """Adopt a stepped value now and recompute once the keys already typed are read.

        A held + or - arrives faster than a long catalog recomputes: the panel follows each
        step, the panes are recomputed once for the run of steps, and nothing queues up."""
        if self._pending_since is None:
            self._pending_since = time.perf_counter()
            self.call_later(self._recompute_pending)
        self.assumptions = assumptions
        self.query_one(AssumptionsPanel).show(assumptions)

    def _recompute_pending(self) -> None:
        started, self._pending_since = self._pending_since, None
        if started is not None and self.results.assumptions != self.assumptions:
            self._recompute(self.assumptions, started)

    def _recompute(self, assumptions: Assumptions, started: float) -> None:
        try:
            results = evaluate(self.catalog, assumptions)
        except InputError as error:
            self.notify(str(error), severity="error", title="Not applied", markup=False)
            if self.assumptions != self.results.assumptions:  # a step shown but not computed
                self.assumptions = self.results.assumptions
                self.query_one(AssumptionsPanel).show(self.assumptions)
            return
        self.assumptions = assumptions
        self.results = results
        self.query_one(AssumptionsPanel).show(assumptions)
        self._update_header()
        self._show_results()
        self.call_after_refresh(
            lambda: self.edit_latencies_ms.append((time.perf_counter() - started) * 1e3)
        )

    def _show_results(self) -> None:
        # Only the visible pane repaints now; the others when they are next shown.
        current = self.current_pane()
        for pane in self.panes.values():
            if pane is current and pane.is_mounted:
                pane.show(self.results)
            else:
                pane.stale = True

    def _update_header(self) -> None:
        from tui.present.header import header_text

        update_if_changed(
            self.query_one("#app-header", Static), header_text(self.results, self.catalog)
        )

    @on(PaneTabs.Clicked)
    def _tab_clicked(self, event: PaneTabs.Clicked) -> None:
        self.show_pane(event.pane_id)

    # ------------------------------------------------------------------ assumption edits
    @on(AssumptionsPanel.AssumptionEdited)
    def _edited(self, event: AssumptionsPanel.AssumptionEdited) -> None:
        self.set_assumptions(self.assumptions.replace(**{event.key: event.value}))

    @on(AssumptionsPanel.StepRequested)
    def _step(self, event: AssumptionsPanel.StepRequested) -> None:
        panel = self.query_one(AssumptionsPanel)
        value = panel.step_value(event.key, event.direction, event.big)
        self.step_assumptions(self.assumptions.replace(**{event.key: value}))

    @on(AssumptionsPanel.ResetRequested)
    def _reset(self, event: AssumptionsPanel.ResetRequested) -> None:
        base = Assumptions.preset(p if (p := self.assumptions.preset_name) in PRESETS else "seed")
        if event.key is None:
            keep = {"model_id": self.assumptions.model_id, "params_t": self.assumptions.params_t}
            self.set_assumptions(base.replace(**keep))
        else:
            self.set_assumptions(self.assumptions.replace(**{event.key: getattr(base, event.key)}))

    # ------------------------------------------------------------------ actions
    async def action_show_pane(self, pane_id: str) -> None:
        # Awaited, so a key typed right after the digit waits for the new pane and acts on it.
        mounting = self._switch_pane(pane_id)
        if mounting is not None:
            await self._finish_switch(mounting, self.panes[pane_id])

    def show_pane(self, pane_id: str) -> None:
        """Switch panes from code that no typed key can overtake (palette, demo, tab click)."""
        mounting = self._switch_pane(pane_id)
        if mounting is not None:
            self.call_later(self._finish_switch, mounting, self.panes[pane_id])

    def _switch_pane(self, pane_id: str) -> AwaitMount | None:
        """Show `pane_id`; fill and focus its pane now, or return the mount to wait for
        when this is its first showing."""
        previous, pane = self.current_pane(), self.panes[pane_id]
        self.active_pane = pane_id
        self.query_one(PaneTabs).active = pane_id
        previous.display = pane is previous
        pane.display = True
        if pane.parent is None:
            return self.query_one("#panes").mount(pane)
        if pane.is_mounted:
            self._fill_and_focus(pane)
        return None

    async def _finish_switch(self, mounting: AwaitMount, pane: TablePane) -> None:
        await mounting
        self._fill_and_focus(pane)

    def _fill_and_focus(self, pane: TablePane) -> None:
        if pane.stale:
            pane.show(self.results)
        if pane is self.current_pane():
            self.set_focus(pane.table)

    def action_focus_assumptions(self) -> None:
        # At once, not `focus()` (which waits a turn): a key typed right after `a` acts here.
        self.set_focus(self.query_one("#assumption-table"))

    def action_pick_model(self) -> None:
        from tui.screens.model_picker import ModelPicker

        def chosen(choice: tuple[str, float] | None) -> None:
            if choice is not None:
                model_id, params_t = choice
                self.set_assumptions(self.assumptions.replace(model_id=model_id, params_t=params_t))

        self.push_screen(ModelPicker.for_catalog(self.catalog, self.assumptions.model_id), chosen)

    def apply_preset(self, name: str) -> None:
        """Start again from a preset, keeping the chosen model."""
        keep = {"model_id": self.assumptions.model_id, "params_t": self.assumptions.params_t}
        self.set_assumptions(Assumptions.preset(name).replace(**keep))
        self.notify(f"Preset {name}: {PRESETS[name]['help']}", timeout=4)

    def action_export(self, default_suffix: str = "csv") -> None:
        from tui.screens.export import ExportScreen

        pane = self.current_pane()
        frame = pane.view_frame
        default = f"scaleup-{pane.id.removeprefix('pane-')}.{default_suffix}"

        def write(choice: tuple[Path, bool, bool] | None) -> None:
            if choice is None:
                return
            path, force, comments = choice
            self.export_view(path, force=force, comments=comments)

        self.push_screen(ExportScreen(default, frame.height), write)

    def export_view(self, path: Path, force: bool = False, comments: bool = True) -> Path | None:
        """Write the current pane's view (filter, sort and columns as shown)."""
        from core.export import format_for_path, provenance_lines, render, write_atomically

        pane = self.current_pane()
        try:
            fmt = format_for_path(path)
            lines = provenance_lines(self.catalog, self.assumptions, pane.title.lower())
            data = render(pane.view_frame, fmt, lines if comments else None)
            written = write_atomically(path, data, force=force)
        except InputError as error:
            self.notify(str(error), severity="error", title="Not exported", markup=False)
            return None
        self.notify(
            f"Wrote {pane.view_frame.height} rows to {written}", title="Exported", markup=False
        )
        return written

    def action_help(self) -> None:
        from tui.detail import assumption_rows, binding_rows, help_body
        from tui.screens.detail import HelpScreen

        keys = binding_rows(self.screen.active_bindings.values(), self.get_key_display)
        self.push_screen(HelpScreen("Help", help_body(keys, assumption_rows())))

    @on(TablePane.CompareRequested)
    def _compare(self, event: TablePane.CompareRequested) -> None:
        from tui.screens.compare import CompareScreen

        marked = self.marks.get(event.pane.key_column, set())
        if event.pane.key_column != "system_id" or not marked:
            self.notify("Mark systems with space first (on Fit, Cost or Catalog), then c")
        else:
            self.push_screen(CompareScreen(self.results, marked))

    @on(TablePane.DetailRequested)
    def _detail(self, event: TablePane.DetailRequested) -> None:
        from tui.detail import detail_for
        from tui.screens.detail import DetailScreen

        pane = event.pane
        try:
            title, body = detail_for(
                pane.id or "",
                pane.key_column,
                event.row_key,
                pane.source_frame,
                self.catalog,
                self.results,
            )
        except (KeyError, IndexError, ValueError):  # enter, v in a burst: a row of the old view
            return
        self.push_screen(DetailScreen(title, body))

    def start_assumption_edit(self, key: str) -> None:
        """Focus the panel on `key` and open its value line (palette `set:` entries)."""
        self.call_later(self.query_one(AssumptionsPanel).start_edit, key)

    # ------------------------------------------------------------------ palette
    def action_command_palette(self) -> None:
        # Textual only checks the top screen; a palette under a modal (a palette command
        # opened one), or one still closing, would be pushed twice and crash on its id.
        with tui.compat.suppress_duplicate_ids():
            super().action_command_palette()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.palette import palette_commands

        yield from palette_commands(self)
        # No "Maximize": it hides the header and key bar, and nothing offers the way back.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Maximize")

    def action_toggle_assumptions(self) -> None:
        """Hide the Assumptions panel (more room for the table), or show it again."""
        panel = self.query_one(AssumptionsPanel)
        panel.display = not panel.display
        self.set_focus(self.current_pane().table)
