"""The one sanitiser for text that reaches a terminal: catalog names, file names, scenario values
and error messages are shown with their control characters escaped, never sent raw.

A raw ESC lets a file rewrite the clipboard (OSC 52), the window title (OSC 2) or the screen
(SGR); a bidi override reorders what is read. Each such character is shown as an escape
such as `\\x1b` or `\\u202e`. Rich markup is a separate matter: user text goes to Rich and
Textual as `Text`, never as markup (see `plain_text`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0 controls, DEL, C1 controls; bidi embeddings, overrides and isolates; marks; line and
# paragraph separators (they break a line as a newline does).
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Lone surrogates (bytes of a file name that is not UTF-8) cannot be written to a terminal.
_OTHER = _BIDI + "\u2028\u2029\ud800-\udfff"
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _OTHER + "]")
_UNSAFE_KEEPING_NEWLINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + _OTHER + "]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\r`, `\\u202e`);
    newlines kept only when `keep_newlines` (multi-line bodies of detail views)."""
    string = text if isinstance(text, str) else str(text)
    pattern = _UNSAFE_KEEPING_NEWLINES if keep_newlines else _UNSAFE
    if pattern.search(string) is None:
        return string
    return pattern.sub(_escaped, string)


def plain_text(text: object, style: str = "", keep_newlines: bool = False) -> Text:
    """A Rich `Text` of `text`, sanitised: brackets stay literal, control characters escaped."""
    from rich.text import Text

    return Text(printable(text, keep_newlines), style=style)
