"""The model being evaluated: a catalog model or a hypothetical one, reduced to the numbers
the fit, serving and cost formulas need."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from core.assumptions import Assumptions
from core.errors import InputError
from core.formulas.kv import with_kv_columns
from core.suggest import did_you_mean

MLA_NOPE_HEAD_DIM = 128  # DeepSeek-V3 config: qk_nope_head_dim
MLA_V_HEAD_DIM = 128  # DeepSeek-V3 config: v_head_dim


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
    # Decode FLOPs per cached token per layer: 4 x heads x head_dim (QK and PV); absorbed MLA
    # works on the latent, 2 x heads x (2 x kv_lora_rank + rope_dim).
    attention_flops_per_cached_token: float = 0.0
    dense_layers: int = 0  # leading layers without experts
    kv_heads: int = 0  # 0: the cache is one latent that every tensor-parallel rank holds (MLA)

    @property
    def moe_layers(self) -> int:
        """Layers with routed experts (dispatch and combine run on each)."""
        return max(self.layers - self.dense_layers, 0) if self.experts_routed else 0

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
            attention_flops_per_cached_token=4.0 * a.hyp_hidden_size,
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
    heads = row["query_heads"] or 0
    if row["attention"] == "mla":
        # Prefill runs MLA unabsorbed: QK over nope 128 + rope dims, PV over a 128-dim value
        # (DeepSeek-V3 layout, taken where a row has no finer fields).
        rope = row["qk_rope_head_dim"] or 64
        width = heads * (MLA_NOPE_HEAD_DIM + rope + MLA_V_HEAD_DIM) // 2 or hidden
        per_cached = 2.0 * heads * (2 * (row["kv_lora_rank"] or 512) + rope)
        kv_heads = 0
    else:
        width = heads * (row["head_dim"] or 0) or hidden
        per_cached = 4.0 * width
        kv_heads = row["kv_heads"] or 0
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
        attention_flops_per_cached_token=per_cached or 4.0 * hidden,
        dense_layers=row["dense_layers"] or 0,
        kv_heads=kv_heads,
    )
