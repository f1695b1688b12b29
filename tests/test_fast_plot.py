"""The charts' ANSI conversion gives exactly what Rich's general parser gives."""

from __future__ import annotations

import io

from plotext._figure import _figure_class
from rich.console import Console
from rich.text import Text

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
