"""The bottom line of key hints, drawn as one line of text.

Textual's Footer mounts, styles and lays out a widget per key and rebuilds them all whenever
focus moves; for the nine keys here that cost ~18 ms of the first paint. This draws
the same hints (the screen's active bindings that ask to be shown, the command palette key on
the right) from the same theme variables, and a click on a hint presses its key.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class Hint(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """Key hints for the focused widget and its ancestors; click one to press it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, Hint]] = []
        self._hints: tuple[list[Hint], Hint | None] | None = None  # until bindings change

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            hints = self._hints
            self._hints = None
            if hints != self.hints():  # focus moved within one widget's bindings: no repaint
                self.refresh()

    def hints(self) -> tuple[list[Hint], Hint | None]:
        """The hints to show, left to right, and the command palette's (shown on the right)."""
        if self._hints is not None:
            return self._hints
        active = self.screen.active_bindings
        palette_key = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else ""
        seen: set[str] = set()
        hints: list[Hint] = []
        palette: Hint | None = None
        for key, (_node, binding, enabled, _tooltip) in active.items():
            hint = Hint(key, self.app.get_key_display(binding), binding.description, enabled)
            if key == palette_key:
                palette = hint
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)  # one hint per action, as Textual's Footer does
                hints.append(hint)
        self._hints = hints, palette
        return self._hints

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        hints, palette = self.hints()
        width = self.size.width
        # Roomy when everything fits; tighter, then dropping hints from the right (never the
        # palette key, the way to everything else), when the terminal is narrow.
        for compact in (False, True):
            cells = [self._cells(hint, compact) for hint in hints]
            palette_cells = self._cells(palette, compact) if palette else 0
            if sum(cells) + palette_cells <= width:
                break
        while hints and sum(cells) + palette_cells > width:
            hints, cells = hints[:-1], cells[:-1]
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def add(hint: Hint) -> None:
            dim = Style() if hint.enabled else Style(dim=True)
            start = text.cell_len
            pad = "" if compact else " "
            text.append(f"{pad}{hint.display}{pad}", key_style + dim)
            text.append(
                f" {hint.description}" if compact else f"{hint.description} ",
                description_style + dim,
            )
            if compact:
                text.append(" ")
            self._spans.append((start, text.cell_len, hint))

        for hint in hints:
            add(hint)
        if palette is not None:
            text.append(" " * max(width - text.cell_len - palette_cells, 0))
            add(palette)
        return text

    @staticmethod
    def _cells(hint: Hint, compact: bool) -> int:
        """Cells one hint takes: " key description " roomy, "key description " compact."""
        return cell_len(hint.display) + cell_len(hint.description) + (2 if compact else 3)

    def on_click(self, event: events.Click) -> None:
        for start, end, hint in self._spans:
            if start <= event.x < end:
                if hint.enabled:
                    self.app.simulate_key(hint.key)
                else:
                    self.app.bell()
                return
