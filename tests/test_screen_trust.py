"""The screen can be trusted: whole columns with cut marks, filters by label, explained
blanks, marks and the compare view (issue 19), driven with the keyboard under Pilot."""

from __future__ import annotations

import re

import polars as pl
import pytest
from rich.segment import Segment

from core import Assumptions, load_catalog
from core.query import filter_frame
from tui.app import ScaleupApp
from tui.present.formatting import format_compact, format_value
from tui.present.reasons import short_reason
from tui.screens.compare import CompareScreen
from tui.widgets.table_layout import column_layout, cut_cell, scroll_for_cursor

# A number glued to the panel border or to the edge with no cut mark would read as real.
NUMBER_AT_EDGE = re.compile(r"[0-9A-Za-z.,]$")


def make_app(**changes) -> ScaleupApp:
    return ScaleupApp(load_catalog(), Assumptions.preset("seed").replace(**changes))


def table_lines(app: ScaleupApp) -> list[str]:
    table = app.current_pane().table
    width = table.scrollable_content_region.width
    return [
        "".join(s.text for s in table.render_line(y)).rstrip()[:width]
        for y in range(min(12, table.scrollable_content_region.height))
    ]


# ------------------------------------------------------------------ pure rules
def test_layout_scrolls_by_whole_columns_and_cuts_only_the_last() -> None:
    widths = [10, 4, 6, 6, 6]  # drawn 2 wider each
    layout = column_layout(widths, fixed=1, scroll_x=3, width=30)
    # scroll_x 3 is inside column 1: the first column shown whole is column 2
    assert [p for p, _, _ in layout] == [0, 2, 3, 4]
    assert layout[-1] == (4, 28, 2)  # cut to 2 cells
    assert scroll_for_cursor(widths, 1, cursor=4, scroll_x=0, room=18) == 14


def test_a_cut_cell_ends_in_the_cut_mark() -> None:
    cell = [Segment(" "), Segment("0.564"), Segment(" ")]
    assert "".join(s.text for s in cut_cell(cell, 4)) == " 0.…"


def test_one_format_per_column_and_microseconds() -> None:
    assert format_compact(310_000) == "310k"
    assert format_compact(3.1e6) == "3.1M"
    assert format_compact(4.05e26) == "4.05e26"
    assert format_value("price_usd", 310_000.0, compact=True) == "310k"
    assert format_value("t_hop_ms", 5.26e-05) == "0.0526 µs"
    assert format_value("t_hop_ms", 0.0079) == "7.9 µs"


def test_short_reasons() -> None:
    assert short_reason("needs 32 domains (room 0.32 TB ...); raise pipeline_domains") == (
        "needs 32 dom."
    )
    assert short_reason("no price or power in the catalog") == "no price, kW"


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ("fits=yes", 16),
        ("model_fits=yes", 16),
        ("h200|gb200", 3),
        ("system in (GB200 NVL72, gb300 nvl72)", 2),
        ("system~^gb[23]", 2),
    ],
)
def test_filter_language(query: str, rows: int) -> None:
    from core import evaluate

    fit = evaluate(load_catalog(), Assumptions.preset("seed").replace(params_t=20.0)).fit
    assert filter_frame(fit, query, aliases={"fits": "model_fits"}).height == rows


# ------------------------------------------------------------------ the app
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_scrolling_right_never_shows_a_cut_value_without_a_mark(size) -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.current_pane().table
        for _ in range(len(table.column_names)):
            lines = table_lines(app)
            width = table.scrollable_content_region.width
            for line in lines:
                # a line that fills the table's width ends in padding or the cut mark
                if len(line) >= width:
                    assert line.endswith(("…", " ")), (line, table.cursor_column)
            await pilot.press("l")
            await pilot.pause()


async def test_headline_on_screen_at_80x24() -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "tok/s/seq" in table_lines(app)[0]


async def test_filter_by_label_and_id_and_a_bad_filter_says_so() -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.current_pane()
        for query in ("fits=yes", "model_fits=yes"):
            await pilot.press("slash", "ctrl+u", *query, "enter")
            await pilot.pause()
            assert pane.view_frame.height == 16
            assert pane.view_frame["model_fits"].all()
            assert str(pane.status_line.render()).startswith("16/31 rows")
        await pilot.press("slash", "ctrl+u", *"fitz=yes", "enter")
        await pilot.pause()
        status = str(pane.status_line.render())
        assert status.startswith("filter NOT applied") and "31/31 rows" in status
        assert pane.view_frame.height == 31
        assert any("not applied" in n.message for n in app._notifications)


@pytest.mark.parametrize("pane_key", ["2", "3"])
async def test_every_blank_cell_is_explained(pane_key: str) -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(pane_key)
        await pilot.pause()
        table = app.current_pane().table
        blanks = 0
        for row in range(table.row_count):
            text = table.row_text(row)
            for position, column in enumerate(table.column_names):
                value = table._values[position][row]
                if value is None or (isinstance(value, float) and value != value):
                    if column.startswith("why_"):
                        continue  # a reason column itself
                    blanks += 1
                    assert text[position].strip(), (table.row_keys[row], column)
        assert blanks > 0
        assert "why it is blank" in str(app.current_pane().status_line.render())


async def test_mark_three_and_compare_fit_and_cost() -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space", "space", "space")  # marks move the cursor down
        await pilot.pause()
        assert len(app.marks["system_id"]) == 3
        await pilot.press("M")
        await pilot.pause()
        assert app.current_pane().view_frame.height == 3
        await pilot.press("3", "c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        frame = app.screen.frame
        assert frame.width == 3 + 3  # row id, pane, figure, then one column per system
        assert {"Fit", "Cost"} <= set(frame["pane"].to_list())
        mtok = frame.filter(pl.col("row_id") == "cost.usd_per_mtok").row(0)[3:]
        assert all(cell.startswith("(") for cell in mtok)  # blank $/Mtok: the reason
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)


async def test_hide_the_assumptions_panel_and_no_maximize() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("A")
        await pilot.pause()
        assert not app.query_one("#assumptions").display
        await pilot.press("A")
        await pilot.pause()
        assert app.query_one("#assumptions").display
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Maximize" not in titles
        assert any(t.startswith("model: ~") for t in titles)


async def test_sort_arrow_in_header_and_label_in_status() -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "l", "right_square_bracket")
        await pilot.pause()
        assert "tok/s/seq ↓" in table_lines(app)[0]
        assert "sorted by tok/s/seq ↓" in str(app.current_pane().status_line.render())
