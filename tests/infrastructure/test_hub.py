"""The one-machine JupyterHub of deploy/, started for real on loopback.

The real jupyterhub package with configurable-http-proxy from npm, the shipped
deploy/jupyterhub_config.py unchanged (only its environment variables set): two learners log in
through the login form with the room's password, each gets their own server and their own copy
of the labs, neither can reach the other's, and stopping the hub stops everything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.infrastructure.servertools import ROOT, VENV_BIN, ensure_tools, free_port, make_demo_notebook, port_open, stop, tail, wait_for_port

pytestmark = pytest.mark.browser
PASSWORD = "workshop-room-42"


def course_source(tmp_path: Path) -> Path:
    """A snapshot of the course's labs (or one demo lab before any exist), copied like a checkout."""
    fake = tmp_path / "course"
    real = sorted((ROOT / "labs").glob("*.ipynb"))
    for lab in real:
        (fake / "labs").mkdir(parents=True, exist_ok=True)
        shutil.copy2(lab, fake / "labs" / lab.name)
    if not real:
        make_demo_notebook(fake / "labs" / "01_demo.ipynb")
    return fake


def servers_in(folder: Path) -> list[int]:
    """Processes whose working directory is inside ``folder`` (the spawner starts each in its home)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if Path(os.readlink(proc / "cwd")).is_relative_to(folder):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def login(base: str, user: str, password: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/hub/login", timeout=30)
    page.raise_for_status()
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
    response = session.post(f"{base}/hub/login?next=", data={"username": user, "password": password,
                                                            "_xsrf": xsrf}, timeout=30, allow_redirects=False)
    return session, response


def spawn_and_open(session, base: str, user: str) -> None:
    """Ask for the learner's server as the browser would, and wait until it answers."""
    session.get(f"{base}/hub/spawn/{user}", timeout=120)
    deadline = time.monotonic() + 240  # two cores shared with other tests' kernels: be patient
    while time.monotonic() < deadline:
        # Opening the learner's JupyterLab page goes through the hub's OAuth, which gives the
        # session its cookie for /user/<name>/ (API calls alone are refused without it).
        response = session.get(f"{base}/user/{user}/lab", timeout=30)
        if response.status_code == 200 and response.url.split("?")[0].endswith(f"/user/{user}/lab"):
            return
        time.sleep(1)
    raise AssertionError(f"{user}'s server did not come up: {response.status_code} {response.text[:300]}")


def test_hub_two_learners_get_their_own_labs(tmp_path):
    ensure_tools()
    import requests

    source = course_source(tmp_path)
    labs = sorted(p.name for p in (source / "labs").glob("*.ipynb"))
    state = tmp_path / "hub"
    port, api_port, hub_port = free_port(), free_port(), free_port()
    env = dict(os.environ, DLCOURSE_HUB_PASSWORD=PASSWORD, DLCOURSE_HUB_IP="127.0.0.1",
               DLCOURSE_HUB_PORT=str(port), DLCOURSE_HUB_API_PORT=str(api_port),
               DLCOURSE_HUB_HUB_PORT=str(hub_port), DLCOURSE_HUB_STATE=str(state),
               DLCOURSE_COURSE_DIR=str(source), PATH=f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}")
    log = tmp_path / "hub.log"
    with open(log, "w") as out:
        hub = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(ROOT / "deploy" / "jupyterhub_config.py")],
                               cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port, hub, 90, log)
        deadline = time.monotonic() + 60
        while requests.get(f"{base}/hub/api/", timeout=10).status_code != 200:
            assert time.monotonic() < deadline, tail(log)
            time.sleep(0.5)

        _, refused = login(base, "mallory", "not-the-password")
        assert refused.status_code == 403, "a wrong password must not log in"

        sessions = {}
        for user in ("alice", "bob"):
            session, response = login(base, user, PASSWORD)
            assert response.status_code == 302, f"{user} could not log in:\n{tail(log)}"
            sessions[user] = session
        for user, session in sessions.items():
            spawn_and_open(session, base, user)

        for user, session in sessions.items():
            listing = session.get(f"{base}/user/{user}/api/contents/labs", timeout=30)
            assert listing.status_code == 200, listing.text[:300]
            names = sorted(item["name"] for item in listing.json()["content"] if item["name"].endswith(".ipynb"))
            assert names == labs, f"{user} sees {names}, the course has {labs}"
            assert (state / "homes" / user / "labs").is_dir()
        assert len(servers_in(state / "homes")) >= 2, "each learner has a server process of their own"

        # Their own copies: a change in alice's lab is not in bob's, nor in the course.
        lab = labs[0]
        (state / "homes" / "alice" / "labs" / lab).write_text('{"cells": [], "changed": "by alice"}')
        assert "by alice" not in (state / "homes" / "bob" / "labs" / lab).read_text()
        assert "by alice" not in (source / "labs" / lab).read_text()
        # And nobody reaches another learner's server.
        peek = sessions["bob"].get(f"{base}/user/alice/api/contents/labs", timeout=30, allow_redirects=False)
        assert peek.status_code in (302, 403, 404), f"bob reached alice's files: {peek.status_code}"
        anonymous = requests.get(f"{base}/user/alice/api/contents/labs", timeout=30, allow_redirects=False)
        assert anonymous.status_code in (302, 403)

        # A learner stops their own server from the hub, as the hub's "Stop My Server" does.
        bob = sessions["bob"]
        stopped = bob.delete(f"{base}/hub/api/users/bob/server", timeout=60,
                             headers={"X-XSRFToken": bob.cookies.get("_xsrf", path="/hub/")})
        assert stopped.status_code in (202, 204), stopped.text[:300]
    finally:
        code = stop(hub)
        print(tail(log, 30))
    assert not port_open(port) and not port_open(api_port) and not port_open(hub_port)
    assert not servers_in(state / "homes"), "a learner's server outlived the hub"
    assert code in (0, -15, 143), f"the hub exited with {code}"
