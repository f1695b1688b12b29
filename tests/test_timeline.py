"""Timeline: who can obtain which system when, driven by the catalog's access rules."""

from __future__ import annotations

import polars as pl
from conftest import run_cli

from core import evaluate, load_catalog


def best(results, year: int, bloc: str) -> dict:
    return results.timeline.filter((pl.col("year") == year) & (pl.col("bloc") == bloc)).row(
        0, named=True
    )


def test_json_covers_years_and_blocs() -> None:
    result = run_cli("timeline", "--preset", "seed", "--format", "json")
    frame = pl.read_json(result.stdout.encode())
    for year in range(2023, 2031):
        for bloc in ("us", "china", "rest"):
            row = frame.filter((pl.col("year") == year) & (pl.col("bloc") == bloc))
            assert row.height == 1
    assert {"year", "bloc", "system_id", "max_params_t"} <= set(frame.columns)


def test_us_grows_over_50x_from_2023_to_2028(catalog, seed) -> None:
    for topology in ("any", "switched"):
        results = evaluate(catalog, seed.replace(timeline_topology=topology))
        assert (
            best(results, 2028, "us")["max_params_t"]
            > 50 * best(results, 2023, "us")["max_params_t"]
        )


def test_china_never_gets_barred_nvidia_racks(catalog, seed) -> None:
    china = evaluate(catalog, seed).timeline.filter(pl.col("bloc") == "china")
    barred = {sid for sid, row in catalog.rows["system"].items() if row["access_china"] == "never"}
    assert not barred & set(china["system_id"].drop_nulls())
    assert best(evaluate(catalog, seed), 2024, "china")["system_id"] == "hgx-h20"


def test_access_rules_come_from_the_catalog(write, seed) -> None:
    import tomli_w

    base = load_catalog()
    rows = [
        {**base.row("system", s), "access_china": "never"}
        for s in ("atlas-950-superpod", "atlas-960-superpod")
    ]
    closed = load_catalog(overlays=[write("closed.toml", tomli_w.dumps({"system": rows}))])
    assert best(evaluate(base, seed), 2027, "china")["system_id"] == "atlas-960-superpod"
    assert best(evaluate(closed, seed), 2027, "china")["system_id"] == "cloudmatrix-384"


def test_year_basis_volume_delays_systems(catalog, seed) -> None:
    # The Atlas 950 SuperPoD first ships in 2026 with no volume year, so on the volume basis
    # it counts from 2027 and China's best 2026 system falls back to the CloudMatrix 384.
    ship = best(evaluate(catalog, seed), 2026, "china")
    volume = best(evaluate(catalog, seed.replace(timeline_basis="volume")), 2026, "china")
    assert ship["system_id"] == "atlas-950-superpod"
    assert volume["system_id"] == "cloudmatrix-384"
    assert volume["max_params_t"] < ship["max_params_t"]


def test_installed_hbm_is_cumulative(catalog, seed) -> None:
    us = evaluate(catalog, seed).timeline.filter(pl.col("bloc") == "us").sort("year")
    values = us["installed_hbm_pb"].to_list()
    assert values == sorted(values) and values[-1] > 0
