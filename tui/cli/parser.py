"""The command-line contract of DESIGN.md as an argparse parser."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from core.evaluate import TABLE_NAMES

TABLES = ("catalog", *TABLE_NAMES)  # `catalog` is another name for `systems`
COMMANDS = (
    *TABLES,
    "assumptions",
    "check",
    "validate",
    "screenshots",
    "diff",
    "demo",
    "serve",
)
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line with exit 2."""

    def error(self, message: str) -> NoReturn:
        from tui.present.printable import printable

        self.exit(EXIT_BAD_INPUT, f"scaleup: error: {printable(message)} (see scaleup --help)\n")


_VALUE_OPTIONS = ("--params", "--step-seconds", "--port", "--set", "--model", "--preset")


def joined_negative_values(argv: Sequence[str]) -> list[str]:
    """`--params -5T` as `--params=-5T`: argparse takes a value starting with `-` for an
    option, so a negative count would be reported as a missing argument, not refused."""
    joined: list[str] = []
    index = 0
    while index < len(argv):
        item = argv[index]
        following = argv[index + 1] if index + 1 < len(argv) else ""
        if item in _VALUE_OPTIONS and following[:2] != "--" and following[:1] == "-":
            joined.append(f"{item}={following}")
            index += 2
            continue
        joined.append(item)
        index += 1
    return joined


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
        "diff A.toml B.toml [TABLE] compares two scenarios; validate [summary|points|calibrate] "
        "compares serving figures with published measurements; screenshots [DIR] "
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
