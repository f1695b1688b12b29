"""`evaluate(catalog, assumptions) -> Results`: the one place every figure is computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from core.assumptions import Assumptions
from core.catalog import Catalog
from core.cost import cost_table
from core.fit import fit_table
from core.timeline import timeline_table
from core.workload import ModelProfile, resolve_model

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


@dataclass(frozen=True)
class Results:
    """One polars frame per pane and per catalog table, all under the same assumptions.

    `claims` is computed on first use: solving what each claim needs re-evaluates it many
    times, which the other panes should not wait for.
    """

    assumptions: Assumptions
    model: ModelProfile | None
    catalog: pl.DataFrame
    accelerators: pl.DataFrame
    models: pl.DataFrame
    volumes: pl.DataFrame
    sources: pl.DataFrame
    fit: pl.DataFrame
    cost: pl.DataFrame
    timeline: pl.DataFrame
    source_catalog: Catalog = field(repr=False, compare=False)

    @cached_property
    def claims(self) -> pl.DataFrame:
        """The seed's claims checked under these assumptions."""
        from core.claims import claims_table

        return claims_table(self.source_catalog, self)

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
    """Recompute every pane from the catalog and the assumptions."""
    a = assumptions
    models_here = catalog.models_at(a.kv_bits, a.context_tokens)
    model = resolve_model(models_here, a)
    systems = catalog.systems
    fit = fit_table(systems, a, model)
    cost = cost_table(systems, fit, a, model)
    timeline = timeline_table(systems, catalog.volumes, a, model, catalog.installed_hbm)
    models = _columns(models_here, MODEL_COLUMNS)
    return Results(
        assumptions=a,
        model=model,
        catalog=_columns(systems, SYSTEM_COLUMNS),
        accelerators=catalog.accelerators,
        models=models,
        volumes=catalog.volumes,
        sources=catalog.sources,
        fit=fit,
        cost=cost,
        timeline=timeline,
        source_catalog=catalog,
    )
