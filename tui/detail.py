"""Detail views: every field of a row with its unit and meaning, and where it came from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import polars as pl
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from core import Assumptions, Catalog, Results
from core.catalog.schema import field_map
from core.column_docs import COLUMN_DOCS
from tui.present.columns import CATALOG_TABLES
from tui.present.formatting import format_raw, format_value
from tui.present.printable import printable

if TYPE_CHECKING:
    from textual.binding import ActiveBinding, Binding


def _texts(*cells: object) -> list[Text]:
    """Cells as plain Text: catalog strings may hold brackets that are not markup."""
    return [Text(printable(cell)) for cell in cells]


def _field_table(title: str) -> Table:
    # Text, not markup: titles like "[[system]] gb300-nvl72" are literal.
    table = Table(title=Text(printable(title)), title_justify="left", expand=True, show_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", justify="right")
    table.add_column("unit", style="dim")
    table.add_column("meaning")
    return table


def catalog_row(catalog: Catalog, table: str, row_id: str) -> RenderableType:
    """A raw catalog row as written, with units, meanings, origin and sources."""
    row = catalog.row(table, row_id)
    specs = field_map(table)
    fields = _field_table(f"[[{table}]] {row_id}  ({catalog.origins[(table, row_id)]})")
    for key, value in row.items():
        if key in ("sources", "notes"):
            continue
        spec = specs.get(key)
        fields.add_row(
            *_texts(key, format_raw(value), spec.unit if spec else "", spec.help if spec else "")
        )
    parts: list[RenderableType] = [fields]
    if row.get("notes"):
        parts.append(Text(f"\nNotes: {printable(row['notes'], keep_newlines=True)}"))
    if table == "system":
        parts.append(Text(""))
        parts.append(catalog_row(catalog, "accelerator", row["accelerator"]))
    elif table != "source":
        parts.append(sources_block(catalog, table, row_id))
    if table == "system":
        parts.append(sources_block(catalog, table, row_id))
    return Group(*parts)


def sources_block(catalog: Catalog, table: str, row_id: str) -> RenderableType:
    """The sources a row cites: title, publisher, date and URL."""
    block = Table(
        title=Text(f"sources of {row_id}"), title_justify="left", expand=True, show_edge=False
    )
    block.add_column("id", style="bold", no_wrap=True)
    block.add_column("title")
    block.add_column("date", no_wrap=True)
    block.add_column("url", overflow="fold")
    for source in catalog.sources_of(table, row_id):
        title = source["title"] + (f" ({source['publisher']})" if source.get("publisher") else "")
        block.add_row(*_texts(source["id"], title, source["date"], source["url"]))
    return block


def computed_row(frame: pl.DataFrame, key_column: str, row_key: str, title: str) -> Table:
    """A computed row: every column with its value, unit and formula."""
    row = frame.filter(pl.col(key_column).cast(pl.String) == row_key)
    fields = _field_table(title)
    if row.height == 0:
        return fields
    for column, value in row.row(0, named=True).items():
        unit, meaning = COLUMN_DOCS.get(column, ("", ""))
        fields.add_row(*_texts(column, format_value(column, value), unit, meaning))
    return fields


def detail_for(
    pane_id: str,
    key_column: str,
    row_key: str,
    frame: pl.DataFrame,
    catalog: Catalog,
    results: Results,
) -> tuple[str, RenderableType]:
    """Title and body of the detail view for one row of one pane."""
    if pane_id == "pane-catalog" and key_column in CATALOG_TABLES:
        table = CATALOG_TABLES[key_column]
        name = catalog.row(table, row_key).get("name") or catalog.row(table, row_key).get("title")
        return f"{table}: {name}", catalog_row(catalog, table, row_key)
    if pane_id == "pane-claims" and "steps" in results.claims.columns:
        row = results.claims.filter(pl.col("claim_id") == row_key)
        if row.height:
            record = row.row(0, named=True)
            body = Group(
                Text(record["claim"], style="bold"),
                Text(
                    f"\nvalue: {format_value('value', record['value'])} {record['unit']}   "
                    f"expected: {record['expected']}   holds: "
                    f"{'yes' if record['holds'] else 'no'}"
                ),
                Text(f"needs / margin: {record['needs']}\n"),
                Text(record["steps"]),
                *(
                    sources_block(catalog, "system", system_id)
                    for system_id in (record.get("systems_used") or "").split(", ")
                    if system_id in catalog.rows["system"]
                ),
            )
            return f"claim {row_key}", body
    parts: list[RenderableType] = [
        computed_row(frame, key_column, row_key, f"{pane_id[5:]}: {row_key}")
    ]
    if key_column == "system_id" and row_key in catalog.rows["system"]:
        parts.append(sources_block(catalog, "system", row_key))
    return row_key, Group(*parts)


def binding_rows(
    active: Iterable[ActiveBinding], key_display: Callable[[Binding], str]
) -> list[tuple[str, str]]:
    """(key, what it does) for each described binding, once per action, and the keys that
    are not bindings of their own."""
    seen: set[tuple[str, str]] = set()
    rows: list[tuple[str, str]] = []
    for entry in active:
        binding = entry.binding
        if binding.description and (binding.description, binding.action) not in seen:
            seen.add((binding.description, binding.action))
            rows.append((key_display(binding), binding.description))
    rows.append(("ctrl+p", "command palette: pane, model, preset, set, export, theme"))
    rows.append(("tab / shift+tab", "move focus between the pane and the assumptions"))
    return rows


def assumption_rows() -> list[tuple[str, ...]]:
    """(key, unit, valid range, meaning, source) for every assumption."""
    rows = []
    for spec in Assumptions.specs().values():
        if spec.kind in ("float", "int"):
            value_range = f"{spec.low:g} – {spec.high:g}"
        elif spec.kind == "choice":
            value_range = " | ".join(spec.choices)
        else:
            value_range = ""
        rows.append((spec.key, spec.unit, value_range, spec.help, spec.source))
    return rows


def help_body(
    bindings: list[tuple[str, str]], assumptions_rows: list[tuple[str, ...]]
) -> RenderableType:
    """Keys and assumption meanings for the help screen."""
    keys = Table(title="Keys", title_justify="left", expand=True, show_edge=False)
    keys.add_column("key", style="bold", no_wrap=True)
    keys.add_column("does")
    for key, description in bindings:
        keys.add_row(*_texts(key, description))
    knobs = Table(title="Assumptions", title_justify="left", expand=True, show_edge=False)
    for name in ("key", "unit", "range", "meaning", "source"):
        knobs.add_column(name, no_wrap=name == "key")
    for row in assumptions_rows:
        knobs.add_row(*_texts(*row))
    filters = Text(
        "\nFilter (/): words match any text cell; column>value compares (hbm_tb>10, "
        "vendor=amd, first_ship<=2026, system~rubin); terms combine with AND; esc clears.\n"
        "Sort: [ ascending, ] descending, by the column under the cursor.\n"
        "Estimates are marked ~name in italics; every number's sources are in its detail view."
    )
    return Group(keys, filters, Text(""), knobs)
