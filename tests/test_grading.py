"""`dlcourse grade` on a room with good, partial, broken, hanging and corrupt submissions."""

import csv

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


def test_grade_a_room(room, tmp_path):
    rows = grade([room], timeout=15)
    status = {(r.learner, r.exercise): r.status for r in rows}
    assert status[("ada", "answer")] == "pass" and status[("ada", "double")] == "pass"
    assert status[("bob", "answer")] == "fail" and status[("bob", "double")] == "fail"
    assert status[("cy", "answer")] == "pass"
    assert status[("dee", "answer")] == "pass" and status[("dee", "double")] == "not attempted"
    assert status[("eve", "-")] == "error" and status[("fay", "-")] == "error"
    notes = {r.learner: r.note for r in rows}
    assert "15 s" in notes["dee"] and "not a readable notebook" in notes["eve"]
    csv_path, table = write_reports(rows, tmp_path / "out" / "grades.csv")
    written = list(csv.DictReader(open(csv_path)))
    assert len(written) == len(rows) and "| ada | 98_room | 2/2 |" in table
    assert (tmp_path / "out" / "grades.md").read_text().startswith("| learner")
