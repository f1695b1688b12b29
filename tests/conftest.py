"""Shared fixtures: the built-in catalog, presets, a small catalog writer, a deterministic TUI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
# The built-in catalog cache goes to a folder of this test run, not the user's ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="scaleup-test-cache-")

from core import Assumptions, load_catalog

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture
def seed() -> Assumptions:
    return Assumptions.preset("seed")


@pytest.fixture
def write(tmp_path: Path):
    """Write text to a file in a temporary folder and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
        return path

    return _write


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `scaleup` in a subprocess, output captured (stdout is a pipe, so CSV by default)."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=120,
    )
