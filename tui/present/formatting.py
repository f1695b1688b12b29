"""How numbers look on screen: shared by the CLI's Rich tables and the TUI's panes.

One formatter per kind of value (a year, a count, a number, an amount of money); which kind a
column holds is a column role, in tui/present/columns.py. Every figure itself comes from core.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import polars as pl

from tui.present.columns import is_money, is_year, missing_text
from tui.present.printable import printable

if TYPE_CHECKING:
    from core.assumptions import AssumptionSpec


COMPACT_FROM = 1e6  # a column holding a value this large writes all its thousands as 310k


def format_value(column: str, value: object, *, compact: bool = False) -> str:
    """One cell as text: compact numbers, blanks for missing values.

    `compact`: the column holds millions or more, so every value from a thousand up is written
    with a suffix (310k beside 3.1M), one format for the whole column."""
    if value is None:
        return missing_text(column)
    if isinstance(value, bool):
        return format_yes_no(value)
    if isinstance(value, int):
        if is_year(column):
            return format_year(value)
        return format_compact(value) if compact and abs(value) >= 1000 else format_count(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "∞"
        if is_year(column):
            return format_year(value)
        if is_milliseconds(column) and 0 < abs(value) < 1:
            return f"{value * 1e3:.3g} µs"
        if compact and abs(value) >= 1000:
            return format_compact(value)
        return format_number(value, money=is_money(column))
    return printable(value)


def is_milliseconds(column: str) -> bool:
    """Times in milliseconds: below one they read in µs."""
    return column.endswith("_ms")


def needs_compact(column: str, series: pl.Series) -> bool:
    """Whether a column's numbers are large enough to be written with suffixes throughout."""
    if is_year(column) or not series.dtype.is_numeric():
        return False
    finite = series.drop_nulls()
    if series.dtype.is_float():
        finite = finite.filter(finite.is_finite())
    if finite.is_empty():
        return False
    return bool(finite.abs().max() >= COMPACT_FROM)


def format_compact(value: float) -> str:
    """A large number in three significant figures with a suffix: 310k, 3.1M, 2bn, 4.05e26."""
    magnitude = abs(value)
    for suffix, scale in (("T", 1e12), ("bn", 1e9), ("M", 1e6), ("k", 1e3)):
        if magnitude >= scale and magnitude < 1e15:
            text = f"{value / scale:.3g}"
            if "e" not in text:
                return text + suffix
    if magnitude < 1000:
        return format_number(float(value))
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def format_year(value: float) -> str:
    """A year (or other plain integer): digits only, no separators."""
    return str(int(value))


def format_count(value: int) -> str:
    """A whole number with thousands separators."""
    return f"{value:,}"


def format_yes_no(value: bool) -> str:
    """A flag in words, readable without colour."""
    return "yes" if value else "no"


def format_number(value: float, money: bool = False) -> str:
    """Three significant figures, thousands separators for large values."""
    magnitude = abs(value)
    if money and magnitude >= 1e6:
        for suffix, scale in (("bn", 1e9), ("M", 1e6)):
            if magnitude >= scale:
                return f"{value / scale:,.3g}{suffix}"
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude == 0:
        return "0"
    if magnitude >= 0.001:
        return f"{value:.3g}" if magnitude < 100 else f"{value:.0f}"
    return f"{value:.2e}"


def format_assumption(spec: AssumptionSpec, value: Any) -> str:
    """An assumption's value as the panel shows it."""
    if spec.kind == "choice":
        return str(value)
    if spec.kind == "int":
        return format_year(value) if spec.unit == "year" else format_count(int(value))
    if abs(value) >= 1e5:
        return f"{value:.3g}"
    return format_number(float(value))


def format_raw(value: Any) -> str:
    """A catalog field as written in the file (detail views): six significant figures.

    Integers between 1900 and 2100 print as years, judged by value (so a 2000 GB/s link
    prints as "2000"); the field's declared unit would be the better rule."""
    if isinstance(value, list):
        return printable(", ".join(map(str, value)))
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, bool):
        return format_yes_no(value)
    if isinstance(value, int):
        return format_year(value) if 1900 < value < 2100 else format_count(value)
    return printable(value)


def is_numeric(frame: pl.DataFrame, column: str) -> bool:
    """Whether a column should be right-aligned."""
    return frame.schema[column].is_numeric()


def widest_cell(column: str, series: pl.Series, *, compact: bool = False) -> int:
    """Cells `format_value` gives a column, at most: exact for text, integers and yes/no;
    for floats a bound from a few vectorised statistics, never below the true width.

    For long frames (a 10,000-system overlay), where formatting every cell to measure it
    would cost more than the rest of an edit."""
    values = series.drop_nulls()
    widest = len(missing_text(column)) if series.null_count() else 0  # "—"
    if values.is_empty():
        return widest
    dtype = series.dtype
    if dtype == pl.Boolean:
        return max(widest, 3 if values.any() else 2)  # "yes" / "no"
    if dtype.is_integer():
        low, high = values.min(), values.max()
        cells = (len(format_value(column, v, compact=compact)) for v in (low, high))
        return max(widest, *cells, 8 if compact else 0)
    if not dtype.is_float():
        return max(widest, int(values.cast(pl.String).str.len_chars().max() or 0))
    finite = values.filter(values.is_finite())
    if finite.len() < values.drop_nans().len():
        widest = max(widest, 1)  # "∞"
    if finite.is_empty():
        return widest
    if is_year(column):
        return max(widest, len(format_year(finite.min())), len(format_year(finite.max())))
    sign = 1 if (finite < 0).any() else 0
    magnitude = finite.abs()
    money = is_money(column)
    # Widest text per band of magnitude, as format_number writes them:
    if (magnitude == 0).any():
        widest = max(widest, 1)  # "0"
    bands = (
        (0.0, 0.001, 9),  # "1.23e-05", "1.00e-100"
        (0.001, 100.0, 7),  # "0.00123"
        (100.0, 1000.0, 4),  # "999" (or "1000" rounded up)
    )
    for low, high, cells in bands:  # [low, high); zero is "0", above
        if ((magnitude >= low) & (magnitude < high) & (magnitude > 0)).any():
            widest = max(widest, cells + sign)
    if is_milliseconds(column) and ((magnitude > 0) & (magnitude < 1)).any():
        widest = max(widest, 7 + sign)  # "52.6 µs", "0.5 µs"
    large = magnitude.filter(magnitude >= 1000.0)
    if compact and not large.is_empty():
        return max(widest, 8 + sign)  # "1.23bn", "9.99e26"
    if not large.is_empty():
        if money and (large >= 1e6).any():
            # "1.23bn", "999M"; "1.23e+03bn" from a trillion up
            widest = max(widest, (10 if (large >= 9.995e11).any() else 6) + sign)
            large = large.filter(large < 1e6)
        if not large.is_empty():  # "123,456,789": grows with the value
            widest = max(widest, len(f"{large.max():,.0f}") + sign)
    return widest
