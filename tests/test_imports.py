"""The layers, read from the source with `ast`: kg never imports app; kg's modules import each other in no circle."""

import ast
from pathlib import Path

from kg import paths

KG = paths.ROOT / "kg"


def module_name(path: Path) -> str:
    """The dotted name of a module file of the checkout (a package is its __init__)."""
    parts = path.relative_to(paths.ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> set[str]:
    """Which of `modules` a file imports, at its top or in a function (`from a import b`: a.b if a module, else a)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(filter(None, [base, node.module or ""]))
            names |= {f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module for a in node.names}
    return names & modules


def graph(root: Path = KG) -> dict[str, set[str]]:
    """The modules under a folder and the ones among them each imports."""
    files = {module_name(p): p for p in root.rglob("*.py")}
    return {name: imported(path, set(files)) - {name} for name, path in files.items()}


def circle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle among the modules, as the list of its modules, or None when there is none."""
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> list[str] | None:
        """Depth first; a module met again while still on the trail closes a circle."""
        state[name] = "open"
        for other in sorted(edges[name]):
            if state.get(other) == "open":
                return trail[trail.index(other) :] + [other] if other in trail else [name, other]
            if other not in state and (found := visit(other, trail + [other])):
                return found
        state[name] = "done"
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_kg_never_imports_app():
    app = set(graph(paths.ROOT / "app"))
    for path in KG.rglob("*.py"):
        wrong = sorted(imported(path, app | {"app"}))
        assert not wrong, f"{path.relative_to(paths.ROOT)} imports {wrong}: kg is the library, app is built on it"


def test_kg_modules_import_each_other_in_no_circle():
    found = circle(graph())
    assert found is None, " -> ".join(found or [])


def test_circle_finds_a_circle_and_no_false_one():
    assert circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
