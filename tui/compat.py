"""Work-arounds for Textual 8.2.8 bugs that would otherwise crash the app.

All found by the random-key test (tests/test_fuzz.py); remove each when Textual fixes it.

- OptionList._move_page (page up/down, also in the command palette) indexes its line map
  before the list has been laid out, raising KeyError when the key arrives right after the
  options change. A page move before layout has nowhere to go, so it is dropped.
- CommandPalette._watch__list_visible runs from the palette's search worker and looks up
  widgets that are gone when the palette closed meanwhile (NoMatches). A closing palette has
  no list to show, so the update is dropped.
"""

from __future__ import annotations

import contextlib
from functools import wraps

from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.widgets import OptionList

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
