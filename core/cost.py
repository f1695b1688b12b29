"""Cost per system-hour (capital, facility, power, opex) and per million tokens served.

usd_per_hour = price x CRF(cost_of_capital, amortization_years) less residual
             + facility capex per kW of IT load x CRF(cost_of_capital, facility_years)
             + power_kw x PUE x usd_per_kwh x 8,760 h
             + opex_fraction x price, all divided by 8,760 h.
$/Mtok = system-hours for a million tokens at the served rate x `utilization`.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.workload import ModelProfile

HOURS_PER_YEAR = 8_760.0


def capital_recovery_factor(rate: float, years: float) -> float:
    """Share of a capital sum to pay each year to recover it with interest over `years`."""
    if rate == 0:
        return 1.0 / years
    return rate / (1.0 - (1.0 + rate) ** -years)


def hourly_cost(systems: pl.DataFrame, a: Assumptions) -> pl.DataFrame:
    """Cost of owning and running each system for one hour, split by driver."""
    crf = capital_recovery_factor(a.cost_of_capital, a.amortization_years)
    residual_pv = a.residual_fraction / (1.0 + a.cost_of_capital) ** a.amortization_years
    facility_crf = capital_recovery_factor(a.cost_of_capital, a.facility_years)
    price = pl.col("price_usd")
    capital = price * (1.0 - residual_pv) * crf / HOURS_PER_YEAR
    facility = pl.col("power_kw") * a.facility_usd_per_kw * facility_crf / HOURS_PER_YEAR
    power = pl.col("power_kw") * a.pue * a.usd_per_kwh
    opex = price * a.opex_fraction / HOURS_PER_YEAR
    total = capital + facility + power + opex
    return systems.select(
        "system_id",
        "system",
        "packages",
        "price_usd",
        "power_kw",
        capital.alias("capital_usd_per_hour"),
        facility.alias("facility_usd_per_hour"),
        power.alias("power_usd_per_hour"),
        opex.alias("opex_usd_per_hour"),
        total.alias("usd_per_hour"),
        (total / pl.col("packages")).alias("usd_per_chip_hour"),
        (total / pl.col("hbm_tb")).alias("usd_per_hbm_tb_hour"),
        (pl.col("rent_usd_per_chip_hour") * pl.col("packages")).alias("rent_usd_per_hour"),
        "rent_usd_per_chip_hour",
    )


def site_table(systems: pl.DataFrame, hourly: pl.DataFrame, a: Assumptions) -> pl.DataFrame:
    """A frontier site of `site_gw` built from each system: how many, and what a year costs.

    Systems per site = site power / (system kW x PUE). The yearly cost adds the non-server IT
    (networking, storage) as `network_storage_fraction` of the capital charge.
    """
    site_kw = a.site_gw * 1e6
    count = (site_kw / (pl.col("power_kw") * a.pue)).floor()
    yearly = (
        (
            pl.col("capital_usd_per_hour") * (1 + a.network_storage_fraction)
            + pl.col("facility_usd_per_hour")
            + pl.col("power_usd_per_hour")
            + pl.col("opex_usd_per_hour")
        )
        * HOURS_PER_YEAR
        * count
    )
    return (
        systems.select("system_id", "system", "packages", "hbm_tb", "price_usd", "power_kw")
        .join(
            hourly.select(
                "system_id",
                "capital_usd_per_hour",
                "facility_usd_per_hour",
                "power_usd_per_hour",
                "opex_usd_per_hour",
            ),
            on="system_id",
        )
        .select(
            "system_id",
            "system",
            count.alias("site_systems"),
            (count * pl.col("packages")).alias("site_chips"),
            (count * pl.col("hbm_tb") / 1e3).alias("site_hbm_pb"),
            (
                count * pl.col("price_usd") * (1 + a.network_storage_fraction)
                + site_kw * a.facility_usd_per_kw
            ).alias("site_capex_usd"),
            yearly.alias("site_usd_per_year"),
            (yearly / a.site_gw).alias("usd_per_gw_year"),
            (a.funding_usd / yearly).alias("site_years_funded"),
        )
    )


def cost_table(
    systems: pl.DataFrame, fit: pl.DataFrame, a: Assumptions, model: ModelProfile | None
) -> pl.DataFrame:
    """The Cost pane: hourly cost everywhere, a frontier site of each system, and for a
    chosen model its $/Mtok where it fits and a training run on the site."""
    table = hourly_cost(systems, a)
    table = table.join(
        site_table(systems, table, a).drop("system"), on="system_id", maintain_order="left"
    )
    if model is None:
        return table
    hourly = table["usd_per_hour"].to_numpy()
    fits = fit["model_fits"].to_numpy()
    kv_fits = fit["kv_fits"].to_numpy()
    stages = fit["domains_needed"].to_numpy()
    decode_rate = fit["decode_tok_s_per_domain"].to_numpy() * a.utilization
    prefill_flops_per_token = (
        2 * model.active_params + 2 * model.layers * model.attention_width * a.context_tokens
    )
    from core.fit import dense_flops

    prefill_rate = dense_flops(systems, a.bits_per_param) * a.mfu / prefill_flops_per_token
    prefill_rate = prefill_rate * a.utilization
    usable = fits & kv_fits
    with np.errstate(divide="ignore", invalid="ignore"):
        output = np.where(usable, hourly / (decode_rate * 3600) * 1e6, np.nan)
        input_ = np.where(usable, hourly / (prefill_rate * 3600) * 1e6, np.nan)
    room = systems["hbm_tb"].to_numpy() * a.weight_fraction
    weights_tb = model.total_params * a.bits_per_param / 8e12
    why = [
        (
            f"needs {n} domains (weights {weights_tb:.3g} TB > {r:.3g} TB room x "
            f"{a.pipeline_domains}); raise pipeline_domains"
        )
        if not f
        else (
            f"KV cache of {a.concurrent_sequences} sequences does not fit beside the weights"
            if not k
            else ("no price or power in the catalog" if not np.isfinite(h) else "")
        )
        for f, k, n, r, h in zip(fits, kv_fits, stages, room, hourly, strict=True)
    ]
    # Training: 6 x active x tokens FLOPs on a whole site of this system at `mfu`.
    train_flops = 6 * model.active_params * model.active_params * a.tokens_per_active_param
    site_flops = table["site_systems"].to_numpy() * dense_flops(systems, a.bits_per_param) * a.mfu
    with np.errstate(divide="ignore", invalid="ignore"):
        train_days = np.where(site_flops > 0, train_flops / site_flops / 86_400, np.nan)
    train_usd = train_days / 365 * table["site_usd_per_year"].to_numpy()
    return table.with_columns(
        pl.Series("usd_per_mtok", output).fill_nan(None),
        pl.Series("usd_per_mtok_input", input_).fill_nan(None),
        pl.Series("train_flops", np.full(len(why), train_flops)),
        pl.Series("train_days_on_site", train_days).fill_nan(None),
        pl.Series("train_usd", train_usd).fill_nan(None),
        pl.Series("why_not", why),
    )
