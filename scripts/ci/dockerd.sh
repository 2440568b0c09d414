#!/usr/bin/env bash
# dockerd lifecycle for tests: start|stop|status.
#   start  use a dockerd that already answers (DOCKER_HOST or the default socket); otherwise start Debian's
#          dockerd in the background with its own pid file and wait until `docker info` works.
#   stop   stop the dockerd that `start` started (by its pid), never one we did not start.
# Ownership: `start` marks the dockerd it starts with $SWITCHYARD_SERVICES_OWNER (default "manual"); `stop`
# stops it only for the same owner. .ci/run uses its own owner, so a CI run in a clone never stops a dockerd
# a developer (or another run) started, and `services.sh start|stop` by hand still pair up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"

pidfile="$SY_RUN_DIR/dockerd.pid"   # written by dockerd itself
fwdir="$SY_RUN_DIR/firewall.before" # the root namespace's iptables tables and ip_forward before our dockerd
ours="$SY_RUN_DIR/dockerd.ours"     # our mark: "<pid> <owner>" of the dockerd we started
owner="${SWITCHYARD_SERVICES_OWNER:-manual}"
logfile="$SY_RUN_DIR/dockerd.log"

start() {
  local url
  url="$(docker_host_url)"
  if docker_answers "$url"; then
    log "dockerd: using the one answering at $url"
    return 0
  fi
  command -v dockerd >/dev/null 2>&1 || die "dockerd not installed (apt-get install docker.io)"
  [ "$(id -u)" -eq 0 ] || die "dockerd must be started as root"
  mkdir -p "$SY_RUN_DIR" "$SY_DOCKER_DATA"
  # Tests may call `start` concurrently: one starts, the others wait for it.
  exec 9>"$SY_RUN_DIR/dockerd.lock"
  flock -w 120 9 || die "dockerd: timed out waiting for another start"
  if docker_answers "unix://$SY_DOCKER_SOCK"; then
    log "dockerd: started meanwhile at unix://$SY_DOCKER_SOCK"
    return 0
  fi
  clear_stale
  if docker_answers "unix://$SY_DOCKER_SOCK"; then return 0; fi
  log "dockerd: starting (socket $SY_DOCKER_SOCK, data $SY_DOCKER_DATA, log $logfile)"
  # dockerd creates docker0 and leaves it behind when it stops; remember whether it was there before us.
  if ip link show docker0 >/dev/null 2>&1; then rm -f "$SY_RUN_DIR/docker0.ours"; else : >"$SY_RUN_DIR/docker0.ours"; fi
  save_firewall
  # cgroupfs: this machine has no systemd, so the systemd cgroup driver is not an option.
  # --iptables stays on (the default): dockerd programs the root namespace's iptables (and sets the FORWARD
  # policy to DROP when it turns ip_forward on itself), which the engine tests coexist with.
  setsid dockerd \
    --host "unix://$SY_DOCKER_SOCK" \
    --data-root "$SY_DOCKER_DATA" \
    --exec-root "$SY_RUN_DIR/docker-exec" \
    --pidfile "$pidfile" \
    --exec-opt native.cgroupdriver=cgroupfs \
    --shutdown-timeout 5 \
    </dev/null >"$logfile" 2>&1 &
  local pid=$!
  echo "$pid $owner" >"$ours"
  wait_ready "$pid"
}

# A dockerd killed earlier (session ended, kill -9) leaves its pid file and socket behind. dockerd itself
# copes with a pid file whose process is gone, but we clear both so the state is plain.
clear_stale() {
  local pid i
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  # A dockerd that is still starting or still shutting down gets 15 s to make up its mind.
  for i in $(seq 1 30); do
    pid_is "$pid" dockerd || break
    docker_answers "unix://$SY_DOCKER_SOCK" && return 0
    sleep 0.5
  done
  if pid_is "$pid" dockerd; then
    die "dockerd pid $pid is running but does not answer at unix://$SY_DOCKER_SOCK; see $logfile"
  fi
  rm -f "$pidfile" "$ours"
  [ -S "$SY_DOCKER_SOCK" ] && rm -f "$SY_DOCKER_SOCK"
  # The containerd that dockerd manages dies with it, but slowly; while its pid file names a live process
  # a new dockerd waits for that containerd's socket, which never comes back.
  local cpidfile="$SY_RUN_DIR/docker-exec/containerd/containerd.pid" cpid
  cpid="$(cat "$cpidfile" 2>/dev/null || true)"
  for i in $(seq 1 30); do
    pid_is "$cpid" containerd || break
    sleep 0.5
  done
  pid_is "$cpid" containerd && die "an old containerd (pid $cpid) is still running; stop it and retry"
  rm -f "$cpidfile"
  return 0
}

# dockerd also leaves its iptables chains (DOCKER*, FORWARD policy DROP, the docker0 masquerade) and
# ip_forward=1 behind when it stops. The machine's own firewall must end as we found it: `start` saves the
# tables dockerd writes (iptables-save per table, or "absent") and ip_forward; `stop` puts them back.
save_firewall() {
  local fam t
  rm -rf "$fwdir"
  mkdir -p "$fwdir"
  cat /proc/sys/net/ipv4/ip_forward >"$fwdir/ip_forward"
  if command -v nft >/dev/null 2>&1 && command -v iptables-save >/dev/null 2>&1; then
    for fam in ip ip6; do
      for t in filter nat; do
        if nft list table "$fam" "$t" >/dev/null 2>&1; then
          "$(fam_tool "$fam")-save" -t "$t" >"$fwdir/$fam-$t" || rm -f "$fwdir/$fam-$t"
        fi
      done
    done
  fi
  : >"$fwdir/complete"
}

restore_firewall() {
  local fam t
  [ -e "$fwdir/complete" ] || return 0
  if command -v nft >/dev/null 2>&1 && command -v iptables-restore >/dev/null 2>&1; then
    for fam in ip ip6; do
      for t in filter nat; do
        if [ -s "$fwdir/$fam-$t" ]; then
          "$(fam_tool "$fam")-restore" <"$fwdir/$fam-$t" || log "dockerd: could not restore $fam $t"
        elif nft list table "$fam" "$t" >/dev/null 2>&1; then
          nft delete table "$fam" "$t" || log "dockerd: could not delete table $fam $t it left"
        fi
      done
    done
  fi
  cat "$fwdir/ip_forward" >/proc/sys/net/ipv4/ip_forward
  rm -rf "$fwdir"
  log "dockerd: iptables tables and ip_forward are back as they were before it started"
}

fam_tool() { if [ "$1" = ip ]; then echo iptables; else echo ip6tables; fi; }

wait_ready() {
  local pid=$1 i
  for i in $(seq 1 120); do
    if docker_answers "unix://$SY_DOCKER_SOCK"; then
      log "dockerd: ready after ${i} polls (pid $pid, $("$SY_DOCKER_CLI" -H "unix://$SY_DOCKER_SOCK" version --format '{{.Server.Version}}'))"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      rm -f "$ours"
      die "dockerd exited during start; log above ($logfile)"
    fi
    sleep 0.5
  done
  tail -n 30 "$logfile" >&2 || true
  die "dockerd did not answer within 60 s; log above ($logfile)"
}

stop() {
  local pid='' marked_owner='' i
  if [ -r "$ours" ]; then read -r pid marked_owner <"$ours" || true; fi
  if [ -z "${pid:-}" ]; then
    log "dockerd: not started by these scripts; leaving it alone"
    return 0
  fi
  if [ "${marked_owner:-manual}" != "$owner" ]; then
    log "dockerd: pid $pid was started by \"${marked_owner:-manual}\", not by \"$owner\"; leaving it alone"
    return 0
  fi
  if pid_is "$pid" dockerd; then
    log "dockerd: stopping pid $pid"
    kill -TERM "$pid"
    for i in $(seq 1 60); do
      pid_is "$pid" dockerd || break
      sleep 0.5
    done
    if pid_is "$pid" dockerd; then
      log "dockerd: pid $pid ignored SIGTERM for 30 s; sending SIGKILL"
      kill -KILL "$pid"
    fi
  fi
  rm -f "$ours"
  if [ -e "$SY_RUN_DIR/docker0.ours" ] && ! pid_is "$pid" dockerd; then
    ip link delete docker0 2>/dev/null && log "dockerd: removed the docker0 bridge it left behind" || true
    rm -f "$SY_RUN_DIR/docker0.ours"
  fi
  pid_is "$pid" dockerd || restore_firewall
}

status() {
  local url
  url="$(docker_host_url)"
  if docker_answers "$url"; then
    echo "dockerd: answering at $url (ours: $(cat "$ours" 2>/dev/null || echo no))"
  else
    echo "dockerd: not answering at $url"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
