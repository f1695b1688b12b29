"""Quantities every pane shares, each written once: bytes of weights, FLOPs of a decode step
and of a prefill, bytes of the expert all-to-all, domain FLOP/s at a precision, and how many
parameters a terabyte of HBM holds.

- weights:        params x bits_per_param / 8 (every expert resident)
- decode FLOPs:   2 x active x batch + layers x attention FLOPs per cached token x batch x context
- prefill FLOPs:  2 x active x prompt + 2 x layers x attention width x prompt^2 (causal)
- all-to-all:     2 (dispatch + combine) x tokens x k x hidden x 2 B x layers
- capacity:       domains x weight_fraction / (bits_per_param / 8) T params per TB
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from core.table import values

if TYPE_CHECKING:
    from core.assumptions import Assumptions
    from core.formulas.workload import ModelProfile

ACTIVATION_BYTES = 2  # BF16 activations cross links between stages and experts


def weight_bytes(params: float, bits_per_param: float) -> float:
    """Bytes of `params` weights stored at `bits_per_param`."""
    return params * bits_per_param / 8


def params_t_per_hbm_tb(a: Assumptions, domains: int | None = None) -> float:
    """Trillions of parameters one TB of domain HBM holds: the capacity formula, once.

    max_params = domains x HBM x weight_fraction / (bits_per_param / 8); `domains` defaults
    to the pipeline_domains assumption.
    """
    domains = a.pipeline_domains if domains is None else domains
    return domains * a.weight_fraction / (a.bits_per_param / 8)


def expert_fraction(experts_active: int, experts_routed: int, tokens: float) -> float:
    """Expected share of routed experts a step of `tokens` tokens touches (uniform routing)."""
    if not experts_routed:
        return 1.0
    return 1.0 - (1.0 - experts_active / experts_routed) ** tokens


def decode_flops(model: ModelProfile, batch: float, context_tokens: float) -> float:
    """FLOPs of one decode step of `batch` sequences, each attending to `context_tokens`."""
    return (
        2 * model.active_params * batch
        + model.layers * model.attention_flops_per_cached_token * batch * context_tokens
    )


def prefill_flops_per_token(model: ModelProfile, prompt_tokens: float) -> float:
    """Mean FLOPs per prompt token of a causal prefill of `prompt_tokens`."""
    return 2 * model.active_params + 2 * model.layers * model.attention_width * prompt_tokens


def prefill_flops(model: ModelProfile, prompt_tokens: float) -> float:
    """FLOPs of a causal prefill of `prompt_tokens`."""
    return (
        2 * model.active_params * prompt_tokens
        + 2 * model.layers * model.attention_width * prompt_tokens**2
    )


def expert_all_to_all_bytes(model: ModelProfile, tokens: float) -> float:
    """Bytes one step's expert dispatch + combine moves for `tokens` tokens over all layers."""
    return 2 * tokens * model.experts_active * model.hidden_size * ACTIVATION_BYTES * model.layers


def dense_flops(systems: pl.DataFrame, bits_per_param: float) -> np.ndarray:
    """Domain dense FLOP/s at the weights' precision, falling back to the next wider format."""
    bf16 = values(systems, "bf16_pflops") * 1e15
    fp8 = np.where(
        np.isnan(values(systems, "fp8_pflops")), bf16, values(systems, "fp8_pflops") * 1e15
    )
    fp4 = np.where(
        np.isnan(values(systems, "fp4_pflops")), fp8, values(systems, "fp4_pflops") * 1e15
    )
    if bits_per_param <= 4.5:
        return fp4
    if bits_per_param <= 8.5:
        return fp8
    return bf16
