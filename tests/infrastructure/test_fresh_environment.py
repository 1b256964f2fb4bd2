"""The course package as a learner gets it with no checkout: a wheel and an sdist built from the
checkout, installed with pip into a fresh venv, and three notebooks run there top to bottom, the
setup cell installing the package from the wheel.

The fresh venv sees the course venv's third-party packages (see ``freshenv``) but not the course
package, and pip runs with ``PIP_NO_INDEX``: nothing is downloaded but the build backend that
``python -m build`` puts in its isolated build environment.
"""

from __future__ import annotations

import json
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.infrastructure import freshenv

sys.path.insert(0, str(freshenv.ROOT / "tools"))
import setup_cell  # noqa: E402

PACKAGE_DATA = ("dlcourse/catalog.tsv",)
NOTEBOOKS = ("notebooks/01_neuron.ipynb",              # the first lecture
             "solutions/06_mnist_dense.ipynb",         # a Keras lab
             "solutions/12_pretrained_models.ipynb")   # a lab with pre-trained weights
NUMPY_LAB_TESTS = ("test_neuron.py", "test_linear_regression.py", "test_logistic_regression.py")


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    return freshenv.build_dists(tmp_path_factory.mktemp("dists"))


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    return freshenv.make_fresh_venv(tmp_path_factory.mktemp("fresh") / "venv")


@pytest.fixture(scope="module")
def installed(dists, fresh_venv):
    """The fresh venv with the wheel installed by a plain ``pip install`` and the kernel registered."""
    wheel, _ = dists
    result = freshenv.run_in(fresh_venv, "python", "-m", "pip", "install", str(wheel), cwd=fresh_venv)
    assert result.returncode == 0, f"pip install of the wheel failed:\n{result.stdout}\n{result.stderr}"
    kernel = freshenv.run_in(fresh_venv, "python", "-m", "ipykernel", "install", "--sys-prefix",
                             "--name", "dlcourse", cwd=fresh_venv)
    assert kernel.returncode == 0, kernel.stderr
    return fresh_venv


def test_wheel_and_sdist_carry_the_package_data(dists):
    wheel, sdist = dists
    wheel_names = set(zipfile.ZipFile(wheel).namelist())
    sdist_names = {name.split("/", 1)[1] for name in tarfile.open(sdist).getnames() if "/" in name}
    source_data = sorted(p.relative_to(freshenv.ROOT / "src").as_posix()
                         for p in (freshenv.ROOT / "src" / "dlcourse").rglob("*")
                         if p.is_file() and p.suffix not in (".py", ".pyc"))
    assert set(PACKAGE_DATA) <= set(source_data), "a file the package reads at run time is gone from src/"
    missing_wheel = [name for name in source_data if name not in wheel_names]
    missing_sdist = [name for name in source_data if f"src/{name}" not in sdist_names]
    assert not missing_wheel, f"package data missing from the wheel (pyproject package-data): {missing_wheel}"
    assert not missing_sdist, f"package data missing from the sdist: {missing_sdist}"
    assert {"README.md", "pyproject.toml"} <= sdist_names


def _outside_checkout(venv: Path) -> Path:
    """A working folder with no checkout above it: the CLI must not lean on solutions/ or _toc.yml."""
    folder = venv.parent / "learner"
    folder.mkdir(exist_ok=True)
    return folder


def test_installed_package_is_the_wheel_not_the_checkout(installed):
    result = freshenv.run_in(installed, "python", "-c", "import dlcourse; print(dlcourse.__file__)",
                             cwd=_outside_checkout(installed))
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(installed), result.stdout


def test_doctor_passes_in_the_fresh_environment(installed):
    if not freshenv.data_reachable():
        pytest.skip("no data mirror (DLCOURSE_DATA_DIR) and no network: doctor would rightly report missing data")
    result = freshenv.run_in(installed, "dlcourse", "doctor", cwd=_outside_checkout(installed))
    assert result.returncode == 0, f"dlcourse doctor found problems:\n{result.stdout}\n{result.stderr}"
    assert "Everything the course needs is in place." in result.stdout


def test_data_fetch_finds_and_verifies_in_the_fresh_environment(installed, tmp_path):
    if not freshenv.data_reachable():
        pytest.skip("no data mirror (DLCOURSE_DATA_DIR) and no network to download from")
    result = freshenv.run_in(installed, "dlcourse", "data", "fetch", "mnist", cwd=_outside_checkout(installed),
                             DLCOURSE_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    assert "ok  mnist: 4 file(s)" in result.stdout


def test_every_lab_loads_its_checks_from_the_wheel(installed):
    solutions = sorted(p.stem for p in (freshenv.ROOT / "solutions").glob("*.ipynb"))
    probe = ("import json\nfrom dlcourse.exercises import all_labs\n"
             "print(json.dumps({lab.id: sorted(lab.exercises) for lab in all_labs()}))")
    result = freshenv.run_in(installed, "python", "-c", probe, cwd=_outside_checkout(installed))
    assert result.returncode == 0, result.stderr
    labs = json.loads(result.stdout.strip().splitlines()[-1])
    assert sorted(labs) == solutions, "every solution needs its lab's checks in the installed package"
    assert all(labs.values()), f"labs without exercises: {[k for k, v in labs.items() if not v]}"


def test_lab_checks_pass_and_fail_as_in_the_checkout(installed):
    """The NumPy labs' check tests, run against the installed package instead of src/."""
    work = _outside_checkout(installed) / "checks"
    (work / "tests" / "exercises").mkdir(parents=True, exist_ok=True)
    for name in ("__init__.py", "helpers.py"):
        shutil.copy(freshenv.ROOT / "tests" / name, work / "tests" / name)
    for name in ("__init__.py", *NUMPY_LAB_TESTS):
        shutil.copy(freshenv.ROOT / "tests" / "exercises" / name, work / "tests" / "exercises" / name)
    result = freshenv.run_in(installed, "python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/exercises", cwd=work)
    assert result.returncode == 0, result.stdout[-4000:]


def _first_code_cell(notebook: dict) -> dict:
    return next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_in_a_fresh_environment_via_the_setup_cell(notebook, dists, fresh_venv, tmp_path):
    wheel, _ = dists
    if not freshenv.data_reachable():
        pytest.skip("no data mirror (DLCOURSE_DATA_DIR) and no network: the notebooks have no data")
    freshenv.uninstall_course_package(fresh_venv)
    copy = tmp_path / Path(notebook).name
    copy.write_text(setup_cell.serialize(setup_cell.with_setup_cell(json.loads((freshenv.ROOT / notebook).read_text()))))
    result = freshenv.run_in(fresh_venv, "python", "-m", "nbconvert", "--to", "notebook", "--execute",
                             "--ExecutePreprocessor.timeout=600", "--output", "executed.ipynb", str(copy),
                             cwd=tmp_path, timeout=1200, DLCOURSE_WHEEL=str(wheel))
    assert result.returncode == 0, f"{notebook} failed in the fresh environment:\n{result.stderr[-6000:]}"
    executed = json.loads((tmp_path / "executed.ipynb").read_text())
    printed = "".join("".join(output.get("text", "")) for output in _first_code_cell(executed)["outputs"])
    assert printed == f"Installed dlcourse {setup_cell.course_version()} from {wheel}.\n"


def test_binder_install_resolves_within_the_cpu_lock_offline(dists, fresh_venv):
    """What binder/requirements.txt asks for (the course with its CPU extra, under the CPU lock)
    resolves with no index: every pin it needs is the lock's, already present."""
    wheel, _ = dists
    freshenv.uninstall_course_package(fresh_venv)
    lock = freshenv.ROOT / "requirements" / "constraints-cpu.txt"
    assert freshenv.would_install(fresh_venv, "-c", str(lock), f"dlcourse[cpu] @ {wheel.as_uri()}") == ["dlcourse"]


def test_the_base_package_leaves_colabs_tensorflow_kernel_and_server_alone(dists):
    """What the setup cell installs on Colab: no TensorFlow, no kernel, no Jupyter server."""
    from email.parser import Parser

    from packaging.requirements import Requirement

    wheel, _ = dists
    with zipfile.ZipFile(wheel) as archive:
        metadata_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
    base = {Requirement(line).name for line in metadata.get_all("Requires-Dist") if "extra ==" not in line}
    assert base.isdisjoint({"tensorflow", "tensorflow-cpu", "ipykernel", "jupyterlab", "jupyter-server", "notebook"})
    assert {"keras", "numpy", "matplotlib", "ipywidgets"} <= base
