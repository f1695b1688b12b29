"""'Did you mean' hints for unknown names: one rule for every message that names a typo."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """` (did you mean 'x'?)` for the closest known name, or an empty string."""
    import difflib  # only on the error path

    match = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return f" (did you mean {match[0]!r}?)" if match else ""
