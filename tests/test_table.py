"""`core.table` builds the same frames as polars' public constructors, faster."""

from __future__ import annotations

import gc

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import core.table as table_module
from core.table import integers, table, values

COLUMNS = {
    "floats": np.array([1.5, np.nan, -0.0]),
    "flags": np.array([True, False, True]),
    "labels": np.array(["TP8", "", "EP32 DP-attn"]),
    "objects": np.array(["a", None, "c"], dtype=object),
    "words": ["x", "y", "z"],
    "kept": pl.Series("other name", [1, 2, None]),
    "counts": np.array([1, 2, 3], dtype=np.int64),
}

PUBLIC = pl.DataFrame(
    {
        "floats": pl.Series([1.5, None, -0.0], dtype=pl.Float64),
        "flags": [True, False, True],
        "labels": ["TP8", "", "EP32 DP-attn"],
        "objects": ["a", None, "c"],
        "words": ["x", "y", "z"],
        "kept": pl.Series([1, 2, None], dtype=pl.Int64),
        "counts": pl.Series([1, 2, 3], dtype=pl.Int64),
    }
)


@pytest.mark.parametrize("fast", [True, False])
def test_table_matches_the_public_constructors(monkeypatch: pytest.MonkeyPatch, fast: bool):
    if fast and not table_module.FAST:
        pytest.skip("this polars has no direct constructors")
    monkeypatch.setattr(table_module, "FAST", fast)
    assert_frame_equal(table(COLUMNS), PUBLIC)


def test_nan_stays_nan_when_asked():
    frame = table({"x": np.array([np.nan, 1.0])}, nan_to_null=False)
    assert frame["x"].null_count() == 0
    assert np.isnan(frame["x"][0])


def test_objects_that_are_not_strings_take_the_public_path():
    frame = table({"whole": np.array([1, None], dtype=object)})
    assert frame.schema["whole"] == pl.Int64
    assert frame["whole"].to_list() == [1, None]


def test_integers_keep_missing_values():
    assert integers(np.array([8.0, np.nan, 72.0])).to_list() == [8, None, 72]


def test_values_are_read_only_float_and_follow_the_frame():
    frame = pl.DataFrame({"n": [1, None, 3]})
    column = values(frame, "n")
    assert column.dtype == np.float64
    assert np.isnan(column[1])
    assert values(frame, "n") is column  # read once per frame
    with pytest.raises(ValueError):
        column[0] = 9.0
    key = id(frame)
    del frame
    gc.collect()
    assert key not in table_module._DERIVED  # the cache lets go with the frame
