"""Load, validate and merge catalog files into typed polars frames.

The catalog is data, never code: TOML read with tomllib, every row checked against
`core.catalog.schema`, overlays merged by id (same id replaces the row), then references checked
across the merged set. Any problem raises `CatalogError` with one located line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from core.catalog.supply import installed_hbm
from core.catalog.validate import RowOrigin, check_references, merge, validate_rows
from core.errors import CatalogError
from core.tomlfile import read_toml


@dataclass(frozen=True)
class Catalog:
    """The merged, validated catalog: raw rows (for detail views) and typed frames."""

    version: str
    rows: dict[str, dict[str, dict[str, Any]]]  # table -> id -> row (as written)
    origins: dict[tuple[str, str], RowOrigin]
    files: tuple[str, ...]
    accelerators: pl.DataFrame = field(repr=False)
    systems: pl.DataFrame = field(repr=False)
    models: pl.DataFrame = field(repr=False)
    volumes: pl.DataFrame = field(repr=False)
    sources: pl.DataFrame = field(repr=False)
    # Tables derived from the catalog by formulas (KV sizes per setting), kept across edits.
    memo: dict[Any, pl.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def installed_hbm(self) -> pl.DataFrame:
        """Cumulative HBM per bloc and year in large domains: depends on the catalog only."""
        return installed_hbm(self.systems, self.volumes)

    def row(self, table: str, row_id: str) -> dict[str, Any]:
        """One raw row by table and id."""
        return self.rows[table][row_id]

    def sources_of(self, table: str, row_id: str) -> list[dict[str, Any]]:
        """The [[source]] rows a row cites, in order."""
        return [self.rows["source"][sid] for sid in self.rows[table][row_id].get("sources", [])]


def builtin_catalog_path() -> Path:
    """The embedded catalog: inside the installed package, or at the top of a checkout."""
    packaged = resources.files("core").joinpath("catalog.toml")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "catalog.toml"


def _read_layer(
    path: Path, label: str, origins: dict[tuple[str, str], RowOrigin]
) -> tuple[dict[str, list[dict[str, Any]]], str]:
    data, text = read_toml(path)
    layer = validate_rows(data, text, label, origins)
    meta = data.get("meta", {})
    return layer, str(meta.get("version", "")) if isinstance(meta, dict) else ""


def _builtin_layer(
    path: Path, origins: dict[tuple[str, str], RowOrigin]
) -> tuple[dict[str, list[dict[str, Any]]], str]:
    """The built-in catalog, validated once and then read from the cache."""
    from core.catalog.cache import cached_rows

    def load() -> dict[str, Any]:
        found: dict[tuple[str, str], RowOrigin] = {}
        layer, version = _read_layer(path, path.name, found)
        return {
            "layer": layer,
            "version": version,
            "origins": [[t, i, o.path, o.line] for (t, i), o in found.items()],
        }

    content = cached_rows(path, load, _usable_cache)
    for table, row_id, label, line in content["origins"]:
        origins[(table, row_id)] = RowOrigin(label, line)
    return content["layer"], content["version"]


def _usable_cache(content: Any) -> bool:
    """Whether cached content has the shape `load` writes and its rows validate again: the
    cache is a file anyone can edit, so it is checked like any other input."""
    try:
        layer, origins = content["layer"], content["origins"]
        if not isinstance(content["version"], str) or not isinstance(layer, dict):
            return False
        checked = validate_rows(layer, "", "cache", {})
        rows = {(t, row["id"]) for t, table in checked.items() for row in table}
        listed = {(t, i) for t, i, label, line in origins if isinstance(label, str)}
        lines_ok = all(isinstance(entry[3], int) for entry in origins)
        return rows == listed and lines_ok and all(layer.get(t) == checked[t] for t in layer)
    except (CatalogError, KeyError, TypeError, ValueError, AttributeError, IndexError):
        return False


def load_catalog(overlays: Sequence[str | Path] = (), base: str | Path | None = None) -> Catalog:
    """Load the built-in catalog (or `base`), overlay user files by id, validate, build frames."""
    paths = [Path(base) if base is not None else builtin_catalog_path(), *map(Path, overlays)]
    origins: dict[tuple[str, str], RowOrigin] = {}
    layers = []
    version = ""
    for index, path in enumerate(paths):
        if index == 0 and base is None:
            layer, version = _builtin_layer(path, origins)
        else:
            layer, layer_version = _read_layer(path, str(path), origins)
            version = version or (layer_version if index == 0 else "")
        layers.append(layer)
    merged = merge(layers)
    check_references(merged, origins)
    if not merged["system"]:
        raise CatalogError(f"{paths[0]}: the catalog has no [[system]] rows")
    if len(paths) > 1:
        version += " + " + ", ".join(p.name for p in paths[1:])
    return build_catalog(merged, origins, version, tuple(str(p) for p in paths))


def build_catalog(
    merged: dict[str, dict[str, dict[str, Any]]],
    origins: dict[tuple[str, str], RowOrigin],
    version: str,
    files: tuple[str, ...],
) -> Catalog:
    """Typed frames from validated rows."""
    from core.catalog.frames import (
        accelerator_frame,
        model_frame,
        source_frame,
        system_frame,
        volume_frame,
    )

    accelerators = accelerator_frame(merged["accelerator"])
    return Catalog(
        version=version,
        rows=merged,
        origins=origins,
        files=files,
        accelerators=accelerators,
        systems=system_frame(merged["system"], merged["accelerator"], merged["platform"]),
        models=model_frame(merged["model"]),
        volumes=volume_frame(merged["volume"], merged["system"]),
        sources=source_frame(merged["source"]),
    )


__all__ = [
    "Catalog",
    "CatalogError",
    "RowOrigin",
    "builtin_catalog_path",
    "load_catalog",
]
