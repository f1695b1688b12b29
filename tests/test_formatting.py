"""Cell formatting, and the column widths long tables compute without formatting every cell."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.present.formatting import format_number, format_value, widest_cell


def true_widest(column: str, values: list) -> int:
    return max((len(format_value(column, v)) for v in values), default=0)


@pytest.mark.parametrize(
    ("value", "money", "text"),
    [
        (1.128, False, "1.13"),
        (20.736, False, "20.7"),
        (0.00123, False, "0.00123"),
        (999.6, False, "1000"),
        (1234567.0, False, "1,234,567"),
        (7.8e9, True, "7.8bn"),
        (2.5e6, True, "2.5M"),
        (0.0000123, False, "1.23e-05"),
        (0.0, False, "0"),
    ],
)
def test_format_number(value: float, money: bool, text: str) -> None:
    assert format_number(value, money=money) == text


magnitudes = st.one_of(
    st.floats(min_value=-1e13, max_value=1e13, allow_nan=False),
    st.floats(min_value=-1e-3, max_value=1e-3, allow_nan=False),
    st.sampled_from([0.0, 999.5, 999.95, 99.95, 0.0009995, 9.995e8, 9.995e11, math.inf]),
)


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), magnitudes, st.just(math.nan)), min_size=1),
    column=st.sampled_from(["max_params_t", "usd_per_hour", "price_usd", "year", "hbm_tb"]),
)
def test_float_width_bound_is_never_too_narrow(values: list, column: str) -> None:
    series = pl.Series(column, values, dtype=pl.Float64)
    assert widest_cell(column, series) >= true_widest(column, series.to_list())


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.integers(-(10**12), 10**12)), min_size=1),
    column=st.sampled_from(["packages", "first_ship", "access_china", "volume_year"]),
)
def test_integer_width_is_exact(values: list, column: str) -> None:
    series = pl.Series(column, values, dtype=pl.Int64)
    assert widest_cell(column, series) == true_widest(column, values)


@pytest.mark.parametrize(
    "values",
    [[True, False, None], [False, None], ["GB300 NVL72", None, "HGX H200 8-GPU"], [None]],
)
def test_text_and_yes_no_widths_are_exact(values: list) -> None:
    series = pl.Series("system", values)
    assert widest_cell("system", series) == true_widest("system", values)


def test_float_bound_is_close_for_typical_columns() -> None:
    """The bound costs a little room, not a lot: at most a few cells over the true width."""
    values = [0.64, 1.13, 20.7, 166.0, 1180.0, 4461.0]
    series = pl.Series("max_params_t", values)
    assert true_widest("max_params_t", values) <= widest_cell("max_params_t", series)
    assert widest_cell("max_params_t", series) <= true_widest("max_params_t", values) + 3
