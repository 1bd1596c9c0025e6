"""The packages of report/ are layers in the order the data flows, and each imports only from
the layers before it (README: Layout of the code): an import from a later layer, or a cycle,
fails here, with the file and line that make it."""

from __future__ import annotations

import ast
from pathlib import Path

from .helpers import ROOT

PACKAGE = ROOT / "report"
# base → content → design → render → pdf → builder → tools → cli
LAYERS = ("base", "content", "design", "render", "pdf", "builder", "tools", "cli")


def layer_of(module: str) -> int | None:
    """The layer of a module `report.<package>…`; None for report's own top (version, main)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "report" or parts[1] not in LAYERS:
        return None
    return LAYERS.index(parts[1])


def module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, int]]:
    """Every module of report/ that `path` imports, with the line (TYPE_CHECKING imports too:
    they tie the layers together as much as the others do)."""
    return imports_in(path.read_text(encoding="utf-8"), module_of(path), path.name)


def imports_in(text: str, module: str, name: str) -> list[tuple[str, int]]:
    """`imports` of the source `text` of `module` (file `name`)."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against this module's package
                package = module.split(".")
                if name != "__init__.py":
                    package = package[:-1]
                base = ".".join(package[: len(package) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return [(target, line) for target, line in found if target.startswith("report.")]


def test_every_package_of_report_is_a_layer() -> None:
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert packages == set(LAYERS)


def test_no_module_imports_from_a_later_layer() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = layer_of(module_of(path))
        if own is None:
            continue
        for name, line in imports(path):
            other = layer_of(name)
            if other is not None and other > own:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert upward == []


def test_the_checker_sees_an_upward_import() -> None:
    """The check above can fail: a content module importing the builder is found, and a
    relative import is resolved to its layer."""
    text = "from report.builder import run\nfrom . import yamlio\n"
    names = [name for name, _ in imports_in(text, "report.content.model", "model.py")]
    assert "report.builder.run" in names and "report.content.yamlio" in names
    assert layer_of("report.builder.run") == LAYERS.index("builder")
    assert layer_of("report.content.model") == LAYERS.index("content")


def imported_modules(path: Path) -> set[str]:
    """The modules of report/ that `path` imports, anywhere in it (an import inside a
    function, deferred for speed, ties two modules together as much as any other)."""
    modules = {module_of(p) for p in PACKAGE.rglob("*.py")}
    found = set()
    for name, _ in imports(path):
        while name and name not in modules:  # `report.content.model.Content` -> the module
            name = name.rpartition(".")[0]
        if name and name != module_of(path):
            found.add(name)
    return found


def cycles_in(graph: dict[str, set[str]]) -> list[str]:
    """Every cycle a depth-first walk of `graph` (module -> the modules it imports) meets."""
    cycles: list[str] = []
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph.get(module, ())):
            if state.get(other) == "open":
                cycles.append(" -> ".join([*trail[trail.index(other) :], other]))
            elif other not in state:
                visit(other, [*trail, other])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_import_cycle() -> None:
    graph = {module_of(path): imported_modules(path) for path in PACKAGE.rglob("*.py")}
    assert cycles_in(graph) == []


def test_the_checker_sees_a_cycle() -> None:
    assert cycles_in({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a -> b -> c -> a"]
