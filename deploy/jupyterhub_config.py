"""JupyterHub for a small room (up to about 20 learners) on one machine.

    export DLCOURSE_HUB_PASSWORD='a-password-for-the-room'        # at least 8 characters
    export DLCOURSE_HUB_ADMIN_PASSWORD="$(openssl rand -hex 20)"   # optional, 32+ characters
    .venv/bin/jupyterhub -f deploy/jupyterhub_config.py

Learners open http://<this machine>:8000, pick any user name and type the room's password
(JupyterHub's built-in shared-password authenticator: no accounts to create). Each learner
gets a home folder of their own under ``$DLCOURSE_HUB_STATE/homes/<name>`` with a fresh copy
of ``labs/`` and ``notebooks/`` (``deploy/fresh_labs.py``), and a JupyterLab server of their
own running from the course's environment.

Every learner's server runs as the same system user as the hub (``SimpleLocalProcessSpawner``):
right for a room of people who trust each other, on a machine for the workshop only. For
isolation, set ``DLCOURSE_HUB_SPAWNER=docker`` (needs ``pip install dockerspawner`` and the
course image: one container per learner, their work in a Docker volume), or use
``deploy/z2jh-values.yaml`` on Kubernetes for large rooms.

Settings (environment variables):

=============================  ======================================================
DLCOURSE_HUB_PASSWORD          the room's password (required, 8+ characters)
DLCOURSE_HUB_ADMIN_PASSWORD    the instructor's password (32+ characters); no admin if unset
DLCOURSE_HUB_ADMIN             the instructor's user name (default ``instructor``)
DLCOURSE_HUB_IP / _PORT        where learners connect (default all interfaces, port 8000)
DLCOURSE_HUB_API_PORT          the proxy's API port on 127.0.0.1 (default 8001)
DLCOURSE_HUB_HUB_PORT          the hub's own port on 127.0.0.1 (default 8081)
DLCOURSE_HUB_STATE             database, cookie secret and homes (default /srv/dlcourse-hub)
DLCOURSE_COURSE_DIR            the course checkout whose labs are copied (default this one)
DLCOURSE_HUB_SPAWNER           ``local`` (default) or ``docker``
DLCOURSE_IMAGE                 the course image for ``docker`` (default ``dlcourse:latest``)
=============================  ======================================================

The proxy is configurable-http-proxy from npm: ``tests/infrastructure/browser/install.sh`` installs the pinned
version into ``tests/infrastructure/browser/node_modules``; one on the PATH is used otherwise.
"""

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from fresh_labs import course_dir, provision  # noqa: E402

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)
env = os.environ.get

state = Path(env("DLCOURSE_HUB_STATE", "/srv/dlcourse-hub")).resolve()
state.mkdir(parents=True, exist_ok=True, mode=0o700)
homes = state / "homes"

# -- network: learners reach the proxy; the hub and the proxy's API stay on loopback
c.JupyterHub.ip = env("DLCOURSE_HUB_IP", "")
c.JupyterHub.port = int(env("DLCOURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("DLCOURSE_HUB_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(env('DLCOURSE_HUB_API_PORT', '8001'))}"
local_chp = HERE.parent / "tests" / "infrastructure" / "browser" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(local_chp) if local_chp.exists()
                                   else shutil.which("configurable-http-proxy") or "configurable-http-proxy"]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

# -- who may log in: anyone with the room's password; the instructor with their own
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = env("DLCOURSE_HUB_PASSWORD", "")
if env("DLCOURSE_HUB_ADMIN_PASSWORD"):
    c.SharedPasswordAuthenticator.admin_password = env("DLCOURSE_HUB_ADMIN_PASSWORD")
    c.Authenticator.admin_users = {env("DLCOURSE_HUB_ADMIN", "instructor")}
c.Authenticator.allow_all = True
c.JupyterHub.concurrent_spawn_limit = 10  # a room logging in at once, in waves

# -- each learner's server: JupyterLab opened on their own copy of the labs
c.Spawner.default_url = "/lab/tree/labs"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV", "DLCOURSE_DATA_DIR", "KERAS_HOME",
                      "TF_CPP_MIN_LOG_LEVEL", "CUDA_VISIBLE_DEVICES"]

if env("DLCOURSE_HUB_SPAWNER", "local") == "docker":
    # One container per learner from the course image; the image's start script copies the labs.
    c.JupyterHub.spawner_class = "docker"
    c.JupyterHub.hub_ip = "0.0.0.0"  # containers reach the hub over the Docker bridge
    c.DockerSpawner.image = env("DLCOURSE_IMAGE", "dlcourse:latest")
    c.DockerSpawner.cmd = ["start-course.sh"]
    c.DockerSpawner.notebook_dir = "/home/jovyan"
    c.DockerSpawner.volumes = {"dlcourse-{username}": "/home/jovyan"}
    c.DockerSpawner.remove = True
    c.DockerSpawner.mem_limit = env("DLCOURSE_MEM_LIMIT", "4G")
else:
    c.JupyterHub.spawner_class = "simple"  # jupyterhub.spawner.SimpleLocalProcessSpawner
    c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
    c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
    if os.geteuid() == 0:  # a workshop VM or CI run as root: every server runs as root too
        c.Spawner.args = ["--allow-root"]

    def fresh_labs_hook(spawner):
        """Before a learner's server starts: their home, with their own copy of the labs."""
        home = Path(spawner.home_dir)
        copied = provision(home, course_dir())
        # Per-learner progress and data cache stay in their own home.
        spawner.environment.update({
            "DLCOURSE_HOME": str(home / ".dlcourse"),
            "XDG_CACHE_HOME": str(home / ".cache"),
        })
        spawner.log.info("fresh_labs: %s new file(s) for %s in %s", len(copied), spawner.user.name, home)

    c.Spawner.pre_spawn_hook = fresh_labs_hook
