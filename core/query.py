"""Filtering and sorting a table the way a user types it: `hbm_tb>10 nvidia`.

Each space-separated term is either a comparison on a column (`hbm_tb>10`, `vendor=amd`,
`first_ship<=2026`, `system~rubin`) or plain text that must appear in some text cell. Column
names may be abbreviated to any unambiguous prefix, or given by another name the caller knows
them by (a header label: `fits=yes`). Terms combine with AND; `a|b` inside a term is OR
(`h200|gb200`, `vendor=amd|nvidia`), `~` takes a regular expression (`system~^gb[23]`), and
`column in (a, b)` is one of the listed values.
"""

from __future__ import annotations

import difflib
import re

import polars as pl

from core.errors import InputError

_TERM_RE = re.compile(r"^([A-Za-z_$][A-Za-z0-9_$/.-]*?)\s*(>=|<=|!=|=|>|<|~)\s*(.+)$")
_SPACE = "\u2423"  # a space inside a listed value, kept through the split into terms
_IN_RE = re.compile(r"([A-Za-z_$][A-Za-z0-9_$/.-]*)\s+in\s*\(([^)]*)\)", re.IGNORECASE)


def _resolve_column(frame: pl.DataFrame, name: str, aliases: dict[str, str]) -> str:
    if name in frame.columns:
        return name
    alias = aliases.get(name.lower())
    if alias in frame.columns:
        return alias
    names = [*frame.columns, *(a for a, c in aliases.items() if c in frame.columns)]
    matches = sorted({aliases.get(n, n) for n in names if n.startswith(name.lower())})
    shortest = min(matches, key=len, default="")
    if matches and all(m.startswith(shortest) for m in matches):
        return shortest  # `hbm` means hbm_tb, not hbm_tbps
    if not matches:
        close = difflib.get_close_matches(name.lower(), names, n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise InputError(f"filter: no column {name!r}{hint}")
    raise InputError(f"filter: {name!r} matches {', '.join(matches)}; type more of the name")


def _comparison(frame: pl.DataFrame, column: str, op: str, raw: str) -> pl.Expr:
    if op in ("=", "~") and "|" in raw:  # one of several values
        alternatives = [_comparison(frame, column, op, part) for part in raw.split("|") if part]
        if not alternatives:
            raise InputError(f"filter: nothing between the | in {raw!r}")
        return pl.any_horizontal(alternatives)
    raw = raw.replace(_SPACE, " ")
    col = pl.col(column)
    dtype = frame.schema[column]
    if op == "~":
        try:
            re.compile(raw)
        except re.error as error:
            raise InputError(f"filter: {raw!r} is not a regular expression ({error})") from None
        return col.cast(pl.String).str.contains(f"(?i){raw}")
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


def _terms(query: str) -> list[str]:
    """The query's terms; `column in (a, b)` becomes `column=a|b`."""

    def joined(match: re.Match[str]) -> str:
        values = [v.strip() for v in match.group(2).split(",") if v.strip()]
        if not values:
            raise InputError(f"filter: {match.group(0)!r} lists no values")
        return f"{match.group(1)}={'|'.join(v.replace(' ', _SPACE) for v in values)}"

    return _IN_RE.sub(joined, query).split()


def filter_frame(
    frame: pl.DataFrame, query: str, *, aliases: dict[str, str] | None = None
) -> pl.DataFrame:
    """Rows of `frame` matching every term of `query` (empty query: every row).

    `aliases`: other names for columns, lower case (the labels a table shows)."""
    terms = _terms(query)
    aliases = aliases or {}
    if not terms or frame.height == 0:
        return frame
    text_columns = [c for c, t in frame.schema.items() if t == pl.String]
    condition = pl.lit(True)
    for term in terms:
        match = _TERM_RE.match(term)
        if match:
            column = _resolve_column(frame, match.group(1), aliases)
            condition &= _comparison(frame, column, match.group(2), match.group(3)).fill_null(False)
        else:
            needles = [part.lower() for part in term.split("|") if part]
            condition &= (
                pl.any_horizontal(
                    pl.col(c).fill_null("").str.to_lowercase().str.contains(needle, literal=True)
                    for c in text_columns
                    for needle in needles
                )
                if text_columns and needles
                else pl.lit(False)
            )
    return frame.filter(condition)


def sort_frame(frame: pl.DataFrame, column: str | None, descending: bool) -> pl.DataFrame:
    """`frame` sorted by `column` (missing values last), or unchanged."""
    if not column or column not in frame.columns:
        return frame
    return frame.sort(column, descending=descending, nulls_last=True, maintain_order=True)
