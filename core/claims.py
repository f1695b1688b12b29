"""The seed's claims, checked under the current assumptions (filled out by the Claims issue)."""

from __future__ import annotations

import polars as pl

from core.catalog import Catalog

CLAIM_SCHEMA = {"claim_id": pl.String, "claim": pl.String, "value": pl.Float64, "unit": pl.String,
                "expected": pl.String, "holds": pl.Boolean, "needs": pl.String}


def claims_table(catalog: Catalog, results: object) -> pl.DataFrame:
    """One row per claim."""
    return pl.DataFrame(schema=CLAIM_SCHEMA)
