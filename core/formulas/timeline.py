"""Who can run what, when: the best scale-up system each bloc can obtain per year.

Which systems a bloc can obtain is the access rule (`core.formulas.access`); installed HBM in
large domains comes from the catalog's supply (`core.catalog.supply`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.catalog.schema import BLOCS
from core.catalog.supply import YEARS, installed_hbm
from core.formulas.access import obtainable
from core.formulas.quantities import params_t_per_hbm_tb, weight_bytes
from core.formulas.workload import ModelProfile
from core.table import derived, table, values


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
    installed_frame = installed if installed is not None else installed_hbm(systems, volumes)
    picked, hbm_taken = derived(
        systems,
        ("timeline picks", a.timeline_basis, a.timeline_topology),
        lambda: _best_per_year_and_bloc(systems, a),
    )
    columns = {
        "year": np.repeat(np.array(YEARS, dtype=np.int64), len(BLOCS)),
        "bloc": list(BLOCS) * len(YEARS),
        **picked,
        "hbm_tb": hbm_taken,
        "max_params_t": hbm_taken * scale,
        **{c: installed_frame[c] for c in installed_frame.columns[2:]},
    }
    if model is not None:
        # Copies = installed HBM x weight share / the model's weights (every expert resident).
        weights_pb = weight_bytes(model.total_params, a.bits_per_param) / 1e15
        for suffix in ("", "_low", "_high"):
            installed_pb = values(installed_frame, f"installed_hbm_pb{suffix}")
            columns[f"model_copies{suffix}"] = np.floor(
                installed_pb * a.weight_fraction / weights_pb
            )
    return table(columns)


def _best_per_year_and_bloc(
    systems: pl.DataFrame, a: Assumptions
) -> tuple[dict[str, pl.Series], np.ndarray]:
    """Per (year, bloc), year-major: the obtainable system with the most domain HBM (its id,
    name and packages, null where a bloc can obtain none) and that HBM. Depends on the catalog
    and the access settings only, so edits to other assumptions reuse it."""
    hbm = values(systems, "hbm_tb")
    # Systems by HBM (largest first), earliest ship first among equals: the first obtainable
    # system in this order is the bloc's best that year.
    order = np.lexsort((values(systems, "first_ship"), -hbm))
    pick = np.empty((len(YEARS), len(BLOCS)), dtype=np.int64)
    for column, bloc in enumerate(BLOCS):
        allowed = obtainable(systems, a, bloc, YEARS)[:, order]
        pick[:, column] = np.where(allowed.any(axis=1), order[allowed.argmax(axis=1)], -1)
    flat = pick.ravel()  # 30 cells, not one per system
    found = flat >= 0
    rows = pl.Series(np.where(found, flat, 0)).set(pl.Series(~found), None)
    picked = {c: systems[c].gather(rows) for c in ("system_id", "system", "packages")}
    picked["packages"] = picked["packages"].cast(pl.Int64)
    hbm_taken = np.where(found, hbm[flat], np.nan)
    hbm_taken.flags.writeable = False  # shared by every later call
    return picked, hbm_taken
