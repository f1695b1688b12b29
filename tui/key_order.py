"""Bindings that run in the order their keys arrive, even in a burst (over SSH, "/amd").

Uses Textual's private `App._check_bindings` (checked for the pinned version by
tests/test_textual_version.py); nothing else in the app reaches into Textual's internals for keys.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TypeVar

from textual import events
from textual.app import App
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input

from tui.widgets.frame_table import FrameTable

ReturnType = TypeVar("ReturnType")


class KeysInOrderApp(App[ReturnType]):
    """An app whose key bindings act before the next key is read."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not self.screen_stack:
            return  # keys still queued while the app closes: no screen left to act on
        if isinstance(event, events.Key) and self._escape_then_key(event):
            return
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and await self._run_binding_in_order(event)
        ):
            return
        await super().on_event(event)

    def _escape_then_key(self, event: events.Key) -> bool:
        """Read `alt+x` as `esc` then `x` in a dialog or an input.

        The app binds no alt chords; an esc followed at once by a key (a burst over SSH) is
        parsed as alt+key, and the dialog would stay open with the key in its input."""
        base = event.key.removeprefix("alt+")
        in_dialog = isinstance(self.screen, ModalScreen) or isinstance(self.focused, Input)
        if base == event.key or "+" in base or not in_dialog:
            return False
        self.simulate_key("escape")
        self.simulate_key(base)
        return True

    async def _run_binding_in_order(self, event: events.Key) -> bool:
        """Run the key's binding now, before the next key is read; True if there was one.

        Textual hands each key to the focused widget's queue and reads the next key at once;
        a binding runs only when its key has bubbled back up. Keys that arrive together (over
        SSH they do: "/amd", "a⏎8⏎") then reach the old focus before `/` or enter has moved
        it, and in an input a bound key (enter, backspace) overtakes the letters typed before
        it. For a table (which consumes no keys itself) and for an input's non-printing keys,
        the binding runs here, in order, after the input has taken what it was sent."""
        focused = self.focused
        if isinstance(focused, Input):
            if event.is_printable:
                return False
            await self._drained(focused)
        elif not isinstance(focused, FrameTable):
            return False
        handled = await self._check_bindings(
            event.key, priority=True
        ) or await self._check_bindings(event.key)
        if handled and isinstance(focused, Input):
            # Enter posts Submitted, which moves focus where it is handled (the pane or the
            # panel): let it get there before the next key is read.
            for node in focused.ancestors_with_self:
                if node is self:
                    break
                if isinstance(node, Widget):
                    await self._drained(node)
        return handled

    @staticmethod
    async def _drained(widget: Widget) -> None:
        """Wait until `widget` has handled the messages already sent to it."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if widget.call_later(lambda: done.done() or done.set_result(None)):
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(done, timeout=1.0)
