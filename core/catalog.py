"""Load, validate and merge catalog files into typed polars frames.

The catalog is data, never code: TOML read with tomllib, every row checked against
`core.schema`, overlays merged by id (same id replaces the row), then references checked
across the merged set. Any problem raises `CatalogError` with one located line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from core.errors import CatalogError
from core.schema import BLOCS, TABLE_ORDER, FieldSpec, field_map

MAX_FILE_BYTES = 20_000_000
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


@dataclass(frozen=True)
class RowOrigin:
    """Where a row was read from, for located messages and the detail view."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


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

    @cached_property
    def installed_hbm(self) -> pl.DataFrame:
        """Cumulative HBM per bloc and year in large domains: depends on the catalog only."""
        from core.timeline import installed_hbm

        return installed_hbm(self.systems, self.volumes)

    def models_at(self, kv_bits: float, context_tokens: int) -> pl.DataFrame:
        """The models table with KV sizes at these settings (memoised: edits to other
        assumptions do not recompute it)."""
        from core.kv import with_kv_columns

        key = (kv_bits, context_tokens)
        cache = self.__dict__.setdefault("_models_at", {})
        if key not in cache:
            if len(cache) > 64:
                cache.clear()
            cache[key] = with_kv_columns(self.models, kv_bits, context_tokens)
        return cache[key]

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
    return Path(__file__).resolve().parent.parent / "catalog.toml"


def read_toml(path: str | Path, what: str = "catalog") -> tuple[dict[str, Any], str]:
    """Read a TOML file as text and data, or raise one located CatalogError line."""
    path = Path(path)
    label = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CatalogError(
                f"{label}: {what} file is {size / 1e6:.0f} MB; expected at most "
                f"{MAX_FILE_BYTES / 1e6:.0f} MB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(f"{label}: no such {what} file") from None
    except IsADirectoryError:
        raise CatalogError(f"{label}: is a folder; expected a {what} TOML file") from None
    except OSError as error:
        raise CatalogError(f"{label}: cannot read {what} file ({error.strerror})") from None
    if b"\x00" in raw:
        raise CatalogError(f"{label}: binary data (NUL byte); expected a UTF-8 TOML {what} file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogError(
            f"{label}:{line}: not UTF-8 text (byte {error.start}); "
            f"expected a UTF-8 TOML {what} file"
        ) from None
    import tomllib  # here: a start from the validated cache parses no TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        located = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        where = f"{label}:{located.group(1)}:{located.group(2)}" if located else label
        raise CatalogError(f"{where}: TOML syntax error: {reason}") from None
    return data, text


_ARRAY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\]")


def _header_lines(text_lines: list[str]) -> dict[str, list[int]]:
    """Line numbers of every `[[table]]` header, by table, in one pass over the file."""
    headers: dict[str, list[int]] = {}
    for number, line in enumerate(text_lines, 1):
        if line.lstrip().startswith("[["):
            match = _ARRAY_HEADER.match(line)
            if match:
                headers.setdefault(match.group(1), []).append(number)
    return headers


def _closest(name: str, known: Iterable[str]) -> str:
    import difflib  # only on the error path

    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _describe(value: object) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) < 40 else repr(value[:37] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, date):
        return f"a TOML date {value.isoformat()} (write it in quotes)"
    return repr(value)


def _check_value(spec: FieldSpec, value: object) -> str | None:
    """None if valid, else what was expected."""
    kind = spec.kind
    if kind in ("float", "int"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return spec.expected()
        if kind == "int" and isinstance(value, float) and not value.is_integer():
            return spec.expected()
        if not math.isfinite(float(value)):
            return spec.expected() + " (finite)"
        if spec.low is not None and value < spec.low:
            return spec.expected()
        if spec.high is not None and value > spec.high:
            return spec.expected()
        return None
    if kind == "str":
        if not isinstance(value, str) or not value.strip():
            return spec.expected() if spec.choices else "non-empty text"
        if spec.choices and value not in spec.choices:
            return spec.expected()
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else spec.expected()
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            return "a list of non-empty strings"
        return None
    if kind == "date":
        if isinstance(value, str) and _DATE_RE.match(value):
            return None
        return spec.expected()
    if kind == "year_or_never":
        if value == "never":
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2040:
            return None
        return spec.expected()
    raise AssertionError(kind)


def _validate_rows(
    data: dict[str, Any], text: str, label: str, origins: dict[tuple[str, str], RowOrigin]
) -> dict[str, list[dict[str, Any]]]:
    known_tables = (*TABLE_ORDER, "meta")
    for key, value in data.items():
        if key not in known_tables:
            raise CatalogError(
                f"{label}: unknown table [[{key}]]{_closest(key, known_tables)}; expected one of "
                + ", ".join(f"[[{t}]]" for t in TABLE_ORDER)
            )
        if key != "meta" and not isinstance(value, list):
            raise CatalogError(f"{label}: '{key}' must be an array of tables written [[{key}]]")
    tables: dict[str, list[dict[str, Any]]] = {}
    text_lines = text.splitlines()
    headers = _header_lines(text_lines)
    all_headers = sorted(n for n, line in enumerate(text_lines, 1) if line.lstrip()[:1] == "[")

    def field_where(row_line: int, key: str) -> str:
        """file:line of `key = ...` inside the row that starts at `row_line`."""
        if not row_line:
            return label
        end = next((h for h in all_headers if h > row_line), len(text_lines) + 1)
        pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
        for number in range(row_line + 1, end):
            if pattern.match(text_lines[number - 1]):
                return f"{label}:{number}"
        return f"{label}:{row_line}"

    for table in TABLE_ORDER:
        rows = data.get(table, [])
        lines = headers.get(table, [])
        specs = field_map(table)
        seen: set[str] = set()
        checked: list[dict[str, Any]] = []
        for index, row in enumerate(rows):
            line = lines[index] if index < len(lines) else 0
            where = f"{label}:{line}" if line else label
            if not isinstance(row, dict):
                raise CatalogError(f"{where}: [[{table}]] entry #{index + 1} is not a table")
            row_id = row.get("id")
            name = (
                f"[[{table}]] {row_id!r}"
                if isinstance(row_id, str)
                else f"[[{table}]] #{index + 1}"
            )
            for key in row:
                if key not in specs:
                    raise CatalogError(
                        f"{field_where(line, key)}: {name}: unknown field '{key}'"
                        f"{_closest(key, specs)}"
                    )
            for spec in specs.values():
                if spec.name not in row:
                    if spec.required:
                        raise CatalogError(
                            f"{where}: {name}: missing required field '{spec.name}' "
                            f"({spec.help}; {spec.expected()})"
                        )
                    continue
                problem = _check_value(spec, row[spec.name])
                if problem:
                    raise CatalogError(
                        f"{field_where(line, spec.name)}: {name}: field '{spec.name}': "
                        f"expected {problem}, "
                        f"found {_describe(row[spec.name])}"
                    )
            if not _ID_RE.match(row_id):
                raise CatalogError(
                    f"{where}: {name}: field 'id': expected kebab-case such as 'gb300-nvl72', "
                    f"found {row_id!r}"
                )
            if row_id in seen:
                raise CatalogError(f"{where}: {name}: duplicate id in [[{table}]]")
            seen.add(row_id)
            _check_row_logic(table, row, where, name, specs)
            origins[(table, row_id)] = RowOrigin(label, line)
            checked.append(row)
        tables[table] = checked
    return tables


def _check_row_logic(
    table: str, row: dict[str, Any], where: str, name: str, specs: dict[str, FieldSpec]
) -> None:
    for spec in specs.values():
        low, high = row.get(spec.name + "_low"), row.get(spec.name + "_high")
        value = row.get(spec.name)
        if low is not None and high is not None and low > high:
            raise CatalogError(
                f"{where}: {name}: field '{spec.name}_low' ({low:g}) is above "
                f"'{spec.name}_high' ({high:g})"
            )
        if value is not None and low is not None and value < low:
            raise CatalogError(
                f"{where}: {name}: field '{spec.name}' ({value:g}) is below its "
                f"'{spec.name}_low' ({low:g})"
            )
        if value is not None and high is not None and value > high:
            raise CatalogError(
                f"{where}: {name}: field '{spec.name}' ({value:g}) is above its "
                f"'{spec.name}_high' ({high:g})"
            )
    if table == "model":
        if row.get("active_params_b", 0) > row["total_params_b"]:
            raise CatalogError(
                f"{where}: {name}: field 'active_params_b' ({row['active_params_b']:g}) exceeds "
                f"'total_params_b' ({row['total_params_b']:g})"
            )
        needed = (
            ("kv_lora_rank", "qk_rope_head_dim")
            if row["attention"] == "mla"
            else ("kv_heads", "head_dim")
        )
        for key in needed:
            if key not in row:
                raise CatalogError(
                    f"{where}: {name}: attention '{row['attention']}' needs field '{key}'"
                )
        if ("experts_routed" in row) != ("experts_active" in row):
            raise CatalogError(
                f"{where}: {name}: 'experts_routed' and 'experts_active' go together"
            )
        if "experts_routed" in row and row["experts_active"] > row["experts_routed"]:
            raise CatalogError(f"{where}: {name}: field 'experts_active' exceeds 'experts_routed'")
        local = row.get("sliding_window_layers", 0) + row.get("linear_attention_layers", 0)
        if local > row["layers"]:
            raise CatalogError(
                f"{where}: {name}: sliding-window plus linear-attention layers ({local}) exceed "
                f"'layers' ({row['layers']})"
            )
        if row.get("sliding_window_layers") and "sliding_window" not in row:
            raise CatalogError(f"{where}: {name}: 'sliding_window_layers' needs 'sliding_window'")
    if table == "system" and row.get("volume_year", 9999) < row["first_ship_year"]:
        raise CatalogError(
            f"{where}: {name}: field 'volume_year' ({row['volume_year']}) is before "
            f"'first_ship_year' ({row['first_ship_year']})"
        )


def _merge(
    layers: Sequence[dict[str, list[dict[str, Any]]]],
) -> dict[str, dict[str, dict[str, Any]]]:
    merged: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in TABLE_ORDER}
    for layer in layers:
        for table, rows in layer.items():
            for row in rows:
                merged[table][row["id"]] = row
    return merged


def _check_references(
    merged: dict[str, dict[str, dict[str, Any]]], origins: dict[tuple[str, str], RowOrigin]
) -> None:
    links = (("system", "accelerator", "accelerator"), ("volume", "system", "system"))
    for table, key, target in links:
        for row_id, row in merged[table].items():
            if row[key] not in merged[target]:
                raise CatalogError(
                    f"{origins[(table, row_id)]}: [[{table}]] {row_id!r}: field '{key}': no "
                    f"[[{target}]] with id {row[key]!r}{_closest(row[key], merged[target])}"
                )
    for table in TABLE_ORDER:
        if table == "source":
            continue
        for row_id, row in merged[table].items():
            for source_id in row.get("sources", []):
                if source_id not in merged["source"]:
                    raise CatalogError(
                        f"{origins[(table, row_id)]}: [[{table}]] {row_id!r}: field 'sources': "
                        f"no [[source]] with id {source_id!r}"
                        f"{_closest(source_id, merged['source'])}"
                    )


def _read_layer(
    path: Path, label: str, origins: dict[tuple[str, str], RowOrigin]
) -> tuple[dict[str, list[dict[str, Any]]], str]:
    data, text = read_toml(path)
    layer = _validate_rows(data, text, label, origins)
    meta = data.get("meta", {})
    return layer, str(meta.get("version", "")) if isinstance(meta, dict) else ""


def _builtin_layer(
    path: Path, origins: dict[tuple[str, str], RowOrigin]
) -> tuple[dict[str, list[dict[str, Any]]], str]:
    """The built-in catalog, validated once and then read from the cache."""
    from core.cache import cached_rows

    def load() -> dict[str, Any]:
        found: dict[tuple[str, str], RowOrigin] = {}
        layer, version = _read_layer(path, path.name, found)
        return {
            "layer": layer,
            "version": version,
            "origins": [[t, i, o.path, o.line] for (t, i), o in found.items()],
        }

    content = cached_rows(path, load)
    for table, row_id, label, line in content["origins"]:
        origins[(table, row_id)] = RowOrigin(label, line)
    return content["layer"], content["version"]


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
    merged = _merge(layers)
    _check_references(merged, origins)
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
    from core.frames import accelerator_frame, model_frame, source_frame, system_frame, volume_frame

    accelerators = accelerator_frame(merged["accelerator"])
    return Catalog(
        version=version,
        rows=merged,
        origins=origins,
        files=files,
        accelerators=accelerators,
        systems=system_frame(merged["system"], merged["accelerator"]),
        models=model_frame(merged["model"]),
        volumes=volume_frame(merged["volume"], merged["system"]),
        sources=source_frame(merged["source"]),
    )


def access_year(row: dict[str, Any], bloc: str) -> int | None:
    """First year `bloc` can obtain a system, or None if never."""
    value = row[f"access_{bloc}"]
    return None if value == "never" else int(value)


__all__ = [
    "BLOCS",
    "Catalog",
    "CatalogError",
    "access_year",
    "builtin_catalog_path",
    "load_catalog",
    "read_toml",
]
