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
    import tomllib

    known = known_ids()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, f"{path}: not used ({error})"
    table = data.get("keymap", data)
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
