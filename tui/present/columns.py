"""What a column is, for the reader: its kind of value, role, short header and place.

Frames keep every column (exports and JSON carry them all); the orders here only decide what a
reader sees first when the screen is narrower than the table. Units and meanings are core's
(core.column_docs); how each kind of value is written is tui/present/formatting.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

# Columns that are years print as integers without separators.
YEAR_COLUMNS = (
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
    "config_median_factor": "factor",
    "config_max_factor": "worst",
    "config_above_share": "above",
    "config_median_ratio_per_chip": "chip ratio",
    "best_median_ratio_per_chip": "best ratio",
    "measured_tok_s_per_user_min": "user min",
    "measured_tok_s_per_user_max": "user max",
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
    "cost_basis": "basis",
    "why_no_cost": "why no cost",
    "decode_tok_s_per_chip_at_target": "tok/s/chip @T",
    "decode_tok_s_per_seq_at_target": "tok/s/seq @T",
    "usd_per_mtok_at_target": "$/Mtok @T",
    "why_not_at_target": "why not @T",
    "replica_chips_at_target": "chips @T",
    "concurrent_sequences_at_target": "batch @T",
    "max_tok_s_per_seq": "max tok/s/seq",
    "max_tok_s_per_chip": "max tok/s/chip",
    "min_usd_per_mtok": "min $/Mtok",
    "ratio_per_user": "pred/meas user",
    "ratio_per_chip": "pred/meas chip",
    "measured_tok_s_per_user": "meas tok/s/user",
    "predicted_tok_s_per_user": "pred tok/s/user",
    "measured_tok_s_per_chip": "meas tok/s/chip",
    "predicted_tok_s_per_chip": "pred tok/s/chip",
    "weights_fit": "weights fit",
    "replica_chips": "chips",
    "max_sequences": "max seqs",
    "why_no_speed": "why no speed",
    "t_step_ms": "step ms",
    "t_links_ms": "links ms",
    "t_floor_ms": "floor ms",
    "decode_tok_s_per_mw": "tok/s/MW",
    "prefill_chips_per_decode_chip": "prefill/decode",
    "capital_usd_per_hour": "capital $/h",
    "network_storage_usd_per_hour": "net+stor $/h",
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


# Names of things: an estimate's name carries a "~" and italics.
NAME_COLUMNS = frozenset({"system", "model", "accelerator"})
# Yes/no columns, drawn in colour as well as in words.
YES_NO_COLUMNS = frozenset({"holds", "model_fits", "kv_fits", "shipped_by_year"})
# An id column and the name beside it that says the same to a reader.
ID_OF_NAME = (("system_id", "system"), ("model_id", "model"), ("accelerator_id", "accelerator"))
# A catalog view's id column and the catalog table its rows come from (for the detail view).
CATALOG_TABLES = {
    "system_id": "system",
    "accelerator_id": "accelerator",
    "model_id": "model",
    "volume_id": "volume",
    "source_id": "source",
}


def is_year(column: str) -> bool:
    """Years print as plain integers."""
    return column in YEAR_COLUMNS


def is_money(column: str) -> bool:
    """Dollar columns (usd_..., ..._usd_..., price_usd) print large values as $bn / $M."""
    return column.startswith("usd") or "_usd" in column or column.endswith("usd")


def missing_text(column: str) -> str:
    """A missing value: "—" for an access year (the bloc never gets it), else blank."""
    return "—" if column.startswith("access_") else ""


def filter_aliases(columns: list[str], roles: ColumnRoles) -> dict[str, str]:
    """What a user may type for each column in a filter: its header as shown, with spaces as
    underscores (`fits`, `tok/s/seq`, `max_T`), and its id."""
    aliases: dict[str, str] = {}
    for column in columns:
        label = roles.header(column).replace(" ", "_")
        aliases.setdefault(label.lower(), column)
    return aliases


def header(column: str, short: bool = False) -> str:
    """A column's header: the snake_case name, or a short label on narrow screens."""
    return SHORT_HEADERS.get(column, column) if short else column


def without_ids_of_names(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame without id columns whose name column is beside them (terminal tables)."""
    redundant = [i for i, name in ID_OF_NAME if i in frame.columns and name in frame.columns]
    return frame.drop(redundant)


def exported_columns(columns: list[str], hidden: tuple[str, ...], key_column: str) -> list[str]:
    """What export and copy take from a pane: the columns on screen, plus the row's id (not
    shown because the name beside it says the same, but what a spreadsheet joins on)."""
    return [c for c in columns if c not in hidden or (c == key_column and c != "row_id")]


@dataclass(frozen=True)
class ColumnRoles:
    """What the columns of one table are, handed down to the FrameTable that draws it by the
    pane that owns it: the table itself knows no column names."""

    names: frozenset[str] = frozenset()  # "~" and italics on an estimate's row
    yes_no: frozenset[str] = frozenset()  # yes/no in colour
    right_aligned: frozenset[str] = frozenset()  # text columns aligned like numbers
    short_headers: bool = False  # short labels instead of the snake_case names
    # Why a cell is blank, per column: the frame column that says why (a reason column) or,
    # when the frame has no such column, a short text. A blank cell shows it, dimmed.
    blank_reasons: tuple[tuple[str, str], ...] = ()

    def header(self, column: str) -> str:
        """The column's header in this table."""
        return header(column, self.short_headers)

    def blank_reason(self, column: str) -> str | None:
        """The reason column, or text, that explains `column`'s blanks."""
        return dict(self.blank_reasons).get(column)

    def explaining(self, reasons: tuple[tuple[str, str], ...]) -> ColumnRoles:
        """These roles with `reasons` naming what explains each column's blanks."""
        return replace(self, blank_reasons=self.blank_reasons + reasons)


# Every table of Results, on screen.
RESULT_ROLES = ColumnRoles(names=NAME_COLUMNS, yes_no=YES_NO_COLUMNS, short_headers=True)


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
    # How far to trust a serving figure: each published measurement against the Fit pane.
    "validation": (
        "validation",
        "measurement_id",
        (
            "measurement_id",
            "system_id",
            "split",
            "ratio_per_user",
            "ratio_per_chip",
            "measured_tok_s_per_user",
            "predicted_tok_s_per_user",
            "measured_tok_s_per_chip",
            "predicted_tok_s_per_chip",
            "concurrent_sequences",
            "replica_chips",
            "layout",
            "serving",
            "software",
            "source_url",
        ),
    ),
    # Measured fronts (one configuration swept over concurrency) against computed ones.
    "fronts": (
        "validation_fronts",
        "front",
        (
            "front",
            "system_id",
            "config_median_factor",
            "config_max_factor",
            "config_above_share",
            "config_median_ratio_per_chip",
            "best_median_ratio_per_chip",
            "points",
            "measured_tok_s_per_user_min",
            "measured_tok_s_per_user_max",
            "replica_chips",
            "input_tokens",
            "output_tokens",
            "serving",
            "software",
        ),
    ),
}


FIT_COLUMNS = (
    "system_id",
    "system",
    "first_ship",
    "decode_tok_s_per_seq",
    "model_fits",
    "decode_tok_s_per_chip",
    "max_params_t",
    "weights_fit",
    "kv_fits",
    "replica_chips",
    "layout",
    "max_sequences",
    "why_no_speed",
    "decode_tok_s_per_chip_at_target",
    "domains_needed",
    "kv_room_tb_per_stage",
    "max_sequences_per_stage",
    "decode_tok_s_per_domain",
    "ttft_s",
    "bound",
    "t_step_ms",
    "t_memory_ms",
    "t_compute_ms",
    "t_links_ms",
    "t_floor_ms",
    "t_expert_ms",
    "t_hop_ms",
    "ep_domains_needed",
    "ep_decode_tok_s_per_seq",
    "ep_t_scaleout_ms",
    "packages",
    "hbm_tb",
    "train_max_params_t",
    "shipped_by_year",
    "confidence",
)


COST_COLUMNS = (
    "system_id",
    "system",
    "first_ship",
    "usd_per_mtok",
    "usd_per_hour",
    "usd_per_chip_hour",
    "cost_basis",
    "why_no_cost",
    "usd_per_mtok_at_target",
    "why_not_at_target",
    "usd_per_mtok_input",
    "capital_usd_per_hour",
    "network_storage_usd_per_hour",
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
    "frontier": (
        "system_id",
        "system",
        "first_ship",
        "decode_tok_s_per_chip_at_target",
        "usd_per_mtok_at_target",
        "why_not_at_target",
        "replica_chips_at_target",
        "concurrent_sequences_at_target",
        "max_tok_s_per_seq",
        "max_tok_s_per_chip",
        "min_usd_per_mtok",
        "confidence",
    ),
}
