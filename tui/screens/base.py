"""What every dialog shares: drawn centred over the app, and answering once."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class CenteredModal(ModalScreen[ResultType]):
    """A modal drawn in the middle of the screen. Every dialog derives from this, so a new one
    is centred without being named in the stylesheet."""

    DEFAULT_CSS = """
    CenteredModal {
        align: center middle;
    }
    """


class OnceModal(CenteredModal[ResultType]):
    """A modal that answers once: a second enter before it has closed is ignored (dismissing
    twice would pop the screen beneath)."""

    answered = False

    def answer(self, result: ResultType | None) -> None:
        """Dismiss with `result` unless already answered."""
        if not self.answered:
            self.answered = True
            self.dismiss(result)
