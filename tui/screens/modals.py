"""Modal screens: row detail, help, export and the model picker."""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option


class OnceModal(ModalScreen):
    """A modal that answers once: a second enter before it has closed is ignored (dismissing
    twice would pop the screen beneath)."""

    answered = False

    def answer(self, result: object) -> None:
        """Dismiss with `result` unless already answered."""
        if not self.answered:
            self.answered = True
            self.dismiss(result)


class DetailScreen(ModalScreen[None]):
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
            yield Static(f"[b]{escape(self.title_text)}[/b]  ·  esc closes", classes="modal-title")
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


class ExportScreen(OnceModal):
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


class ModelPicker(OnceModal):
    """Choose a catalog model, a hypothetical size, or none. Returns (model_id, params_t)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]
    SIZES_T = (1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 147.0, 400.0, 1000.0, 3000.0)

    def __init__(self, models: list[tuple[str, str, float]], current: str) -> None:
        super().__init__()
        self.models = models  # (id, name, total params in billions)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box picker-box"):
            yield Static(
                "[b]Model[/b]  ·  type to filter, or a size such as 20T · enter picks",
                classes="modal-title",
            )
            yield Input(placeholder="filter or size (400B, 20T, 1.5e15)", id="picker-input")
            yield OptionList(*self._options(""), id="picker-list")

    def _options(self, text: str) -> list[Option]:
        needle = text.lower().strip()
        options = [Option("(no model: capacity only)", id="none")] if not needle else []
        for model_id, name, total_b in self.models:
            label = (
                f"{name}  ·  {total_b / 1000:.3g}T"
                if total_b >= 1000
                else f"{name}  ·  {total_b:.0f}B"
            )
            if needle in model_id or needle in name.lower():
                options.append(Option(label, id=f"model:{model_id}"))
        for size in self.SIZES_T:
            label = f"hypothetical {size:g}T"
            if needle in label:
                options.append(Option(label, id=f"params:{size}"))
        return options

    def on_mount(self) -> None:
        self.query_one("#picker-input", Input).focus()

    @on(Input.Changed, "#picker-input")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def key_down(self) -> None:
        self.query_one("#picker-list", OptionList).focus()

    @on(Input.Submitted, "#picker-input")
    def _typed(self, event: Input.Submitted) -> None:
        from core.errors import InputError
        from core.units import parse_params

        options = self.query_one("#picker-list", OptionList)
        text = event.value.strip()
        if text and text[0].isdigit():
            try:
                self.answer(("", parse_params(text) / 1e12))
            except InputError as error:
                self.notify(str(error), severity="error", markup=False)
            return
        if options.option_count:
            self._choose(options.get_option_at_index(options.highlighted or 0).id or "none")

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "none")

    def _choose(self, option_id: str) -> None:
        if option_id == "none":
            self.answer(("", 0.0))
        elif option_id.startswith("model:"):
            self.answer((option_id.removeprefix("model:"), 0.0))
        else:
            self.answer(("", float(option_id.removeprefix("params:"))))

    def action_cancel(self) -> None:
        self.answer(None)


class PathPrompt(OnceModal):
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
