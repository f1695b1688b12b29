"""A table of a polars frame, drawn line by line (Textual's Line API).

Textual's DataTable renders every visible cell through Rich again whenever any cell changes,
which made an assumption edit cost ~70 ms at 120x40. This table keeps each cell as plain
text, builds a line from segments only when that line is drawn, and so repaints a whole pane
in a few milliseconds. It has a cell or row cursor, vim keys, a header that stays put, a
first column that stays put while scrolling sideways, zebra rows, estimates in italics and
yes/no cells in colour (and in words, for terminals without colour).

Sideways it scrolls by whole columns: the cursor's column is always whole, and a column cut at
the right edge ends in "…", so a cut number never reads as a smaller one. A blank cell shows,
dimmed, why it is blank when the owner names a reason for its column (`ColumnRoles`).
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import messages
from tui.compat import QuietFocusWidget
from tui.present.columns import ColumnRoles
from tui.present.formatting import format_value, needs_compact, widest_cell
from tui.present.reasons import blank_reason, explains_blanks, reason_source
from tui.widgets.frame_table_css import FRAME_TABLE_CSS
from tui.widgets.table_layout import column_layout, cut_cell, scroll_for_cursor

ESTIMATE_MARK = "~"
ROW_MARK = "•"  # drawn in the left margin of a marked row
EXACT_WIDTH_ROWS = 2_000  # longer tables size columns from statistics, format rows lazily
MAX_TEXT_WIDTH = 30
NARROW_TEXT_WIDTH = 20
WIDE = 120  # terminal columns from which long names get more room


class FrameTable(QuietFocusWidget, ScrollView, can_focus=True):
    """Rows of a polars frame keyed by their id column; numbers right-aligned."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "frame-table--header",
        "frame-table--cursor",
        "frame-table--cursor-blurred",
        "frame-table--odd",
        "frame-table--estimate",
        "frame-table--yes",
        "frame-table--no",
        "frame-table--bold",
        "frame-table--reason",
        "frame-table--dim",
        "frame-table--marked",
    }
    DEFAULT_CSS = FRAME_TABLE_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move_by(-1, 0)", "Up", show=False, id="table.up"),
        Binding("down,j", "move_by(1, 0)", "Down", show=False, id="table.down"),
        Binding("left,h", "move_by(0, -1)", "Left", show=False, id="table.left"),
        Binding("right,l", "move_by(0, 1)", "Right", show=False, id="table.right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("home,g", "first_row", "Top", show=False, id="table.top"),
        Binding("end,G", "last_row", "Bottom", show=False, id="table.bottom"),
        Binding("enter", "select", "Details", show=False, id="table.select"),
    ]

    CellSelected = messages.CellSelected
    CursorMoved = messages.CursorMoved

    def __init__(
        self,
        *,
        id: str | None = None,
        cursor_type: str = "cell",
        show_header: bool = True,
        fixed_columns: int = 1,
        roles: ColumnRoles | None = None,
    ) -> None:
        super().__init__(id=id)
        self.cursor_type = cursor_type
        self.show_header = show_header
        self.fixed_columns = fixed_columns
        self.roles = roles or ColumnRoles()  # what the columns are: the owner's to say
        self.frame: pl.DataFrame = pl.DataFrame()
        self.key_column = ""
        self.column_names: list[str] = []
        self.row_keys: list[str] = []
        self.cursor_row = 0
        self.cursor_column = 0
        self._headers: list[str] = []
        self._numeric: list[bool] = []
        self._widths: list[int] = []
        self._values: list[list[object]] = []  # per shown column, the frame's values
        self._text: dict[int, list[str]] = {}  # formatted rows, by row index
        self._marked: list[bool] = []  # name columns: "~" before an estimate
        self._flagged: list[bool] = []  # yes/no columns, in colour
        self._estimate: list[bool] = []
        self._bold: list[bool] = []
        self._dim: list[bool] = []  # rows drawn faint (systems not shipping yet)
        self._compact: list[bool] = []  # columns written with suffixes (310k, 3.1M)
        self._reasons: list[list[object] | str | None] = []  # per column: why its blanks are
        self.marked: frozenset[str] = frozenset()  # row keys marked by the user
        self.sort_mark: tuple[str | None, bool] = (None, False)  # column, descending
        self._layouts: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        # Drawn lines by what they depend on; Textual redraws a table several times while it
        # settles its layout (and on every scroll), and a cached line is a dict lookup.
        self._lines: dict[tuple[object, ...], Strip] = {}
        self._line_styles: tuple[Style, ...] = ()
        self._part_styles: dict[str, Style] = {}
        self._base_style = Style()
        self._styles_checked = False

    # ------------------------------------------------------------------ data
    def show_frame(
        self,
        frame: pl.DataFrame,
        key_column: str,
        hidden: tuple[str, ...] = (),
        *,
        widths: dict[str, int] | None = None,
        bold_rows: list[bool] | None = None,
        dim_rows: list[bool] | None = None,
    ) -> None:
        """Display `frame`; rows are identified by `key_column`; `hidden` columns not shown."""
        previous_key = self.cursor_row_key()
        old_layout = (self.column_names, self.row_keys, self._widths)
        shown_rows = self._rows_on_screen()
        old_text = {row: self.row_text(row) for row in shown_rows}
        old_bold = self._bold
        visible = [c for c in frame.columns if c not in hidden]
        keys = [str(k) for k in frame[key_column].to_list()] if frame.height else []
        roles = self.roles
        sort_column, descending = self.sort_mark
        arrow = " ↓" if descending else " ↑"
        self._headers = [roles.header(c) + (arrow if c == sort_column else "") for c in visible]
        self._numeric = [frame.schema[c].is_numeric() or c in roles.right_aligned for c in visible]
        self._estimate = (
            [c == "estimate" for c in frame["confidence"].to_list()]
            if "confidence" in frame.columns
            else [False] * frame.height
        )
        self._values = [frame[c].to_list() for c in visible]
        self._compact = [needs_compact(c, frame[c]) for c in visible]
        self._reasons = [reason_source(roles, frame, c) for c in visible]
        self._marked = [c in roles.names for c in visible]
        self._flagged = [c in roles.yes_no for c in visible]
        self._text = {}
        self.column_names, self.row_keys = visible, keys
        self._widths = self._column_widths(frame, widths or {})
        self._bold = bold_rows if bold_rows is not None else [False] * frame.height
        old_dim = self._dim
        self._dim = dim_rows if dim_rows is not None else [False] * frame.height
        self.frame, self.key_column = frame, key_column
        self._lines.clear()
        self._layouts.clear()
        if previous_key in keys:
            self.cursor_row = keys.index(previous_key)
        self.cursor_row = max(0, min(self.cursor_row, len(keys) - 1))
        self.cursor_column = max(0, min(self.cursor_column, len(visible) - 1))
        total_width = sum(w + 2 for w in self._widths)
        self.virtual_size = Size(total_width, len(keys) + self._header_lines)
        if old_layout == (visible, keys, self._widths) and self.region:
            # Same rows and layout, on screen now: repaint only the cells whose text changed,
            # so an edit sends the terminal a few cells instead of the whole table. (Rows off
            # screen are drawn afresh when scrolled to. A table being shown again, still out
            # of the last layout, repaints whole: Textual would reuse its old lines.)
            for row in shown_rows:
                if old_bold[row] != self._bold[row] or old_dim[row] != self._dim[row]:
                    self._refresh_rows([row])
                    continue
                old, new = old_text[row], self.row_text(row)
                changed = [p for p in range(len(visible)) if old[p] != new[p]]
                if changed:
                    self._refresh_cells(row, changed)
        else:
            self.refresh()

    def set_marked(self, keys: frozenset[str]) -> None:
        """Mark these rows (a dot in the margin, in the accent colour)."""
        if keys != self.marked:
            self.marked = keys
            self._lines.clear()
            self.refresh()

    def _reason(self, row: int, position: int) -> str:
        """Why the cell is blank, in a few words ("" if it is not, or nobody says)."""
        return blank_reason(self._reasons[position], self._values[position][row], row)

    def _column_widths(self, frame: pl.DataFrame, fixed: dict[str, int]) -> list[int]:
        """Each column as wide as its header and widest cell (text columns capped).

        Up to EXACT_WIDTH_ROWS rows every cell is formatted (they are drawn from that cache);
        beyond, widths come from column statistics and cells are formatted when drawn."""
        cap = MAX_TEXT_WIDTH if self.app.size.width >= WIDE else NARROW_TEXT_WIDTH
        exact = frame.height <= EXACT_WIDTH_ROWS
        texts = [self.row_text(row) for row in range(frame.height)] if exact else []
        any_estimate = any(self._estimate)
        widths = []
        for position, column in enumerate(self.column_names):
            if exact:
                longest = max((len(text[position]) for text in texts), default=0)
            else:
                longest = widest_cell(column, frame[column], compact=self._compact[position])
                if self._reasons[position] is not None:
                    longest = max(longest, 14)
                longest += 1 if self._marked[position] and any_estimate else 0
            width = max(len(self._headers[position]), longest)
            if not self._numeric[position]:
                width = max(len(self._headers[position]), min(width, cap))
            widths.append(fixed.get(column, width))
        return widths

    def row_text(self, row: int) -> list[str]:
        """The cells of one row as shown (formatted on first use, then kept)."""
        text = self._text.get(row)
        if text is None:
            estimate = self._estimate[row]
            text = [
                (ESTIMATE_MARK if marked and estimate else "")
                + (format_value(column, values[row], compact=compact) or self._reason(row, p))
                for p, (column, values, marked, compact) in enumerate(
                    zip(self.column_names, self._values, self._marked, self._compact, strict=True)
                )
            ]
            self._text[row] = text
        return text

    def _flag(self, row: int, position: int) -> bool | None:
        """Yes (True) or no (False) for the yes/no columns; None elsewhere."""
        if not self._flagged[position]:
            return None
        value = self._values[position][row]
        return None if value is None else bool(value)

    def _rows_on_screen(self) -> range:
        if not self.row_keys:
            return range(0)
        first = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height - self._header_lines
        return range(first, min(first + max(height, 0), len(self.row_keys)))

    def _layout(self, scroll_x: int, width: int) -> list[tuple[int, int, int]]:
        key = (scroll_x, width)
        layout = self._layouts.get(key)
        if layout is None:
            fixed = min(self.fixed_columns, len(self._widths))
            layout = self._layouts[key] = column_layout(self._widths, fixed, scroll_x, width)
        return layout

    def _cell_span(self, position: int) -> tuple[int, int]:
        """Screen columns [left, right) that column `position` shows in (empty if none)."""
        width = self.scrollable_content_region.width
        for shown, left, cells in self._layout(int(self.scroll_offset.x), width):
            if shown == position:
                return left, left + cells
        return 0, 0

    def _refresh_cells(self, row: int, positions: list[int]) -> None:
        """Repaint the changed cells of one row: one span from the first to the last shown."""
        y = self._screen_line(row)
        if y is None:
            return
        spans = [span for span in map(self._cell_span, positions) if span[1] > span[0]]
        if spans:
            left, right = min(s[0] for s in spans), max(s[1] for s in spans)
            self.refresh(Region(left, y, right - left, 1))

    def _refresh_rows(self, rows: list[int]) -> None:
        width = self.scrollable_content_region.width
        for row in rows:
            y = self._screen_line(row)
            if y is not None:
                self.refresh(Region(0, y, width, 1))

    def _screen_line(self, row: int) -> int | None:
        """The widget line that shows `row`, or None when it is scrolled out of view."""
        y = row - int(self.scroll_offset.y) + self._header_lines
        return y if self._header_lines <= y < self.scrollable_content_region.height else None

    @property
    def _header_lines(self) -> int:
        return 1 if self.show_header else 0

    @property
    def row_count(self) -> int:
        """Rows in the table."""
        return len(self.row_keys)

    def cursor_column_name(self) -> str | None:
        """The frame column under the cursor."""
        return self.column_names[self.cursor_column] if self.column_names else None

    def cursor_row_key(self) -> str | None:
        """The id of the row under the cursor."""
        return self.row_keys[self.cursor_row] if self.row_keys else None

    def cursor_value(self) -> str:
        """The cell under the cursor as shown."""
        if not self.row_keys:
            return ""
        return self.row_text(self.cursor_row)[self.cursor_column]

    def cursor_raw_value(self) -> object:
        """The frame's value under the cursor, unformatted."""
        if not self.row_keys:
            return None
        return self._values[self.cursor_column][self.cursor_row]

    @property
    def shows_reasons(self) -> bool:
        """Whether some column has blanks that a reason explains (one check per column)."""
        return explains_blanks(self.frame, self.column_names, self._reasons)

    # ------------------------------------------------------------------ drawing
    def _cell(self, text: str, position: int, style: Style) -> list[Segment]:
        """A cell as segments: padding apart from the text, so exports (SVG) keep alignment."""
        width = self._widths[position]
        if len(text) > width:
            text = text[: max(width - 1, 0)] + "…"
        gap = " " * (width - len(text))
        if self._numeric[position]:
            return [Segment(" " + gap, style), Segment(text, style), Segment(" ", style)]
        return [Segment(" ", style), Segment(text, style), Segment(gap + " ", style)]

    def _row_segments(self, row: int, columns: list[int]) -> list[list[Segment]]:
        # Styles are current: only render_line draws, and it checks them first.
        part = self._part_styles.__getitem__
        base = self._base_style
        if row % 2:
            base += part("frame-table--odd")
        if self._bold[row]:
            base += part("frame-table--bold")
        if self._dim[row]:
            base += part("frame-table--dim")
        marked = bool(self.marked) and self.row_keys[row] in self.marked
        if marked:
            base += part("frame-table--marked")
        cursor_style = part(
            "frame-table--cursor" if self.has_focus else "frame-table--cursor-blurred"
        )
        reason_style = part("frame-table--reason")
        text = self.row_text(row)
        cells = []
        for position in columns:
            style = base
            if self._reasons[position] is not None and self._reason(row, position):
                style += reason_style
            if self._estimate[row] and self._marked[position]:
                style += part("frame-table--estimate")
            flag = self._flag(row, position)
            if flag is not None:
                style += part("frame-table--yes" if flag else "frame-table--no")
            on_cursor = row == self.cursor_row and (
                self.cursor_type == "row" or position == self.cursor_column
            )
            if on_cursor:
                style += cursor_style
            cell = self._cell(text[position], position, style)
            if marked and not cells:
                first = cell[0]
                cell[0] = Segment(ROW_MARK + first.text[1:], first.style)
            cells.append(cell)
        return cells

    def _header_segments(self, columns: list[int]) -> list[list[Segment]]:
        style = self._base_style + self._part_styles["frame-table--header"]
        return [self._cell(self._headers[p], p, style) for p in columns]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Textual restyles on every focus or class change; most leave the table's colours
        # as they were, so compare them before throwing the drawn lines away.
        self._styles_checked = False

    def _check_line_styles(self) -> None:
        components = {
            name: self.get_component_rich_style(name, partial=True)
            for name in sorted(self.COMPONENT_CLASSES)
        }
        # `rich_style` walks every ancestor for the background: read it once, not per line.
        base = self.rich_style
        styles = (base, *components.values())
        if styles != self._line_styles:
            self._line_styles = styles
            self._base_style = base
            self._part_styles = components
            self._lines.clear()
        self._styles_checked = True

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if not self._styles_checked:
            self._check_line_styles()
        if not self.column_names:
            return Strip.blank(width, self._base_style)
        row = y - self._header_lines + scroll_y if y >= self._header_lines else -1
        if row >= len(self.row_keys):
            return Strip.blank(width, self._base_style)
        cursor = (self.cursor_column, self.has_focus) if row == self.cursor_row else None
        key = (row, scroll_x, width, cursor)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > 4096:
                self._lines.clear()
            line = self._lines[key] = self._draw_line(row, scroll_x, width)
        return line

    def _draw_line(self, row: int, scroll_x: int, width: int) -> Strip:
        """One line of the table (row -1: the header) as seen through the viewport."""
        layout = self._layout(scroll_x, width)
        positions = [position for position, _, _ in layout]
        cells = self._header_segments(positions) if row < 0 else self._row_segments(row, positions)
        segments: list[Segment] = []
        for cell, (position, _, shown) in zip(cells, layout, strict=True):
            if shown >= self._widths[position] + 2:
                segments.extend(cell)
                continue
            segments.extend(cut_cell(cell, shown))  # "0.5…", never "0.5" for 0.564
        return Strip(segments).crop(0, width).extend_cell_length(width, self._base_style)

    # ------------------------------------------------------------------ cursor
    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        """Put the cursor on a row and/or column and scroll it into view."""
        if not self.row_keys:
            return
        old = (self.cursor_row, self.cursor_column)
        if row is not None:
            self.cursor_row = max(0, min(row, len(self.row_keys) - 1))
        if column is not None:
            self.cursor_column = max(0, min(column, len(self.column_names) - 1))
        scroll_before = self.scroll_offset
        self._scroll_cursor_into_view()
        if (self.cursor_row, self.cursor_column) != old:
            self.post_message(self.CursorMoved(self, self.row_keys[self.cursor_row]))
        if self.scroll_offset == scroll_before:
            self._refresh_rows([old[0], self.cursor_row])
        else:
            self.refresh()

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height - self._header_lines
        scroll_x, scroll_y = self.scroll_offset
        if height > 0:
            if self.cursor_row < scroll_y:
                scroll_y = self.cursor_row
            elif self.cursor_row >= scroll_y + height:
                scroll_y = self.cursor_row - height + 1
        fixed = min(self.fixed_columns, len(self.column_names))
        if self.cursor_column >= fixed:
            room = self.scrollable_content_region.width - sum(w + 2 for w in self._widths[:fixed])
            scroll_x = scroll_for_cursor(self._widths, fixed, self.cursor_column, scroll_x, room)
            # The last columns may start beyond Textual's largest offset: widen the canvas.
            needed = scroll_x + self.scrollable_content_region.width
            if needed > self.virtual_size.width:
                self.virtual_size = Size(needed, self.virtual_size.height)
        self.scroll_to(scroll_x, scroll_y, animate=False, immediate=True)

    def action_move_by(self, rows: int, columns: int) -> None:
        self.move_cursor(row=self.cursor_row + rows, column=self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        page = max(self.scrollable_content_region.height - self._header_lines - 1, 1)
        self.move_cursor(row=self.cursor_row + direction * page)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=len(self.row_keys) - 1)

    def action_select(self) -> None:
        key = self.cursor_row_key()
        if key is not None:
            self.post_message(self.CellSelected(self, key, self.column_names[self.cursor_column]))

    def on_click(self, event: events.Click) -> None:
        if event.y < self._header_lines or not self.row_keys:
            return
        row = event.y - self._header_lines + int(self.scroll_offset.y)
        column = self.cursor_column
        width = self.scrollable_content_region.width
        for position, left, cells in self._layout(int(self.scroll_offset.x), width):
            if left <= event.x < left + cells:
                column = position
                break
        if row == self.cursor_row and column == self.cursor_column and event.chain > 1:
            self.action_select()
        else:
            self.move_cursor(row=row, column=column)

    def repaint_focus_change(self) -> None:
        self._refresh_rows([self.cursor_row])  # only the cursor looks different
