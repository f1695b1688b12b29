"""Predicted against published, measured serving speeds (`measurements.toml`).

Each measured point is re-run through the Fit pane's formulas exactly as a user would ask:
the `realistic` preset with the point's model, precision, lengths, concurrency, replica size,
serving mode and speculation, `weight_fraction = 0.9`. The ratio is predicted / measured; the
factor is the ratio or its inverse, whichever is >= 1.

Platform constants were set from part of the set; the rest is held out: a point is held out
when the CRC-32 of its id is divisible by 3, a rule fixed before any constant was chosen.
"""

from __future__ import annotations

import math
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.catalog import Catalog
from core.errors import CatalogError
from core.formulas.fit import serving
from core.formulas.frontier import front_points
from core.formulas.kv import models_at
from core.formulas.workload import resolve_model
from core.table import values
from core.tomlfile import read_toml

VALIDATION_WEIGHT_FRACTION = 0.9
FLOOR_BATCH_LIMIT = 16  # calibrate per-layer floors on points of at most this many sequences
_FIELDS = (
    "system",
    "model",
    "bits_per_param",
    "kv_bits",
    "input_tokens",
    "output_tokens",
    "concurrent_sequences",
    "replica_chips",
    "serving",
    "tok_s_per_user",
    "tok_s_per_chip",
)


def measurements_path() -> Path:
    """The built-in measurement set: inside the installed package, or at the checkout's top."""
    packaged = resources.files("core").joinpath("measurements.toml")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "measurements.toml"


def held_out(point_id: str) -> bool:
    """Whether a point belongs to the held-out part of the set."""
    return zlib.crc32(point_id.encode()) % 3 == 0


def load_measurements(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The measured points, each checked for the fields a comparison needs."""
    path = Path(path) if path is not None else measurements_path()
    data, _ = read_toml(path, what="measurements")
    rows = data.get("measurement", [])
    for index, row in enumerate(rows, 1):
        missing = [name for name in _FIELDS if name not in row]
        if missing:
            raise CatalogError(
                f"{path}: [[measurement]] #{index} ({row.get('id', '?')}): missing "
                + ", ".join(missing)
            )
    return rows


def assumptions_for(point: dict[str, Any], base: Assumptions) -> Assumptions:
    """The assumptions that reproduce one measured deployment."""
    return base.with_model(point["model"]).replace(
        bits_per_param=float(point["bits_per_param"]),
        kv_bits=float(point["kv_bits"]),
        context_tokens=int(point["input_tokens"] + point["output_tokens"]),
        output_tokens=int(point["output_tokens"]),
        concurrent_sequences=max(round(point["concurrent_sequences"]), 1),
        replica_chips=int(point["replica_chips"]),
        serving=point["serving"],
        speculative_tokens=float(point.get("speculative_tokens", 0.0)),
        weight_fraction=VALIDATION_WEIGHT_FRACTION,
    )


def predict(catalog: Catalog, point: dict[str, Any], base: Assumptions) -> dict[str, float]:
    """The Fit pane's per-user and per-chip decode speed for one measured point."""
    a = assumptions_for(point, base)
    model = resolve_model(models_at(catalog, a.kv_bits, a.context_tokens), a)
    systems = catalog.systems.filter(pl.col("system_id") == point["system"])
    if model is None or systems.height == 0:
        return {"per_user": math.nan, "per_chip": math.nan}
    row = serving(systems, a, model).row(0, named=True)
    return {
        "per_user": row["decode_tok_s_per_seq"] or math.nan,
        "per_chip": row["decode_tok_s_per_chip"] or math.nan,
        "layout": row.get("layout") or "",
    }


def predict_all(
    catalog: Catalog, points: list[dict[str, Any]], base: Assumptions
) -> list[dict[str, Any]]:
    """`predict` for many points: one vectorised call per group of points that differ only
    in concurrency and replica size."""
    from core.formulas.serving import deployment_serving

    groups: dict[tuple, list[int]] = {}
    for index, point in enumerate(points):
        a = assumptions_for(point, base)
        key = tuple(
            getattr(a, k)
            for k in (
                "model_id",
                "bits_per_param",
                "kv_bits",
                "context_tokens",
                "output_tokens",
                "serving",
                "speculative_tokens",
                "serving_layout",
            )
        )
        groups.setdefault(key, []).append(index)
    ids = catalog.systems["system_id"].to_list()
    out: list[dict[str, Any]] = [{"per_user": math.nan, "per_chip": math.nan}] * len(points)
    for members in groups.values():
        a = assumptions_for(points[members[0]], base)
        model = resolve_model(models_at(catalog, a.kv_bits, a.context_tokens), a)
        known = [i for i in members if points[i]["system"] in ids]
        if model is None or not known or a.serving_layout != "deployment":
            for i in members:
                out[i] = predict(catalog, points[i], base)
            continue
        rows = catalog.systems[[ids.index(points[i]["system"]) for i in known]]
        served = deployment_serving(
            rows,
            a,
            model,
            concurrency=np.array(
                [max(round(points[i]["concurrent_sequences"]), 1) for i in known], dtype=np.float64
            ),
            replica_chips=np.array([points[i]["replica_chips"] for i in known], dtype=np.float64),
            explain=False,
        )
        for i, row in zip(known, served.iter_rows(named=True), strict=True):
            out[i] = {
                "per_user": row["decode_tok_s_per_seq"] or math.nan,
                "per_chip": row["decode_tok_s_per_chip"] or math.nan,
                "layout": row["layout"] or "",
            }
    return out


def validation_table(catalog: Catalog, base: Assumptions | None = None) -> pl.DataFrame:
    """Every measured point with its prediction and ratios."""
    base = base or Assumptions.preset("realistic")
    rows = []
    points = load_measurements()
    for point, predicted in zip(points, predict_all(catalog, points, base), strict=True):
        vendor = catalog.systems.filter(pl.col("system_id") == point["system"])["vendor"]
        chip_comparable = point.get("tok_s_per_chip_basis", "output") == "output"
        rows.append(
            {
                "measurement_id": point["id"],
                "split": ("held out" if held_out(point["id"]) else "calibration")
                if comparable(point)
                else "not comparable",
                "system_id": point["system"],
                "vendor": vendor[0] if vendor.len() else "",
                "model_id": point["model"],
                "software": point.get("software", ""),
                "concurrent_sequences": float(point["concurrent_sequences"]),
                "replica_chips": int(point["replica_chips"]),
                "serving": point["serving"],
                "layout": predicted.get("layout", ""),
                "measured_tok_s_per_user": float(point["tok_s_per_user"]),
                "predicted_tok_s_per_user": predicted["per_user"],
                "ratio_per_user": predicted["per_user"] / point["tok_s_per_user"],
                "measured_tok_s_per_chip": float(point["tok_s_per_chip"]),
                "predicted_tok_s_per_chip": predicted["per_chip"],
                "ratio_per_chip": (
                    predicted["per_chip"] / point["tok_s_per_chip"] if chip_comparable else math.nan
                ),
                "source_url": point.get("source_url", ""),
            }
        )
    return pl.DataFrame(rows, nan_to_null=True)


def factor(ratios: np.ndarray) -> np.ndarray:
    """How far off each ratio is, as a factor >= 1 either way."""
    return np.maximum(ratios, 1.0 / ratios)


def summary_table(table: pl.DataFrame) -> pl.DataFrame:
    """Median factor and shares within 30% and 2x, per user and per chip, by group."""
    groups: list[tuple[str, pl.DataFrame]] = [("all", table)]
    groups += [
        (f"split: {s}", table.filter(pl.col("split") == s)) for s in ("calibration", "held out")
    ]
    compared = table.filter(pl.col("split") != "not comparable")
    groups[0] = ("all comparable", compared)
    groups += [
        (f"vendor: {v}", compared.filter(pl.col("vendor") == v))
        for v in sorted(set(compared["vendor"].to_list()))
    ]
    rows = []
    for name, part in groups:
        row: dict[str, Any] = {"group": name, "points": part.height}
        for metric in ("per_user", "per_chip"):
            ratios = part[f"ratio_{metric}"].drop_nulls().to_numpy()
            ratios = ratios[np.isfinite(ratios)]
            off = factor(ratios) if ratios.size else np.array([math.nan])
            row[f"median_factor_{metric}"] = float(np.median(off))
            row[f"median_ratio_{metric}"] = float(np.median(ratios)) if ratios.size else math.nan
            row[f"within_30pct_{metric}"] = float(np.mean(off <= 1.3)) if ratios.size else math.nan
            row[f"within_2x_{metric}"] = float(np.mean(off <= 2.0)) if ratios.size else math.nan
        rows.append(row)
    return pl.DataFrame(rows, nan_to_null=True)


def calibrate_layer_latency(catalog: Catalog, base: Assumptions | None = None) -> pl.DataFrame:
    """Per platform, the per-layer latency that centres the calibration points' per-user
    ratios on 1 (their median), found by bisection: how the catalog's [[platform]] figures
    were set. Held-out points take no part. MoE models set `layer_us`, dense ones
    `dense_layer_us`; a last row fits `sequence_us` on the larger batches."""
    base = base or Assumptions.preset("realistic")
    platforms = dict(zip(catalog.systems["system_id"], catalog.systems["platform_id"], strict=True))
    # The floor decides small batches; at large ones bandwidth and compute hide it.
    points = [
        p
        for p in load_measurements()
        if not held_out(p["id"])
        and comparable(p)
        and p["concurrent_sequences"] <= FLOOR_BATCH_LIMIT
    ]
    dense_models = set(
        catalog.models.filter(pl.col("experts_routed").is_null())["model_id"].to_list()
    )
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for point in points:
        field = "dense_layer_us" if point["model"] in dense_models else "layer_us"
        groups.setdefault((platforms.get(point["system"]) or "", field), []).append(point)
    rows = []
    for (platform, field), members in sorted(groups.items()):

        def median_ratio(layer_us: float, members: list[dict[str, Any]] = members) -> float:
            tuned = base.replace(layer_latency_us=layer_us)
            ratios = [predict(catalog, p, tuned)["per_user"] / p["tok_s_per_user"] for p in members]
            return float(np.nanmedian(ratios))

        low, high = 1.0, 2000.0
        for _ in range(30):
            middle = (low + high) / 2
            if median_ratio(middle) > 1.0:  # too fast: a larger floor
                low = middle
            else:
                high = middle
        rows.append(
            {
                "platform_id": platform,
                "field": field,
                "calibration_points": len(members),
                "fitted_us": round((low + high) / 2, 1),
            }
        )
    rows.append(_calibrate_sequence_us(catalog, base))
    return pl.DataFrame(rows)


def _calibrate_sequence_us(catalog: Catalog, base: Assumptions) -> dict[str, Any]:
    """The per-sequence step cost (`sequence_us`) that centres the per-user ratios of the
    calibration points with more sequences than the floors were fitted on, all platforms."""
    points = [
        p
        for p in load_measurements()
        if not held_out(p["id"]) and comparable(p) and p["concurrent_sequences"] > FLOOR_BATCH_LIMIT
    ]

    def median_ratio(sequence_us: float) -> float:
        tuned = base.replace(sequence_us=sequence_us)
        predicted = predict_all(catalog, points, tuned)
        return float(
            np.nanmedian(
                [
                    q["per_user"] / p["tok_s_per_user"]
                    for p, q in zip(points, predicted, strict=True)
                ]
            )
        )

    low, high = 0.0, 1000.0
    for _ in range(30):
        middle = (low + high) / 2
        if median_ratio(middle) > 1.0:
            low = middle
        else:
            high = middle
    return {
        "platform_id": "(all)",
        "field": "sequence_us",
        "calibration_points": len(points),
        "fitted_us": round((low + high) / 2, 1),
    }


def comparable(point: dict[str, Any]) -> bool:
    """A point that speculated without publishing its acceptance cannot be reproduced."""
    return not (point.get("mtp_layers", 0) and not point.get("speculative_tokens"))


def pareto(per_user: np.ndarray, per_chip: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The front of one system's (per user, per chip) points, ascending per user: no point on
    it is beaten on both (the Frontier pane's rule, `front_points`)."""
    usable = np.isfinite(per_user) & np.isfinite(per_chip)
    kept = front_points(np.zeros(per_user.size, np.int64), per_user, per_chip, usable)[::-1]
    return per_user[kept], per_chip[kept]


def front_at(user: np.ndarray, chip: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Tokens/s per chip a front (ascending per user) gives at `wanted` tokens/s per user:
    log-log interpolation between its points; below its slowest point its largest
    throughput; NaN past its fastest."""
    if user.size == 0:
        return np.full(wanted.shape, np.nan)
    log_chip = np.interp(np.log(wanted), np.log(user), np.log(chip))
    return np.where(wanted <= user[-1] * (1 + 1e-9), np.exp(log_chip), np.nan)


def front_factor(user: np.ndarray, chip: np.ndarray, wanted_user, wanted_chip) -> np.ndarray:
    """How far measured points lie from a front (ascending per user), as a factor >= 1: the
    least f such that the front passes within f of the point on both axes (the log-space
    Chebyshev distance to its piecewise-linear curve). A per-chip gap alone misleads where
    the front is steep, near its latency floor: there a few percent per user are 2x per chip."""
    if user.size == 0:
        return np.full(np.shape(wanted_user), np.nan)
    u, c = np.log(user), np.log(chip)
    # Segments between front points, and before the slowest one a flat run: slower than
    # that, a deployment keeps its largest throughput.
    u0, u1 = np.concatenate([[u[0] - 50.0], u[:-1]]), u
    c0, c1 = np.concatenate([[c[0]], c[:-1]]), c
    du, dc = u1 - u0, c1 - c0
    ex = np.log(np.asarray(wanted_user, dtype=np.float64))[:, None] - u0
    ey = np.log(np.asarray(wanted_chip, dtype=np.float64))[:, None] - c0
    # max(|ex - t du|, |ey - t dc|) is convex in t: its least on [0, 1] is at an end, where
    # one term is zero, or where the two are equal.
    with np.errstate(divide="ignore", invalid="ignore"):
        candidates = [ex / du, ey / dc, (ex - ey) / (du - dc), (ex + ey) / (du + dc)]
    nearest = np.full(ex.shape, np.inf)
    for t in (np.zeros_like(ex), np.ones_like(ex), *candidates):
        t = np.clip(np.nan_to_num(t, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)
        gap = np.maximum(np.abs(ex - t * du), np.abs(ey - t * dc))
        nearest = np.minimum(nearest, gap)
    return np.exp(nearest.min(axis=1))


def front_table(catalog: Catalog, base: Assumptions | None = None) -> pl.DataFrame:
    """Each measured front (one configuration swept over concurrency) against two computed
    ones, compared as curves: tokens/s per chip at each measured point's tokens/s per user.

    `config`: the measured replica size, swept over the frontier's concurrencies;
    `best`: the system's Frontier-pane front (every replica size and concurrency), which a
    tuned deployment could approach, so it should sit at or above the measured one."""
    from core.formulas.frontier import CONCURRENCY, system_fronts
    from core.formulas.serving import deployment_serving

    base = base or Assumptions.preset("realistic")
    groups: dict[str, list[dict[str, Any]]] = {}
    for point in load_measurements():
        if point.get("front") and comparable(point):
            groups.setdefault(point["front"], []).append(point)
    rows = []
    for key, members in groups.items():
        first = members[0]
        systems = catalog.systems.filter(pl.col("system_id") == first["system"])
        a = assumptions_for(first, base)
        model = resolve_model(models_at(catalog, a.kv_bits, a.context_tokens), a)
        if len(members) < 3 or model is None or systems.height == 0:
            continue
        user = np.array([float(p["tok_s_per_user"]) for p in members])
        chip = np.array([float(p["tok_s_per_chip"]) for p in members])
        swept = deployment_serving(
            systems[[0] * len(CONCURRENCY)],
            a,
            model,
            concurrency=CONCURRENCY.astype(np.float64),
            replica_chips=np.full(len(CONCURRENCY), float(a.replica_chips)),
            explain=False,
        ).filter(pl.col("kv_fits"))
        config_user, config_chip = _front_of(swept)
        config = front_at(config_user, config_chip, user)
        best = front_at(*_front_of(system_fronts(systems, a, model)), user)
        distance = front_factor(config_user, config_chip, user, chip)
        above = np.nan_to_num(config / chip, nan=0.0) > 1.0
        rows.append(
            {
                "front": key,
                "system_id": first["system"],
                "config_median_factor": _median(distance),
                "config_max_factor": float(np.max(distance)),
                "config_above_share": float(above.mean()),
                "config_median_ratio_per_chip": _median(config / chip),
                "best_median_ratio_per_chip": _median(best / chip),
                "points": len(members),
                "measured_tok_s_per_user_min": float(user.min()),
                "measured_tok_s_per_user_max": float(user.max()),
                "model_id": first["model"],
                "replica_chips": int(first["replica_chips"]),
                "input_tokens": int(first["input_tokens"]),
                "output_tokens": int(first["output_tokens"]),
                "serving": first["serving"],
                "software": first.get("software", ""),
            }
        )
    return pl.DataFrame(rows, nan_to_null=True)


def _front_of(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return pareto(values(frame, "decode_tok_s_per_seq"), values(frame, "decode_tok_s_per_chip"))


def _median(ratios: np.ndarray) -> float:
    finite = ratios[np.isfinite(ratios)]
    return float(np.median(finite)) if finite.size else math.nan
