"""One decode step on one chip of a replica, vectorised: the step model of
`core.formulas.serving`.

  t_step = max(weight bytes / BW, GEMM FLOPs / FLOP/s)      weights: dense / tp + touched experts
         + max(KV bytes / BW, attention FLOPs / FLOP/s)      the batch's cache at its mean length
         + tensor-parallel all-reduce and expert all-to-all bytes over the links they cross
         + layers x per-layer floor (+ a dispatch + combine per MoE layer under expert parallel)
         + draft steps when speculating
         + sequences per attention group x `sequence_us` (the engine's per-request work)

BW and FLOP/s are one chip's peak x `hbm_bw_efficiency` / `mfu`; the floors are
`core.formulas.latency`'s.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.formulas.latency import expert_exchange_us, per_layer_us
from core.formulas.layout import Layout
from core.formulas.quantities import (
    ACTIVATION_BYTES,
    dense_flops,
    expert_fraction,
    weight_bytes,
)
from core.formulas.workload import ModelProfile
from core.table import values

DISPATCH_BYTES = 1  # FP8 activations to the experts (DeepEP, TensorRT-LLM)
COMBINE_BYTES = 2  # BF16 results back
# A draft step (one MTP layer, its sampling and launch) costs about six layers' floor:
# TensorRT-LLM on 8x B200 goes from 9.0 to 9.7 ms per step with one MTP layer (batch 1).
DRAFT_STEP_LAYERS = 6.0


def fill_nan(values: np.ndarray, fill: float) -> np.ndarray:
    """`values` with NaN replaced by `fill` (np.nan_to_num is several times slower)."""
    return np.where(values == values, values, fill)


class Chips:
    """Per-chip figures of every system under the assumptions."""

    def __init__(self, systems: pl.DataFrame, a: Assumptions) -> None:
        self.packages = values(systems, "packages")
        self.hbm = values(systems, "hbm_tb") * 1e12 / self.packages
        self.bandwidth = values(systems, "hbm_tbps") * 1e12 / self.packages * a.hbm_bw_efficiency
        self.flops = dense_flops(systems, a.bits_per_param) / self.packages * a.mfu
        self.scaleup = values(systems, "scaleup_gbps_bidir_per_package") * 1e9 / 2
        self.scaleout = values(systems, "scaleout_gbps_per_package") * 1e9
        override = a.layer_latency_us if a.layer_latency_us > 0 else None
        self.layer_us = (
            np.full_like(self.hbm, override) if override else values(systems, "layer_us")
        )
        dense_us = values(systems, "dense_layer_us")
        self.dense_layer_us = np.full_like(self.hbm, override) if override else dense_us
        self.ep_domain_us = values(systems, "ep_domain_us")
        self.ep_scaleout_us = values(systems, "ep_scaleout_us")
        self.hop_us = fill_nan(values(systems, "collective_hop_us"), 0.0)
        self.concurrency = np.full_like(self.hbm, float(a.concurrent_sequences))

    def take(self, rows: np.ndarray) -> Chips:
        """The figures of `rows` (system indices, repeats allowed): a sweep's systems without
        gathering the whole frame."""
        taken = object.__new__(Chips)
        taken.__dict__ = {name: array[rows] for name, array in self.__dict__.items()}
        return taken


def decode_step(
    model: ModelProfile,
    a: Assumptions,
    chips: Chips,
    lay: Layout,
    batch: np.ndarray,
    layer_share: np.ndarray | float,
    in_domain: np.ndarray,
) -> dict[str, np.ndarray]:
    """Time of one decode step of `batch` sequences on one chip of the replica (seconds)."""
    drafts = float(np.ceil(a.speculative_tokens)) if a.speculative_tokens > 0 else 0.0
    tokens = batch * (1.0 + drafts)  # every sequence verifies its drafts in the same step
    touched = expert_fraction(model.experts_active, model.experts_routed, tokens)
    dense = weight_bytes(model.dense_params, a.bits_per_param)
    routed = weight_bytes(model.routed_params, a.bits_per_param)
    gemm_bytes = layer_share * (dense / lay.tensor_parallel + routed / lay.chips * touched)
    gemm_flops = layer_share * 2 * model.active_params * tokens / lay.chips
    t_gemm = np.fmax(gemm_bytes / chips.bandwidth, gemm_flops / chips.flops)

    prompt = max(a.context_tokens - a.output_tokens, 1)
    mean_context = min(prompt + a.output_tokens / 2, a.context_tokens)
    kv_mean = model.kv_bytes_per_sequence * mean_context / a.context_tokens
    kv_bytes = layer_share * batch / lay.data_parallel * kv_mean * lay.kv_share
    attention_flops = (
        layer_share
        * tokens
        * mean_context
        * model.layers
        * model.attention_flops_per_cached_token
        / lay.chips
    )
    t_attention = np.fmax(kv_bytes / chips.bandwidth, attention_flops / chips.flops)

    link = np.where(in_domain, chips.scaleup, chips.scaleout)
    tp = lay.tensor_parallel
    group_tokens = tokens / lay.data_parallel
    all_reduce = 2 * model.layers * 2 * (tp - 1) / tp * group_tokens * model.hidden_size
    across = tp > chips.packages  # a tensor-parallel group wider than the domain
    tp_link = np.where(across, chips.scaleout, chips.scaleup)
    t_all_reduce = layer_share * all_reduce * ACTIVATION_BYTES / tp_link
    exchanged = (
        model.moe_layers
        * tokens
        / lay.chips
        * model.experts_active
        * model.hidden_size
        * (DISPATCH_BYTES + COMBINE_BYTES)
        * (lay.chips - 1)
        / lay.chips
    )
    t_exchange = np.where(lay.expert_parallel, layer_share * exchanged / link, 0.0)
    # A system with no link figure pays no bandwidth term rather than hiding its speed.
    t_links = fill_nan(t_all_reduce, 0.0) + fill_nan(t_exchange, 0.0)

    moe_floor = per_layer_us(chips.layer_us, tp, chips.hop_us)
    dense_floor = per_layer_us(chips.dense_layer_us, tp, chips.hop_us)
    floor_us = model.moe_layers * moe_floor + (model.layers - model.moe_layers) * dense_floor
    # Epoch's NCCL term: 5 µs per doubling of nodes, twice per layer, for TP across domains.
    nodes = np.maximum(tp / chips.packages, 1.0)
    floor_us = floor_us + np.where(across, model.layers * 2 * 5.0 * np.log2(nodes), 0.0)
    exchange_us = expert_exchange_us(
        lay.chips, in_domain, chips.ep_domain_us, chips.ep_scaleout_us, chips.hop_us
    )
    exchange_us = np.where(lay.expert_parallel, model.moe_layers * exchange_us, 0.0)
    draft_us = drafts * DRAFT_STEP_LAYERS * (moe_floor if model.moe_layers else dense_floor)
    # Per-request work each step, on every attention group for the sequences it holds; it is
    # what large batches pay beyond bandwidth and FLOPs (fitted on batches above 16).
    sequence_us = batch / lay.data_parallel * a.sequence_us
    t_layers = (layer_share * floor_us + draft_us + sequence_us) * 1e-6
    t_exchange_floor = layer_share * exchange_us * 1e-6
    t_work = t_gemm + t_attention + t_layers
    t_talk = t_links + t_exchange_floor
    # Expert parallel across domains runs two micro-batches so that one's dispatch and combine
    # over the scale-out network overlap the other's compute (DeepSeek's dual micro-batch
    # overlap on EP144 H800, SGLang's two-batch overlap); inside a domain they add up.
    overlapped = lay.expert_parallel & ~in_domain
    return {
        "touched": touched,
        "t_memory": (gemm_bytes + kv_bytes) / chips.bandwidth,
        "t_compute": (gemm_flops + attention_flops) / chips.flops,
        "t_links": t_links,
        "t_floor": t_layers + t_exchange_floor,
        "t_step": np.where(overlapped, np.fmax(t_work, t_talk), t_work + t_talk),
    }
