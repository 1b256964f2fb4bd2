"""The course image, checked without a Docker engine: hadolint, and the Dockerfile's promises.

Every file it copies exists (and is not excluded by .dockerignore), every command it runs is the
project's own (./course, deploy/ scripts, the project's lock files), the user is not root,
tini is the init, JupyterLab always has a token, the healthcheck script works, the data step can
be skipped, and the GPU lock is the CPU lock with TensorFlow's CUDA build.
"""

from __future__ import annotations

import fnmatch
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "deploy"))


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):
            continue
        current += line.rstrip("\\").strip() + " "
        if not line.endswith("\\"):
            logical.append(current.strip())
            current = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1]) for text in logical]


def args() -> dict[str, str]:
    return dict(value.split("=", 1) for kind, value in instructions() if kind == "ARG" and "=" in value)


def expand(text: str) -> str:
    values = args()
    return re.sub(r"\$\{?(\w+)\}?", lambda m: values.get(m.group(1), m.group(0)), text)


def test_hadolint_passes_with_every_ignore_explained():
    result = subprocess.run([str(BIN / "hadolint"), "--no-color", "Dockerfile"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    for number, line in enumerate(lines):
        for rule in re.findall(r"hadolint ignore=([\w,]+)", line):
            for code in rule.split(","):
                explanation = "\n".join(lines[max(0, number - 4):number])
                assert code in explanation, f"line {number + 1}: ignoring {code} needs a comment saying why"


def test_base_user_init_token_healthcheck():
    steps = instructions()
    kinds = [kind for kind, _ in steps]
    base = expand(dict(steps)["FROM"])
    assert re.fullmatch(r"python:3\.11[\w.-]*", base), f"Python 3.11 base expected, got {base}"
    users = [expand(value) for kind, value in steps if kind == "USER"]
    assert users and users[-1] not in ("0", "root"), "the image must end as a non-root user"
    assert kinds.index("USER") > max(i for i, k in enumerate(kinds) if k == "RUN"), "no RUN after USER"
    entrypoint = dict(steps)["ENTRYPOINT"]
    assert '"tini"' in entrypoint
    assert "HEALTHCHECK" in kinds and "deploy/healthcheck.py" in dict(steps)["HEALTHCHECK"]
    assert dict(steps)["CMD"] == '["start-course.sh"]'
    assert "EXPOSE" in kinds and "8888" in dict(steps)["EXPOSE"]
    assert not re.search(r"token=(''|\"\"|\s|$)", (ROOT / "Dockerfile").read_text())


def test_copied_files_exist_and_are_not_ignored():
    ignore = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    for kind, value in instructions():
        if kind != "COPY":
            continue
        parts = [p for p in value.split() if not p.startswith("--")]
        for source in parts[:-1]:
            assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"
            assert not any(fnmatch.fnmatch(source.rstrip("/"), pattern) for pattern in ignore), source
    for needed in (".venv", "**/node_modules", ".git", "_build"):
        assert needed in ignore, f".dockerignore should exclude {needed}"


def test_commands_are_the_projects_own():
    runs = " ".join(value for kind, value in instructions() if kind == "RUN")
    assert "./course setup --gpu" in runs, "the environment comes from the project's own setup command"
    for path in re.findall(r"((?:requirements|deploy)/[\w./-]+)", runs):
        assert (ROOT / path).exists(), f"the Dockerfile uses {path}, which does not exist"
    course = (ROOT / "course").read_text()
    assert 'lock="requirements/constraints-$variant.txt"' in course and "--gpu) variant=gpu" in course
    assert os.access(ROOT / "course", os.X_OK)
    for script in ("deploy/start-course.sh", "deploy/bake-data.sh"):
        assert os.access(ROOT / script, os.X_OK), f"{script} must be executable"
        subprocess.run(["bash", "-n", str(ROOT / script)], check=True)
    # The data step is optional and on by default.
    assert args()["FETCH_DATA"] == "1" and '[ "${FETCH_DATA}" = "1" ]' in runs
    # The start script is reachable by name (Zero-to-JupyterHub and DockerSpawner call it).
    assert "ln -s /opt/dlcourse/course/deploy/start-course.sh /usr/local/bin/start-course.sh" in runs


def test_baked_data_covers_every_downloadable_data_set():
    from dlcourse import data

    text = (ROOT / "deploy" / "bake-data.sh").read_text()
    baked = set(re.search(r"groups=\(([^)]*)\)", text).group(1).split())
    downloadable = {name for name, entries in data.groups().items() if all(e.url for e in entries)}
    assert baked == downloadable, f"bake-data.sh fetches {sorted(baked)}, the catalog has {sorted(downloadable)}"
    assert "/opt/dlcourse/data" in text and data.CONTAINER_DATA_DIR == Path("/opt/dlcourse/data")
    assert 'KERAS_HOME="$target/keras"' in text  # data.keras_home() looks for <data dir>/keras/models


def fake_bin(tmp_path: Path) -> Path:
    """A PATH folder whose `jupyter` and `jupyterhub-singleuser` print how they were called."""
    folder = tmp_path / "bin"
    if folder.exists():
        return folder
    folder.mkdir()
    for name in ("jupyter", "jupyterhub-singleuser"):
        tool = folder / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*"\n')
        tool.chmod(0o755)
    os.symlink(sys.executable, folder / "python")
    return folder


def start(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    base = {"PATH": f"{fake_bin(tmp_path)}:/usr/bin:/bin", "HOME": str(tmp_path / "home"),
            "DLCOURSE_COURSE_DIR": str(ROOT)}
    return subprocess.run(["bash", str(ROOT / "deploy" / "start-course.sh"), *argv], env={**base, **env},
                          capture_output=True, text=True, timeout=60)


def test_start_script_opens_the_course_with_a_token(tmp_path):
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    called = result.stdout.strip()
    assert called.startswith("jupyter lab ") and "--ServerApp.ip=0.0.0.0" in called
    assert "token" not in called, "JupyterLab keeps its own token (random, or $JUPYTER_TOKEN)"
    first = re.search(r'"\$@" (notebooks/\S+\.ipynb)', (ROOT / "course").read_text()).group(1)
    assert f"--LabApp.default_url=/lab/tree/{first}" in called, "opens what ./course lab opens"
    labs = sorted(p.name for p in (ROOT / "labs").glob("*.ipynb"))
    assert sorted(p.name for p in (tmp_path / "home" / "labs").glob("*.ipynb")) == labs


def test_start_script_refuses_an_empty_token_and_serves_jupyterhub(tmp_path):
    refused = start(tmp_path, JUPYTER_TOKEN="")
    assert refused.returncode == 2 and "never runs JupyterLab without a token" in refused.stderr
    hub = start(tmp_path, JUPYTERHUB_API_TOKEN="from-the-hub")
    assert hub.returncode == 0 and hub.stdout.startswith("jupyterhub-singleuser")
    other = start(tmp_path, "jupyter", "--version")
    assert other.stdout.strip() == "jupyter --version"


def test_fresh_labs_copies_once_and_never_overwrites(tmp_path):
    from fresh_labs import provision

    source = tmp_path / "course"
    (source / "labs" / ".ipynb_checkpoints").mkdir(parents=True)
    (source / "labs" / "01.ipynb").write_text("original")
    (source / "labs" / ".ipynb_checkpoints" / "01-checkpoint.ipynb").write_text("x")
    home = tmp_path / "home"
    assert [p.name for p in provision(home, source)] == ["01.ipynb"]
    (home / "labs" / "01.ipynb").write_text("the learner's work")
    (source / "labs" / "02.ipynb").write_text("new lab")
    assert [p.name for p in provision(home, source)] == ["02.ipynb"]
    assert (home / "labs" / "01.ipynb").read_text() == "the learner's work"
    assert not (home / "labs" / ".ipynb_checkpoints").exists()


def test_healthcheck_script(tmp_path):
    class Api(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/user/ann/api" else 404)
            self.end_headers()

        def log_message(self, *a):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    script = [sys.executable, str(ROOT / "deploy" / "healthcheck.py")]
    try:
        hub = {"JUPYTERHUB_SERVICE_URL": f"http://0.0.0.0:{port}/user/ann/"}
        assert subprocess.run(script, env={**os.environ, **hub}).returncode == 0
        assert subprocess.run(script, env={**os.environ, "JUPYTER_PORT": str(port)},
                              capture_output=True).returncode == 1
    finally:
        server.shutdown()


def pins(path: Path) -> dict[str, str]:
    from packaging.utils import canonicalize_name

    result = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split(";")[0].strip().split("==")
            result[canonicalize_name(name)] = version
    return result


def test_gpu_lock_is_the_cpu_lock_with_cuda_tensorflow():
    cpu, gpu = pins(ROOT / "requirements/constraints-cpu.txt"), pins(ROOT / "requirements/constraints-gpu.txt")
    assert gpu["tensorflow"] == cpu["tensorflow-cpu"] and "tensorflow-cpu" not in gpu
    assert {name: v for name, v in cpu.items() if name != "tensorflow-cpu"}.items() <= gpu.items()
    extra = set(gpu) - set(cpu)
    assert "nvidia-cudnn-cu12" in extra and all(n == "tensorflow" or n.startswith("nvidia-") for n in extra), extra


def test_hub_requirements_agree_with_the_locks():
    hub = pins(ROOT / "requirements/hub.txt")
    assert "jupyterhub" in hub
    for lock in ("constraints-cpu.txt", "constraints-gpu.txt"):
        locked = pins(ROOT / "requirements" / lock)
        clashes = {n: (v, locked[n]) for n, v in hub.items() if n in locked and locked[n] != v}
        assert not clashes, f"requirements/hub.txt disagrees with {lock}: {clashes}"


def test_dockerfile_has_nothing_machine_specific():
    """The build machines' CA bundle, copied Python and stand-in base stay in the test's script."""
    text = (ROOT / "Dockerfile").read_text()
    for specific in ("PIP_CERT", "ca-certificates.crt", "/root/", "pyenv", "standin", "mmdebstrap"):
        assert specific not in text, f"the Dockerfile mentions {specific!r}, a fact of the build machines"
    assert args()["BASE"] == "python:3.11-slim-bookworm" and dict(instructions())["FROM"] == "${BASE}"
    for script in ("standin_base.sh", "engine.sh"):
        subprocess.run(["bash", "-n", str(ROOT / "tests" / "infrastructure" / script)], check=True)
