"""The Frontier pane with a catalog large enough to sweep in a worker thread."""

from __future__ import annotations

import pytest

import tui.frontier_pane as frontier_pane
from core import Assumptions, load_catalog
from tui.app import ScaleupApp


async def test_a_large_catalog_is_swept_in_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frontier_pane, "SWEEP_IN_WORKER_SYSTEMS", 0)  # every catalog is large
    app = ScaleupApp(load_catalog(), Assumptions.preset("realistic").with_model("deepseek-v3"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        pane = app.query_one(frontier_pane.FrontierPane)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.chart is not None and pane.chart.figure_key is not None  # drawn
        assert pane.source_frame.height == 31  # every system's reading at the target
        assert "sweeping" not in str(pane.status_line.render())
        # An edit while on the pane sweeps again and repaints when done.
        before = pane.chart.figure_key
        await pilot.press("a", "plus")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.results is app.results
        assert pane.chart.figure_key != before
