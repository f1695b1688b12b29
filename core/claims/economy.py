"""Claims about supply and money: Huawei's volumes, a frontier site against a raise, and
whether an algorithmic lead can be held."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import polars as pl

from core.claims.claim import Expected, Outcome
from core.formulas.cost import site_table

if TYPE_CHECKING:
    from core.assumptions import Assumptions
    from core.catalog import Catalog

CHINA_SHORT = Expected(-math.inf, 1.0, "< 1, ranges apart", strict=True)
SITE_OVER_RAISE = Expected(1.0, math.inf, "> 1x", strict=True)


def lead_over_lag(a: Assumptions) -> Expected:
    """An algorithmic lead holds only while it outlasts the frontier's adoption lag."""
    return Expected(a.adoption_lag_months, math.inf, "> adoption lag", strict=True)


def huawei_quantity(catalog: Catalog, a: Assumptions) -> Outcome:
    installed = catalog.installed_hbm.filter(pl.col("year") == a.year)
    rows = {r["bloc"]: r for r in installed.iter_rows(named=True)}
    china, us = rows.get("china"), rows.get("us")
    if not china or not us or not us["installed_hbm_pb"]:
        return Outcome(math.nan, [f"No US volume data up to {a.year} in the catalog."])
    ratio = china["installed_hbm_pb"] / us["installed_hbm_pb"]
    overlap = china["installed_hbm_pb_high"] >= us["installed_hbm_pb_low"]
    return Outcome(
        ratio,
        condition=not overlap,
        used=tuple(sorted(set(catalog.volumes.filter(pl.col("year") <= a.year)["system_id"]))),
        steps=[
            f"Installed HBM in large domains (>= 64 packages) by {a.year}, from [[volume]] rows:",
            f"China {china['installed_hbm_pb']:.3g} PB (range {china['installed_hbm_pb_low']:.3g}-"
            f"{china['installed_hbm_pb_high']:.3g}); US {us['installed_hbm_pb']:.3g} PB (range "
            f"{us['installed_hbm_pb_low']:.3g}-{us['installed_hbm_pb_high']:.3g}).",
            f"China / US = {ratio:.3g}; the ranges {'overlap' if overlap else 'do not overlap'}.",
            "Holds (not in important quantities) when China's high estimate stays below the "
            "US's low estimate.",
        ],
    )


def _site(catalog: Catalog, a: Assumptions) -> dict | None:
    system = catalog.systems.filter(pl.col("system_id") == a.site_system_id)
    if system.height == 0:
        return None
    return site_table(system, a).row(0, named=True)


def _capex(site: dict) -> str:
    capex = site["site_capex_usd"]
    return "" if capex is None else f"Up front ${capex / 1e9:.3g}bn; "


def rest_funding(catalog: Catalog, a: Assumptions) -> Outcome:
    site = _site(catalog, a)
    if site is None or site["site_usd_per_year"] is None:
        why = site["why_no_cost"] if site else "not in the catalog"
        return Outcome(
            math.nan, [f"No cost for site system {a.site_system_id!r}: {why}."], condition=False
        )
    ratio = site["site_usd_per_year"] / a.funding_usd
    return Outcome(
        ratio,
        used=(a.site_system_id,),
        steps=[
            f"A {a.site_gw:g} GW site of {site['system']}: {site['site_systems']:,.0f} systems, "
            f"{site['site_chips']:,.0f} chips, {site['site_hbm_pb']:.3g} PB HBM.",
            f"{_capex(site)}per year ${site['site_usd_per_year'] / 1e9:.3g}bn "
            f"(${site['usd_per_gw_year'] / 1e9:.3g}bn per GW-year, "
            f"${site['site_usd_per_chip_hour']:.3g} per chip-hour on a {site['cost_basis']} "
            "basis, as in the Cost pane; published "
            "estimates $7-12bn per GW-year: Epoch AI by hardware life, Nesov $9-11bn).",
            f"Rest-of-world raise: ${a.funding_usd / 1e9:.3g}bn, i.e. "
            f"{site['site_years_funded'] * 12:.2g} months of one site.",
            "Holds when a year of one frontier site costs more than the raise. Gulf "
            "sovereign-backed capacity (Stargate UAE, Humain) is outside 'rest': it is funded by "
            "states, not by a lab's raise.",
        ],
    )


def no_leapfrog(catalog: Catalog, a: Assumptions) -> Outcome:
    lead = math.log2(max(a.compute_gap, 1.0)) * a.algo_halving_months
    return Outcome(
        lead,
        [
            f"Compute gap {a.compute_gap:g}x: algorithms must save log2({a.compute_gap:g}) = "
            f"{math.log2(max(a.compute_gap, 1.0)):.3g} halvings.",
            f"At one halving per {a.algo_halving_months:g} months that is a {lead:.3g}-month lead.",
            f"The frontier adopts published ideas within {a.adoption_lag_months:g} months and "
            "scales them with more compute, so such a lead cannot be held.",
            "Holds when the lead needed exceeds the adoption lag.",
        ],
    )


def solve_funding(catalog: Catalog, a: Assumptions, outcome: Outcome, holds: bool) -> str:
    yearly = outcome.value * a.funding_usd
    if holds:
        return (
            f"margin: holds while funding_usd < {yearly:.3g} (now {a.funding_usd:.3g}): "
            f"{outcome.value:.3g}x today's raise"
        )
    return f"fails: a raise of {a.funding_usd:.3g} USD covers a year; holds below {yearly:.3g}"


def solve_leapfrog(catalog: Catalog, a: Assumptions, outcome: Outcome, holds: bool) -> str:
    gap = 2 ** (a.adoption_lag_months / a.algo_halving_months)
    if holds:
        return f"margin: holds while compute_gap > {gap:.3g} (now {a.compute_gap:g})"
    return f"holds if compute_gap > {gap:.3g}, or adoption_lag_months < {outcome.value:.3g}"
