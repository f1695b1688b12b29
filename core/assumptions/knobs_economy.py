"""Knobs of cost, sites, leapfrogging and the timeline, declared after the model's."""

from __future__ import annotations

from dataclasses import dataclass

from core.assumptions.knobs_model import FitAndServingKnobs
from core.assumptions.spec import knob


@dataclass(frozen=True, init=False, repr=False, eq=False)  # fields only: see Assumptions
class CostKnobs(FitAndServingKnobs):
    """Owning and running a system."""

    usd_per_kwh: float = knob(
        0.08,
        "Electricity",
        "USD/kWh",
        "price of electricity",
        low=0.0,
        high=2.0,
        step=0.01,
        big_step=0.05,
        source="EIA: US industrial average 8.06 c/kWh (2023)",
        group="cost",
    )
    pue: float = knob(
        1.2,
        "PUE",
        "ratio",
        "facility power / IT power",
        low=1.0,
        high=3.0,
        step=0.05,
        big_step=0.2,
        source="seed note claim D uses 1.2; Uptime 2024 average 1.56",
        group="cost",
    )
    amortization_years: float = knob(
        5.0,
        "Amortization",
        "years",
        "years over which the system price is recovered",
        low=0.5,
        high=20.0,
        step=0.5,
        big_step=1.0,
        source="Nesov: hardware ~5-year life (seed note 1.5)",
        group="cost",
    )
    cost_of_capital: float = knob(
        0.0,
        "Cost of capital",
        "fraction/yr",
        "annual cost of capital (0: straight-line amortization; `realistic` uses 0.08)",
        low=0.0,
        high=0.5,
        step=0.01,
        big_step=0.05,
        group="cost",
    )
    residual_fraction: float = knob(
        0.0,
        "Residual value",
        "fraction",
        "resale value at the end of amortization, as a share of the price",
        low=0.0,
        high=0.9,
        step=0.05,
        big_step=0.1,
        group="cost",
    )
    facility_usd_per_kw: float = knob(
        12_500.0,
        "Facility capex",
        "USD/kW",
        "buildings, cooling and power delivery per kW of IT load",
        low=0.0,
        high=100_000.0,
        step=500.0,
        big_step=2500.0,
        source="Nesov: $10-15bn infrastructure per GW (seed note 1.5)",
        group="cost",
    )
    facility_years: float = knob(
        12.0,
        "Facility life",
        "years",
        "years over which the facility is recovered",
        low=1.0,
        high=40.0,
        step=1.0,
        big_step=5.0,
        source="Nesov: 10-15-year life (seed note 1.5)",
        group="cost",
    )
    opex_fraction: float = knob(
        0.0,
        "Other opex",
        "fraction/yr",
        "maintenance, staff and insurance per year as a share of the system price "
        "(Epoch's non-energy opex implies ~0.015, Nesov's ~0.04)",
        low=0.0,
        high=1.0,
        step=0.01,
        big_step=0.05,
        source="seed note 1.5; Epoch AI 2026-05: $0.9bn opex less $0.6bn energy per GW-year "
        "against ~$20bn of racks",
        group="cost",
    )
    utilization: float = knob(
        0.7,
        "Utilization",
        "fraction",
        "share of hours the system serves billable tokens",
        low=0.01,
        high=1.0,
        step=0.05,
        big_step=0.1,
        group="cost",
    )


@dataclass(frozen=True, init=False, repr=False, eq=False)  # fields only: see Assumptions
class SiteKnobs(CostKnobs):
    """A frontier site and what funds it."""

    site_gw: float = knob(
        1.0,
        "Site power",
        "GW",
        "facility power of a frontier site",
        low=0.01,
        high=100.0,
        step=0.25,
        big_step=1.0,
        source="Nesov: 1 GW sites of 2026 (seed note 1.5)",
        group="site",
    )
    site_system_id: str = knob(
        "gb200-nvl72",
        "Site system",
        "",
        "catalog system a frontier site is built from",
        kind="text",
        source="Nesov: 1 GW ~ 5,500 GB200 NVL72 racks",
        group="site",
    )
    network_storage_fraction: float = knob(
        -1.0,
        "Network + storage",
        "fraction",
        "cluster networking and storage capex per dollar of system price, in every cost; "
        "-1 (any negative value) = each system's catalog figure (HGX ~0.12, NVL72-class ~0.3)",
        low=-1.0,
        high=3.0,
        step=0.05,
        big_step=0.25,
        source="catalog [[system]] network_storage_fraction: Bernstein 2025 GB200 build-up 0.27, "
        "Morgan Stanley May 2026 0.30-0.40; HGX server prices already include their NICs",
        group="cost",
    )
    funding_usd: float = knob(
        2.0e9,
        "Rest-of-world raise",
        "USD",
        "largest recent raise of a non-US, non-Chinese frontier lab",
        low=1e6,
        high=1e13,
        step=2.5e8,
        big_step=1e9,
        source="Mistral Series C, EUR 1.7bn, Sep 2025 (seed note claim D)",
        group="site",
    )
    tokens_per_active_param: float = knob(
        120.0,
        "Training tokens/param",
        "tokens",
        "training tokens per active parameter (compute-optimal ratio for 1:8 sparsity)",
        low=1.0,
        high=10_000.0,
        step=10.0,
        big_step=60.0,
        source="Nesov: r(8) ~ 120, r(30) ~ 240 (seed note 1.3)",
        group="site",
    )


@dataclass(frozen=True, init=False, repr=False, eq=False)  # fields only: see Assumptions
class LeapfrogKnobs(SiteKnobs):
    """Algorithmic leapfrogging."""

    compute_gap: float = knob(
        10.0,
        "Compute gap",
        "x",
        "frontier compute / challenger compute",
        low=1.0,
        high=1e6,
        step=1.0,
        big_step=10.0,
        source="Nesov: Chinese labs 10-100x behind (seed note claim C)",
        group="leapfrog",
    )
    algo_halving_months: float = knob(
        8.0,
        "Efficiency halving",
        "months",
        "months for algorithms to halve the compute needed for a fixed capability",
        low=1.0,
        high=120.0,
        step=1.0,
        big_step=4.0,
        source="Ho et al. 2024: ~8 months (95% CI 5-14)",
        group="leapfrog",
    )
    adoption_lag_months: float = knob(
        6.0,
        "Adoption lag",
        "months",
        "months before the frontier adopts a published idea",
        low=0.0,
        high=120.0,
        step=1.0,
        big_step=6.0,
        source="estimate: DeepSeek's FP8/MoE/MLA recipes spread within months (seed note S38)",
        group="leapfrog",
    )


@dataclass(frozen=True, init=False, repr=False, eq=False)  # fields only: see Assumptions
class TimelineKnobs(LeapfrogKnobs):
    """The as-of year and what the Timeline counts."""

    year: int = knob(
        2026,
        "Year",
        "year",
        "the 'as of' year for the panes",
        kind="int",
        low=2022,
        high=2031,
        step=1,
        big_step=2,
        group="timeline",
    )
    timeline_topology: str = knob(
        "any",
        "Timeline domains",
        "",
        "count every scale-up domain, or only switched "
        "all-to-all ones (leaving out torus pods such as TPU and Trn2)",
        kind="choice",
        choices=("any", "switched"),
        group="timeline",
    )
    timeline_basis: str = knob(
        "first_ship",
        "Timeline basis",
        "",
        "count a system from its first-ship year or its volume year",
        kind="choice",
        choices=("first_ship", "volume"),
        group="timeline",
    )
