"""Who can run what, when: the best scale-up system each bloc can obtain per year.

A bloc can obtain a system in `year` when the catalog's access year for that bloc is at or
before it (and any `access_<bloc>_until` is not past), and the system has shipped by then
(first-ship year, or volume year when `timeline_basis = "volume"`). Installed HBM in large
domains (>= 64 packages) comes from the catalog's [[volume]] rows, summed over the years so far.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.fit import params_t_per_hbm_tb
from core.frames import values
from core.schema import BLOCS
from core.workload import ModelProfile

YEARS = tuple(range(2022, 2032))
LARGE_DOMAIN_PACKAGES = 64


def obtainable(systems: pl.DataFrame, a: Assumptions, bloc: str) -> np.ndarray:
    """Boolean matrix [year, system]: can `bloc` obtain the system in that year."""
    years = np.array(YEARS, dtype=np.float64)[:, None]
    ship = values(systems, "first_ship")
    if a.timeline_basis == "volume":
        volume = values(systems, "volume_year")
        ship = np.where(np.isnan(volume), ship + 1, volume)
    access = values(systems, f"access_{bloc}")  # NaN: never
    until = np.nan_to_num(values(systems, f"access_{bloc}_until"), nan=np.inf)
    allowed = (access <= years) & (ship <= years) & (until >= years)
    if a.timeline_topology == "switched":
        allowed &= (systems["topology"] == "switched").to_numpy()
    return allowed


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


def timeline_table(
    systems: pl.DataFrame,
    volumes: pl.DataFrame,
    a: Assumptions,
    model: ModelProfile | None = None,
    installed: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per year and bloc: the obtainable system with the most domain HBM and its capacity; with
    a model, how many copies of it the bloc's installed large-domain HBM could hold.

    `installed` (from `installed_hbm`) depends on the catalog only; pass it to skip recomputing.
    """
    scale = params_t_per_hbm_tb(a)
    hbm = values(systems, "hbm_tb")
    # Systems by HBM (largest first), earliest ship first among equals: the first obtainable
    # system in this order is the bloc's best that year.
    order = np.lexsort((values(systems, "first_ship"), -hbm))
    pick = np.empty((len(YEARS), len(BLOCS)), dtype=np.int64)
    for column, bloc in enumerate(BLOCS):
        allowed = obtainable(systems, a, bloc)[:, order]
        pick[:, column] = np.where(allowed.any(axis=1), order[allowed.argmax(axis=1)], -1)
    flat = pick.ravel()  # year-major, blocs in BLOCS order: 30 cells, not one per system
    found = flat >= 0

    def take(column: str) -> list:
        cells = systems[column].to_list()
        return [cells[i] if i >= 0 else None for i in flat]

    hbm_taken = np.where(found, hbm[flat], np.nan)
    table = pl.DataFrame(
        {
            "year": np.repeat(np.array(YEARS), len(BLOCS)),
            "bloc": list(BLOCS) * len(YEARS),
            "system_id": take("system_id"),
            "system": take("system"),
            "packages": pl.Series(take("packages"), dtype=pl.Int64),
            "hbm_tb": pl.Series(values=hbm_taken, nan_to_null=True),
            "max_params_t": pl.Series(values=hbm_taken * scale, nan_to_null=True),
        },
        schema_overrides={"system_id": pl.String, "system": pl.String},
    )
    installed = installed if installed is not None else installed_hbm(systems, volumes)
    table = table.hstack([installed[c] for c in installed.columns[2:]])
    if model is None:
        return table
    # Copies = installed HBM x weight share / the model's weights (every expert resident).
    weights_pb = model.total_params * a.bits_per_param / 8 / 1e15
    return table.hstack(
        [
            pl.Series(
                f"model_copies{suffix}",
                np.floor(
                    values(installed, f"installed_hbm_pb{suffix}") * a.weight_fraction / weights_pb
                ),
            )
            for suffix in ("", "_low", "_high")
        ]
    )
