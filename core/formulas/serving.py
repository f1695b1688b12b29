"""Decode speed as deployments get it (`serving_layout = "deployment"`), vectorised over systems.

The model replica is the unit of serving: R chips hold one copy of the weights (sharded as in
`core.formulas.layout`) and decode `concurrent_sequences` together; one decode step on a chip
is timed by `core.formulas.decode_step`. A sequence gains 1 +
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
from core.formulas.decode_step import Chips, decode_step, fill_nan
from core.formulas.layout import (
    Layout,
    candidate_chips,
    layout,
    shard,
    tensor_parallel,
    useful_chips,
)
from core.formulas.quantities import prefill_flops, weight_bytes
from core.formulas.workload import ModelProfile
from core.table import integers, table


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
    step = decode_step(model, a, chips, lay, batch / stages, 1.0 / stages, step_in_domain)
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
    score = fill_nan(per_chip, 0.0) + 1e12 * holds
    return np.argmax(np.where(usable, score, np.where(fits, -0.5, -1.0)), axis=0)


@dataclass(frozen=True)
class Served:
    """The deployment serving model's figures per computed row (numpy arrays)."""

    chips: Chips
    wanted: np.ndarray  # replica size asked or chosen (NaN: none holds the weights)
    replica: np.ndarray
    stages: np.ndarray
    chain: np.ndarray  # whether the replica chains whole domains
    tensor_parallel: np.ndarray
    data_parallel: np.ndarray
    step: dict[str, np.ndarray]  # the chosen layout's step terms
    t_step: np.ndarray
    weights_chip: np.ndarray
    weights_fit: np.ndarray
    max_sequences: np.ndarray
    batch: np.ndarray
    kv_fits: np.ndarray
    per_sequence: np.ndarray
    per_replica: np.ndarray
    per_chip: np.ndarray
    replicas: np.ndarray
    ttft: np.ndarray
    prefill_ratio: np.ndarray

    def layout_names(self, index: np.ndarray | slice = slice(None)) -> np.ndarray:
        """`TP8`, `EP32 DP-attn`, `PP18 x TP8`... of the rows `index`."""
        return _layout_names(
            self.chain[index],
            self.stages[index],
            self.tensor_parallel[index],
            self.data_parallel[index],
            self.replica[index],
        )


def serve(
    systems: pl.DataFrame,
    a: Assumptions,
    model: ModelProfile,
    concurrency: np.ndarray | None = None,
    replica_chips: np.ndarray | None = None,
    rows: np.ndarray | None = None,
) -> Served:
    """The deployment serving model's arithmetic for each system (see `deployment_serving`)."""
    chips = Chips(systems, a) if rows is None else Chips(systems, a).take(rows)
    packages = chips.packages
    if concurrency is not None:
        chips.concurrency = np.asarray(concurrency, dtype=np.float64)
    asked = (
        np.full_like(chips.hbm, float(a.replica_chips))
        if replica_chips is None
        else np.asarray(replica_chips, dtype=np.float64)
    )
    wanted = np.where(asked > 0, asked, np.nan)
    auto = np.flatnonzero(asked <= 0)
    if auto.size == asked.size:
        wanted = _auto_chips(model, a, chips, chips.concurrency)
    elif auto.size:  # a sweep: only its auto rows search the sizes
        wanted[auto] = _auto_chips(model, a, chips.take(auto), chips.concurrency[auto])
    size = fill_nan(wanted, 1.0)
    options = _options(model, a, chips, size)
    choice = _choose(options, a, chips)
    every = np.arange(len(size))

    def pick(per_way: np.ndarray) -> np.ndarray:
        """The chosen way's value of each system."""
        return np.broadcast_to(per_way, options.lay.chips.shape)[choice, every]

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
        prefill_share = batch * decode_rate * fill_nan(prefill_compute, 0.0) / a.output_tokens
        per_sequence = decode_rate / (1 + prefill_share)
        prefill_ratio = np.zeros_like(decode_rate)
    else:
        per_sequence = decode_rate
        requests_per_s = batch * per_sequence / a.output_tokens
        prefill_ratio = requests_per_s * prefill_flops(model, prompt) / chips.flops / replica
    per_replica = batch * per_sequence
    replicas = np.where(replica <= packages, np.floor(packages / replica), packages / replica)
    return Served(
        chips=chips,
        wanted=wanted,
        replica=replica,
        stages=stages,
        chain=use_chain,
        tensor_parallel=pick(options.lay.tensor_parallel),
        data_parallel=pick(options.lay.data_parallel),
        step=chosen,
        t_step=t_token_step,
        weights_chip=weights_chip,
        weights_fit=weights_fit,
        max_sequences=max_sequences,
        batch=batch,
        kv_fits=kv_fits,
        per_sequence=per_sequence,
        per_replica=per_replica,
        per_chip=per_replica / replica,
        replicas=replicas,
        ttft=ttft,
        prefill_ratio=prefill_ratio,
    )


def deployment_serving(
    systems: pl.DataFrame,
    a: Assumptions,
    model: ModelProfile,
    concurrency: np.ndarray | None = None,
    replica_chips: np.ndarray | None = None,
    explain: bool = True,
    rows: np.ndarray | None = None,
) -> pl.DataFrame:
    """Whether `model` fits each system, how a replica is laid out and how fast it decodes.

    `rows` (indices into `systems`, repeats allowed) computes for those systems in that
    order; `concurrency` and `replica_chips` (0: auto), one per computed row, override the
    assumptions' single values: validation asks many of both in one call. `explain` adds
    `why_no_speed`."""
    s = serve(systems, a, model, concurrency, replica_chips, rows)
    chips, step = s.chips, s.step
    total_weights = weight_bytes(model.total_params, a.bits_per_param)
    return table(
        {
            "model_fits": s.weights_fit & s.kv_fits,
            "weights_fit": s.weights_fit,
            "kv_fits": s.kv_fits,
            "replica_chips": integers(s.replica),
            "layout": s.layout_names(),
            "replicas_per_domain": s.replicas,
            "domains_needed": integers(np.maximum(np.ceil(s.replica / chips.packages), 1)),
            "weights_tb": np.full_like(chips.hbm, total_weights / 1e12),
            "weights_gb_per_chip": s.weights_chip / 1e9,
            "max_sequences": s.max_sequences,
            "batch": s.batch,
            "experts_touched": step["touched"],
            "t_memory_ms": step["t_memory"] * 1e3,
            "t_compute_ms": step["t_compute"] * 1e3,
            "t_links_ms": step["t_links"] * 1e3,
            "t_floor_ms": step["t_floor"] * 1e3,
            "t_step_ms": s.t_step * 1e3,
            "bound": _bound(step),
            "tokens_per_step": np.full_like(chips.hbm, 1.0 + a.speculative_tokens),
            "decode_tok_s_per_seq": s.per_sequence,
            "decode_tok_s_per_replica": s.per_replica,
            "decode_tok_s_per_domain": s.per_replica * s.replicas,
            "decode_tok_s_per_chip": s.per_chip,
            "ttft_s": s.ttft,
            "prefill_chips_per_decode_chip": s.prefill_ratio,
            "why_no_speed": _why_no_speed(
                s.wanted, s.weights_fit, s.batch, s.per_sequence, chips, a, model, s.max_sequences
            )
            if explain
            else [""] * len(s.wanted),
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
        reasons[too_big] = np.char.mod(text, fill_nan(wanted[too_big], 0.0).astype(np.int64))
    if held.any():
        text = "KV holds %d sequences: speed for that batch"
        reasons[held] = np.char.mod(text, fill_nan(max_sequences[held], 0.0).astype(np.int64))
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
            fill_nan(np.fmax(step["t_memory"], 0.0), 0.0),
            fill_nan(step["t_compute"], 0.0),
            fill_nan(step["t_links"], 0.0),
            fill_nan(step["t_floor"], 0.0),
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
    tp = fill_nan(tensor_parallel, 1.0).astype(np.int64)
    staged = fill_nan(stages, 1.0).astype(np.int64)
    chips = fill_nan(replica, -1.0).astype(np.int64)
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
