"""Cost per system-hour (capital, network and storage, facility, power, opex) and per million
tokens served; one basis for the Cost pane, the site view, $/Mtok and the claims.

Owned (cost_basis "price", needs a price and a power figure), per hour:
  capital         = price x (1 - discounted residual) x CRF(cost_of_capital, amortization_years)
  network_storage = the same for price x network/storage share (the catalog's, or the override)
  facility        = IT kW x facility_usd_per_kw x CRF(cost_of_capital, facility_years)
  power           = IT kW x PUE x usd_per_kwh;  opex = opex_fraction x price
  (every yearly sum divided by 8,760 h).
Rented (cost_basis "rent", no price or power but a rent): rent per package-hour x packages.
$/Mtok = system-hours for a million tokens at the served rate x `utilization`.
A site of `site_gw` (facility power) holds floor(site kW / (IT kW x PUE)) systems; its capex
is their price x (1 + share) + their IT kW x facility_usd_per_kw; its year, 8,760 of their hours.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.assumptions import Assumptions
from core.formulas.quantities import dense_flops, prefill_flops_per_token, weight_bytes
from core.formulas.workload import ModelProfile
from core.table import derived, table, values

HOURS_PER_YEAR = 8_760.0


def capital_recovery_factor(rate: float, years: float) -> float:
    """Share of a capital sum to pay each year to recover it with interest over `years`."""
    if rate == 0:
        return 1.0 / years
    return rate / (1.0 - (1.0 + rate) ** -years)


def usd_per_mtok(usd_per_hour: float | np.ndarray, tok_s: float | np.ndarray, utilization: float):
    """Dollars per million tokens: an hour's cost over the tokens served in the hours billed."""
    return usd_per_hour / (tok_s * utilization * 3600) * 1e6


def network_storage_share(systems: pl.DataFrame, a: Assumptions) -> np.ndarray:
    """Networking and storage capex per dollar of system price: the override when it is set
    (>= 0), else each system's catalog figure (0 where the catalog has none)."""
    if a.network_storage_fraction >= 0:
        return np.full(systems.height, float(a.network_storage_fraction))
    return np.nan_to_num(values(systems, "network_storage_fraction"), nan=0.0)


def _basis(price: np.ndarray, kw: np.ndarray, rent: np.ndarray) -> tuple[np.ndarray, ...]:
    """Which basis each system's cost uses, and why a system has none."""
    owned = np.isfinite(price) & np.isfinite(kw)
    rented = ~owned & np.isfinite(rent)
    basis = np.where(owned, "price", np.where(rented, "rent", "none"))
    why = np.where(
        owned | rented,
        "",
        np.where(
            np.isfinite(price),
            "a price but no power figure in the catalog",
            "no price or rent in the catalog",
        ),
    )
    return owned, rented, basis, why


def _hourly(systems: pl.DataFrame, a: Assumptions) -> dict[str, np.ndarray | pl.Series]:
    crf = capital_recovery_factor(a.cost_of_capital, a.amortization_years)
    residual_pv = a.residual_fraction / (1.0 + a.cost_of_capital) ** a.amortization_years
    facility_crf = capital_recovery_factor(a.cost_of_capital, a.facility_years)
    price, kw = values(systems, "price_usd"), values(systems, "power_kw")
    packages = values(systems, "packages")
    share = network_storage_share(systems, a)
    recovered_per_usd = (1.0 - residual_pv) * crf / HOURS_PER_YEAR
    capital = price * recovered_per_usd
    network_storage = price * share * recovered_per_usd
    facility = kw * a.facility_usd_per_kw * facility_crf / HOURS_PER_YEAR
    power = kw * a.pue * a.usd_per_kwh
    opex = price * a.opex_fraction / HOURS_PER_YEAR
    rent = values(systems, "rent_usd_per_chip_hour") * packages
    owned, rented, basis, why = _basis(price, kw, rent)
    total = np.where(
        owned, capital + network_storage + facility + power + opex, np.where(rented, rent, np.nan)
    )

    def owned_only(driver: np.ndarray) -> np.ndarray:
        return np.where(owned, driver, np.nan)

    return {
        "cost_basis": pl.Series(basis),
        "usd_per_hour": total,
        "usd_per_chip_hour": total / packages,
        "capital_usd_per_hour": owned_only(capital),
        "network_storage_usd_per_hour": owned_only(network_storage),
        "facility_usd_per_hour": owned_only(facility),
        "power_usd_per_hour": owned_only(power),
        "opex_usd_per_hour": owned_only(opex),
        "network_storage_fraction": owned_only(share),
        "usd_per_hbm_tb_hour": total / values(systems, "hbm_tb"),
        "rent_usd_per_hour": rent,
        "why_no_cost": pl.Series(why),
    }


def _site(
    systems: pl.DataFrame, hourly: dict[str, np.ndarray | pl.Series], a: Assumptions
) -> dict[str, np.ndarray]:
    site_kw = a.site_gw * 1e6
    kw, packages = values(systems, "power_kw"), values(systems, "packages")
    count = np.floor(site_kw / (kw * a.pue))
    owned = hourly["cost_basis"].to_numpy() == "price"
    # Capex counts IT kW, as the hourly facility charge does; the site's kW include the PUE.
    per_system_capex = values(systems, "price_usd") * (1 + network_storage_share(systems, a))
    per_system_capex += kw * a.facility_usd_per_kw
    yearly = np.asarray(hourly["usd_per_hour"]) * HOURS_PER_YEAR * count
    return {
        "site_systems": count,
        "site_chips": count * packages,
        "site_hbm_pb": count * values(systems, "hbm_tb") / 1e3,
        "site_capex_usd": np.where(owned, count * per_system_capex, np.nan),
        "site_usd_per_year": yearly,
        "site_usd_per_chip_hour": yearly / (count * packages * HOURS_PER_YEAR),
        "usd_per_gw_year": yearly / a.site_gw,
        "site_years_funded": a.funding_usd / yearly,
    }


def _frame(systems: pl.DataFrame, columns: dict[str, np.ndarray | pl.Series]) -> pl.DataFrame:
    base = {c: systems[c] for c in ("system_id", "system", "packages", "price_usd", "power_kw")}
    return table(
        {
            **base,
            **columns,
            "rent_usd_per_chip_hour": systems["rent_usd_per_chip_hour"],
            "confidence": systems["confidence"],
        }
    )


# Every knob `_hourly` and `_site` read: their results are kept per catalog under these.
_HOURLY_AND_SITE_INPUTS = (
    "cost_of_capital",
    "amortization_years",
    "residual_fraction",
    "facility_years",
    "network_storage_fraction",
    "facility_usd_per_kw",
    "pue",
    "usd_per_kwh",
    "opex_fraction",
    "site_gw",
    "funding_usd",
)


def _hourly_and_site(
    systems: pl.DataFrame, a: Assumptions
) -> tuple[dict[str, np.ndarray | pl.Series], dict[str, np.ndarray]]:
    """Hourly and site columns, computed once per catalog and cost settings: model and
    serving edits, the most frequent, reuse them."""

    def compute() -> tuple[dict[str, np.ndarray | pl.Series], dict[str, np.ndarray]]:
        hourly = _hourly(systems, a)
        site = _site(systems, hourly, a)
        for array in (*hourly.values(), *site.values()):
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
        return hourly, site

    key = ("cost", *(getattr(a, name) for name in _HOURLY_AND_SITE_INPUTS))
    return derived(systems, key, compute)


def usd_per_chip_hour(systems: pl.DataFrame, a: Assumptions) -> np.ndarray:
    """Each system's cost per package-hour (the Cost pane's column), NaN without a basis."""
    return np.asarray(_hourly_and_site(systems, a)[0]["usd_per_chip_hour"])


def site_table(systems: pl.DataFrame, a: Assumptions) -> pl.DataFrame:
    """A frontier site of `site_gw` built from each system: how many, and what a year costs.

    Systems per site = site power / (system kW x PUE); a year is 8,760 of their hours at the
    Cost pane's hourly cost, so a site's cost per chip-hour is the pane's.
    """
    hourly, site = _hourly_and_site(systems, a)
    return _frame(systems, {**hourly, **site})


def _why_not(
    fit: pl.DataFrame,
    why_no_cost: np.ndarray,
    room_tb: np.ndarray,
    a: Assumptions,
    weights_tb: float,
) -> np.ndarray:
    """Why a system gets no $/Mtok: the model does not fit (the seed's pipeline depth, or the
    serving model's own reason), its KV does not, or the catalog lacks a cost figure."""
    fits = fit["model_fits"].to_numpy()
    kv = f"KV cache of {a.concurrent_sequences} sequences does not fit beside the weights"
    reasons = np.where(~fit["kv_fits"].to_numpy(), kv, why_no_cost).astype(object)
    short = ~fits & ~fit["weights_fit"].to_numpy()
    if a.serving_layout != "whole-domain":
        reasons[short] = fit["why_no_speed"].to_numpy()[short]
    elif short.any():  # the numbers are formatted only for the rows that show them
        text = (
            f"needs %d domains (room %.3g TB for {weights_tb:.3g} TB of weights x "
            f"{a.pipeline_domains}); raise pipeline_domains"
        )
        stages = fit["domains_needed"].to_numpy()[short].tolist()
        reasons[short] = [text % cell for cell in zip(stages, room_tb[short].tolist(), strict=True)]
    return reasons


def cost_table(
    systems: pl.DataFrame, fit: pl.DataFrame, a: Assumptions, model: ModelProfile | None
) -> pl.DataFrame:
    """The Cost pane: hourly cost everywhere, a frontier site of each system, and for a
    chosen model its $/Mtok where it fits and a training run on the site."""
    hourly, site = _hourly_and_site(systems, a)
    columns: dict[str, np.ndarray | pl.Series] = {**hourly, **site}
    if model is None:
        return _frame(systems, columns)
    total = np.asarray(hourly["usd_per_hour"])
    usable = fit["model_fits"].to_numpy() & fit["kv_fits"].to_numpy()
    decode_rate = values(fit, "decode_tok_s_per_domain")
    flops = dense_flops(systems, a.bits_per_param) * a.mfu
    prefill_rate = flops / prefill_flops_per_token(model, a.context_tokens)
    with np.errstate(divide="ignore", invalid="ignore"):
        columns["usd_per_mtok"] = np.where(
            usable, usd_per_mtok(total, decode_rate, a.utilization), np.nan
        )
        columns["usd_per_mtok_input"] = np.where(
            usable, usd_per_mtok(total, prefill_rate, a.utilization), np.nan
        )
        # Training: 6 x active x tokens FLOPs on a whole site of this system at `mfu`.
        train_flops = 6 * model.active_params * model.active_params * a.tokens_per_active_param
        site_flops = site["site_systems"] * flops
        train_days = np.where(site_flops > 0, train_flops / site_flops / 86_400, np.nan)
    columns["train_flops"] = np.full(len(total), train_flops)
    columns["train_days_on_site"] = train_days
    columns["train_usd"] = train_days / 365 * site["site_usd_per_year"]
    columns["why_not"] = _why_not(
        fit,
        hourly["why_no_cost"].to_numpy(),
        values(systems, "hbm_tb") * a.weight_fraction,
        a,
        weight_bytes(model.total_params, a.bits_per_param) / 1e12,
    )
    return _frame(systems, columns)
