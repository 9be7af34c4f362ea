"""Facts a reviewer checks about the code's shape (issue 28): no import cycle between nerx's
modules, no private name imported from another module, a thin command line."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = {("nerx." + p.stem if p.stem != "__init__" else "nerx"): p
           for p in (ROOT / "nerx").glob("*.py")}


def _imports(path: Path) -> set[tuple[str, str]]:
    """(module, name) for every nerx import in the file, at any depth."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nerx"):
            for alias in node.names:
                if node.module == "nerx" and ("nerx." + alias.name) in MODULES:
                    found.add(("nerx." + alias.name, ""))
                else:
                    found.add((node.module, alias.name))
        elif isinstance(node, ast.Import):
            found |= {(alias.name, "") for alias in node.names if alias.name.startswith("nerx.")}
    return found


def test_no_import_cycle_between_nerx_modules() -> None:
    graph = {name: {module for module, _ in _imports(path)} - {name}
             for name, path in MODULES.items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in graph.get(start, ()):
            if step == goal or (step not in seen and reaches(step, goal, seen | {step})):
                return True
        return False

    assert not [name for name in graph if reaches(name, name, {name})]


def test_no_private_name_is_imported_from_another_module() -> None:
    files = [*MODULES.values(), *(ROOT / "models" / "scripts").glob("*.py"),
             *(ROOT / "benchmarks").glob("*.py")]
    private = sorted(f"{path.name}: {module}.{name}" for path in files
                     for module, name in _imports(path) if name.startswith("_")
                     and name != "__version__")
    assert private == []


def test_the_command_line_is_thin() -> None:
    source = (ROOT / "nerx" / "cli.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 500
    tree = ast.parse(source)
    commands = [node for node in tree.body if isinstance(node, ast.FunctionDef)
                and any("command" in ast.unparse(d) for d in node.decorator_list)]
    assert len(commands) == 7
    assert {c.name: c.end_lineno - c.lineno + 1 for c in commands  # type: ignore[operator]
            if c.end_lineno - c.lineno + 1 > 40} == {}  # type: ignore[operator]


def test_the_keyword_options_are_the_options_fields() -> None:
    from dataclasses import fields

    from nerx.options import OptionChanges, Options

    assert set(OptionChanges.__annotations__) == {f.name for f in fields(Options)}
