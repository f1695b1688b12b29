"""The frontier chart: tokens/s per user against tokens/s per chip (or $/Mtok), log axes.

Drawn with plotext (textual-plotext), as the Timeline is. Each system is a letter, so the
chart reads without colour; estimated (unshipped or unmeasured) systems carry a `~` in the
legend. The target interactivity is a vertical rule.
"""

from __future__ import annotations

import math

import polars as pl
from textual_plotext import PlotextPlot

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
COLOURS = ("cyan+", "magenta+", "green+", "yellow+", "blue+", "red+", "white")


class FrontierChart(PlotextPlot):
    """One line per system along its front."""

    def plot(
        self, front: pl.DataFrame, systems: list[tuple[str, str, bool]], y: str, target: float
    ) -> list[str]:
        """Redraw for `systems` (id, name, estimate); returns the legend entries.

        Axes carry log10 of the values with labels in plain units: plotext's own log scale
        transforms the stored data on every render.
        """
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        label = "tok/s per chip" if y == "decode_tok_s_per_chip" else "$ per Mtok (output)"
        plt.title(f"{label} vs tok/s per user (log-log) · | target")
        legend, xs, ys = [], [], []
        for index, (system_id, name, estimate) in enumerate(systems):
            rows = front.filter(
                (pl.col("system_id") == system_id) & pl.col(y).is_not_null() & (pl.col(y) > 0)
            )
            if rows.height == 0:
                continue
            letter = LETTERS[index % len(LETTERS)]
            x = [math.log10(v) for v in rows["decode_tok_s_per_seq"].to_list()]
            v = [math.log10(value) for value in rows[y].to_list()]
            colour = COLOURS[index % len(COLOURS)]
            plt.plot(x, v, marker="braille", color=colour)
            plt.scatter(x, v, marker=letter, color=colour)
            legend.append(f"{letter} {name}{' ~' if estimate else ''}")
            xs += x
            ys += v
        if target > 0:
            plt.vline(math.log10(target), "gray")
        if xs:
            _log_ticks(plt.xticks, min(xs), max(xs))
            _log_ticks(plt.yticks, min(ys), max(ys))
        self.refresh()
        return legend


def _log_ticks(setter, low: float, high: float) -> None:
    exponents = list(range(math.floor(low), math.ceil(high) + 1))
    setter(exponents, [_plain(10.0**e) for e in exponents])


def _plain(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    if value >= 1e3:
        return f"{value / 1e3:g}k"
    return f"{value:g}"
