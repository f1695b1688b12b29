"""Capacity claims: which model sizes one scale-up domain holds. Capacity is proportional to
weight_fraction / bits_per_param, so the lever value where each claim flips follows from one
division (closed-form `needs`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import polars as pl

from core.assumptions import Assumptions
from core.claims.claim import (
    NVL8_PACKAGES,
    Expected,
    Outcome,
    best_by_hbm,
    fmt,
    oberon_racks,
    system_row,
)
from core.formulas.access import obtainable_in
from core.formulas.quantities import params_t_per_hbm_tb

if TYPE_CHECKING:
    from core.catalog import Catalog

CHINA_1T = Expected(0.9, math.inf, ">= 0.9T")  # "~1T": within 10% of a trillion
OBERON_20_25T = Expected(20.0, 25.0, "20-25T")
KYBER_TARGET_T = 400.0
KYBER_RACKS = Expected(1.0, 4.0, "<= 4 racks")  # seed-arithmetic note: 400T needs 2-4 racks
FEYNMAN_1_3Q = Expected(1000.0, 3000.0, "1,000-3,000T")


def china_1t_nvl8(catalog: Catalog, a: Assumptions) -> Outcome:
    servers = obtainable_in(catalog.systems, a, "china", a.year).filter(
        pl.col("packages") <= NVL8_PACKAGES
    )
    best = best_by_hbm(servers)
    if best is None:
        return Outcome(0.0, [f"No 8-chip server is open to China in {a.year}."])
    cap = best["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    return Outcome(
        cap,
        used=(best["system_id"],),
        capacity_t=cap,
        steps=[
            f"Best 8-chip server China can obtain in {a.year} (catalog access rules): "
            f"{best['system']} ({best['system_id']}), {fmt(best['hbm_tb'])} TB HBM.",
            f"Largest model = {fmt(best['hbm_tb'])} TB x {a.weight_fraction:g} / "
            f"({a.bits_per_param:g} bits / 8) = {fmt(cap)}T params.",
            f"Holds when that is at least {CHINA_1T.low:g}T (~1T).",
        ],
    )


def oberon_20_25t(catalog: Catalog, a: Assumptions) -> Outcome:
    racks = oberon_racks(catalog)
    best = best_by_hbm(racks)
    if best is None:
        return Outcome(0.0, ["No Oberon NVL72 rack shipping in 2025-2026 in the catalog."])
    cap = best["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    names = ", ".join(f"{r['system']} {fmt(r['hbm_tb'])} TB" for r in racks.iter_rows(named=True))
    return Outcome(
        cap,
        used=tuple(racks["system_id"]),
        capacity_t=cap,
        steps=[
            f"Oberon racks shipping 2025-2026: {names}.",
            f"Largest model in one rack = {fmt(best['hbm_tb'])} TB x {a.weight_fraction:g} / "
            f"({a.bits_per_param:g} / 8) = {fmt(cap)}T.",
            f"Holds when it lies in {OBERON_20_25T.low:g}-{OBERON_20_25T.high:g}T.",
        ],
    )


def kyber_400t(catalog: Catalog, a: Assumptions) -> Outcome:
    kyber = system_row(catalog, "kyber-rubin-ultra")
    if kyber is None:
        return Outcome(math.nan, ["The catalog has no kyber-rubin-ultra rack."])
    per_rack = kyber["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    racks = math.ceil(KYBER_TARGET_T / per_rack - 1e-9)
    return Outcome(
        float(racks),
        used=(kyber["system_id"],),
        capacity_t=per_rack,
        steps=[
            f"{kyber['system']}: {kyber['packages']} packages, {fmt(kyber['hbm_tb'])} TB HBM.",
            f"One rack holds {fmt(kyber['hbm_tb'])} x {a.weight_fraction:g} / "
            f"({a.bits_per_param:g} / 8) = {fmt(per_rack)}T: short of {KYBER_TARGET_T:g}T.",
            f"{KYBER_TARGET_T:g}T needs ceil({KYBER_TARGET_T:g} / {fmt(per_rack)}) = {racks} "
            "racks chained by pipeline parallelism.",
            f"Holds when at most {KYBER_RACKS.high:g} racks suffice (the seed note's 2-4).",
        ],
    )


def feynman_1_3q(catalog: Catalog, a: Assumptions) -> Outcome:
    system = system_row(catalog, "kyber-feynman-x8")
    if system is None:
        return Outcome(math.nan, ["The catalog has no kyber-feynman-x8 system."])
    accelerator = catalog.row("accelerator", system["accelerator_id"])
    cap = system["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    hbm_range = ""
    if "hbm_gb_low" in accelerator:
        hbm_range = (
            f" (catalog range {accelerator['hbm_gb_low']:g}-{accelerator['hbm_gb_high']:g} GB)"
        )
    return Outcome(
        cap,
        used=(system["system_id"],),
        capacity_t=cap,
        steps=[
            f"Assumption it rests on: Feynman HBM per package = {accelerator['hbm_gb']:g} GB"
            f"{hbm_range}, unannounced; confidence '{accelerator['confidence']}'.",
            f"{system['system']}: {system['packages']:,} packages x {accelerator['hbm_gb']:g} GB = "
            f"{fmt(system['hbm_tb'])} TB.",
            f"Largest model = {fmt(system['hbm_tb'])} x {a.weight_fraction:g} / "
            f"({a.bits_per_param:g} / 8) = {fmt(cap)}T = {cap / 1000:.2g} quadrillion.",
            f"Holds when it lies in {FEYNMAN_1_3Q.low / 1000:g}-{FEYNMAN_1_3Q.high / 1000:g} "
            "quadrillion.",
        ],
    )


def _bits_window(a: Assumptions, capacity: float, expected: Expected, holds: bool) -> str:
    """Solve low <= capacity x bits_now / bits <= high for bits_per_param."""
    spec = Assumptions.specs()["bits_per_param"]
    low, high = expected.low, expected.high
    fewest = a.bits_per_param * capacity / high if math.isfinite(high) else 0.0
    most = a.bits_per_param * capacity / low
    fewest, most = max(fewest, spec.low), min(most, spec.high)
    if fewest > most:
        return "fails at every bits_per_param: needs more HBM per domain"
    if holds:
        lower = f"{fewest:.3g} <= " if fewest > spec.low else ""
        return f"margin: holds while {lower}bits_per_param <= {most:.3g} (now {a.bits_per_param:g})"
    if a.bits_per_param > most:
        return f"holds if bits_per_param <= {most:.3g}"
    return f"holds if bits_per_param >= {fewest:.3g}"


def solve_china(catalog: Catalog, a: Assumptions, outcome: Outcome, holds: bool) -> str:
    if not outcome.capacity_t:
        return "needs an 8-chip server open to China that year (catalog access rules)"
    needed = a.weight_fraction * CHINA_1T.low / outcome.capacity_t
    if holds:
        return f"margin: holds while weight_fraction >= {needed:.3g} (now {a.weight_fraction:g})"
    if needed <= 1:
        return f"holds if weight_fraction >= {needed:.3g}"
    bits = a.bits_per_param * outcome.capacity_t / CHINA_1T.low
    return f"no weight share suffices; holds if bits_per_param <= {bits:.3g}"


def solve_oberon(catalog: Catalog, a: Assumptions, outcome: Outcome, holds: bool) -> str:
    return _bits_window(a, outcome.capacity_t, OBERON_20_25T, holds)


def solve_kyber(catalog: Catalog, a: Assumptions, outcome: Outcome, holds: bool) -> str:
    racks = f"needs a pipeline of {outcome.value:.0f} Kyber racks; "
    per_rack_needed = Expected(KYBER_TARGET_T / KYBER_RACKS.high, math.inf)
    return racks + _bits_window(a, outcome.capacity_t, per_rack_needed, holds)


def solve_feynman(catalog: Catalog, a: Assumptions, outcome: Outcome, holds: bool) -> str:
    return _bits_window(a, outcome.capacity_t, FEYNMAN_1_3Q, holds)
