"""Helpers for the tests that start real servers on loopback (hub, JupyterLab, browser)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROWSER_DIR = ROOT / "tests" / "infrastructure" / "browser"
VENV_BIN = Path(sys.executable).parent
_installed: list[str] = []


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_tools() -> None:
    """Run tests/infrastructure/browser/install.sh once per session; skip (with its reason) if it cannot install."""
    if _installed:
        if _installed[0] != "ok":
            pytest.skip(_installed[0])
        return
    env = dict(os.environ, DLCOURSE_VENV=str(VENV_BIN.parent))
    result = subprocess.run(["bash", str(BROWSER_DIR / "install.sh")], env=env, capture_output=True,
                            text=True, timeout=900)
    if result.returncode != 0:
        _installed.append("the browser/hub tools could not be installed (no network?): "
                          + (result.stderr.strip().splitlines() or ["unknown error"])[-1])
        pytest.skip(_installed[0])
    _installed.append("ok")


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}:\n{tail(log)}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listened on 127.0.0.1:{port} after {timeout} s:\n{tail(log)}")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def tail(log: Path | None, lines: int = 60) -> str:
    if log is None or not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def stop(process: subprocess.Popen, timeout: float = 30) -> int:
    """SIGTERM the process group we started, then SIGKILL what is left of it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    return process.returncode


def make_demo_notebook(path: Path) -> Path:
    """A small notebook like a lab: dlcourse imported, a slider widget, a graded check."""
    import nbformat

    cells = [
        nbformat.v4.new_markdown_cell("# Smoke lab\nA widget and a check, as in every lab."),
        nbformat.v4.new_code_cell(
            "import ipywidgets as widgets\n"
            "import dlcourse\n"
            "from dlcourse.checking import Lab, expect\n"
            "lab = Lab('00_smoke')\n\n"
            "@lab.exercise('double', hints=['Multiply by two.'])\n"
            "def _(f):\n"
            "    expect(f(21) == 42, 'f(21) should be 42.')"),
        nbformat.v4.new_code_cell("widgets.IntSlider(value=3, min=0, max=10, description='neurons')"),
        nbformat.v4.new_code_cell("def double(x):\n    return 2 * x"),
        nbformat.v4.new_code_cell("lab.check('double', double)"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "dlcourse", "display_name": "Deep Learning Course (Python 3.11)",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path
