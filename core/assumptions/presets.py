"""Named starting points for the assumptions."""

from __future__ import annotations

from typing import Any

# What a user sees first: figures a practitioner would believe.
DEFAULT_PRESET = "realistic"

PRESETS: dict[str, dict[str, Any]] = {
    "seed": {
        "help": "the seed's arithmetic: 4-bit weights, half of HBM for weights, one domain, "
        "peak bandwidth, a large batch that touches every expert",
        "values": {},
    },
    "realistic": {
        "help": "how models are served today: NVFP4 weights with scales, FP8 KV cache, 80% of "
        "peak HBM bandwidth, the smallest replica that holds the model, per-layer latency "
        "floors, 7K-token prompts with 1K-token answers (8K context, InferenceX's long-input "
        "case), up to 80% of HBM for weights; owning costs as a hyperscaler books them: 8% "
        "cost of capital (an estimate: large-cap WACC; Epoch's $8.5bn per GW-year "
        "reproduces at 8%), servers over 6 years (Microsoft and Alphabet 10-Ks; Meta 5.5, "
        "Amazon 5), the facility over 14 years and other opex 1.5% of the price a year "
        "(Epoch AI, May 2026)",
        "values": {
            "serving_layout": "deployment",
            "weight_fraction": 0.8,
            "bits_per_param": 4.5,
            "kv_bits": 8.0,
            "hbm_bw_efficiency": 0.8,
            "context_tokens": 8192,
            "concurrent_sequences": 64,
            "cost_of_capital": 0.08,
            "amortization_years": 6.0,
            "facility_years": 14.0,
            "opex_fraction": 0.015,
        },
    },
    "fp8": {
        "help": "FP8 weights and KV cache (the way most 2025 open models ship)",
        "values": {"bits_per_param": 8.0, "kv_bits": 8.0, "hbm_bw_efficiency": 0.8},
    },
    "bf16": {
        "help": "BF16 weights and KV cache",
        "values": {"bits_per_param": 16.0, "kv_bits": 16.0, "hbm_bw_efficiency": 0.8},
    },
}
