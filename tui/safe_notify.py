"""Notifications with the user's text sanitised: a message may quote a file's names or an
error about them, so it is shown with control characters escaped and never read as markup."""

from __future__ import annotations

from typing import Any

from tui.present.printable import printable


class SanitisedNotifications:
    """Mixed into the App before Textual's class: every `notify` (widgets call the app's)."""

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        options["markup"] = False  # user text is never markup
        super().notify(printable(message), title=printable(title), **options)  # type: ignore[misc]
