"""The layers' rules, read from the code: imports flow one way, and no module imports itself in a circle.

Every import counts: at the top of a module, inside a function (lazy), and
under ``TYPE_CHECKING``. The one place allowed to import against the flow is
``costcalc/notebook.py``, the notebook and REPL hooks of result classes.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "costcalc"

# Higher imports lower, never the other way. Modules at the top of the package are the bottom layer.
LAYERS = {
    "costcalc.__main__": 8,
    "costcalc.cli": 7,
    "costcalc": 6,  # the library's front door: loads tables by name, then calls the layers below
    "costcalc.render": 5,
    "costcalc.workload_files": 4,
    "costcalc.model": 3,
    "costcalc.catalog": 2,
}
BOTTOM = 1
HOOK = "costcalc.notebook"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    if module in LAYERS:
        return LAYERS[module]
    for prefix, rank in sorted(LAYERS.items(), key=lambda item: -len(item[0])):
        if prefix != "costcalc" and module.startswith(prefix + "."):
            return rank
    return BOTTOM


def imports_of(path: Path) -> set[str]:
    """Every costcalc module ``path`` imports, wherever in the file the import stands."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "costcalc"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            if base.split(".")[0] != "costcalc":
                continue
            for alias in node.names:  # ``from costcalc.render import words`` imports a module
                submodule = f"{base}.{alias.name}"
                found.add(submodule if (PACKAGE.parent / submodule.replace(".", "/")).exists() else base)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_the_walk_sees_lazy_and_type_checking_imports() -> None:
    edges = graph()
    assert "costcalc.render.terminal" in edges["costcalc.render"]  # imported inside render()
    assert "costcalc.workload_files.check" in edges["costcalc.render.words"]  # under TYPE_CHECKING
    assert "costcalc.cli.compare" not in edges["costcalc.cli"]  # named in a string, loaded by click


def test_imports_flow_one_way() -> None:
    against = [
        f"{module} ({layer(module)}) imports {target} ({layer(target)})"
        for module, targets in graph().items()
        for target in targets
        if layer(target) > layer(module) and module != HOOK
    ]
    assert against == []


def test_only_the_notebook_hook_reaches_up() -> None:
    hook = graph()[HOOK]
    assert hook and all(target.startswith("costcalc.render") for target in hook)


def test_no_module_imports_itself_in_a_circle() -> None:
    edges = {module: targets for module, targets in graph().items() if module != HOOK}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import circle: " + " -> ".join([*path[path.index(module) :], module]))
        if module in done:
            return
        for target in sorted(edges.get(module, ())):
            if target != "costcalc":  # the package's front door sits above everything it names
                visit(target, [*path, module])
        done.add(module)

    for module in sorted(edges):
        visit(module, [])


def test_model_and_catalog_never_import_render_or_cli() -> None:
    for module, targets in graph().items():
        if module.startswith(("costcalc.model", "costcalc.catalog")):
            assert not {t for t in targets if t.startswith(("costcalc.render", "costcalc.cli"))}, module
