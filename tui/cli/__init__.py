"""The `scaleup` command line: parse, evaluate with core, print. Never imports Textual unless
the app itself is opened (headless commands start fast and work without a terminal).

parser: the options; inputs: catalog and assumptions from them; commands: one function per
command; terminal: how a table is printed or written."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from tui.cli.commands import (
    run_app,
    run_assumptions,
    run_check,
    run_diff,
    run_screenshots,
    run_serve,
    run_table,
    run_validate,
)
from tui.cli.inputs import load_inputs
from tui.cli.parser import COMMANDS, EXIT_BAD_INPUT, TABLES, build_parser, joined_negative_values

__all__ = ["build_parser", "load_inputs", "main"]


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
    if command == "validate":
        return run_validate(args.args, args)
    if command == "screenshots":
        return run_screenshots(args)
    import difflib

    match = difflib.get_close_matches(command, COMMANDS, n=1)
    hint = f" (did you mean {match[0]!r}?)" if match else ""
    raise InputError(
        f"unknown table or command {command!r}{hint}; expected one of " + ", ".join(COMMANDS)
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `scaleup` console script."""
    args = build_parser().parse_args(joined_negative_values(sys.argv[1:] if argv is None else argv))
    from core.errors import InputError

    try:
        return dispatch(args)
    except InputError as error:
        from tui.present.printable import printable

        print(f"scaleup: error: {printable(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `scaleup fit | head`: the reader left; not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
