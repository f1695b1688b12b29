"""A DataTable that shows a polars frame, with vim keys, and repaints only changed cells."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from tui.formatting import format_value, header

ESTIMATE_MARK = "~"
MAX_TEXT_WIDTH = 30
NARROW_TEXT_WIDTH = 20
WIDE = 120  # terminal columns from which long names get more room


class FrameTable(DataTable):
    """Rows of a polars frame keyed by their id column; numbers right-aligned."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("h", "cursor_left", "Left", show=False, id="table.left"),
        Binding("l", "cursor_right", "Right", show=False, id="table.right"),
        Binding("g", "scroll_top", "Top", show=False, id="table.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self.frame: pl.DataFrame = pl.DataFrame()
        self.key_column: str = ""
        self.short_headers = True

    def show_frame(
        self, frame: pl.DataFrame, key_column: str, hidden: tuple[str, ...] = ()
    ) -> None:
        """Display `frame`; rows are identified by `key_column` (hidden columns not shown)."""
        visible = [c for c in frame.columns if c not in hidden]
        keys = [str(k) for k in frame[key_column].to_list()] if frame.height else []
        same_shape = (
            (
                self.frame.height == frame.height
                and list(self.columns) == visible
                and self.key_column == key_column
                and [str(k) for k in self.frame[key_column].to_list()] == keys
            )
            if self.frame.width
            else False
        )
        estimates = self._estimate_flags(frame)
        if same_shape:
            old_rows = self.frame.select(visible).rows()
            for index, row in enumerate(frame.select(visible).iter_rows()):
                if row == old_rows[index]:
                    continue
                for column, value, old in zip(visible, row, old_rows[index], strict=True):
                    if value != old:
                        self.update_cell(
                            keys[index], column, self._cell(frame, column, value, estimates[index])
                        )
        else:
            coordinate = self.cursor_coordinate
            self.clear(columns=True)
            for column in visible:
                label = header(column, self.short_headers)
                numeric = frame.schema[column].is_numeric()
                width = None
                if not numeric and frame.height:
                    # Long names and notes are cut on screen; the detail view shows them whole.
                    longest = max(len(format_value(column, v)) for v in frame[column].to_list())
                    cap = MAX_TEXT_WIDTH if self.app.size.width >= WIDE else NARROW_TEXT_WIDTH
                    width = max(len(label), min(longest + 1, cap))
                self.add_column(
                    Text(label, justify="right" if numeric else "left"), key=column, width=width
                )
            for index, row in enumerate(frame.select(visible).iter_rows()):
                self.add_row(
                    *(
                        self._cell(frame, c, v, estimates[index])
                        for c, v in zip(visible, row, strict=True)
                    ),
                    key=keys[index],
                )
            if frame.height:
                self.move_cursor(
                    row=min(coordinate.row, frame.height - 1),
                    column=min(coordinate.column, len(visible) - 1),
                    animate=False,
                )
        self.frame = frame
        self.key_column = key_column

    @staticmethod
    def _estimate_flags(frame: pl.DataFrame) -> list[bool]:
        if "confidence" not in frame.columns:
            return [False] * frame.height
        return [c == "estimate" for c in frame["confidence"].to_list()]

    def _cell(self, frame: pl.DataFrame, column: str, value: object, estimate: bool) -> Text:
        text = format_value(column, value)
        if frame.schema[column].is_numeric():
            return Text(text, justify="right")
        if column in ("system", "model", "accelerator") and estimate:
            return Text(f"{ESTIMATE_MARK}{text}", style="italic")
        if column in ("holds", "model_fits", "kv_fits"):
            style = "bold green" if value else "bold red"
            return Text(text, style=style)
        return Text(text)

    def cursor_column_name(self) -> str | None:
        """The frame column under the cursor."""
        if not self.columns:
            return None
        column_index = self.cursor_coordinate.column
        keys = list(self.columns)
        return str(keys[column_index].value) if column_index < len(keys) else None

    def cursor_row_key(self) -> str | None:
        """The id of the row under the cursor."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value)

    def cursor_value(self) -> str:
        """The cell under the cursor as shown."""
        if not self.row_count:
            return ""
        return str(self.get_cell_at(self.cursor_coordinate))
