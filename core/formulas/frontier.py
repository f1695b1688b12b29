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
from core.formulas.cost import usd_per_chip_hour, usd_per_mtok
from core.formulas.serving import serve
from core.formulas.workload import ModelProfile
from core.table import integers, table, values

DEFAULT_TARGET_TOK_S_PER_USER = 20.0  # compared when no target is set: faster than reading
CONCURRENCY = 2 ** np.arange(0, 15)  # 1 ... 16,384 sequences per replica
REPLICAS = np.array([0, 8, 16, 32, 64, 72, 128, 144, 256, 384])  # 0: the auto choice
SWEEP_SLICE_SYSTEMS = 128  # systems swept at once: ~19,000 points, tens of MB of arrays

# The knobs a front depends on: the model, its precision and lengths, the serving model, and
# the cost of a chip-hour. Pipeline depth, training, sites, the timeline and the target read
# off the front do not change it (`tests/test_memo_keys.py` checks every knob).
_FRONT_GROUPS = ("scenario", "fit", "serving", "hypothetical", "cost")
_NOT_FRONT = ("preset_name", "pipeline_domains", "train_bytes_per_param", "target_tok_s_per_user")
FRONT_INPUTS = tuple(
    name
    for name, spec in Assumptions.specs().items()
    if spec.group in _FRONT_GROUPS and name not in _NOT_FRONT
)

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


def system_fronts(systems: pl.DataFrame, a: Assumptions, model: ModelProfile) -> pl.DataFrame:
    """The fronts of `systems` for `model`, priced at the Cost pane's $/chip-hour: every
    (system, replica, concurrency) point that holds its batch is computed, and those no other
    point of the same system beats on both axes are kept, each system fastest per user first.

    A large catalog is swept a slice of systems at a time: a 10,000-system overlay is 1.5
    million points, whose intermediate arrays would otherwise take gigabytes."""
    if systems.height <= SWEEP_SLICE_SYSTEMS:
        return _fronts_of(systems, a, model)
    return pl.concat(
        [
            _fronts_of(systems.slice(start, SWEEP_SLICE_SYSTEMS), a, model)
            for start in range(0, systems.height, SWEEP_SLICE_SYSTEMS)
        ],
        how="vertical_relaxed",
    )


def _fronts_of(systems: pl.DataFrame, a: Assumptions, model: ModelProfile) -> pl.DataFrame:
    n_systems = len(systems)
    grid_replica, grid_concurrency = np.meshgrid(REPLICAS, CONCURRENCY, indexing="ij")
    rows = np.repeat(np.arange(n_systems), grid_replica.size)
    replica = np.tile(grid_replica.ravel(), n_systems)
    concurrency = np.tile(grid_concurrency.ravel(), n_systems).astype(np.float64)
    packages = values(systems, "packages")
    # Fixed sizes from 8 chips up to the whole domain; auto covers the rest. Without a FLOP/s
    # figure a large batch would look free: such systems have no front.
    known_compute = np.isfinite(values(systems, "bf16_pflops")) | np.isfinite(
        values(systems, "fp8_pflops")
    )
    sensible = known_compute[rows] & (
        (replica == 0) | ((replica >= 8) & (replica <= packages[rows]))
    )
    keep = np.flatnonzero(sensible)
    rows, replica, concurrency = rows[keep], replica[keep], concurrency[keep]
    served = serve(
        systems,
        a.replace(serving="disaggregated") if a.serving == "disaggregated" else a,
        model,
        concurrency=concurrency,
        replica_chips=replica,
        rows=rows,
    )
    user, chip = served.per_sequence, served.per_chip
    usable = served.kv_fits & np.isfinite(user) & np.isfinite(chip)
    on_front = front_points(rows, user, chip, usable)
    chip_hour = usd_per_chip_hour(systems, a)[rows[on_front]]
    picked = rows[on_front]
    replica_chips = served.replica[on_front]
    ttft = served.ttft[on_front]
    per_chip = chip[on_front]
    prompt = max(a.context_tokens - a.output_tokens, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return table(
            {
                "system_id": systems["system_id"][picked],
                "system": systems["system"][picked],
                "replica_chips": integers(replica_chips),
                "layout": served.layout_names(on_front),
                "concurrent_sequences": concurrency[on_front].astype(np.int64),
                "decode_tok_s_per_seq": user[on_front],
                "decode_tok_s_per_chip": per_chip,
                "decode_tok_s_per_mw": per_chip
                / (values(systems, "power_kw")[picked] / packages[picked])
                * 1e3,
                "usd_per_mtok": usd_per_mtok(chip_hour, per_chip, a.utilization),
                # Prompt tokens a chip prefills per hour at the time to first token.
                "usd_per_mtok_input": usd_per_mtok(
                    chip_hour, prompt / ttft / replica_chips, a.utilization
                ),
                "ttft_s": ttft,
                "first_ship": systems["first_ship"][picked],
                "confidence": systems["confidence"][picked],
            }
        )


def front_points(
    system: np.ndarray, user: np.ndarray, chip: np.ndarray, usable: np.ndarray
) -> np.ndarray:
    """Indices of the front points, by system, fastest per user first: a point is kept when
    every faster point of its system (ties: the earlier listed) serves fewer tokens per chip."""
    candidates = np.flatnonzero(usable)
    s, u, c = system[candidates], user[candidates], chip[candidates]
    order = np.lexsort((-c, -u, s))  # stable: among equal points the first listed leads
    s, c = s[order], c[order]
    # The best per chip among the faster points of the same system: a running maximum over
    # the sorted rows, restarted at each system by lifting every system above the previous.
    lift = (np.max(c) + 1.0) * 2.0 if c.size else 1.0
    lifted = c + s * lift
    best_so_far = np.maximum.accumulate(lifted)
    before = np.concatenate([[-np.inf], best_so_far[:-1]])
    first_of_system = np.concatenate([[True], s[1:] != s[:-1]])
    keep = first_of_system | (lifted > before)
    return candidates[order[keep]]


def _owners(front: pl.DataFrame, systems: pl.DataFrame) -> np.ndarray:
    """Each front row's system, as its index in `systems`."""
    position = {system_id: i for i, system_id in enumerate(systems["system_id"].to_list())}
    return np.array([position[i] for i in front["system_id"].to_list()], dtype=np.int64)


def front_extremes(front: pl.DataFrame, systems: pl.DataFrame) -> dict[str, np.ndarray]:
    """Per system (in `systems` order): the fastest per user and per chip and the cheapest
    $/Mtok anywhere on its front (NaN without a front)."""
    owner, n = _owners(front, systems), systems.height
    extremes = {}
    for name, column, pick in (
        ("max_tok_s_per_seq", "decode_tok_s_per_seq", np.fmax),
        ("max_tok_s_per_chip", "decode_tok_s_per_chip", np.fmax),
        ("min_usd_per_mtok", "usd_per_mtok", np.fmin),
    ):
        best = np.full(n, np.nan)
        pick.at(best, owner, values(front, column))  # fmax/fmin: NaN only where all are
        extremes[name] = best
    return extremes


def at_target(front: pl.DataFrame, systems: pl.DataFrame, target: float) -> pl.DataFrame:
    """Per system (in `systems` order): the front point with the most tokens per chip at
    >= `target` tok/s/user, or why there is none."""
    owner = _owners(front, systems)
    user = values(front, "decode_tok_s_per_seq")
    chip = values(front, "decode_tok_s_per_chip")
    n = systems.height
    top = np.full(n, -np.inf)
    np.maximum.at(top, owner, user)
    # The reachable point with the most tokens per chip: first of its system when sorted so.
    reachable = np.flatnonzero(user >= target)
    order = reachable[np.lexsort((-chip[reachable], owner[reachable]))]
    first = np.concatenate([[True], owner[order][1:] != owner[order][:-1]]) if order.size else []
    best = np.full(n, -1, dtype=np.int64)
    best[owner[order[first]]] = order[first]
    found = best >= 0
    row = np.where(found, best, 0)

    def pick(name: str) -> np.ndarray:
        return np.where(found, values(front, name)[row] if front.height else np.nan, np.nan)

    usd = pick("usd_per_mtok")
    reasons = np.full(n, "", dtype=object)
    no_front = np.isinf(top)
    reasons[no_front] = "no front: weights do not fit, or no FLOP/s in the catalog"
    short = ~no_front & ~found
    reasons[short] = [f"tops out at {round(v, 1)} tok/s per user" for v in top[short].tolist()]
    reasons[found & np.isnan(usd)] = "no $/chip-hour (see why_no_cost)"
    return table(
        {
            "system_id": systems["system_id"],
            "usd_per_mtok_at_target": usd,
            "decode_tok_s_per_chip_at_target": pick("decode_tok_s_per_chip"),
            "decode_tok_s_per_seq_at_target": pick("decode_tok_s_per_seq"),
            "replica_chips_at_target": integers(pick("replica_chips")),
            "concurrent_sequences_at_target": integers(pick("concurrent_sequences")),
            "why_not_at_target": reasons,
        }
    )
