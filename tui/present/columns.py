"""Which columns each table shows first, on screen and in the CLI's terminal tables.

Frames keep every column (exports and JSON carry them all); these orders only decide what a
reader sees first when the screen is narrower than the table.
"""

from __future__ import annotations

import polars as pl


def leading(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Columns in this order, skipping any the frame does not have; the rest after."""
    first = [c for c in columns if c in frame.columns]
    return frame.select(first + [c for c in frame.columns if c not in first])


CATALOG_VIEWS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # view: (results table, key column, leading columns)
    "systems": (
        "catalog",
        "system_id",
        (
            "system_id",
            "system",
            "vendor",
            "packages",
            "hbm_tb",
            "hbm_tbps",
            "fp8_pflops",
            "fp4_pflops",
            "power_kw",
            "price_usd",
            "first_ship",
            "access_us",
            "access_china",
            "access_rest",
            "confidence",
        ),
    ),
    "accelerators": (
        "accelerators",
        "accelerator_id",
        (
            "accelerator_id",
            "accelerator",
            "vendor",
            "hbm_gb",
            "hbm_tbps",
            "bf16_pflops",
            "fp8_pflops",
            "fp4_pflops",
            "tdp_w",
            "scaleup_gbps_bidir",
            "first_volume_year",
            "confidence",
        ),
    ),
    "models": (
        "models",
        "model_id",
        (
            "model_id",
            "model",
            "developer",
            "total_params_b",
            "active_params_b",
            "attention",
            "kv_bytes_per_token",
            "kv_gb_per_sequence",
            "layers",
            "release",
            "open_weights",
            "confidence",
        ),
    ),
    "volumes": (
        "volumes",
        "volume_id",
        ("volume_id", "system", "year", "bloc", "units", "units_low", "units_high", "confidence"),
    ),
    "sources": ("sources", "source_id", ("source_id", "title", "publisher", "date", "url")),
}


FIT_COLUMNS = (
    "system_id",
    "system",
    "max_params_t",
    "model_fits",
    "domains_needed",
    "decode_tok_s_per_seq",
    "kv_room_tb_per_stage",
    "max_sequences_per_stage",
    "decode_tok_s_per_domain",
    "decode_tok_s_per_chip",
    "ttft_s",
    "bound",
    "t_memory_ms",
    "t_compute_ms",
    "t_expert_ms",
    "t_hop_ms",
    "ep_domains_needed",
    "ep_decode_tok_s_per_seq",
    "ep_t_scaleout_ms",
    "packages",
    "hbm_tb",
    "train_max_params_t",
    "first_ship",
    "shipped_by_year",
    "confidence",
)


COST_COLUMNS = (
    "system_id",
    "system",
    "usd_per_hour",
    "usd_per_chip_hour",
    "usd_per_mtok",
    "usd_per_mtok_input",
    "capital_usd_per_hour",
    "facility_usd_per_hour",
    "power_usd_per_hour",
    "opex_usd_per_hour",
    "rent_usd_per_hour",
    "usd_per_hbm_tb_hour",
    "price_usd",
    "power_kw",
    "why_not",
)


DISPLAY_COLUMNS: dict[str, tuple[str, ...]] = {
    **{view: columns for view, (_, _, columns) in CATALOG_VIEWS.items()},
    "catalog": CATALOG_VIEWS["systems"][2],
    "fit": FIT_COLUMNS,
    "cost": COST_COLUMNS,
    "timeline": (
        "year",
        "bloc",
        "system",
        "max_params_t",
        "hbm_tb",
        "packages",
        "installed_hbm_pb",
        "installed_hbm_pb_low",
        "installed_hbm_pb_high",
        "model_copies",
    ),
    "claims": ("claim_id", "holds", "value", "unit", "expected", "needs", "claim"),
}
