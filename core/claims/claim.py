"""What a claim is: its wording, the range that decides it (printed as `expected` from the
same numbers), the function that evaluates it and the lever `needs` solves for."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from core.assumptions import Assumptions
    from core.catalog import Catalog


@dataclass(frozen=True)
class Expected:
    """The range of values for which a claim holds; `text` is how the seed words it."""

    low: float = -math.inf
    high: float = math.inf
    text: str = ""
    strict: bool = False  # open bounds: "> 1x" rather than ">= 1x"

    def contains(self, value: float) -> bool:
        """Whether `value` lies in the range."""
        if not math.isfinite(value):
            return False
        if self.strict:
            return self.low < value < self.high
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Outcome:
    """What a claim evaluates to under one set of assumptions."""

    value: float
    steps: list[str]
    capacity_t: float = math.nan  # for capacity claims: the model size that decides them
    used: tuple[str, ...] = ()  # catalog system ids the arithmetic read
    condition: bool = True  # a further test besides the range (e.g. "ranges apart")


@dataclass(frozen=True)
class Claim:
    """One claim of the seed: wording, expected range, function, and its lever."""

    claim_id: str
    wording: str
    unit: str
    expected: Expected | Callable[[Assumptions], Expected]
    evaluate: Callable[[Catalog, Assumptions], Outcome]
    lever: str  # the assumption `needs` solves for
    solve: Callable[[Catalog, Assumptions, Outcome], str] | None = None  # closed form, if any

    def expected_at(self, a: Assumptions) -> Expected:
        """The deciding range under `a` (some ranges move with an assumption)."""
        return self.expected if isinstance(self.expected, Expected) else self.expected(a)

    def check(self, catalog: Catalog, a: Assumptions) -> tuple[Outcome, bool]:
        """The outcome under `a` and whether the claim holds."""
        outcome = self.evaluate(catalog, a)
        return outcome, outcome.condition and self.expected_at(a).contains(outcome.value)


CLAIM_SCHEMA = {
    "claim_id": pl.String,
    "claim": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "expected": pl.String,
    "holds": pl.Boolean,
    "needs": pl.String,
    "steps": pl.String,
    "systems_used": pl.String,
}

NVL8_PACKAGES = 8


def best_by_hbm(frame: pl.DataFrame) -> dict | None:
    """The row with the most domain HBM, or None for an empty frame."""
    if frame.height == 0:
        return None
    return frame.sort("hbm_tb", descending=True).row(0, named=True)


def system_row(catalog: Catalog, system_id: str) -> dict | None:
    """One system's row by id, or None."""
    found = catalog.systems.filter(pl.col("system_id") == system_id)
    return found.row(0, named=True) if found.height else None


def oberon_racks(catalog: Catalog) -> pl.DataFrame:
    """The 2025-2026 Oberon NVL72 racks open to the US."""
    return catalog.systems.filter(
        (pl.col("family") == "Oberon")
        & (pl.col("packages") == 72)
        & pl.col("first_ship").is_between(2025, 2026)
        & pl.col("access_us").is_not_null()
    )


def fmt(value: float) -> str:
    """A figure in a step of arithmetic: three significant digits, thousands grouped."""
    return f"{value:,.3g}" if abs(value) < 1e4 else f"{value:,.0f}"
