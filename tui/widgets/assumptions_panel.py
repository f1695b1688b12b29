"""The Assumptions panel: every knob with its value and unit; step, type or reset values.

The panel never changes assumptions itself: it posts `AssumptionEdited` and the app replaces
its one `Assumptions` value, recomputes, and hands the new value back down.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from core import Assumptions
from core.assumptions import AssumptionSpec, coerce, parse_value
from core.errors import InputError
from tui.formatting import format_number
from tui.widgets.quiet import update_if_changed

PANEL_KEYS = tuple(
    k
    for k, s in Assumptions.specs().items()
    if s.kind in ("float", "int", "choice") and s.group != "scenario"
)
CHANGED_MARK = "•"
NAME_WIDTH = 20
COMPACT_NAME_WIDTH = 15
COMPACT_BELOW = 120


def format_assumption(spec: AssumptionSpec, value: Any) -> str:
    """A value as the panel shows it."""
    if spec.kind == "choice":
        return str(value)
    if spec.kind == "int":
        return str(int(value)) if spec.unit == "year" else f"{int(value):,}"
    if abs(value) >= 1e5:
        return f"{value:.3g}"
    return format_number(float(value))


class AssumptionTable(DataTable):
    """Rows of assumptions; keys step and edit the row under the cursor."""

    BINDINGS = [
        Binding("enter", "edit", "Edit", id="assumptions.edit"),
        Binding("plus,equals_sign", "step(1)", "+ step", id="assumptions.increase"),
        Binding("minus,underscore", "step(-1)", "− step", id="assumptions.decrease"),
        Binding(
            "greater_than_sign",
            "big_step(1)",
            "+ big step",
            show=False,
            id="assumptions.increase_big",
        ),
        Binding(
            "less_than_sign",
            "big_step(-1)",
            "− big step",
            show=False,
            id="assumptions.decrease_big",
        ),
        Binding("r", "reset", "Reset", id="assumptions.reset"),
        Binding("R", "reset_all", "Reset all", show=False, id="assumptions.reset_all"),
        Binding("j", "cursor_down", "Down", show=False, id="assumptions.down"),
        Binding("k", "cursor_up", "Up", show=False, id="assumptions.up"),
        Binding("g", "scroll_top", "Top", show=False, id="assumptions.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="assumptions.bottom"),
    ]

    def current_key(self) -> str:
        """The assumption under the cursor."""
        return PANEL_KEYS[self.cursor_row]

    def action_edit(self) -> None:
        self.post_message(AssumptionsPanel.EditRequested(self.current_key()))

    def action_step(self, direction: int) -> None:
        self.post_message(AssumptionsPanel.StepRequested(self.current_key(), direction, big=False))

    def action_big_step(self, direction: int) -> None:
        self.post_message(AssumptionsPanel.StepRequested(self.current_key(), direction, big=True))

    def action_reset(self) -> None:
        self.post_message(AssumptionsPanel.ResetRequested(self.current_key()))

    def action_reset_all(self) -> None:
        self.post_message(AssumptionsPanel.ResetRequested(None))


class AssumptionsPanel(Vertical):
    """Shows an `Assumptions` value and turns keys into edit requests."""

    class AssumptionEdited(Message):
        """A new value for one assumption, already checked against its spec."""

        def __init__(self, key: str, value: Any) -> None:
            super().__init__()
            self.key = key
            self.value = value

    class EditRequested(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class StepRequested(Message):
        def __init__(self, key: str, direction: int, big: bool) -> None:
            super().__init__()
            self.key = key
            self.direction = direction
            self.big = big

    class ResetRequested(Message):
        """Reset one assumption (or all, key None) to the preset."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, assumptions: Assumptions, id: str | None = None) -> None:
        super().__init__(id=id)
        self.assumptions = assumptions
        self.editing: str | None = None
        self.compact: bool | None = None

    def compose(self) -> ComposeResult:
        yield Static("Assumptions", classes="panel-title")
        table = AssumptionTable(id="assumption-table", cursor_type="row", show_header=False)
        yield table
        yield Input(id="assumption-input")
        yield Static("", id="assumption-help")

    def on_mount(self) -> None:
        self.build(compact=self.app.size.width < COMPACT_BELOW)

    def on_resize(self) -> None:
        # The stylesheet narrows the panel on small terminals; drop the unit column to fit.
        self.build(compact=self.app.size.width < COMPACT_BELOW)

    def build(self, compact: bool) -> None:
        """(Re)build the rows; compact drops the unit column for narrow terminals."""
        if self.compact == compact and self.query_one(AssumptionTable).row_count:
            return
        self.compact = compact
        table = self.query_one(AssumptionTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column("name", key="name", width=COMPACT_NAME_WIDTH if compact else NAME_WIDTH)
        table.add_column("value", key="value", width=9 if not compact else 8)
        if not compact:
            table.add_column("unit", key="unit", width=8)
        specs = Assumptions.specs()
        changed = self.assumptions.changed_from_preset()
        for key in PANEL_KEYS:
            spec = specs[key]
            cells = self._cells(spec, getattr(self.assumptions, key), key in changed)
            table.add_row(*(cells[:2] if compact else cells), key=key)
        table.move_cursor(row=row)
        self._show_help(PANEL_KEYS[min(row, len(PANEL_KEYS) - 1)])

    @staticmethod
    def _cells(spec: AssumptionSpec, value: Any, changed: bool) -> tuple[Text, Text, Text]:
        mark = CHANGED_MARK if changed else " "
        style = "bold" if changed else ""
        return (
            Text(f"{mark}{spec.label}", style=style),
            Text(format_assumption(spec, value), justify="right", style=style),
            Text(spec.unit, style="dim"),
        )

    def show(self, assumptions: Assumptions) -> None:
        """Display a new value, updating only the rows that changed."""
        old = self.assumptions
        self.assumptions = assumptions
        table = self.query_one(AssumptionTable)
        specs = Assumptions.specs()
        old_changed, changed = old.changed_from_preset(), assumptions.changed_from_preset()
        for key in PANEL_KEYS:
            value = getattr(assumptions, key)
            if (
                value == getattr(old, key)
                and (key in changed) == (key in old_changed)
                and old.preset_name == assumptions.preset_name
            ):
                continue
            name, shown, _ = self._cells(specs[key], value, key in changed)
            table.update_cell(key, "name", name)
            table.update_cell(key, "value", shown)
        self._show_help(table.current_key() if table.row_count else PANEL_KEYS[0])

    def _show_help(self, key: str, problem: str = "") -> None:
        spec = Assumptions.specs()[key]
        text = Text.assemble((spec.label, "bold"), f": {spec.help}. {spec.expected()}")
        if spec.unit:
            text.append(f" ({spec.unit})")
        if spec.source:
            text.append(f". Source: {spec.source}")
        if problem:
            text = Text(problem, style="bold red")
        update_if_changed(self.query_one("#assumption-help", Static), text)

    @on(DataTable.RowHighlighted, "#assumption-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_help(str(event.row_key.value))

    def start_edit(self, key: str) -> None:
        """Open the value line for `key` (choices cycle instead)."""
        spec = Assumptions.specs()[key]
        table = self.query_one(AssumptionTable)
        table.move_cursor(row=PANEL_KEYS.index(key))
        if spec.kind == "choice":
            current = spec.choices.index(getattr(self.assumptions, key))
            self.post_message(
                self.AssumptionEdited(key, spec.choices[(current + 1) % len(spec.choices)])
            )
            return
        self.editing = key
        field = self.query_one("#assumption-input", Input)
        field.value = format_assumption(spec, getattr(self.assumptions, key)).replace(",", "")
        field.placeholder = f"{spec.label} ({spec.expected()})"
        field.remove_class("-invalid")
        field.display = True
        field.focus()

    def step_value(self, key: str, direction: int, big: bool) -> Any:
        """The value one step (or big step) away, clamped to the valid range."""
        spec = Assumptions.specs()[key]
        value = getattr(self.assumptions, key)
        if spec.kind == "choice":
            index = (spec.choices.index(value) + direction) % len(spec.choices)
            return spec.choices[index]
        step = spec.big_step if big else spec.step
        new = min(spec.high, max(spec.low, value + direction * step))
        return round(new) if spec.kind == "int" else round(new, 10)

    @on(Input.Submitted, "#assumption-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        key = self.editing
        if key is None:
            return
        field = self.query_one("#assumption-input", Input)
        try:
            value = coerce(key, parse_value(key, event.value, key), key)
        except InputError as error:
            field.add_class("-invalid")
            self._show_help(key, str(error))
            return
        self._finish_edit()
        self.post_message(self.AssumptionEdited(key, value))

    @on(Input.Changed, "#assumption-input")
    def _changed(self, event: Input.Changed) -> None:
        key = self.editing
        if key is None:
            return
        try:
            coerce(key, parse_value(key, event.value, key), key)
        except InputError as error:
            event.input.add_class("-invalid")
            self._show_help(key, str(error))
        else:
            event.input.remove_class("-invalid")
            self._show_help(key)

    def cancel_edit(self) -> bool:
        """Leave the value line without changing anything; True if one was open."""
        if self.editing is None:
            return False
        self._finish_edit()
        return True

    def _finish_edit(self) -> None:
        key = self.editing
        self.editing = None
        field = self.query_one("#assumption-input", Input)
        field.display = False
        self.query_one(AssumptionTable).focus()
        if key:
            self._show_help(key)

    def key_escape(self) -> None:
        self.cancel_edit()
