"""Decode speed as deployments get it (`serving_layout = "deployment"`), vectorised over systems.

The model replica is the unit of serving: R chips hold one copy of the weights (sharded as in
`core.formulas.layout`) and decode `concurrent_sequences` together. One decode step on a chip:

  t_step = max(weight bytes / BW, GEMM FLOPs / FLOP/s)      weights: dense / tp + touched experts
         + max(KV bytes / BW, attention FLOPs / FLOP/s)      the batch's cache at its mean length
         + tensor-parallel all-reduce and expert all-to-all bytes over the links they cross
         + layers x per-layer floor (+ a dispatch + combine per MoE layer under expert parallel)
         + draft steps when speculating

BW and FLOP/s are one chip's peak x `hbm_bw_efficiency` / `mfu`. A sequence gains 1 +
`speculative_tokens` tokens per step. A replica larger than a domain either spans domains with
expert parallelism over the scale-out network or chains whole domains as pipeline stages
(each holding 1/S of the layers, a hop between stages); each system gets the faster.

Aggregated serving shares the replica with prefill of new prompts (prompt = context_tokens -
output_tokens): a sequence's decode rate falls by the prefill time its replica spends per
token generated. Disaggregated serving decodes only; per-chip figures count decode chips and
`prefill_chips_per_decode_chip` says how many prefill chips feed them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.formulas.latency import expert_exchange_us, per_layer_us
from core.formulas.layout import (
    Layout,
    candidate_chips,
    layout,
    shard,
    tensor_parallel,
    useful_chips,
)
from core.formulas.quantities import (
    ACTIVATION_BYTES,
    dense_flops,
    expert_fraction,
    prefill_flops,
    weight_bytes,
)
from core.formulas.workload import ModelProfile
from core.table import integers, table, values

DISPATCH_BYTES = 1  # FP8 activations to the experts (DeepEP, TensorRT-LLM)
COMBINE_BYTES = 2  # BF16 results back
# A draft step (one MTP layer, its sampling and launch) costs about six layers' floor:
# TensorRT-LLM on 8x B200 goes from 9.0 to 9.7 ms per step with one MTP layer (batch 1).
DRAFT_STEP_LAYERS = 6.0


def _or(values: np.ndarray, fill: float) -> np.ndarray:
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
        self.hop_us = _or(values(systems, "collective_hop_us"), 0.0)
        self.concurrency = np.full_like(self.hbm, float(a.concurrent_sequences))


def _decode_step(
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
    t_links = _or(t_all_reduce, 0.0) + _or(t_exchange, 0.0)

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
    t_layers = (layer_share * floor_us + draft_us) * 1e-6
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


def _auto_chips(
    model: ModelProfile, a: Assumptions, chips: Chips, concurrency: np.ndarray
) -> np.ndarray:
    """The smallest replica that holds the weights and the batch's KV, per system, within the
    model's useful parallelism; failing that, the smallest that holds the weights."""
    grid = candidate_chips(chips.packages)
    hbm = np.broadcast_to(chips.hbm, grid.shape)
    lay = layout(model, grid, hbm, a.bits_per_param, a.weight_fraction)
    weights_fit = lay.weight_bytes_per_chip <= hbm * a.weight_fraction
    kv = concurrency / lay.data_parallel * model.kv_bytes_per_sequence * lay.kv_share
    holds = weights_fit & (kv <= hbm - lay.weight_bytes_per_chip)
    useful = grid <= max(useful_chips(model), 1.0)
    best = _first(grid, holds & useful)
    # No size holds the batch: the whole domain holds the most of it (the speed is then for
    # the largest batch that fits); failing that, the smallest size that holds the weights.
    in_domain = weights_fit & useful & (grid <= chips.packages)
    largest = np.where(in_domain.any(axis=0), np.where(in_domain, grid, 0.0).max(axis=0), np.nan)
    fallback = np.where(np.isnan(largest), _first(grid, weights_fit & useful), largest)
    return np.where(np.isnan(best), fallback, best)


def _first(grid: np.ndarray, ok: np.ndarray) -> np.ndarray:
    found = ok.any(axis=0)
    return np.where(found, grid[ok.argmax(axis=0), np.arange(grid.shape[1])], np.nan)


@dataclass(frozen=True)
class _Options:
    """The ways to lay each system's replica out, one row per way ([ways, systems] arrays):
    tensor parallel over the replica's chips; for an MoE model attention data-parallel with
    expert parallelism; where a replica outgrows its domain, whole domains chained as
    pipeline stages. One pass of the step model computes every way at once."""

    names: tuple[str, ...]
    lay: Layout
    stages: np.ndarray  # pipeline stages (1: none)
    weights_chip: np.ndarray
    max_sequences: np.ndarray
    batch: np.ndarray
    step: dict[str, np.ndarray]
    t_token: np.ndarray  # seconds between a sequence's steps; NaN where a way is ruled out


def _options(model: ModelProfile, a: Assumptions, chips: Chips, size: np.ndarray) -> _Options:
    """Every way to lay out a replica of `size` chips on each system, and its step time."""
    packages = chips.packages
    in_domain = size <= packages
    bits, share = a.bits_per_param, a.weight_fraction
    names = ["tensor"]
    replica = [size]
    tp = [tensor_parallel(model, size, chips.hbm, bits, share, "tensor")]
    if model.experts_routed:
        names.append("expert")
        replica.append(size)
        tp.append(tensor_parallel(model, size, chips.hbm, bits, share, "expert"))
    chained = not in_domain.all()  # a chain only where some replica outgrows its domain
    if chained:
        names.append("chain")
        replica.append(packages)
        tp.append(tensor_parallel(model, packages, chips.hbm, bits, share))
    lay = shard(model, np.stack(replica), np.stack(tp), bits)
    stages = np.ones_like(lay.chips)
    if chained:
        stages[-1] = np.maximum(np.ceil(size / packages), 1.0)
    weights = lay.weight_bytes_per_chip / stages  # a stage holds 1/stages of the layers
    most = _max_sequences(model, lay, chips.hbm - weights, 1.0 / stages)
    batch = _batch(chips.concurrency, most)
    step_in_domain = np.broadcast_to(in_domain, lay.chips.shape).copy()
    if chained:
        step_in_domain[-1] = True  # each stage is one domain
    step = _decode_step(model, a, chips, lay, batch / stages, 1.0 / stages, step_in_domain)
    t_token = stages * step["t_step"] + (stages - 1) * a.hop_latency_us * 1e-6
    if model.experts_routed:
        # Engines split an MoE model's attention at most 8-16 ways (query heads, efficiency).
        t_token[0] = np.where(size <= 16, t_token[0], np.nan)
    if chained:
        t_token[-1] = np.where(in_domain, np.nan, t_token[-1])
    return _Options(tuple(names), lay, stages, weights, most, batch, step, t_token)


def _choose(options: _Options, a: Assumptions, chips: Chips) -> np.ndarray:
    """Per system, the way a deployment would run: one that holds the asked batch's KV if
    any does, then the most tokens per chip (at a fixed batch: the fastest per sequence).
    A way ruled out for a system (no time per token) ranks below every usable one; among
    equals the first listed wins."""
    fits = options.weights_chip <= chips.hbm * a.weight_fraction
    usable = fits & ~np.isnan(options.t_token)
    per_chip = options.batch / options.t_token / (options.lay.chips * options.stages)
    holds = options.max_sequences >= chips.concurrency
    score = _or(per_chip, 0.0) + 1e12 * holds
    return np.argmax(np.where(usable, score, np.where(fits, -0.5, -1.0)), axis=0)


def deployment_serving(
    systems: pl.DataFrame,
    a: Assumptions,
    model: ModelProfile,
    concurrency: np.ndarray | None = None,
    replica_chips: np.ndarray | None = None,
    explain: bool = True,
) -> pl.DataFrame:
    """Whether `model` fits each system, how a replica is laid out and how fast it decodes.

    `concurrency` and `replica_chips` (0: auto), one per row, override the assumptions' single
    values: the frontier sweeps many of both in one call. `explain` adds `why_no_speed`."""
    chips = Chips(systems, a)
    packages = chips.packages
    if concurrency is not None:
        chips.concurrency = np.asarray(concurrency, dtype=np.float64)
    asked = (
        np.full_like(chips.hbm, float(a.replica_chips))
        if replica_chips is None
        else np.asarray(replica_chips, dtype=np.float64)
    )
    wanted = np.where(asked > 0, asked, np.nan)
    if (asked <= 0).any():
        wanted = np.where(asked > 0, asked, _auto_chips(model, a, chips, chips.concurrency))
    size = _or(wanted, 1.0)
    options = _options(model, a, chips, size)
    choice = _choose(options, a, chips)
    rows = np.arange(len(size))

    def pick(per_way: np.ndarray) -> np.ndarray:
        """The chosen way's value of each system."""
        return np.broadcast_to(per_way, options.lay.chips.shape)[choice, rows]

    use_chain = np.asarray(options.names)[choice] == "chain"
    stages = pick(options.stages)
    chosen = {key: pick(value) for key, value in options.step.items()}
    t_token_step = pick(options.t_token)
    replica = np.where(np.isnan(wanted), np.nan, pick(options.lay.chips) * stages)
    weights_chip = pick(options.weights_chip)
    weights_fit = ~np.isnan(wanted) & (weights_chip <= chips.hbm * a.weight_fraction)
    max_sequences = pick(options.max_sequences)
    batch = pick(options.batch)
    kv_fits = weights_fit & (chips.concurrency <= max_sequences)
    chosen_tp = pick(options.lay.tensor_parallel)
    chosen_dp = pick(options.lay.data_parallel)

    accepted = 1.0 + a.speculative_tokens
    decode_rate = np.where(weights_fit, accepted / t_token_step, np.nan)
    # Prefill of one prompt on the replica: its FLOPs over the replica's compute, plus a pass
    # through every layer's floor.
    prompt = max(a.context_tokens - a.output_tokens, 1)
    prefill_compute = prefill_flops(model, prompt) / (replica * chips.flops)
    hops = (stages - 1) * a.hop_latency_us * 1e-6
    one_pass_floor = np.where(use_chain, stages * chosen["t_floor"] + hops, chosen["t_floor"])
    ttft = np.where(weights_fit, prefill_compute + one_pass_floor, np.nan)
    if a.serving == "aggregated":
        # Each generated token carries 1/output_tokens of a prompt's prefill on the replica.
        # A system with no FLOP/s figure has no known prefill time: its decode is not slowed.
        prefill_share = batch * decode_rate * _or(prefill_compute, 0.0) / a.output_tokens
        per_sequence = decode_rate / (1 + prefill_share)
        prefill_ratio = np.zeros_like(decode_rate)
    else:
        per_sequence = decode_rate
        requests_per_s = batch * per_sequence / a.output_tokens
        prefill_ratio = requests_per_s * prefill_flops(model, prompt) / chips.flops / replica
    per_replica = batch * per_sequence
    per_chip = per_replica / replica
    replicas = np.where(replica <= packages, np.floor(packages / replica), packages / replica)
    per_domain = per_replica * replicas
    total_weights = weight_bytes(model.total_params, a.bits_per_param)
    layout_name = _layout_names(use_chain, stages, chosen_tp, chosen_dp, replica)

    return table(
        {
            "model_fits": weights_fit & kv_fits,
            "weights_fit": weights_fit,
            "kv_fits": kv_fits,
            "replica_chips": integers(replica),
            "layout": layout_name,
            "replicas_per_domain": replicas,
            "domains_needed": integers(np.maximum(np.ceil(replica / packages), 1)),
            "weights_tb": np.full_like(chips.hbm, total_weights / 1e12),
            "weights_gb_per_chip": weights_chip / 1e9,
            "max_sequences": max_sequences,
            "batch": batch,
            "experts_touched": chosen["touched"],
            "t_memory_ms": chosen["t_memory"] * 1e3,
            "t_compute_ms": chosen["t_compute"] * 1e3,
            "t_links_ms": chosen["t_links"] * 1e3,
            "t_floor_ms": chosen["t_floor"] * 1e3,
            "t_step_ms": t_token_step * 1e3,
            "bound": _bound(chosen),
            "tokens_per_step": np.full_like(chips.hbm, accepted),
            "decode_tok_s_per_seq": per_sequence,
            "decode_tok_s_per_replica": per_replica,
            "decode_tok_s_per_domain": per_domain,
            "decode_tok_s_per_chip": per_chip,
            "ttft_s": ttft,
            "prefill_chips_per_decode_chip": prefill_ratio,
            "why_no_speed": _why_no_speed(
                wanted, weights_fit, batch, per_sequence, chips, a, model, max_sequences
            )
            if explain
            else [""] * len(wanted),
        }
    )


def _why_no_speed(
    wanted: np.ndarray,
    weights_fit: np.ndarray,
    batch: np.ndarray,
    per_sequence: np.ndarray,
    chips: Chips,
    a: Assumptions,
    model: ModelProfile,
    max_sequences: np.ndarray,
) -> np.ndarray:
    """A short reason for every row whose speed is blank or computed for a smaller batch."""
    conditions = [
        np.isnan(wanted),
        ~weights_fit,
        np.isnan(batch),
        np.isnan(chips.layer_us) | np.isnan(chips.dense_layer_us),
        np.isnan(chips.bandwidth),
        np.isnan(per_sequence),
        max_sequences < chips.concurrency,
        np.isnan(chips.flops),
    ]
    # The first condition that holds names the reason; the numbers are formatted only for the
    # rows that show them (a frontier sweep has thousands of rows, most without a reason).
    code = np.select(conditions, np.arange(1, len(conditions) + 1), default=0)
    reasons = np.full(code.shape, "", dtype=object)
    fixed = {
        1: f"weights need more than {useful_chips(model):.0f} chips",
        3: "no room for one sequence's KV",
        4: "no per-layer latency for this platform",
        5: "no HBM bandwidth in the catalog",
        6: "missing catalog figure",
        8: "no FLOP/s in the catalog: no compute time or time to first token",
    }
    for value, text in fixed.items():
        reasons[code == value] = text
    too_big, held = code == 2, code == 7
    if too_big.any():
        text = f"weights exceed {a.weight_fraction:g} of HBM on %d chips"
        reasons[too_big] = np.char.mod(text, _or(wanted[too_big], 0.0).astype(np.int64))
    if held.any():
        text = "KV holds %d sequences: speed for that batch"
        reasons[held] = np.char.mod(text, _or(max_sequences[held], 0.0).astype(np.int64))
    return reasons


def _max_sequences(
    model: ModelProfile, lay: Layout, room: np.ndarray, layer_share: np.ndarray | float
) -> np.ndarray:
    """Sequences at full context whose KV a replica holds beside its weights."""
    per_sequence = max(model.kv_bytes_per_sequence, 1.0) * lay.kv_share * layer_share
    return np.floor(np.maximum(room, 0.0) / per_sequence) * lay.data_parallel


def _batch(concurrency: np.ndarray, max_sequences: np.ndarray) -> np.ndarray:
    """The batch decoded: the concurrency asked for, or as many as the KV cache holds."""
    served = np.minimum(concurrency, max_sequences)
    return np.where(served >= 1, served, np.nan)


def _bound(step: dict[str, np.ndarray]) -> np.ndarray:
    parts = np.stack(
        [
            _or(np.fmax(step["t_memory"], 0.0), 0.0),
            _or(step["t_compute"], 0.0),
            _or(step["t_links"], 0.0),
            _or(step["t_floor"], 0.0),
        ]
    )
    names = np.array(["memory", "compute", "links", "latency"])
    return np.where(np.isnan(step["t_step"]), "", names[parts.argmax(axis=0)])


def _layout_names(
    chain: np.ndarray,
    stages: np.ndarray,
    tensor_parallel: np.ndarray,
    data_parallel: np.ndarray,
    replica: np.ndarray,
) -> np.ndarray:
    """`TP8`, `EP32 DP-attn`, `EP128 TP64`, `PP18 x TP8`: formatted once per distinct layout
    (a sweep has thousands of rows but a few dozen layouts)."""
    # One integer per layout (data parallel follows from the others: replica / stages / tp).
    tp = _or(tensor_parallel, 1.0).astype(np.int64)
    staged = _or(stages, 1.0).astype(np.int64)
    chips = _or(replica, -1.0).astype(np.int64)
    codes = ((chain.astype(np.int64) * 4096 + staged) * 131072 + tp) * 262144 + chips + 1
    distinct, index = np.unique(codes, return_inverse=True)
    names = []
    for code in distinct.tolist():
        r, code = code % 262144 - 1, code // 262144
        tp_, code = code % 131072, code // 131072
        s, is_chain = code % 4096, code // 4096
        dp = r // max(s * tp_, 1)
        if r < 0:
            names.append("")
        elif is_chain:
            names.append(f"PP{s} x TP{tp_}" + (f" DP{dp}" if dp > 1 else ""))
        elif dp > 1:
            names.append(f"EP{r}" + (f" TP{tp_}" if tp_ > 1 else " DP-attn"))
        else:
            names.append(f"TP{tp_}")
    return np.array(names, dtype=object)[index.ravel()]
