"""Typed polars frames built from validated catalog rows.

System frames hold domain totals (packages x per-package figure) unless the catalog gives the
domain total itself (`hbm_tb`), so every pane computes over one vectorised frame.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from core.catalog.schema import BLOCS

_F = pl.Float64
_I = pl.Int64
_S = pl.String


def _frame(records: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )


def _ranged(row: dict[str, Any], key: str) -> tuple[Any, Any, Any]:
    value = row.get(key)
    return value, row.get(key + "_low", value), row.get(key + "_high", value)


def accelerator_frame(rows: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """One row per accelerator package with its per-package figures."""
    schema = {
        "accelerator_id": _S,
        "accelerator": _S,
        "vendor": _S,
        "hbm_gb": _F,
        "hbm_tbps": _F,
        "bf16_pflops": _F,
        "fp8_pflops": _F,
        "fp4_pflops": _F,
        "tdp_w": _F,
        "scaleup_gbps_bidir": _F,
        "dies": _I,
        "first_volume_year": _I,
        "confidence": _S,
    }
    records = [
        {
            "accelerator_id": r["id"],
            "accelerator": r["name"],
            "vendor": r["vendor"],
            "hbm_gb": r["hbm_gb"],
            "hbm_tbps": r["hbm_tbps"],
            "bf16_pflops": r.get("bf16_pflops"),
            "fp8_pflops": r.get("fp8_pflops"),
            "fp4_pflops": r.get("fp4_pflops"),
            "tdp_w": r.get("tdp_w"),
            "scaleup_gbps_bidir": r.get("scaleup_gbps_bidir"),
            "dies": r.get("dies"),
            "first_volume_year": r["first_volume_year"],
            "confidence": r["confidence"],
        }
        for r in rows.values()
    ]
    return _frame(records, schema)


_CONFIDENCE_RANK = {"official": 0, "reported": 1, "estimate": 2}


PLATFORM_FIGURES = (
    "layer_us",
    "dense_layer_us",
    "ep_domain_us",
    "ep_scaleout_us",
    "collective_hop_us",
)


def system_frame(
    rows: dict[str, dict[str, Any]],
    accelerators: dict[str, dict[str, Any]],
    platforms: dict[str, dict[str, Any]] | None = None,
) -> pl.DataFrame:
    """One row per scale-up domain with domain totals and access years per bloc."""
    schema: dict[str, pl.DataType] = {
        "system_id": _S,
        "system": _S,
        "vendor": _S,
        "family": _S,
        "accelerator_id": _S,
        "accelerator": _S,
        "packages": _I,
        "hbm_tb": _F,
        "hbm_tb_low": _F,
        "hbm_tb_high": _F,
        "hbm_tbps": _F,
        "bf16_pflops": _F,
        "fp8_pflops": _F,
        "fp4_pflops": _F,
        "scaleup_gbps_bidir_per_package": _F,
        "scaleout_gbps_per_package": _F,
        "power_kw": _F,
        "power_kw_low": _F,
        "power_kw_high": _F,
        "price_usd": _F,
        "price_usd_low": _F,
        "price_usd_high": _F,
        "network_storage_fraction": _F,
        "rent_usd_per_chip_hour": _F,
        "announced": _I,
        "first_ship": _I,
        "volume_year": _I,
        "topology": _S,
        **{f"access_{b}": _I for b in BLOCS},
        **{f"access_{b}_until": _I for b in BLOCS},
        "confidence": _S,
        "aliases": _S,
        "platform_id": _S,
        **{name: _F for name in PLATFORM_FIGURES},
    }
    platforms = platforms or {}
    records = []
    for r in rows.values():
        acc = accelerators[r["accelerator"]]
        platform = platforms.get(acc.get("platform", ""), {})
        n = r["packages"]
        _, acc_hbm_low, acc_hbm_high = _ranged(acc, "hbm_gb")
        if "hbm_tb" in r:
            hbm, hbm_low, hbm_high = _ranged(r, "hbm_tb")
        else:
            hbm, hbm_low, hbm_high = (
                n * acc["hbm_gb"] / 1e3,
                n * acc_hbm_low / 1e3,
                n * acc_hbm_high / 1e3,
            )
        power, power_low, power_high = _ranged(r, "power_kw")
        price, price_low, price_high = _ranged(r, "price_usd")
        worst = max(r["confidence"], acc["confidence"], key=_CONFIDENCE_RANK.__getitem__)

        def total(key: str, acc: dict[str, Any] = acc, n: int = n) -> float | None:
            return None if acc.get(key) is None else n * acc[key]

        records.append(
            {
                "system_id": r["id"],
                "system": r["name"],
                "vendor": r["vendor"],
                "family": r["family"],
                "accelerator_id": acc["id"],
                "accelerator": acc["name"],
                "packages": n,
                "hbm_tb": hbm,
                "hbm_tb_low": hbm_low,
                "hbm_tb_high": hbm_high,
                "hbm_tbps": n * acc["hbm_tbps"],
                "bf16_pflops": total("bf16_pflops"),
                "fp8_pflops": total("fp8_pflops"),
                "fp4_pflops": total("fp4_pflops"),
                "scaleup_gbps_bidir_per_package": acc.get("scaleup_gbps_bidir"),
                "scaleout_gbps_per_package": r.get("scaleout_gbps_per_package"),
                "power_kw": power,
                "power_kw_low": power_low,
                "power_kw_high": power_high,
                "price_usd": price,
                "price_usd_low": price_low,
                "price_usd_high": price_high,
                "network_storage_fraction": r.get("network_storage_fraction"),
                "rent_usd_per_chip_hour": r.get("rent_usd_per_chip_hour"),
                "announced": r.get("announced_year"),
                "first_ship": r["first_ship_year"],
                "volume_year": r.get("volume_year"),
                "topology": r["topology"],
                **{
                    f"access_{b}": (None if r[f"access_{b}"] == "never" else r[f"access_{b}"])
                    for b in BLOCS
                },
                **{f"access_{b}_until": r.get(f"access_{b}_until") for b in BLOCS},
                "confidence": worst,
                "aliases": ", ".join(r.get("aliases", [])),
                "platform_id": acc.get("platform"),
                **{name: platform.get(name) for name in PLATFORM_FIGURES},
            }
        )
    return _frame(records, schema)


def model_frame(rows: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """One row per model with the architecture fields its KV cache and MoE reads need."""
    schema: dict[str, pl.DataType] = {
        "model_id": _S,
        "model": _S,
        "developer": _S,
        "total_params_b": _F,
        "total_params_b_low": _F,
        "total_params_b_high": _F,
        "active_params_b": _F,
        "layers": _I,
        "attention": _S,
        "kv_heads": _I,
        "head_dim": _I,
        "kv_lora_rank": _I,
        "qk_rope_head_dim": _I,
        "query_heads": _I,
        "dense_layers": _I,
        "hidden_size": _I,
        "sliding_window": _I,
        "sliding_window_layers": _I,
        "linear_attention_layers": _I,
        "experts_routed": _I,
        "experts_active": _I,
        "native_bits": _F,
        "release": _S,
        "open_weights": pl.Boolean,
        "confidence": _S,
    }
    records = []
    for r in rows.values():
        total, low, high = _ranged(r, "total_params_b")
        records.append(
            {
                "model_id": r["id"],
                "model": r["name"],
                "developer": r["developer"],
                "total_params_b": total,
                "total_params_b_low": low,
                "total_params_b_high": high,
                **{
                    k: r.get(k)
                    for k in schema
                    if k
                    not in {
                        "model_id",
                        "model",
                        "developer",
                        "total_params_b",
                        "total_params_b_low",
                        "total_params_b_high",
                    }
                },
            }
        )
    return _frame(records, schema)


def volume_frame(
    rows: dict[str, dict[str, Any]], systems: dict[str, dict[str, Any]]
) -> pl.DataFrame:
    """Units shipped or planned per system, year and bloc, with low/high."""
    schema = {
        "volume_id": _S,
        "system_id": _S,
        "system": _S,
        "year": _I,
        "bloc": _S,
        "units": _F,
        "units_low": _F,
        "units_high": _F,
        "confidence": _S,
    }
    records = []
    for r in rows.values():
        units, low, high = _ranged(r, "units")
        records.append(
            {
                "volume_id": r["id"],
                "system_id": r["system"],
                "system": systems[r["system"]]["name"],
                "year": r["year"],
                "bloc": r["bloc"],
                "units": units,
                "units_low": low,
                "units_high": high,
                "confidence": r["confidence"],
            }
        )
    return _frame(records, schema).sort("year", "system_id")


def source_frame(rows: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """Every source with title, publisher, date and url."""
    schema = {"source_id": _S, "title": _S, "publisher": _S, "date": _S, "url": _S}
    records = [
        {
            "source_id": r["id"],
            "title": r["title"],
            "publisher": r.get("publisher"),
            "date": r["date"],
            "url": r["url"],
        }
        for r in rows.values()
    ]
    return _frame(records, schema)
