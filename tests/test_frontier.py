"""Serving fronts: monotone, physical, read at a target, against InferenceX's measured front."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core import Assumptions, evaluate, load_catalog
from core.formulas.frontier import front_extremes, front_points

CATALOG = load_catalog()


def deepseek_fp8() -> Assumptions:
    return (
        Assumptions.preset("realistic")
        .with_model("deepseek-v3")
        .replace(bits_per_param=8.0, kv_bits=8.0)
    )


def test_fronts_are_pareto_and_cover_the_catalog() -> None:
    front = evaluate(CATALOG, deepseek_fp8()).frontier
    assert front["system_id"].n_unique() >= 20
    for _, rows in front.group_by("system_id"):
        users = rows["decode_tok_s_per_seq"].to_list()
        chips = rows["decode_tok_s_per_chip"].to_list()
        # Sorted fastest per user first; each step down in interactivity buys throughput.
        assert users == sorted(users, reverse=True)
        assert all(b > a for a, b in pairwise(chips))


def test_b300_front_near_inferencex() -> None:
    # InferenceX, DeepSeek-R1 FP8, SGLang TP8, 8k/1k and 1k/1k on 8x B300: ~47 tok/s/user at
    # 357 output tok/s/GPU (1k/1k, concurrency 64). Read the computed front at 47 tok/s/user.
    front = evaluate(CATALOG, deepseek_fp8()).frontier.filter(pl.col("system_id") == "hgx-b300")
    at = front.filter(pl.col("decode_tok_s_per_seq") >= 47)["decode_tok_s_per_chip"].max()
    assert 357 / 2 <= at <= 357 * 2


def test_cost_at_target_interactivity_or_a_reason() -> None:
    cost = evaluate(CATALOG, deepseek_fp8().replace(target_tok_s_per_user=50.0)).cost
    priced = cost.filter(pl.col("usd_per_mtok_at_target").is_not_null())
    assert priced.height >= 10
    missing = cost.filter(pl.col("usd_per_mtok_at_target").is_null())
    assert all(reason for reason in missing["why_not_at_target"].to_list())
    # $/Mtok at the target = the point's $/chip-hour over its tokens per chip-hour billed.
    row = priced.filter(pl.col("system_id") == "gb200-nvl72").row(0, named=True)
    front = evaluate(CATALOG, deepseek_fp8()).frontier.filter(
        (pl.col("system_id") == "gb200-nvl72") & (pl.col("decode_tok_s_per_seq") >= 50)
    )
    best = front.sort("decode_tok_s_per_chip", descending=True).row(0, named=True)
    hour = cost.filter(pl.col("system_id") == "gb200-nvl72")["usd_per_chip_hour"][0]
    assert row["usd_per_mtok_at_target"] == pytest.approx(
        hour / (best["decode_tok_s_per_chip"] * 3600 * 0.7) * 1e6
    )


def test_no_front_without_flops() -> None:
    # Without a FLOP/s figure a large batch would look free; such systems get a reason instead.
    summary = evaluate(CATALOG, deepseek_fp8()).frontier_summary
    feynman = summary.filter(pl.col("system_id") == "kyber-feynman").row(0, named=True)
    assert feynman["decode_tok_s_per_chip_at_target"] is None
    assert "FLOP/s" in feynman["why_not_at_target"]


def test_frontier_command_prints_json() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tui", "frontier", "--model", "deepseek-v3", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = json.loads(out)
    assert {
        "system_id",
        "replica_chips",
        "concurrent_sequences",
        "decode_tok_s_per_seq",
        "decode_tok_s_per_chip",
        "usd_per_mtok",
    } <= set(rows[0])


def test_front_points_by_hand() -> None:
    """Two systems: a point stays when every faster point of its system serves fewer tokens
    per chip; among equal points the first listed stays; another system's points never
    hide one."""
    system = np.array([0, 0, 0, 0, 1, 1, 0])
    user = np.array([100.0, 50.0, 40.0, 50.0, 10.0, 5.0, 20.0])
    chip = np.array([10.0, 40.0, 30.0, 40.0, 1.0, 2.0, np.nan])
    usable = np.isfinite(chip)
    kept = front_points(system, user, chip, usable)
    # System 0, fastest first: (100, 10), (50, 40) [index 1 before its twin 3]; (40, 30) is
    # beaten by (50, 40); the NaN point is not usable. System 1: (10, 1), (5, 2).
    assert kept.tolist() == [0, 1, 4, 5]


def test_front_extremes_by_hand() -> None:
    systems = pl.DataFrame({"system_id": ["a", "b", "c"]})
    front = pl.DataFrame(
        {
            "system_id": ["b", "b", "a"],
            "decode_tok_s_per_seq": [100.0, 10.0, 30.0],
            "decode_tok_s_per_chip": [5.0, 50.0, 7.0],
            "usd_per_mtok": [None, 2.0, 3.0],
        }
    )
    extremes = front_extremes(front, systems)
    assert extremes["max_tok_s_per_seq"].tolist()[:2] == [30.0, 100.0]
    assert extremes["max_tok_s_per_chip"].tolist()[:2] == [7.0, 50.0]
    assert extremes["min_usd_per_mtok"].tolist()[:2] == [3.0, 2.0]  # a missing price is skipped
    assert all(np.isnan(extremes[name][2]) for name in extremes)  # c has no front


def test_a_catalog_swept_in_slices_gives_the_same_fronts(monkeypatch: pytest.MonkeyPatch) -> None:
    import core.formulas.frontier as frontier

    catalog = load_catalog()
    a = Assumptions.preset("realistic").with_model("deepseek-v3")
    model = evaluate(catalog, a).model
    whole = frontier.system_fronts(catalog.systems, a, model)
    monkeypatch.setattr(frontier, "SWEEP_SLICE_SYSTEMS", 7)  # 31 systems: five slices
    assert_frame_equal(frontier.system_fronts(catalog.systems, a, model), whole)
