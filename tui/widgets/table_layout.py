"""Where a table's columns go across the screen: scrolled sideways by whole columns.

Plain functions of column widths (each drawn two cells wider, for padding), so the rule that a
column is shown whole or ends in a cut mark is checked without a terminal.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip

CUT_MARK = "…"


def column_starts(widths: list[int], fixed: int) -> list[int]:
    """Where each scrolled column starts, counted from the end of the fixed ones (0 for those)."""
    starts, start = [], 0
    for position, width in enumerate(widths):
        starts.append(start if position >= fixed else 0)
        if position >= fixed:
            start += width + 2
    return starts


def column_layout(
    widths: list[int], fixed: int, scroll_x: int, width: int
) -> list[tuple[int, int, int]]:
    """The columns on screen as (position, left, cells shown): the fixed columns, then whole
    columns from the first that starts at or after `scroll_x`; the last one may be cut."""
    starts = column_starts(widths, fixed)
    shown = [p for p in range(len(widths)) if p < fixed or starts[p] >= scroll_x]
    layout, left = [], 0
    for position in shown:
        if left >= width:
            break
        cells = widths[position] + 2
        layout.append((position, left, min(cells, width - left)))
        left += cells
    return layout


def scroll_for_cursor(widths: list[int], fixed: int, cursor: int, scroll_x: int, room: int) -> int:
    """The sideways offset, at a column's start, that shows the cursor's column whole: the
    offset as it is when it already does, else the latest start that does."""
    if cursor < fixed:
        return scroll_x
    starts = column_starts(widths, fixed)
    start = starts[cursor]
    end = start + widths[cursor] + 2
    if start < scroll_x:
        return start
    if end > scroll_x + room:
        return next((s for s in starts[fixed : cursor + 1] if end - s <= room), start)
    return next((s for s in starts[fixed:] if s >= scroll_x), scroll_x)


def cut_cell(cell: list[Segment], shown: int) -> list[Segment]:
    """A cell cut to `shown` cells at the right edge: what fits, then the cut mark."""
    kept = list(Strip(cell).crop(0, max(shown - 1, 0)))
    return [*kept, Segment(CUT_MARK, cell[-1].style)]
