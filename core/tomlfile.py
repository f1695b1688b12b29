"""Reading one TOML file as text and data, with every failure as one located line."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import Any

from core.errors import CatalogError

MAX_FILE_BYTES = 20_000_000


def read_toml(path: str | Path, what: str = "catalog") -> tuple[dict[str, Any], str]:
    """Read a TOML file as text and data, or raise one located CatalogError line.

    Only regular files are opened (a FIFO would block, /dev/zero never ends), and at most
    the size cap plus one byte is read whatever the file claims."""
    path = Path(path)
    label = one_line(str(path))
    raw = _read_capped(path, label, what)
    if raw.startswith(codecs.BOM_UTF8):  # written by some Windows editors; not part of TOML
        raw = raw[len(codecs.BOM_UTF8) :]
    if b"\x00" in raw:
        raise CatalogError(f"{label}: binary data (NUL byte); expected a UTF-8 TOML {what} file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogError(
            f"{label}:{line}: not UTF-8 text (byte {error.start}); "
            f"expected a UTF-8 TOML {what} file"
        ) from None
    import tomllib  # here: a start from the validated cache parses no TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        located = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", message)
        if located:
            where = f"{label}:{located.group(1)}:{located.group(2)}"
        else:  # "at end of document": the last line is where it was left open
            where = f"{label}:{max(1, len(text.splitlines()))}"
            reason += " (at end of file)"
        raise CatalogError(f"{where}: TOML syntax error: {one_line(reason)}") from None
    except RecursionError:
        line = _deepest_line(text)
        raise CatalogError(
            f"{label}:{line}: TOML nested too deeply (arrays or tables inside one another); "
            f"expected a {what} file"
        ) from None
    except MemoryError:
        raise CatalogError(f"{label}: out of memory reading the {what} file") from None
    return data, text


def _read_capped(path: Path, label: str, what: str) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise CatalogError(f"{label}: is a folder; expected a {what} TOML file")
        if not stat.S_ISREG(info.st_mode):
            raise CatalogError(
                f"{label}: not a regular file (a device, pipe or socket); expected a {what} "
                "TOML file"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise CatalogError(_too_big(label, what, info.st_size))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        descriptor = os.open(path, flags)  # non-blocking: a FIFO swapped in meanwhile
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise CatalogError(f"{label}: not a regular file; expected a {what} TOML file")
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CatalogError(f"{label}: no such {what} file") from None
    except IsADirectoryError:
        raise CatalogError(f"{label}: is a folder; expected a {what} TOML file") from None
    except OSError as error:
        raise CatalogError(f"{label}: cannot read {what} file ({error.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CatalogError(_too_big(label, what, len(raw)))
    return raw


def _too_big(label: str, what: str, size: int) -> str:
    return (
        f"{label}: {what} file is over {MAX_FILE_BYTES / 1e6:.0f} MB ({size / 1e6:.0f} MB); "
        f"expected at most {MAX_FILE_BYTES / 1e6:.0f} MB"
    )


def _deepest_line(text: str) -> int:
    """The line where brackets are nested deepest (strings are not skipped: a hint, not a
    parse)."""
    depth = deepest = 0
    line = best = 1
    for char in text:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest, best = depth, line
        elif char in "]}":
            depth -= 1
        elif char == "\n":
            line += 1
    return best


_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` on one line: line breaks become spaces, other control characters and bytes that
    were not UTF-8 (in file names) become `\\xNN`. For messages and file comments; the
    terminal front ends escape again for what a terminal must not receive raw."""
    text = _LINE_BREAKS.sub(" ", text)
    return _CONTROLS.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
