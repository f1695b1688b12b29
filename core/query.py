"""Filtering and sorting a table the way a user types it: `hbm_tb>10 nvidia`.

Each space-separated term is either a comparison on a column (`hbm_tb>10`, `vendor=amd`,
`first_ship<=2026`, `system~rubin`) or plain text that must appear in some text cell. Column
names may be abbreviated to any unambiguous prefix. Terms combine with AND.
"""

from __future__ import annotations

import re

import polars as pl

from core.errors import InputError

_TERM_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|!=|=|>|<|~)\s*(.+)$")


def _resolve_column(frame: pl.DataFrame, name: str) -> str:
    if name in frame.columns:
        return name
    matches = [c for c in frame.columns if c.startswith(name)]
    shortest = min(matches, key=len, default="")
    if matches and all(m.startswith(shortest) for m in matches):
        return shortest  # `hbm` means hbm_tb, not hbm_tbps
    if not matches:
        raise InputError(f"filter: no column {name!r}; columns: {', '.join(frame.columns)}")
    raise InputError(f"filter: {name!r} matches {', '.join(matches)}; type more of the name")


def _comparison(frame: pl.DataFrame, column: str, op: str, raw: str) -> pl.Expr:
    col = pl.col(column)
    dtype = frame.schema[column]
    if op == "~":
        return col.cast(pl.String).str.to_lowercase().str.contains(raw.lower(), literal=True)
    if dtype.is_numeric():
        try:
            value = float(raw.replace("_", "").replace(",", ""))
        except ValueError:
            raise InputError(f"filter: {column} is a number; found {raw!r}") from None
    elif dtype == pl.Boolean:
        if raw.lower() not in ("yes", "no", "true", "false"):
            raise InputError(f"filter: {column} is yes/no; found {raw!r}")
        value = raw.lower() in ("yes", "true")
    else:
        text = col.cast(pl.String).str.to_lowercase()
        value_text = raw.lower()
        ops = {
            "=": text == value_text,
            "!=": text != value_text,
            ">": text > value_text,
            "<": text < value_text,
            ">=": text >= value_text,
            "<=": text <= value_text,
        }
        return ops[op]
    ops = {
        "=": col == value,
        "!=": col != value,
        ">": col > value,
        "<": col < value,
        ">=": col >= value,
        "<=": col <= value,
    }
    return ops[op]


def filter_frame(frame: pl.DataFrame, query: str) -> pl.DataFrame:
    """Rows of `frame` matching every term of `query` (empty query: every row)."""
    terms = query.split()
    if not terms or frame.height == 0:
        return frame
    text_columns = [c for c, t in frame.schema.items() if t == pl.String]
    condition = pl.lit(True)
    for term in terms:
        match = _TERM_RE.match(term)
        if match:
            column = _resolve_column(frame, match.group(1))
            condition &= _comparison(frame, column, match.group(2), match.group(3)).fill_null(False)
        else:
            needle = term.lower()
            condition &= (
                pl.any_horizontal(
                    pl.col(c).fill_null("").str.to_lowercase().str.contains(needle, literal=True)
                    for c in text_columns
                )
                if text_columns
                else pl.lit(False)
            )
    return frame.filter(condition)


def sort_frame(frame: pl.DataFrame, column: str | None, descending: bool) -> pl.DataFrame:
    """`frame` sorted by `column` (missing values last), or unchanged."""
    if not column or column not in frame.columns:
        return frame
    return frame.sort(column, descending=descending, nulls_last=True, maintain_order=True)
