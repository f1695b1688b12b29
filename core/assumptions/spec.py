"""What one assumption is: its unit, valid range, steps and help, and how a value is parsed,
checked and stepped. Declared once per knob; the TUI form, `--set`, scenario files and the
help screen all go through these methods."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from core.errors import AssumptionError

SUFFIX_RANGE = 1e4  # knobs whose range reaches this far accept k / M / bn suffixes
_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "g": 1e9, "t": 1e12}
_SUFFIXED = re.compile(r"([0-9][0-9.,]*)\s*(k|m|bn|b|g|t)", re.IGNORECASE)

# Storage formats by name: bits per value including block-scale overhead.
PRECISIONS: dict[str, tuple[float, str]] = {
    "bf16": (16.0, "BF16"),
    "fp8": (8.0, "FP8, per-tensor scales"),
    "mxfp8": (8.25, "MXFP8: 8 bits + one 8-bit scale per 32 values"),
    "nvfp4": (4.5, "NVFP4: 4 bits + one FP8 scale per 16 values"),
    "mxfp4": (4.25, "MXFP4: 4 bits + one 8-bit scale per 32 values"),
    "int4": (4.0, "INT4, scales not counted"),
}


# Commas only between groups of three digits: `1,000` or `-12,345.5`, never `4,5`.
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


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

    def parse(self, raw: str, where: str) -> Any:
        """Turn text typed by a user into a value of this kind, or explain why not."""
        if self.kind in ("choice", "text"):
            return raw
        if self.unit == "bits" and raw.strip().lower() in PRECISIONS:
            return PRECISIONS[raw.strip().lower()][0]
        text = raw.replace("_", "").strip()
        scale = 1.0
        if self.high >= SUFFIX_RANGE and self.unit not in ("T params", "year"):
            # Counts and money typed as people write them: 128k tokens, 1M seqs, $2B, 3bn.
            if self.unit == "USD":
                text = text.removeprefix("$")
            match = _SUFFIXED.fullmatch(text)
            if match:
                text, scale = match.group(1), _SCALES[match.group(2).lower()]
        if "," in text:
            if not _THOUSANDS.fullmatch(text):
                raise AssumptionError(
                    f"{where}: expected {self.expected()}, found {raw!r}: a comma is read only "
                    "as a thousands separator (1,000,000); write a decimal with a point (4.5)"
                )
            text = text.replace(",", "")
        try:
            return float(text) * scale
        except ValueError:
            names = f" or a format ({', '.join(PRECISIONS)})" if self.unit == "bits" else ""
            raise AssumptionError(
                f"{where}: expected {self.expected()} ({self.unit or 'no unit'}){names}, "
                f"found {raw!r}"
            ) from None

    def check(self, value: Any, where: str) -> Any:
        """`value` in this spec's type, or an AssumptionError naming `where`."""
        if self.kind == "text":
            if not isinstance(value, str):
                raise AssumptionError(f"{where}: expected text, found {value!r}")
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise AssumptionError(f"{where}: expected {self.expected()}, found {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise AssumptionError(f"{where}: expected {self.expected()}, found {value!r}")
        number = float(value)
        if not math.isfinite(number) or not self.low <= number <= self.high:
            unit = f" {self.unit}" if self.unit else ""
            raise AssumptionError(f"{where}: expected {self.expected()}{unit}, found {value!r}")
        if self.kind == "int":
            if not number.is_integer():
                raise AssumptionError(f"{where}: expected {self.expected()}, found {value!r}")
            return int(number)
        return number

    def stepped(self, value: Any, direction: int, big: bool = False) -> Any:
        """The value one step (or big step) away, clamped to the valid range; choices cycle."""
        if self.kind == "choice":
            index = (self.choices.index(value) + direction) % len(self.choices)
            return self.choices[index]
        step = self.big_step if big else self.step
        new = min(self.high, max(self.low, value + direction * step))
        return round(new) if self.kind == "int" else round(new, 10)


def knob(
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
