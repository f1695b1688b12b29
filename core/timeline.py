"""Who can run what, when: the best scale-up system each bloc can obtain per year.

A bloc can obtain a system in `year` when the catalog's access year for that bloc is at or
before it (and any `access_<bloc>_until` is not past), and the system has shipped by then
(first-ship year, or volume year when `timeline_basis = "volume"`). Installed HBM in large
domains (>= 64 packages) comes from the catalog's [[volume]] rows, summed over the years so far.
"""

from __future__ import annotations

import polars as pl

from core.assumptions import Assumptions
from core.schema import BLOCS
from core.workload import ModelProfile

YEARS = tuple(range(2022, 2032))
LARGE_DOMAIN_PACKAGES = 64


def obtainable(systems: pl.DataFrame, a: Assumptions) -> pl.DataFrame:
    """Every (year, bloc, system) where the bloc can obtain the system that year."""
    ship = pl.col("first_ship")
    if a.timeline_basis == "volume":
        ship = pl.coalesce(pl.col("volume_year"), pl.col("first_ship") + 1)
    if a.timeline_topology == "switched":
        systems = systems.filter(pl.col("topology") == "switched")
    frames = []
    for bloc in BLOCS:
        access, until = pl.col(f"access_{bloc}"), pl.col(f"access_{bloc}_until")
        frames.append(
            systems.join(pl.DataFrame({"year": YEARS}), how="cross")
            .filter(
                access.is_not_null()
                & (access <= pl.col("year"))
                & (ship <= pl.col("year"))
                & (until.is_null() | (until >= pl.col("year")))
            )
            .with_columns(pl.lit(bloc).alias("bloc"))
        )
    return pl.concat(frames)


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
        .sort("bloc", "year")
        .with_columns(
            (pl.col(c).cum_sum().over("bloc") / 1e3).alias(f"installed_hbm_pb{suffix}")
            for c, suffix in (("units", ""), ("units_low", "_low"), ("units_high", "_high"))
        )
        .select("year", "bloc", "installed_hbm_pb", "installed_hbm_pb_low", "installed_hbm_pb_high")
    )


def timeline_table(
    systems: pl.DataFrame,
    volumes: pl.DataFrame,
    a: Assumptions,
    model: ModelProfile | None = None,
) -> pl.DataFrame:
    """Per year and bloc: the obtainable system with the most domain HBM and its capacity; with
    a model, how many copies of it the bloc's installed large-domain HBM could hold."""
    scale = a.pipeline_domains * a.weight_fraction / (a.bits_per_param / 8)
    best = (
        obtainable(systems, a)
        .sort("hbm_tb", "first_ship", descending=[True, False])
        .group_by("year", "bloc", maintain_order=True)
        .first()
        .select(
            "year",
            "bloc",
            "system_id",
            "system",
            "packages",
            "hbm_tb",
            (pl.col("hbm_tb") * scale).alias("max_params_t"),
        )
    )
    grid = pl.DataFrame({"year": YEARS}).join(pl.DataFrame({"bloc": BLOCS}), how="cross")
    order = {b: i for i, b in enumerate(BLOCS)}
    table = (
        grid.join(best, on=["year", "bloc"], how="left")
        .join(installed_hbm(systems, volumes), on=["year", "bloc"], how="left")
        .with_columns(pl.col("bloc").replace_strict(order).alias("_order"))
        .sort("year", "_order")
        .drop("_order")
    )
    if model is None:
        return table
    # Copies = installed HBM x weight share / the model's weights (every expert resident).
    weights_pb = model.total_params * a.bits_per_param / 8 / 1e15
    return table.with_columns(
        (pl.col(f"installed_hbm_pb{suffix}") * a.weight_fraction / weights_pb)
        .floor()
        .alias(f"model_copies{suffix}")
        for suffix in ("", "_low", "_high")
    )
