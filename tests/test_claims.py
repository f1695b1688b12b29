"""The seed's claims under the seed preset, pinned to the seed note's hand calculations."""

from __future__ import annotations

import math

import pytest

from core import Assumptions, evaluate


def claims(catalog, assumptions) -> dict[str, dict]:
    table = evaluate(catalog, assumptions).claims
    return {row["claim_id"]: row for row in table.iter_rows(named=True)}


def test_every_claim_is_checked(catalog, seed) -> None:
    rows = claims(catalog, seed)
    assert list(rows) == [
        "china-1t-nvl8",
        "oberon-20-25t",
        "kyber-400t",
        "feynman-1-3q",
        "nvl8-fleet-cannot-serve",
        "huawei-quantity",
        "rest-funding",
        "big-models-affordable",
        "no-leapfrog",
    ]
    for row in rows.values():
        assert row["needs"] and row["steps"] and row["expected"]


def test_seed_preset_values(catalog, seed) -> None:
    rows = claims(catalog, seed)
    # 8 x H200 = 1.128 TB at 0.5 B/param and half of HBM: 1.13T (seed note claim A).
    assert rows["china-1t-nvl8"]["value"] == pytest.approx(1.128)
    # GB300 NVL72 20.7 TB x 0.5 / 0.5 = 20.7T (seed note claim B).
    assert rows["oberon-20-25t"]["value"] == pytest.approx(20.736)
    # One Kyber rack holds 147T; 400T needs ceil(400 / 147) = 3 racks.
    assert rows["kyber-400t"]["value"] == 3
    assert "pipeline of 3 Kyber racks" in rows["kyber-400t"]["needs"]
    # 1,152 packages x 1.75 TB (the catalog's Feynman assumption) = 2,016T = 2 quadrillion.
    assert rows["feynman-1-3q"]["value"] == pytest.approx(1152 * 1.75)
    assert "Feynman HBM per package" in rows["feynman-1-3q"]["steps"]
    # ~3.8 vs ~55 tokens/s per sequence: about 15x.
    assert 12 <= rows["nvl8-fleet-cannot-serve"]["value"] <= 18
    # log2(10) x 8 months = 26.6 months of algorithmic lead.
    assert rows["no-leapfrog"]["value"] == pytest.approx(math.log2(10) * 8)
    for claim_id in (
        "china-1t-nvl8",
        "oberon-20-25t",
        "feynman-1-3q",
        "nvl8-fleet-cannot-serve",
        "kyber-400t",
        "rest-funding",
        "no-leapfrog",
    ):
        assert rows[claim_id]["holds"], claim_id


def test_bf16_breaks_size_claims_and_says_what_they_need(catalog, seed) -> None:
    seed_rows = claims(catalog, seed)
    bf16 = claims(catalog, seed.replace(bits_per_param=16))
    assert sum(r["holds"] for r in bf16.values()) < sum(r["holds"] for r in seed_rows.values())
    for claim_id in ("china-1t-nvl8", "oberon-20-25t", "feynman-1-3q", "kyber-400t"):
        row = bf16[claim_id]
        assert not row["holds"]
        assert "holds if bits_per_param <=" in row["needs"], row["needs"]
    # 20.736 x 0.5 x 8 / 19 = 4.37 bits is the most the Oberon claim allows.
    assert "4.15" in bf16["oberon-20-25t"]["needs"]


def test_solved_threshold_really_flips_the_claim(catalog, seed) -> None:
    rows = claims(catalog, seed.replace(bits_per_param=16))
    threshold = float(rows["oberon-20-25t"]["needs"].rsplit("<=", 1)[1].split()[0])
    assert claims(catalog, seed.replace(bits_per_param=threshold * 0.99))["oberon-20-25t"]["holds"]


def test_margin_for_a_holding_claim(catalog, seed) -> None:
    row = claims(catalog, seed)["china-1t-nvl8"]
    # 0.9T needs weight_fraction >= 0.5 x 0.9 / 1.128 = 0.399
    assert "weight_fraction >= 0.399" in row["needs"]


def test_affordability_is_judged_at_matched_interactivity(catalog, seed) -> None:
    realistic = Assumptions.preset("realistic")
    row = claims(catalog, realistic)["big-models-affordable"]
    # Both fronts are read at each interactivity; the value is the ratio at 20 tok/s/user.
    assert "20 tok/s/user: $" in row["steps"] and "x)" in row["steps"]
    assert row["needs"].startswith("holds at") and (
        "tok/s/user" in row["needs"] or "from 5 to 150" in row["needs"]
    )
    faster = claims(catalog, realistic.replace(target_tok_s_per_user=10.0))["big-models-affordable"]
    assert faster["value"] != row["value"]
    # 20T with 5T active against Kimi K2's 32B active: the cost ratio tracks active size.
    assert row["value"] > 1
