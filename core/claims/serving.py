"""Serving claims: how fast a rack-sized model decodes on 8-chip servers against one rack,
and what a token of it costs against a dense model of the same active size."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import polars as pl

from core.claims.claim import (
    NVL8_PACKAGES,
    Expected,
    Outcome,
    best_by_hbm,
    oberon_racks,
)
from core.formulas.access import obtainable_in
from core.formulas.cost import hourly_cost, usd_per_mtok
from core.formulas.fit import serving
from core.formulas.quantities import params_t_per_hbm_tb
from core.formulas.workload import ModelProfile, resolve_model

if TYPE_CHECKING:
    from core.assumptions import Assumptions
    from core.catalog import Catalog

SERVE_GAP = Expected(10.0, math.inf, ">= 10x")  # "can't run": 10x slower per sequence
AFFORDABLE = Expected(0.0, 2.0, "<= 2x")  # "little more": at most twice the $/Mtok


def _china_nvl8_and_rack(catalog: Catalog, a: Assumptions) -> tuple[dict | None, dict | None]:
    servers = obtainable_in(catalog.systems, a, "china", a.year).filter(
        pl.col("packages") <= NVL8_PACKAGES
    )
    if servers.height == 0:
        servers = catalog.systems.filter(pl.col("packages") <= NVL8_PACKAGES)
    return best_by_hbm(servers), best_by_hbm(oberon_racks(catalog))


def _rack_sized_model(catalog: Catalog, a: Assumptions, rack: dict) -> ModelProfile:
    size_t = rack["hbm_tb"] * params_t_per_hbm_tb(a, domains=1)
    model = resolve_model(catalog.models, a.replace(params_t=max(size_t, 1e-3), model_id=""))
    assert model is not None
    return model


def nvl8_fleet_cannot_serve(catalog: Catalog, a: Assumptions) -> Outcome:
    server, rack = _china_nvl8_and_rack(catalog, a)
    if server is None or rack is None:
        return Outcome(math.nan, ["Needs an 8-chip server and an Oberon rack."])
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
            f"{SERVE_GAP.low:g}x (an order of magnitude), whatever the number of servers.",
        ],
    )


def big_models_affordable(catalog: Catalog, a: Assumptions) -> Outcome:
    rack = best_by_hbm(
        oberon_racks(catalog).filter(
            pl.col("price_usd").is_not_null() & pl.col("power_kw").is_not_null()
        )
    )
    if rack is None:
        return Outcome(math.nan, ["Needs a priced Oberon rack in the catalog."])
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
        mtok = usd_per_mtok(hourly, speed["decode_tok_s_per_domain"], a.utilization)
        costs.append((speed, mtok))
    (big_speed, big_cost), (dense_speed, dense_cost) = costs
    ratio = big_cost / dense_cost
    return Outcome(
        ratio,
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
            f"parameters; holds when at most {AFFORDABLE.high:g}x. Larger batches spread each "
            "weight read over more tokens.",
        ],
    )
