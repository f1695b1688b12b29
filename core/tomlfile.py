"""Reading one TOML file as text and data, with every failure as one located line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core.errors import CatalogError

MAX_FILE_BYTES = 20_000_000


def read_toml(path: str | Path, what: str = "catalog") -> tuple[dict[str, Any], str]:
    """Read a TOML file as text and data, or raise one located CatalogError line."""
    path = Path(path)
    label = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CatalogError(
                f"{label}: {what} file is {size / 1e6:.0f} MB; expected at most "
                f"{MAX_FILE_BYTES / 1e6:.0f} MB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(f"{label}: no such {what} file") from None
    except IsADirectoryError:
        raise CatalogError(f"{label}: is a folder; expected a {what} TOML file") from None
    except OSError as error:
        raise CatalogError(f"{label}: cannot read {what} file ({error.strerror})") from None
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
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        where = f"{label}:{located.group(1)}:{located.group(2)}" if located else label
        raise CatalogError(f"{where}: TOML syntax error: {reason}") from None
    return data, text
