"""A PlotextPlot whose chart goes from plotext's output to screen lines in one step.

`PlotextPlot.render` hands plotext's ANSI string to `Text.from_ansi`, which tokenises every
escape of every cell, and Textual then lays that text out again as lines: together about half
of a chart's repaint. plotext writes only SGR escapes (colour, bold, reset) between runs of
characters, and a chart uses a handful of distinct ones, so each distinct escape is decoded
once (by Rich itself, and kept) and each line becomes a strip of segments directly. A string
with any other escape, or a chart with text selected, takes Textual's own path.
`tests/test_fast_plot.py` checks both give the same characters and colours, cell for cell.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.strip import Strip
from textual.widget import _RenderCache
from textual_plotext import PlotextPlot

_SGR = re.compile(r"\x1b\[([0-9;]*)m")


@lru_cache(maxsize=256)
def _sgr_style(codes: str) -> Style | None:
    """The style one SGR escape sets on its own (None: a reset)."""
    if codes in ("", "0"):
        return None
    styled = Text.from_ansi(f"\x1b[{codes}mx")
    return styled.spans[0].style if styled.spans else Style()  # type: ignore[return-value]


def only_sgr(ansi: str) -> bool:
    """Whether every escape in `ansi` is an SGR one (what the fast paths handle)."""
    return "\x1b" not in _SGR.sub("", ansi)


def ansi_lines(ansi: str) -> list[list[Segment]]:
    """The segments of each line of `ansi` (SGR escapes only), styles carried across lines."""
    lines: list[list[Segment]] = []
    style: Style | None = None
    for line in ansi.split("\n"):
        segments = []
        for index, part in enumerate(_SGR.split(line)):
            if index % 2:  # an escape: it adds to the style in force, or resets it
                added = _sgr_style(part)
                style = None if added is None else (style + added if style else added)
            elif part:
                segments.append(Segment(part, style))
        lines.append(segments)
    return lines


def ansi_to_text(ansi: str) -> Text:
    """`Text.from_ansi(ansi)`, faster for text whose only escapes are SGR ones."""
    if not only_sgr(ansi):
        return Text.from_ansi(ansi)
    text = Text()
    for number, segments in enumerate(ansi_lines(ansi)):
        if number:
            text.append("\n")
        for segment in segments:
            text.append(segment.text, segment.style)
    return text


class FastPlotextPlot(PlotextPlot):
    """`PlotextPlot` drawn straight to strips (see the module note), and not rebuilt while
    `figure_key` (set by a subclass's plot: what the figure shows), the size and the theme
    stay the same."""

    figure_key: object = None  # None: rebuild on every render
    _built: tuple[object, str] | None = None

    def before_build(self) -> None:
        """Settings that depend on the widget's size, made just before plotext builds."""

    def _chart(self) -> str:
        """plotext's ANSI chart at the widget's size and theme, built only when it changed."""
        key = (self.figure_key, self.size, self.app.theme)
        if self.figure_key is not None and self._built and self._built[0] == key:
            return self._built[1]
        self.before_build()
        # As PlotextPlot.render: size the figure (twice, see textual-plotext issue 5), theme.
        self._plot.plotsize(self.size.width, self.size.height)
        self._plot._set_size(self.size.width, self.size.height)
        self._plot.theme(self._get_plotext_theme_name(self.app.theme))
        chart = self._plot.build()
        self._built = (key, chart)
        return chart

    def render(self) -> RenderResult:
        return ansi_to_text(self._chart())

    def _render_content(self) -> None:
        chart = self._chart()
        if not only_sgr(chart) or self.text_selection is not None:
            super()._render_content()  # Textual's path: Text, then its own layout
            return
        width, height = self.size
        base = self.visual_style.rich_style
        strips = [
            Strip(Segment.apply_style(segments, base)).crop_extend(0, width, base).simplify()
            for segments in ansi_lines(chart)[:height]
        ]
        self._render_cache = _RenderCache(self.size, strips)
        self._dirty_regions.clear()
