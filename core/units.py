"""Parsing human-written quantities such as `20T` or `1.5e15` parameters."""

from __future__ import annotations

import math
import re

from core.errors import InputError

_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12, "q": 1e15, "p": 1e15}
_PARAMS_RE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([kmbgtqp]?)\s*$", re.IGNORECASE)


def parse_params(text: str) -> float:
    """Return a parameter count from `400B`, `20T`, `1.5Q` or `1.5e15`."""
    match = _PARAMS_RE.match(text)
    if not match and text.strip().startswith("-"):
        raise InputError(f"--params: a parameter count cannot be negative, found {text!r}")
    if not match:
        raise InputError(
            f"--params: expected a parameter count such as 400B, 20T or 1.5e15, found {text!r}"
        )
    value = float(match.group(1)) * _SUFFIX[match.group(2).lower()]
    if not math.isfinite(value) or value < 1e6 or value > 1e18:
        raise InputError(
            f"--params: expected between 1M and 1e18 parameters, found {text!r} ({value:.3g})"
        )
    return value


def format_params(count: float) -> str:
    """Short human form of a parameter count: 671B, 20.7T, 1.4Q."""
    for suffix, scale in (("Q", 1e15), ("T", 1e12), ("B", 1e9), ("M", 1e6)):
        if count >= scale:
            return f"{count / scale:.3g}{suffix}"
    return f"{count:.3g}"
