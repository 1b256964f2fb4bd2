"""The package's layers, read from the import statements (ast) of every module and lecture.

Widgets draw and exercises grade; what both need (reference mathematics, toy data, targets, the
training loops the lectures teach) lives in modules below both. So:

* no module of ``dlcourse.widgets`` imports ``dlcourse.exercises``, not even through another module;
* no module of ``dlcourse.exercises`` imports ``dlcourse.widgets``, not even through another module;
* no lecture in ``notebooks/`` imports ``dlcourse.exercises`` (a grader's internals), directly or
  through a package module.

Imports inside functions count too: a lazy import is still an import.
"""

from __future__ import annotations

import ast
import json
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dlcourse"
WIDGETS, EXERCISES = "dlcourse.widgets", "dlcourse.exercises"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def resolve(node: ast.ImportFrom, importer: str) -> str:
    """The absolute module name of ``from <module> import ...`` (relative imports included)."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package(importer) else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_names(tree: ast.AST, importer: str = "") -> set[str]:
    """Every module an ``import`` or ``from ... import`` names, and ``from pkg import submodule``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = resolve(node, importer)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in MODULES)
    return names


def with_parents(name: str) -> set[str]:
    """Importing ``a.b.c`` runs ``a`` and ``a.b`` too."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


@lru_cache(maxsize=None)
def direct_imports(name: str) -> frozenset[str]:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"), filename=str(MODULES[name]))
    found = set()
    for imported in imported_names(tree, name):
        found |= {n for n in with_parents(imported) if n in MODULES and n != name}
    return frozenset(found)


def reachable(start: set[str]) -> dict[str, str]:
    """Every package module ``start`` imports, directly or not: {module: the chain that imports it}."""
    chains = {name: name for name in start if name in MODULES}
    todo = list(chains)
    while todo:
        current = todo.pop()
        for name in direct_imports(current):
            if name not in chains:
                chains[name] = f"{chains[current]} -> {name}"
                todo.append(name)
    return chains


def inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def violations(start: set[str], forbidden: str) -> list[str]:
    return sorted(chain for name, chain in reachable(start).items() if inside(name, forbidden))


def test_the_import_reader_sees_every_kind_of_import():
    tree = ast.parse("import dlcourse.exercises.gans\n"
                     "from dlcourse import exercises\n"
                     "def f():\n    from dlcourse.widgets.core import explorer\n"
                     "from . import neuron\n")
    names = imported_names(tree, "dlcourse.exercises.sequences")
    assert {"dlcourse.exercises.gans", "dlcourse.exercises", "dlcourse.widgets.core",
            "dlcourse.exercises.neuron"} <= names
    assert violations({"dlcourse.widgets.reinforcement_learning"}, "dlcourse.reference") != []


@pytest.mark.parametrize("name", [n for n in MODULES if inside(n, WIDGETS)])
def test_widgets_never_import_the_exercises(name):
    assert violations({name}, EXERCISES) == [], "a widget must not depend on a grader; move what both " \
                                                "need below both (e.g. dlcourse.reference)"


@pytest.mark.parametrize("name", [n for n in MODULES if inside(n, EXERCISES)])
def test_exercises_never_import_the_widgets(name):
    assert violations({name}, WIDGETS) == [], "a grader must not depend on a widget; move what both " \
                                              "need below both (e.g. dlcourse.reference)"


SHARED = ["dlcourse.reference", "dlcourse.assessment_targets", "dlcourse.gan_training", "dlcourse.policy_gradient",
          "dlcourse.data"]


@pytest.mark.parametrize("name", SHARED)
def test_shared_modules_sit_below_widgets_and_exercises(name):
    assert name in MODULES
    assert violations({name}, WIDGETS) == [] and violations({name}, EXERCISES) == []


def code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def python_of(source: str) -> str:
    """A code cell without IPython's magics and shell escapes (which are not Python)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


LECTURES = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", LECTURES, ids=[p.name for p in LECTURES])
def test_lectures_never_import_a_grader(path):
    imported = set()
    for number, source in enumerate(code_cells(path)):
        tree = ast.parse(python_of(source), filename=f"{path.name}, code cell {number}")
        imported |= {n for n in imported_names(tree) if inside(n, "dlcourse")}
    direct = sorted(n for n in imported if inside(n, EXERCISES))
    assert direct == [], f"{path.name} imports {direct}: a lecture takes what it shows from a non-grader module"
    assert violations({p for n in imported for p in with_parents(n)}, EXERCISES) == []
