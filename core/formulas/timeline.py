"""Who can run what, when: the best scale-up system each bloc can obtain per year.

Which systems a bloc can obtain is the access rule (`core.formulas.access`); installed HBM in
large domains comes from the catalog's supply (`core.catalog.supply`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.catalog.frames import values
from core.catalog.schema import BLOCS
from core.catalog.supply import YEARS, installed_hbm
from core.formulas.access import obtainable
from core.formulas.quantities import params_t_per_hbm_tb, weight_bytes
from core.formulas.workload import ModelProfile


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
        allowed = obtainable(systems, a, bloc, YEARS)[:, order]
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
    weights_pb = weight_bytes(model.total_params, a.bits_per_param) / 1e15
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
