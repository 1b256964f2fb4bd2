"""A real-browser smoke test of the course's JupyterLab.

JupyterLab from the course environment on 127.0.0.1 with a token; Debian's headless Chromium,
driven by playwright-core (tests/infrastructure/browser/smoke.mjs), opens a lab, runs all its cells from the
Run menu, and must show a rendered ipywidgets slider and a check's one-line result. Requests
without the token are refused.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from pathlib import Path

import pytest

from tests.infrastructure.servertools import BROWSER_DIR, ROOT, VENV_BIN, ensure_tools, free_port, make_demo_notebook, stop, tail, wait_for_port

pytestmark = pytest.mark.browser
CHECK_LINE = r"(✅|❌|⬜|✋) "


@pytest.fixture
def jupyterlab(tmp_path):
    """The course's JupyterLab (as ``./course lab`` starts it) on a free loopback port."""
    ensure_tools()
    root = tmp_path / "course"
    root.mkdir()
    token = secrets.token_hex(16)
    port = free_port()
    home = tmp_path / "home"
    env = dict(os.environ, HOME=str(home), DLCOURSE_HOME=str(home / ".dlcourse"), JUPYTER_TOKEN="",
               PATH=f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}")
    command = [str(VENV_BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        wait_for_port(port, server, 90, log)
        yield {"base": f"http://127.0.0.1:{port}", "token": token, "root": root, "log": log}
    finally:
        stop(server)


def drive(url: str, screenshot: Path, want_text: str, want_widget: bool, log: Path) -> dict:
    options = {"url": url, "screenshot": str(screenshot), "wantText": want_text, "wantWidget": want_widget,
               "timeoutMs": 120_000}
    run = subprocess.run(["node", str(BROWSER_DIR / "smoke.mjs"), json.dumps(options)], cwd=BROWSER_DIR,
                         capture_output=True, text=True, timeout=300)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, f"smoke.mjs printed no result:\n{run.stdout}\n{run.stderr}\n{tail(log)}"
    result = json.loads(lines[-1])
    assert result["ok"], f"{result}\nserver log:\n{tail(log)}\nscreenshot: {screenshot}"
    return result


def test_request_without_token_is_refused(jupyterlab):
    import requests

    base, token = jupyterlab["base"], jupyterlab["token"]
    assert requests.get(f"{base}/api/contents", timeout=30).status_code == 403
    assert requests.get(f"{base}/api/contents", params={"token": "wrong"}, timeout=30).status_code == 403
    page = requests.get(f"{base}/lab", timeout=30, allow_redirects=False)
    assert page.status_code == 302 and "/login" in page.headers["location"]
    assert requests.get(f"{base}/api/contents", headers={"Authorization": f"token {token}"},
                        timeout=30).status_code == 200


def test_lab_runs_in_the_browser_with_widget_and_check(jupyterlab, tmp_path):
    make_demo_notebook(jupyterlab["root"] / "labs" / "00_smoke.ipynb")
    url = f"{jupyterlab['base']}/lab/tree/labs/00_smoke.ipynb?token={jupyterlab['token']}"
    result = drive(url, tmp_path / "smoke.png", r"✅ double: correct", True, jupyterlab["log"])
    assert result["widget"] and result["text"].startswith("✅ double: correct")
    assert not [e for e in result["errors"] if "Error" in e], result["errors"]


@pytest.mark.skipif(not (ROOT / "labs" / "01_neuron.ipynb").exists(), reason="labs/01_neuron.ipynb not written yet")
def test_first_course_lab_runs_in_the_browser(jupyterlab, tmp_path):
    """The course's first lab, as a learner gets it: Run All reaches a check that reports."""
    import shutil

    shutil.copytree(ROOT / "labs", jupyterlab["root"] / "labs")
    url = f"{jupyterlab['base']}/lab/tree/labs/01_neuron.ipynb?token={jupyterlab['token']}"
    result = drive(url, tmp_path / "01_neuron.png", CHECK_LINE, False, jupyterlab["log"])
    assert result["text"]
