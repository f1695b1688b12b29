"""The row of pane names above the panes, drawn as one line of text.

Textual's TabbedContent builds seventeen widgets (tabs, an animated underline, a switcher, a
pane per tab) for what is here a line of five labels switched by digit keys; building and
styling them cost ~30 ms of the first paint. This draws the labels, marks the active one,
and reports a click on a label.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

from tui import messages


class PaneTabs(Widget, can_focus=False):
    """Labels "1 Catalog  2 Fit ..." with the active pane highlighted; click to switch."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pane-tabs--active", "pane-tabs--inactive"}
    DEFAULT_CSS = """
    PaneTabs {
        height: 1;
        background: $panel;
    }
    PaneTabs > .pane-tabs--active {
        background: $primary;
        color: $text;
        text-style: bold;
    }
    PaneTabs > .pane-tabs--inactive {
        color: $text-muted;
    }
    """

    active: reactive[str] = reactive("")

    Clicked = messages.Clicked

    def __init__(self, labels: tuple[tuple[str, str], ...], active: str, id: str | None = None):
        super().__init__(id=id)
        self.labels = labels
        self.set_reactive(PaneTabs.active, active)
        self._spans: list[tuple[int, int, str]] = []

    def render(self) -> Text:
        active_style = self.get_component_rich_style("pane-tabs--active")
        inactive_style = self.get_component_rich_style("pane-tabs--inactive")
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for pane_id, label in self.labels:
            start = text.cell_len
            # The active label is marked in words too ("▸"), for terminals without colour.
            mark = "▸" if pane_id == self.active else " "
            style = active_style if pane_id == self.active else inactive_style
            text.append(f"{mark}{label} ", style)
            self._spans.append((start, text.cell_len, pane_id))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, pane_id in self._spans:
            if start <= event.x < end:
                self.post_message(self.Clicked(pane_id))
                return
