"""Where the app depends on Textual's private names, for the pinned Textual 8.2.8 only.

Work-arounds for Textual bugs that would otherwise crash the app, all found by the random-key
test (tests/test_fuzz.py); remove each when Textual fixes it:

- OptionList._move_page (page up/down, also in the command palette) indexes its line map
  before the list has been laid out, raising KeyError when the key arrives right after the
  options change. A page move before layout has nowhere to go, so it is dropped.
- CommandPalette._watch__list_visible runs from the palette's search worker and looks up
  widgets that are gone when the palette closed meanwhile (NoMatches). A closing palette has
  no list to show, so the update is dropped.

And two quieter uses: `QuietFocusScreen` redefines `Screen.focused`; `suppress_duplicate_ids`
names `textual._node_list.DuplicateIds`. The other private uses are in tui/key_order.py and
FrameTable's focus handlers; `PRIVATE_USES` lists them all, and
tests/test_textual_version.py fails on any other Textual version, naming what to recheck.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import wraps

from textual import events
from textual._node_list import DuplicateIds
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList

TEXTUAL_VERSION = "8.2.8"  # the version every entry of PRIVATE_USES was checked against
PRIVATE_USES = (
    "tui/compat.py: OptionList._move_page wrapped (KeyError before layout)",
    "tui/compat.py: CommandPalette._watch__list_visible wrapped (NoMatches after close)",
    "tui/compat.py: Screen.focused redefined as a non-repainting Reactive (QuietFocusScreen)",
    "tui/compat.py: textual._node_list.DuplicateIds (a second command palette)",
    "tui/key_order.py: App._check_bindings(key, priority=...) run before the next key",
    "tui/compat.py: QuietFocusWidget._on_focus/_on_blur copy Widget._on_focus/_on_blur",
)

_original_move_page = OptionList._move_page


@wraps(_original_move_page)
def _move_page_when_laid_out(self: OptionList, direction: int) -> None:
    with contextlib.suppress(KeyError, IndexError):
        _original_move_page(self, direction)


OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]


_original_watch_list_visible = CommandPalette._watch__list_visible


@wraps(_original_watch_list_visible)
def _watch_list_visible_while_open(self: CommandPalette) -> None:
    with contextlib.suppress(NoMatches):
        _original_watch_list_visible(self)


CommandPalette._watch__list_visible = _watch_list_visible_while_open  # type: ignore[method-assign]


class QuietFocusScreen(Screen[None]):
    """A screen that does not repaint whole when focus moves. Textual's `focused` is a
    repainting reactive; the widgets that gain and lose focus repaint what changes in them,
    so a focus change sends a few lines to the terminal, not the whole screen."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


@contextlib.contextmanager
def suppress_duplicate_ids() -> Iterator[None]:
    """Ignore mounting a widget whose id is already on screen (a second command palette)."""
    with contextlib.suppress(DuplicateIds):
        yield


class QuietFocusWidget(Widget):
    """A widget that repaints only what a focus change alters (`repaint_focus_change`)."""

    def repaint_focus_change(self) -> None:
        self.refresh()

    # Textual's own focus handlers repaint the whole widget: over SSH a focus change would
    # resend every row. Only the cursor row looks different, so only it is repainted; the
    # rest is what Widget._on_focus / _on_blur do (Textual 8.2.8), which prevent_default
    # keeps from running as well.
    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()
        self.has_focus = True
        self.repaint_focus_change()
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self.repaint_focus_change()
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))
