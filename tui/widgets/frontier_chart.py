"""The frontier chart: tokens/s per user against tokens/s per chip (or $/Mtok), log axes.

Drawn with plotext (textual-plotext), as the Timeline is. Each system is a letter, so the
chart reads without colour; estimated (unshipped or unmeasured) systems carry a `~` in the
legend. The target interactivity is a vertical rule.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from tui.widgets.fast_plot import FastPlotextPlot

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
COLOURS = ("cyan+", "magenta+", "green+", "yellow+", "blue+", "red+", "white")


class FrontierChart(FastPlotextPlot):
    """One line per system along its front."""

    def plot(
        self, front: pl.DataFrame, systems: list[tuple[str, str, bool]], y: str, target: float
    ) -> list[str]:
        """Redraw for `systems` (id, name, estimate); returns the legend entries.

        Axes carry log10 of the values with labels in plain units: plotext's own log scale
        transforms the stored data on every render.
        """
        label = "tok/s per chip" if y == "decode_tok_s_per_chip" else "$ per Mtok (output)"
        series, legend = [], []
        owners = front["system_id"].to_numpy() if front.height else np.array([])
        users = front["decode_tok_s_per_seq"].to_numpy() if front.height else np.array([])
        ys = front[y].to_numpy().astype(np.float64) if front.height else np.array([])
        for index, (system_id, name, estimate) in enumerate(systems):
            rows = (owners == system_id) & (ys > 0)  # NaN (no figure) is not > 0
            if not rows.any():
                continue
            letter = LETTERS[index % len(LETTERS)]
            x = tuple(np.log10(users[rows]).tolist())
            v = tuple(np.log10(ys[rows]).tolist())
            series.append((letter, COLOURS[index % len(COLOURS)], x, v))
            legend.append(f"{letter} {name}{' ~' if estimate else ''}")
        key = (label, target, tuple(series))
        if key != self.figure_key:  # an edit that leaves the fronts alone redraws nothing
            self.figure_key = key
            self._draw(label, series, target)
            self.refresh()
        return legend

    def _draw(self, label: str, series: list, target: float) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(f"{label} vs tok/s per user (log-log) · | target")
        xs, ys = [], []
        for letter, colour, x, v in series:
            plt.plot(list(x), list(v), marker="braille", color=colour)
            plt.scatter(list(x), list(v), marker=letter, color=colour)
            xs += x
            ys += v
        if target > 0:
            plt.vline(math.log10(target), "gray")
        if xs:
            _log_ticks(plt.xticks, min(xs), max(xs))
            _log_ticks(plt.yticks, min(ys), max(ys))


def _log_ticks(setter, low: float, high: float) -> None:
    exponents = list(range(math.floor(low), math.ceil(high) + 1))
    setter(exponents, [_plain(10.0**e) for e in exponents])


def _plain(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    if value >= 1e3:
        return f"{value / 1e3:g}k"
    return f"{value:g}"
