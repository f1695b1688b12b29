"""The catalog schema: every table, every field, its type, unit, range and meaning.

Defined once here and used by the loader (validation), the detail views (units and help) and
the documentation. Values that sources disagree on may carry `<field>_low` / `<field>_high`
next to the value when the field allows a range.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIDENCE_LEVELS = ("official", "reported", "estimate")
BLOCS = ("us", "china", "rest")
ATTENTION_KINDS = ("mha", "gqa", "mla")
TOPOLOGIES = ("switched", "torus")


@dataclass(frozen=True)
class FieldSpec:
    """One catalog field: its kind, unit, valid range and a one-line meaning."""

    name: str
    kind: str  # "float" | "int" | "str" | "bool" | "list" | "year_or_never" | "date"
    unit: str = ""
    help: str = ""
    required: bool = False
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    ranged: bool = False  # may carry _low/_high companions

    def expected(self) -> str:
        """Human description of what a valid value looks like."""
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "year_or_never":
            return 'a year such as 2025, or "never"'
        if self.kind == "date":
            return 'a date "YYYY-MM-DD", "YYYY-MM" or "YYYY"'
        if self.kind == "list":
            return "a list of source ids"
        noun = {"float": "a number", "int": "an integer", "str": "text", "bool": "true or false"}
        text = noun[self.kind]
        if self.low is not None and self.high is not None:
            text += f" from {self.low:g} to {self.high:g}"
        elif self.low is not None:
            text += f" >= {self.low:g}"
        return text


def _f(
    name: str, unit: str, help: str, low: float = 0.0, high: float = 1e9, **kw: object
) -> FieldSpec:
    return FieldSpec(name, "float", unit, help, low=low, high=high, **kw)  # type: ignore[arg-type]


_COMMON = (
    FieldSpec("id", "str", "", "stable kebab-case identifier", required=True),
    FieldSpec(
        "confidence",
        "str",
        "",
        "how sure the figures are",
        required=True,
        choices=CONFIDENCE_LEVELS,
    ),
    FieldSpec("sources", "list", "", "ids of [[source]] rows behind the figures", required=True),
    FieldSpec("notes", "str", "", "caveats and how figures were derived"),
)

_YEAR = (2000.0, 2040.0)

TABLES: dict[str, tuple[FieldSpec, ...]] = {
    "source": (
        FieldSpec("id", "str", "", "stable kebab-case identifier", required=True),
        FieldSpec("title", "str", "", "title of the document", required=True),
        FieldSpec("url", "str", "", "where to read it", required=True),
        FieldSpec("date", "date", "", "publication or retrieval date", required=True),
        FieldSpec("publisher", "str", "", "who published it"),
        FieldSpec("notes", "str", "", "what the source says that we use"),
    ),
    "platform": (
        *_COMMON,
        FieldSpec("name", "str", "", "accelerator family and serving stack", required=True),
        FieldSpec("vendor", "str", "", "who sells it", required=True),
        _f(
            "layer_us",
            "µs",
            "fixed decode latency per layer of an MoE model at small batch (launch, sync, "
            "tensor-parallel collectives in one node)",
            1,
            10_000,
            ranged=True,
        ),
        _f(
            "dense_layer_us",
            "µs",
            "the same for a dense layer (no router or grouped GEMM)",
            1,
            10_000,
            ranged=True,
        ),
        _f(
            "ep_domain_us",
            "µs",
            "expert dispatch + combine latency per MoE layer inside the scale-up domain",
            0,
            10_000,
            ranged=True,
        ),
        _f(
            "ep_scaleout_us",
            "µs",
            "expert dispatch + combine latency per MoE layer over the scale-out network (8 ranks)",
            0,
            100_000,
            ranged=True,
        ),
        _f(
            "collective_hop_us",
            "µs",
            "latency per hop of a collective on a torus (0 or absent: switched domain)",
            0,
            1_000,
        ),
    ),
    "accelerator": (
        *_COMMON,
        FieldSpec("name", "str", "", "marketing name", required=True),
        FieldSpec("vendor", "str", "", "who sells it", required=True),
        FieldSpec("platform", "str", "", "id of the [[platform]] whose latency floors apply"),
        _f("hbm_gb", "GB", "HBM per package", 1, 10_000, required=True, ranged=True),
        _f("hbm_tbps", "TB/s", "HBM bandwidth per package", 0.1, 1_000, required=True, ranged=True),
        _f(
            "bf16_pflops",
            "PFLOP/s",
            "dense BF16 per package (never sparse)",
            0.001,
            1_000,
            ranged=True,
        ),
        _f(
            "fp8_pflops",
            "PFLOP/s",
            "dense FP8 per package (never sparse)",
            0.001,
            1_000,
            ranged=True,
        ),
        _f(
            "fp4_pflops",
            "PFLOP/s",
            "dense FP4 per package (never sparse)",
            0.001,
            1_000,
            ranged=True,
        ),
        _f("tdp_w", "W", "thermal design power per package", 10, 20_000, ranged=True),
        _f(
            "scaleup_gbps_bidir",
            "GB/s",
            "scale-up link bandwidth per package, both directions",
            1,
            100_000,
            ranged=True,
        ),
        FieldSpec("dies", "int", "", "compute dies per package", low=1, high=64),
        FieldSpec(
            "first_volume_year",
            "int",
            "year",
            "first volume shipments",
            required=True,
            low=_YEAR[0],
            high=_YEAR[1],
        ),
    ),
    "system": (
        *_COMMON,
        FieldSpec("name", "str", "", "marketing name", required=True),
        FieldSpec("vendor", "str", "", "who sells it", required=True),
        FieldSpec(
            "family", "str", "", "product family (HGX, Oberon, Kyber, TPU pod, ...)", required=True
        ),
        FieldSpec(
            "accelerator", "str", "", "id of the [[accelerator]] in every package", required=True
        ),
        FieldSpec(
            "packages",
            "int",
            "packages",
            "accelerator packages in the scale-up domain",
            required=True,
            low=1,
            high=1_000_000,
        ),
        FieldSpec("aliases", "list", "", "other names, e.g. die-counting NVL names"),
        FieldSpec("topology", "str", "", "scale-up topology", required=True, choices=TOPOLOGIES),
        _f(
            "scaleout_gbps_per_package",
            "GB/s",
            "scale-out (NIC) bandwidth per package, one direction",
            0.1,
            10_000,
            ranged=True,
        ),
        _f("power_kw", "kW", "power of the whole system", 0.1, 1e6, ranged=True),
        _f("price_usd", "USD", "purchase price of the whole system", 1e3, 1e11, ranged=True),
        _f(
            "network_storage_fraction",
            "fraction",
            "cluster networking and storage capex per dollar of the system price (switches, "
            "optics, storage; NICs already in a server price are not counted again); 0 when "
            "absent",
            0,
            3,
            ranged=True,
        ),
        _f(
            "rent_usd_per_chip_hour",
            "USD/h",
            "typical rental per package-hour",
            0.01,
            1_000,
            ranged=True,
        ),
        _f(
            "hbm_tb",
            "TB",
            "domain HBM when the vendor states a total other than packages x per-package",
            0.01,
            1e6,
            ranged=True,
        ),
        FieldSpec("announced_year", "int", "year", "first announced", low=_YEAR[0], high=_YEAR[1]),
        FieldSpec(
            "first_ship_year",
            "int",
            "year",
            "first customer shipments",
            required=True,
            low=_YEAR[0],
            high=_YEAR[1],
        ),
        FieldSpec("volume_year", "int", "year", "volume shipments", low=_YEAR[0], high=_YEAR[1]),
        *(
            FieldSpec(
                f"access_{bloc}",
                "year_or_never",
                "year",
                f"first year the {bloc} bloc can buy or rent it",
                required=True,
            )
            for bloc in BLOCS
        ),
        *(
            FieldSpec(
                f"access_{bloc}_until",
                "int",
                "year",
                f"last year the {bloc} bloc could obtain it",
                low=_YEAR[0],
                high=_YEAR[1],
            )
            for bloc in BLOCS
        ),
    ),
    "model": (
        *_COMMON,
        FieldSpec("name", "str", "", "model name", required=True),
        FieldSpec("developer", "str", "", "lab that made it", required=True),
        _f(
            "total_params_b",
            "B params",
            "all parameters, every expert",
            0.1,
            1e7,
            required=True,
            ranged=True,
        ),
        _f(
            "active_params_b",
            "B params",
            "parameters used per token (missing: the active_fraction assumption applies)",
            0.1,
            1e7,
            ranged=True,
        ),
        FieldSpec(
            "layers", "int", "layers", "transformer layers", required=True, low=1, high=10_000
        ),
        FieldSpec("attention", "str", "", "attention kind", required=True, choices=ATTENTION_KINDS),
        FieldSpec("kv_heads", "int", "heads", "key/value heads (mha, gqa)", low=1, high=4096),
        FieldSpec("head_dim", "int", "", "dimension of one head (mha, gqa)", low=1, high=4096),
        FieldSpec("kv_lora_rank", "int", "", "compressed KV latent rank (mla)", low=1, high=65536),
        FieldSpec(
            "qk_rope_head_dim", "int", "", "decoupled RoPE key dimension (mla)", low=0, high=4096
        ),
        FieldSpec("query_heads", "int", "heads", "query heads", low=1, high=4096),
        FieldSpec(
            "dense_layers",
            "int",
            "layers",
            "leading layers without experts (MoE)",
            low=0,
            high=10_000,
        ),
        FieldSpec("hidden_size", "int", "", "model width", low=1, high=1_000_000),
        FieldSpec(
            "sliding_window", "int", "tokens", "window of local-attention layers", low=1, high=1e9
        ),
        FieldSpec(
            "sliding_window_layers",
            "int",
            "layers",
            "layers using the sliding window",
            low=0,
            high=10_000,
        ),
        FieldSpec(
            "linear_attention_layers",
            "int",
            "layers",
            "layers with a constant-size state and no per-token KV",
            low=0,
            high=10_000,
        ),
        FieldSpec(
            "experts_routed", "int", "experts", "routed experts per MoE layer", low=1, high=100_000
        ),
        FieldSpec(
            "experts_active", "int", "experts", "routed experts used per token", low=1, high=100_000
        ),
        _f("native_bits", "bits", "precision the weights are released in", 1, 32),
        FieldSpec("release", "date", "", "release date", required=True),
        FieldSpec("open_weights", "bool", "", "weights published", required=True),
    ),
    "volume": (
        *_COMMON,
        FieldSpec("system", "str", "", "id of the [[system]]", required=True),
        FieldSpec(
            "year", "int", "year", "production year", required=True, low=_YEAR[0], high=_YEAR[1]
        ),
        FieldSpec("bloc", "str", "", "where the units go", required=True, choices=BLOCS),
        _f(
            "units",
            "systems",
            "systems shipped or planned that year",
            0,
            1e9,
            required=True,
            ranged=True,
        ),
    ),
}

# Names of the TOML arrays, singular as written in the file: [[system]], [[model]], ...
TABLE_ORDER = ("source", "platform", "accelerator", "system", "model", "volume")


def field_map(table: str) -> dict[str, FieldSpec]:
    """Every field of `table` by name, with the `_low`/`_high` companions of ranged fields."""
    fields: dict[str, FieldSpec] = {}
    for spec in TABLES[table]:
        fields[spec.name] = spec
        if spec.ranged:
            for suffix in ("_low", "_high"):
                name = spec.name + suffix
                fields[name] = FieldSpec(
                    name,
                    spec.kind,
                    spec.unit,
                    f"{spec.help} ({suffix[1:]} end)",
                    low=spec.low,
                    high=spec.high,
                )
    return fields
