"""The timeline chart: largest model each bloc can hold per year, on a log scale.

Drawn with plotext (textual-plotext). Each bloc has its own marker letter so the chart reads
without colour; the seed's milestones are horizontal rules and the `year` assumption a
vertical one.
"""

from __future__ import annotations

import math

import polars as pl

from core.catalog.schema import BLOCS
from tui.widgets.fast_plot import FastPlotextPlot

BLOC_MARKERS = {"us": "U", "china": "C", "rest": "R"}
BLOC_COLOURS = {"us": "blue+", "china": "red+", "rest": "green+"}
# The seed's milestones in trillions of parameters: 1T, 20-25T, 400T, 1-3 quadrillion.
MILESTONES_T = (1.0, 20.0, 400.0, 1000.0, 3000.0)


class TimelineChart(FastPlotextPlot):
    """Largest model (T params) per bloc and year."""

    years: list[int] = []

    def before_build(self) -> None:
        # Label every year when there is room, every other year otherwise: plotext would drop
        # colliding labels itself, but not always the same ones.
        step = 1 if self.size.width >= 70 else 2
        ticks = self.years[::step]
        if ticks:
            self.plt.xticks(ticks, [str(y) for y in ticks])

    def plot(self, timeline: pl.DataFrame, year: int) -> None:
        """Redraw from a timeline frame.

        The y axis carries log10 of the size with labels in T/Q: plotext's own log scale
        transforms the stored data on every render, which fails on the second one.
        """
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("largest model, T params (log): U us · C china · R rest · | year")
        self.years = sorted(set(timeline["year"].to_list()))
        for bloc in reversed(BLOCS):  # US drawn last: where blocs tie, its letter shows
            rows = timeline.filter((pl.col("bloc") == bloc) & (pl.col("max_params_t") > 0))
            if rows.height:
                x = rows["year"].to_list()
                y = [math.log10(v) for v in rows["max_params_t"].to_list()]
                # A thin line for the trend, the bloc's letter at each year so it reads in mono.
                plt.plot(x, y, marker="braille", color=BLOC_COLOURS[bloc])
                plt.scatter(x, y, marker=BLOC_MARKERS[bloc], color=BLOC_COLOURS[bloc])
        for level in MILESTONES_T:
            plt.hline(math.log10(level), "gray")
        plt.vline(year, "yellow")
        sizes = [v for v in timeline["max_params_t"].to_list() if v and v > 0]
        low = math.floor(math.log10(min(sizes))) if sizes else -1
        high = math.ceil(math.log10(max([*sizes, max(MILESTONES_T)])))
        exponents = list(range(low, high + 1))
        plt.yticks(exponents, [_label(10.0**e) for e in exponents])
        self.refresh()


def _label(trillions: float) -> str:
    if trillions >= 1000:
        return f"{trillions / 1000:g}Q"
    return f"{trillions:g}T"
