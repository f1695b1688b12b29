"""What each computed column means: unit and formula, shown in detail views and docs."""

from __future__ import annotations

COLUMN_DOCS: dict[str, tuple[str, str]] = {
    "packages": ("packages", "accelerator packages in the scale-up domain"),
    "hbm_tb": ("TB", "domain HBM = packages x per-package HBM (or the vendor's stated total)"),
    "hbm_tbps": ("TB/s", "domain HBM bandwidth = packages x per-package bandwidth"),
    "bf16_pflops": ("PFLOP/s", "domain dense BF16 = packages x per-package figure"),
    "fp8_pflops": ("PFLOP/s", "domain dense FP8 = packages x per-package figure"),
    "fp4_pflops": ("PFLOP/s", "domain dense FP4 = packages x per-package figure"),
    "max_params_t": (
        "T params",
        "pipeline_domains x hbm_tb x weight_fraction / (bits_per_param/8)",
    ),
    "max_params_t_low": ("T params", "max_params_t at the low end of the HBM range"),
    "max_params_t_high": ("T params", "max_params_t at the high end of the HBM range"),
    "model_fits": ("", "weights_fit and kv_fits: the weights and the KV of the batch both fit"),
    "weights_fit": (
        "",
        "weights per chip <= weight_fraction x chip HBM for the replica's layout (seed: "
        "domains_needed <= pipeline_domains)",
    ),
    "replica_chips": (
        "chips",
        "chips of one model replica: replica_chips, or the smallest that holds the weights and "
        "the batch's KV (powers of two and the whole domain)",
    ),
    "layout": (
        "",
        "TPn: everything split n ways; EPn (DP-attn | TPm): attention data-parallel, experts over "
        "n chips; PPs x TPn: s whole domains as pipeline stages",
    ),
    "replicas_per_domain": (
        "replicas",
        "floor(packages / replica_chips) (a fraction: spans domains)",
    ),
    "weights_gb_per_chip": (
        "GB",
        "dense weights / tensor parallel + routed experts / replica chips",
    ),
    "max_sequences": (
        "sequences",
        "sequences at full context whose KV the replica holds beside its weights",
    ),
    "batch": ("sequences", "the batch decoded: concurrent_sequences, or max_sequences if fewer"),
    "t_links_ms": (
        "ms",
        "per step: tensor-parallel all-reduce and expert all-to-all bytes over their links",
    ),
    "t_floor_ms": (
        "ms",
        "per step: layers x the platform's per-layer latency ([[platform]] or layer_latency_us) + "
        "dispatch/combine latency per MoE layer under expert parallelism + draft steps",
    ),
    "t_step_ms": (
        "ms",
        "time between a sequence's tokens: max(weights/BW, GEMM FLOPs) + max(KV/BW, attention "
        "FLOPs) + links + floor (pipeline: stages x stage + hops)",
    ),
    "tokens_per_step": ("tokens", "1 + speculative_tokens accepted per decode step"),
    "decode_tok_s_per_replica": ("tokens/s", "batch x decode_tok_s_per_seq"),
    "prefill_chips_per_decode_chip": (
        "chips",
        "disaggregated: prefill chips needed per decode chip at this request rate",
    ),
    "why_no_speed": ("", "why a speed is blank, or computed for a smaller batch"),
    "decode_tok_s_per_mw": (
        "tokens/s/MW",
        "decode_tok_s_per_chip / (system kW / packages) x 1,000",
    ),
    "decode_tok_s_per_chip_at_target": (
        "tokens/s",
        "the most tokens per chip on the system's front at >= target_tok_s_per_user",
    ),
    "usd_per_mtok_at_target": (
        "USD",
        "$/Mtok at the front point with the most tokens per chip at >= target_tok_s_per_user",
    ),
    "why_not_at_target": ("", "why a system has no figure at the target interactivity"),
    "ratio_per_user": ("x", "predicted / measured tokens/s per user"),
    "config_median_factor": (
        "x",
        "median over a measured front's points of their distance to the computed front of the "
        "same replica size (swept over concurrency): the least f within which the curve passes "
        "on both axes",
    ),
    "config_max_factor": ("x", "the largest such distance on the front"),
    "config_above_share": (
        "share",
        "measured points the computed front beats per chip at their tokens/s per user "
        "(optimistic there)",
    ),
    "config_median_ratio_per_chip": (
        "x",
        "computed / measured tokens/s per chip at each measured point's tokens/s per user, "
        "same replica size; steep near the latency floor, so read it beside the factor",
    ),
    "best_median_ratio_per_chip": (
        "x",
        "the system's Frontier-pane front (any replica size) / measured tokens/s per chip at "
        "the measured tokens/s per user: >= 1 when the computed best covers the measured one",
    ),
    "ratio_per_chip": ("x", "predicted / measured output tokens/s per chip"),
    "train_max_params_t": (
        "T params",
        "pipeline_domains x hbm_tb / train_bytes_per_param "
        "(weights, gradients, optimizer state; no activations)",
    ),
    "shipped_by_year": ("", "first_ship <= year (the 'as of' year assumption)"),
    "domains_needed": ("domains", "ceil(weight bytes / (hbm x weight_fraction)): pipeline depth"),
    "weights_tb": ("TB", "total params x bits_per_param / 8 (every expert resident)"),
    "kv_tb_per_stage": (
        "TB",
        "concurrent_sequences x KV bytes per sequence (each stage holds "
        "its layers for every microbatch in flight)",
    ),
    "kv_room_tb_per_stage": ("TB", "domain HBM - the stage's weights"),
    "kv_fits": ("", "kv_tb_per_stage <= kv_room_tb_per_stage"),
    "max_sequences_per_stage": ("sequences", "kv_room_tb_per_stage / KV bytes per sequence"),
    "experts_touched": (
        "fraction",
        "1 - (1 - k/E)^concurrent_sequences: routed experts a decode step reads",
    ),
    "t_memory_ms": (
        "ms",
        "per stage: (dense + touched expert weights + KV of the batch) / "
        "(HBM TB/s x hbm_bw_efficiency)",
    ),
    "t_compute_ms": (
        "ms",
        "per stage: (2 x active x batch + attention) / (dense FLOP/s at "
        "the weights' precision x mfu)",
    ),
    "t_expert_ms": (
        "ms",
        "per stage: expert-parallel dispatch + combine at scale-up bandwidth (one direction)",
    ),
    "t_hop_ms": ("ms", "one pipeline hop: hop_latency_us + activations / scale-out bandwidth"),
    "bound": ("", "whether memory or compute sets the stage time"),
    "decode_tok_s_per_seq": (
        "tokens/s",
        "tokens_per_step / t_step, less the share of time the replica prefills (aggregated)",
    ),
    "ep_domains_needed": (
        "domains",
        "the alternative to pipelining: domains needed when each "
        "keeps the dense weights and 1/n of the routed experts",
    ),
    "ep_t_scaleout_ms": (
        "ms",
        "per decode step: expert all-to-all over scale-out (bandwidth + 2 x layers x hop latency)",
    ),
    "ep_decode_tok_s_per_seq": (
        "tokens/s",
        "decode speed with experts spread over domains instead of a pipeline",
    ),
    "decode_tok_s_per_domain": ("tokens/s", "concurrent_sequences / stage time (pipeline full)"),
    "decode_tok_s_per_chip": ("tokens/s", "batch x decode_tok_s_per_seq / replica chips"),
    "ttft_s": (
        "s",
        "prefill (2 x active x context + 2 x layers x width x context^2) / "
        "(dense FLOP/s x mfu) + hops",
    ),
    "cost_basis": (
        "",
        "price: owned (a price and a power figure); rent: the catalog's rent (no price or power); "
        "none: neither (why_no_cost says which is missing)",
    ),
    "why_no_cost": ("", "why a system has no $/hour: what the catalog lacks"),
    "capital_usd_per_hour": (
        "USD/h",
        "price x (1 - discounted residual) x CRF(cost_of_capital, amortization_years) / 8,760",
    ),
    "network_storage_usd_per_hour": (
        "USD/h",
        "price x network_storage_fraction x (1 - discounted residual) x CRF / 8,760: cluster "
        "networking and storage bought with the system",
    ),
    "network_storage_fraction": (
        "fraction",
        "networking and storage capex per dollar of price: the catalog's per-system figure, or "
        "the network_storage_fraction assumption when it is >= 0",
    ),
    "facility_usd_per_hour": (
        "USD/h",
        "IT power_kw x facility_usd_per_kw x CRF(cost_of_capital, facility_years) / 8,760",
    ),
    "power_usd_per_hour": ("USD/h", "IT power_kw x pue x usd_per_kwh"),
    "opex_usd_per_hour": ("USD/h", "price x opex_fraction / 8,760"),
    "usd_per_hour": (
        "USD/h",
        "price basis: capital + network_storage + facility + power + opex; rent basis: "
        "rent_usd_per_hour",
    ),
    "usd_per_chip_hour": ("USD/h", "usd_per_hour / packages"),
    "usd_per_hbm_tb_hour": ("USD/h", "usd_per_hour / hbm_tb"),
    "rent_usd_per_hour": ("USD/h", "catalog rental per package-hour x packages"),
    "site_systems": ("systems", "floor(site_gw x 1e6 / (power_kw x pue))"),
    "site_capex_usd": (
        "USD",
        "site_systems x (price x (1 + network_storage_fraction) + IT power_kw x "
        "facility_usd_per_kw); price basis only",
    ),
    "site_usd_per_year": ("USD", "site_systems x usd_per_hour x 8,760"),
    "site_usd_per_chip_hour": (
        "USD/h",
        "site_usd_per_year / (site_chips x 8,760): the Cost pane's usd_per_chip_hour",
    ),
    "usd_per_gw_year": ("USD", "site_usd_per_year / site_gw"),
    "usd_per_mtok": (
        "USD",
        "output tokens: usd_per_hour / (decode_tok_s_per_domain x utilization x 3,600) x 1e6",
    ),
    "usd_per_mtok_input": (
        "USD",
        "input tokens: usd_per_hour / (prefill tokens/s x utilization x 3,600) x 1e6",
    ),
    "installed_hbm_pb": ("PB", "cumulative [[volume]] units x domain HBM, domains >= 64 packages"),
    "model_copies": ("copies", "installed_hbm_pb x weight_fraction / the model's weights"),
    "kv_bytes_per_token": (
        "B",
        "GQA: 2 x layers x kv_heads x head_dim x kv_bits/8; MLA: layers "
        "x (kv_lora_rank + qk_rope_head_dim) x kv_bits/8",
    ),
    "kv_gb_per_sequence": (
        "GB",
        "KV bytes per token x context (sliding-window layers capped at the window)",
    ),
}
