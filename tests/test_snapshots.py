"""How every pane looks at 80x24 and 120x40 (SVG snapshots; update with --snapshot-update)."""

from __future__ import annotations

import pytest

from tui.screenshots import make_demo_app

PANES = {"catalog": "1", "fit": "2", "cost": "3", "timeline": "4", "claims": "5", "frontier": "6"}


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("pane", list(PANES))
def test_pane_snapshot(snap_compare, pane: str, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_demo_app(), press=[PANES[pane]], terminal_size=size, run_before=_settle
    )


def test_edit_redraws_timeline(snap_compare) -> None:
    assert snap_compare(
        make_demo_app(),
        press=["4", "a", "enter", "ctrl+u", "8", "enter"],
        terminal_size=(120, 40),
        run_before=_settle,
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_compare_view_snapshot(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_demo_app(),
        press=["2", "space", "space", "space", "c"],
        terminal_size=size,
        run_before=_settle,
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_fit_scrolled_right_snapshot(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_demo_app(), press=["2", *["l"] * 6], terminal_size=size, run_before=_settle
    )
