"""User key remapping: a TOML file of binding id = "keys", applied with Textual keymaps.

Looked up in $SCALEUP_KEYMAP, else ~/.config/scaleup/keymap.toml. Example:

    [keymap]
    "app.quit" = "q,ctrl+q"
    "pane.filter" = "slash,f"
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App


def keymap_path() -> Path:
    """Where the user's keymap file is looked for."""
    if os.environ.get("SCALEUP_KEYMAP"):
        return Path(os.environ["SCALEUP_KEYMAP"]).expanduser()
    config = Path(os.environ.get("XDG_CONFIG_HOME", "~/.config")).expanduser()
    return config / "scaleup" / "keymap.toml"


def load_user_keymap(known_ids: Callable[[], set[str]]) -> tuple[dict[str, str], str]:
    """The remapping to apply and a one-line problem report (empty when all is well).

    `known_ids` is only called when there is a file: collecting every binding id means
    importing every screen, which a start without a keymap should not pay for."""
    path = keymap_path()
    if not path.is_file():
        return {}, ""
    from core.errors import InputError
    from core.tomlfile import read_toml

    known = known_ids()
    try:
        data, _ = read_toml(path, what="keymap")
    except InputError as error:  # syntax, nesting, encoding: the one located line
        return {}, f"not used: {error}"
    table = data.get("keymap", data)
    if not isinstance(table, dict):
        return {}, f'{path}: not used ([keymap] must be a table of binding id = "keys")'
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in known:
            problems.append(f"unknown binding id {binding_id!r}")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f'{binding_id!r}: expected keys such as "q,ctrl+q"')
        else:
            keymap[binding_id] = keys
    problem = f"{path}: " + "; ".join(problems) if problems else ""
    return keymap, problem


def apply_keymap(app: App[object], keymap: dict[str, str]) -> str:
    """Apply `keymap`; a problem report instead if Textual cannot parse its keys."""
    try:
        app.set_keymap(keymap)
    except Exception as error:  # keys Textual cannot parse: report, keep the defaults
        return f"keymap not used: {error}"
    return ""
