"""Where a table goes: a Rich table on a terminal, or csv/json/markdown to stdout or a file."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl
    from rich.console import Console


def columns_that_fit(frame: pl.DataFrame, width: int, cap: int = 30) -> list[str]:
    """Leading columns whose natural widths fit `width` terminal cells (at least two)."""
    from tui.present.formatting import format_value

    chosen, used = [], 1
    for column in frame.columns:
        cells = [len(format_value(column, v)) for v in frame[column].to_list()]
        natural = min(max([len(column), *cells]), max(cap, len(column))) + 3
        if used + natural > width and len(chosen) >= 2:
            break
        chosen.append(column)
        used += natural
    return chosen


def print_rich_table(
    frame: pl.DataFrame, title: str, table_name: str, console: Console | None = None
) -> None:
    """A Rich table on the terminal: the leading columns that fit, and a note of the rest."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tui.present.columns import DISPLAY_COLUMNS, leading, without_ids_of_names
    from tui.present.formatting import format_value, is_numeric

    console = console or Console()
    # The name beside it says the same as an id column; the id stays in csv/json output.
    ordered = without_ids_of_names(leading(frame, DISPLAY_COLUMNS.get(table_name, ())))
    shown = columns_that_fit(ordered, console.width)
    from tui.present.printable import plain_text

    table = Table(title=plain_text(title), header_style="bold", show_lines=False, pad_edge=False)
    for column in shown:
        numeric = is_numeric(ordered, column)
        table.add_column(
            column,
            justify="right" if numeric else "left",
            no_wrap=True,
            overflow="ellipsis",
            max_width=None if numeric else 30,
        )
    estimates = (
        [c == "estimate" for c in ordered["confidence"].to_list()]
        if "confidence" in ordered.columns
        else [False] * ordered.height
    )
    for estimate, row in zip(estimates, ordered.select(shown).iter_rows(), strict=True):
        cells = [Text(format_value(c, v)) for c, v in zip(shown, row, strict=True)]
        if estimate:  # marked as in the app: a tilde before the name, in italics
            cells[0] = Text("~" + cells[0].plain, style="italic")
        table.add_row(*cells)
    console.print(table)
    hidden = [c for c in ordered.columns if c not in shown]
    if hidden:
        console.print(
            Text(
                f"{len(hidden)} more columns ({', '.join(hidden[:6])}"
                f"{', ...' if len(hidden) > 6 else ''}): widen the terminal, or use "
                "--format csv or json",
                style="dim",
            )
        )


def emit(
    frame: pl.DataFrame,
    args: argparse.Namespace,
    title: str,
    comments: list[str],
    table_name: str = "",
) -> None:
    """Print or write a table in the chosen format."""
    from core.export import format_for_path, render, write_atomically

    if args.output:
        fmt = (
            args.format if args.format and args.format != "table" else format_for_path(args.output)
        )
        data = render(frame, fmt, None if args.no_comments else comments)
        written = write_atomically(args.output, data, force=args.force)
        from tui.present.printable import printable

        print(printable(f"wrote {frame.height} rows to {written}"), file=sys.stderr)
        return
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "table":
        print_rich_table(frame, title, table_name)
        return
    if fmt == "parquet":
        from core.errors import InputError

        raise InputError("--format parquet: binary output needs -o FILE.parquet")
    sys.stdout.write(render(frame, fmt).decode())
    sys.stdout.flush()
