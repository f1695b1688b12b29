"""Checking catalog rows against the schema, merging layers by id, and checking references.

Every problem raises `CatalogError` with one located line (file:line, table, id, field).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.catalog.schema import TABLE_ORDER, FieldSpec, field_map
from core.errors import CatalogError
from core.suggest import did_you_mean

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MAX_REPORTED = 12  # problems of one file named in its one-line message
_ID_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


@dataclass(frozen=True)
class RowOrigin:
    """Where a row was read from, for located messages and the detail view."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


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
        if isinstance(value, str) and _is_date(value):
            return None
        if isinstance(value, str) and _DATE_RE.fullmatch(value):
            return spec.expected() + " with a real month and day"
        return spec.expected()
    if kind == "year_or_never":
        if value == "never":
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2040:
            return None
        return spec.expected()
    raise AssertionError(kind)


def _is_date(text: str) -> bool:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real month and day (not `2025-13-45`)."""
    match = _DATE_RE.fullmatch(text)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def validate_rows(
    data: dict[str, Any], text: str, label: str, origins: dict[tuple[str, str], RowOrigin]
) -> dict[str, list[dict[str, Any]]]:
    known_tables = (*TABLE_ORDER, "meta")
    for key, value in data.items():
        if key not in known_tables:
            raise CatalogError(
                f"{label}: unknown table [[{key}]]{did_you_mean(key, known_tables)}; "
                "expected one of " + ", ".join(f"[[{t}]]" for t in TABLE_ORDER)
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

    # Field errors are gathered, not raised at the first: a file with five mistakes is
    # reported with five located parts in its one line, not fixed and re-run five times.
    problems: list[str] = []
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
            found = len(problems)
            for key in row:
                if key not in specs:
                    problems.append(
                        f"{field_where(line, key)}: {name}: unknown field '{key}'"
                        f"{did_you_mean(key, specs)}"
                    )
            for spec in specs.values():
                if spec.name not in row:
                    if spec.required:
                        problems.append(
                            f"{where}: {name}: missing required field '{spec.name}' "
                            f"({spec.help}; {spec.expected()})"
                        )
                    continue
                problem = _check_value(spec, row[spec.name])
                if problem:
                    problems.append(
                        f"{field_where(line, spec.name)}: {name}: field '{spec.name}': "
                        f"expected {problem}, "
                        f"found {_describe(row[spec.name])}"
                    )
            if len(problems) > found:
                continue
            if not _ID_RE.fullmatch(row_id):
                problems.append(
                    f"{where}: {name}: field 'id': expected kebab-case such as 'gb300-nvl72', "
                    f"found {row_id!r}"
                )
                continue
            if row_id in seen:
                problems.append(f"{where}: {name}: duplicate id in [[{table}]]")
                continue
            seen.add(row_id)
            try:
                _check_row_logic(table, row, where, name, specs)
            except CatalogError as error:
                problems.append(str(error))
                continue
            origins[(table, row_id)] = RowOrigin(label, line)
            checked.append(row)
        tables[table] = checked
    if problems:
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        raise CatalogError(
            "; ".join(shown) + (f"; and {more} more problems in {label}" if more else "")
        )
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


def merge(
    layers: Sequence[dict[str, list[dict[str, Any]]]],
) -> dict[str, dict[str, dict[str, Any]]]:
    merged: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in TABLE_ORDER}
    for layer in layers:
        for table, rows in layer.items():
            for row in rows:
                merged[table][row["id"]] = row
    return merged


def check_references(
    merged: dict[str, dict[str, dict[str, Any]]], origins: dict[tuple[str, str], RowOrigin]
) -> None:
    links = (
        ("system", "accelerator", "accelerator"),
        ("volume", "system", "system"),
        ("accelerator", "platform", "platform"),
    )
    for table, key, target in links:
        for row_id, row in merged[table].items():
            if key in row and row[key] not in merged[target]:
                raise CatalogError(
                    f"{origins[(table, row_id)]}: [[{table}]] {row_id!r}: field '{key}': no "
                    f"[[{target}]] with id {row[key]!r}{did_you_mean(row[key], merged[target])}"
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
                        f"{did_you_mean(source_id, merged['source'])}"
                    )
