"""The `scaleup` command line: parse, evaluate with core, print. Never imports Textual unless
the app itself is opened (headless commands start fast and work without a terminal)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from core.evaluate import TABLE_NAMES

TABLES = ("catalog", *TABLE_NAMES)  # `catalog` is another name for `systems`
COMMANDS = (*TABLES, "assumptions", "check", "screenshots", "diff", "demo", "serve")
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line with exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"scaleup: error: {message} (see scaleup --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The command-line contract of DESIGN.md."""
    parser = _Parser(
        prog="scaleup",
        description="Which AI models fit in which scale-up systems, how fast they serve, what "
        "they cost, and when each system is available to whom.",
        epilog="commands: (none) opens the app; demo walks through it; serve shows it in a "
        "browser; "
        + " | ".join(TABLES)
        + " print a table; assumptions prints the scenario TOML; check FILE... validates; "
        "diff A.toml B.toml [TABLE] compares two scenarios; screenshots [DIR] "
        "regenerates the SVGs.",
    )
    parser.add_argument(
        "command",
        nargs="?",
        help="a table, assumptions, check, diff or screenshots; none opens the app",
    )
    parser.add_argument("args", nargs="*", help="files for check/diff, folder for screenshots")
    parser.add_argument(
        "--catalog",
        action="append",
        default=[],
        metavar="FILE",
        help="overlay a user catalog on the built-in one (repeatable)",
    )
    parser.add_argument("--scenario", metavar="FILE", help="load assumptions from a TOML file")
    parser.add_argument("--preset", metavar="NAME", help="start from a named preset")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="settings",
        help="override one assumption (repeatable)",
    )
    parser.add_argument("--model", metavar="ID", help="catalog model for the fit/cost panes")
    parser.add_argument("--params", metavar="N", help="hypothetical model size: 20T, 400B, 1.5e15")
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json", "markdown", "parquet"),
        help="default: table on a terminal, csv when piped",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE atomically")
    parser.add_argument("--force", action="store_true", help="let -o replace an existing file")
    parser.add_argument(
        "--no-comments", action="store_true", help="no '# assumptions' header lines in CSV files"
    )
    parser.add_argument("--plain", action="store_true", help="app: no animations")
    parser.add_argument(
        "--step-seconds",
        type=float,
        default=8.0,
        metavar="S",
        help="demo: seconds per step (0: advance with space only)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="serve: address to bind")
    parser.add_argument("--port", type=int, default=8000, help="serve: port")
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="app: leave the mouse to the terminal (native selection)",
    )
    return parser


def load_inputs(args: argparse.Namespace):  # -> tuple[Catalog, Assumptions]
    """Catalog and assumptions from the command-line options, in the documented order:
    preset, then scenario, then --model/--params, then each --set."""
    from core import Assumptions, load_catalog, load_scenario
    from core.units import parse_params

    catalog = load_catalog(overlays=args.catalog)
    assumptions = Assumptions.preset(args.preset or "seed")
    if args.scenario:
        assumptions = load_scenario(args.scenario, base=assumptions if args.preset else None)
    if args.model:
        assumptions = assumptions.replace(model_id=args.model, params_t=0.0)
    if args.params:
        assumptions = assumptions.replace(params_t=parse_params(args.params) / 1e12, model_id="")
    assumptions = assumptions.with_settings(args.settings)
    if assumptions.model_id and assumptions.model_id not in catalog.rows["model"]:
        from core.workload import resolve_model

        resolve_model(catalog.models, assumptions)  # raises the located "no model" error
    return catalog, assumptions


def columns_that_fit(frame, width: int, cap: int = 30) -> list[str]:
    """Leading columns whose natural widths fit `width` terminal cells (at least two)."""
    from tui.present.formatting import format_value

    chosen, used = [], 1
    for column in frame.columns:
        cells = [len(format_value(column, v)) for v in frame[column].to_list()]
        natural = min(max([len(column), *cells]), max(cap, len(column))) + 3
        if used + natural > width and len(chosen) >= 2:
            break
        chosen.append(column)
        used += natural
    return chosen


def print_rich_table(frame, title: str, table_name: str, console=None) -> None:
    """A Rich table on the terminal: the leading columns that fit, and a note of the rest."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tui.present.columns import DISPLAY_COLUMNS, leading
    from tui.present.formatting import format_value, is_numeric

    console = console or Console()
    ordered = leading(frame, DISPLAY_COLUMNS.get(table_name, ()))
    # The name beside it says the same as an id column; the id stays in csv/json output.
    for id_column, name in (
        ("system_id", "system"),
        ("model_id", "model"),
        ("accelerator_id", "accelerator"),
    ):
        if id_column in ordered.columns and name in ordered.columns:
            ordered = ordered.drop(id_column)
    shown = columns_that_fit(ordered, console.width)
    table = Table(title=title, header_style="bold", show_lines=False, pad_edge=False)
    for column in shown:
        numeric = is_numeric(ordered, column)
        table.add_column(
            column,
            justify="right" if numeric else "left",
            no_wrap=True,
            overflow="ellipsis",
            max_width=None if numeric else 30,
        )
    estimates = (
        [c == "estimate" for c in ordered["confidence"].to_list()]
        if "confidence" in ordered.columns
        else [False] * ordered.height
    )
    for estimate, row in zip(estimates, ordered.select(shown).iter_rows(), strict=True):
        cells = [Text(format_value(c, v)) for c, v in zip(shown, row, strict=True)]
        if estimate:  # marked as in the app: a tilde before the name, in italics
            cells[0] = Text("~" + cells[0].plain, style="italic")
        table.add_row(*cells)
    console.print(table)
    hidden = [c for c in ordered.columns if c not in shown]
    if hidden:
        console.print(
            Text(
                f"{len(hidden)} more columns ({', '.join(hidden[:6])}"
                f"{', ...' if len(hidden) > 6 else ''}): widen the terminal, or use "
                "--format csv or json",
                style="dim",
            )
        )


def emit(
    frame, args: argparse.Namespace, title: str, comments: list[str], table_name: str = ""
) -> None:
    """Print or write a table in the chosen format."""
    from core.export import format_for_path, render, write_atomically

    if args.output:
        fmt = (
            args.format if args.format and args.format != "table" else format_for_path(args.output)
        )
        data = render(frame, fmt, None if args.no_comments else comments)
        written = write_atomically(args.output, data, force=args.force)
        print(f"wrote {frame.height} rows to {written}", file=sys.stderr)
        return
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "table":
        print_rich_table(frame, title, table_name)
        return
    if fmt == "parquet":
        from core.errors import InputError

        raise InputError("--format parquet: binary output needs -o FILE.parquet")
    sys.stdout.write(render(frame, fmt).decode())
    sys.stdout.flush()


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


def run_check(paths: Sequence[str]) -> int:
    """Validate catalog overlays and scenario files; one line per file."""
    from core import load_catalog, load_scenario
    from core.catalog import read_toml
    from core.errors import InputError

    if not paths:
        raise InputError("check: expected one or more catalog or scenario files")
    for path in paths:
        data, _ = read_toml(path, what="input")
        if any(key in data for key in ("assumptions", "preset", "schema_version")):
            load_scenario(path)
            print(f"ok: {path}: scenario")
        else:
            builtin = Path(path).resolve() == _builtin_path().resolve()
            catalog = load_catalog(base=path) if builtin else load_catalog(overlays=[path])
            counts = ", ".join(
                f"{len(catalog.rows[t])} {t}s"
                for t in ("system", "accelerator", "model", "volume", "source")
            )
            print(f"ok: {path}: catalog ({counts} after merging)")
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
        print(f"wrote {args.output}", file=sys.stderr)
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
    print(f"serving on http://{args.host}:{args.port} (ctrl+c stops)", file=sys.stderr)
    Server(command, host=args.host, port=args.port, title="Scale-up Explorer").serve()
    return 0


def dispatch(args: argparse.Namespace) -> int:
    """Run the command named on the command line."""
    from core.errors import InputError

    command = args.command
    if command is None:
        return run_app(args)
    if command in TABLES:
        if args.args:
            raise InputError(f"{command}: unexpected argument {args.args[0]!r}")
        return run_table(command, args)
    if command == "assumptions":
        return run_assumptions(args)
    if command == "check":
        return run_check(args.args)
    if command == "diff":
        return run_diff(args.args, args)
    if command == "demo":
        return run_app(args, demo=True)
    if command == "serve":
        return run_serve(args)
    if command == "screenshots":
        from tui.screenshots import write_screenshots

        folder = args.args[0] if args.args else "screenshots"
        for path in write_screenshots(Path(folder)):
            print(f"wrote {path}")
        return 0
    import difflib

    match = difflib.get_close_matches(command, COMMANDS, n=1)
    hint = f" (did you mean {match[0]!r}?)" if match else ""
    raise InputError(
        f"unknown table or command {command!r}{hint}; expected one of " + ", ".join(COMMANDS)
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `scaleup` console script."""
    args = build_parser().parse_args(argv)
    from core.errors import InputError

    try:
        return dispatch(args)
    except InputError as error:
        print(f"scaleup: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `scaleup fit | head`: the reader left; not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
