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
from core.formulas.fit import serving
from core.formulas.frontier import DEFAULT_TARGET_TOK_S_PER_USER, system_fronts
from core.formulas.kv import models_at
from core.formulas.quantities import params_t_per_hbm_tb
from core.formulas.workload import ModelProfile, resolve_model

if TYPE_CHECKING:
    from core.assumptions import Assumptions
    from core.catalog import Catalog

SERVE_GAP = Expected(10.0, math.inf, ">= 10x")  # "can't run": 10x slower per sequence


def _china_nvl8_and_rack(catalog: Catalog, a: Assumptions) -> tuple[dict | None, dict | None]:
    servers = obtainable_in(catalog.systems, a, "china", a.year).filter(
        pl.col("packages") <= NVL8_PACKAGES
    )
    if servers.height == 0:
        servers = catalog.systems.filter(pl.col("packages") <= NVL8_PACKAGES)
    return best_by_hbm(servers), best_by_hbm(oberon_racks(catalog))


RACK_FILL = 0.999  # "fills the rack": just inside its weight share, clear of rounding


def _rack_sized_model(catalog: Catalog, a: Assumptions, rack: dict) -> ModelProfile:
    size_t = rack["hbm_tb"] * params_t_per_hbm_tb(a, domains=1) * RACK_FILL
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
    if a.serving_layout == "deployment":
        # The rack serves it as one replica; both compare at the batch the rack's KV holds.
        in_rack = a.replace(replica_chips=rack["packages"])
        alone = serving(pair.filter(pl.col("system_id") == rack["system_id"]), in_rack, model)
        held = alone["max_sequences"][0] or 1
        batch = max(1, min(a.concurrent_sequences, int(held)))
        unlimited = unlimited.replace(concurrent_sequences=batch)
    speeds = pair.select("system_id", "system").hstack(serving(pair, unlimited, model))
    by_id = {r["system_id"]: r for r in speeds.iter_rows(named=True)}
    fleet = by_id[server["system_id"]]
    if a.serving_layout == "deployment":
        rack_only = pair.filter(pl.col("system_id") == rack["system_id"])
        one = serving(rack_only, unlimited.replace(replica_chips=rack["packages"]), model).row(
            0, named=True
        )
    else:
        one = by_id[rack["system_id"]]
    if a.serving_layout == "whole-domain":
        fleet_speed, fleet_steps = _seed_fleet(fleet, server)
    else:
        fleet_speed, fleet_steps = _deployed_fleet(fleet, server)
    if not fleet_speed or not one["decode_tok_s_per_seq"]:
        return Outcome(math.nan, [*fleet_steps, "No speed for one of the two systems."])
    ratio = one["decode_tok_s_per_seq"] / fleet_speed
    fleet_bandwidth = server["hbm_tbps"] / server["packages"] * (fleet.get("replica_chips") or 0)
    rack_bandwidth = rack["hbm_tbps"] / rack["packages"] * (one.get("replica_chips") or 1)
    return Outcome(
        ratio,
        used=(server["system_id"], rack["system_id"]),
        steps=[
            f"A model sized to fill one {rack['system']} at these assumptions: "
            f"{model.total_params / 1e12:.3g}T params ({model.active_params / 1e12:.3g}T active), "
            f"{unlimited.concurrent_sequences:,} sequences decoding together (what the rack's "
            "KV cache holds, at most the concurrency asked for).",
            *fleet_steps,
            f"One {rack['system']} holds it as {one['layout']} on {one['replica_chips']} chips "
            f"and decodes at {one['decode_tok_s_per_seq']:.3g} tokens/s per sequence "
            f"(step {one.get('t_step_ms') or one['t_memory_ms']:.3g} ms).",
            f"Ratio to the fleet: {ratio:.3g}x; holds when at least "
            f"{SERVE_GAP.low:g}x (an order of magnitude), whatever the number of servers.",
            *(
                [
                    f"Why not: the fleet's {fleet['replica_chips']} chips read HBM "
                    f"{fleet_bandwidth / rack_bandwidth:.2g}x as fast as the rack's "
                    f"{one['replica_chips']}; its slower links cost {fleet['t_links_ms']:.3g} ms "
                    f"a step against {one['t_links_ms']:.3g} ms in the rack, and both pay "
                    "per-layer latency floors, so at this batch the links do not decide it."
                ]
                if a.serving_layout == "deployment" and ratio < SERVE_GAP.low
                else []
            ),
        ],
    )


def _seed_fleet(fleet: dict, server: dict) -> tuple[float, list[str]]:
    """The seed's two arrangements of 8-chip servers: a pipeline, or experts spread out."""
    spread = fleet["ep_decode_tok_s_per_seq"]
    speed = max(fleet["decode_tok_s_per_seq"] or 0.0, spread or 0.0)
    return speed, [
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
    ]


def _deployed_fleet(fleet: dict, server: dict) -> tuple[float, list[str]]:
    """8-chip servers as a deployment would join them: the faster of expert parallelism
    over the scale-out network and a pipeline of servers."""
    speed = fleet["decode_tok_s_per_seq"] or 0.0
    if not fleet["weights_fit"]:
        return 0.0, [f"On {server['system']} servers: {fleet['why_no_speed']}."]
    return speed, [
        f"On {server['system']} servers the faster arrangement is {fleet['layout']} over "
        f"{fleet['domains_needed']} servers ({fleet['replica_chips']} chips): a step takes "
        f"{fleet['t_step_ms']:.3g} ms ({fleet['t_links_ms']:.3g} ms on the links, "
        f"{fleet['t_floor_ms']:.3g} ms of latency floors), {speed:.3g} tokens/s per sequence.",
    ]


BIG_MODEL_T = 20.0  # the seed: Oberon racks enable 20-25T models
SMALL_MODEL = "kimi-k2"  # a ~1T open model that Chinese labs serve on 8-chip servers
INTERACTIVITY = (5.0, 10.0, 20.0, 30.0, 50.0, 75.0, 100.0, 150.0)


def _front(catalog: Catalog, a: Assumptions, system_id: str, model: ModelProfile) -> pl.DataFrame:
    return system_fronts(catalog.systems.filter(pl.col("system_id") == system_id), a, model)


def _cheapest_at(front: pl.DataFrame, speed: float) -> float:
    """The lowest $/Mtok on a front among points at least `speed` tok/s per user."""
    fast = front.filter(pl.col("decode_tok_s_per_seq") >= speed)["usd_per_mtok"].drop_nulls()
    return float(fast.min()) if fast.len() else math.nan


def big_model_costs(catalog: Catalog, a: Assumptions) -> dict | None:
    """$/Mtok of a 20T model on the best Oberon rack and of a ~1T model on China's best
    8-chip server, read off both fronts at each interactivity."""
    rack = best_by_hbm(oberon_racks(catalog).filter(pl.col("price_usd").is_not_null()))
    server, _ = _china_nvl8_and_rack(catalog, a)
    small_ok = SMALL_MODEL in catalog.rows["model"]
    if rack is None or server is None or not small_ok:
        return None
    deployed = a.replace(serving_layout="deployment")
    big = resolve_model(catalog.models, deployed.with_hypothetical(BIG_MODEL_T))
    small = resolve_model(
        models_at(catalog, a.kv_bits, a.context_tokens), deployed.with_model(SMALL_MODEL)
    )
    assert big is not None and small is not None
    big_front = _front(catalog, deployed, rack["system_id"], big)
    small_front = _front(catalog, deployed, server["system_id"], small)
    table = [
        (speed, _cheapest_at(big_front, speed), _cheapest_at(small_front, speed))
        for speed in INTERACTIVITY
    ]
    return {
        "rack": rack,
        "server": server,
        "big": big,
        "small": small,
        "table": table,
        "fronts": (big_front, small_front),
    }


def big_models_affordable(catalog: Catalog, a: Assumptions) -> Outcome:
    costs = big_model_costs(catalog, a)
    if costs is None:
        return Outcome(math.nan, ["Needs a priced Oberon rack, an 8-chip server and Kimi K2."])
    rack, server, big, small = costs["rack"], costs["server"], costs["big"], costs["small"]
    speed = a.target_tok_s_per_user or DEFAULT_TARGET_TOK_S_PER_USER
    big_front, small_front = costs["fronts"]
    big_cost, small_cost = _cheapest_at(big_front, speed), _cheapest_at(small_front, speed)
    ratio = big_cost / small_cost if small_cost else math.nan
    size_ratio = big.total_params / small.total_params
    lines = [
        f"{u:g} tok/s/user: ${b:.3g} vs ${m:.3g} per million output tokens ({b / m:.3g}x)"
        if math.isfinite(b) and math.isfinite(m)
        else f"{u:g} tok/s/user: "
        + ("the rack cannot reach it" if not math.isfinite(b) else "the servers cannot reach it")
        for u, b, m in costs["table"]
    ]
    return Outcome(
        ratio,
        used=(rack["system_id"], server["system_id"]),
        capacity_t=size_ratio,
        steps=[
            f"A {big.total_params / 1e12:.3g}T model ({big.active_params / 1e12:.3g}T active) on "
            f"{rack['system']} against {small.name} ({small.total_params / 1e12:.3g}T, "
            f"{small.active_params / 1e9:.3g}B active) on {server['system']} servers, each at the "
            "cheapest point of its front (deployment serving, Cost pane $/chip-hour) that is at "
            "least as fast per user:",
            *lines,
            f"At {speed:g} tok/s/user: {ratio:.3g}x the $/Mtok for {size_ratio:.3g}x the "
            f"parameters; holds when the cost ratio is below the size ratio.",
        ],
    )


def affordable_range(catalog: Catalog, a: Assumptions, outcome: Outcome, holds: bool) -> str:
    """The interactivity range over which the big model costs less than its size suggests."""
    costs = big_model_costs(catalog, a)
    if costs is None:
        return "missing catalog data"
    size_ratio = outcome.capacity_t
    good = [u for u, b, m in costs["table"] if math.isfinite(b / m) and b / m < size_ratio]
    if not good:
        return f"holds at no interactivity from {INTERACTIVITY[0]:g} to {INTERACTIVITY[-1]:g}"
    checked = f"{INTERACTIVITY[0]:g}-{INTERACTIVITY[-1]:g}"
    return f"holds at {min(good):g}-{max(good):g} tok/s/user (checked {checked})"
