"""Hostile input in the app (issue 20): each case leaves the app running, with no escape
sequence or markup from a file reaching the screen."""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

import pytest
from test_errors import MODEL, SOURCE, SYSTEM
from test_fuzz import key_event
from test_hostile_cli import OSC2, OSC52, SGR, deep, toml_string

from core import Assumptions, load_catalog
from tui.app import ScaleupApp


def evil_overlay(folder: Path, name: str = "evil.toml") -> Path:
    system = "Evil " + OSC52 + OSC2 + SGR + " [link=https://x.org]click[/link] M [/bold] x"
    body = SOURCE + SYSTEM.replace('name = "My rack"', "name = " + toml_string(system))
    body += MODEL.replace('name = "My model"', "name = " + toml_string("Mod [/bold] " + OSC2))
    path = folder / name
    path.write_text(body)
    return path


async def test_evil_overlay_names_are_escaped_everywhere(tmp_path: Path) -> None:
    overlay = evil_overlay(tmp_path, "[link='x].toml")
    catalog = load_catalog(overlays=[overlay])
    app = ScaleupApp(
        catalog, Assumptions.preset("seed").with_model("my-model"), overlays=(str(overlay),)
    )
    async with app.run_test(size=(160, 50)) as pilot:
        for keys in (("1",), ("2",), ("3",), ("5",), ("1", "G", "enter")):
            await pilot.press(*keys)
            await pilot.pause()
            shot = app.export_screenshot()
            assert "\x1b" not in shot and "\x07" not in shot
        assert app.is_running
        header = str(app.query_one("#app-header").render())
        assert "[/bold]" in header and "[link='x].toml" in header


async def test_overlay_opened_with_escapes_notifies_safely(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        SOURCE + SYSTEM.replace("packages = 72", toml_string("p" + OSC2 + "[/b]") + " = 72")
    )
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"))
    async with app.run_test(size=(120, 40)) as pilot:
        app._load_overlay(str(bad))
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("\\x1b]2;" in m for m in messages), messages
        assert not any("\x1b" in m for m in messages)
        assert app.is_running


@pytest.mark.parametrize("kind", ["deep", "fifo", "zero"])
async def test_open_scenario_on_hostile_file_does_not_freeze(tmp_path: Path, kind: str) -> None:
    if kind == "deep":
        path = tmp_path / "deep.toml"
        path.write_text(deep())
    elif kind == "fifo":
        path = tmp_path / "fifo.toml"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("Input").value = str(path)
        await asyncio.wait_for(pilot.press("enter"), 10)
        await pilot.pause()
        assert app.is_running
        assert any(n.title == "Scenario not loaded" for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_palette_set_hypothetical_model() -> None:
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"))
    from tui.palette import palette_commands

    async with app.run_test(size=(120, 40)) as pilot:
        commands = {c.title: c for c in palette_commands(app)}
        assert "set: hypothetical model" not in commands  # chosen with m or "model: ..."
        for title in [t for t in commands if t.startswith("set: ")]:
            commands[title].callback()
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running


async def test_catalog_enter_then_v_in_one_burst() -> None:
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"), start_pane="catalog")
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("enter", "v", "enter", "v", "v", "enter"):
            event = key_event(key)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
        assert app.is_running


async def test_reset_after_a_scenario_with_an_unknown_preset(tmp_path: Path) -> None:
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"))
    async with app.run_test(size=(120, 40)) as pilot:
        app.assumptions = Assumptions.preset("seed").replace(preset_name="no-such")
        await pilot.press("a", "r", "R")
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize(
    "name", ["x" * 10_000 + ".csv", os.fsdecode(b"\xff-out.csv")], ids=["long", "not-utf8"]
)
async def test_export_to_hostile_paths(tmp_path: Path, monkeypatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    overlay = tmp_path / os.fsdecode(b"\xfe-overlay.toml")
    overlay.write_text(SOURCE + SYSTEM)
    app = ScaleupApp(
        load_catalog(overlays=[overlay]), Assumptions.preset("seed"), overlays=(str(overlay),)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        app.export_view(Path(name))
        await pilot.pause()
        assert app.is_running
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("Input").value = name
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize(
    "text",
    ["[keymap\n", "keymap = 5\n", '[keymap]\n"app.quit" = "ctrl+"\n', deep()],
    ids=["syntax", "shape", "keys", "deep"],
)
async def test_bad_keymap_file_is_reported_never_fatal(
    tmp_path: Path, monkeypatch, text: str
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text(text)
    monkeypatch.setenv("SCALEUP_KEYMAP", str(keymap))
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.is_running


async def test_demo_with_a_tiny_step_does_not_spin_and_q_quits() -> None:
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"), demo_step_seconds=1e-9)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


BURST_KEYS = [
    "enter",
    "escape",
    "v",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "ctrl+p",
    "j",
    "k",
    "G",
    "g",
    "question_mark",
    "m",
    "a",
    "e",
    "slash",
    "x",
    "tab",
    "space",
    "ctrl+o",
    "ctrl+s",
    "left_square_bracket",
    "right_square_bracket",
    "plus",
    "minus",
    "r",
    "y",
    "down",
    "up",
]


@pytest.mark.parametrize("seed", range(1))
async def test_bursts_of_random_keys_faster_than_read(
    tmp_path: Path, monkeypatch, seed: int
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(ScaleupApp, "action_quit", lambda self: None)
    rng = random.Random(f"burst-{seed}")
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"))
    async with app.run_test(size=(120, 40)) as pilot:
        for burst in range(5):
            for key in rng.choices(BURST_KEYS, k=600):  # queued at once: no pause between keys
                event = key_event(key)
                event.set_sender(app)
                app._driver.send_message(event)
            await pilot.pause()
            await pilot.pause()
            assert app.is_running, f"burst {burst}"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
