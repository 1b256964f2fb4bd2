#!/usr/bin/env bash
# The course image's start command (docker-stacks style, run under tini as the non-root user).
#   - copies a fresh set of labs and lecture notebooks into $HOME (only files not there yet);
#   - under JupyterHub (JUPYTERHUB_API_TOKEN set, as DockerSpawner and Zero-to-JupyterHub do),
#     runs jupyterhub-singleuser: the hub handles login;
#   - otherwise runs JupyterLab opened on the course's first notebook, always with a token:
#     $JUPYTER_TOKEN if set, else a random one printed in the log. An empty token is refused.
# Any other command given to the container runs after the labs are copied.
set -euo pipefail
course=${DLCOURSE_COURSE_DIR:-/opt/dlcourse/course}
python "$course/deploy/fresh_labs.py" "$HOME" --source "$course" || echo "start-course: could not copy the labs" >&2
cd "$HOME"

if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec "$@"
fi
if [ -n "${JUPYTERHUB_API_TOKEN:-}" ]; then
  exec jupyterhub-singleuser "$@"
fi
if [ -n "${JUPYTER_TOKEN+set}" ] && [ -z "$JUPYTER_TOKEN" ]; then
  echo "start-course: JUPYTER_TOKEN is empty; the course never runs JupyterLab without a token." >&2
  exit 2
fi
exec jupyter lab --no-browser --ServerApp.ip=0.0.0.0 --ServerApp.port="${JUPYTER_PORT:-8888}" \
  --ServerApp.root_dir="$HOME" --LabApp.default_url="/lab/tree/${DLCOURSE_OPEN:-notebooks/01_neuron.ipynb}" "$@"
