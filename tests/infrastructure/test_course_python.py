"""`./course setup` refuses a Python the lock cannot install, in one line, before touching pip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_PYTHON = Path("/usr/bin/python3.11")


def _setup_with(python: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": python, "DLCOURSE_VENV": str(tmp_path / "venv")}
    return subprocess.run([str(ROOT / "course"), "setup"], capture_output=True, text=True, env=env, timeout=60)


def _old_python(tmp_path: Path) -> Path:
    """A python3.11 that reports 3.11.2, as Debian 12's own does, whatever runs the tests."""
    fake = tmp_path / "python3.11"
    fake.write_text("#!/bin/sh\n"
                    '[ "$1" = --version ] && { echo "Python 3.11.2"; exit 0; }\n'
                    f'exec {sys.executable} -c "import sys; sys.version_info = (3, 11, 2, \'final\', 0); '
                    'exec(sys.argv[1])" "$2"\n')
    fake.chmod(0o755)
    return fake


def _assert_refused(result: subprocess.CompletedProcess, found: str) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "3.11.5 or later" in lines[0] and f"found: Python {found}" in lines[0]
    assert "PYTHON=" in lines[0] and "pyenv" in lines[0]


def test_setup_rejects_python_older_than_3_11_5(tmp_path):
    result = _setup_with(str(_old_python(tmp_path)), tmp_path)
    _assert_refused(result, "3.11.2")
    assert not (tmp_path / "venv").exists()


@pytest.mark.skipif(not DEBIAN_PYTHON.exists(), reason="no Debian python3.11 at /usr/bin on this machine")
def test_setup_rejects_debian_12_system_python(tmp_path):
    version = subprocess.run([str(DEBIAN_PYTHON), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    if tuple(map(int, version.split("."))) >= (3, 11, 5):
        pytest.skip(f"/usr/bin/python3.11 is {version}, new enough for the lock")
    _assert_refused(_setup_with(str(DEBIAN_PYTHON), tmp_path), version)
