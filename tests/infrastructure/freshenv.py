"""A fresh virtual environment without the course package, for the wheel and setup-cell tests.

Downloading TensorFlow at test time is slow, so the fresh environment sees the course venv's
third-party packages through a filtered overlay: a folder of links to every entry of the course
venv's site-packages except the course package itself (its editable hook and dist-info). The
overlay is listed in a ``.pth`` file; ``.pth`` files inside it are not processed, so nothing of
the checkout's ``src/`` is importable there. :func:`assert_no_course_package` proves it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE_SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
SHARED_DATA = ROOT.parent / "shared" / "data"


def _is_course_package(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(("dlcourse", "__editable__.dlcourse", "__editable___dlcourse"))


def make_overlay(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for entry in COURSE_SITE_PACKAGES.iterdir():
        if not _is_course_package(entry.name) and not entry.name.endswith(".pth"):
            (folder / entry.name).symlink_to(entry)
    return folder


def python_of(venv: Path) -> Path:
    return venv / "bin" / "python"


def make_fresh_venv(venv: Path) -> Path:
    """A new venv with pip, the course's third-party packages visible, and no ``dlcourse``."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    overlay = make_overlay(venv.parent / f"{venv.name}-overlay")
    site = subprocess.run([str(python_of(venv)), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # Appended after the venv's own site-packages: the venv's pip wins over the overlay's.
    Path(site, "zz_course_third_party.pth").write_text(f"{overlay}\n")
    assert_no_course_package(venv)
    return venv


def assert_no_course_package(venv: Path) -> None:
    probe = ("import importlib.util, importlib.metadata as m, sys\n"
             "spec = importlib.util.find_spec('dlcourse')\n"
             "names = [d.metadata['Name'] for d in m.distributions() if (d.metadata['Name'] or '').lower() == 'dlcourse']\n"
             "sys.exit(f'dlcourse is visible: {spec and spec.origin} {names}' if spec or names else 0)\n")
    result = subprocess.run([str(python_of(venv)), "-c", probe], capture_output=True, text=True, cwd=venv)
    assert result.returncode == 0, f"the fresh venv must not see the course package: {result.stderr}"


def uninstall_course_package(venv: Path) -> None:
    run_in(venv, "python", "-m", "pip", "uninstall", "--yes", "dlcourse", cwd=venv)
    assert_no_course_package(venv)


def would_install(venv: Path, *requirements: str) -> list[str]:
    """The distributions ``pip install`` (offline) would add to ``venv`` for ``requirements``."""
    report = venv.parent / f"{venv.name}-pip-report.json"
    result = run_in(venv, "python", "-m", "pip", "install", "--dry-run", "--quiet", "--report", str(report),
                    *requirements, cwd=venv)
    assert result.returncode == 0, f"pip cannot resolve {requirements} offline:\n{result.stderr[-3000:]}"
    return [item["metadata"]["name"] for item in json.loads(report.read_text())["install"]]


def build_dists(out: Path) -> tuple[Path, Path]:
    """``python -m build`` (sdist, then the wheel from the sdist) from a copy of the sources."""
    source = out / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out / "dist"), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"python -m build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    (wheel,) = (out / "dist").glob("dlcourse-*.whl")
    (sdist,) = (out / "dist").glob("dlcourse-*.tar.gz")
    return wheel, sdist


def course_env(**extra: str) -> dict[str, str]:
    """The environment for commands in the fresh venv: offline pip, the local data mirror if any."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", TF_CPP_MIN_LOG_LEVEL="3")
    if "DLCOURSE_DATA_DIR" not in env and SHARED_DATA.is_dir():
        env["DLCOURSE_DATA_DIR"] = str(SHARED_DATA)
    env.update(extra)
    return env


def data_reachable() -> bool:
    """The course data can be had: an offline mirror, or the network the notebooks download from."""
    from dlcourse.doctor import network_available

    return bool(course_env().get("DLCOURSE_DATA_DIR")) or network_available()


def run_in(venv: Path, *args: str, cwd: Path, timeout: float = 600, **env: str) -> subprocess.CompletedProcess:
    command = [str(venv / "bin" / args[0]), *args[1:]]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=timeout, env=course_env(**env))
