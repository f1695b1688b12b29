"""A PlotextPlot that turns plotext's output into Rich text without a general ANSI parser.

`PlotextPlot.render` hands plotext's ANSI string to `Text.from_ansi`, which tokenises every
escape of every cell: a third of a chart's repaint. plotext writes only SGR escapes (colour,
bold, reset) between runs of characters, and a chart uses a handful of distinct ones, so each
distinct escape is decoded once (by Rich itself, and kept) and the runs are appended with the
style in force. Anything else in the string falls back to `Text.from_ansi`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

_SGR = re.compile(r"\x1b\[([0-9;]*)m")


@lru_cache(maxsize=256)
def _sgr_style(codes: str) -> Style | None:
    """The style one SGR escape sets on its own (None: a reset)."""
    if codes in ("", "0"):
        return None
    styled = Text.from_ansi(f"\x1b[{codes}mx")
    return styled.spans[0].style if styled.spans else Style()  # type: ignore[return-value]


def ansi_to_text(ansi: str) -> Text:
    """`Text.from_ansi(ansi)` for text whose only escapes are SGR ones."""
    if "\x1b" in _SGR.sub("", ansi):
        return Text.from_ansi(ansi)
    text = Text()
    style: Style | None = None
    for number, line in enumerate(ansi.split("\n")):
        if number:
            text.append("\n")
        parts = _SGR.split(line)
        for index, part in enumerate(parts):
            if index % 2:  # an escape: it adds to the style in force, or resets it
                added = _sgr_style(part)
                style = None if added is None else (style + added if style else added)
            elif part:
                text.append(part, style)
    return text


class FastPlotextPlot(PlotextPlot):
    """`PlotextPlot` with a faster conversion of the built chart (see the module note), and
    no rebuild while `figure_key` (set by a subclass's plot: what the figure shows), the size
    and the theme stay the same."""

    figure_key: object = None  # None: rebuild on every render
    _rendered: tuple[object, Text] | None = None

    def render(self) -> RenderResult:
        key = (self.figure_key, self.size, self.app.theme)
        if self.figure_key is not None and self._rendered and self._rendered[0] == key:
            return self._rendered[1]
        # As PlotextPlot.render: size the figure (twice, see textual-plotext issue 5), theme.
        self._plot.plotsize(self.size.width, self.size.height)
        self._plot._set_size(self.size.width, self.size.height)
        self._plot.theme(self._get_plotext_theme_name(self.app.theme))
        text = ansi_to_text(self._plot.build())
        self._rendered = (key, text)
        return text
