"""Performance budgets of Scale-up Explorer: `python bench/bench.py [SECTION...]`.

Run it with the project's Python; name sections (cli, first_paint, evaluate, edits,
terminal_bytes, memory) to run only those.

Prints a table (metric, measured, budget, result) and a last line `BENCH_JSON {...}`.
Budget failures are reported, not raised: the exit status is 0 unless a measurement itself
could not be taken (1) or the interpreter cannot import the project (2).

Budgets:
  1. `scaleup fit --format csv` within 1.3x of `import polars, numpy` (best of 7 processes
     each); the command never imports textual.
  2. First paint of `scaleup` within 1.3x of a bare Textual app importing polars and numpy
     (process start to the first refresh after on_ready, headless, 120x40, best of 5).
  3. `core.evaluate` median under 3 ms on the built-in catalog (no model, 20T, Kimi K2 under
     seed; 20T and DeepSeek-V3 under realistic, the deployment serving model; 300 runs each)
     and under 60 ms with a 10,000-system overlay; the Frontier sweep under 50 ms.
  4. Assumption edit to repainted panes (the app's `edit_latencies_ms`) p95 under 30 ms at
     120x40, on the Fit pane and on the Claims pane; on the Frontier pane with DeepSeek-V3
     under 50 ms (and, for information, on the Fit pane with a 10,000-system overlay).
  5. Terminal bytes for one edit at 120x40 (tmux pipe-pane) under a quarter of a full paint.
  6. Peak RSS of the app after every pane and a few edits under 150 MB.

The project's bytecode is compiled before measuring (see `compile_project`).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from report import (
    ERROR,
    FAIL,
    Row,
    budget_row,
    error_row,
    flag_row,
    info_row,
    percentile,
    render_table,
    skipped_row,
)
from terminal_bytes import measure_terminal_bytes

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PROBES = BENCH / "probes.py"
PROBE_TIMEOUT_S = 300.0

CLI_RUNS = 7
CLI_RATIO_LIMIT = 1.3
PAINT_RUNS = 5
PAINT_RATIO_LIMIT = 1.3
EVALUATE_LIMIT_MS = 3.0
OVERLAY_LIMIT_MS = 60.0
FRONTIER_LIMIT_MS = 50.0
EDIT_P95_LIMIT_MS = 30.0
FRONTIER_EDIT_P95_LIMIT_MS = 50.0
BYTES_RATIO_LIMIT = 0.25
MEMORY_LIMIT_MB = 150.0

Measurement = tuple[list[Row], dict[str, Any]]


class ProbeError(RuntimeError):
    """A child process did not produce its result."""


# ---------------------------------------------------------------------------- processes


def child_env() -> dict[str, str]:
    """The environment of every child: no animations, nothing that changes the output."""
    env = dict(os.environ)
    env["TEXTUAL_ANIMATIONS"] = "none"
    for name in ("PYTHONPROFILEIMPORTTIME", "TEXTUAL", "PYTHONDEVMODE"):
        env.pop(name, None)
    return env


def scaleup_command() -> list[str]:
    """The installed `scaleup` script next to this interpreter, else `python -m tui`."""
    beside = Path(sys.executable).with_name("scaleup")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("scaleup")
    return [found] if found else [sys.executable, "-m", "tui"]


def run_probe(*args: str) -> dict[str, Any]:
    """Run `probes.py ARGS` in a fresh interpreter and return its PROBE_JSON."""
    completed = subprocess.run(
        [sys.executable, str(PROBES), *args],
        capture_output=True,
        text=True,
        timeout=PROBE_TIMEOUT_S,
        env=child_env(),
        cwd=REPO,
        check=False,
    )
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith("PROBE_JSON "):
            return json.loads(line.removeprefix("PROBE_JSON "))
    last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
    raise ProbeError(f"probe {' '.join(args)} exited {completed.returncode}: {last}")


def wall_time_s(command: Sequence[str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=REPO,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        last = (completed.stderr.decode().strip().splitlines() or ["no output"])[-1]
        raise ProbeError(f"{' '.join(command)} exited {completed.returncode}: {last}")
    return elapsed


def interleaved_runs(measures: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Alternate the measured commands so drift on a noisy machine hits all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            samples[name].append(measure())
    return samples


# ---------------------------------------------------------------------------- 1. CLI


def modules_imported_by(command: Sequence[str]) -> set[str]:
    """Top-level packages a command imports, from `-X importtime` lines on stderr."""
    env = {**child_env(), "PYTHONPROFILEIMPORTTIME": "1"}
    completed = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    packages = set()
    for line in completed.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            packages.add(name.split(".", 1)[0])
    return packages


def measure_cli() -> Measurement:
    cli = [*scaleup_command(), "fit", "--format", "csv"]
    baseline = [sys.executable, "-c", "import polars, numpy"]
    samples = interleaved_runs(
        {"cli": lambda: wall_time_s(cli), "import": lambda: wall_time_s(baseline)}, CLI_RUNS
    )
    cli_s, import_s = min(samples["cli"]), min(samples["import"])
    ratio = cli_s / import_s
    packages = modules_imported_by(cli)
    imports_textual = "textual" in packages
    rows = [
        info_row("1. import polars, numpy (best of 7)", import_s * 1e3, "ms", 0),
        info_row("1. scaleup fit --format csv (best of 7)", cli_s * 1e3, "ms", 0),
        budget_row("1. CLI / import ratio", ratio, CLI_RATIO_LIMIT, "x"),
        flag_row(
            "1. CLI imports textual",
            not imports_textual,
            "yes" if imports_textual else "no",
            "no",
        ),
    ]
    data = {
        "cli_best_ms": cli_s * 1e3,
        "import_best_ms": import_s * 1e3,
        "ratio": ratio,
        "cli_runs_ms": [s * 1e3 for s in samples["cli"]],
        "import_runs_ms": [s * 1e3 for s in samples["import"]],
        "imports_textual": imports_textual,
        "imports_rich": "rich" in packages,
    }
    return rows, data


# ---------------------------------------------------------------------------- 2. first paint


def first_paint_ms(kind: str) -> float:
    """Process start (spawn, in this process) to the app's first refresh after on_ready."""
    spawned = time.monotonic_ns()  # CLOCK_MONOTONIC: the child reads the same clock
    painted = run_probe("first-paint", kind)["painted_ns"]
    return (painted - spawned) / 1e6


def measure_first_paint() -> Measurement:
    samples = interleaved_runs(
        {"real": lambda: first_paint_ms("real"), "bare": lambda: first_paint_ms("bare")},
        PAINT_RUNS,
    )
    real_ms, bare_ms = min(samples["real"]), min(samples["bare"])
    ratio = real_ms / bare_ms
    rows = [
        info_row("2. first paint, bare Textual + polars/numpy", bare_ms, "ms", 0),
        info_row("2. first paint, scaleup app", real_ms, "ms", 0),
        budget_row("2. first paint ratio app / bare", ratio, PAINT_RATIO_LIMIT, "x"),
    ]
    data = {
        "real_best_ms": real_ms,
        "bare_best_ms": bare_ms,
        "ratio": ratio,
        "real_runs_ms": samples["real"],
        "bare_runs_ms": samples["bare"],
    }
    return rows, data


# ---------------------------------------------------------------------------- 3. evaluate


def summarize_ms(samples: Sequence[float]) -> dict[str, float]:
    return {
        "runs": len(samples),
        "median_ms": median(samples),
        "p95_ms": percentile(samples, 0.95),
        "min_ms": min(samples),
    }


def evaluate_rows(label: str, cases: dict[str, dict[str, float]], limit: float) -> list[Row]:
    return [
        budget_row(
            f"3. evaluate {label}, {case} (median)",
            stats["median_ms"],
            limit,
            "ms",
            2,
            note=f"p95 {stats['p95_ms']:.2f} ms, n={stats['runs']:.0f}",
        )
        for case, stats in cases.items()
    ]


def measure_evaluate() -> Measurement:
    result = run_probe("evaluate")
    builtin = {case: summarize_ms(s) for case, s in result["builtin_ms"].items()}
    overlay = {case: summarize_ms(s) for case, s in result["overlay_ms"].items()}
    systems = result["overlay_systems"]
    rows = [
        *evaluate_rows(
            f"built-in ({result['builtin_systems']} systems)", builtin, EVALUATE_LIMIT_MS
        ),
        info_row(
            "3. evaluate built-in, first call in a process", result["builtin_first_call_ms"], "ms"
        ),
        info_row(
            f"3. load_catalog with 10k overlay ({systems} systems)",
            result["overlay_load_s"],
            "s",
            2,
            note=f"{result['overlay_file_bytes'] / 1e6:.1f} MB TOML",
        ),
        *evaluate_rows(f"{systems} systems", overlay, OVERLAY_LIMIT_MS),
        budget_row(
            "3. frontier sweep, built-in, DeepSeek-V3 (median)",
            median(result["frontier_ms"]),
            FRONTIER_LIMIT_MS,
            "ms",
        ),
    ]
    data = {
        "builtin_systems": result["builtin_systems"],
        "builtin_first_call_ms": result["builtin_first_call_ms"],
        "builtin": builtin,
        "overlay_systems": systems,
        "overlay_load_s": result["overlay_load_s"],
        "overlay_first_call_ms": result["overlay_first_call_ms"],
        "overlay": overlay,
    }
    return rows, data


# ---------------------------------------------------------------------------- 4. edits


def measure_edits() -> Measurement:
    rows: list[Row] = []
    data: dict[str, Any] = {}
    for pane in ("fit", "claims", "frontier"):
        result = run_probe("edits", pane)
        latencies = result["latencies_ms"]
        stats = {**summarize_ms(latencies), "max_ms": max(latencies)}
        note = f"median {stats['median_ms']:.1f} ms, n={len(latencies)}"
        rows.append(
            budget_row(
                f"4. edit to repaint, {pane} pane (p95)",
                stats["p95_ms"],
                FRONTIER_EDIT_P95_LIMIT_MS if pane == "frontier" else EDIT_P95_LIMIT_MS,
                "ms",
                1,
                note=note,
            )
        )
        data[pane] = {
            **stats,
            "latencies_ms": latencies,
            "warmup_discarded": result["warmup_discarded"],
        }
    # Not budgets: the Frontier pane when no edit finds its fronts kept (each one sweeps), and
    # how an edit feels with a 10,000-system overlay (20T model, Fit pane).
    for probe, key, label in (
        ("frontier-cold", "frontier_cold", "frontier pane, fronts swept every edit"),
        ("fit-10k", "fit_10k", "fit pane, 10k-system overlay"),
    ):
        latencies = run_probe("edits", probe)["latencies_ms"]
        stats = summarize_ms(latencies)
        rows.append(
            info_row(
                f"4. edit to repaint, {label} (p95)",
                stats["p95_ms"],
                "ms",
                1,
                note=f"median {stats['median_ms']:.1f} ms, n={len(latencies)}",
            )
        )
        data[key] = {**stats, "latencies_ms": latencies}
    return rows, data


# ---------------------------------------------------------------------------- 5. terminal bytes


def measure_terminal() -> Measurement:
    counts = measure_terminal_bytes(scaleup_command())
    if counts is None:
        row = skipped_row("5. edit bytes / full paint", "skipped: tmux not found")
        return [row], {"skipped": "tmux not found"}
    ratio = counts.edit_median / counts.first_paint
    rows = [
        info_row("5. bytes, first paint (full repaint)", counts.first_paint, "B"),
        info_row(
            "5. bytes, one edit (median of 3)",
            counts.edit_median,
            "B",
            note="each: " + ", ".join(f"{n:,}" for n in counts.edits),
        ),
        info_row("5. bytes, focus assumptions ('a')", counts.focus_assumptions, "B"),
        info_row("5. bytes, pane 3 and back to 2", counts.switch_pane_and_back, "B"),
        info_row("5. bytes while idle, 1 s", counts.idle_per_s, "B"),
        budget_row("5. edit bytes / full paint", ratio, BYTES_RATIO_LIMIT, "x", 3),
    ]
    return rows, {**counts.as_dict(), "ratio": ratio}


# ---------------------------------------------------------------------------- 6. memory


def measure_memory() -> Measurement:
    result = run_probe("memory")
    peak_mb = result["ru_maxrss_kb"] * 1024 / 1e6
    note = f"ru_maxrss {result['ru_maxrss_kb']:,} KiB; panes 1-5, {result['edits']} edits"
    rows = [budget_row("6. peak RSS of the app", peak_mb, MEMORY_LIMIT_MB, "MB", 1, note=note)]
    return rows, {**result, "peak_mb": peak_mb}


# ---------------------------------------------------------------------------- main


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    measure: Callable[[], Measurement]


SECTIONS = (
    Section("cli", "1. headless CLI", measure_cli),
    Section("first_paint", "2. first paint", measure_first_paint),
    Section("evaluate", "3. core.evaluate", measure_evaluate),
    Section("edits", "4. edit latency", measure_edits),
    Section("terminal_bytes", "5. terminal bytes", measure_terminal),
    Section("memory", "6. peak memory", measure_memory),
)


def compile_project() -> None:
    """Write the project's bytecode first, as `pip install` does for a wheel: with
    PYTHONDONTWRITEBYTECODE set (or a read-only checkout) every child would otherwise compile
    core/ and tui/ from source, a cost the bare app, all site-packages, never pays."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "core", "tui"],
        capture_output=True,
        cwd=REPO,
        check=False,
    )


def project_importable() -> str:
    """Empty if this interpreter can import the app, else why not."""
    completed = subprocess.run(
        [sys.executable, "-c", "import core, tui.app"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    if completed.returncode == 0:
        return ""
    return (completed.stderr.strip().splitlines() or ["import failed"])[-1]


def run_section(section: Section) -> Measurement:
    """A section's rows and data; an error row instead of raising."""
    print(f"measuring {section.title}…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        rows, data = section.measure()
    except Exception as error:  # report and carry on with the other budgets
        rows, data = [error_row(section.title, f"{type(error).__name__}: {error}")], {}
        data["error"] = f"{type(error).__name__}: {error}"
    data["section_s"] = round(time.perf_counter() - started, 2)
    return rows, data


def main() -> int:
    problem = project_importable()
    if problem:
        print(
            f"bench: {sys.executable} cannot import the project ({problem}); run it with the "
            "project's virtualenv Python",
            file=sys.stderr,
        )
        return 2
    compile_project()
    started = time.perf_counter()
    rows: list[Row] = []
    figures: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    only = set(sys.argv[1:])  # section keys to run, e.g. `bench.py cli first_paint`
    unknown = only - {section.key for section in SECTIONS}
    if unknown:
        keys = ", ".join(section.key for section in SECTIONS)
        print(
            f"bench: unknown section(s) {', '.join(sorted(unknown))}; known: {keys}",
            file=sys.stderr,
        )
        return 2
    for section in SECTIONS:
        if only and section.key not in only:
            continue
        section_rows, figures[section.key] = run_section(section)
        rows.extend(section_rows)
    figures["elapsed_s"] = round(time.perf_counter() - started, 1)
    figures["rows"] = [row.as_dict() for row in rows]
    figures["failed"] = [row.metric for row in rows if row.status == FAIL]
    figures["errors"] = [row.metric for row in rows if row.status == ERROR]
    print(render_table(rows))
    print(f"\n{len(figures['failed'])} budget(s) failed; took {figures['elapsed_s']} s")
    print("BENCH_JSON " + json.dumps(figures, separators=(",", ":")))
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
