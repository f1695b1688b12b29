"""Writing tables to CSV, JSON, Markdown and Parquet, atomically and without clobbering.

Used by the CLI's stdout and `-o`, and by the TUI's export: one writer, one set of rules.
CSV files can start with a `#` comment block recording the assumptions and catalog version,
and text cells a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from core.errors import InputError
from core.tomlfile import one_line

if TYPE_CHECKING:
    from core.assumptions import Assumptions
    from core.catalog import Catalog

FORMATS = ("csv", "json", "markdown", "parquet")
_EXTENSIONS = {
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".parquet": "parquet",
}


def format_for_path(path: str | Path) -> str:
    """The format a file name implies, or an InputError naming the known extensions."""
    suffix = Path(path).suffix.lower()
    if suffix not in _EXTENSIONS:
        raise InputError(
            f"-o {path}: cannot tell the format from {suffix or 'no extension'!r}; "
            "use .csv, .json, .md or .parquet, or give --format"
        )
    return _EXTENSIONS[suffix]


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells that start like a spreadsheet formula with an apostrophe."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    pattern = "^[" + "".join("\\" + c if c in "+-" else c for c in "=+-@\t\r") + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then("'" + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_columns
    )


# A field after a comma that a spreadsheet would run as a formula: `# x, =HYPERLINK(...)`.
_FORMULA_AFTER_COMMA = re.compile("(,[ ]*)([=+\\-@])")


def comment_line(text: str) -> str:
    """One `# ` provenance line: a single line, no field a spreadsheet would run as a formula."""
    return "# " + _FORMULA_AFTER_COMMA.sub(r"\1'\2", one_line(text)) + "\n"


def _markdown(frame: pl.DataFrame) -> str:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return f"{value:.6g}"
        return one_line(str(value)).replace("|", "\\|")

    header = "| " + " | ".join(frame.columns) + " |"
    rule = (
        "|" + "|".join(" ---: " if dtype.is_numeric() else " --- " for dtype in frame.dtypes) + "|"
    )
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join([header, rule, *rows]) + "\n"


def render(frame: pl.DataFrame, fmt: str, comments: list[str] | None = None) -> bytes:
    """The bytes of `frame` in `fmt`; CSV gets `comments` as `# ` lines first."""
    if fmt == "csv":
        body = neutralise_formulas(frame).write_csv(float_precision=None)
        head = "".join(comment_line(line) for line in comments or [])
        return (head + body).encode()
    if fmt == "json":
        return frame.write_json().encode() + b"\n"
    if fmt == "markdown":
        return _markdown(frame).encode()
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        return buffer.getvalue()
    raise InputError(f"--format: expected one of {', '.join(FORMATS)} or table, found {fmt!r}")


def write_atomically(path: str | Path, data: bytes, force: bool = False) -> Path:
    """Write `data` to `path` via a temporary file in the same folder, never clobbering unless
    `force`; on any failure (or ctrl+c) the target is untouched and no temporary file is left
    behind. The file gets the mode a new file would (0666 less the umask)."""
    target = Path(path)
    label = one_line(str(target))
    folder = target.parent if str(target.parent) else Path(".")
    try:
        exists = target.exists() or target.is_symlink()
        folder_ok = folder.is_dir()
    except OSError as error:  # a name over 255 bytes, a path that cannot be looked up
        raise InputError(f"{label}: cannot write there ({error.strerror})") from None
    name_bytes = len(os.fsencode(target.name))
    if name_bytes > 255:
        raise InputError(f"{label}: file name is {name_bytes} bytes; at most 255")
    if exists and not force:
        raise InputError(f"{label}: already exists; use --force to replace it")
    if not folder_ok:
        raise InputError(f"{label}: folder {one_line(str(folder))} does not exist")
    with _interrupts_deferred():
        _write_via_temporary(target, folder, data, force, label)
    return target


def _write_via_temporary(target: Path, folder: Path, data: bytes, force: bool, label: str) -> None:
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{target.name[:64]}.", suffix=".tmp", dir=folder
        )
    except OSError as error:
        raise InputError(
            f"{label}: cannot write in {one_line(str(folder))} ({error.strerror})"
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), 0o666 & ~_umask())
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(temp_name, target)
        else:
            try:
                os.link(temp_name, target)  # fails if the target appeared meanwhile
            except FileExistsError:
                raise InputError(f"{label}: already exists; use --force to replace it") from None
            except OSError:
                if target.exists():
                    raise InputError(
                        f"{label}: already exists; use --force to replace it"
                    ) from None
                os.replace(temp_name, target)  # file systems without hard links
    except OSError as error:
        raise InputError(f"{label}: write failed ({error.strerror})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)


def _umask() -> int:
    """The process umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _interrupts_deferred():
    """Hold ctrl+c and SIGTERM until the write and its clean-up are done (main thread only:
    elsewhere Python delivers no signals anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError, OSError):
            previous[number] = signal.signal(number, lambda n, _f: caught.append(n))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            signal.raise_signal(caught[0])


def provenance_lines(catalog: Catalog, assumptions: Assumptions, table: str) -> list[str]:
    """The provenance block written at the top of CSV files."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        app_version = version("scaleup-explorer")
    except PackageNotFoundError:
        app_version = "dev"
    changed = sorted(assumptions.changed_from_preset())
    values = ", ".join(f"{k}={getattr(assumptions, k)}" for k in changed) or "none"
    lines = [
        f"scaleup-explorer {app_version}: table {table}",
        f"catalog: {catalog.version or 'built-in'}",
        f"preset: {assumptions.preset_name}; changed: {values}",
    ]
    if assumptions.model_id or assumptions.params_t:
        lines.append(f"model: {assumptions.model_id or f'{assumptions.params_t:g}T hypothetical'}")
    return lines
