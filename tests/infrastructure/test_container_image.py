"""The course image, built for real and checked inside, as its non-root user, with no network.

Needs a Docker engine: `bash .ci/run` starts a private one (tests/infrastructure/engine.sh) and
sets DLCOURSE_DOCKER_SOCKET for this module; without it every test here skips and says why.
The image is the real Dockerfile, GPU variant, built on ``DLCOURSE_DOCKER_BASE`` if given, else
on a stand-in for the official Python base made from Debian packages (standin_base.sh), because
Docker Hub cannot be reached from the build machines. The data mirror is mounted read-only where
the image keeps its data, as a root-owned baked folder or a hub's shared folder would be.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SOCKET = os.environ.get("DLCOURSE_DOCKER_SOCKET", "")
DOCKER = ["/usr/bin/docker", "-H", f"unix://{SOCKET}"]
IMAGE = os.environ.get("DLCOURSE_IMAGE", "dlcourse:ci-gpu")
MIRROR = Path(os.environ.get("DLCOURSE_DATA_DIR", str(ROOT.parent / "shared" / "data")).split(os.pathsep)[0])
IMAGE_DATA = "/opt/dlcourse/data"
TOKEN = "ci-" + uuid.uuid4().hex
NO_ENGINE = os.environ.get("DLCOURSE_DOCKER_UNAVAILABLE") or (
    "no Docker engine for this run: set DLCOURSE_DOCKER_SOCKET (bash .ci/run starts one with "
    "tests/infrastructure/engine.sh)")
pytestmark = [pytest.mark.timeout(3600), pytest.mark.skipif(not SOCKET, reason=NO_ENGINE)]


def docker(*args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DOCKER_BUILDKIT": "0"}  # BuildKit would fetch its frontend from Docker Hub
    result = subprocess.run([*DOCKER, *args], capture_output=True, text=True, timeout=timeout, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"docker {' '.join(args[:3])} ... failed ({result.returncode}):\n"
                             f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def base_image() -> str:
    if os.environ.get("DLCOURSE_DOCKER_BASE"):
        return os.environ["DLCOURSE_DOCKER_BASE"]
    made = subprocess.run(["bash", str(HERE / "standin_base.sh"), SOCKET], capture_output=True, text=True,
                          timeout=1200)
    if made.returncode != 0:  # Debian's mirror or mmdebstrap: outside the project
        pytest.skip(f"no base image: the stand-in base could not be made: {made.stderr.strip()[-600:]}")
    return made.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def image() -> str:
    if docker("info", check=False, timeout=60).returncode != 0:
        pytest.skip(f"the Docker engine at {SOCKET} does not answer")
    fetch = os.environ.get("DLCOURSE_IMAGE_FETCH_DATA", "0" if MIRROR.is_dir() else "1")
    started = time.monotonic()
    built = docker("build", "--network", "host", "--build-arg", f"BASE={base_image()}",
                   "--build-arg", f"FETCH_DATA={fetch}", "-t", IMAGE, str(ROOT), timeout=3000)
    cached = built.stdout.count("Using cache")
    print(f"image {IMAGE} built in {time.monotonic() - started:.0f} s ({cached} steps from the layer cache)")
    docker("image", "prune", "-f")  # earlier builds' layers; the current image's chain stays cached
    return IMAGE


def data_mount() -> list[str]:
    return ["-v", f"{MIRROR}:{IMAGE_DATA}:ro"] if MIRROR.is_dir() else []


def run_inside(image: str, *command: str, timeout: float = 600, check: bool = True,
               workdir: str = "/home/jovyan") -> subprocess.CompletedProcess:
    """``command`` in a fresh container: the image's own user, no network, the data read-only."""
    return docker("run", "--rm", "--network", "none", *data_mount(), "-w", workdir, image, *command,
                  timeout=timeout, check=check)


def test_runs_as_non_root_with_tensorflow_cuda_build(image):
    code = "import os, tensorflow as tf; print(os.getuid(), tf.test.is_built_with_cuda())"
    out = run_inside(image, "python", "-c", code).stdout.split()
    assert out[-2:] == ["1000", "True"], out


def test_doctor_is_clean(image):
    result = run_inside(image, "dlcourse", "doctor", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "keras weights" in result.stdout and "present" in result.stdout


def test_pretrained_weights_load_offline_from_read_only_data(image):
    if not (MIRROR / "keras" / "models").is_dir():
        pytest.skip(f"the data mirror {MIRROR} has no keras/models to mount read-only")
    code = ("import os, dlcourse, keras; keras.applications.MobileNet(alpha=0.75, weights='imagenet'); "
            "print(os.access('/opt/dlcourse/data/keras', os.W_OK), os.environ['KERAS_HOME'], "
            "os.path.exists('/tmp/.keras'))")
    out = run_inside(image, "python", "-c", code, timeout=300).stdout.split()
    assert out[-3:] == ["False", "/home/jovyan/.cache/dlcourse/keras", "False"], out


def test_notebooks_pass_nbval_inside(image):
    """Every lecture and solution under nbval, as the host suite runs them (pyproject's options)."""
    if not MIRROR.is_dir():
        pytest.skip(f"no data mirror at {MIRROR} to mount, and the image was built without its data")
    started = time.monotonic()
    result = run_inside(image, "python", "-m", "pytest", "-n", "2", "--dist", "loadfile", "-q",
                        "notebooks", "solutions", workdir="/opt/dlcourse/course", timeout=3000, check=False)
    print(f"nbval inside the image: {time.monotonic() - started:.0f} s")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]


# A stand-in for the hub's API on 127.0.0.1:8081: jupyterhub-singleuser asks the hub's version at
# start (and gives up after five tries) and reports activity; it answers both, as the hub would.
FAKE_HUB = """
import http.server, json, jupyterhub
class Hub(http.server.BaseHTTPRequestHandler):
    def reply(self):
        body = json.dumps({"version": jupyterhub.__version__}).encode()
        self.send_response(200)
        self.send_header("X-JupyterHub-Version", jupyterhub.__version__)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = reply
http.server.HTTPServer(("127.0.0.1", 8081), Hub).serve_forever()
"""


class Server:
    """A detached container running the image's own start command; removed on exit."""

    def __init__(self, image: str, network: str = "none", *command: str, **env: str):
        self.name = f"dlcourse-test-{uuid.uuid4().hex[:10]}"
        flags = [f"--env={key}={value}" for key, value in env.items()]
        docker("run", "-d", "--name", self.name, "--network", network, *data_mount(), *flags, image, *command)

    def exec(self, *command: str, check: bool = False) -> subprocess.CompletedProcess:
        return docker("exec", self.name, *command, check=check, timeout=120)

    def wait_healthy(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.exec("python", "/opt/dlcourse/course/deploy/healthcheck.py").returncode == 0:
                return
            if docker("inspect", "-f", "{{.State.Running}}", self.name).stdout.strip() != "true":
                break
            time.sleep(2)
        raise AssertionError(f"the server never answered its healthcheck:\n{self.logs()}")

    def status(self, path: str, token: str = "") -> int:
        code = ("import sys, urllib.request, urllib.error\n"
                "req = urllib.request.Request('http://127.0.0.1:8888' + sys.argv[1])\n"
                "if sys.argv[2]: req.add_header('Authorization', 'token ' + sys.argv[2])\n"
                "try: print(urllib.request.urlopen(req, timeout=10).status)\n"
                "except urllib.error.HTTPError as e: print(e.code)\n")
        return int(self.exec("python", "-c", code, path, token, check=True).stdout.strip())

    def logs(self) -> str:
        result = docker("logs", self.name, check=False)
        return (result.stdout + result.stderr)[-4000:]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        docker("rm", "-f", self.name, check=False)


def test_jupyterlab_needs_its_token_and_the_healthcheck_passes(image):
    with Server(image, JUPYTER_TOKEN=TOKEN) as lab:
        lab.wait_healthy()
        assert lab.status("/api/contents") == 403, lab.logs()
        assert lab.status("/api/contents", TOKEN) == 200
        assert lab.status("/lab", TOKEN) == 200
        assert lab.exec("python", "/opt/dlcourse/course/deploy/healthcheck.py").returncode == 0
    health = json.loads(docker("inspect", "-f", "{{json .Config.Healthcheck}}", image).stdout)
    assert health["Test"][-1] == "/opt/dlcourse/course/deploy/healthcheck.py"


def test_serves_as_a_jupyterhub_single_user_image(image):
    hub = {"JUPYTERHUB_API_TOKEN": TOKEN, "JUPYTERHUB_CLIENT_ID": "jupyterhub-user-ann",
           "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api", "JUPYTERHUB_BASE_URL": "/",
           "JUPYTERHUB_USER": "ann", "JUPYTERHUB_SERVICE_PREFIX": "/user/ann/",
           "JUPYTERHUB_SERVICE_URL": "http://0.0.0.0:8888/user/ann/",
           "JUPYTERHUB_OAUTH_CALLBACK_URL": "/user/ann/oauth_callback"}
    with Server(image, "none", "python", "-c", FAKE_HUB) as fake, \
            Server(image, f"container:{fake.name}", **hub) as single:
        single.wait_healthy()  # deploy/healthcheck.py asks /user/ann/api, the hub's prefix
        find = ("import glob; print(any(b'jupyterhub-singleuser' in open(p, 'rb').read() "
                "for p in glob.glob('/proc/[0-9]*/cmdline')))")
        assert single.exec("python", "-c", find).stdout.strip() == "True", single.logs()
        assert single.status("/user/ann/api/contents") in (302, 403), single.logs()
