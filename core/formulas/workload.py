"""The model being evaluated: a catalog model or a hypothetical one, reduced to the numbers
the fit, serving and cost formulas need."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from core.assumptions import Assumptions
from core.errors import InputError
from core.formulas.kv import with_kv_columns
from core.suggest import did_you_mean


@dataclass(frozen=True)
class ModelProfile:
    """Sizes of one model in parameters and bytes under the current assumptions."""

    model_id: str
    name: str
    total_params: float
    active_params: float
    layers: int
    hidden_size: int
    attention_width: int  # query heads x head dim: the attention term of prefill FLOPs
    experts_routed: int  # 0 for a dense model
    experts_active: int
    kv_bytes_per_token: float
    kv_bytes_per_sequence: float
    hypothetical: bool

    @property
    def routed_params(self) -> float:
        """Parameters in routed experts: total - active = routed x (1 - k/E)."""
        if not self.experts_routed:
            return 0.0
        share = self.experts_active / self.experts_routed
        if share >= 1:
            return 0.0
        return min(self.total_params, (self.total_params - self.active_params) / (1 - share))

    @property
    def dense_params(self) -> float:
        """Parameters every token uses: attention, dense layers, shared experts, embeddings."""
        return self.total_params - self.routed_params


def resolve_model(models: pl.DataFrame, a: Assumptions) -> ModelProfile | None:
    """The model `a` asks for, or None when it names none."""
    if a.params_t > 0:
        total = a.params_t * 1e12
        kv_token = a.hyp_kv_bytes_per_token * a.kv_bits / 16
        return ModelProfile(
            model_id="",
            name=f"hypothetical {a.params_t:g}T",
            total_params=total,
            active_params=total * a.active_fraction,
            layers=a.hyp_layers,
            hidden_size=a.hyp_hidden_size,
            attention_width=a.hyp_hidden_size,
            experts_routed=a.hyp_experts_routed if a.active_fraction < 1 else 0,
            experts_active=min(a.hyp_experts_active, a.hyp_experts_routed),
            kv_bytes_per_token=kv_token,
            kv_bytes_per_sequence=kv_token * a.context_tokens,
            hypothetical=True,
        )
    if not a.model_id:
        return None
    ids = models["model_id"].to_list()
    if a.model_id not in ids:
        hint = did_you_mean(a.model_id, ids)
        raise InputError(
            f"--model: no model with id {a.model_id!r}{hint}; `scaleup models` lists them"
        )
    found = models[ids.index(a.model_id)]
    if "kv_gb_per_sequence" not in found.columns:
        found = with_kv_columns(found, a.kv_bits, a.context_tokens)
    row = found.row(0, named=True)
    hidden = row["hidden_size"] or a.hyp_hidden_size
    width = (row["query_heads"] or 0) * (row["head_dim"] or 0) or hidden
    return ModelProfile(
        model_id=row["model_id"],
        name=row["model"],
        total_params=row["total_params_b"] * 1e9,
        active_params=(row["active_params_b"] or row["total_params_b"] * a.active_fraction) * 1e9,
        layers=row["layers"],
        hidden_size=hidden,
        attention_width=width,
        experts_routed=row["experts_routed"] or 0,
        experts_active=row["experts_active"] or 0,
        kv_bytes_per_token=row["kv_bytes_per_token"],
        kv_bytes_per_sequence=row["kv_gb_per_sequence"] * 1e9,
        hypothetical=False,
    )
