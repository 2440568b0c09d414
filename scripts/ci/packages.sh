#!/usr/bin/env bash
# Installs the Debian packages Switchyard's tiers and tools need. Quick no-op when all are installed.
#   scripts/ci/packages.sh                 every group (what .ci/run needs)
#   scripts/ci/packages.sh editor engine   only those groups (npm start asks for `editor`, npm test per tier)
#   scripts/ci/packages.sh --list GROUP..  prints the missing packages and exits (0 even when some are missing)
# Needs root for apt-get; without root it names what is missing and the command that installs it, and exits 1
# under CI=true (0 otherwise: the caller decides what to skip).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"

declare -A groups=(
  # code-server's native modules build against Node 24's headers (npm start, the ui tier)
  [editor]="build-essential python3 pkg-config libx11-dev libxkbfile-dev libsecret-1-dev libkrb5-dev"
  # ground truth and the tiers beside Docker: Debian's dockerd 20.10, compose v1, a local busybox image
  [docker]="docker.io docker-compose busybox-static iptables"
  # engine: namespaces, links, firewall, diagnostics, benchmarks; gratuitous ARP (arping) and etcd for overlay
  # networks (TLS certificates in tests: openssl); sysctl snapshots of the fake host (procps)
  [engine]="iproute2 procps nftables iptables iputils-ping iputils-arping dnsutils dnsperf iperf3 tcpdump etcd-server openssl"
  # remote tier: sshd in a namespace plays the remote host; deploy through sudo with a throwaway account
  [remote]="openssh-server sudo passwd"
  # ui tier: code-server driven by playwright-core in Debian's chromium (its cluster test also needs etcd from
  # engine and sshd from remote: three lab hosts reached over SSH)
  [ui]="chromium"
  # the fresh-machine check builds a clean Debian root
  [fresh]="debootstrap"
)
# Packages wanted only when their command is missing (another package may already ship it): none today.
# (kubectl is not one: the unit tier's kustomize check needs kubectl 1.21 or later, and Debian 12's
# kubernetes-client is 1.20; this machine's image has a current `kubectl` package of its own.)
declare -A group_commands=()

list_only=false
if [ "${1:-}" = --list ]; then
  list_only=true
  shift
fi
wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=(editor docker engine remote ui fresh)

missing=()
add_missing() {
  local p
  for p in "${missing[@]}"; do [ "$p" = "$1" ] && return 0; done
  missing+=("$1")
}
for g in "${wanted[@]}"; do
  if [ -z "${groups[$g]+x}" ] && [ -z "${group_commands[$g]+x}" ]; then
    die "unknown package group $g; groups are: ${!groups[*]} ${!group_commands[*]}"
  fi
  for p in ${groups[$g]:-}; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
    [ "$status" = installed ] || add_missing "$p"
  done
  for pair in ${group_commands[$g]:-}; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || add_missing "${pair#*=}"
  done
done

if $list_only; then
  printf '%s\n' "${missing[@]}"
  exit 0
fi
if [ "${#missing[@]}" -eq 0 ]; then
  log "system packages for ${wanted[*]}: all installed"
  exit 0
fi
log "system packages missing for ${wanted[*]}: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  log "not root: cannot install them; run: sudo apt-get install -y --no-install-recommends ${missing[*]}"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
apt_log="$(mktemp /tmp/switchyard-apt.XXXXXX.log)"
# Runs one apt step with its output in $apt_log; on failure prints the log's tail and stops.
apt_step() {
  local what=$1
  shift
  if ! "$@" >"$apt_log" 2>&1; then
    log "error: $what failed; the last lines of its output ($apt_log):"
    tail -n 40 "$apt_log" >&2
    exit 1
  fi
}
apt_step "apt-get update" apt-get "${apt_opts[@]}" update
# A package without a candidate is named before anything is installed. The candidate is read into a variable
# (no pipeline: under pipefail a reader that stops early, as grep -q does, would fail the whole test).
for p in "${missing[@]}"; do
  policy="$(LC_ALL=C apt-cache policy "$p" 2>/dev/null || true)"
  candidate="$(sed -n 's/^ *Candidate: *//p' <<<"$policy")"
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
    die "Debian package $p has no install candidate (apt-cache policy $p; check /etc/apt/sources.list)"
  fi
done
# --no-install-recommends: recommends of docker.io/chromium pull in services (apparmor, upower) we do not want.
apt_step "apt-get install ${missing[*]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
rm -f "$apt_log"
log "system packages installed: ${missing[*]}"
