"""The messages widgets send up to their owners: what happened, never what to change.

Each keeps the handler name it had as a class nested in its widget (`namespace`), and the
widget re-exports it, so `@on(FrameTable.CellSelected)` reads as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from tui.widgets.frame_table import FrameTable
    from tui.widgets.pane import TablePane


class CellSelected(Message, namespace="frame_table"):
    """Enter (or a click on the cursor) on a cell."""

    def __init__(self, table: FrameTable, row_key: str, column: str) -> None:
        super().__init__()
        self.table = table
        self.row_key = row_key
        self.column = column

    @property
    def control(self) -> FrameTable:
        return self.table


class CursorMoved(Message, namespace="frame_table"):
    """The cursor moved to another row or column."""

    def __init__(self, table: FrameTable, row_key: str) -> None:
        super().__init__()
        self.table = table
        self.row_key = row_key

    @property
    def control(self) -> FrameTable:
        return self.table


class DetailRequested(Message, namespace="table_pane"):
    """The user asked for the detail view of one row."""

    def __init__(self, pane: TablePane, row_key: str) -> None:
        super().__init__()
        self.pane = pane
        self.row_key = row_key


class AssumptionEdited(Message, namespace="assumptions_panel"):
    """A new value for one assumption, already checked against its spec."""

    def __init__(self, key: str, value: Any) -> None:
        super().__init__()
        self.key = key
        self.value = value


class StepRequested(Message, namespace="assumptions_panel"):
    """Step one assumption up or down (big: by its big step)."""

    def __init__(self, key: str, direction: int, big: bool) -> None:
        super().__init__()
        self.key = key
        self.direction = direction
        self.big = big


class ResetRequested(Message, namespace="assumptions_panel"):
    """Reset one assumption (or all, key None) to the preset."""

    def __init__(self, key: str | None) -> None:
        super().__init__()
        self.key = key


class Clicked(Message, namespace="pane_tabs"):
    """A label was clicked."""

    def __init__(self, pane_id: str) -> None:
        super().__init__()
        self.pane_id = pane_id


class CompareRequested(Message, namespace="table_pane"):
    """`c` on a pane: compare the marked rows side by side."""

    def __init__(self, pane: TablePane) -> None:
        super().__init__()
        self.pane = pane

    @property
    def control(self) -> TablePane:
        return self.pane
