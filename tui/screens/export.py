"""The export dialog: where to write the current view, and how."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from tui.screens.base import OnceModal


class ExportScreen(OnceModal[tuple[Path, bool, bool]]):
    """Ask where to write the current view; the format follows the file extension."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, default_path: str, rows: int) -> None:
        super().__init__()
        self.default_path = default_path
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box export-box"):
            yield Static(
                f"[b]Export the current view[/b] ({self.rows} rows, as filtered and "
                "sorted on screen)",
                classes="modal-title",
            )
            yield Static(".csv, .json, .md or .parquet: the extension picks the format")
            yield Input(self.default_path, id="export-path")
            yield Checkbox("replace the file if it exists", id="export-force")
            yield Checkbox(
                "CSV: start with a # comment block of the assumptions",
                value=True,
                id="export-comments",
            )
            yield Static("", id="export-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Write", variant="primary", id="export-write")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def show_error(self, message: str) -> None:
        """Keep the dialog open and say what went wrong."""
        self.query_one("#export-error", Static).update(Text(message, style="bold red"))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def _write(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.show_error("type a file name")
            return
        self.answer(
            (
                Path(path).expanduser(),
                self.query_one("#export-force", Checkbox).value,
                self.query_one("#export-comments", Checkbox).value,
            )
        )

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.answer(None)
