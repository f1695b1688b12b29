"""The seed's argument, checked claim by claim under the current assumptions.

Each claim is data (id, wording, the seed's expected range, the assumption that moves it) plus
a function of the catalog and the assumptions that returns its value, whether it holds, and the
arithmetic step by step. `needs` is solved, not guessed: for a claim that fails, the value of
its lever assumption at which it would hold; for one that holds, how far that assumption can
move before it breaks. Capacity claims are linear in weight_fraction / bits_per_param and are
solved in closed form; the others by bisection over the lever's valid range.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from core.assumptions import Assumptions, AssumptionSpec
from core.catalog import Catalog
from core.cost import hourly_cost, site_table
from core.fit import params_t_per_hbm_tb, serving
from core.workload import ModelProfile, resolve_model

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
CHINA_1T_THRESHOLD_T = 0.9  # "~1T": within 10% of a trillion
OBERON_RANGE_T = (19.0, 26.0)  # "20-25T", with 5% either side
KYBER_TARGET_T = 400.0
KYBER_MAX_RACKS = 4  # the seed-arithmetic note: 400T needs 2-4 Kyber racks in pipeline
FEYNMAN_RANGE_T = (1000.0, 3000.0)
SCAN_POINTS = 12  # coarse scan of a lever's range before bisecting
BISECTION_STEPS = 16
SERVE_GAP = 10.0  # "can't run": an order of magnitude slower per sequence than one rack
AFFORDABLE_RATIO = 2.0  # "little more": at most twice the $/Mtok


@dataclass(frozen=True)
class Outcome:
    """What a claim evaluates to under one set of assumptions."""

    value: float
    holds: bool
    steps: list[str]
    capacity_t: float = math.nan  # for capacity claims: the model size that decides them
    used: tuple[str, ...] = ()  # catalog system ids the arithmetic read


def _obtainable(systems: pl.DataFrame, bloc: str, year: int) -> pl.DataFrame:
    access, until = pl.col(f"access_{bloc}"), pl.col(f"access_{bloc}_until")
    return systems.filter(
        access.is_not_null()
        & (access <= year)
        & (pl.col("first_ship") <= year)
        & (until.is_null() | (until >= year))
    )


def _best(frame: pl.DataFrame) -> dict | None:
    if frame.height == 0:
        return None
    return frame.sort("hbm_tb", descending=True).row(0, named=True)


def _fmt(value: float) -> str:
    return f"{value:,.3g}" if abs(value) < 1e4 else f"{value:,.0f}"


# ---------------------------------------------------------------- the claims


def china_1t_nvl8(catalog: Catalog, a: Assumptions) -> Outcome:
    servers = _obtainable(catalog.systems, "china", a.year).filter(
        pl.col("packages") <= NVL8_PACKAGES
    )
    best = _best(servers)
    if best is None:
        return Outcome(0.0, False, [f"No 8-chip server is open to China in {a.year}."])
    cap = best["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    return Outcome(
        cap,
        cap >= CHINA_1T_THRESHOLD_T,
        used=(best["system_id"],),
        capacity_t=cap,
        steps=[
            f"Best 8-chip server China can obtain in {a.year} (catalog access rules): "
            f"{best['system']} ({best['system_id']}), {_fmt(best['hbm_tb'])} TB HBM.",
            f"Largest model = {_fmt(best['hbm_tb'])} TB x {a.weight_fraction:g} / "
            f"({a.bits_per_param:g} bits / 8) = {_fmt(cap)}T params.",
            f"Holds when that is at least {CHINA_1T_THRESHOLD_T:g}T (~1T).",
        ],
    )


def _oberon_racks(catalog: Catalog) -> pl.DataFrame:
    return catalog.systems.filter(
        (pl.col("family") == "Oberon")
        & (pl.col("packages") == 72)
        & pl.col("first_ship").is_between(2025, 2026)
        & pl.col("access_us").is_not_null()
    )


def oberon_20_25t(catalog: Catalog, a: Assumptions) -> Outcome:
    racks = _oberon_racks(catalog)
    best = _best(racks)
    if best is None:
        return Outcome(0.0, False, ["No Oberon NVL72 rack shipping in 2025-2026 in the catalog."])
    cap = best["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    names = ", ".join(f"{r['system']} {_fmt(r['hbm_tb'])} TB" for r in racks.iter_rows(named=True))
    low, high = OBERON_RANGE_T
    return Outcome(
        cap,
        low <= cap <= high,
        used=tuple(racks["system_id"]),
        capacity_t=cap,
        steps=[
            f"Oberon racks shipping 2025-2026: {names}.",
            f"Largest model in one rack = {_fmt(best['hbm_tb'])} TB x {a.weight_fraction:g} / "
            f"({a.bits_per_param:g} / 8) = {_fmt(cap)}T.",
            f"Holds when it lies in 20-25T (accepted {low:g}-{high:g}T).",
        ],
    )


def _system(catalog: Catalog, system_id: str) -> dict | None:
    found = catalog.systems.filter(pl.col("system_id") == system_id)
    return found.row(0, named=True) if found.height else None


def kyber_400t(catalog: Catalog, a: Assumptions) -> Outcome:
    kyber = _system(catalog, "kyber-rubin-ultra")
    if kyber is None:
        return Outcome(math.nan, False, ["The catalog has no kyber-rubin-ultra rack."])
    per_rack = kyber["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    racks = math.ceil(KYBER_TARGET_T / per_rack - 1e-9)
    return Outcome(
        float(racks),
        racks <= KYBER_MAX_RACKS,
        used=(kyber["system_id"],),
        capacity_t=per_rack,
        steps=[
            f"{kyber['system']}: {kyber['packages']} packages, {_fmt(kyber['hbm_tb'])} TB HBM.",
            f"One rack holds {_fmt(kyber['hbm_tb'])} x {a.weight_fraction:g} / "
            f"({a.bits_per_param:g} / 8) = {_fmt(per_rack)}T: short of {KYBER_TARGET_T:g}T.",
            f"{KYBER_TARGET_T:g}T needs ceil({KYBER_TARGET_T:g} / {_fmt(per_rack)}) = {racks} "
            "racks chained by pipeline parallelism.",
            f"Holds when at most {KYBER_MAX_RACKS} racks suffice (the seed note's 2-4).",
        ],
    )


def feynman_1_3q(catalog: Catalog, a: Assumptions) -> Outcome:
    system = _system(catalog, "kyber-feynman-x8")
    if system is None:
        return Outcome(math.nan, False, ["The catalog has no kyber-feynman-x8 system."])
    accelerator = catalog.row("accelerator", system["accelerator_id"])
    cap = system["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    low, high = FEYNMAN_RANGE_T
    hbm_range = ""
    if "hbm_gb_low" in accelerator:
        hbm_range = (
            f" (catalog range {accelerator['hbm_gb_low']:g}-{accelerator['hbm_gb_high']:g} GB)"
        )
    return Outcome(
        cap,
        low <= cap <= high,
        used=(system["system_id"],),
        capacity_t=cap,
        steps=[
            f"Assumption it rests on: Feynman HBM per package = {accelerator['hbm_gb']:g} GB"
            f"{hbm_range}, unannounced; confidence '{accelerator['confidence']}'.",
            f"{system['system']}: {system['packages']:,} packages x {accelerator['hbm_gb']:g} GB = "
            f"{_fmt(system['hbm_tb'])} TB.",
            f"Largest model = {_fmt(system['hbm_tb'])} x {a.weight_fraction:g} / "
            f"({a.bits_per_param:g} / 8) = {_fmt(cap)}T = {cap / 1000:.2g} quadrillion.",
            "Holds when it lies in 1-3 quadrillion.",
        ],
    )


def _china_nvl8_and_rack(catalog: Catalog, a: Assumptions) -> tuple[dict | None, dict | None]:
    servers = _obtainable(catalog.systems, "china", a.year).filter(
        pl.col("packages") <= NVL8_PACKAGES
    )
    if servers.height == 0:
        servers = catalog.systems.filter(pl.col("packages") <= NVL8_PACKAGES)
    return _best(servers), _best(_oberon_racks(catalog))


def _rack_sized_model(catalog: Catalog, a: Assumptions, rack: dict) -> ModelProfile:
    size_t = rack["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    model = resolve_model(catalog.models, a.replace(params_t=max(size_t, 1e-3), model_id=""))
    assert model is not None
    return model


def nvl8_fleet_cannot_serve(catalog: Catalog, a: Assumptions) -> Outcome:
    server, rack = _china_nvl8_and_rack(catalog, a)
    if server is None or rack is None:
        return Outcome(math.nan, False, ["Needs an 8-chip server and an Oberon rack."])
    model = _rack_sized_model(catalog, a, rack)
    pair = catalog.systems.filter(
        pl.col("system_id").is_in([server["system_id"], rack["system_id"]])
    )
    unlimited = a.replace(pipeline_domains=4096)
    speeds = pair.select("system_id", "system").hstack(serving(pair, unlimited, model))
    by_id = {r["system_id"]: r for r in speeds.iter_rows(named=True)}
    fleet, one = by_id[server["system_id"]], by_id[rack["system_id"]]
    # The fleet's best arrangement: a pipeline of servers, or experts spread over them.
    spread = fleet["ep_decode_tok_s_per_seq"]
    fleet_speed = max(fleet["decode_tok_s_per_seq"], spread or 0.0)
    ratio = one["decode_tok_s_per_seq"] / fleet_speed
    return Outcome(
        ratio,
        ratio >= SERVE_GAP,
        used=(server["system_id"], rack["system_id"]),
        steps=[
            f"A model sized to fill one {rack['system']} at these assumptions: "
            f"{model.total_params / 1e12:.3g}T params ({model.active_params / 1e12:.3g}T active).",
            f"On {server['system']} servers it needs {fleet['domains_needed']} servers in a "
            f"pipeline; each stage reads {fleet['t_memory_ms']:.3g} ms of HBM per token, so a "
            f"sequence decodes at {fleet['decode_tok_s_per_seq']:.3g} tokens/s.",
            (
                f"Spreading its experts over servers instead: {fleet['ep_domains_needed']:.0f} "
                f"servers, {spread:.3g} tokens/s per sequence ({fleet['ep_t_scaleout_ms']:.3g} "
                "ms per step on the scale-out network)."
                if spread
                else "Spreading its experts over servers instead is impossible: the dense "
                "weights alone (attention, shared experts) exceed a server's weight share."
            ),
            f"KV room per stage: {fleet['kv_room_tb_per_stage']:.3g} TB on a server vs "
            f"{one['kv_room_tb_per_stage']:.3g} TB in the rack.",
            f"One {rack['system']} holds it in {one['domains_needed']} domain and decodes at "
            f"{one['decode_tok_s_per_seq']:.3g} tokens/s per sequence.",
            f"Ratio to the fleet's faster arrangement: {ratio:.3g}x; holds when at least "
            f"{SERVE_GAP:g}x (an order of magnitude), whatever the number of servers.",
        ],
    )


def huawei_quantity(catalog: Catalog, a: Assumptions) -> Outcome:
    installed = catalog.installed_hbm.filter(pl.col("year") == a.year)
    rows = {r["bloc"]: r for r in installed.iter_rows(named=True)}
    china, us = rows.get("china"), rows.get("us")
    if not china or not us or not us["installed_hbm_pb"]:
        return Outcome(math.nan, False, [f"No US volume data up to {a.year} in the catalog."])
    ratio = china["installed_hbm_pb"] / us["installed_hbm_pb"]
    overlap = china["installed_hbm_pb_high"] >= us["installed_hbm_pb_low"]
    return Outcome(
        ratio,
        ratio < 1 and not overlap,
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


def rest_funding(catalog: Catalog, a: Assumptions) -> Outcome:
    site = _site(catalog, a)
    if site is None or site["site_usd_per_year"] is None:
        return Outcome(
            math.nan, False, [f"No price or power for site system {a.site_system_id!r}."]
        )
    ratio = site["site_usd_per_year"] / a.funding_usd
    return Outcome(
        ratio,
        ratio > 1,
        used=(a.site_system_id,),
        steps=[
            f"A {a.site_gw:g} GW site of {site['system']}: {site['site_systems']:,.0f} systems, "
            f"{site['site_chips']:,.0f} chips, {site['site_hbm_pb']:.3g} PB HBM.",
            f"Up front ${site['site_capex_usd'] / 1e9:.3g}bn; per year "
            f"${site['site_usd_per_year'] / 1e9:.3g}bn (${site['usd_per_gw_year'] / 1e9:.3g}bn per "
            "GW-year; published estimates ~$10bn).",
            f"Rest-of-world raise: ${a.funding_usd / 1e9:.3g}bn, i.e. "
            f"{site['site_years_funded'] * 12:.2g} months of one site.",
            "Holds when a year of one frontier site costs more than the raise.",
        ],
    )


def big_models_affordable(catalog: Catalog, a: Assumptions) -> Outcome:
    rack = _best(
        _oberon_racks(catalog).filter(
            pl.col("price_usd").is_not_null() & pl.col("power_kw").is_not_null()
        )
    )
    if rack is None:
        return Outcome(math.nan, False, ["Needs a priced Oberon rack in the catalog."])
    big = _rack_sized_model(catalog, a, rack)
    same_active = resolve_model(
        catalog.models,
        a.replace(params_t=big.active_params / 1e12, active_fraction=1.0, model_id=""),
    )
    assert same_active is not None
    frame = catalog.systems.filter(pl.col("system_id") == rack["system_id"])
    hourly = hourly_cost(frame, a).row(0, named=True)["usd_per_hour"]
    unlimited = a.replace(pipeline_domains=4096)
    costs = []
    for model in (big, same_active):
        speed = serving(frame, unlimited, model).row(0, named=True)
        mtok = hourly / (speed["decode_tok_s_per_domain"] * a.utilization * 3600) * 1e6
        costs.append((speed, mtok))
    (big_speed, big_cost), (dense_speed, dense_cost) = costs
    ratio = big_cost / dense_cost
    return Outcome(
        ratio,
        ratio <= AFFORDABLE_RATIO,
        used=(rack["system_id"],),
        steps=[
            f"On one {rack['system']} (${hourly:.3g}/h), batches of {a.concurrent_sequences} "
            f"sequences x {a.context_tokens:,} tokens:",
            f"{big.total_params / 1e12:.3g}T total / {big.active_params / 1e12:.3g}T active (fills "
            f"the rack): step {big_speed['t_memory_ms']:.3g} ms memory vs "
            f"{big_speed['t_compute_ms']:.3g} ms compute ({big_speed['bound']}-bound), "
            f"${big_cost:.3g} per million output tokens.",
            f"Dense {same_active.total_params / 1e12:.3g}T (same active parameters): step "
            f"{dense_speed['t_memory_ms']:.3g} ms memory vs {dense_speed['t_compute_ms']:.3g} ms "
            f"compute ({dense_speed['bound']}-bound), ${dense_cost:.3g} per million output tokens.",
            "Training: FLOPs = 6 x active x tokens, identical for both: the extra total "
            "parameters cost HBM the rack already has, not compute.",
            f"Ratio {ratio:.3g}x for {big.total_params / same_active.total_params:.3g}x the "
            f"parameters; holds when at most {AFFORDABLE_RATIO:g}x. Larger batches spread each "
            "weight read over more tokens.",
        ],
    )


def no_leapfrog(catalog: Catalog, a: Assumptions) -> Outcome:
    lead = math.log2(max(a.compute_gap, 1.0)) * a.algo_halving_months
    return Outcome(
        lead,
        lead > a.adoption_lag_months,
        [
            f"Compute gap {a.compute_gap:g}x: algorithms must save log2({a.compute_gap:g}) = "
            f"{math.log2(max(a.compute_gap, 1.0)):.3g} halvings.",
            f"At one halving per {a.algo_halving_months:g} months that is a {lead:.3g}-month lead.",
            f"The frontier adopts published ideas within {a.adoption_lag_months:g} months and "
            "scales them with more compute, so such a lead cannot be held.",
            "Holds when the lead needed exceeds the adoption lag.",
        ],
    )


# ---------------------------------------------------------------- closed-form solutions
# Capacity is proportional to weight_fraction / bits_per_param, so the value of either lever
# at which a capacity claim flips follows from one division.


def _bits_window(a: Assumptions, capacity: float, low: float, high: float, holds: bool) -> str:
    """Solve low <= capacity x bits_now / bits <= high for bits_per_param."""
    spec = Assumptions.specs()["bits_per_param"]
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


def _solve_china(catalog: Catalog, a: Assumptions, outcome: Outcome) -> str:
    if not outcome.capacity_t:
        return "needs an 8-chip server open to China that year (catalog access rules)"
    needed = a.weight_fraction * CHINA_1T_THRESHOLD_T / outcome.capacity_t
    if outcome.holds:
        return f"margin: holds while weight_fraction >= {needed:.3g} (now {a.weight_fraction:g})"
    if needed <= 1:
        return f"holds if weight_fraction >= {needed:.3g}"
    bits = a.bits_per_param * outcome.capacity_t / CHINA_1T_THRESHOLD_T
    return f"no weight share suffices; holds if bits_per_param <= {bits:.3g}"


def _solve_oberon(catalog: Catalog, a: Assumptions, outcome: Outcome) -> str:
    return _bits_window(a, outcome.capacity_t, *OBERON_RANGE_T, outcome.holds)


def _solve_kyber(catalog: Catalog, a: Assumptions, outcome: Outcome) -> str:
    racks = f"needs a pipeline of {outcome.value:.0f} Kyber racks; "
    return racks + _bits_window(
        a, outcome.capacity_t, KYBER_TARGET_T / KYBER_MAX_RACKS, math.inf, outcome.holds
    )


def _solve_feynman(catalog: Catalog, a: Assumptions, outcome: Outcome) -> str:
    return _bits_window(a, outcome.capacity_t, *FEYNMAN_RANGE_T, outcome.holds)


def _solve_funding(catalog: Catalog, a: Assumptions, outcome: Outcome) -> str:
    yearly = outcome.value * a.funding_usd
    if outcome.holds:
        return (
            f"margin: holds while funding_usd < {yearly:.3g} (now {a.funding_usd:.3g}): "
            f"{outcome.value:.3g}x today's raise"
        )
    return f"fails: a raise of {a.funding_usd:.3g} USD covers a year; holds below {yearly:.3g}"


def _solve_leapfrog(catalog: Catalog, a: Assumptions, outcome: Outcome) -> str:
    gap = 2 ** (a.adoption_lag_months / a.algo_halving_months)
    if outcome.holds:
        return f"margin: holds while compute_gap > {gap:.3g} (now {a.compute_gap:g})"
    return f"holds if compute_gap > {gap:.3g}, or adoption_lag_months < {outcome.value:.3g}"


# ---------------------------------------------------------------- claim table


@dataclass(frozen=True)
class Claim:
    """One claim of the seed: wording, expected range, function, and its lever."""

    claim_id: str
    wording: str
    unit: str
    expected: str
    evaluate: Callable[[Catalog, Assumptions], Outcome]
    lever: str  # the assumption `needs` solves for
    solve: Callable[[Catalog, Assumptions, Outcome], str] | None = None  # closed form, if any


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "china-1t-nvl8",
        "A ~1T-parameter model fits one 8-chip server a Chinese lab can obtain",
        "T params",
        ">= 0.9T",
        china_1t_nvl8,
        "weight_fraction",
        _solve_china,
    ),
    Claim(
        "oberon-20-25t",
        "2025-2026 Oberon racks (GB200/GB300, Vera Rubin NVL72) enable 20-25T models",
        "T params",
        "20-25T",
        oberon_20_25t,
        "bits_per_param",
        _solve_oberon,
    ),
    Claim(
        "kyber-400t",
        "2028 Kyber racks enable ~400T models (with a pipeline of racks)",
        "racks",
        "<= 4 racks",
        kyber_400t,
        "bits_per_param",
        _solve_kyber,
    ),
    Claim(
        "feynman-1-3q",
        "8 x Kyber Feynman systems (2029-2030) enable 1-3 quadrillion parameters",
        "T params",
        "1,000-3,000T",
        feynman_1_3q,
        "bits_per_param",
        _solve_feynman,
    ),
    Claim(
        "nvl8-fleet-cannot-serve",
        "A model that needs an Oberon rack cannot be served "
        "usefully on any number of 8-chip servers",
        "x slower",
        ">= 10x",
        nvl8_fleet_cannot_serve,
        "weight_fraction",
    ),
    Claim(
        "huawei-quantity",
        "Huawei's large scale-up systems are not (yet) in quantities that match the US frontier",
        "China/US HBM",
        "< 1, ranges apart",
        huawei_quantity,
        "year",
    ),
    Claim(
        "rest-funding",
        "A frontier site costs far more per year than non-US, non-Chinese labs raise",
        "x the raise",
        "> 1x",
        rest_funding,
        "funding_usd",
        _solve_funding,
    ),
    Claim(
        "big-models-affordable",
        "Filling an Oberon rack with a larger model costs little "
        "more per token (and nothing more per training run) than a dense model of the same "
        "active size",
        "x $/Mtok",
        "<= 2x",
        big_models_affordable,
        "concurrent_sequences",
    ),
    Claim(
        "no-leapfrog",
        "An algorithmic lead cannot be sustained against a frontier with more compute",
        "months",
        "> adoption lag",
        no_leapfrog,
        "compute_gap",
        _solve_leapfrog,
    ),
)


def _show(spec: AssumptionSpec, value: float) -> str:
    if spec.kind == "int":
        return str(int(value)) if spec.unit == "year" else f"{int(value):,}"
    return f"{value:.3g}"


def _solve(claim: Claim, catalog: Catalog, a: Assumptions, holds_now: bool) -> str:
    """The lever value where the claim flips, by scanning its range and bisecting."""
    spec = Assumptions.specs()[claim.lever]
    current = float(getattr(a, claim.lever))

    def holds_at(value: float) -> bool:
        value = round(value) if spec.kind == "int" else value
        return claim.evaluate(catalog, a.replace(**{claim.lever: value})).holds

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
    shown = _show(spec, edge)
    if holds_now:
        opposite = "<" if direction == ">=" else ">"
        limit = _show(spec, round(inside) if spec.kind == "int" else inside)
        return f"margin: holds while {claim.lever} {opposite}= {limit} (now {current:g})"
    return f"holds if {claim.lever} {direction} {shown}{(' ' + spec.unit) if spec.unit else ''}"


def claims_table(catalog: Catalog, a: Assumptions) -> pl.DataFrame:
    """One row per claim under the assumptions `a`."""
    rows = []
    for claim in CLAIMS:
        outcome = claim.evaluate(catalog, a)
        if not math.isfinite(outcome.value):
            needs = "missing catalog data"
        elif claim.solve is not None:
            needs = claim.solve(catalog, a, outcome)
        else:
            needs = _solve(claim, catalog, a, outcome.holds)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "claim": claim.wording,
                "value": outcome.value,
                "unit": claim.unit,
                "expected": claim.expected,
                "holds": outcome.holds,
                "needs": needs,
                "steps": "\n".join(outcome.steps),
                "systems_used": ", ".join(outcome.used),
            }
        )
    return pl.DataFrame(rows, schema=CLAIM_SCHEMA)
