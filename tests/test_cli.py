import re
import subprocess
import sys
from pathlib import Path

import pytest

from dlcourse.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "dlcourse.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env)


def test_doctor_reports_a_real_environment(mirror):
    result = run("doctor")
    for name in ("python", "tensorflow", "keras", "gpu", "data files", "jupyter kernel"):
        assert name in result.stdout
    assert "3.11" in result.stdout


def test_doctor_explains_a_missing_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(tmp_path / "gone"))
    result = run("doctor")
    assert result.returncode == 1
    assert "does not exist" in result.stdout and "fix: Point DLCOURSE_DATA_DIR" in result.stdout


def test_data_where_and_verify(mirror, capsys):
    assert main(["data", "where"]) == 0
    assert str(mirror) in capsys.readouterr().out
    assert main(["data", "verify"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"mnist/train-images-idx3-ubyte.gz +ok ", out) and "0 corrupt" in out


def test_data_fetch_unknown_name(capsys):
    assert main(["data", "fetch", "cifar10"]) == 1
    assert "Unknown data set 'cifar10'" in capsys.readouterr().err


def test_data_fetch_present_set_skips_download(mirror, capsys):
    assert main(["data", "fetch", "doggy_door_images"]) == 0
    assert "ok  doggy_door_images: 3 file(s)" in capsys.readouterr().out


def test_progress_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DLCOURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    from dlcourse import progress

    progress.record("01_neuron", "relu", "pass")
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "01_neuron" in out and "relu" in out and "pass" in out and "exercises passed" in out


def test_labs_are_up_to_date():
    assert run("labs", "--check").returncode == 0
