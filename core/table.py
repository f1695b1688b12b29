"""Polars frames from numpy columns at the cost of the data, not of the checks.

Every keystroke in the app builds the Fit, Cost and Timeline frames anew: a hundred-odd columns
of a few dozen rows. `pl.DataFrame(dict)` spends ~6 µs per column in Python-side checks
(generator tests, masked-array probes, dtype dispatch), ten times what polars' own constructor
takes, which made frame building the largest part of `evaluate`. `table` hands float64, bool
and string columns straight to polars' Series constructors and everything else to the public
path. Where a polars release no longer has those constructors, the public path is used for
every column: the frames are the same either way (`tests/test_table.py`).

`values` reads a column as numpy once per frame; `derived` keeps what a frame and a few
settings decide (hourly costs, the Timeline's picks) while the frame lives.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import polars as pl

try:  # polars >= 1.27 names its binary module `_plr`; earlier 1.x releases `polars`
    from polars._plr import PyDataFrame, PySeries  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the installed polars
    try:
        from polars.polars import PyDataFrame, PySeries  # type: ignore[attr-defined,no-redef]
    except ImportError:
        PyDataFrame = PySeries = None  # type: ignore[assignment,misc]


def _fast_paths_work() -> bool:
    """Whether the direct constructors exist and behave as the public ones (checked once)."""
    if PySeries is None or PyDataFrame is None:
        return False
    try:
        floats = np.array([1.0, np.nan])
        built = pl.DataFrame._from_pydf(
            PyDataFrame(
                [
                    PySeries.new_f64("f", floats, True),
                    PySeries.new_bool("b", np.array([True, False]), True),
                ]
            )
        )
        # From lists: the public numpy path would import numpy.ma (~13 ms) just for this.
        public = pl.DataFrame({"f": [1.0, None], "b": [True, False]})
        return built.equals(public)
    except Exception:
        return False


FAST = _fast_paths_work()

T = TypeVar("T")
Column = np.ndarray | pl.Series | Sequence[Any]


def _strings(name: str, cells: list[Any]) -> pl.Series | None:
    """A string column built directly, or None when a cell is neither a string nor None."""
    try:
        return pl.Series._from_pyseries(PySeries.new_str(name, cells, True))
    except (TypeError, ValueError):  # not all strings: the public path decides the type
        return None


def _series(name: str, column: Column, nan_to_null: bool) -> pl.Series:
    if isinstance(column, pl.Series):
        return column if column.name == name else column.alias(name)
    if isinstance(column, np.ndarray) and column.ndim == 1:
        kind = column.dtype.kind
        if FAST and kind == "f":
            floats = np.ascontiguousarray(column, dtype=np.float64)
            return pl.Series._from_pyseries(PySeries.new_f64(name, floats, nan_to_null))
        if FAST and kind == "b":
            flags = np.ascontiguousarray(column)
            return pl.Series._from_pyseries(PySeries.new_bool(name, flags, True))
        if FAST and kind in "UO":
            built = _strings(name, column.tolist())
            if built is not None:
                return built
        if kind == "f":
            return pl.Series(name, column, nan_to_null=nan_to_null)
        if kind == "O":
            return pl.Series(name, column.tolist())
    elif FAST and isinstance(column, list) and column and isinstance(column[0], str):
        built = _strings(name, column)
        if built is not None:
            return built
    return pl.Series(name, column)


def table(columns: Mapping[str, Column], nan_to_null: bool = True) -> pl.DataFrame:
    """A frame of `columns` (all the same length), NaN in float arrays as null by default."""
    series = [_series(name, column, nan_to_null) for name, column in columns.items()]
    if FAST:
        return pl.DataFrame._from_pydf(PyDataFrame([s._s for s in series]))
    return pl.DataFrame(series)


def integers(floats: np.ndarray) -> pl.Series:
    """Whole numbers held as floats (NaN: missing) as an Int64 column."""
    return _series("", floats, True).cast(pl.Int64)


_DERIVED: dict[int, dict[Hashable, Any]] = {}
# Results kept per frame beyond its columns: the most recent few settings, the oldest dropped
# first (with a 10,000-system overlay one cost result is ~2 MB).
_MAX_RESULTS_PER_FRAME = 16


def derived(frame: pl.DataFrame, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, kept with `frame` under `key` while the frame lives.

    For what depends on a frame and a few settings only (the catalog's systems and the cost
    knobs, say): polars frames are never changed in place, so the result stays right. The key
    must name every setting `compute` reads; `tests/test_memo_keys.py` checks each knob."""
    store = _store(frame)
    if key in store:
        value = store.pop(key, None)
        if value is not None:
            store[key] = value  # most recently used last
            return value
    # list(store) copies the keys at once: the Claims worker thread evaluates beside the app.
    results = [k for k in list(store) if not (isinstance(k, tuple) and k[:1] == ("values",))]
    if len(results) >= _MAX_RESULTS_PER_FRAME:
        store.pop(results[0], None)
    store[key] = value = compute()
    return value


def _store(frame: pl.DataFrame) -> dict[Hashable, Any]:
    store = _DERIVED.get(id(frame))
    if store is None:
        store = _DERIVED[id(frame)] = {}
        weakref.finalize(frame, _DERIVED.pop, id(frame), None)
    return store


def values(frame: pl.DataFrame, name: str) -> np.ndarray:
    """A column as float64 numpy, missing values as NaN, read-only; read once per frame (the
    catalog's system frame is read ~50 times per `evaluate`)."""
    store = _store(frame)
    key = ("values", name)
    array = store.get(key)
    if array is None:
        array = store[key] = _read_only(frame, name)
    return array


def _read_only(frame: pl.DataFrame, name: str) -> np.ndarray:
    array = frame[name].to_numpy().astype(np.float64, copy=False)
    array.flags.writeable = False
    return array
