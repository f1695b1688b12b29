"""The seed's serving arithmetic (`serving_layout = "whole-domain"`): a domain acts as one
device, with no latency floors. Serving a model that needs `stages` domains (pipeline
parallelism over the scale-out network):
- each stage holds 1/stages of the weights (all experts resident) and, for the batch of
  `concurrent_sequences` it is working on, 1/stages of their KV cache (its layers);
- one decode step on one stage reads its dense weights, the routed experts that the batch
  touches, 1 - (1 - k/E)^batch of them (uniform routing), and its layers' KV;
  time = max(bytes / (HBM bandwidth x efficiency), FLOPs / (dense FLOP/s x MFU)) plus the
  expert-parallel all-to-all inside the domain at scale-up bandwidth;
- a token passes every stage in turn, with one scale-out hop between stages, so per-sequence
  speed falls with depth while per-domain throughput does not.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.formulas.quantities import (
    ACTIVATION_BYTES,
    decode_flops,
    dense_flops,
    expert_all_to_all_bytes,
    expert_fraction,
    prefill_flops,
    weight_bytes,
)
from core.formulas.workload import ModelProfile
from core.table import table, values


def seed_serving(systems: pl.DataFrame, a: Assumptions, model: ModelProfile) -> pl.DataFrame:
    """Whether `model` fits each system, how many domains it needs and how fast it decodes,
    by the seed's arithmetic."""
    hbm = values(systems, "hbm_tb") * 1e12
    bandwidth = values(systems, "hbm_tbps") * 1e12 * a.hbm_bw_efficiency
    packages = values(systems, "packages")
    flops = dense_flops(systems, a.bits_per_param) * a.mfu
    scaleup_one_way = values(systems, "scaleup_gbps_bidir_per_package") * 1e9 / 2 * packages
    scaleout_one_way = values(systems, "scaleout_gbps_per_package") * 1e9 * packages

    weights = weight_bytes(model.total_params, a.bits_per_param)
    stages = np.maximum(1.0, np.ceil(weights / (hbm * a.weight_fraction) - 1e-9))
    fits = stages <= a.pipeline_domains

    batch = a.concurrent_sequences
    kv_per_stage = batch * model.kv_bytes_per_sequence  # each stage: its layers, all microbatches
    kv_room = hbm - weights / stages
    max_sequences = np.floor(np.maximum(kv_room, 0) / max(model.kv_bytes_per_sequence, 1.0))

    touched = expert_fraction(model.experts_active, model.experts_routed, batch)
    read_params = model.dense_params + model.routed_params * touched
    step_bytes = (
        weight_bytes(read_params, a.bits_per_param) + batch * model.kv_bytes_per_sequence
    ) / stages
    t_memory = step_bytes / bandwidth

    t_compute = decode_flops(model, batch, a.context_tokens) / stages / flops

    # Expert-parallel dispatch + combine of every token's hidden state to k experts per layer,
    # spread over the domain's links; zero for a dense model or a single package.
    if model.experts_routed and model.experts_active:
        a2a_bytes = expert_all_to_all_bytes(model, batch) / stages
        share_remote = np.where(packages > 1, (packages - 1) / packages, 0.0)
        t_expert = np.where(packages > 1, a2a_bytes * share_remote / scaleup_one_way, 0.0)
    else:
        t_expert = np.zeros_like(hbm)
    t_expert = np.nan_to_num(t_expert, nan=0.0)

    # fmax: a system without a sourced FLOP/s figure is bounded by memory alone.
    t_stage = np.fmax(t_memory, t_compute) + t_expert
    hop_bytes = batch * model.hidden_size * ACTIVATION_BYTES
    t_hop = a.hop_latency_us * 1e-6 + np.nan_to_num(hop_bytes / scaleout_one_way, nan=0.0)
    t_token = stages * t_stage + (stages - 1) * t_hop
    per_sequence = 1.0 / t_token
    pipeline_tokens = batch * stages * per_sequence  # `stages` microbatches in flight

    ttft = prefill_flops(model, a.context_tokens) / flops + (stages - 1) * t_hop
    expert_parallel = _across_domains_by_experts(
        a, model, hbm, bandwidth, flops, packages, scaleout_one_way, t_expert * stages
    )

    return table(
        {
            "model_fits": fits & (kv_per_stage <= kv_room),
            "weights_fit": fits,
            "replica_chips": (stages * packages).astype(np.int64),
            "layout": np.where(
                stages > 1,
                np.char.add(np.char.add("PP", stages.astype(np.int64).astype(str)), " domains"),
                "whole domain",
            ),
            "domains_needed": stages.astype(np.int64),
            "weights_tb": np.full_like(hbm, weights / 1e12),
            "kv_tb_per_stage": np.full_like(hbm, kv_per_stage / 1e12),
            "kv_room_tb_per_stage": kv_room / 1e12,
            "kv_fits": kv_per_stage <= kv_room,
            "max_sequences_per_stage": max_sequences,
            "experts_touched": np.full_like(hbm, touched),
            "t_memory_ms": t_memory * 1e3,
            "t_compute_ms": t_compute * 1e3,
            "t_expert_ms": t_expert * 1e3,
            "t_hop_ms": t_hop * 1e3,
            "bound": np.where(t_compute > t_memory, "compute", "memory"),
            "decode_tok_s_per_seq": per_sequence,
            **expert_parallel,
            "decode_tok_s_per_domain": pipeline_tokens / stages,
            "decode_tok_s_per_chip": pipeline_tokens / (stages * packages),
            "ttft_s": ttft,
            "why_no_speed": np.where(
                fits,
                np.where(
                    np.isnan(flops),
                    "no FLOP/s in the catalog: no compute time or time to first token",
                    "",
                ),
                "weights need more domains than pipeline_domains allows",
            ),
        }
    )


def _across_domains_by_experts(
    a: Assumptions,
    model: ModelProfile,
    hbm: np.ndarray,
    bandwidth: np.ndarray,
    flops: np.ndarray,
    packages: np.ndarray,
    scaleout_one_way: np.ndarray,
    t_expert_in_domain: np.ndarray,
) -> dict[str, np.ndarray]:
    """The alternative to pipelining: spread the routed experts over domains.

    Every domain keeps the dense weights (attention, shared experts) and 1/n of the routed
    experts, decodes its own `concurrent_sequences`, and sends each token's hidden state to the
    domains holding its experts at every MoE layer: that all-to-all crosses the scale-out
    network (bandwidth, plus a hop latency each way per layer). Impossible when the dense part
    alone fills a domain's weight share.
    """
    dense_bytes = weight_bytes(model.dense_params, a.bits_per_param)
    routed_bytes = weight_bytes(model.routed_params, a.bits_per_param)
    room = hbm * a.weight_fraction
    spare = room - dense_bytes
    with np.errstate(divide="ignore", invalid="ignore"):
        domains = np.where(spare > 0, np.maximum(1.0, np.ceil(routed_bytes / spare - 1e-9)), np.nan)
    if not model.experts_routed:
        domains = np.where(weight_bytes(model.total_params, a.bits_per_param) <= room, 1.0, np.nan)
    batch = a.concurrent_sequences
    touched = expert_fraction(model.experts_active, model.experts_routed, batch * domains)
    read = dense_bytes + routed_bytes / domains * touched + batch * model.kv_bytes_per_sequence
    t_memory = read / bandwidth
    t_compute = decode_flops(model, batch, a.context_tokens) / flops
    remote = (domains - 1) / domains
    a2a_bytes = expert_all_to_all_bytes(model, batch)
    crossing = domains > 1
    t_scaleout = np.where(
        crossing,
        a2a_bytes * remote / scaleout_one_way  # NaN where the catalog has no NIC figure
        + 2 * model.layers * a.hop_latency_us * 1e-6,
        0.0,
    )
    t_step = np.fmax(t_memory, t_compute) + t_expert_in_domain + t_scaleout
    return {
        "ep_domains_needed": domains,
        "ep_t_scaleout_ms": np.where(np.isnan(domains), np.nan, t_scaleout * 1e3),
        # Plain + (not fmax) so an impossible layout or a missing NIC figure stays unknown.
        "ep_decode_tok_s_per_seq": 1.0 / (t_step + 0.0 * domains),
    }
