"""core computes without any UI library; headless commands never load Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

FORBIDDEN = ("textual", "rich")


def loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport sys\n"
        f"print('loaded:' + ','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    assert out.startswith("loaded:")
    return [m for m in out.removeprefix("loaded:").split(",") if m]


@pytest.mark.parametrize(
    "module", ["core", "core.claims", "core.export", "core.evaluate", "core.query", "core.diff"]
)
def test_core_imports_no_ui(module: str) -> None:
    assert loaded_after(f"import {module}") == []


def test_evaluate_loads_no_ui() -> None:
    code = (
        "from core import load_catalog, Assumptions, evaluate\n"
        "r = evaluate(load_catalog(), Assumptions.preset('seed').replace(params_t=20.0))\n"
        "r.claims"
    )
    assert loaded_after(code) == []


def test_headless_csv_command_loads_no_textual() -> None:
    code = (
        "import io, contextlib\nfrom tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['fit', '--params', '20T', '--format', 'csv'])"
    )
    assert "textual" not in loaded_after(code)
