"""`dlcourse grade` on a room with good, partial, broken, hanging and corrupt submissions."""

import csv
from pathlib import Path

import nbformat
import pytest

from dlcourse.grading import grade, write_reports

LAB = """from dlcourse.checking import Lab, expect
lab = Lab("98_room")

@lab.exercise("answer", hints=["Think."])
def _(value):
    expect(value == 42, "that is not the answer.")

@lab.exercise("double", hints=["Twice."])
def _(f):
    expect(f(2) == 4, "double(2) is wrong.")
"""


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(LAB)] + [nbformat.v4.new_code_cell(c) for c in cells]
    return nb


@pytest.fixture
def room(tmp_path):
    room = tmp_path / "room"
    for learner, cells in {
        "ada": ['lab.check("answer", 42)', 'lab.check("double", lambda x: 2 * x)'],
        "bob": ['lab.check("answer", 41)', 'lab.todo("double")', 'lab.check("double", lambda x: x)'],
        "cy": ['raise RuntimeError("boom")', 'lab.check("answer", 42)'],
        "dee": ['lab.check("answer", 42)', 'import time; time.sleep(60)', 'lab.check("double", lambda x: 2 * x)'],
    }.items():
        (room / learner).mkdir(parents=True)
        nbformat.write(notebook(*cells), room / learner / "98_room.ipynb")
    (room / "eve").mkdir()
    (room / "eve" / "98_room.ipynb").write_text("{ this is not json")
    (room / "fay").mkdir()
    (room / "fay" / "98_room.ipynb").write_bytes(b"\x89PNG\r\n")
    return room


def test_grade_a_room(room, tmp_path, capfd):
    rows = grade([room], timeout=15)
    status = {(r.learner, r.exercise): r.status for r in rows}
    assert status[("ada", "answer")] == "pass" and status[("ada", "double")] == "pass"
    assert status[("bob", "answer")] == "fail" and status[("bob", "double")] == "fail"
    assert status[("cy", "answer")] == "pass"
    assert status[("dee", "answer")] == "pass" and status[("dee", "double")] == "not attempted"
    assert status[("eve", "-")] == "error" and status[("fay", "-")] == "error"
    notes = {r.learner: r.note for r in rows}
    assert "15 s" in notes["dee"] and "not a readable notebook" in notes["eve"]
    message = {(r.learner, r.exercise): r.message for r in rows}
    assert message[("bob", "answer")] == "that is not the answer."
    assert {r.lab for r in rows if r.learner == "eve"} == {"98_room"}
    assert "running over TCP" not in capfd.readouterr().err
    csv_path, table = write_reports(rows, tmp_path / "out" / "grades.csv")
    written = list(csv.DictReader(open(csv_path)))
    assert len(written) == len(rows) and "| ada | 98_room | 2/2 |" in table
    assert "| bob | 98_room | 0/2 | 2 | 0 | 0 | answer: that is not the answer." in table
    assert (tmp_path / "out" / "grades.md").read_text().startswith("| learner")


ROOT = Path(__file__).resolve().parents[1]
NEURON = ["weighted_sum", "relu", "sigmoid", "softmax", "neuron"]


def _lab(name="labs"):
    return nbformat.read(ROOT / name / "01_neuron.ipynb", as_version=4)


def _check_cell(nb, exercise):
    return next(c for c in nb.cells if c.source.strip().startswith(f'lab.check("{exercise}"'))


def _after_import(nb, source):
    imports = next(i for i, c in enumerate(nb.cells) if "import lab" in c.source)
    nb.cells.insert(imports + 1, nbformat.v4.new_code_cell(source))
    return nb


def _forged_progress():
    nb = _lab()
    nb.cells.append(nbformat.v4.new_code_cell(
        "from dlcourse import progress\n" + "".join(f'progress.record("01_neuron", "{n}", "pass")\n' for n in NEURON)))
    return nb


def _edited_checks():
    nb = _lab()
    _check_cell(nb, "relu").source = 'print("✅ relu: correct.")'
    _check_cell(nb, "weighted_sum").source = 'lab.check("weighted_sum", lambda x, w, b: np.dot(x, w) + b)'
    nb.cells.remove(_check_cell(nb, "sigmoid"))
    return nb


PATCHES = {
    "patch_check": ("from dlcourse import progress\n"
                    "lab.check = lambda name, *a: (progress.record(lab.id, name, 'pass'), print('✅ Correct'))"),
    "patch_evaluate": ("import dlcourse.checking as c\n"
                       "c.Lab.evaluate = lambda self, name, *a, **k: c.Result(self.id, name, 'pass', '')"),
    "patch_exercise": "for e in lab.exercises.values():\n    e.check = lambda *a, **k: None",
}


@pytest.fixture(scope="module")
def neuron_room(tmp_path_factory):
    """01_neuron as handed in: solved, untouched, corrupt, and under each of the three attacks."""
    room = tmp_path_factory.mktemp("neuron_room")
    solved_without_a_check = _lab("solutions")
    solved_without_a_check.cells.remove(_check_cell(solved_without_a_check, "sigmoid"))
    submissions = {"solved": _lab("solutions"), "solved_without_a_check": solved_without_a_check,
                   "untouched": _lab(), "forged": _forged_progress(),
                   "edited": _edited_checks(),
                   **{name: _after_import(_lab(), code) for name, code in PATCHES.items()}}
    for learner, nb in submissions.items():
        (room / learner).mkdir()
        nbformat.write(nb, room / learner / "01_neuron.ipynb")
    (room / "corrupt").mkdir()
    (room / "corrupt" / "01_neuron.ipynb").write_text('{"cells": [')
    return {(r.learner, r.exercise): r for r in grade([room], timeout=60, course_root=ROOT)}


def _passed(rows, learner):
    return [e for e in NEURON if rows[(learner, e)].status == "pass"]


def test_the_solution_grades_full_marks_and_the_untouched_lab_zero(neuron_room):
    assert _passed(neuron_room, "solved") == NEURON
    assert not any(neuron_room[("solved", e)].message for e in NEURON)
    assert {neuron_room[("untouched", e)].status for e in NEURON} == {"not attempted"}


def test_a_deleted_check_cell_is_put_back_where_it_was(neuron_room):
    assert _passed(neuron_room, "solved_without_a_check") == NEURON
    assert "check cell was deleted" in neuron_room[("solved_without_a_check", "sigmoid")].message


def test_a_forged_progress_record_is_ignored_and_reported(neuron_room):
    assert _passed(neuron_room, "forged") == []
    assert all("progress file claims a pass" in neuron_room[("forged", e)].message for e in NEURON)


def test_edited_and_deleted_check_cells_are_restored_and_reported(neuron_room):
    assert _passed(neuron_room, "edited") == []
    assert "check cell was edited" in neuron_room[("edited", "relu")].message
    assert "check cell was edited" in neuron_room[("edited", "weighted_sum")].message
    assert "check cell was deleted" in neuron_room[("edited", "sigmoid")].message
    assert neuron_room[("edited", "softmax")].message == ""


@pytest.mark.parametrize("learner, report", [("patch_check", "lab.check was replaced"),
                                             ("patch_evaluate", "dlcourse.checking.Lab.evaluate was replaced"),
                                             ("patch_exercise", "the check of relu was replaced")])
def test_a_patched_check_is_defeated_and_reported(neuron_room, learner, report):
    assert _passed(neuron_room, learner) == []
    assert report in neuron_room[(learner, "relu")].message


def test_a_corrupt_course_lab_is_named_and_adds_up(neuron_room, tmp_path):
    rows = [neuron_room[("corrupt", e)] for e in NEURON]
    assert {(r.lab, r.status) for r in rows} == {("01_neuron", "error")}
    _, table = write_reports(rows, tmp_path / "grades.csv")
    assert "| corrupt | 01_neuron | 0/5 | 0 | 0 | 5 | not a readable notebook" in table


def test_the_grader_watches_the_files_its_checks_come_from():
    from dlcourse import grading

    names = {p.name for p in grading.watched_files("dlcourse.exercises.mnist_dense")}
    assert {"checking.py", "grader_cell.py", "mnist_dense.py", "keras_checks.py"} <= names


def test_grade_command_names_who_tampered(monkeypatch, tmp_path, capsys):
    from dlcourse import cli, grading
    from dlcourse.grading import GradeRow

    rows = [GradeRow("ada", "01_neuron", "relu", "pass"),
            GradeRow("bob", "01_neuron", "relu", "fail", message="tampered: lab.check was replaced")]
    monkeypatch.setattr(grading, "grade", lambda paths, timeout: rows)
    assert cli.main(["grade", str(tmp_path), "--out", str(tmp_path / "g.csv")]) == 0
    assert "Signs of tampering (see the message column) in: bob/01_neuron" in capsys.readouterr().out


def test_a_notebook_that_edits_the_course_package_gets_no_result(tmp_path, monkeypatch):
    from dlcourse import grading

    package = tmp_path / "package"
    package.mkdir()
    (package / "checks.py").write_text("def check(value): pass\n")
    monkeypatch.setattr(grading, "watched_files", lambda module: [package / "checks.py"])
    (tmp_path / "room").mkdir()
    (package / "gone.py").write_text("")
    monkeypatch.setattr(grading, "watched_files", lambda module: [package / "checks.py", package / "gone.py"])
    nbformat.write(notebook(f'open({str(package / "checks.py")!r}, "a").write("# made lenient")',
                            'lab.check("answer", 42)'), tmp_path / "room" / "98_room.ipynb")
    nbformat.write(notebook(f'import os; os.remove({str(package / "gone.py")!r})', 'lab.check("answer", 42)'),
                   tmp_path / "room" / "98_room_b.ipynb")
    rows = grade([tmp_path / "room"], timeout=30)
    assert [(r.exercise, r.status) for r in rows] == [("answer", "error"), ("answer", "error")]
    assert all("package's check files changed" in r.note for r in rows)
