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
from tui.present.columns import RESULT_ROLES, ColumnRoles, exported_columns
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
    ]

    DetailRequested = messages.DetailRequested

    def __init__(
        self,
        title: str,
        key_column: str,
        selector: FrameSelector,
        *,
        hidden: tuple[str, ...] = (),
        help_text: str = "",
        roles: ColumnRoles = RESULT_ROLES,
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
        self.stale = True
        # Built here, not in compose, so they can be reached before the pane is mounted
        # (hidden panes are mounted the first time they are shown).
        self.caption_line = Static(help_text, classes="pane-caption")
        self.table = FrameTable(id=f"{id}-table", roles=roles)
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
        try:
            frame = filter_frame(self.source_frame, self.filter_text)
            problem = ""
        except InputError as error:
            frame = filter_frame(self.source_frame, "")
            problem = str(error)
        frame = sort_frame(frame, self.sort_column, self.sort_descending)
        self.view_frame = frame.select(
            exported_columns(frame.columns, self.hidden, self.key_column)
        )
        self.table.show_frame(frame, self.key_column, self.hidden)
        # Rich Text, not markup: the filter and error messages carry the user's own text.
        status_line = Text(f"{frame.height}/{self.source_frame.height} rows")
        if self.sort_column:
            arrow = "↓" if self.sort_descending else "↑"
            status_line.append(f"  ·  sorted by {self.sort_column} {arrow}")
        if self.filter_text:
            status_line.append(f"  ·  filter: {self.filter_text}")
        if problem:
            status_line.append(f"  ·  {problem}", style="bold red")
        update_if_changed(status, status_line)

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
        value = self.table.cursor_value()
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
        text = row.write_csv(include_header=False).strip()
        self.app.copy_to_clipboard(text)
        self.notify("Copied the row as CSV", timeout=2)

    @on(Input.Changed, ".filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refresh_view()

    @on(Input.Submitted, ".filter-input")
    def _filter_done(self, event: Input.Submitted) -> None:
        self._close_filter()

    def _close_filter(self) -> None:
        for field in self.query(".filter-input"):
            field.display = False
        self.screen.set_focus(self.table)

    @on(FrameTable.CellSelected)
    def _cell_selected(self, event: FrameTable.CellSelected) -> None:
        event.stop()
        self.post_message(self.DetailRequested(self, event.row_key))
