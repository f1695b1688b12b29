"""The app reaches into Textual's private names in three places only, written for one version."""

from __future__ import annotations

import ast
from importlib.metadata import version

from conftest import REPO

from tui.compat import PRIVATE_USES, TEXTUAL_VERSION

# file: the private Textual names it may use (attributes, or modules under textual._)
ALLOWED = {
    "tui/compat.py": {
        "_move_page",
        "_watch__list_visible",
        "textual._node_list",
        "Screen.focused",
        "_on_focus",
        "_on_blur",
    },
    "tui/key_order.py": {"_check_bindings"},
}
TEXTUAL_PRIVATE = {"_check_bindings", "_move_page", "_watch__list_visible", "_on_focus", "_on_blur"}


def test_textual_is_the_version_the_private_uses_were_checked_against() -> None:
    installed = version("textual")
    assert installed == TEXTUAL_VERSION, (
        f"Textual {installed} is installed; the app was checked against {TEXTUAL_VERSION}. "
        "Recheck each private use, then update TEXTUAL_VERSION in tui/compat.py and the pin in "
        "pyproject.toml:\n  " + "\n  ".join(PRIVATE_USES)
    )


def test_textual_is_pinned_to_that_version() -> None:
    assert f'"textual=={TEXTUAL_VERSION}"' in (REPO / "pyproject.toml").read_text()


def private_names(path) -> set[str]:
    """Private Textual names a file uses: textual._x modules, known private attributes, and a
    redefined `focused` on a Screen subclass."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual._"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("textual._")}
        elif isinstance(node, ast.Attribute) and node.attr in TEXTUAL_PRIVATE:
            found.add(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
            node.name in TEXTUAL_PRIVATE
        ):
            found.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and ast.unparse(item.target) == "focused":
                    found.add("Screen.focused")
    return found


def test_private_textual_names_stay_in_their_three_places() -> None:
    for path in sorted((REPO / "tui").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        extra = private_names(path) - ALLOWED.get(relative, set())
        assert not extra, f"{relative} uses private Textual names {sorted(extra)}"
