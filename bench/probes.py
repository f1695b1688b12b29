"""Measurements that run in a fresh interpreter: `python bench/probes.py NAME [ARG]`.

Each probe prints one line `PROBE_JSON {...}` on stdout. Module-level imports are standard
library only, so a probe pays for exactly the imports its subject needs.

Probes:
  first-paint real|bare  monotonic ns at the first refresh after `on_ready` (120x40, headless)
  evaluate               `core.evaluate` timings on the built-in catalog and a 10k overlay
  edits fit|claims|fit-10k  `ScaleupApp.edit_latencies_ms` after ~60 assumption edits under
                         Pilot (fit-10k: 10 edits with a 10,000-system overlay)
  memory                 peak RSS after visiting every pane and a few edits
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SIZE = (120, 40)
READY_TIMEOUT_S = 60.0

EVALUATE_RUNS = 300
EVALUATE_WARMUP = 5
OVERLAY_SYSTEMS = 10_000
OVERLAY_RUNS = 30
OVERLAY_WARMUP = 2

EDIT_ROWS = 3  # bits_per_param, weight_fraction, pipeline_domains
EDITS_PER_ROW = 20
WARMUP_EDITS = 2  # one +/- pair before recording, so first-use costs are not counted


def emit(result: dict[str, Any]) -> None:
    """The one line the parent reads."""
    print("PROBE_JSON " + json.dumps(result), flush=True)


# ---------------------------------------------------------------------------- apps


def make_app_as_scaleup_does(*argv: str) -> Any:
    """`ScaleupApp` built exactly as `scaleup ARGV` builds it in `tui.cli.run_app`."""
    from tui.cli import build_parser, load_inputs

    args = build_parser().parse_args(list(argv))
    catalog, assumptions = load_inputs(args)
    from tui.app import ScaleupApp

    return ScaleupApp(catalog=catalog, assumptions=assumptions, overlays=tuple(args.catalog))


def make_bare_app() -> Any:
    """A minimal Textual app (Static + Footer) that imports the same data libraries."""
    import numpy  # noqa: F401
    import polars  # noqa: F401
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("bare app")
            yield Footer()

    return BareApp()


# ---------------------------------------------------------------------------- first paint


async def stamp_first_paint(app: Any) -> int:
    """Run `app` headless; monotonic ns when the first refresh after `Ready` has happened."""
    from textual import events
    from textual.message import Message

    painted = asyncio.Event()
    stamp: list[int] = []

    def after_refresh() -> None:
        stamp.append(time.monotonic_ns())
        painted.set()

    def hook(message: Message) -> None:
        if isinstance(message, events.Ready) and not stamp:
            app.call_after_refresh(after_refresh)

    async with app.run_test(size=SIZE, message_hook=hook):
        await asyncio.wait_for(painted.wait(), READY_TIMEOUT_S)
    return stamp[0]


def probe_first_paint(kind: str) -> dict[str, Any]:
    # The clock starts at process start in the parent; building the app is part of startup.
    app = make_app_as_scaleup_does() if kind == "real" else make_bare_app()
    return {"kind": kind, "painted_ns": asyncio.run(stamp_first_paint(app))}


# ---------------------------------------------------------------------------- evaluate


def time_calls_ms(call: Callable[[], object], runs: int, warmup: int) -> list[float]:
    """Wall time of `runs` calls in ms, after `warmup` untimed calls."""
    for _ in range(warmup):
        call()
    gc.collect()
    samples = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def evaluate_cases() -> dict[str, Any]:
    """The three assumption cases of the budget: no model, 20T hypothetical, Kimi K2."""
    from core import Assumptions

    seed = Assumptions.preset("seed")
    realistic = Assumptions.preset("realistic")
    return {
        "no_model": seed,
        "params_20t": seed.replace(params_t=20.0),
        "kimi_k2": seed.replace(model_id="kimi-k2", params_t=0.0),
        "realistic_20t": realistic.with_hypothetical(20.0),
        "realistic_deepseek": realistic.with_model("deepseek-v3"),
    }


def evaluate_all_panes(catalog: Any, assumptions: Any) -> object:
    """`evaluate` and read every pane but Claims: Results computes frames when first read,
    so timing `evaluate` alone would time nothing."""
    from core import evaluate

    results = evaluate(catalog, assumptions)
    return (results.catalog, results.models, results.fit, results.cost, results.timeline)


def time_evaluate(catalog: Any, runs: int, warmup: int) -> dict[str, list[float]]:
    return {
        name: time_calls_ms(lambda a=assumptions: evaluate_all_panes(catalog, a), runs, warmup)
        for name, assumptions in evaluate_cases().items()
    }


def probe_evaluate() -> dict[str, Any]:
    from synthetic_catalog import write_system_overlay

    from core import load_catalog

    builtin = load_catalog()
    builtin_first = first_call_ms(builtin)
    builtin_samples = time_evaluate(builtin, EVALUATE_RUNS, EVALUATE_WARMUP)
    with tempfile.TemporaryDirectory(prefix="scaleup-bench-") as folder:
        overlay = write_system_overlay(
            Path(folder) / "systems-10k.toml", OVERLAY_SYSTEMS, REPO / "catalog.toml"
        )
        started = time.perf_counter()
        large = load_catalog(overlays=[overlay])
        load_s = time.perf_counter() - started
        overlay_bytes = overlay.stat().st_size
    overlay_first = first_call_ms(large)
    large_samples = time_evaluate(large, OVERLAY_RUNS, OVERLAY_WARMUP)
    frontier_samples = time_frontier(builtin)
    return {
        "frontier_ms": frontier_samples,
        "builtin_systems": builtin.systems.height,
        "builtin_first_call_ms": builtin_first,
        "builtin_ms": builtin_samples,
        "overlay_systems": large.systems.height,
        "overlay_file_bytes": overlay_bytes,
        "overlay_load_s": load_s,
        "overlay_first_call_ms": overlay_first,
        "overlay_ms": large_samples,
    }


def time_frontier(catalog: Any) -> list[float]:
    """The Frontier pane's whole sweep (every system x concurrency x replica) for DeepSeek-V3,
    computed afresh each time: `Results.frontier` keeps fronts across edits that leave them
    alone, which would time a lookup."""
    from core import Assumptions, evaluate
    from core.formulas.frontier import system_fronts

    realistic = Assumptions.preset("realistic").with_model("deepseek-v3")
    model = evaluate(catalog, realistic).model
    return time_calls_ms(lambda: system_fronts(catalog.systems, realistic, model), 30, 3)


def first_call_ms(catalog: Any) -> float:
    """The first `evaluate` on a catalog: it also fills the memoised frames (HBM, model KV)."""
    from core import Assumptions

    started = time.perf_counter_ns()
    evaluate_all_panes(catalog, Assumptions.preset("seed"))
    return (time.perf_counter_ns() - started) / 1e6


# ---------------------------------------------------------------------------- edits


async def press_and_settle(pilot: Any, key: str) -> None:
    """Press a key, let the app process it, and wait for any claims worker."""
    await pilot.press(key)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def record_edit_latencies(
    app: Any,
    pane_key: str | None,
    rows: int = EDIT_ROWS,
    edits_per_row: int = EDITS_PER_ROW,
    forget_fronts: bool = False,
) -> list[float]:
    """Alternate +/- on the first rows of the Assumptions panel; the app's own latencies.
    `forget_fronts` drops the kept fronts before each edit, so every edit sweeps afresh."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if pane_key is not None:
            await press_and_settle(pilot, pane_key)
        await press_and_settle(pilot, "a")
        for key in ("plus", "minus")[:WARMUP_EDITS]:
            await press_and_settle(pilot, key)
        app.edit_latencies_ms.clear()
        for row in range(rows):
            if row:
                await press_and_settle(pilot, "j")
            for edit in range(edits_per_row):
                if forget_fronts:
                    for key in [k for k in app.catalog.memo if k[0] == "frontier"]:
                        del app.catalog.memo[key]
                await press_and_settle(pilot, "plus" if edit % 2 == 0 else "minus")
        return list(app.edit_latencies_ms)


def probe_edits(pane: str) -> dict[str, Any]:
    """`fit`, `claims`: the built-in catalog; `frontier`: the Frontier pane with DeepSeek-V3
    (`scaleup --model deepseek-v3`), every system swept again on each edit; `fit-10k`: the Fit
    pane with a 10,000-system overlay and a 20T model (every column filled), to show the
    table stays usable."""
    if pane == "fit-10k":
        return {**probe_large_edits(), "pane": pane}
    cold = pane == "frontier-cold"
    pane_key = {"fit": None, "claims": "5", "frontier": "6", "frontier-cold": "6"}[pane]
    model = ("--model", "deepseek-v3") if pane_key == "6" else ()
    app = make_app_as_scaleup_does(*model)  # the app opens on the Fit pane
    latencies = asyncio.run(record_edit_latencies(app, pane_key, forget_fronts=cold))
    return {"pane": pane, "latencies_ms": latencies, "warmup_discarded": WARMUP_EDITS}


def probe_large_edits() -> dict[str, Any]:
    from synthetic_catalog import write_system_overlay

    from core import Assumptions, load_catalog
    from tui.app import ScaleupApp

    with tempfile.TemporaryDirectory(prefix="scaleup-bench-") as folder:
        overlay = write_system_overlay(
            Path(folder) / "systems-10k.toml", OVERLAY_SYSTEMS, REPO / "catalog.toml"
        )
        catalog = load_catalog(overlays=[overlay])
    app = ScaleupApp(catalog, Assumptions.preset("seed").replace(params_t=20.0))
    latencies = asyncio.run(record_edit_latencies(app, None, rows=1, edits_per_row=10))
    return {"latencies_ms": latencies, "warmup_discarded": WARMUP_EDITS}


# ---------------------------------------------------------------------------- memory


async def tour_every_pane(app: Any) -> int:
    """Visit panes 1..5, make a few edits on two of them; the number of edits made."""
    edits = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for pane_key in "12345":
            await press_and_settle(pilot, pane_key)
        for pane_key in ("5", "4"):
            await press_and_settle(pilot, pane_key)
            await press_and_settle(pilot, "a")
            for key in ("plus", "plus", "minus", "minus"):
                await press_and_settle(pilot, key)
                edits += 1
    return edits


def peak_rss_kb() -> dict[str, int]:
    import resource

    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes there, KiB on Linux
        maxrss //= 1024
    result = {"ru_maxrss_kb": int(maxrss)}
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                result["vmhwm_kb"] = int(line.split()[1])
    return result


def probe_memory() -> dict[str, Any]:
    app = make_app_as_scaleup_does()
    edits = asyncio.run(tour_every_pane(app))
    return {"edits": edits, **peak_rss_kb()}


# ---------------------------------------------------------------------------- entry


PROBES: dict[str, Callable[..., dict[str, Any]]] = {
    "first-paint": probe_first_paint,
    "evaluate": probe_evaluate,
    "edits": probe_edits,
    "memory": probe_memory,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in PROBES:
        print(f"usage: probes.py {{{','.join(PROBES)}}} [ARG]", file=sys.stderr)
        return 2
    emit(PROBES[argv[0]](*argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
