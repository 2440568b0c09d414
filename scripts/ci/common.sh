# Shared settings for scripts/ci/*.sh. Sourced, not run.
# Every path can be overridden from the environment so a developer can keep a dockerd of their own.

# Runtime files of the services we start (pid files, logs, the env file tests read).
SY_RUN_DIR="${SWITCHYARD_CI_RUN_DIR:-/run/switchyard-ci}"
# Where our dockerd listens when we have to start one. The default socket, so dockerode, docker-compose and
# the extension's local transport all find it without configuration.
SY_DOCKER_SOCK="${SWITCHYARD_DOCKER_SOCK:-/var/run/docker.sock}"
# dockerd's data root: kept between runs so the busybox image is built once per machine.
SY_DOCKER_DATA="${SWITCHYARD_DOCKER_DATA:-/var/lib/switchyard-ci/docker}"
# The only image tests use; built from busybox-static with `docker import`, never pulled.
SY_BUSYBOX_IMAGE="${SWITCHYARD_TEST_IMAGE:-switchyard/busybox:local}"

# Debian's docker.io client (20.10) matches Debian's dockerd; fall back to whatever `docker` is on PATH.
if [ -x /usr/bin/docker ]; then SY_DOCKER_CLI=/usr/bin/docker; else SY_DOCKER_CLI=docker; fi

log() { printf '[ci %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# True when a Docker engine answers at the given DOCKER_HOST URL.
docker_answers() {
  command -v "$SY_DOCKER_CLI" >/dev/null 2>&1 || return 1
  timeout 10 "$SY_DOCKER_CLI" -H "$1" info --format '{{.ServerVersion}}' >/dev/null 2>&1
}

# The DOCKER_HOST tests should use: the caller's DOCKER_HOST if it answers, else our socket.
docker_host_url() {
  if [ -n "${DOCKER_HOST:-}" ] && docker_answers "$DOCKER_HOST"; then
    printf '%s\n' "$DOCKER_HOST"
  else
    printf 'unix://%s\n' "$SY_DOCKER_SOCK"
  fi
}

# True when $1 is a live (not zombie) process whose command name is $2.
pid_is() {
  local stat
  [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [ "${stat%% *}" != Z ]
}
