"""What every lab promises, checked once for all of them.

Each lab id (a solved lab in solutions/) has its generated lab in labs/ and its checks in
``dlcourse.exercises.<stem>`` (the id without its number); the exercise names of the checks are the
solution's markers, in order; every exercise has hints and a check called ``_check_<exercise>``;
junk never crashes a check; the stored solution shows every check passing; an untouched blank
reports "not attempted". The tests next to this file test what is particular to each lab.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
from pathlib import Path

import numpy as np
import pytest

from dlcourse import labgen
from dlcourse.exercises import all_labs
from tests.helpers import raises

ROOT = Path(__file__).resolve().parents[2]
LAB_IDS = sorted(p.stem for p in (ROOT / "solutions").glob("*.ipynb"))
IMPORT = re.compile(r"from dlcourse\.exercises\.(\w+) import [\w, ]*\blab\b")

JUNK = [None, "text", 42, -1.5, np.zeros((3, 3)), [object()], raises,
        lambda *a, **k: None, lambda *a, **k: "text", lambda *a, **k: np.zeros(7),
        lambda *a, **k: np.zeros((4, 4)), lambda *a, **k: [object()], lambda *a, **k: (1.0,),
        lambda *a, **k: (None, "b"), lambda *a, **k: (np.zeros(3), None), lambda *a, **k: {"W1": "x"}]


def stem(lab_id: str) -> str:
    return lab_id.split("_", 1)[1]


def solution(lab_id: str) -> dict:
    return json.loads((ROOT / "solutions" / f"{lab_id}.ipynb").read_text())


def code(notebook: dict) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")


def lab_of(lab_id: str):
    return importlib.import_module(f"dlcourse.exercises.{stem(lab_id)}").lab


def check_arity(exercise) -> int:
    parameters = inspect.signature(exercise.check).parameters.values()
    return sum(p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD for p in parameters)


def cases():
    return [(lab_id, name) for lab_id in LAB_IDS for name in lab_of(lab_id).exercises]


def function_written(notebook: dict, name: str) -> str | None:
    """The name of the ``def`` whose body is the solution of ``name``, if it is one."""
    for cell in notebook["cells"]:
        lines = "".join(cell["source"]).split("\n") if cell["cell_type"] == "code" else []
        for number, line in enumerate(lines):
            marker = labgen.BEGIN.match(line)
            if marker and marker["name"] == name and marker["indent"]:
                outer = [l for l in lines[:number] if l.strip() and len(l) - len(l.lstrip()) < len(marker["indent"])]
                header = re.match(r"\s*def (\w+)", outer[-1]) if outer else None
                return header[1] if header else None
    return None


def test_every_lab_module_has_a_solved_lab():
    assert sorted(lab.id for lab in all_labs()) == LAB_IDS


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_lab_id_names_its_module_notebooks_and_tests(lab_id):
    imported = IMPORT.findall(code(solution(lab_id)))
    assert imported == [stem(lab_id)], f"solutions/{lab_id}.ipynb should import the lab of dlcourse.exercises.{stem(lab_id)}"
    assert lab_of(lab_id).id == lab_id
    assert (ROOT / "labs" / f"{lab_id}.ipynb").is_file()
    assert (ROOT / "tests" / "exercises" / f"test_{stem(lab_id)}.py").is_file()


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_generated_lab_is_up_to_date(lab_id):
    expected = labgen.serialize(labgen.make_lab(solution(lab_id)))
    assert (ROOT / "labs" / f"{lab_id}.ipynb").read_text() == expected, "run ./course labs"


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_exercises_are_the_solution_markers_in_order(lab_id):
    markers = list(dict.fromkeys(labgen.exercises_in(solution(lab_id))))
    exercises = list(lab_of(lab_id).exercises)
    assert set(markers) <= set(exercises), f"markers with no check: {set(markers) - set(exercises)}"
    assert markers == [name for name in exercises if name in markers]
    # an exercise without a marker grades what earlier exercises made (a trained model, a comparison)
    assert exercises[0] in markers


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_every_exercise_has_hints_and_a_check_named_for_it(lab_id):
    for name, exercise in lab_of(lab_id).exercises.items():
        assert exercise.hints and all(isinstance(h, str) and h.strip() for h in exercise.hints), name
        assert exercise.check.__name__ == f"_check_{name}", exercise.check.__name__


def solution_lines_given_away(hints: list[str], solution_code: str) -> list[str]:
    """Lines of the solution (16 characters or more, spaces ignored) that a hint spells out."""
    squeeze = lambda text: re.sub(r"\s+", "", text)
    lines = {squeeze(line) for line in solution_code.splitlines() if not line.strip().startswith("#")}
    return sorted(line for line in lines if len(line) >= 16 and any(line in squeeze(h) for h in hints))


def test_a_hint_that_spells_out_the_code_is_caught():
    code = "x = images.reshape(len(images), -1)\nreturn x.astype('float32') / 255\n"
    assert solution_lines_given_away(["`return x.astype( 'float32' ) / 255`"], code)
    assert not solution_lines_given_away(["Flatten each image, then scale the pixels to [0, 1]."], code)


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_hints_guide_without_giving_the_code(lab_id):
    """Hints say what to look at; the code itself is behind ``lab.solution(name)``, on purpose."""
    stored = json.loads((ROOT / "src" / "dlcourse" / "solutions.json").read_text()).get(lab_id, {})
    for name, exercise in lab_of(lab_id).exercises.items():
        given = solution_lines_given_away(exercise.hints, stored.get(name, ""))
        assert not given, f"{lab_id} {name}: a hint spells out solution code {given}"


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_stored_solution_shows_every_check_passing(lab_id):
    notebook = solution(lab_id)
    shown = "".join("".join(output.get("text", "")) for cell in notebook["cells"] if cell["cell_type"] == "code"
                    for output in cell.get("outputs", []))
    for name in lab_of(lab_id).exercises:
        assert f'lab.check("{name}"' in code(notebook), f"no check cell for {name}"
        assert f"✅ {name}: correct" in shown, f"the stored solution does not show {name} passing"


@pytest.mark.parametrize("lab_id, name", cases())
def test_untouched_blank_is_not_attempted(lab_id, name):
    lab = lab_of(lab_id)

    def blank(*args, **kwargs):
        lab.todo(name)

    arity = max(1, check_arity(lab.exercises[name]))
    assert lab.evaluate(name, *[...] * arity).status == "not attempted"
    parameters = list(inspect.signature(lab.exercises[name].check).parameters)
    if function_written(solution(lab_id), name) == parameters[0]:  # the check is handed that function
        assert lab.evaluate(name, blank, *[...] * (arity - 1)).status == "not attempted"


@pytest.mark.parametrize("lab_id, name", cases())
def test_junk_never_crashes_a_check(lab_id, name, mirror):
    lab = lab_of(lab_id)
    arity = max(1, check_arity(lab.exercises[name]))
    for junk in JUNK:
        result = lab.evaluate(name, *[junk] * arity)
        assert result.status == "fail", (junk, result)
        assert result.message and "checking your answer raised" not in result.message, (junk, result.message)


@pytest.mark.notebook
@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_fresh_lab_stops_at_its_first_blank(lab_id, mirror):
    from dlcourse.running import run_notebook

    first = labgen.exercises_in(solution(lab_id))[0]
    result = run_notebook(ROOT / "labs" / f"{lab_id}.ipynb", timeout=300)
    assert result.error.startswith(f"ExerciseNotDone: Exercise '{first}' is not done yet"), result.error
