"""Update a Static only when its content changes: every update costs a layout pass, and an
assumption edit would otherwise re-layout the header, captions and help lines each time."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def update_if_changed(widget: Static, content: str | Text) -> None:
    """Set `content` unless the widget already shows exactly that."""
    key = content.markup if isinstance(content, Text) else content
    if getattr(widget, "_shown_content", None) == key:
        return
    widget._shown_content = key  # type: ignore[attr-defined]
    widget.update(content)
