"""The setup cell: in every lecture, solution and lab, first; and its logic, run in subprocesses
with and without the course package importable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dlcourse.labgen import make_lab
from tests.infrastructure import freshenv

sys.path.insert(0, str(freshenv.ROOT / "tools"))
import setup_cell  # noqa: E402

RUN_THE_TOOL = "run `python tools/setup_cell.py` (then `./course labs`) once the notebooks are final"


def _first_code_cell(notebook: dict) -> dict:
    return next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")


def _notebook(*cells: dict) -> dict:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _code(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": source[:8], "metadata": {},
            "outputs": [], "source": source}


def _markdown(source: str) -> dict:
    return {"cell_type": "markdown", "id": source[:8], "metadata": {}, "source": source}


def test_every_lecture_and_solution_starts_with_the_current_setup_cell():
    stale = setup_cell.apply(setup_cell.course_notebooks(), check=True)
    assert not stale, f"{len(stale)} notebook(s) lack the current setup cell, e.g. {stale[0]}: {RUN_THE_TOOL}"


def test_every_lab_starts_with_the_setup_cell_without_output():
    labs = sorted((freshenv.ROOT / "labs").glob("*.ipynb"))
    wrong = [lab.name for lab in labs
             if "".join(_first_code_cell(json.loads(lab.read_text()))["source"]) != setup_cell.cell_source()]
    assert not wrong, f"{len(wrong)} lab(s) without the setup cell first, e.g. {wrong[0]}: {RUN_THE_TOOL}"


def test_the_lab_generator_keeps_the_cell_first_and_clears_its_output():
    exercise = _code("# BEGIN SOLUTION a\nx = 1\n# END SOLUTION\n")
    solution = setup_cell.with_setup_cell(_notebook(_markdown("# Lab"), exercise))
    first = _first_code_cell(make_lab(solution))
    assert "".join(first["source"]) == setup_cell.cell_source()
    assert first["outputs"] == []


def test_the_cell_goes_before_the_first_code_cell_once_and_the_tool_is_idempotent():
    stale_cell = setup_cell.setup_cell() | {"source": "old setup"}
    notebook = _notebook(_markdown("# Title"), _code("import dlcourse"), stale_cell)
    updated = setup_cell.with_setup_cell(notebook)
    kinds = [("setup" if setup_cell.is_setup_cell(c) else c["cell_type"]) for c in updated["cells"]]
    assert kinds == ["markdown", "setup", "code"]
    assert setup_cell.with_setup_cell(updated) == updated


def test_the_tool_writes_then_check_passes(tmp_path):
    path = tmp_path / "lecture.ipynb"
    path.write_text(setup_cell.serialize(_notebook(_code("import dlcourse"))))
    assert setup_cell.main(["--check", str(path)]) == 1
    assert setup_cell.main([str(path)]) == 0
    assert setup_cell.main(["--check", str(path)]) == 0


def test_the_stored_output_is_what_nbval_compares():
    cell = setup_cell.setup_cell()
    (output,) = cell["outputs"]
    assert output["output_type"] == "stream" and output["name"] == "stdout"
    assert "".join(output["text"]) == setup_cell.installed_line()
    assert cell["execution_count"], "nbval fails a cell with outputs but no execution count as 'unrun'"


def test_nbval_passes_the_cell_where_the_course_is_installed(tmp_path):
    notebook = tmp_path / "setup_only.ipynb"
    notebook.write_text(setup_cell.serialize(setup_cell.with_setup_cell(
        _notebook() | {"metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}})))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", str(notebook)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 passed" in result.stdout


def test_the_cell_pins_the_course_version_from_the_configured_repository():
    source = setup_cell.cell_source()
    version, repository = setup_cell.course_version(), setup_cell.repository_url()
    assert f'"dlcourse @ git+{repository}@v{version}"' in source
    assert len(source.splitlines()) <= 10, "keep the setup cell short"


def test_the_cell_does_nothing_where_the_course_is_installed(tmp_path):
    result = subprocess.run([sys.executable, "-c", setup_cell.cell_source()], capture_output=True, text=True,
                            cwd=tmp_path, env=freshenv.course_env(DLCOURSE_WHEEL="/nonexistent/never-used.whl"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == setup_cell.installed_line()


@pytest.fixture(scope="module")
def wheel_and_bare_venv(tmp_path_factory):
    wheel, _ = freshenv.build_dists(tmp_path_factory.mktemp("dists"))
    return wheel, freshenv.make_fresh_venv(tmp_path_factory.mktemp("bare") / "venv")


def test_the_cell_installs_the_package_where_it_is_missing_then_does_nothing(wheel_and_bare_venv, tmp_path):
    wheel, venv = wheel_and_bare_venv
    then_import = setup_cell.cell_source() + "\nimport dlcourse\nprint(dlcourse.__file__)"
    first = freshenv.run_in(venv, "python", "-c", then_import, cwd=tmp_path, DLCOURSE_WHEEL=str(wheel))
    assert first.returncode == 0, first.stderr
    installed_line, module_file = first.stdout.splitlines()
    assert installed_line == f"Installed dlcourse {setup_cell.course_version()} from {wheel}."
    assert Path(module_file).is_relative_to(venv), "the cell's install must be importable in the same process"
    again = freshenv.run_in(venv, "python", "-c", setup_cell.cell_source(), cwd=tmp_path, DLCOURSE_WHEEL=str(wheel))
    assert again.stdout == setup_cell.installed_line()


def test_the_cell_leaves_installed_dependencies_alone(wheel_and_bare_venv):
    """Where the dependencies are present at versions the course accepts, pip installs only dlcourse
    (Colab: TensorFlow, Keras, matplotlib are not reinstalled unless older than the course needs)."""
    wheel, venv = wheel_and_bare_venv
    freshenv.uninstall_course_package(venv)
    assert freshenv.would_install(venv, str(wheel)) == ["dlcourse"]
