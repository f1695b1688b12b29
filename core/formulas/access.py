"""The access rule: which systems a bloc can obtain in a year, written once.

A bloc can obtain a system in `year` when the catalog's access year for that bloc is at or
before it (and any `access_<bloc>_until` is not past), and the system has shipped by then
(first-ship year, or volume year when `timeline_basis = "volume"`, or first ship + 1 where
no volume year is known). With `timeline_topology = "switched"`, torus pods are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from core.table import values

if TYPE_CHECKING:
    from core.assumptions import Assumptions


def obtainable(
    systems: pl.DataFrame, a: Assumptions, bloc: str, years: Sequence[int]
) -> np.ndarray:
    """Boolean matrix [year, system]: can `bloc` obtain the system in that year."""
    grid = np.array(years, dtype=np.float64)[:, None]
    ship = values(systems, "first_ship")
    if a.timeline_basis == "volume":
        volume = values(systems, "volume_year")
        ship = np.where(np.isnan(volume), ship + 1, volume)
    access = values(systems, f"access_{bloc}")  # NaN: never
    until = np.nan_to_num(values(systems, f"access_{bloc}_until"), nan=np.inf)
    allowed = (access <= grid) & (ship <= grid) & (until >= grid)
    if a.timeline_topology == "switched":
        allowed &= (systems["topology"] == "switched").to_numpy()
    return allowed


def obtainable_in(systems: pl.DataFrame, a: Assumptions, bloc: str, year: int) -> pl.DataFrame:
    """The systems `bloc` can obtain in `year`."""
    return systems.filter(pl.Series(obtainable(systems, a, bloc, (year,))[0]))
