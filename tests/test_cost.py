"""Cost per hour, per token, per training run and per frontier site, against hand-worked figures."""

from __future__ import annotations

import polars as pl
import pytest

from core import evaluate
from core.formulas.cost import capital_recovery_factor


def cost_row(results, system_id: str) -> dict:
    return results.cost.filter(pl.col("system_id") == system_id).row(0, named=True)


def test_capital_recovery_factor_by_hand() -> None:
    # r = 8%, 5 years: 0.08 / (1 - 1.08^-5) = 0.25046
    assert capital_recovery_factor(0.08, 5) == pytest.approx(0.250456, rel=1e-5)
    assert capital_recovery_factor(0.0, 4) == pytest.approx(0.25)


def test_gb200_rack_hour_by_hand(catalog, seed) -> None:
    # Seed: straight line (no cost of capital), 5-year servers, 12-year facility, no opex,
    # and the catalog's 0.30 networking + storage share for an NVL72 rack.
    # capital 3.1M / 5 / 8,760 = 70.776; network + storage 0.30 x 70.776 = 21.233;
    # facility 132 kW x 12,500 / 12 / 8,760 = 15.696; power 132 x 1.2 x 0.08 = 12.672.
    row = cost_row(evaluate(catalog, seed), "gb200-nvl72")
    assert row["cost_basis"] == "price"
    assert row["capital_usd_per_hour"] == pytest.approx(70.776, abs=0.001)
    assert row["network_storage_usd_per_hour"] == pytest.approx(21.233, abs=0.001)
    assert row["facility_usd_per_hour"] == pytest.approx(15.696, abs=0.001)
    assert row["power_usd_per_hour"] == pytest.approx(12.672, abs=0.001)
    assert row["usd_per_hour"] == pytest.approx(120.377, abs=0.001)
    # SemiAnalysis's owning cost, $1.86 per GPU-hour, is ~$134 per rack-hour.
    assert 100 <= row["usd_per_hour"] <= 150
    assert row["usd_per_chip_hour"] == pytest.approx(row["usd_per_hour"] / 72)


def test_cost_moves_the_right_way(catalog, seed) -> None:
    base = cost_row(evaluate(catalog, seed), "gb200-nvl72")["usd_per_hour"]
    dearer = cost_row(evaluate(catalog, seed.replace(usd_per_kwh=0.2)), "gb200-nvl72")
    longer = cost_row(evaluate(catalog, seed.replace(amortization_years=8)), "gb200-nvl72")
    more_network = cost_row(
        evaluate(catalog, seed.replace(network_storage_fraction=0.6)), "gb200-nvl72"
    )
    assert more_network["usd_per_hour"] > base
    with_interest = cost_row(evaluate(catalog, seed.replace(cost_of_capital=0.1)), "gb200-nvl72")
    assert dearer["usd_per_hour"] > base
    assert longer["usd_per_hour"] < base
    assert with_interest["usd_per_hour"] > base


def test_gigawatt_year_by_hand(catalog, seed) -> None:
    # floor(1e6 kW / (132 kW x 1.2)) = floor(6,313.1) = 6,313 racks; a year is 8,760 of
    # their hours at the Cost pane's $120.377: 6,313 x 120.377 x 8,760 = $6.657bn.
    row = cost_row(evaluate(catalog, seed), "gb200-nvl72")
    assert row["site_systems"] == 6_313
    assert row["usd_per_gw_year"] == pytest.approx(6_313 * 120.377 * 8_760, rel=1e-5)
    assert row["site_usd_per_chip_hour"] == pytest.approx(row["usd_per_chip_hour"])
    assert row["site_years_funded"] == pytest.approx(2e9 / (6_313 * 120.377 * 8_760), rel=1e-5)
    # Capex: 6,313 x (3.1M x 1.30 + 132 kW x 12,500) = 6,313 x 5.68M = $35.858bn.
    assert row["site_capex_usd"] == pytest.approx(35.858e9, rel=1e-4)


def test_kimi_k2_cost_per_token(catalog, seed) -> None:
    results = evaluate(catalog, seed.replace(model_id="kimi-k2"))
    fit = results.fit.select("system_id", "model_fits", "kv_fits")
    table = results.cost.join(fit, on="system_id")
    usable = table.filter(
        pl.col("model_fits") & pl.col("kv_fits") & pl.col("usd_per_hour").is_not_null()
    )
    assert usable.height >= 5
    speeds = results.fit.select("system_id", "decode_tok_s_per_domain")
    for row in usable.join(speeds, on="system_id").iter_rows(named=True):
        # $/Mtok by hand: an hour's cost over the tokens of the billed share of the hour.
        tokens_per_hour = row["decode_tok_s_per_domain"] * 0.7 * 3600
        assert row["usd_per_mtok"] == pytest.approx(row["usd_per_hour"] / tokens_per_hour * 1e6)
        assert row["usd_per_mtok_input"] > 0
    refused = table.filter(~pl.col("model_fits"))
    assert refused.height >= 1
    assert all("needs" in why and "domains" in why for why in refused["why_not"])


def test_training_run_by_hand(catalog, seed) -> None:
    results = evaluate(catalog, seed.replace(params_t=20.0))
    row = cost_row(results, "gb300-nvl72")
    active = 5e12
    flops = 6 * active * (120 * active)
    site_flops = row["site_systems"] * 72 * 15e15 * 0.4  # dense FP4 at 4-bit weights, 40% MFU
    assert row["train_flops"] == pytest.approx(flops)
    assert row["train_days_on_site"] == pytest.approx(flops / site_flops / 86_400)


def test_gb200_cost_per_mtok_by_hand(catalog, seed) -> None:
    # GB200 NVL72 under seed costs $120.377 per rack-hour (above); at 1,000 tokens/s and 70%
    # of hours billed, a million tokens costs 120.377 / (1,000 x 0.7 x 3,600) x 1e6 = $47.769.
    from core.formulas.cost import usd_per_mtok

    hour = cost_row(evaluate(catalog, seed), "gb200-nvl72")["usd_per_hour"]
    assert hour == pytest.approx(120.377, abs=0.001)
    assert usd_per_mtok(hour, 1_000.0, 0.7) == pytest.approx(47.769, abs=0.001)


def test_claim_cost_per_token_equals_the_frontier(catalog) -> None:
    # The big-models claim reads $/Mtok off the Frontier pane's fronts: same formula, same data.
    import re

    from core import Assumptions

    a = Assumptions.preset("realistic")
    claim = evaluate(catalog, a).claims.filter(pl.col("claim_id") == "big-models-affordable")
    quoted = re.search(r"\n20 tok/s/user: \$([0-9.]+) vs \$([0-9.]+)", claim["steps"][0])
    front = evaluate(catalog, a.with_hypothetical(20.0)).frontier
    rack = front.filter(
        (pl.col("system_id") == "gb300-nvl72") & (pl.col("decode_tok_s_per_seq") >= 20)
    )
    assert rack["usd_per_mtok"].min() == pytest.approx(float(quoted.group(1)), rel=0.01)
    kimi = evaluate(catalog, a.with_model("kimi-k2")).frontier
    server = kimi.filter(
        (pl.col("system_id") == "hgx-h200") & (pl.col("decode_tok_s_per_seq") >= 20)
    )
    assert server["usd_per_mtok"].min() == pytest.approx(float(quoted.group(2)), rel=0.01)
