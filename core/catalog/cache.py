"""A cache of the validated built-in catalog, so a headless command skips TOML parsing.

The key is a hash of the catalog file's bytes and of the modules that validate and type it,
so any edit to either misses the cache. The cache holds plain JSON (rows and where they came
from), never code; frames are rebuilt from it. Disable with SCALEUP_NO_CACHE=1. A cache that
cannot be read or written, or whose content does not validate again, is ignored as if absent
(and rebuilt): it is a file anyone can edit.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_FORMAT = 1


def cache_dir() -> Path:
    """Where cached files live."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "scaleup"


def _key(catalog_bytes: bytes) -> str:
    digest = hashlib.sha256(f"format {CACHE_FORMAT}".encode())
    digest.update(catalog_bytes)
    # Every module that reads, checks or shapes the catalog: a file added to the package
    # invalidates the cache as surely as an edit to one already there.
    here = Path(__file__).parent
    for module in (*sorted(here.glob("*.py")), here.parent / "tomlfile.py"):
        with contextlib.suppress(OSError):
            digest.update(module.name.encode())
            digest.update(module.read_bytes())
    return digest.hexdigest()[:24]


def cached_rows(
    path: Path,
    load: Callable[[], dict[str, Any]],
    usable: Callable[[Any], bool] = lambda content: isinstance(content, dict),
) -> dict[str, Any]:
    """The validated content of `path` from the cache, or from `load()` (then cached).
    A cached file for which `usable` is false (wrong shape, edited by hand) counts as absent."""
    if os.environ.get("SCALEUP_NO_CACHE"):
        return load()
    try:
        key = _key(path.read_bytes())
    except OSError:
        return load()
    target = cache_dir() / f"catalog-{key}.json"
    with contextlib.suppress(OSError, ValueError, RecursionError):
        content = json.loads(target.read_text(encoding="utf-8"))
        if usable(content):
            return content
    content = load()
    with contextlib.suppress(OSError, TypeError, ValueError):
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("catalog-*.json"):
            old.unlink(missing_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(content, stream)
            os.replace(temp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
    return content
