"""One function per command: read the inputs, evaluate with core, print through terminal.

Only `run_app` and `run_screenshots` load Textual (and `run_serve`, in the child it starts)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.cli.inputs import load_inputs
from tui.cli.parser import TABLES
from tui.cli.terminal import emit
from tui.present.printable import printable


def run_table(name: str, args: argparse.Namespace) -> int:
    """Evaluate and print one table."""
    from core import evaluate
    from core.export import provenance_lines

    catalog, assumptions = load_inputs(args)
    results = evaluate(catalog, assumptions)
    frame = results.table(name)
    title = f"{name} — preset {assumptions.preset_name}"
    if results.model is not None:
        title += f", model {results.model.name}"
    emit(frame, args, title, provenance_lines(catalog, assumptions, name), name)
    return 0


def run_validate(words: Sequence[str], args: argparse.Namespace) -> int:
    """Predicted against published measurements: the summary, each point, measured fronts
    against computed ones, or the fit of the platforms' per-layer floors. A terminal gets the
    points, the summary, then the fronts."""
    from core import evaluate
    from core.errors import InputError
    from core.export import provenance_lines
    from core.validation import calibrate_layer_latency, summary_table

    catalog, assumptions = load_inputs(args)
    view = words[0] if words else ""
    if view not in ("", "summary", "points", "fronts", "calibrate") or len(words) > 1:
        raise InputError(
            f"validate: expected summary, points, fronts or calibrate, found {' '.join(words)!r}"
        )
    results = evaluate(catalog, assumptions)
    points = results.validation
    lines = provenance_lines(catalog, assumptions, "validate")
    on_terminal = args.format in (None, "table") and sys.stdout.isatty() and not args.output
    if view == "calibrate":
        emit(calibrate_layer_latency(catalog), args, "per-layer floors fitted", lines, "validate")
        return 0
    if view == "points" or (view == "" and on_terminal):
        title = "predicted vs published measured decode speed (realistic preset)"
        emit(points, args, title, lines, "validation")
        if view == "points":
            return 0
    fronts_title = (
        "measured fronts against computed ones: factor = log-space distance of each measured "
        "point to the computed curve"
    )
    if view == "fronts":
        emit(results.validation_fronts, args, fronts_title, lines, "validate")
        return 0
    title = "how far to trust a serving figure: factor = predicted/measured or its inverse"
    emit(summary_table(points), args, title, lines, "validate")
    if view == "" and on_terminal:
        emit(results.validation_fronts, args, fronts_title, lines, "validate")
    return 0


def run_check(paths: Sequence[str]) -> int:
    """Validate catalog overlays and scenario files; one line per file."""
    from core import load_catalog, load_scenario
    from core.errors import InputError
    from core.tomlfile import read_toml

    if not paths:
        raise InputError("check: expected one or more catalog or scenario files")
    for path in paths:
        data, _ = read_toml(path, what="catalog or scenario")
        if any(key in data for key in ("assumptions", "preset", "schema_version")):
            from tui.cli.inputs import check_scenario_model

            check_scenario_model(load_scenario(path), load_catalog(), path)
            print(printable(f"ok: {path}: scenario"))
        else:
            builtin = Path(path).resolve() == _builtin_path().resolve()
            catalog = load_catalog(base=path) if builtin else load_catalog(overlays=[path])
            counts = ", ".join(
                f"{len(catalog.rows[t])} {t}s"
                for t in ("system", "accelerator", "model", "volume", "source")
            )
            print(printable(f"ok: {path}: catalog ({counts} after merging)"))
    return 0


def _builtin_path() -> Path:
    from core.catalog import builtin_catalog_path

    return builtin_catalog_path()


def run_assumptions(args: argparse.Namespace) -> int:
    """Print (or write) the effective assumptions as a scenario file."""
    from core import scenario_toml
    from core.export import write_atomically

    _, assumptions = load_inputs(args)
    text = scenario_toml(assumptions)
    if args.output:
        write_atomically(args.output, text.encode(), force=args.force)
        print(printable(f"wrote {args.output}"), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_diff(paths: Sequence[str], args: argparse.Namespace) -> int:
    """Rows and columns of a pane that change between two scenario files."""
    from core import evaluate, load_catalog, load_scenario
    from core.diff import diff_frames
    from core.errors import InputError

    if len(paths) not in (2, 3):
        raise InputError("diff: expected two scenario files and an optional table name")
    table = paths[2] if len(paths) == 3 else "fit"
    if table not in TABLES:
        raise InputError(f"diff: unknown table {table!r}; expected one of {', '.join(TABLES)}")
    catalog = load_catalog(overlays=args.catalog)
    before = evaluate(catalog, load_scenario(paths[0])).table(table)
    after = evaluate(catalog, load_scenario(paths[1])).table(table)
    emit(diff_frames(before, after), args, f"{table}: {paths[0]} → {paths[1]}", [])
    return 0


def run_app(args: argparse.Namespace, demo: bool = False) -> int:
    """Open the Textual app (or its demo walkthrough)."""
    catalog, assumptions = load_inputs(args)
    if args.plain or demo:
        os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    from tui.app import ScaleupApp

    app = ScaleupApp(
        catalog=catalog,
        assumptions=assumptions,
        overlays=tuple(args.catalog),
        demo_step_seconds=max(args.step_seconds, 0.0) if demo else None,
    )
    app.run(mouse=not args.no_mouse)
    return app.return_code or 0


def run_serve(args: argparse.Namespace) -> int:
    """Serve the app in a browser (textual-serve), on localhost unless --host says otherwise."""
    import shlex

    from core.errors import InputError

    _check_bindable(args.host, args.port)
    try:
        from textual_serve.server import Server
    except ImportError:
        raise InputError(
            "serve: needs the optional extra: pip install 'scaleup-explorer[serve]' "
            "(or pip install textual-serve)"
        ) from None
    load_inputs(args)  # refuse bad options here, not inside the browser session
    passed = [f"--catalog={c}" for c in args.catalog] + [f"--set={s}" for s in args.settings]
    for flag in ("scenario", "preset", "model", "params"):
        if getattr(args, flag):
            passed.append(f"--{flag}={getattr(args, flag)}")
    command = shlex.join([sys.executable, "-m", "tui", "--plain", *passed])
    print(printable(f"serving on http://{args.host}:{args.port} (ctrl+c stops)"), file=sys.stderr)
    try:
        Server(command, host=args.host, port=args.port, title="Scale-up Explorer").serve()
    except OSError as error:
        raise InputError(
            f"serve: cannot listen on {printable(args.host)}:{args.port} ({error.strerror})"
        ) from None
    return 0


def _check_bindable(host: str, port: int) -> None:
    """Refuse a port out of range, a host that does not resolve, or a port already taken, in
    one line, before the server starts."""
    import socket

    from core.errors import InputError

    where = f"serve: --host {printable(host)} --port {port}"
    if not 1 <= port <= 65535:
        raise InputError(f"{where}: expected a port from 1 to 65535, found {port}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"{where}: cannot resolve the host ({printable(reason)})") from None
    with socket.socket(family, kind, proto) as probe:
        try:
            probe.bind(address)
        except OSError as error:
            raise InputError(f"{where}: cannot listen there ({error.strerror})") from None


def run_screenshots(args: argparse.Namespace) -> int:
    """Regenerate the SVG screenshots into the folder named (default screenshots/); existing
    SVGs are replaced only with --force."""
    from core.errors import InputError
    from tui.screenshots import SHOTS, write_screenshots

    folder = Path(args.args[0] if args.args else "screenshots")
    label = printable(folder)
    try:
        if folder.exists() and not folder.is_dir():
            raise InputError(f"screenshots {label}: not a folder; expected a folder for the SVGs")
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"screenshots {label}: cannot create the folder ({error.strerror})"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"screenshots {label}: folder is not writable")
    existing = [folder / f"{stem}.svg" for stem, _, _ in SHOTS if (folder / f"{stem}.svg").exists()]
    if existing and not args.force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise InputError(
            f"screenshots {label}: {printable(existing[0].name)}{more} already exists; "
            "use --force to replace them"
        )
    try:
        written = write_screenshots(folder)
    except OSError as error:
        raise InputError(f"screenshots {label}: cannot write ({error.strerror})") from None
    for path in written:
        print(printable(f"wrote {path}"))
    return 0
