#!/usr/bin/env bash
# Installs what the hub and browser tests need, only what is missing, so that CI on a fresh
# machine works and a warm machine pays nothing:
#   - Debian's Chromium (/usr/bin/chromium), driven by playwright-core (no browser download);
#   - the npm tools pinned in tests/infrastructure/browser/package-lock.json (playwright-core,
#     configurable-http-proxy), into tests/infrastructure/browser/node_modules with `npm ci`;
#   - JupyterHub (requirements/hub.txt) into the course venv, within the course lock.
# Exit status 0 when everything is in place; otherwise non-zero, with the reason on stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
venv=${DLCOURSE_VENV:-$root/.venv}
# Several pytest workers may call this at once: one installs, the others wait for it.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/dlcourse-browser-install.lock"
  flock -w 900 9
fi

# $CHROMIUM names another Chromium or Chrome to use (GitHub's Ubuntu runners: google-chrome).
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "install.sh: ${CHROMIUM:-/usr/bin/chromium} is missing and this user cannot run apt-get" >&2
    exit 1
  fi
fi

if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/configurable-http-proxy" ]; then
  command -v npm >/dev/null 2>&1 || { echo "install.sh: npm is missing (install Node.js 20 or newer)" >&2; exit 1; }
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

if ! "$venv/bin/python" -c "import jupyterhub" >/dev/null 2>&1; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -c "$root/requirements/constraints-cpu.txt" -r "$root/requirements/hub.txt"
fi
echo "install.sh: chromium, node_modules and jupyterhub are in place."
