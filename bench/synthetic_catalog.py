"""A catalog overlay with many synthetic [[system]] rows, to time `evaluate` at scale.

Rows reuse accelerator ids and one source id of the built-in catalog (read with tomllib), so
the overlay passes the same validation and reference checks as a user's file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PACKAGE_COUNTS = (8, 16, 32, 64, 72, 128, 144, 256, 384, 576)
TOPOLOGIES = ("switched", "torus")
CONFIDENCES = ("official", "reported", "estimate")
FIRST_YEAR, LAST_YEAR = 2020, 2032


@dataclass(frozen=True)
class CatalogIds:
    """Ids in the built-in catalog that synthetic rows may reference."""

    accelerators: tuple[tuple[str, str], ...]  # (id, vendor)
    source: str


def read_catalog_ids(catalog_path: Path) -> CatalogIds:
    """Accelerator ids (with their vendor) and the first source id of a catalog file."""
    data = tomllib.loads(catalog_path.read_text(encoding="utf-8"))
    accelerators = tuple((row["id"], row["vendor"]) for row in data["accelerator"])
    return CatalogIds(accelerators=accelerators, source=data["source"][0]["id"])


def synthetic_system_toml(index: int, ids: CatalogIds) -> str:
    """One [[system]] row; fields vary with `index` so frames are not constant."""
    accelerator, vendor = ids.accelerators[index % len(ids.accelerators)]
    packages = PACKAGE_COUNTS[index % len(PACKAGE_COUNTS)]
    first_ship = FIRST_YEAR + index % (LAST_YEAR - FIRST_YEAR + 1)
    china = '"never"' if index % 3 == 0 else str(first_ship + 1)
    power_kw = round(1.3 * packages + index % 17, 1)
    price_usd = float(30_000 * packages + 1_000 * (index % 101))
    return (
        "[[system]]\n"
        f'id = "synthetic-{index:05d}"\n'
        f'name = "Synthetic system {index}"\n'
        f'vendor = "{vendor}"\n'
        'family = "Synthetic"\n'
        f'accelerator = "{accelerator}"\n'
        f"packages = {packages}\n"
        f'topology = "{TOPOLOGIES[index % len(TOPOLOGIES)]}"\n'
        f"power_kw = {power_kw}\n"
        f"price_usd = {price_usd}\n"
        f"first_ship_year = {first_ship}\n"
        f"access_us = {first_ship}\n"
        f"access_china = {china}\n"
        f"access_rest = {first_ship}\n"
        f'confidence = "{CONFIDENCES[index % len(CONFIDENCES)]}"\n'
        f'sources = ["{ids.source}"]\n'
    )


def write_system_overlay(path: Path, count: int, catalog_path: Path) -> Path:
    """Write an overlay of `count` synthetic systems to `path` and return it."""
    ids = read_catalog_ids(catalog_path)
    rows = (synthetic_system_toml(index, ids) for index in range(count))
    path.write_text("\n".join(rows), encoding="utf-8")
    return path
