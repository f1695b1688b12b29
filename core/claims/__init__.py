"""The seed's argument, checked claim by claim under the current assumptions.

Each claim is data (id, wording, the range that decides it, the assumption that moves it)
plus a function of the catalog and the assumptions that returns its value and the arithmetic
step by step. `needs` is solved, not guessed: for a claim that fails, the value of its lever at
which it would hold; for one that holds, how far that lever can move before it breaks.
"""

from __future__ import annotations

import math

import polars as pl

from core.assumptions import Assumptions
from core.catalog import Catalog
from core.claims.capacity import (
    CHINA_1T,
    FEYNMAN_1_3Q,
    KYBER_RACKS,
    OBERON_20_25T,
    china_1t_nvl8,
    feynman_1_3q,
    kyber_400t,
    oberon_20_25t,
    solve_china,
    solve_feynman,
    solve_kyber,
    solve_oberon,
)
from core.claims.claim import CLAIM_SCHEMA, Claim, Expected
from core.claims.economy import (
    CHINA_SHORT,
    SITE_OVER_RAISE,
    huawei_quantity,
    lead_over_lag,
    no_leapfrog,
    rest_funding,
    solve_funding,
    solve_leapfrog,
)
from core.claims.serving import (
    SERVE_GAP,
    affordable_range,
    big_models_affordable,
    nvl8_fleet_cannot_serve,
)
from core.claims.solve import solve_by_search

CLAIMS: tuple[Claim, ...] = (
    Claim(
        "china-1t-nvl8",
        "A ~1T-parameter model fits one 8-chip server a Chinese lab can obtain",
        "T params",
        CHINA_1T,
        china_1t_nvl8,
        "weight_fraction",
        solve_china,
    ),
    Claim(
        "oberon-20-25t",
        "2025-2026 Oberon racks (GB200/GB300, Vera Rubin NVL72) enable 20-25T models",
        "T params",
        OBERON_20_25T,
        oberon_20_25t,
        "bits_per_param",
        solve_oberon,
    ),
    Claim(
        "kyber-400t",
        "2028 Kyber racks enable ~400T models (with a pipeline of racks)",
        "racks",
        KYBER_RACKS,
        kyber_400t,
        "bits_per_param",
        solve_kyber,
    ),
    Claim(
        "feynman-1-3q",
        "8 x Kyber Feynman systems (2029-2030) enable 1-3 quadrillion parameters",
        "T params",
        FEYNMAN_1_3Q,
        feynman_1_3q,
        "bits_per_param",
        solve_feynman,
    ),
    Claim(
        "nvl8-fleet-cannot-serve",
        "A model that needs an Oberon rack cannot be served "
        "usefully on any number of 8-chip servers",
        "x slower",
        SERVE_GAP,
        nvl8_fleet_cannot_serve,
        "weight_fraction",
    ),
    Claim(
        "huawei-quantity",
        "Huawei's large scale-up systems are not (yet) in quantities that match the US frontier",
        "China/US HBM",
        CHINA_SHORT,
        huawei_quantity,
        "year",
    ),
    Claim(
        "rest-funding",
        "A frontier site costs far more per year than non-US, non-Chinese labs raise",
        "x the raise",
        SITE_OVER_RAISE,
        rest_funding,
        "funding_usd",
        solve_funding,
    ),
    Claim(
        "big-models-affordable",
        "Once Oberon racks are available a 20T model is not as expensive as it sounds: at "
        "the same speed per user, its $/Mtok on GB300 NVL72 is less than 20x a 1T model's on "
        "8-chip servers",
        "x $/Mtok",
        lambda a: Expected(0.0, 20.0, "< 20x (the size ratio)", strict=True),
        big_models_affordable,
        "target_tok_s_per_user",
        affordable_range,
    ),
    Claim(
        "no-leapfrog",
        "An algorithmic lead cannot be sustained against a frontier with more compute",
        "months",
        lead_over_lag,
        no_leapfrog,
        "compute_gap",
        solve_leapfrog,
    ),
)


def claims_table(catalog: Catalog, a: Assumptions) -> pl.DataFrame:
    """One row per claim under the assumptions `a`."""
    rows = []
    for claim in CLAIMS:
        outcome, holds = claim.check(catalog, a)
        if not math.isfinite(outcome.value):
            needs = "missing catalog data"
        elif claim.solve is not None:
            needs = claim.solve(catalog, a, outcome, holds)
        else:
            needs = solve_by_search(claim, catalog, a, holds)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "claim": claim.wording,
                "value": outcome.value,
                "unit": claim.unit,
                "expected": claim.expected_at(a).text,
                "holds": holds,
                "needs": needs,
                "steps": "\n".join(outcome.steps),
                "systems_used": ", ".join(outcome.used),
            }
        )
    return pl.DataFrame(rows, schema=CLAIM_SCHEMA)
