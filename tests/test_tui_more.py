"""Scenarios, keymaps, the demo and serve: the app's remaining keyboard paths."""

from __future__ import annotations

import pytest

from core import Assumptions, load_catalog
from core.errors import InputError
from tui.app import ScaleupApp
from tui.demo import DEMO_STEPS
from tui.keymap import load_user_keymap
from tui.screens.path_prompt import PathPrompt


def make_app(**kwargs) -> ScaleupApp:
    return ScaleupApp(load_catalog(), Assumptions.preset("seed"), **kwargs)


async def test_save_edit_reopen_scenario(tmp_path) -> None:
    path = tmp_path / "mine.toml"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.set_assumptions(app.assumptions.replace(bits_per_param=6.0, context_tokens=65_536))
        saved = app.assumptions
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one("#path-input").value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert path.is_file()
        app.set_assumptions(Assumptions.preset("bf16"))
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#path-input").value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert app.assumptions == saved


async def test_malformed_scenario_leaves_assumptions_untouched(tmp_path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[assumptions]\nbits_per_parm = 8\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        before = app.assumptions
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#path-input").value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert app.assumptions == before
        assert any("bits_per_parm" in n.message for n in app._notifications)


async def test_saving_over_an_existing_file_needs_the_checkbox(tmp_path) -> None:
    path = tmp_path / "keep.toml"
    path.write_text("# mine\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#path-input").value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert path.read_text() == "# mine\n"


def test_keymap_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"app.quit" = "x"\n"app.nope" = "y"\n')
    monkeypatch.setenv("SCALEUP_KEYMAP", str(path))
    keymap, problem = load_user_keymap(lambda: {"app.quit"})
    assert keymap == {"app.quit": "x"} and "unknown binding id 'app.nope'" in problem
    path.write_text("[keymap\n")
    keymap, problem = load_user_keymap(lambda: {"app.quit"})
    assert keymap == {} and "not used" in problem


async def test_user_keymap_applies(tmp_path, monkeypatch) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"app.pane_claims" = "x"\n')
    monkeypatch.setenv("SCALEUP_KEYMAP", str(path))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert app.current_pane().id == "pane-claims"


async def test_demo_walks_every_step() -> None:
    app = make_app(demo_step_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The first step runs on opening; space shows each of the others.
        expected = ["fit", "fit", "cost", "timeline", "claims", "claims", "claims"]
        assert len(expected) == len(DEMO_STEPS)
        seen = [(app.demo_step, app.current_pane().id)]
        for _ in DEMO_STEPS[1:]:
            await pilot.press("space")
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen.append((app.demo_step, app.current_pane().id))
        assert seen == [(step, f"pane-{pane}") for step, pane in enumerate(expected)]
        assert app.assumptions.params_t == 20.0  # the last step: back to the seed with 20T


def test_serve_without_the_extra_says_how_to_get_it(monkeypatch) -> None:
    import sys

    from tui.cli.commands import run_serve
    from tui.cli.parser import build_parser

    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    with pytest.raises(InputError, match="pip install"):
        run_serve(build_parser().parse_args(["serve"]))


def test_serve_binds_localhost_by_default() -> None:
    from tui.cli.parser import build_parser

    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"


async def test_overlay_in_the_app_good_and_bad(tmp_path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(
        '[[source]]\nid = "mine"\ntitle = "t"\nurl = "https://example.org"\ndate = "2026"\n'
        '[[system]]\nid = "my-rack"\nname = "My rack"\nvendor = "Me"\nfamily = "Oberon"\n'
        'accelerator = "b300"\npackages = 144\ntopology = "switched"\nfirst_ship_year = 2026\n'
        'access_us = 2026\naccess_china = "never"\naccess_rest = 2026\n'
        'confidence = "estimate"\nsources = ["mine"]\n'
    )
    bad = tmp_path / "bad.toml"
    bad.write_text("[[system]\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        before = app.catalog
        app.action_open_overlay()
        await pilot.pause()
        app.screen.query_one("#path-input").value = str(bad)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.catalog is before
        assert any("TOML syntax error" in n.message for n in app._notifications)
        app.action_open_overlay()
        await pilot.pause()
        app.screen.query_one("#path-input").value = str(good)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "my-rack" in app.catalog.rows["system"]
        assert "my-rack" in app.current_pane().source_frame["system_id"].to_list()


def test_screenshots_are_deterministic(tmp_path) -> None:
    from tui.screenshots import write_screenshots

    first = {p.name: p.read_bytes() for p in write_screenshots(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_screenshots(tmp_path / "b")}
    assert len(first) == 8 and first == second


async def test_detail_shows_brackets_literally(tmp_path) -> None:
    from tui.screens.detail import DetailScreen

    overlay = tmp_path / "odd.toml"
    overlay.write_text(
        '[[source]]\nid = "odd"\ntitle = "Notes [/] and [b]bold?[/b]"\n'
        'url = "https://example.org/[x]"\ndate = "2026"\n'
        '[[system]]\nid = "aaa-odd"\nname = "[red]Odd[/] rack"\nvendor = "Me"\n'
        'family = "Oberon"\naccelerator = "b300"\npackages = 72\ntopology = "switched"\n'
        'first_ship_year = 2026\naccess_us = 2026\naccess_china = "never"\naccess_rest = 2026\n'
        'confidence = "estimate"\nsources = ["odd"]\nnotes = "[/]"\n'
    )
    app = ScaleupApp(load_catalog(overlays=[overlay]), Assumptions.preset("seed"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "slash", *"odd", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert "[red]Odd[/] rack" in app.screen.title_text


async def test_palette_entries_are_group_verb_and_work() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        groups = {title.split(":")[0] for title in commands if ":" in title}
        assert {
            "pane",
            "model",
            "preset",
            "precision",
            "set",
            "export",
            "scenario",
            "theme",
            "copy",
            "catalog",
        } <= groups
        commands["model: Kimi K2 (Instruct)"].callback()
        commands["precision: NVFP4 (4.5 bits)"].callback()
        await pilot.pause()
        assert app.assumptions.model_id == "kimi-k2" and app.assumptions.bits_per_param == 4.5
        commands["pane: Claims"].callback()
        await pilot.pause()
        assert app.current_pane().id == "pane-claims"


def key_bar_line(app: ScaleupApp) -> str:
    from tui.widgets.key_bar import KeyBar

    return app.query_one(KeyBar).render().plain


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_key_bar_follows_focus_and_keeps_the_palette_key(size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        line = key_bar_line(app)
        assert "Filter" in line and "Edit" not in line
        assert line.rstrip().endswith("palette") and len(line) <= size[0]
        await pilot.press("a")
        await pilot.pause()
        line = key_bar_line(app)
        assert "Edit" in line and "Step up" in line and "Filter" not in line
        assert line.rstrip().endswith("palette") and len(line) <= size[0]


async def test_clicking_a_key_hint_presses_its_key() -> None:
    from tui.screens.detail import HelpScreen
    from tui.widgets.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        bar.render()
        start = next(start for start, _end, hint in bar._spans if hint.description == "Help")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def send_together(app: ScaleupApp, pilot, keys: list[str]) -> None:
    """Post keys the way a terminal delivers a burst (over SSH: one packet), then settle."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_keys_in_one_burst_act_in_order() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # A pane digit, `/` and the filter text: the text lands in the new pane's filter.
        await send_together(app, pilot, ["3", "slash", "a", "m", "d", "enter", "j"])
        pane = app.current_pane()
        assert pane.id == "pane-cost" and pane.filter_text == "amd"
        assert app.focused is pane.table and pane.table.cursor_row == 1
        # `a`, enter, a new value, enter, then step the next row: all in order.
        await send_together(app, pilot, ["a", "enter", "ctrl+u", "8", "enter", "j", "plus"])
        assert app.assumptions.bits_per_param == 8
        assert app.assumptions.weight_fraction == pytest.approx(0.55)
        # A bound key inside the value line does not overtake the digits typed before it.
        await send_together(app, pilot, ["k", "enter", "ctrl+u", "1", "2", "backspace", "enter"])
        assert app.assumptions.bits_per_param == 1


async def test_a_held_step_key_recomputes_once_for_the_run(monkeypatch) -> None:
    import tui.app

    calls: list[object] = []
    real = tui.app.evaluate

    def counting(catalog, assumptions):
        calls.append(assumptions)
        return real(catalog, assumptions)

    monkeypatch.setattr(tui.app, "evaluate", counting)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send_together(app, pilot, ["a", "j"])  # weight share of HBM: 0.5, step 0.05
        calls.clear()
        await send_together(app, pilot, ["plus"] * 8)
        assert app.assumptions.weight_fraction == pytest.approx(0.9)
        assert app.results.assumptions == app.assumptions  # the panes show the last step
        assert 1 <= len(calls) < 8


async def test_clicking_a_pane_label_switches_panes() -> None:
    from tui.widgets.pane_tabs import PaneTabs

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tabs = app.query_one(PaneTabs)
        assert "▸2 Fit" in tabs.render().plain
        start = next(start for start, _end, pane_id in tabs._spans if pane_id == "cost")
        await pilot.click(PaneTabs, offset=(start + 2, 0))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_pane().id == "pane-cost" and app.current_pane().view_frame.height > 0
        assert "▸3 Cost" in tabs.render().plain and app.focused is app.current_pane().table


@pytest.mark.parametrize("key", ["ctrl+s", "ctrl+o", "e", "m", "question_mark", "enter"])
async def test_every_dialog_is_drawn_centred(key: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        box = app.screen.query_one(".modal-box").region
        left, right = box.x, 120 - box.right
        top, bottom = box.y, 40 - box.bottom
        assert abs(left - right) <= 1, (type(app.screen).__name__, box)
        assert abs(top - bottom) <= 1, (type(app.screen).__name__, box)


async def test_escape_and_a_key_in_one_burst_close_the_dialog_first() -> None:
    # Over SSH esc and the next key arrive together and parse as alt+key.
    from core import Assumptions, load_catalog
    from tui.app import ScaleupApp
    from tui.screens.detail import HelpScreen

    app = ScaleupApp(load_catalog(), Assumptions.preset("realistic"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("alt+v")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.current_pane().view == "accelerators"
