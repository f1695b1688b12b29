"""Each system's serving front: tokens/s per user against tokens/s per chip and $/Mtok.

For the chosen model, every system is swept in one vectorised call over concurrency (1 up to
what the KV cache holds, log-spaced) and replica sizes (auto, and every power of two from 8
chips to the domain), under the deployment serving model. A point is on a system's front when
no other point of that system is at least as fast per user and faster per chip. $/Mtok comes
from the Cost pane's $/chip-hour over the tokens a chip serves in the billed hours.

At a target interactivity (`target_tok_s_per_user`), a system's figure is the front point with
the most tokens per chip among those at least that fast per user.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.formulas.cost import hourly_cost, usd_per_mtok
from core.formulas.serving import deployment_serving
from core.formulas.workload import ModelProfile
from core.table import values

DEFAULT_TARGET_TOK_S_PER_USER = 20.0  # compared when no target is set: faster than reading
CONCURRENCY = 2 ** np.arange(0, 15)  # 1 ... 16,384 sequences per replica
REPLICAS = np.array([0, 8, 16, 32, 64, 72, 128, 144, 256, 384])  # 0: the auto choice

FRONT_COLUMNS = (
    "system_id",
    "system",
    "replica_chips",
    "layout",
    "concurrent_sequences",
    "decode_tok_s_per_seq",
    "decode_tok_s_per_chip",
    "decode_tok_s_per_mw",
    "usd_per_mtok",
    "usd_per_mtok_input",
    "ttft_s",
    "first_ship",
    "confidence",
)


def sweep(
    systems: pl.DataFrame, a: Assumptions, model: ModelProfile, usd_per_chip_hour: np.ndarray
) -> pl.DataFrame:
    """Every (system, replica, concurrency) point that holds its batch, with its figures."""
    n_systems = len(systems)
    grid_replica, grid_concurrency = np.meshgrid(REPLICAS, CONCURRENCY, indexing="ij")
    per_system = grid_replica.size
    rows = np.repeat(np.arange(n_systems), per_system)
    tiled = systems[rows]
    replica = np.tile(grid_replica.ravel(), n_systems)
    concurrency = np.tile(grid_concurrency.ravel(), n_systems).astype(np.float64)
    packages = values(tiled, "packages")
    # Fixed sizes from 8 chips up to the whole domain; auto covers the rest. Without a FLOP/s
    # figure a large batch would look free: such systems have no front.
    known_compute = np.isfinite(values(tiled, "bf16_pflops")) | np.isfinite(
        values(tiled, "fp8_pflops")
    )
    sensible = known_compute & ((replica == 0) | ((replica >= 8) & (replica <= packages)))
    keep = np.flatnonzero(sensible)
    tiled, replica, concurrency = tiled[keep], replica[keep], concurrency[keep]
    served = deployment_serving(
        tiled,
        a.replace(serving="disaggregated") if a.serving == "disaggregated" else a,
        model,
        concurrency=concurrency,
        replica_chips=replica,
        explain=False,
    )
    chip_hour = usd_per_chip_hour[rows[keep]]
    per_chip = values(served, "decode_tok_s_per_chip")
    kw_per_chip = values(tiled, "power_kw") / packages[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        frame = pl.DataFrame(
            {
                "system_id": tiled["system_id"],
                "system": tiled["system"],
                "replica_chips": served["replica_chips"],
                "layout": served["layout"],
                "concurrent_sequences": concurrency.astype(np.int64),
                "decode_tok_s_per_seq": served["decode_tok_s_per_seq"],
                "decode_tok_s_per_chip": served["decode_tok_s_per_chip"],
                "decode_tok_s_per_mw": pl.Series(
                    values=per_chip / kw_per_chip * 1e3, nan_to_null=True
                ),
                "usd_per_mtok": pl.Series(
                    values=usd_per_mtok(chip_hour, per_chip, a.utilization), nan_to_null=True
                ),
                "usd_per_mtok_input": pl.Series(
                    values=_input_cost(served, chip_hour, a), nan_to_null=True
                ),
                "ttft_s": served["ttft_s"],
                "first_ship": tiled["first_ship"],
                "confidence": tiled["confidence"],
                "_holds": served["kv_fits"],
            }
        )
    return frame.filter(pl.col("_holds") & pl.col("decode_tok_s_per_seq").is_not_null()).drop(
        "_holds"
    )


def system_fronts(systems: pl.DataFrame, a: Assumptions, model: ModelProfile) -> pl.DataFrame:
    """The fronts of `systems` for `model`, priced at the Cost pane's $/chip-hour."""
    chip_hour = values(hourly_cost(systems, a), "usd_per_chip_hour")
    return fronts(sweep(systems, a, model, chip_hour))


def _input_cost(served: pl.DataFrame, chip_hour: np.ndarray, a: Assumptions) -> np.ndarray:
    """$ per million prompt tokens: a chip-hour over the prompt tokens its replica prefills
    per hour at the time to first token (compute-bound prefill)."""
    prompt = max(a.context_tokens - a.output_tokens, 1)
    chips = values(served, "replica_chips")
    ttft = values(served, "ttft_s")
    prompt_tok_s_per_chip = prompt / ttft / chips
    return usd_per_mtok(chip_hour, prompt_tok_s_per_chip, a.utilization)


def fronts(points: pl.DataFrame) -> pl.DataFrame:
    """The Pareto front of each system: faster per user means fewer tokens per chip."""
    best_before = pl.col("decode_tok_s_per_chip").cum_max().shift(1).over("system_id")
    return (
        points.sort(
            ["system_id", "decode_tok_s_per_seq", "decode_tok_s_per_chip"],
            descending=[False, True, True],
        )
        .with_columns(best_before.alias("_before"))
        .filter(pl.col("_before").is_null() | (pl.col("decode_tok_s_per_chip") > pl.col("_before")))
        .select(FRONT_COLUMNS)
    )


def at_target(front: pl.DataFrame, systems: pl.DataFrame, target: float) -> pl.DataFrame:
    """Per system: the front point with the most tokens per chip at >= `target` tok/s/user,
    or why there is none."""
    reachable = (
        front.filter(pl.col("decode_tok_s_per_seq") >= target)
        .sort("decode_tok_s_per_chip", descending=True)
        .group_by("system_id", maintain_order=True)
        .first()
    )
    fastest = front.group_by("system_id").agg(pl.col("decode_tok_s_per_seq").max().alias("_top"))
    table = (
        systems.select("system_id")
        .join(reachable, on="system_id", how="left")
        .join(fastest, on="system_id", how="left")
    )
    reason = (
        pl.when(pl.col("_top").is_null())
        .then(pl.lit("no front: weights do not fit, or no FLOP/s in the catalog"))
        .when(pl.col("decode_tok_s_per_seq").is_null())
        .then(
            pl.format(
                "tops out at {} tok/s per user",
                pl.col("_top").round(1).cast(pl.String),
            )
        )
        .when(pl.col("usd_per_mtok").is_null())
        .then(pl.lit("no $/chip-hour (see why_no_cost)"))
        .otherwise(pl.lit(""))
    )
    return table.select(
        "system_id",
        pl.col("usd_per_mtok").alias("usd_per_mtok_at_target"),
        pl.col("decode_tok_s_per_chip").alias("decode_tok_s_per_chip_at_target"),
        pl.col("decode_tok_s_per_seq").alias("decode_tok_s_per_seq_at_target"),
        pl.col("replica_chips").alias("replica_chips_at_target"),
        pl.col("concurrent_sequences").alias("concurrent_sequences_at_target"),
        reason.alias("why_not_at_target"),
    )
