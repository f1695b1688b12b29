"""`needs` by search: the lever value where a claim flips, for claims with no closed form.

Scan the lever's valid range coarsely (log-spaced when it spans more than 100x), take the
flip nearest the current value, then bisect towards it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from core.assumptions import Assumptions, AssumptionSpec

if TYPE_CHECKING:
    from core.catalog import Catalog
    from core.claims.claim import Claim

SCAN_POINTS = 12  # coarse scan of a lever's range before bisecting
BISECTION_STEPS = 16


def _shown(spec: AssumptionSpec, value: float) -> str:
    if spec.kind == "int":
        return str(int(value)) if spec.unit == "year" else f"{int(value):,}"
    return f"{value:.3g}"


def solve_by_search(claim: Claim, catalog: Catalog, a: Assumptions, holds_now: bool) -> str:
    """The lever value where the claim flips, by scanning its range and bisecting."""
    spec = Assumptions.specs()[claim.lever]
    current = float(getattr(a, claim.lever))

    def holds_at(value: float) -> bool:
        value = round(value) if spec.kind == "int" else value
        return claim.check(catalog, a.replace(**{claim.lever: value}))[1]

    log_scale = spec.low > 0 and spec.high / spec.low > 100
    points = int(spec.high - spec.low) + 1 if spec.key == "year" else SCAN_POINTS
    grid = (
        np.geomspace(spec.low, spec.high, points)
        if log_scale
        else np.linspace(spec.low, spec.high, points)
    )
    grid = np.unique(np.append(grid, current))
    flips = [v for v in grid if holds_at(float(v)) != holds_now]
    if not flips:
        verdict = "holds" if holds_now else "fails"
        return f"{verdict} across {claim.lever} {spec.low:g}-{spec.high:g}"
    if log_scale:
        target = min(flips, key=lambda v: abs(math.log(v / current)) if current > 0 else v)
    else:
        target = min(flips, key=lambda v: abs(v - current))
    inside, outside = current, float(target)
    for _ in range(BISECTION_STEPS):
        middle = (inside + outside) / 2
        if holds_at(middle) == holds_now:
            inside = middle
        else:
            outside = middle
        if spec.kind == "int" and abs(outside - inside) <= 1:
            break
    edge = round(outside) if spec.kind == "int" else outside
    direction = ">=" if outside > current else "<="
    shown = _shown(spec, edge)
    if holds_now:
        opposite = "<" if direction == ">=" else ">"
        limit = _shown(spec, round(inside) if spec.kind == "int" else inside)
        return f"margin: holds while {claim.lever} {opposite}= {limit} (now {current:g})"
    return f"holds if {claim.lever} {direction} {shown}{(' ' + spec.unit) if spec.unit else ''}"
