"""Supply: how much HBM in large scale-up domains each bloc has installed, year by year.

Installed HBM in large domains (>= 64 packages) comes from the catalog's [[volume]] rows,
summed over the years so far. It depends on the catalog only, never on the assumptions.
"""

from __future__ import annotations

import polars as pl

from core.catalog.schema import BLOCS

YEARS = tuple(range(2022, 2032))
LARGE_DOMAIN_PACKAGES = 64


def installed_hbm(systems: pl.DataFrame, volumes: pl.DataFrame) -> pl.DataFrame:
    """Cumulative HBM (PB) shipped to each bloc in large domains, per year, low/best/high."""
    large = volumes.join(systems.select("system_id", "hbm_tb", "packages"), on="system_id").filter(
        pl.col("packages") >= LARGE_DOMAIN_PACKAGES
    )
    grid = pl.DataFrame({"year": YEARS}).join(pl.DataFrame({"bloc": BLOCS}), how="cross")
    yearly = large.group_by("year", "bloc").agg(
        (pl.col(c) * pl.col("hbm_tb")).sum().alias(c) for c in ("units", "units_low", "units_high")
    )
    return (
        grid.join(yearly, on=["year", "bloc"], how="left")
        .fill_null(0)
        .with_columns(
            pl.col("bloc").replace_strict({b: i for i, b in enumerate(BLOCS)}).alias("_b")
        )
        .sort("_b", "year")
        .with_columns(
            (pl.col(c).cum_sum().over("bloc") / 1e3).alias(f"installed_hbm_pb{suffix}")
            for c, suffix in (("units", ""), ("units_low", "_low"), ("units_high", "_high"))
        )
        .sort("year", "_b")
        .select("year", "bloc", "installed_hbm_pb", "installed_hbm_pb_low", "installed_hbm_pb_high")
    )
