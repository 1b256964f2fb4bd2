"""One stem per chapter: modules and their tests are named for the lab id without its number."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dlcourse"
CHAPTERS = {p.stem.split("_", 1)[-1] for p in (ROOT / "notebooks").glob("*.ipynb")}
SHARED_WIDGETS = {"core", "learning_curves", "mistakes", "playground"}  # each used by several chapters
CROSS_CUTTING_TESTS = {"test_layers.py", "test_layout.py"}  # test the package as a whole


def modules(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}


def test_exercise_modules_are_named_for_their_lab():
    labs = {p.stem.split("_", 1)[1] for p in (ROOT / "solutions").glob("*.ipynb")}
    assert modules(PACKAGE / "exercises") == labs


def test_widget_modules_are_named_for_their_chapter_or_shared():
    strays = modules(PACKAGE / "widgets") - CHAPTERS - SHARED_WIDGETS
    assert not strays, f"widget modules named for no chapter: {sorted(strays)}"


def test_shared_widgets_are_shared():
    lectures = [p.read_text() for p in (ROOT / "notebooks").glob("*.ipynb")]
    for name in SHARED_WIDGETS - {"core"}:
        users = sum(bool(re.search(rf"dlcourse\.widgets\.{name}\b", text)) for text in lectures)
        assert users >= 2, f"widgets/{name}.py is used by {users} lecture(s): name it for its chapter"


def test_tests_mirror_the_package():
    for folder in ("exercises", "widgets"):
        tested = {p.stem.removeprefix("test_") for p in (ROOT / "tests" / folder).glob("test_*.py")}
        untested = modules(PACKAGE / folder) - tested
        assert not untested, f"src/dlcourse/{folder}/ modules without tests/{folder}/test_<name>.py: {sorted(untested)}"
        extra = tested - modules(PACKAGE / folder) - {"lab_contract"}
        assert not extra, f"tests/{folder}/ files that name no module: {sorted(extra)}"
    top = {p.name for p in (ROOT / "tests").glob("test_*.py")} - CROSS_CUTTING_TESTS
    extra = {name for name in top if name.removeprefix("test_").removesuffix(".py") not in modules(PACKAGE)}
    assert not extra, f"tests/ files that name no module of the package: {sorted(extra)}"
