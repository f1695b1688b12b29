"""The path prompt: a file to save or open a scenario, or to add as a catalog overlay."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Static

from tui.screens.base import OnceModal


class PathPrompt(OnceModal[tuple[Path, bool]]):
    """Ask for a file path (scenario save/open); optionally whether to replace it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path.cancel")]

    def __init__(self, title: str, default: str, can_replace: bool) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.can_replace = can_replace

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box export-box"):
            yield Static(
                f"[b]{self.title_text}[/b]  ·  enter confirms, esc cancels", classes="modal-title"
            )
            yield Input(self.default, id="path-input")
            if self.can_replace:
                yield Checkbox("replace the file if it exists", id="path-force")

    def on_mount(self) -> None:
        self.query_one("#path-input", Input).focus()

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            return
        force = self.can_replace and self.query_one("#path-force", Checkbox).value
        self.answer((Path(path).expanduser(), force))

    def action_cancel(self) -> None:
        self.answer(None)
