"""The Fit pane: the largest model each system holds, and with a model how it is served.

Capacity: max_params = pipeline_domains x domain HBM x weight_fraction / (bits/8).
Serving follows `serving_layout`: the deployment model (`core.formulas.serving`) or the seed's
whole-domain arithmetic (`core.formulas.serving_seed`).
"""

from __future__ import annotations

import polars as pl

from core.assumptions import Assumptions
from core.formulas.quantities import params_t_per_hbm_tb
from core.formulas.serving import deployment_serving
from core.formulas.serving_seed import seed_serving
from core.formulas.workload import ModelProfile
from core.table import table, values


def serving(systems: pl.DataFrame, a: Assumptions, model: ModelProfile) -> pl.DataFrame:
    """How `model` is held and decoded on each system under the chosen serving layout."""
    if a.serving_layout == "whole-domain":
        return seed_serving(systems, a, model)
    return deployment_serving(systems, a, model)


def capacity(systems: pl.DataFrame, a: Assumptions) -> pl.DataFrame:
    """Largest model (total parameters) each system holds under `a`."""
    scale = params_t_per_hbm_tb(a)
    return table(
        {
            **{c: systems[c] for c in ("system_id", "system", "vendor", "family", "packages")},
            "hbm_tb": systems["hbm_tb"],
            "max_params_t": values(systems, "hbm_tb") * scale,
            "max_params_t_low": values(systems, "hbm_tb_low") * scale,
            "max_params_t_high": values(systems, "hbm_tb_high") * scale,
            # Training holds weights, gradients and optimizer state, sharded over the domain.
            "train_max_params_t": values(systems, "hbm_tb")
            * a.pipeline_domains
            / a.train_bytes_per_param,
            "first_ship": systems["first_ship"],
            "shipped_by_year": values(systems, "first_ship") <= a.year,
            "confidence": systems["confidence"],
        }
    )


def fit_table(systems: pl.DataFrame, a: Assumptions, model: ModelProfile | None) -> pl.DataFrame:
    """The Fit pane: capacity for every system, plus serving figures when a model is chosen."""
    table = capacity(systems, a)
    if model is None:
        return table
    return table.hstack(serving(systems, a, model))  # same systems, same order
