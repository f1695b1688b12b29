"""Rows of the benchmark table: a measured value against its budget, or information only."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

PASS, FAIL, INFO, SKIP, ERROR = "pass", "FAIL", "info", "skipped", "ERROR"
HEADERS = ("metric", "measured", "budget", "result")


@dataclass(frozen=True)
class Row:
    """One line of the table; `value`/`limit` are the raw numbers for BENCH_JSON."""

    metric: str
    measured: str
    budget: str = ""
    status: str = INFO
    value: float | None = None
    limit: float | None = None
    unit: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def format_value(value: float, unit: str, digits: int) -> str:
    if unit == "x":
        return f"{value:.{digits}f}x"
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:.{digits}f} {unit}".rstrip()


def budget_row(
    metric: str, value: float, limit: float, unit: str, digits: int = 2, note: str = ""
) -> Row:
    """A measured value that must stay under `limit`."""
    measured = format_value(value, unit, digits) + (f"  ({note})" if note else "")
    return Row(
        metric=metric,
        measured=measured,
        budget="< " + format_value(limit, unit, digits),
        status=PASS if value < limit else FAIL,
        value=value,
        limit=limit,
        unit=unit,
    )


def info_row(
    metric: str, value: float, unit: str, digits: int = 2, note: str = "", budget: str = ""
) -> Row:
    """A figure reported for context, without a budget."""
    measured = format_value(value, unit, digits) + (f"  ({note})" if note else "")
    return Row(metric=metric, measured=measured, budget=budget, value=value, unit=unit)


def flag_row(metric: str, ok: bool, measured: str, budget: str) -> Row:
    """A yes/no requirement."""
    return Row(metric=metric, measured=measured, budget=budget, status=PASS if ok else FAIL)


def error_row(metric: str, message: str) -> Row:
    return Row(metric=metric, measured=message, status=ERROR)


def skipped_row(metric: str, reason: str) -> Row:
    return Row(metric=metric, measured=reason, status=SKIP)


def render_table(rows: Sequence[Row]) -> str:
    cells = [HEADERS, *((r.metric, r.measured, r.budget, r.status) for r in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]
    lines = ["  ".join(text.ljust(widths[i]) for i, text in enumerate(line)) for line in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (the value at rank ceil(fraction * n))."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]
