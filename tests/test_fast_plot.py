"""The charts' ANSI conversion gives exactly what Rich's general parser gives."""

from __future__ import annotations

import io

import pytest
from plotext._figure import _figure_class
from rich.console import Console
from rich.text import Text
from textual_plotext import PlotextPlot

from core import Assumptions, load_catalog
from tui.app import ScaleupApp
from tui.widgets.fast_plot import ansi_to_text


def _segments(text: Text) -> list[tuple[str, object]]:
    console = Console(width=200, color_system="truecolor", file=io.StringIO())
    return [(segment.text, segment.style) for segment in console.render(text)]


def test_a_plotext_chart_converts_as_rich_does():
    figure = _figure_class()
    figure.plotsize(100, 20)
    figure.theme("dark")
    for index, colour in enumerate(("cyan+", "red+", "green+")):
        figure.plot([0, 1, 2, 3], [3 - index, 2, 1.5, 0.5], marker="braille", color=colour)
        figure.scatter([0, 1, 2], [1, 2, 3], marker="ABC"[index], color=colour)
    figure.vline(1.5, "gray")
    ansi = figure.build()
    assert _segments(ansi_to_text(ansi)) == _segments(Text.from_ansi(ansi))


def test_styles_accumulate_and_reset_across_lines():
    ansi = "\x1b[1mbold\x1b[38;5;2m green\nstill\x1b[0m plain"
    assert _segments(ansi_to_text(ansi)) == _segments(Text.from_ansi(ansi))


def test_other_escapes_take_the_general_parser():
    ansi = "a\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ b"
    assert ansi_to_text(ansi).plain == Text.from_ansi(ansi).plain


def _cells(strips) -> list[list[tuple[str, object, object, bool]]]:
    rows = []
    for strip in strips:
        row = []
        for segment in strip:
            style = segment.style
            colour = str(style.color) if style and style.color else None
            background = str(style.bgcolor) if style and style.bgcolor else None
            row += [(char, colour, background, bool(style and style.bold)) for char in segment.text]
        rows.append(row)
    return rows


@pytest.mark.parametrize("pane, selector", [("6", "FrontierChart"), ("4", "TimelineChart")])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_charts_draw_the_cells_textual_would(pane: str, selector: str, size) -> None:
    """The strips drawn directly hold the same characters and colours, cell for cell, as
    textual-plotext's own path (Text, then Textual's layout)."""
    app = ScaleupApp(load_catalog(), Assumptions.preset("realistic").with_model("deepseek-v3"))
    async with app.run_test(size=size) as pilot:
        await pilot.press(pane)
        await pilot.pause()
        chart = app.query_one(selector)
        chart._render_content()
        direct = _cells(chart._render_cache.lines)
        PlotextPlot._render_content(chart)
        assert direct == _cells(chart._render_cache.lines)
        assert len(direct) == chart.size.height and direct[0]
