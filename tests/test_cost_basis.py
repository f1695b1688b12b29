"""One cost basis: the realistic preset against public owning costs, rent-based rows, reasons
for blanks, the network/storage override, and the site system's id, all worked by hand."""

from __future__ import annotations

import polars as pl
import pytest

from core import Assumptions, evaluate
from core.errors import InputError
from core.formulas.cost import capital_recovery_factor

# SemiAnalysis AI Cloud TCO model, July 2026 (via InferenceX): owning cost at hyperscaler
# volume, USD per GPU-hour.
SEMIANALYSIS_OWNING = {
    "hgx-h100": 1.17,
    "hgx-b200": 1.73,
    "gb200-nvl72": 1.86,
    "gb300-nvl72": 2.31,
}


@pytest.fixture(scope="module")
def realistic_cost(catalog) -> pl.DataFrame:
    return evaluate(catalog, Assumptions.preset("realistic")).cost


def row(frame: pl.DataFrame, system_id: str) -> dict:
    return frame.filter(pl.col("system_id") == system_id).row(0, named=True)


def test_crf_for_six_and_fourteen_years_by_hand() -> None:
    # 1.08^6 = 1.586874, so 0.08 / (1 - 1/1.586874) = 0.08 / 0.369830 = 0.216315.
    assert capital_recovery_factor(0.08, 6) == pytest.approx(0.216315, rel=1e-5)
    # 1.08^14 = 2.937194, so 0.08 / (1 - 0.340461) = 0.121297.
    assert capital_recovery_factor(0.08, 14) == pytest.approx(0.121297, rel=1e-5)


def test_realistic_gb200_by_hand(realistic_cost) -> None:
    # capital 3.1M x 0.216315 / 8,760 = 76.550; network + storage 0.30 of that = 22.965;
    # facility 132 kW x 12,500 x 0.121297 / 8,760 = 22.847; power 132 x 1.2 x 0.08 = 12.672;
    # opex 3.1M x 0.015 / 8,760 = 5.308. Total 140.342 per rack-hour, 1.9492 per chip-hour.
    gb200 = row(realistic_cost, "gb200-nvl72")
    assert gb200["capital_usd_per_hour"] == pytest.approx(76.550, abs=0.002)
    assert gb200["network_storage_usd_per_hour"] == pytest.approx(22.965, abs=0.002)
    assert gb200["facility_usd_per_hour"] == pytest.approx(22.847, abs=0.002)
    assert gb200["opex_usd_per_hour"] == pytest.approx(5.308, abs=0.002)
    assert gb200["usd_per_hour"] == pytest.approx(140.342, abs=0.005)
    assert gb200["usd_per_chip_hour"] == pytest.approx(1.9492, abs=0.0002)
    # Site: 6,313 racks; capex 6,313 x (3.1M x 1.3 + 132 x 12,500) = $35.858bn (Bernstein
    # $35bn, Epoch $38bn); a year 6,313 x 140.342 x 8,760 = $7.761bn (Epoch $7-12bn by life).
    assert gb200["site_capex_usd"] == pytest.approx(35.858e9, rel=1e-4)
    assert gb200["usd_per_gw_year"] == pytest.approx(7.761e9, rel=1e-3)


def test_realistic_matches_public_owning_costs(realistic_cost) -> None:
    for system_id, public in SEMIANALYSIS_OWNING.items():
        ours = row(realistic_cost, system_id)
        assert ours["cost_basis"] == "price"
        assert 0.8 * public <= ours["usd_per_chip_hour"] <= 1.25 * public, system_id
        # The site view prices a chip-hour as the Cost pane does (within 10%).
        assert ours["site_usd_per_chip_hour"] == pytest.approx(ours["usd_per_chip_hour"], rel=0.10)
    gb200 = row(realistic_cost, "gb200-nvl72")
    assert 33e9 <= gb200["site_capex_usd"] <= 42e9
    assert 7e9 <= gb200["usd_per_gw_year"] <= 12e9


def test_rent_based_hour_by_hand(realistic_cost) -> None:
    # No price in the catalog: 8 x $1.99 rent per MI300X-hour = $15.92 per platform-hour;
    # 9,216 TPU7x chips x $2.00 = $18,432 per pod-hour.
    mi300x = row(realistic_cost, "amd-mi300x-platform")
    assert mi300x["cost_basis"] == "rent"
    assert mi300x["usd_per_hour"] == pytest.approx(15.92)
    assert mi300x["capital_usd_per_hour"] is None
    assert row(realistic_cost, "tpu7x-ironwood-pod")["usd_per_hour"] == pytest.approx(18_432)


def test_every_priced_or_rented_system_has_an_hour(catalog, realistic_cost) -> None:
    systems = catalog.systems.select("system_id", "family", "price_usd", "power_kw")
    table = realistic_cost.join(systems.select("system_id", "family"), on="system_id")
    for family in ("Instinct Platform", "TPU pod"):
        rows = table.filter(pl.col("family") == family)
        assert rows.height >= 3 and rows["usd_per_hour"].null_count() == 0, family
    for r in table.join(
        catalog.systems.select("system_id", "rent_usd_per_chip_hour"), on="system_id"
    ).iter_rows(named=True):
        priced = r["price_usd"] is not None and r["power_kw"] is not None
        rented = r["rent_usd_per_chip_hour"] is not None
        if priced or rented:
            assert r["usd_per_hour"] is not None and r["why_no_cost"] == "", r["system_id"]
        else:
            assert r["cost_basis"] == "none" and r["why_no_cost"], r["system_id"]
    assert row(realistic_cost, "amd-helios-mi455x")["why_no_cost"] == (
        "a price but no power figure in the catalog"
    )
    assert row(realistic_cost, "kyber-feynman")["why_no_cost"] == "no price or rent in the catalog"


def test_network_storage_override(catalog, seed) -> None:
    # An override of 0.6 on the seed GB200: capital 70.776 x 0.6 = 42.466 for network + storage.
    cost = evaluate(catalog, seed.replace(network_storage_fraction=0.6)).cost
    gb200 = row(cost, "gb200-nvl72")
    assert gb200["network_storage_fraction"] == pytest.approx(0.6)
    assert gb200["network_storage_usd_per_hour"] == pytest.approx(42.466, abs=0.001)
    h100 = row(evaluate(catalog, seed).cost, "hgx-h100")
    assert h100["network_storage_fraction"] == pytest.approx(0.12)  # the catalog's HGX figure


def test_unknown_site_system_is_refused(catalog, seed) -> None:
    with pytest.raises(InputError, match=r"site_system_id.*'gb200-nvl72'"):
        evaluate(catalog, seed.replace(site_system_id="gb200-nvl27"))


def test_rest_funding_quotes_the_published_range(catalog, seed) -> None:
    claims = evaluate(catalog, seed).claims
    steps = claims.filter(pl.col("claim_id") == "rest-funding")["steps"][0]
    assert "$7-12bn per GW-year" in steps and "Nesov $9-11bn" in steps
    assert "Gulf sovereign-backed capacity" in steps


def test_cli_refuses_an_unknown_site_system_with_exit_2() -> None:
    from conftest import run_cli

    result = run_cli("claims", "--set", "site_system_id=nope")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "site_system_id" in lines[0] and "'nope'" in lines[0]
