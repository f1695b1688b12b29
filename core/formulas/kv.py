"""KV-cache size per token and per sequence, vectorised over models.

MHA/GQA: 2 (K and V) x layers x kv_heads x head_dim x kv_bits/8.
MLA:     layers x (kv_lora_rank + qk_rope_head_dim) x kv_bits/8 (one latent, no separate V).
Sliding-window layers hold at most `sliding_window` tokens; linear-attention layers hold a
constant-size state and no per-token KV (counted as zero here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from core.catalog import Catalog


def kv_bytes_per_layer_token(kv_bits: float) -> pl.Expr:
    """Bytes one attention layer caches for one token."""
    gqa = 2 * pl.col("kv_heads") * pl.col("head_dim")
    mla = pl.col("kv_lora_rank") + pl.col("qk_rope_head_dim")
    elements = pl.when(pl.col("attention") == "mla").then(mla).otherwise(gqa)
    return elements.cast(pl.Float64) * (kv_bits / 8)


def _layer_counts() -> tuple[pl.Expr, pl.Expr]:
    sliding = pl.col("sliding_window_layers").fill_null(0)
    linear = pl.col("linear_attention_layers").fill_null(0)
    full = pl.col("layers") - sliding - linear
    return full, sliding


def kv_bytes_per_token(kv_bits: float) -> pl.Expr:
    """Bytes of KV cache one token adds while the context is within every window."""
    full, sliding = _layer_counts()
    return kv_bytes_per_layer_token(kv_bits) * (full + sliding)


def kv_bytes_per_sequence(kv_bits: float, context_tokens: int) -> pl.Expr:
    """Bytes of KV cache one sequence of `context_tokens` holds."""
    full, sliding = _layer_counts()
    window = pl.min_horizontal(
        pl.col("sliding_window").fill_null(context_tokens), pl.lit(context_tokens)
    )
    return kv_bytes_per_layer_token(kv_bits) * (full * context_tokens + sliding * window)


def with_kv_columns(models: pl.DataFrame, kv_bits: float, context_tokens: int) -> pl.DataFrame:
    """The models frame with `kv_bytes_per_token` and `kv_gb_per_sequence` at these settings."""
    return models.with_columns(
        kv_bytes_per_token(kv_bits).alias("kv_bytes_per_token"),
        (kv_bytes_per_sequence(kv_bits, context_tokens) / 1e9).alias("kv_gb_per_sequence"),
    )


def models_at(catalog: Catalog, kv_bits: float, context_tokens: int) -> pl.DataFrame:
    """The catalog's models with KV sizes at these settings, memoised on the catalog: edits
    to other assumptions do not recompute it."""
    key = ("models_at", kv_bits, context_tokens)
    memo = catalog.memo
    found = memo.get(key)
    if found is None:  # read once: the Claims worker thread may clear the memo meanwhile
        if len(memo) > 64:
            memo.clear()
        found = memo[key] = with_kv_columns(catalog.models, kv_bits, context_tokens)
    return found
