"""Knobs of the model and its serving, in declaration order (scenario files keep it)."""

from __future__ import annotations

from dataclasses import dataclass

from core.assumptions.spec import knob


@dataclass(frozen=True, init=False, repr=False, eq=False)  # fields only: see Assumptions
class ScenarioKnobs:
    """Which model is evaluated, and from which preset."""

    preset_name: str = knob(
        "seed",
        "Preset",
        "",
        "named starting point of these assumptions",
        kind="text",
        group="scenario",
    )
    model_id: str = knob(
        "",
        "Model",
        "",
        "catalog model the Fit and Cost panes evaluate (empty: none)",
        kind="text",
        group="scenario",
    )
    params_t: float = knob(
        0.0,
        "Hypothetical model",
        "T params",
        "total parameters of a hypothetical model (0: none; --params 20T)",
        low=0.0,
        high=1e6,
        step=1.0,
        big_step=10.0,
        group="scenario",
    )


@dataclass(frozen=True, init=False, repr=False, eq=False)  # fields only: see Assumptions
class FitAndServingKnobs(ScenarioKnobs):
    """Memory fit and decode speed."""

    bits_per_param: float = knob(
        4.0,
        "Bits per parameter",
        "bits",
        "bits per stored weight, block scales included "
        "(BF16 16, FP8 8, NVFP4 4.5, MXFP4 4.25, INT4 4)",
        low=1.0,
        high=32.0,
        step=0.25,
        big_step=4.0,
        source="seed note 1.1; NVFP4/MXFP4 scale overhead: formulas note 16.1",
        group="fit",
    )
    weight_fraction: float = knob(
        0.5,
        "Weight share of HBM",
        "fraction",
        "share of domain HBM given to weights; the rest holds KV cache and activations",
        low=0.05,
        high=1.0,
        step=0.05,
        big_step=0.1,
        source="Nesov: 10 TB of the 20 TB of a rack (seed note 1.1)",
        group="fit",
    )
    pipeline_domains: int = knob(
        1,
        "Pipeline domains",
        "domains",
        "scale-up domains chained by pipeline parallelism for the largest-model figure",
        kind="int",
        low=1,
        high=4096,
        step=1,
        big_step=8,
        group="fit",
    )
    kv_bits: float = knob(
        16.0,
        "KV cache bits",
        "bits",
        "bits per cached key/value element",
        low=1.0,
        high=32.0,
        step=1.0,
        big_step=8.0,
        group="fit",
    )
    context_tokens: int = knob(
        8192,
        "Context",
        "tokens",
        "tokens per sequence when it ends (prompt + output): the KV cache each one holds",
        kind="int",
        low=1,
        high=10_000_000,
        step=1024,
        big_step=32768,
        group="serving",
    )
    concurrent_sequences: int = knob(
        128,
        "Concurrent sequences",
        "seqs",
        "sequences one model replica decodes together (the batch of one decode step)",
        kind="int",
        low=1,
        high=1_000_000,
        step=8,
        big_step=64,
        group="serving",
    )
    output_tokens: int = knob(
        1024,
        "Output tokens",
        "tokens",
        "tokens generated per sequence; the prompt is context_tokens - output_tokens",
        kind="int",
        low=1,
        high=10_000_000,
        step=256,
        big_step=4096,
        group="serving",
    )
    serving_layout: str = knob(
        "whole-domain",
        "Serving layout",
        "",
        "deployment: the smallest replica that holds the model, attention data-parallel + "
        "expert parallel beyond 8 chips, per-layer latency floors; whole-domain: the seed's "
        "arithmetic (one domain acts as one device, no floors)",
        kind="choice",
        choices=("deployment", "whole-domain"),
        group="serving",
    )
    replica_chips: int = knob(
        0,
        "Replica chips",
        "chips",
        "chips of one model replica (its tensor/expert-parallel group; 0: the smallest that "
        "holds weights and KV); more than a domain spans domains over the scale-out network",
        kind="int",
        low=0,
        high=1_000_000,
        step=8,
        big_step=64,
        group="serving",
    )
    serving: str = knob(
        "aggregated",
        "Serving",
        "",
        "aggregated: decode replicas also prefill new prompts; disaggregated: separate "
        "prefill chips, per-chip figures count decode chips",
        kind="choice",
        choices=("aggregated", "disaggregated"),
        group="serving",
    )
    speculative_tokens: float = knob(
        0.0,
        "Speculative tokens",
        "tokens/step",
        "mean accepted draft tokens per decode step (MTP, EAGLE); 0: no speculation",
        low=0.0,
        high=16.0,
        step=0.25,
        big_step=1.0,
        source="DeepSeek-V3 report: 85-90% second-token acceptance (one MTP draft ~0.85-0.9)",
        group="serving",
    )
    target_tok_s_per_user: float = knob(
        0.0,
        "Target interactivity",
        "tok/s/user",
        "read $/Mtok and throughput off each system's front at this speed per user (0: off)",
        low=0.0,
        high=100_000.0,
        step=10.0,
        big_step=50.0,
        group="serving",
    )
    layer_latency_us: float = knob(
        0.0,
        "Layer latency",
        "µs",
        "fixed decode latency per layer (launch, sync, collectives); 0: the catalog's "
        "figure for each accelerator platform",
        low=0.0,
        high=100_000.0,
        step=10.0,
        big_step=50.0,
        group="serving",
    )
    sequence_us: float = knob(
        47.0,
        "Per-sequence step cost",
        "µs",
        "engine work per sequence per decode step in each attention group (scheduling, "
        "sampling, per-request attention setup), added to the step; 0: none",
        low=0.0,
        high=10_000.0,
        step=5.0,
        big_step=20.0,
        source="fitted by `scaleup validate calibrate`, jointly with the platforms' layer "
        "floors: 46.9 µs centres the 26 calibration points with more than 16 sequences "
        "(InferenceX, DeepSeek EP144, CloudMatrix384); the held-out part is not used",
        group="serving",
    )
    hbm_bw_efficiency: float = knob(
        1.0,
        "HBM BW efficiency",
        "fraction",
        "achieved share of peak HBM bandwidth (engines reach ~0.8)",
        low=0.05,
        high=1.0,
        step=0.05,
        big_step=0.1,
        source="formulas note 16.4 (AIConfigurator, InferSim use 0.8)",
        group="serving",
    )
    mfu: float = knob(
        0.4,
        "MFU",
        "fraction",
        "achieved share of dense peak FLOP/s",
        low=0.01,
        high=1.0,
        step=0.05,
        big_step=0.1,
        source="seed note claim D (40%)",
        group="serving",
    )
    hop_latency_us: float = knob(
        10.0,
        "Pipeline hop latency",
        "µs",
        "fixed latency of one hop between pipeline stages over the scale-out network",
        low=0.0,
        high=100_000.0,
        step=5.0,
        big_step=50.0,
        group="serving",
    )
    active_fraction: float = knob(
        0.25,
        "Hyp. active share",
        "fraction",
        "active / total parameters of a hypothetical --params model",
        low=0.001,
        high=1.0,
        step=0.05,
        big_step=0.1,
        source="Nesov: 5T active of 20T total (seed note claim B)",
        group="hypothetical",
    )
    hyp_experts_routed: int = knob(
        256,
        "Hyp. routed experts",
        "experts",
        "routed experts per MoE layer of a hypothetical model",
        kind="int",
        low=1,
        high=100_000,
        step=8,
        big_step=64,
        source="DeepSeek-V3 layout",
        group="hypothetical",
    )
    hyp_experts_active: int = knob(
        8,
        "Hyp. active experts",
        "experts",
        "routed experts per token of a hypothetical model",
        kind="int",
        low=1,
        high=100_000,
        step=1,
        big_step=8,
        source="DeepSeek-V3 layout",
        group="hypothetical",
    )
    hyp_kv_bytes_per_token: float = knob(
        70_272.0,
        "Hyp. KV B/token@16b",
        "B",
        "KV cache per token of a hypothetical model at 16-bit KV (scaled by kv_bits)",
        low=1.0,
        high=1e8,
        step=1024,
        big_step=16_384,
        source="DeepSeek-V3 MLA: 61 x (512 + 64) x 2 B",
        group="hypothetical",
    )
    hyp_layers: int = knob(
        120,
        "Hyp. layers",
        "layers",
        "layers of a hypothetical model (for expert-parallel traffic)",
        kind="int",
        low=1,
        high=10_000,
        step=8,
        big_step=32,
        group="hypothetical",
    )
    hyp_hidden_size: int = knob(
        16_384,
        "Hyp. width",
        "",
        "hidden size of a hypothetical model (activation and expert traffic)",
        kind="int",
        low=64,
        high=1_000_000,
        step=1024,
        big_step=4096,
        group="hypothetical",
    )
    train_bytes_per_param: float = knob(
        16.0,
        "Training bytes/param",
        "B",
        "weights + gradients + optimizer state per parameter when training, sharded over the "
        "domain (activations not counted)",
        low=2.0,
        high=64.0,
        step=1.0,
        big_step=4.0,
        source="ZeRO (Rajbhandari et al. 2020): 16 B for mixed-precision Adam",
        group="fit",
    )
