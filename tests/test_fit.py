"""Memory fit, KV cache and decode speed against hand-worked numbers and published vectors."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Assumptions, evaluate
from core.formulas.quantities import expert_fraction


def fit_row(results, system_id: str) -> dict:
    return results.fit.filter(pl.col("system_id") == system_id).row(0, named=True)


def test_h200_server_holds_1_128t_at_seed(catalog, seed) -> None:
    # 8 x 141 GB = 1.128 TB; half for weights at 4 bits (0.5 B/param) -> 1.128T parameters.
    row = fit_row(evaluate(catalog, seed), "hgx-h200")
    assert row["hbm_tb"] == pytest.approx(1.128)
    assert row["max_params_t"] == pytest.approx(1.128)


def test_gb300_nvl72_holds_20_7t_at_seed(catalog, seed) -> None:
    # 72 x 288 GB = 20.736 TB -> 20.736T at 4 bits and half of HBM (the seed's 20.7T).
    assert fit_row(evaluate(catalog, seed), "gb300-nvl72")["max_params_t"] == pytest.approx(20.736)


def test_halving_bits_doubles_capacity(catalog, seed) -> None:
    four = evaluate(catalog, seed).fit["max_params_t"].to_numpy()
    eight = evaluate(catalog, seed.replace(bits_per_param=8)).fit["max_params_t"].to_numpy()
    assert eight == pytest.approx(four / 2)


def test_pipeline_and_weight_share_scale_capacity(catalog, seed) -> None:
    base = fit_row(evaluate(catalog, seed), "gb200-nvl72")["max_params_t"]
    more = fit_row(
        evaluate(catalog, seed.replace(pipeline_domains=3, weight_fraction=1.0)), "gb200-nvl72"
    )["max_params_t"]
    assert more == pytest.approx(base * 3 * 2)


@pytest.mark.parametrize(
    ("model_id", "bytes_bf16"),
    [
        ("deepseek-v3", 61 * (512 + 64) * 2),  # 70,272: MLA latent + RoPE key
        ("llama-3-70b", 2 * 80 * 8 * 128 * 2),  # 327,680: GQA, 8 KV heads
        ("qwen3-235b-a22b", 2 * 94 * 4 * 128 * 2),  # 192,512: GQA, 4 KV heads (hand-computed)
    ],
)
def test_kv_bytes_per_token(catalog, seed, model_id: str, bytes_bf16: int) -> None:
    models = evaluate(catalog, seed.replace(kv_bits=16)).models
    value = models.filter(pl.col("model_id") == model_id)["kv_bytes_per_token"][0]
    assert value == bytes_bf16
    half = evaluate(catalog, seed.replace(kv_bits=8)).models
    assert half.filter(pl.col("model_id") == model_id)["kv_bytes_per_token"][0] == bytes_bf16 / 2


def test_published_kv_vectors(catalog, seed) -> None:
    models = evaluate(catalog, seed.replace(kv_bits=16)).models
    by_id = dict(zip(models["model_id"], models["kv_bytes_per_token"], strict=True))
    assert by_id["deepseek-v3"] == 70_272
    assert by_id["llama-3-70b"] == 327_680


def test_sliding_window_caps_kv_per_sequence(catalog, seed) -> None:
    # gpt-oss-120b: 36 layers, half of them with a 128-token window, 8 KV heads x 64 dims.
    a = seed.replace(kv_bits=16, context_tokens=100_000)
    row = (
        evaluate(catalog, a).models.filter(pl.col("model_id") == "gpt-oss-120b").row(0, named=True)
    )
    per_layer_token = 2 * 8 * 64 * 2
    expected = per_layer_token * (18 * 100_000 + 18 * 128)
    assert row["kv_gb_per_sequence"] * 1e9 == pytest.approx(expected)


@pytest.mark.parametrize(("tokens", "expected"), [(1, 0.03125), (64, 0.8689), (256, 0.9997)])
def test_deepseek_expert_fraction(tokens: int, expected: float) -> None:
    # 1 - (1 - 8/256)^tokens: 3.1% at 1 token, ~87% at 64, ~100% at 256.
    assert expert_fraction(8, 256, tokens) == pytest.approx(expected, abs=1e-4)


def hand_decode_tok_s(hbm_tb, tbps, fp_pflops, scaleup_gbps_bidir, scaleout_gbps, packages):
    """The seed preset's decode speed for a 20T hypothetical model, worked out step by step."""
    total, active, experts, k = 20e12, 5e12, 256, 8
    routed = (total - active) / (1 - k / experts)
    dense = total - routed
    batch, context, kv_token, layers, hidden = 128, 8192, 70_272, 120, 16_384
    touched = 1 - (1 - k / experts) ** batch
    weight_bytes = total * 0.5
    stages = math.ceil(weight_bytes / (hbm_tb * 1e12 * 0.5))
    read = ((dense + routed * touched) * 0.5 + batch * context * kv_token) / stages
    t_memory = read / (tbps * 1e12)
    flops = (2 * active * batch + 4 * layers * hidden * batch * context) / stages
    t_compute = flops / (fp_pflops * 1e15 * 0.4)
    a2a = 2 * batch * k * hidden * 2 * layers / stages
    t_expert = a2a * (packages - 1) / packages / (scaleup_gbps_bidir / 2 * 1e9 * packages)
    t_hop = 10e-6 + batch * hidden * 2 / (scaleout_gbps * 1e9 * packages)
    t_token = stages * (max(t_memory, t_compute) + t_expert) + (stages - 1) * t_hop
    return stages, 1 / t_token


def test_20t_on_h200_servers_vs_gb300_rack(catalog, seed) -> None:
    results = evaluate(catalog, seed.replace(params_t=20.0))
    h200, gb300 = fit_row(results, "hgx-h200"), fit_row(results, "gb300-nvl72")
    stages, speed = hand_decode_tok_s(1.128, 38.4, 15.832, 900, 50, 8)
    assert h200["domains_needed"] == stages == 18
    assert h200["decode_tok_s_per_seq"] == pytest.approx(speed, rel=1e-6)
    stages, speed = hand_decode_tok_s(20.736, 576, 1080, 1800, 100, 72)
    assert gb300["domains_needed"] == stages == 1
    assert gb300["decode_tok_s_per_seq"] == pytest.approx(speed, rel=1e-6)
    # The seed note's hand calculation: ~3.8 vs ~55 tokens/s per sequence.
    assert h200["decode_tok_s_per_seq"] == pytest.approx(3.8, rel=0.05)
    assert gb300["decode_tok_s_per_seq"] == pytest.approx(55, rel=0.1)
    assert not h200["model_fits"] and gb300["model_fits"]


def test_decode_throughput_columns(catalog, seed) -> None:
    row = fit_row(evaluate(catalog, seed.replace(params_t=20.0)), "gb300-nvl72")
    assert row["decode_tok_s_per_domain"] == pytest.approx(128 * row["decode_tok_s_per_seq"])
    assert row["decode_tok_s_per_chip"] == pytest.approx(row["decode_tok_s_per_domain"] / 72)
    assert row["kv_room_tb_per_stage"] == pytest.approx(20.736 - 10.0)
    assert row["ttft_s"] > 0


@settings(max_examples=40, deadline=None)
@given(scale=st.floats(1.0, 8.0), bits=st.floats(1.0, 31.0), extra=st.floats(0.01, 1.0))
def test_properties_bandwidth_and_bits(catalog, scale: float, bits: float, extra: float) -> None:
    a = Assumptions.preset("seed").replace(params_t=5.0, bits_per_param=bits)
    base = evaluate(catalog, a)
    faster = catalog.systems.with_columns(pl.col("hbm_tbps") * scale)
    from core.formulas.fit import fit_table
    from core.formulas.workload import resolve_model

    model = resolve_model(catalog.models, a)
    quick = fit_table(faster, a, model)["decode_tok_s_per_seq"].to_numpy()
    slow = base.fit["decode_tok_s_per_seq"].to_numpy()
    assert (quick >= slow * (1 - 1e-12)).all()
    more_bits = evaluate(catalog, a.replace(bits_per_param=min(32.0, bits + extra)))
    assert (
        more_bits.fit["max_params_t"].to_numpy()
        <= base.fit["max_params_t"].to_numpy() * (1 + 1e-12)
    ).all()


def test_training_fit_by_hand(catalog, seed) -> None:
    # GB300 NVL72: 20.736 TB / 16 B per parameter (mixed-precision Adam) = 1.296T trainable.
    assert fit_row(evaluate(catalog, seed), "gb300-nvl72")["train_max_params_t"] == (
        pytest.approx(20.736 / 16)
    )


def test_expert_parallel_alternative_by_hand(catalog, seed) -> None:
    import math

    results = evaluate(catalog, seed.replace(model_id="kimi-k2"))
    row = fit_row(results, "hgx-h100")
    kimi = catalog.row("model", "kimi-k2")
    total, active = kimi["total_params_b"] * 1e9, kimi["active_params_b"] * 1e9
    share = kimi["experts_active"] / kimi["experts_routed"]
    routed = (total - active) / (1 - share)
    dense_bytes, routed_bytes = (total - routed) * 0.5, routed * 0.5
    room = 0.64e12 * 0.5  # 8 x 80 GB, half for weights
    assert row["ep_domains_needed"] == math.ceil(routed_bytes / (room - dense_bytes))
    assert row["ep_decode_tok_s_per_seq"] > 0
    # A 20T model with 25% active: its dense part alone overflows an 8-GPU server.
    twenty = fit_row(evaluate(catalog, seed.replace(params_t=20.0)), "hgx-h200")
    assert twenty["ep_domains_needed"] is None and twenty["ep_decode_tok_s_per_seq"] is None
