"""Why a cell is blank, said in the cell: short reasons, and which column explains which.

Core says why where it knows (`why_not` on Cost; `why_no_speed`, `why_no_cost` as they come);
where a frame has no reason column yet, one is read off the blanks themselves (a missing price,
a missing power figure), so every blank on screen says something. A column core provides is
never replaced.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from tui.present.columns import ColumnRoles

REASON_WIDTH = 14  # a reason in a cell: a few words, the full text in the detail view
LEGEND = "dim text in a cell: why it is blank (enter: the full reason)"

_SHORTER = (
    (re.compile(r"^needs (\d+) domains?"), r"needs \1 dom."),
    (re.compile(r"^no price or power.*"), "no price, kW"),
    (re.compile(r"^no price.*"), "no price"),
    (re.compile(r"^no power.*"), "no power kW"),
    (re.compile(r"^rent only.*"), "rent only"),
)


def short_reason(text: str) -> str:
    """A reason in a few words: its first clause, shortened, at most REASON_WIDTH cells."""
    first = re.split(r" \(|;|, raise", text.strip(), maxsplit=1)[0].strip()
    for pattern, replacement in _SHORTER:
        if pattern.match(first):
            first = pattern.sub(replacement, first)
            break
    if len(first) > REASON_WIDTH:
        first = first[: REASON_WIDTH - 1] + "…"
    return first


def _reason(conditions: list[tuple[pl.Expr, str]]) -> pl.Expr:
    """The text of the first condition that holds, else empty."""
    expr = pl.lit("")
    for condition, text in reversed(conditions):
        expr = pl.when(condition).then(pl.lit(text)).otherwise(expr)
    return expr


def _missing(frame: pl.DataFrame, column: str) -> pl.Expr:
    if column not in frame.columns:
        return pl.lit(False)
    expr = pl.col(column).is_null()
    if frame.schema[column].is_float():
        expr = expr | pl.col(column).is_nan()
    return expr


def with_fit_reasons(frame: pl.DataFrame) -> pl.DataFrame:
    """Fit with `why_no_speed` (unless core gives it) and `why_no_ep` for blank figures."""
    added = []
    if "why_no_speed" not in frame.columns and "t_compute_ms" in frame.columns:
        added.append(
            _reason([(_missing(frame, "t_compute_ms"), "no FLOPs data")]).alias("why_no_speed")
        )
    if "ep_domains_needed" in frame.columns:
        added.append(
            _reason(
                [
                    (_missing(frame, "ep_domains_needed"), "dense too big"),
                    (_missing(frame, "ep_t_scaleout_ms"), "no NIC data"),
                ]
            ).alias("why_no_ep")
        )
    return frame.with_columns(added) if added else frame


def with_cost_reasons(frame: pl.DataFrame) -> pl.DataFrame:
    """Cost with `why_no_cost` (unless core gives it): what the catalog lacks for a figure;
    and `why_blank` for the rest of a row: a rented system has no owning-cost drivers."""
    if "why_no_cost" in frame.columns and "cost_basis" in frame.columns:
        return frame.with_columns(
            pl.when(pl.col("cost_basis") == "rent")
            .then(pl.lit("no price (rent basis)"))
            .otherwise(pl.col("why_no_cost"))
            .alias("why_blank")
        )
    if "why_no_cost" in frame.columns or "price_usd" not in frame.columns:
        return frame
    price, power = _missing(frame, "price_usd"), _missing(frame, "power_kw")
    return frame.with_columns(
        _reason(
            [
                (price & power, "no price or power"),
                (price, "no price"),
                (power, "no power"),
            ]
        ).alias("why_no_cost")
    )


FIT_REASONS = (
    ("t_compute_ms", "why_no_speed"),
    ("ttft_s", "why_no_speed"),
    ("decode_tok_s_per_seq", "why_no_speed"),
    ("decode_tok_s_per_chip", "why_no_speed"),
    ("decode_tok_s_per_domain", "why_no_speed"),
    ("t_step_ms", "why_no_speed"),
    ("t_floor_ms", "why_no_speed"),
    ("ep_domains_needed", "why_no_ep"),
    ("ep_t_scaleout_ms", "why_no_ep"),
    ("ep_decode_tok_s_per_seq", "why_no_ep"),
    ("*", "why_no_speed"),
)

COST_REASONS = (
    ("usd_per_mtok", "why_not"),
    ("usd_per_mtok_input", "why_not"),
    ("usd_per_mtok_at_target", "why_not_at_target"),
    ("rent_usd_per_hour", "no rent price"),
    ("capital_usd_per_hour", "no price (rent basis)"),
    ("network_storage_usd_per_hour", "no price (rent basis)"),
    ("facility_usd_per_hour", "no power figure"),
    ("power_usd_per_hour", "no power figure"),
    ("opex_usd_per_hour", "no price (rent basis)"),
    ("price_usd", "no price in catalog"),
    ("power_kw", "no power in catalog"),
    ("rent_usd_per_chip_hour", "no rent price"),
    ("*", "why_blank"),
)


def reason_source(
    roles: ColumnRoles, frame: pl.DataFrame, column: str
) -> list[object] | str | None:
    """What explains `column`'s blanks in this table: a reason column's values, a fixed text
    (a reason with a space in it), or nothing."""
    source = roles.blank_reason(column) or roles.blank_reason("*")
    if source is None or column == source:
        return None
    if source in frame.columns:
        return frame[source].to_list()
    return source if " " in source else None


def blank_reason(source: list[object] | str | None, value: object, row: int) -> str:
    """Why a cell holding `value` is blank, in a few words ("" when it is not blank)."""
    if source is None or (value is not None and not (isinstance(value, float) and value != value)):
        return ""
    text = source if isinstance(source, str) else source[row]
    return short_reason(str(text)) if text else ""


def explains_blanks(frame: pl.DataFrame, columns: list[str], sources: list[object]) -> bool:
    """Whether some column with a reason source has a blank (null or NaN) cell."""
    return any(
        (frame[c].fill_nan(None) if frame[c].dtype.is_float() else frame[c]).null_count()
        for c, source in zip(columns, sources, strict=True)
        if source is not None
    )
