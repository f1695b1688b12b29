"""A pane: a caption, a table of one Results frame, a filter line and a status line."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from core import Results
from core.errors import InputError
from core.query import filter_frame, sort_frame
from tui import messages
from tui.present.columns import RESULT_ROLES, ColumnRoles, exported_columns, filter_aliases
from tui.present.reasons import LEGEND
from tui.widgets.frame_table import FrameTable
from tui.widgets.quiet import update_if_changed

FrameSelector = Callable[[Results], pl.DataFrame]


class TablePane(Vertical):
    """Shows one frame of `Results`; filter with `/`, sort with `[`/`]`, details with enter."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="pane.filter"),
        Binding("left_square_bracket", "sort(False)", "Sort ↑", id="pane.sort_ascending"),
        Binding("right_square_bracket", "sort(True)", "Sort ↓", id="pane.sort_descending"),
        Binding("y", "copy_cell", "Copy cell", show=False, id="pane.copy_cell"),
        Binding("Y", "copy_row", "Copy row", show=False, id="pane.copy_row"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="pane.clear_filter"),
        Binding("space", "toggle_mark", "Mark", show=False, id="pane.mark"),
        Binding("M", "marked_only", "Marked only", show=False, id="pane.marked_only"),
        Binding("c", "compare", "Compare", id="pane.compare"),
    ]

    DetailRequested = messages.DetailRequested
    CompareRequested = messages.CompareRequested

    def __init__(
        self,
        title: str,
        key_column: str,
        selector: FrameSelector,
        *,
        hidden: tuple[str, ...] = (),
        help_text: str = "",
        roles: ColumnRoles = RESULT_ROLES,
        fixed_columns: int = 1,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="pane")
        self.title = title
        self.key_column = key_column
        self.selector = selector
        self.hidden = hidden
        self.help_text = help_text
        self.source_frame = pl.DataFrame()
        self.view_frame = pl.DataFrame()
        self.filter_text = ""
        self.sort_column: str | None = None
        self.sort_descending = False
        self.marked_only = False
        self.filter_problem = ""
        self.stale = True
        # Built here, not in compose, so they can be reached before the pane is mounted
        # (hidden panes are mounted the first time they are shown).
        self.caption_line = Static(help_text, classes="pane-caption")
        self.table = FrameTable(id=f"{id}-table", roles=roles, fixed_columns=fixed_columns)
        self.status_line = Static("", classes="pane-status")

    def compose(self) -> ComposeResult:
        yield self.caption_line
        yield self.table
        yield self.status_line

    async def _filter_field(self) -> Input:
        """The filter line, mounted the first time it is wanted (fewer widgets at start)."""
        found = self.query(".filter-input").results(Input)
        field = next(found, None)
        if field is None:
            field = Input(
                placeholder="filter: text, or column>value (hbm_tb>10 vendor=amd)",
                classes="filter-input",
            )
            await self.mount(field, before=self.status_line)
        return field

    def show(self, results: Results) -> None:
        """Take new results and repaint."""
        self.source_frame = self.selector(results)
        self.stale = False
        self.refresh_view()

    def refresh_view(self) -> None:
        """Apply the filter and sort to the current frame and show it."""
        status = self.status_line
        source = self.source_frame
        roles = self.table.roles
        aliases = filter_aliases(source.columns, roles)
        try:
            frame = filter_frame(source, self.filter_text, aliases=aliases)
            problem = ""
        except InputError as error:
            frame = source  # the rows as they are: the bad filter is not applied
            problem = str(error).removeprefix("filter: ")
        self.filter_problem = problem
        marked = self.marked_keys()
        if self.marked_only and self.key_column in frame.columns:
            frame = frame.filter(pl.col(self.key_column).cast(pl.String).is_in(list(marked)))
        frame = sort_frame(frame, self.sort_column, self.sort_descending)
        self.view_frame = frame.select(
            exported_columns(frame.columns, self.hidden, self.key_column)
        )
        self.table.set_marked(marked)
        self.table.sort_mark = (self.sort_column, self.sort_descending)
        self.table.show_frame(frame, self.key_column, self.hidden, dim_rows=self.dim_rows(frame))
        # Rich Text, not markup: the filter and error messages carry the user's own text.
        status_line = Text()
        if problem:
            status_line.append(f"filter NOT applied: {problem}", style="bold red")
            status_line.append("  ·  ")
        rows = "row" if source.height == 1 else "rows"
        status_line.append(f"{frame.height}/{source.height} {rows}")
        if self.sort_column:
            arrow = "↓" if self.sort_descending else "↑"
            status_line.append(f"  ·  sorted by {roles.header(self.sort_column)} {arrow}")
        if self.filter_text and not problem:
            status_line.append(f"  ·  filter: {self.filter_text}")
        if marked:
            status_line.append(f"  ·  {len(marked)} marked")
            if self.marked_only:
                status_line.append(" (shown only)")
        if self.table.shows_reasons:
            status_line.append(f"  ·  {LEGEND}", style="dim")
        update_if_changed(status, status_line)

    def dim_rows(self, frame: pl.DataFrame) -> list[bool] | None:
        """Rows drawn faint: systems that do not ship by the year the assumptions are as of."""
        if "shipped_by_year" not in frame.columns:
            return None
        return [shipped is False for shipped in frame["shipped_by_year"].to_list()]

    def marked_keys(self) -> frozenset[str]:
        """The rows the user marked (kept by the app, shared by panes keyed alike)."""
        marks = getattr(self.app, "marks", None) if self.is_attached else None
        return frozenset(marks.get(self.key_column, ())) if marks is not None else frozenset()

    def action_toggle_mark(self) -> None:
        """Space: mark the row under the cursor, or unmark it."""
        if getattr(self.app, "demo_step_seconds", None) is not None:
            self.app.action_demo_next()  # type: ignore[attr-defined]
            return
        key = self.table.cursor_row_key()
        marks = getattr(self.app, "marks", None)
        if key is None or marks is None:
            return
        keys = marks.setdefault(self.key_column, set())
        keys.symmetric_difference_update({key})
        self.refresh_view()
        self.table.action_move_by(1, 0)

    def action_marked_only(self) -> None:
        """Show only the marked rows, or every row again."""
        self.marked_only = not self.marked_only
        self.refresh_view()

    def action_compare(self) -> None:
        self.post_message(self.CompareRequested(self))

    async def action_filter(self) -> None:
        # Awaited and focused at once (not `focus()`, which waits a turn): what is typed right
        # after `/` must land in the filter line, not act as table keys.
        field = await self._filter_field()
        field.display = True
        field.value = self.filter_text
        self.screen.set_focus(field)

    def action_clear_filter(self) -> None:
        """Escape: leave the filter line (keeping its filter), or clear the filter."""
        field = next(self.query(".filter-input").results(Input), None)
        if field is not None and field.has_focus:
            self._close_filter()
        elif self.filter_text:
            self.filter_text = ""
            self.refresh_view()

    def action_sort(self, descending: bool) -> None:
        self.sort_column = self.table.cursor_column_name()
        self.sort_descending = descending
        self.refresh_view()

    def action_copy_cell(self) -> None:
        """The value itself (0.5641 as stored, not "0.564"); text as shown."""
        raw = self.table.cursor_raw_value()
        value = self.table.cursor_value() if raw is None else str(raw)
        self.app.copy_to_clipboard(value)
        self.notify(f"Copied {value!r}", timeout=2, markup=False)

    def action_copy_row(self) -> None:
        key = self.table.cursor_row_key()
        if key is None:
            return
        row = (
            self.view_frame.filter(pl.col(self.key_column).cast(pl.String) == key)
            if self.key_column in self.view_frame.columns
            else self.view_frame.head(0)
        )
        text = row.write_csv(include_header=True).strip()
        self.app.copy_to_clipboard(text)
        self.notify("Copied the row as CSV", timeout=2)

    @on(Input.Changed, ".filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refresh_view()

    @on(Input.Submitted, ".filter-input")
    def _filter_done(self, event: Input.Submitted) -> None:
        if self.filter_problem:
            self.notify(
                f"Filter not applied: {self.filter_problem}",
                severity="error",
                timeout=6,
                markup=False,
            )
        self._close_filter()

    def _close_filter(self) -> None:
        for field in self.query(".filter-input"):
            field.display = False
        self.screen.set_focus(self.table)

    @on(FrameTable.CellSelected)
    def _cell_selected(self, event: FrameTable.CellSelected) -> None:
        event.stop()
        self.post_message(self.DetailRequested(self, event.row_key))
