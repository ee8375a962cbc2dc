"""The import graph: the core reads top to bottom, with no module importing its importers."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "reviewctl"


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Every import between reviewctl's modules, at any level (lazy and typing-only too)."""
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1]
                        + ([base] if base else [])
                    )
                # ``from package import module`` depends on that module, not on the package's
                # other modules; any other name depends on the module it comes from
                subs = [f"{base}.{a.name}" for a in node.names]
                targets = [t for t in subs if t in modules]
                if len(targets) < len(subs):
                    targets.append(base)
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_model_and_structure_do_not_import_each_other() -> None:
    graph = import_graph()
    assert "reviewctl.model" not in graph["reviewctl.structure"]


def test_no_import_cycles_in_export() -> None:
    graph = import_graph()
    inside = {
        name: {t for t in targets if t.startswith("reviewctl.export.")}
        for name, targets in graph.items()
        if name.startswith("reviewctl.export.")
    }
    assert cycles(inside) == []


def test_no_import_cycle_through_the_core() -> None:
    """model, structure, parse, config, archive, index and batch form no cycle."""
    core = {
        "reviewctl.model", "reviewctl.structure", "reviewctl.parse", "reviewctl.prose",
        "reviewctl.archive", "reviewctl.index", "reviewctl.batch", "reviewctl.fs",
        "reviewctl.cache", "reviewctl.listing", "reviewctl.search",
    }  # fmt: skip
    graph = import_graph()
    inside = {name: graph[name] & core for name in core}
    assert cycles(inside) == []


def _calls(name: str) -> list[str]:
    """Where in ``src/`` a callable named ``name`` is called (``name(…)`` or ``x.name(…)``)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = node.func
                if (isinstance(called, ast.Name) and called.id == name) or (
                    isinstance(called, ast.Attribute) and called.attr == name
                ):
                    found.append(f"{_module(path)}:{node.lineno}")
    return found


def test_one_process_pool_and_one_markdown_it_construction() -> None:
    """One batch runner starts worker processes; one module sets markdown-it up."""
    pools = _calls("ProcessPoolExecutor") + _calls("Pool") + _calls("Process")
    assert [where.split(":")[0] for where in pools] == ["reviewctl.batch"]
    assert [where.split(":")[0] for where in _calls("MarkdownIt")] == ["reviewctl.mdit"]
