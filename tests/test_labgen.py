import json

import nbformat
import pytest

from dlcourse import labgen

SOLUTION_CELL = """import numpy as np

def relu(x):
    # BEGIN SOLUTION relu
    y = np.maximum(0, x)
    return y
    # END SOLUTION

# BEGIN SOLUTION scale
x = 2 * 3
# END SOLUTION"""


def solution_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lab\nDo it."),
                nbformat.v4.new_code_cell(SOLUTION_CELL, execution_count=3,
                                          outputs=[nbformat.v4.new_output("stream", text="hi")]),
                nbformat.v4.new_code_cell("print('answer')", metadata={"tags": ["solution-only"]})]
    return json.loads(nbformat.writes(nb))


def test_blanks_keep_indentation_and_name_the_exercise():
    source = labgen.blank_source(SOLUTION_CELL)
    assert '    lab.todo("relu")  # YOUR CODE HERE' in source
    assert '\nlab.todo("scale")  # YOUR CODE HERE' in source
    assert "np.maximum" not in source and "2 * 3" not in source and "def relu(x):" in source


@pytest.mark.parametrize("bad, words", [
    ("# BEGIN SOLUTION a\nx = 1", "never closed"),
    ("x = 1\n# END SOLUTION", "without BEGIN"),
    ("# BEGIN SOLUTION a\n# BEGIN SOLUTION b\n# END SOLUTION", "inside the block"),
])
def test_bad_markers_are_reported(bad, words):
    with pytest.raises(labgen.MarkerError, match=words):
        labgen.blank_source(bad)


def test_round_trip_and_check_mode(tmp_path):
    (tmp_path / "solutions").mkdir()
    solution = solution_notebook()
    (tmp_path / "solutions" / "01_x.ipynb").write_text(labgen.serialize(solution))
    assert labgen.generate(tmp_path) == []
    lab = json.loads((tmp_path / "labs" / "01_x.ipynb").read_text())
    assert len(lab["cells"]) == 2 and lab["cells"][0] == solution["cells"][0]
    assert lab["cells"][1]["outputs"] == [] and lab["cells"][1]["execution_count"] is None
    assert labgen.exercises_in(solution) == ["relu", "scale"]
    assert labgen.generate(tmp_path, check=True) == []
    (tmp_path / "labs" / "01_x.ipynb").write_text(labgen.serialize(solution))
    assert "out of date" in labgen.generate(tmp_path, check=True)[0]
    (tmp_path / "labs" / "02_orphan.ipynb").write_text("{}")
    assert any("no solution" in p for p in labgen.generate(tmp_path, check=True))


def test_serialize_matches_nbformat(tmp_path):
    solution = solution_notebook()
    nbformat.write(nbformat.from_dict(solution), tmp_path / "a.ipynb")
    assert (tmp_path / "a.ipynb").read_text() == labgen.serialize(solution)


def test_solution_code_is_stored_for_lab_solution_and_kept_up_to_date(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "01_x.ipynb").write_text(labgen.serialize(solution_notebook()))
    assert labgen.generate(tmp_path) == []
    stored = json.loads((tmp_path / labgen.SOLUTION_CODE).read_text())
    assert set(stored["01_x"]) == {"relu", "scale"}
    assert all("SOLUTION" not in code and not code.startswith(" ") for code in stored["01_x"].values())
    (tmp_path / labgen.SOLUTION_CODE).write_text("{}")
    assert any("solutions.json is out of date" in p for p in labgen.generate(tmp_path, check=True))
