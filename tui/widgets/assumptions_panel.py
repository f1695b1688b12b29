"""The Assumptions panel: every knob with its value and unit; step, type or reset values.

The panel never changes assumptions itself: it posts `AssumptionEdited` and the app replaces
its one `Assumptions` value, recomputes, and hands the new value back down.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from core import Assumptions
from core.assumptions import coerce, parse_value
from core.errors import InputError
from tui import messages
from tui.present.columns import ColumnRoles
from tui.present.formatting import format_assumption
from tui.widgets.frame_table import FrameTable
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


class AssumptionTable(FrameTable):
    """Rows of assumptions; keys step and edit the row under the cursor."""

    BINDINGS = [
        Binding("enter", "edit", "Edit", id="assumptions.edit"),
        Binding("plus,equals_sign", "step(1)", "Step up", id="assumptions.increase"),
        Binding("minus,underscore", "step(-1)", "Step down", id="assumptions.decrease"),
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
    ]

    def current_key(self) -> str:
        """The assumption under the cursor."""
        return PANEL_KEYS[self.cursor_row]

    async def action_edit(self) -> None:
        # Awaited: the value line may be mounted first, and keys typed right after enter
        # must land in it.
        panel = self.parent
        if isinstance(panel, AssumptionsPanel):
            await panel.start_edit(self.current_key())

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

    AssumptionEdited = messages.AssumptionEdited
    StepRequested = messages.StepRequested
    ResetRequested = messages.ResetRequested

    def __init__(self, assumptions: Assumptions, id: str | None = None) -> None:
        super().__init__(id=id)
        self.assumptions = assumptions
        self.editing: str | None = None
        self.compact: bool | None = None

    def compose(self) -> ComposeResult:
        yield Static("Assumptions", classes="panel-title")
        table = AssumptionTable(
            id="assumption-table",
            cursor_type="row",
            show_header=False,
            fixed_columns=0,
            roles=ColumnRoles(right_aligned=frozenset({"value"})),
        )
        yield table
        # The value line (an Input) is mounted on the first edit: ~10 ms less before first paint.
        yield Static("", id="assumption-help")

    def on_mount(self) -> None:
        self.build(compact=self.app.size.width < COMPACT_BELOW)

    def on_resize(self) -> None:
        # The stylesheet narrows the panel on small terminals; drop the unit column to fit.
        self.build(compact=self.app.size.width < COMPACT_BELOW)

    def build(self, compact: bool) -> None:
        """Show the rows at this width; compact drops the unit column for narrow terminals."""
        if self.compact == compact and self.query_one(AssumptionTable).row_count:
            return
        self.compact = compact
        self.show(self.assumptions)

    def _frame(self, assumptions: Assumptions) -> tuple[pl.DataFrame, list[bool]]:
        specs = Assumptions.specs()
        changed = assumptions.changed_from_preset()
        marks = [key in changed for key in PANEL_KEYS]
        frame = pl.DataFrame(
            {
                "key": PANEL_KEYS,
                "name": [
                    f"{CHANGED_MARK if mark else ' '}{specs[key].label}"
                    for key, mark in zip(PANEL_KEYS, marks, strict=True)
                ],
                "value": [format_assumption(specs[k], getattr(assumptions, k)) for k in PANEL_KEYS],
                "unit": [specs[key].unit for key in PANEL_KEYS],
            }
        )
        return frame, marks

    def show(self, assumptions: Assumptions) -> None:
        """Display a new value (the changed rows in bold, with a mark)."""
        self.assumptions = assumptions
        table = self.query_one(AssumptionTable)
        frame, marks = self._frame(assumptions)
        name_width = COMPACT_NAME_WIDTH if self.compact else NAME_WIDTH
        hidden = ("key", "unit") if self.compact else ("key",)
        table.show_frame(
            frame,
            "key",
            hidden,
            widths={"name": name_width, "value": 8, "unit": 8},
            bold_rows=marks,
        )
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

    @on(FrameTable.CursorMoved, "#assumption-table")
    def _row_highlighted(self, event: FrameTable.CursorMoved) -> None:
        self._show_help(event.row_key)

    async def start_edit(self, key: str) -> None:
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
        field = await self._value_field()
        field.value = format_assumption(spec, getattr(self.assumptions, key)).replace(",", "")
        field.placeholder = f"{spec.label} ({spec.expected()})"
        field.remove_class("-invalid")
        field.display = True
        self.screen.set_focus(field)  # at once: keys typed right after enter go here

    async def _value_field(self) -> Input:
        found = next(self.query("#assumption-input").results(Input), None)
        if found is not None:
            return found
        field = Input(id="assumption-input")
        await self.mount(field, before="#assumption-help")
        return field

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
        for field in self.query("#assumption-input"):
            field.display = False
        self.screen.set_focus(self.query_one(AssumptionTable))
        if key:
            self._show_help(key)

    def key_escape(self) -> None:
        self.cancel_edit()
