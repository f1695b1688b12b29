"""The import graph, read statically: no cycles among core/ and tui/ modules (imports inside
functions count; `if TYPE_CHECKING:` imports do not), and core's layers point one way:

    evaluate, export, query, diff, column_docs > claims | validation > formulas
    > catalog | assumptions
    > leaves (errors, units, suggest, tomlfile, table)

`catalog` and `assumptions` are siblings: neither imports the other. No core module imports
the `core` facade (core/__init__.py) or anything in tui/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "core.errors": 0,
    "core.units": 1,
    "core.suggest": 1,
    "core.tomlfile": 1,
    "core.table": 1,
    "core.catalog": 2,
    "core.assumptions": 2,
    "core.formulas": 3,
    "core.claims": 4,
    "core.evaluate": 5,
    "core.export": 5,
    "core.query": 5,
    "core.diff": 5,
    "core.column_docs": 5,
    "core.validation": 4,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_blocks(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                for inner in ast.walk(child):
                    skipped.add(id(inner))
    return skipped


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Project modules `path` imports anywhere in its body, resolved to the longest known name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_blocks(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    paths = [p for top in ("core", "tui") for p in (ROOT / top).rglob("*.py")]
    known = {module_name(p) for p in paths}
    edges = {module_name(p): imports_of(p, known) for p in paths}
    for name, targets in edges.items():
        targets.discard(name)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def layer(name: str) -> tuple[str, int]:
    for prefix, rank in sorted(LAYERS.items(), key=lambda item: -len(item[0])):
        if name == prefix or name.startswith(prefix + "."):
            return prefix, rank
    raise AssertionError(f"{name}: not placed in a layer; add it to LAYERS in this test")


def test_no_import_cycles() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_core_layers_point_down() -> None:
    wrong = []
    for source, targets in graph().items():
        if not source.startswith("core.") or source == "core":
            continue
        group, rank = layer(source)
        for target in targets:
            if target == "core" or target.startswith("tui"):
                wrong.append(f"{source} imports {target}")
                continue
            if not target.startswith("core."):
                continue
            target_group, target_rank = layer(target)
            if target_group != group and target_rank >= rank:
                wrong.append(f"{source} (layer {rank}) imports {target} (layer {target_rank})")
    assert not wrong, "\n".join(sorted(wrong))


def test_the_checker_sees_a_cycle_and_a_deferred_import(tmp_path: Path) -> None:
    # The test above cannot pass by reading nothing: a deferred import is an edge.
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from core.evaluate import evaluate\n", encoding="utf-8")
    assert imports_of(module, {"core.evaluate"}) == {"core.evaluate"}
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]


@pytest.mark.parametrize("top", ["core", "tui"])
def test_no_file_over_500_lines(top: str) -> None:
    long = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p in (ROOT / top).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert not long, "\n".join(long)
