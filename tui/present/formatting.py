"""How numbers look on screen: shared by the CLI's Rich tables and the TUI's panes.

Formatting only; every figure itself comes from core.
"""

from __future__ import annotations

import math

import polars as pl

# Columns that are years or ids print as integers without separators.
_PLAIN_INT = (
    "year",
    "first_ship",
    "announced",
    "volume_year",
    "first_volume_year",
    "access_us",
    "access_china",
    "access_rest",
)

# Short headers for narrow terminals; the full snake_case name stays in exports.
SHORT_HEADERS = {
    "system_id": "id",
    "max_params_t": "max T",
    "max_params_t_low": "max T lo",
    "max_params_t_high": "max T hi",
    "decode_tok_s_per_seq": "tok/s/seq",
    "decode_tok_s_per_domain": "tok/s/dom",
    "decode_tok_s_per_chip": "tok/s/chip",
    "domains_needed": "domains",
    "shipped_by_year": "shipped",
    "ep_domains_needed": "EP domains",
    "ep_t_scaleout_ms": "EP net ms",
    "ep_decode_tok_s_per_seq": "EP tok/s/seq",
    "train_max_params_t": "train max T",
    "model_fits": "fits",
    "kv_room_tb_per_stage": "KV room TB",
    "kv_tb_per_stage": "KV TB",
    "kv_fits": "KV fits",
    "max_sequences_per_stage": "max seqs",
    "usd_per_hour": "$/h",
    "usd_per_chip_hour": "$/chip-h",
    "usd_per_mtok": "$/Mtok out",
    "usd_per_mtok_input": "$/Mtok in",
    "usd_per_hbm_tb_hour": "$/TB-h",
    "capital_usd_per_hour": "capital $/h",
    "facility_usd_per_hour": "facility $/h",
    "power_usd_per_hour": "power $/h",
    "opex_usd_per_hour": "opex $/h",
    "rent_usd_per_hour": "rent $/h",
    "rent_usd_per_chip_hour": "rent $/chip-h",
    "hbm_tb": "HBM TB",
    "hbm_tbps": "HBM TB/s",
    "bf16_pflops": "BF16 PF",
    "fp8_pflops": "FP8 PF",
    "fp4_pflops": "FP4 PF",
    "power_kw": "kW",
    "price_usd": "price $",
    "first_ship": "ship",
    "packages": "pkgs",
    "confidence": "conf",
    "kv_bytes_per_token": "KV B/token",
    "kv_gb_per_sequence": "KV GB/seq",
    "total_params_b": "total B",
    "active_params_b": "active B",
    "t_memory_ms": "mem ms",
    "t_compute_ms": "compute ms",
    "t_expert_ms": "a2a ms",
    "t_hop_ms": "hop ms",
    "ttft_s": "TTFT s",
    "experts_touched": "experts",
    "installed_hbm_pb": "HBM PB",
    "installed_hbm_pb_low": "HBM PB lo",
    "installed_hbm_pb_high": "HBM PB hi",
    "model_copies": "copies",
    "weights_tb": "weights TB",
}


def format_value(column: str, value: object) -> str:
    """One cell as text: compact numbers, blanks for missing values."""
    if value is None:
        return "—" if column.startswith("access_") else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        if column in _PLAIN_INT or column.endswith("_year"):
            return str(value)
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "∞"
        if column in _PLAIN_INT:
            return str(int(value))
        return format_number(value, money=is_money(column))
    return str(value)


def is_money(column: str) -> bool:
    """Dollar columns (usd_..., ..._usd_..., price_usd) print large values as $bn / $M."""
    return column.startswith("usd") or "_usd" in column or column.endswith("usd")


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


def header(column: str, short: bool = False) -> str:
    """A column's header: the snake_case name, or a short label on narrow screens."""
    return SHORT_HEADERS.get(column, column) if short else column


def is_numeric(frame: pl.DataFrame, column: str) -> bool:
    """Whether a column should be right-aligned."""
    return frame.schema[column].is_numeric()


def widest_cell(column: str, series: pl.Series) -> int:
    """Cells `format_value` gives a column, at most: exact for text, integers and yes/no;
    for floats a bound from a few vectorised statistics, never below the true width.

    For long frames (a 10,000-system overlay), where formatting every cell to measure it
    would cost more than the rest of an edit."""
    values = series.drop_nulls()
    widest = 1 if column.startswith("access_") and series.null_count() else 0  # "—"
    if values.is_empty():
        return widest
    dtype = series.dtype
    if dtype == pl.Boolean:
        return max(widest, 3 if values.any() else 2)  # "yes" / "no"
    if dtype.is_integer():
        low, high = values.min(), values.max()
        return max(widest, len(format_value(column, low)), len(format_value(column, high)))
    if not dtype.is_float():
        return max(widest, int(values.cast(pl.String).str.len_chars().max() or 0))
    finite = values.filter(values.is_finite())
    if finite.len() < values.drop_nans().len():
        widest = max(widest, 1)  # "∞"
    if finite.is_empty():
        return widest
    if column in _PLAIN_INT:
        return max(widest, len(str(int(finite.min()))), len(str(int(finite.max()))))
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
    large = magnitude.filter(magnitude >= 1000.0)
    if not large.is_empty():
        if money and (large >= 1e6).any():
            # "1.23bn", "999M"; "1.23e+03bn" from a trillion up
            widest = max(widest, (10 if (large >= 9.995e11).any() else 6) + sign)
            large = large.filter(large < 1e6)
        if not large.is_empty():  # "123,456,789": grows with the value
            widest = max(widest, len(f"{large.max():,.0f}") + sign)
    return widest
