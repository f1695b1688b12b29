"""The timeline chart: largest model each bloc can hold per year, on a log scale.

Drawn with plotext (textual-plotext). Each bloc has its own marker letter so the chart reads
without colour; the seed's milestones are horizontal rules and the `year` assumption a
vertical one.
"""

from __future__ import annotations

import math

import polars as pl
from textual_plotext import PlotextPlot

from core.schema import BLOCS

BLOC_MARKERS = {"us": "U", "china": "C", "rest": "R"}
BLOC_COLOURS = {"us": "blue+", "china": "red+", "rest": "green+"}
# The seed's milestones in trillions of parameters: 1T, 20-25T, 400T, 1-3 quadrillion.
MILESTONES_T = (1.0, 20.0, 400.0, 1000.0, 3000.0)


class TimelineChart(PlotextPlot):
    """Largest model (T params) per bloc and year."""

    def plot(self, timeline: pl.DataFrame, year: int) -> None:
        """Redraw from a timeline frame."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.yscale("log")
        plt.title("largest model per bloc (T params, log)")
        years = sorted(set(timeline["year"].to_list()))
        for bloc in BLOCS:
            rows = timeline.filter((pl.col("bloc") == bloc) & pl.col("max_params_t").is_not_null())
            if rows.height:
                plt.plot(
                    rows["year"].to_list(),
                    rows["max_params_t"].to_list(),
                    marker=BLOC_MARKERS[bloc],
                    color=BLOC_COLOURS[bloc],
                    label=bloc,
                )
        for level in MILESTONES_T:
            plt.hline(level, "gray")
        plt.vline(year, "yellow")
        if years:
            plt.xticks(years, [str(y) for y in years])
        values = [v for v in timeline["max_params_t"].to_list() if v]
        if values:
            low = 10 ** math.floor(math.log10(min(values)))
            high = 10 ** math.ceil(math.log10(max(max(values), 3000.0)))
            ticks = [10.0**e for e in range(int(math.log10(low)), int(math.log10(high)) + 1)]
            plt.yticks(ticks, [_label(t) for t in ticks])
        self.refresh()


def _label(trillions: float) -> str:
    if trillions >= 1000:
        return f"{trillions / 1000:g}Q"
    return f"{trillions:g}T"
