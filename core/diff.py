"""What changes in a table between two evaluations: the rows and columns that differ."""

from __future__ import annotations

import polars as pl

KEY_COLUMNS = ("system_id", "model_id", "claim_id", "accelerator_id", "volume_id", "source_id")


def key_columns(frame: pl.DataFrame) -> list[str]:
    """The columns that identify a row: an id column, or year and bloc for the timeline."""
    if {"year", "bloc"} <= set(frame.columns):
        return ["year", "bloc"]
    return [next((c for c in KEY_COLUMNS if c in frame.columns), frame.columns[0])]


def diff_frames(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """One row per changed row, with `<column>_before` / `<column>_after` for changed columns."""
    keys = key_columns(after)
    shared = [c for c in after.columns if c in before.columns and c not in keys]
    joined = before.select(*keys, *shared).join(
        after.select(*keys, *shared), on=keys, how="full", suffix="_after", coalesce=True
    )
    changed = [
        c
        for c in shared
        if joined.select((pl.col(c).ne_missing(pl.col(f"{c}_after"))).any()).item()
    ]
    if not changed:
        return pl.DataFrame(schema={k: after.schema[k] for k in keys})
    any_change = pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_after")) for c in changed)
    return joined.filter(any_change).select(
        *keys, *[e for c in changed for e in (pl.col(c).alias(f"{c}_before"), f"{c}_after")]
    )
