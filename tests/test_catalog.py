"""The built-in catalog: size, provenance, and headline figures against vendor datasheets."""

from __future__ import annotations

import polars as pl
import pytest

from core.catalog import builtin_catalog_path, load_catalog
from core.catalog.schema import field_map


def test_catalog_is_large_enough(catalog) -> None:
    assert len(catalog.rows["system"]) >= 25
    assert len(catalog.rows["accelerator"]) >= 20
    assert len(catalog.rows["model"]) >= 15


def test_every_row_has_sources_that_resolve(catalog) -> None:
    for table in ("accelerator", "system", "model", "volume"):
        for row_id, row in catalog.rows[table].items():
            assert row["sources"], f"{table} {row_id} has no sources"
            for source_id in row["sources"]:
                assert source_id in catalog.rows["source"], (table, row_id, source_id)
            assert row["confidence"] in ("official", "reported", "estimate")
    for source in catalog.rows["source"].values():
        assert source["url"].startswith("http"), source["id"]


def test_every_source_is_used(catalog) -> None:
    used = {
        s
        for table in ("platform", "accelerator", "system", "model", "volume")
        for row in catalog.rows[table].values()
        for s in row["sources"]
    }
    assert set(catalog.rows["source"]) <= used


def test_domain_totals_are_packages_times_per_package(catalog) -> None:
    for row in catalog.systems.iter_rows(named=True):
        system = catalog.row("system", row["system_id"])
        accelerator = catalog.row("accelerator", system["accelerator"])
        if "hbm_tb" not in system:
            assert row["hbm_tb"] == pytest.approx(system["packages"] * accelerator["hbm_gb"] / 1e3)
        assert row["hbm_tbps"] == pytest.approx(system["packages"] * accelerator["hbm_tbps"])
        if "fp8_pflops" in accelerator:
            assert row["fp8_pflops"] == pytest.approx(
                system["packages"] * accelerator["fp8_pflops"]
            )


def test_ranges_bracket_values(catalog) -> None:
    for table in ("accelerator", "system", "model", "volume"):
        for row in catalog.rows[table].values():
            for key, spec in field_map(table).items():
                if f"{key}_low" in row and key in row:
                    assert row[f"{key}_low"] <= row[key] <= row.get(f"{key}_high", row[key]), (
                        row["id"],
                        key,
                        spec.name,
                    )


@pytest.mark.parametrize(
    ("system_id", "hbm_tb", "hbm_tbps", "fp8_pflops"),
    [
        ("hgx-h100", 0.64, 26.8, 15.832),  # 8 x 80 GB, 3.35 TB/s, 1,979 TFLOPS dense FP8
        ("hgx-h200", 1.128, 38.4, 15.832),  # 8 x 141 GB, 4.8 TB/s
        ("gb200-nvl72", 13.392, 576, 360),  # 72 x 186 GB, 8 TB/s, 5 PF dense FP8
        ("gb300-nvl72", 20.736, 576, 360),  # 72 x 288 GB (20.7 TB), 576 TB/s
        ("cloudmatrix-384", 49.152, 1228.8, None),  # 384 x 128 GB = 49.2 TB, 1,229 TB/s
        ("tpu7x-ironwood-pod", 1769.472, None, None),  # 9,216 x 192 GB = 1.77 PB
    ],
)
def test_headline_figures(catalog, system_id, hbm_tb, hbm_tbps, fp8_pflops) -> None:
    row = catalog.systems.filter(pl.col("system_id") == system_id).row(0, named=True)
    assert row["hbm_tb"] == pytest.approx(hbm_tb, rel=0.01)
    if hbm_tbps is not None:
        assert row["hbm_tbps"] == pytest.approx(hbm_tbps, rel=0.01)
    if fp8_pflops is not None:
        assert row["fp8_pflops"] == pytest.approx(fp8_pflops, rel=0.01)


def test_gb200_power_and_price_in_published_ranges(catalog) -> None:
    row = catalog.row("system", "gb200-nvl72")
    assert 120 <= row["power_kw"] <= 145
    assert 2e6 <= row["price_usd"] <= 4e6


def test_unannounced_hardware_is_marked_estimate(catalog) -> None:
    for system_id in ("kyber-feynman", "kyber-feynman-x8"):
        assert catalog.row("system", system_id)["confidence"] == "estimate"
    assert catalog.row("accelerator", "feynman")["confidence"] == "estimate"
    systems = catalog.systems.filter(pl.col("system_id").str.contains("feynman"))
    assert set(systems["confidence"]) == {"estimate"}


def test_export_rules_encoded(catalog) -> None:
    assert catalog.row("system", "gb300-nvl72")["access_china"] == "never"
    assert catalog.row("system", "hgx-h200")["access_china"] == 2026
    h20 = catalog.row("system", "hgx-h20")
    assert h20["access_china"] == 2024 and h20["access_china_until"] == 2025
    assert catalog.row("system", "cloudmatrix-384")["access_us"] == "never"


def test_builtin_path_exists_and_loads_standalone() -> None:
    assert builtin_catalog_path().is_file()
    assert load_catalog(base=builtin_catalog_path()).version


def test_builtin_cache_follows_the_file(tmp_path, monkeypatch) -> None:
    import core.catalog
    from core.catalog.cache import cache_dir

    copy = tmp_path / "catalog.toml"
    copy.write_text(builtin_catalog_path().read_text())
    monkeypatch.setattr(core.catalog, "builtin_catalog_path", lambda: copy)
    first = load_catalog()
    assert list(cache_dir().glob("catalog-*.json"))
    assert load_catalog().rows == first.rows  # second load: from the cache
    copy.write_text(copy.read_text().replace("packages = 72", "packages = 71", 1))
    assert load_catalog().rows != first.rows  # an edited file misses the cache
    for cached in cache_dir().glob("catalog-*.json"):
        cached.write_text("{not json")
    assert load_catalog().rows != first.rows  # a broken cache file is ignored


def test_edited_builtin_is_still_validated(tmp_path, monkeypatch) -> None:
    import core.catalog
    from core import CatalogError

    copy = tmp_path / "catalog.toml"
    copy.write_text(builtin_catalog_path().read_text().replace("packages = 72", "packages = -1", 1))
    monkeypatch.setattr(core.catalog, "builtin_catalog_path", lambda: copy)
    with pytest.raises(CatalogError, match="packages"):
        load_catalog()
