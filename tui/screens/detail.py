"""The detail and help views: a scrolling body of Rich renderables, closed with esc."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.present.printable import printable
from tui.screens.base import CenteredModal


class DetailScreen(CenteredModal[None]):
    """Every field of one row, with units, meanings and sources."""

    BINDINGS = [
        Binding("escape,q,enter", "dismiss", "Close", id="detail.close"),
        Binding("j,down", "scroll_down", "Down", show=False, id="detail.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="detail.up"),
    ]

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box detail-box"):
            yield Static(
                Text.assemble((printable(self.title_text), "bold"), "  ·  esc closes"),
                classes="modal-title",
            )
            with VerticalScroll(id="detail-scroll"):
                yield Static(self.body, id="detail-body")

    def on_mount(self) -> None:
        self.query_one("#detail-scroll").focus()

    def action_scroll_down(self) -> None:
        self.query_one("#detail-scroll", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#detail-scroll", VerticalScroll).scroll_up(animate=False)


class HelpScreen(DetailScreen):
    """Keys of the focused pane and the app, and the meaning of every assumption."""
