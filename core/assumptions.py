"""Assumptions: one frozen value holding every knob the panes depend on.

Each field is defined once, with its unit, valid range, step, help text and (where it has one)
the source of its default, in the dataclass metadata. The TUI form, `--set`, scenario files and
the help screen all read these specs.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import AssumptionError

SCENARIO_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class AssumptionSpec:
    """What one assumption means and which values it accepts."""

    key: str
    label: str
    unit: str
    help: str
    kind: str  # "float" | "int" | "choice" | "text"
    low: float = 0.0
    high: float = 0.0
    step: float = 1.0
    big_step: float = 10.0
    choices: tuple[str, ...] = ()
    source: str = ""
    group: str = ""

    def expected(self) -> str:
        """Human description of the valid values."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "text":
            return "text"
        noun = "an integer" if self.kind == "int" else "a number"
        return f"{noun} from {self.low:g} to {self.high:g}"


def _knob(
    default: Any,
    label: str,
    unit: str,
    help: str,
    kind: str = "float",
    low: float = 0.0,
    high: float = 0.0,
    step: float = 1.0,
    big_step: float = 10.0,
    choices: tuple[str, ...] = (),
    source: str = "",
    group: str = "",
) -> Any:
    spec = dict(
        label=label,
        unit=unit,
        help=help,
        kind=kind,
        low=low,
        high=high,
        step=step,
        big_step=big_step,
        choices=choices,
        source=source,
        group=group,
    )
    return field(default=default, metadata={"spec": spec})


@dataclass(frozen=True)
class Assumptions:
    """Every assumption behind every pane. Change one with `replace`, never in place."""

    preset_name: str = _knob(
        "seed",
        "Preset",
        "",
        "named starting point of these assumptions",
        kind="text",
        group="scenario",
    )
    model_id: str = _knob(
        "",
        "Model",
        "",
        "catalog model the Fit and Cost panes evaluate (empty: none)",
        kind="text",
        group="scenario",
    )
    params_t: float = _knob(
        0.0,
        "Hypothetical model",
        "T params",
        "total parameters of a hypothetical model (0: none; --params 20T)",
        low=0.0,
        high=1e6,
        step=1.0,
        big_step=10.0,
        group="scenario",
    )
    # Memory fit
    bits_per_param: float = _knob(
        4.0,
        "Bits per parameter",
        "bits",
        "bits per stored weight, block scales included "
        "(BF16 16, FP8 8, NVFP4 4.5, MXFP4 4.25, INT4 4)",
        low=1.0,
        high=32.0,
        step=0.25,
        big_step=4.0,
        source="seed note 1.1; NVFP4/MXFP4 scale overhead: formulas note 16.1",
        group="fit",
    )
    weight_fraction: float = _knob(
        0.5,
        "Weight share of HBM",
        "fraction",
        "share of domain HBM given to weights; the rest holds KV cache and activations",
        low=0.05,
        high=1.0,
        step=0.05,
        big_step=0.1,
        source="Nesov: 10 TB of the 20 TB of a rack (seed note 1.1)",
        group="fit",
    )
    pipeline_domains: int = _knob(
        1,
        "Pipeline domains",
        "domains",
        "scale-up domains chained by pipeline parallelism for the largest-model figure",
        kind="int",
        low=1,
        high=4096,
        step=1,
        big_step=8,
        group="fit",
    )
    kv_bits: float = _knob(
        16.0,
        "KV cache bits",
        "bits",
        "bits per cached key/value element",
        low=1.0,
        high=32.0,
        step=1.0,
        big_step=8.0,
        group="fit",
    )
    context_tokens: int = _knob(
        8192,
        "Context",
        "tokens",
        "tokens of KV cache held per sequence",
        kind="int",
        low=1,
        high=10_000_000,
        step=1024,
        big_step=32768,
        group="serving",
    )
    concurrent_sequences: int = _knob(
        128,
        "Concurrent sequences",
        "seqs",
        "sequences decoded together on one domain (the batch of one decode step)",
        kind="int",
        low=1,
        high=1_000_000,
        step=8,
        big_step=64,
        group="serving",
    )
    hbm_bw_efficiency: float = _knob(
        1.0,
        "HBM BW efficiency",
        "fraction",
        "achieved share of peak HBM bandwidth (engines reach ~0.8)",
        low=0.05,
        high=1.0,
        step=0.05,
        big_step=0.1,
        source="formulas note 16.4 (AIConfigurator, InferSim use 0.8)",
        group="serving",
    )
    mfu: float = _knob(
        0.4,
        "MFU",
        "fraction",
        "achieved share of dense peak FLOP/s",
        low=0.01,
        high=1.0,
        step=0.05,
        big_step=0.1,
        source="seed note claim D (40%)",
        group="serving",
    )
    hop_latency_us: float = _knob(
        10.0,
        "Pipeline hop latency",
        "µs",
        "fixed latency of one hop between pipeline stages over the scale-out network",
        low=0.0,
        high=100_000.0,
        step=5.0,
        big_step=50.0,
        group="serving",
    )
    active_fraction: float = _knob(
        0.25,
        "Hyp. active share",
        "fraction",
        "active / total parameters of a hypothetical --params model",
        low=0.001,
        high=1.0,
        step=0.05,
        big_step=0.1,
        source="Nesov: 5T active of 20T total (seed note claim B)",
        group="hypothetical",
    )
    hyp_experts_routed: int = _knob(
        256,
        "Hyp. routed experts",
        "experts",
        "routed experts per MoE layer of a hypothetical model",
        kind="int",
        low=1,
        high=100_000,
        step=8,
        big_step=64,
        source="DeepSeek-V3 layout",
        group="hypothetical",
    )
    hyp_experts_active: int = _knob(
        8,
        "Hyp. active experts",
        "experts",
        "routed experts per token of a hypothetical model",
        kind="int",
        low=1,
        high=100_000,
        step=1,
        big_step=8,
        source="DeepSeek-V3 layout",
        group="hypothetical",
    )
    hyp_kv_bytes_per_token: float = _knob(
        70_272.0,
        "Hyp. KV B/token@16b",
        "B",
        "KV cache per token of a hypothetical model at 16-bit KV (scaled by kv_bits)",
        low=1.0,
        high=1e8,
        step=1024,
        big_step=16_384,
        source="DeepSeek-V3 MLA: 61 x (512 + 64) x 2 B",
        group="hypothetical",
    )
    hyp_layers: int = _knob(
        120,
        "Hyp. layers",
        "layers",
        "layers of a hypothetical model (for expert-parallel traffic)",
        kind="int",
        low=1,
        high=10_000,
        step=8,
        big_step=32,
        group="hypothetical",
    )
    hyp_hidden_size: int = _knob(
        16_384,
        "Hyp. width",
        "",
        "hidden size of a hypothetical model (activation and expert traffic)",
        kind="int",
        low=64,
        high=1_000_000,
        step=1024,
        big_step=4096,
        group="hypothetical",
    )
    train_bytes_per_param: float = _knob(
        16.0,
        "Training bytes/param",
        "B",
        "weights + gradients + optimizer state per parameter when training, sharded over the "
        "domain (activations not counted)",
        low=2.0,
        high=64.0,
        step=1.0,
        big_step=4.0,
        source="ZeRO (Rajbhandari et al. 2020): 16 B for mixed-precision Adam",
        group="fit",
    )
    # Cost
    usd_per_kwh: float = _knob(
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
    pue: float = _knob(
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
    amortization_years: float = _knob(
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
    cost_of_capital: float = _knob(
        0.0,
        "Cost of capital",
        "fraction/yr",
        "annual cost of capital (0: straight-line amortization)",
        low=0.0,
        high=0.5,
        step=0.01,
        big_step=0.05,
        group="cost",
    )
    residual_fraction: float = _knob(
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
    facility_usd_per_kw: float = _knob(
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
    facility_years: float = _knob(
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
    opex_fraction: float = _knob(
        0.0,
        "Other opex",
        "fraction/yr",
        "maintenance, staff and networking per year as a share "
        "of the system price (Nesov's per-GW opex less electricity implies ~0.04)",
        low=0.0,
        high=1.0,
        step=0.01,
        big_step=0.05,
        source="seed note 1.5",
        group="cost",
    )
    utilization: float = _knob(
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
    # Frontier site and funding
    site_gw: float = _knob(
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
    site_system_id: str = _knob(
        "gb200-nvl72",
        "Site system",
        "",
        "catalog system a frontier site is built from",
        kind="text",
        source="Nesov: 1 GW ~ 5,500 GB200 NVL72 racks",
        group="site",
    )
    network_storage_fraction: float = _knob(
        0.6,
        "Network + storage",
        "fraction",
        "non-server IT capex (networking, storage, CPUs) per dollar of accelerator systems",
        low=0.0,
        high=3.0,
        step=0.1,
        big_step=0.5,
        source="Nesov: $30-35bn hardware per GW, of which ~$20bn Nvidia servers (seed note 1.5)",
        group="site",
    )
    funding_usd: float = _knob(
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
    tokens_per_active_param: float = _knob(
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
    # Algorithmic leapfrogging
    compute_gap: float = _knob(
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
    algo_halving_months: float = _knob(
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
    adoption_lag_months: float = _knob(
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
    # Timeline
    year: int = _knob(
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
    timeline_topology: str = _knob(
        "any",
        "Timeline domains",
        "",
        "count every scale-up domain, or only switched "
        "all-to-all ones (leaving out torus pods such as TPU and Trn2)",
        kind="choice",
        choices=("any", "switched"),
        group="timeline",
    )
    timeline_basis: str = _knob(
        "first_ship",
        "Timeline basis",
        "",
        "count a system from its first-ship year or its volume year",
        kind="choice",
        choices=("first_ship", "volume"),
        group="timeline",
    )

    # ------------------------------------------------------------------ construction
    @classmethod
    def specs(cls) -> dict[str, AssumptionSpec]:
        """Every assumption's spec by key, in declaration order."""
        return _SPECS

    @classmethod
    def preset(cls, name: str) -> Assumptions:
        """A named starting point; `seed` reproduces the seed's arithmetic."""
        if name not in PRESETS:
            match = difflib.get_close_matches(name, list(PRESETS), n=1)
            hint = f" (did you mean {match[0]!r}?)" if match else ""
            raise AssumptionError(
                f"--preset: unknown preset {name!r}{hint}; expected one of {', '.join(PRESETS)}"
            )
        return cls(preset_name=name).replace(**PRESETS[name]["values"])

    def replace(self, **changes: Any) -> Assumptions:
        """A new value with `changes` applied, each checked against its spec."""
        checked = {key: coerce(key, value) for key, value in changes.items()}
        return dataclasses.replace(self, **checked)

    def with_settings(self, settings: list[str]) -> Assumptions:
        """Apply `KEY=VALUE` strings from `--set`."""
        changes: dict[str, Any] = {}
        for item in settings:
            key, sep, raw = item.partition("=")
            key = key.strip()
            if not sep:
                raise AssumptionError(f"--set {item!r}: expected KEY=VALUE, e.g. bits_per_param=8")
            known = _known_key(key, f"--set {item!r}")
            changes[known] = coerce(
                known, parse_value(key, raw.strip(), f"--set {key}"), f"--set {key}"
            )
        return self.replace(**changes)

    def as_dict(self) -> dict[str, Any]:
        """Every assumption by key."""
        return dataclasses.asdict(self)

    def changed_from_preset(self) -> set[str]:
        """Keys whose value differs from the preset this value started from."""
        base = (
            Assumptions.preset(self.preset_name) if self.preset_name in PRESETS else Assumptions()
        )
        return {
            k for k, v in self.as_dict().items() if k != "preset_name" and getattr(base, k) != v
        }


PRESETS: dict[str, dict[str, Any]] = {
    "seed": {
        "help": "the seed's arithmetic: 4-bit weights, half of HBM for weights, one domain, "
        "peak bandwidth, a large batch that touches every expert",
        "values": {},
    },
    "realistic": {
        "help": "NVFP4 weights with scales, FP8 KV cache, 80% of peak HBM bandwidth, 32K context",
        "values": {
            "bits_per_param": 4.5,
            "kv_bits": 8.0,
            "hbm_bw_efficiency": 0.8,
            "context_tokens": 32_768,
            "concurrent_sequences": 64,
            "cost_of_capital": 0.08,
        },
    },
    "fp8": {
        "help": "FP8 weights and KV cache (the way most 2025 open models ship)",
        "values": {"bits_per_param": 8.0, "kv_bits": 8.0, "hbm_bw_efficiency": 0.8},
    },
    "bf16": {
        "help": "BF16 weights and KV cache",
        "values": {"bits_per_param": 16.0, "kv_bits": 16.0, "hbm_bw_efficiency": 0.8},
    },
}

# Storage formats by name: bits per value including block-scale overhead.
PRECISIONS: dict[str, tuple[float, str]] = {
    "bf16": (16.0, "BF16"),
    "fp8": (8.0, "FP8, per-tensor scales"),
    "mxfp8": (8.25, "MXFP8: 8 bits + one 8-bit scale per 32 values"),
    "nvfp4": (4.5, "NVFP4: 4 bits + one FP8 scale per 16 values"),
    "mxfp4": (4.25, "MXFP4: 4 bits + one 8-bit scale per 32 values"),
    "int4": (4.0, "INT4, scales not counted"),
}

_SPECS: dict[str, AssumptionSpec] = {
    f.name: AssumptionSpec(key=f.name, **f.metadata["spec"])
    for f in dataclasses.fields(Assumptions)
}


def _known_key(key: str, where: str) -> str:
    if key in _SPECS:
        return key
    match = difflib.get_close_matches(key, list(_SPECS), n=1, cutoff=0.5)
    hint = f" (did you mean {match[0]!r}?)" if match else ""
    raise AssumptionError(
        f"{where}: unknown assumption {key!r}{hint}; `scaleup assumptions` lists them"
    )


def parse_value(key: str, raw: str, where: str) -> Any:
    """Turn text typed by a user into a value of the assumption's kind, or explain why not."""
    spec = _SPECS[_known_key(key, where)]
    if spec.kind in ("choice", "text"):
        return raw
    if spec.unit == "bits" and raw.strip().lower() in PRECISIONS:
        return PRECISIONS[raw.strip().lower()][0]
    text = raw.replace("_", "").replace(",", "").strip()
    try:
        number = float(text)
    except ValueError:
        names = f" or a format ({', '.join(PRECISIONS)})" if spec.unit == "bits" else ""
        raise AssumptionError(
            f"{where}: expected {spec.expected()} ({spec.unit or 'no unit'}){names}, found {raw!r}"
        ) from None
    return number


def coerce(key: str, value: Any, where: str | None = None) -> Any:
    """Check one value against its spec and return it in the spec's type."""
    where = where or key
    spec = _SPECS[_known_key(key, where)]
    if spec.kind == "text":
        if not isinstance(value, str):
            raise AssumptionError(f"{where}: expected text, found {value!r}")
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            raise AssumptionError(f"{where}: expected {spec.expected()}, found {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AssumptionError(f"{where}: expected {spec.expected()}, found {value!r}")
    number = float(value)
    if not math.isfinite(number) or not spec.low <= number <= spec.high:
        unit = f" {spec.unit}" if spec.unit else ""
        raise AssumptionError(f"{where}: expected {spec.expected()}{unit}, found {value!r}")
    if spec.kind == "int":
        if not number.is_integer():
            raise AssumptionError(f"{where}: expected {spec.expected()}, found {value!r}")
        return int(number)
    return number


def load_scenario(path: str | Path, base: Assumptions | None = None) -> Assumptions:
    """Assumptions from a TOML scenario file: a preset name plus the values that differ."""
    from core.catalog import read_toml
    from core.errors import CatalogError

    try:
        data, _ = read_toml(path, what="scenario")
    except CatalogError as error:
        raise AssumptionError(str(error)) from None
    label = str(path)
    allowed = {"schema_version", "preset", "assumptions", "description"}
    for key in data:
        if key not in allowed:
            match = difflib.get_close_matches(key, list(allowed) + list(_SPECS), n=1)
            hint = f" (did you mean {match[0]!r}?)" if match else ""
            raise AssumptionError(
                f"{label}: unknown top-level key {key!r}{hint}; assumptions go under [assumptions]"
            )
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        raise AssumptionError(
            f"{label}: 'schema_version': expected a positive integer, found {version!r}"
        )
    if version > SCENARIO_SCHEMA_VERSION:
        raise AssumptionError(
            f"{label}: 'schema_version' {version} is newer than this scaleup understands "
            f"({SCENARIO_SCHEMA_VERSION}); upgrade scaleup to read it"
        )
    preset = data.get("preset")
    if preset is not None and not isinstance(preset, str):
        raise AssumptionError(f"{label}: 'preset': expected a preset name, found {preset!r}")
    start = Assumptions.preset(preset) if preset else (base or Assumptions())
    values = data.get("assumptions", {})
    if not isinstance(values, dict):
        raise AssumptionError(f"{label}: [assumptions] must be a table of KEY = VALUE")
    checked = {}
    for key, value in values.items():
        where = f"{label}: [assumptions] {key}"
        checked[_known_key(key, where)] = coerce(key, value, where)
    return start.replace(**checked)


def scenario_toml(assumptions: Assumptions, description: str = "") -> str:
    """A scenario file for `assumptions`: its preset and every value, commented with units."""
    import tomli_w

    values = {k: v for k, v in assumptions.as_dict().items() if k != "preset_name"}
    document: dict[str, Any] = {
        "schema_version": SCENARIO_SCHEMA_VERSION,
        "preset": assumptions.preset_name,
    }
    if description:
        document["description"] = description
    document["assumptions"] = values
    return tomli_w.dumps(document)
