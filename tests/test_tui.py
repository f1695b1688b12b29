"""The app driven with the keyboard, as a user would, under Pilot."""

from __future__ import annotations

import io

import polars as pl
import pytest

from core import Assumptions, load_catalog
from tui.app import ScaleupApp
from tui.screens.detail import DetailScreen, HelpScreen
from tui.screens.export import ExportScreen
from tui.screens.model_picker import ModelPicker
from tui.widgets.frame_table import FrameTable


def make_app(**changes) -> ScaleupApp:
    return ScaleupApp(load_catalog(), Assumptions.preset("seed").replace(**changes))


def fit_value(app: ScaleupApp, system_id: str, column: str = "max_params_t") -> float:
    frame = app.query_one("#pane-fit").source_frame
    return frame.filter(pl.col("system_id") == system_id)[column][0]


async def test_opens_on_the_fit_table_with_focus() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, FrameTable)
        assert app.current_pane().id == "pane-fit"


async def test_editing_bits_moves_the_fit_pane() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = fit_value(app, "gb300-nvl72")
        await pilot.press("a", "enter", "ctrl+u", "8", "enter")
        await pilot.pause()
        assert app.assumptions.bits_per_param == 8
        assert fit_value(app, "gb300-nvl72") == pytest.approx(before / 2)
        await pilot.press("down", "plus")  # weight share 0.5 -> 0.55
        await pilot.pause()
        assert app.assumptions.weight_fraction == pytest.approx(0.55)
        assert fit_value(app, "gb300-nvl72") == pytest.approx(before / 2 * 1.1)
        await pilot.press("R")
        await pilot.pause()
        assert app.assumptions.bits_per_param == 4 and app.assumptions.weight_fraction == 0.5


async def test_invalid_value_is_shown_and_last_good_value_stays() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a", "enter", "ctrl+u", "a", "b", "c", "enter")
        await pilot.pause()
        field = app.query_one("#assumption-input")
        assert field.has_class("-invalid") and field.display
        assert app.assumptions.bits_per_param == 4
        await pilot.press("escape")
        await pilot.pause()
        assert not field.display and app.assumptions.bits_per_param == 4


@pytest.mark.parametrize(
    ("key", "pane"),
    [("1", "catalog"), ("2", "fit"), ("3", "cost"), ("4", "timeline"), ("5", "claims")],
)
async def test_digit_keys_switch_panes(key: str, pane: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_pane().id == f"pane-{pane}"
        assert app.current_pane().view_frame.height > 0
        assert isinstance(app.focused, FrameTable)


async def test_find_big_systems_sorted_by_year() -> None:
    """ "Which systems have more than 10 TB of HBM, sorted by year" in a few keystrokes."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "slash", *"hbm>10", "enter")
        await pilot.pause()
        pane = app.current_pane()
        assert pane.view_frame.height > 0 and (pane.view_frame["hbm_tb"] > 10).all()
        table = pane.table
        column = table.column_names.index("first_ship")
        table.move_cursor(column=column)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        years = pane.view_frame["first_ship"].to_list()
        assert years == sorted(years)
        await pilot.press("escape")
        await pilot.pause()
        assert pane.view_frame.height == len(app.catalog.rows["system"])


def rendered_text(renderable) -> str:
    from rich.console import Console

    console = Console(width=400, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def test_detail_shows_sources() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        system_id = app.current_pane().table.cursor_row_key()
        sources = app.catalog.sources_of("system", system_id)
        assert sources, system_id
        text = rendered_text(app.screen.body)
        assert f"sources of {system_id}" in text
        # Long titles and URLs wrap inside their cell: look for each source's id and the
        # opening words of its title, which every width keeps on one line.
        flat = " ".join(text.split())
        for source in sources:
            assert source["id"] in flat
            assert " ".join(source["title"].split()[:3]) in flat
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DetailScreen)


async def test_export_writes_what_is_on_screen(tmp_path) -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"fits=yes", "enter")
        await pilot.pause()
        shown = app.current_pane().view_frame
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "fit.csv"
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        back = pl.read_csv(target, comment_prefix="#")
        assert back.columns == shown.columns and back.height == shown.height
        assert back["system_id"].to_list() == shown["system_id"].to_list()


async def test_help_and_model_picker() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "m")
        await pilot.pause()
        assert isinstance(app.screen, ModelPicker)
        await pilot.press(*"kimi k2", "enter")
        await pilot.pause()
        assert app.assumptions.model_id.startswith("kimi-k2")
        assert "model_fits" in app.query_one("#pane-fit").source_frame.columns


async def test_claims_update_when_precision_changes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        holding = app.current_pane().view_frame["holds"].sum()
        await pilot.press("a", "enter", "ctrl+u", "1", "6", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_pane().view_frame["holds"].sum() < holding


async def test_too_small_terminal_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert app.query_one("#too-small").display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not app.query_one("#too-small").display


@pytest.mark.parametrize("pane", ["1", "2", "3", "4", "5"])
async def test_export_from_every_pane(tmp_path, pane: str) -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(pane)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = app.current_pane().view_frame
        target = tmp_path / "view.json"
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        back = pl.read_json(target)
        # JSON rows are objects, so compare by name; the values must round-trip exactly.
        assert sorted(back.columns) == sorted(shown.columns) and back.height == shown.height
        assert back.select(shown.columns).cast(shown.schema).equals(shown)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)], ids=str)
async def test_layout_has_no_overlap(size: tuple[int, int]) -> None:
    app = make_app(params_t=20.0)
    async with app.run_test(size=size) as pilot:
        for key in "12345":
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            panes = app.query_one("#panes").region
            panel = app.query_one("#assumptions").region
            assert panes.width >= 48 and panel.width >= 28
            assert not panes.overlaps(panel)
            table = app.current_pane().table
            assert table.region.height >= 5
            assert app.current_pane().view_frame.height > 0
            # The essential first columns are on screen without scrolling.
            assert table.column_names[:2] and table.region.right <= panes.right


async def test_table_keys_move_the_cursor_and_copy() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.current_pane().table
        await pilot.press("j", "j", "l")
        assert (table.cursor_row, table.cursor_column) == (2, 1)
        await pilot.press("k", "h")
        assert (table.cursor_row, table.cursor_column) == (1, 0)
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("y")
        assert app.clipboard == table.cursor_value()
        await pilot.press("Y")
        header, row = app.clipboard.splitlines()  # `Y`: the row under its header
        assert header.startswith("system_id,") and row.startswith(table.cursor_row_key())


async def test_catalog_views_cycle() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        pane = app.current_pane()
        seen = []
        for _ in range(5):
            seen.append(pane.key_column)
            await pilot.press("v")
            await pilot.pause()
        assert seen == ["system_id", "accelerator_id", "model_id", "volume_id", "source_id"]


async def test_panel_steps_and_resets() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "greater_than_sign")
        await pilot.pause()
        assert app.assumptions.bits_per_param == 8  # big step of 4 bits
        await pilot.press("less_than_sign", "minus")
        await pilot.pause()
        assert app.assumptions.bits_per_param == 3.75
        await pilot.press("r")
        await pilot.pause()
        assert app.assumptions.bits_per_param == 4


async def test_key_right_after_a_pane_digit_goes_to_the_new_pane() -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # Both keys queued at once, as a terminal delivers "1" and enter typed quickly.
        for key, character in (("1", "1"), ("enter", None)):
            event = events.Key(key, character)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.title_text.startswith("system:")


@pytest.mark.parametrize("scrolled", [0, 6], ids=["home", "scrolled-right"])
async def test_an_edit_repaints_every_changed_cell_and_little_else(scrolled: int) -> None:
    """Edits repaint cell spans, not rows: each changed cell on screen must be inside a
    repainted region, and the regions must not cover whole rows of unchanged cells."""
    from textual.geometry import Region

    app = make_app(params_t=20.0)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.current_pane().table
        await pilot.press(*["l"] * scrolled)
        await pilot.pause()
        before = [list(table.row_text(r)) for r in range(table.row_count)]
        regions: list[Region] = []
        original = table.refresh

        def record(*parts, **kwargs):
            regions.extend(p for p in parts if isinstance(p, Region))
            return original(*parts, **kwargs)

        table.refresh = record
        # An edit that keeps every column's width (a new width repaints the whole table).
        app.set_assumptions(app.assumptions.replace(bits_per_param=5.0))
        await pilot.pause()
        table.refresh = original
        changed = [
            (row, col)
            for row, cells in enumerate(table.row_text(r) for r in range(table.row_count))
            for col, text in enumerate(cells)
            if before[row][col] != text
        ]
        assert changed
        shown = 0
        for row, col in changed:
            left, right = table._cell_span(col)
            y = row - int(table.scroll_offset.y) + 1
            if right <= left or not 1 <= y < table.scrollable_content_region.height:
                continue  # off screen: nothing to repaint
            shown += 1
            assert any(r.y == y and r.x <= left and r.right >= right for r in regions), (row, col)
        assert shown > 0
        width = table.scrollable_content_region.width
        assert all(r.width < width for r in regions)  # cells, not whole rows


async def test_a_pane_shown_again_after_an_edit_repaints_its_whole_table() -> None:
    """Cell-level repaints are for a table on screen. A pane shown again after an edit
    was hidden during the last layout, and Textual would put its old lines back, so the
    terminal kept stale figures (seen in tmux): it must repaint the whole table."""
    app = make_app(params_t=20.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        app.set_assumptions(app.assumptions.replace(bits_per_param=5.0))
        await pilot.pause()
        table = app.panes["fit"].table
        calls: list[tuple] = []
        original = table.refresh

        def record(*regions, **kwargs):
            calls.append(regions)
            return original(*regions, **kwargs)

        table.refresh = record
        await pilot.press("2")
        await pilot.pause()
        table.refresh = original
        assert () in calls  # a whole-widget refresh
        column = table.column_names.index("max_params_t")
        assert table.row_text(1)[column] == "0.512"  # HGX H800: 0.64 TB x 0.5 / (5/8)
