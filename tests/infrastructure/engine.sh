#!/usr/bin/env bash
# A private Docker engine for the container tests, with a local footprint:
#   tests/infrastructure/engine.sh start   # prints the socket; exit 3 with a reason if it cannot
#   tests/infrastructure/engine.sh stop    # stops the daemon that `start` started, by its PID
# Its data root (the layer cache) persists in ${DLCOURSE_DOCKER_ROOT:-~/.cache/dlcourse-docker}
# so a second run reuses the environment layers; its socket, exec root and PID file live in a
# temporary folder. No default bridge (--bridge=none): builds and runs use --network host or none.
# It never touches a system Docker daemon or its socket.
set -euo pipefail
data_root=${DLCOURSE_DOCKER_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/dlcourse-docker}
run_dir=${DLCOURSE_DOCKER_RUN:-${TMPDIR:-/tmp}/dlcourse-docker-$(id -u)}
socket=$run_dir/docker.sock
pidfile=$run_dir/dockerd.pid
log=$run_dir/dockerd.log

cannot() { echo "the Docker engine cannot start here: $*" >&2; exit 3; }

install_engine() {
  [ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ] && return 0
  [ "$(id -u)" = 0 ] || cannot "docker.io is not installed and installing it needs root"
  command -v apt-get >/dev/null || cannot "docker.io is not installed and there is no apt-get"
  echo "Installing Debian's docker.io ..." >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      docker.io mmdebstrap; } >&2 || cannot "apt-get install docker.io failed"
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  install_engine
  [ "$(id -u)" = 0 ] || cannot "dockerd needs root (rootless Docker is not set up by this script)"
  mkdir -p "$data_root" "$run_dir"
  local pid
  if running; then
    pid=$(cat "$pidfile")
  else
    /usr/sbin/dockerd --data-root "$data_root" --exec-root "$run_dir/exec" --pidfile "$pidfile" \
      --host "unix://$socket" --bridge=none --iptables=false --ip-masq=false \
      >"$log" 2>&1 &
    pid=$!
  fi
  for _ in $(seq 60); do
    if /usr/bin/docker -H "unix://$socket" info >/dev/null 2>&1; then echo "$socket"; return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  tail -5 "$log" >&2 || true
  stop >/dev/null 2>&1 || true
  cannot "dockerd did not answer on $socket within 60 s (log: $log)"
}

stop() {
  running || { rm -f "$pidfile"; return 0; }
  local pid
  pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || { echo "dockerd $pid stopped"; return 0; }; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  echo "dockerd $pid killed after 30 s"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
