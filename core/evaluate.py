"""`evaluate(catalog, assumptions) -> Results`: the one place every figure is computed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.catalog import Catalog
from core.formulas.cost import cost_table
from core.formulas.fit import fit_table
from core.formulas.kv import models_at
from core.formulas.timeline import timeline_table
from core.formulas.workload import ModelProfile, resolve_model

SYSTEM_COLUMNS = (
    "system_id",
    "system",
    "vendor",
    "family",
    "accelerator",
    "packages",
    "hbm_tb",
    "hbm_tbps",
    "bf16_pflops",
    "fp8_pflops",
    "fp4_pflops",
    "power_kw",
    "price_usd",
    "first_ship",
    "volume_year",
    "topology",
    "access_us",
    "access_china",
    "access_rest",
    "confidence",
)
MODEL_COLUMNS = (
    "model_id",
    "model",
    "developer",
    "total_params_b",
    "active_params_b",
    "layers",
    "attention",
    "kv_bytes_per_token",
    "kv_gb_per_sequence",
    "native_bits",
    "release",
    "open_weights",
    "confidence",
)


def _quiet_numpy(compute: Callable[..., pl.DataFrame]) -> Callable[..., pl.DataFrame]:
    """A division by zero in valid input (a site too small to fund a year) gives inf or NaN,
    which the tables show as such; numpy's RuntimeWarning with a source path is not output."""

    @functools.wraps(compute)
    def quiet(*args: object) -> pl.DataFrame:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return compute(*args)

    return quiet


@dataclass(frozen=True)
class Results:
    """One polars frame per pane and per catalog table, all under the same assumptions.

    Each frame is computed the first time it is asked for, then kept: a command prints one
    table, the app shows one pane at a time, and solving what each claim needs re-evaluates
    it many times, which the other panes should not wait for.
    """

    assumptions: Assumptions
    model: ModelProfile | None
    source_catalog: Catalog = field(repr=False, compare=False)

    @cached_property
    def _models_here(self) -> pl.DataFrame:
        a = self.assumptions
        return models_at(self.source_catalog, a.kv_bits, a.context_tokens)

    @cached_property
    def catalog(self) -> pl.DataFrame:
        """The systems table: domain totals and access years."""
        return _columns(self.source_catalog.systems, SYSTEM_COLUMNS)

    @property
    def accelerators(self) -> pl.DataFrame:
        """Accelerator packages with per-package figures."""
        return self.source_catalog.accelerators

    @cached_property
    def models(self) -> pl.DataFrame:
        """Models with KV bytes per token at the current kv_bits."""
        return _columns(self._models_here, MODEL_COLUMNS)

    @property
    def volumes(self) -> pl.DataFrame:
        """Units shipped or planned per system, year and bloc."""
        return self.source_catalog.volumes

    @property
    def sources(self) -> pl.DataFrame:
        """Every source the catalog cites."""
        return self.source_catalog.sources

    @cached_property
    @_quiet_numpy
    def fit(self) -> pl.DataFrame:
        """The Fit pane."""
        return fit_table(self.source_catalog.systems, self.assumptions, self.model)

    @cached_property
    @_quiet_numpy
    def cost(self) -> pl.DataFrame:
        """The Cost pane."""
        return cost_table(self.source_catalog.systems, self.fit, self.assumptions, self.model)

    @cached_property
    @_quiet_numpy
    def timeline(self) -> pl.DataFrame:
        """The Timeline pane."""
        catalog = self.source_catalog
        return timeline_table(
            catalog.systems,
            catalog.volumes,
            self.assumptions,
            self.model,
            catalog.installed_hbm,
        )

    @cached_property
    @_quiet_numpy
    def claims(self) -> pl.DataFrame:
        """The seed's claims checked under these assumptions."""
        from core.claims import claims_table

        return claims_table(self.source_catalog, self.assumptions)

    def table(self, name: str) -> pl.DataFrame:
        """A table by its command-line name."""
        aliases = {"systems": "catalog", "catalog": "catalog"}
        return getattr(self, aliases.get(name, name))


TABLE_NAMES = (
    "systems",
    "accelerators",
    "models",
    "volumes",
    "sources",
    "fit",
    "cost",
    "timeline",
    "claims",
)


def _columns(frame: pl.DataFrame, names: tuple[str, ...]) -> pl.DataFrame:
    # Building from the columns skips a lazy query plan: this runs on every keystroke.
    return pl.DataFrame({name: frame[name] for name in names})


def evaluate(catalog: Catalog, assumptions: Assumptions) -> Results:
    """Every pane under `assumptions`; frames are computed when first read.

    The model is resolved at once, so an unknown model id fails here, not later.
    """
    a = assumptions
    model = resolve_model(models_at(catalog, a.kv_bits, a.context_tokens), a)
    return Results(assumptions=a, model=model, source_catalog=catalog)
