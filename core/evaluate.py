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
from core.errors import AssumptionError
from core.formulas.cost import cost_table
from core.formulas.fit import fit_table
from core.formulas.frontier import (
    DEFAULT_TARGET_TOK_S_PER_USER,
    FRONT_COLUMNS,
    FRONT_INPUTS,
    at_target,
    front_extremes,
    system_fronts,
)
from core.formulas.kv import models_at
from core.formulas.timeline import timeline_table
from core.formulas.workload import ModelProfile, resolve_model
from core.table import table

MAX_KEPT_FRONTS = 8  # fronts kept per catalog across edits

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
        """The Fit pane; with a target interactivity, each system's throughput there."""
        table = fit_table(self.source_catalog.systems, self.assumptions, self.model)
        return self._with_target(table, ("decode_tok_s_per_chip_at_target",))

    @cached_property
    @_quiet_numpy
    def cost(self) -> pl.DataFrame:
        """The Cost pane; with a target interactivity, each system's $/Mtok there."""
        table = cost_table(self.source_catalog.systems, self.fit, self.assumptions, self.model)
        return self._with_target(
            table,
            (
                "usd_per_mtok_at_target",
                "decode_tok_s_per_seq_at_target",
                "replica_chips_at_target",
                "concurrent_sequences_at_target",
                "why_not_at_target",
            ),
        )

    @cached_property
    def frontier(self) -> pl.DataFrame:
        """Each system's front of tokens/s per user vs per chip vs $/Mtok for the model."""
        if self.model is None:
            return pl.DataFrame(schema={name: pl.String for name in FRONT_COLUMNS})
        # Kept across edits that leave the front alone (the pipeline depth, a site, the target).
        a, memo = self.assumptions, self.source_catalog.memo
        key = ("frontier", *(getattr(a, name) for name in FRONT_INPUTS))
        found = memo.get(key)
        if found is None:
            # list(memo) copies the keys at once: the Claims worker evaluates beside the app.
            kept = [k for k in list(memo) if isinstance(k, tuple) and k[:1] == ("frontier",)]
            if len(kept) >= MAX_KEPT_FRONTS:  # the oldest goes: a 10k-system front is ~20 MB
                memo.pop(kept[0], None)
            found = memo[key] = system_fronts(self.source_catalog.systems, a, self.model)
        return found

    @cached_property
    def frontier_summary(self) -> pl.DataFrame:
        """Per system: its front read at the target interactivity (20 tok/s/user if unset)."""
        target = self.assumptions.target_tok_s_per_user or DEFAULT_TARGET_TOK_S_PER_USER
        systems = self.source_catalog.systems
        names = systems.select("system_id", "system", "first_ship", "confidence")
        if self.model is None:
            return names
        summary = at_target(self.frontier, systems, target)  # in the systems' order
        return table(
            {
                **{name: names[name] for name in names.columns},
                **{name: summary[name] for name in summary.columns[1:]},
                **front_extremes(self.frontier, systems),
            }
        )

    @cached_property
    def _target(self) -> pl.DataFrame | None:
        target = self.assumptions.target_tok_s_per_user
        if self.model is None or target <= 0:
            return None
        return at_target(self.frontier, self.source_catalog.systems, target)

    def _with_target(self, table: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
        if self._target is None:
            return table
        picked = self._target.select("system_id", *columns)
        return table.join(picked, on="system_id", how="left", maintain_order="left")

    @cached_property
    def validation(self) -> pl.DataFrame:
        """Predicted against published measured serving speeds (the realistic preset)."""
        from core.validation import validation_table

        memo = self.source_catalog.memo
        found = memo.get("validation")
        if found is None:
            found = memo["validation"] = validation_table(self.source_catalog)
        return found

    @cached_property
    def validation_fronts(self) -> pl.DataFrame:
        """Measured fronts (a configuration swept over concurrency) against computed ones."""
        from core.validation import front_table

        memo = self.source_catalog.memo
        found = memo.get("validation_fronts")
        if found is None:
            found = memo["validation_fronts"] = front_table(self.source_catalog)
        return found

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
    "frontier",
    "validation",
    "validation_fronts",
)


def _columns(frame: pl.DataFrame, names: tuple[str, ...]) -> pl.DataFrame:
    # Building from the columns skips a lazy query plan: this runs on every keystroke.
    return table({name: frame[name] for name in names})


def _check_site_system(catalog: Catalog, system_id: str) -> None:
    ids = catalog.systems["system_id"].to_list()
    if system_id not in ids:
        from core.suggest import did_you_mean

        raise AssumptionError(
            f"site_system_id: no system with id {system_id!r}{did_you_mean(system_id, ids)}; "
            "expected a catalog system id (`scaleup systems` lists them)"
        )


def evaluate(catalog: Catalog, assumptions: Assumptions) -> Results:
    """Every pane under `assumptions`; frames are computed when first read.

    The model and the site system are resolved at once, so an unknown id fails here, not later.
    """
    a = assumptions
    _check_site_system(catalog, a.site_system_id)
    model = resolve_model(models_at(catalog, a.kv_bits, a.context_tokens), a)
    return Results(assumptions=a, model=model, source_catalog=catalog)
