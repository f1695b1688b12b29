"""A table of a polars frame, drawn line by line (Textual's Line API).

Textual's DataTable renders every visible cell through Rich again whenever any cell changes,
which made an assumption edit cost ~70 ms at 120x40. This table keeps each cell as plain
text, builds a line from segments only when that line is drawn, and so repaints a whole pane
in a few milliseconds. It has a cell or row cursor, vim keys, a header that stays put, a
first column that stays put while scrolling sideways, zebra rows, estimates in italics and
yes/no cells in colour (and in words, for terminals without colour).
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
from tui.present.columns import ColumnRoles
from tui.present.formatting import format_value, widest_cell

ESTIMATE_MARK = "~"
EXACT_WIDTH_ROWS = 2_000  # longer tables size columns from statistics, format rows lazily
MAX_TEXT_WIDTH = 30
NARROW_TEXT_WIDTH = 20
WIDE = 120  # terminal columns from which long names get more room


class FrameTable(ScrollView, can_focus=True):
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
    }
    DEFAULT_CSS = """
    FrameTable {
        background: $surface;
        color: $foreground;
    }
    FrameTable > .frame-table--header {
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    FrameTable > .frame-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    FrameTable > .frame-table--cursor-blurred {
        background: $block-cursor-blurred-background;
    }
    FrameTable > .frame-table--odd {
        background: $surface-lighten-1;
    }
    FrameTable > .frame-table--estimate {
        text-style: italic;
    }
    FrameTable > .frame-table--yes {
        color: $success;
        text-style: bold;
    }
    FrameTable > .frame-table--no {
        color: $error;
        text-style: bold;
    }
    FrameTable > .frame-table--bold {
        text-style: bold;
    }
    """
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
        self._headers = [roles.header(c) for c in visible]
        self._numeric = [frame.schema[c].is_numeric() or c in roles.right_aligned for c in visible]
        self._estimate = (
            [c == "estimate" for c in frame["confidence"].to_list()]
            if "confidence" in frame.columns
            else [False] * frame.height
        )
        self._values = [frame[c].to_list() for c in visible]
        self._marked = [c in roles.names for c in visible]
        self._flagged = [c in roles.yes_no for c in visible]
        self._text = {}
        self.column_names, self.row_keys = visible, keys
        self._widths = self._column_widths(frame, widths or {})
        self._bold = bold_rows if bold_rows is not None else [False] * frame.height
        self.frame, self.key_column = frame, key_column
        self._lines.clear()
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
                if old_bold[row] != self._bold[row]:
                    self._refresh_rows([row])
                    continue
                old, new = old_text[row], self.row_text(row)
                changed = [p for p in range(len(visible)) if old[p] != new[p]]
                if changed:
                    self._refresh_cells(row, changed)
        else:
            self.refresh()

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
                longest = widest_cell(column, frame[column])
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
                (ESTIMATE_MARK if marked and estimate else "") + format_value(column, values[row])
                for column, values, marked in zip(
                    self.column_names, self._values, self._marked, strict=True
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

    def _cell_span(self, position: int) -> tuple[int, int]:
        """Screen columns [left, right) that column `position` shows in (empty if none)."""
        fixed = min(self.fixed_columns, len(self._widths))
        frozen = sum(w + 2 for w in self._widths[:fixed])  # scrolled columns show right of it
        if position < fixed:
            left = sum(w + 2 for w in self._widths[:position])
            return left, left + self._widths[position] + 2
        left = frozen + sum(w + 2 for w in self._widths[fixed:position])
        left -= int(self.scroll_offset.x)
        right = min(left + self._widths[position] + 2, self.scrollable_content_region.width)
        return max(left, frozen), right

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

    def _row_segments(self, row: int, columns: range) -> list[Segment]:
        # Styles are current: only render_line draws, and it checks them first.
        part = self._part_styles.__getitem__
        base = self._base_style
        if row % 2:
            base += part("frame-table--odd")
        if self._bold[row]:
            base += part("frame-table--bold")
        cursor_style = part(
            "frame-table--cursor" if self.has_focus else "frame-table--cursor-blurred"
        )
        text = self.row_text(row)
        segments = []
        for position in columns:
            style = base
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
            segments.extend(self._cell(text[position], position, style))
        return segments

    def _header_segments(self, columns: range) -> list[Segment]:
        style = self._base_style + self._part_styles["frame-table--header"]
        return [segment for p in columns for segment in self._cell(self._headers[p], p, style)]

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
        fixed = min(self.fixed_columns, len(self.column_names))
        if row < 0:
            make = self._header_segments
        else:

            def make(columns: range, row: int = row) -> list[Segment]:
                return self._row_segments(row, columns)

        fixed_strip = Strip(make(range(fixed)))
        rest = Strip(make(range(fixed, len(self.column_names))))
        room = max(width - fixed_strip.cell_length, 0)
        rest = rest.crop(scroll_x, scroll_x + room)
        line = Strip.join([fixed_strip, rest]).crop(0, width)
        return line.extend_cell_length(width, self._base_style)

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
            start = sum(w + 2 for w in self._widths[fixed : self.cursor_column])
            end = start + self._widths[self.cursor_column] + 2
            room = self.scrollable_content_region.width - sum(w + 2 for w in self._widths[:fixed])
            if start < scroll_x:
                scroll_x = start
            elif end > scroll_x + room:
                scroll_x = max(end - room, 0)
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
        x = event.x
        fixed = min(self.fixed_columns, len(self.column_names))
        fixed_width = sum(w + 2 for w in self._widths[:fixed])
        positions = range(fixed) if x < fixed_width else range(fixed, len(self.column_names))
        x = x if x < fixed_width else x - fixed_width + int(self.scroll_offset.x)
        column = self.cursor_column
        for position in positions:
            width = self._widths[position] + 2
            if x < width:
                column = position
                break
            x -= width
        if row == self.cursor_row and column == self.cursor_column and event.chain > 1:
            self.action_select()
        else:
            self.move_cursor(row=row, column=column)

    # Textual's own focus handlers repaint the whole widget: over SSH a focus change would
    # resend every row. Only the cursor row looks different, so only it is repainted; the
    # rest is what Widget._on_focus / _on_blur do (Textual 8.2.8), which prevent_default
    # keeps from running as well.
    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()
        self.has_focus = True
        self._refresh_rows([self.cursor_row])
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self._refresh_rows([self.cursor_row])
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))
