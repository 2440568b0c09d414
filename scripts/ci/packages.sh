#!/usr/bin/env bash
# Installs the Debian packages the test tiers need. Quick no-op when all are installed.
# Needs root for apt-get; without root it only reports what is missing (tests then skip, or fail under CI).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"

packages=(
  docker.io docker-compose busybox-static # ground truth and benchmarks: Debian's dockerd 20.10, compose v1
  iproute2 nftables iptables              # engine: namespaces, links, firewall
  procps                                  # engine tests: sysctl snapshots of the fake host (uninstall, forwarding)
  iputils-ping dnsutils dnsperf iperf3 tcpdump # engine diagnostics and benchmarks
  openssh-server                          # remote tier: sshd in a namespace plays the remote host
  sudo passwd                             # remote tier: deploy through sudo with a password, throwaway account
  etcd-server openssl                     # overlay networks: global-scope state, TLS certificates in tests
  kubernetes-client                       # Kubernetes manifests: kustomize builds checked against kubectl
  debootstrap                             # the fresh-machine check builds a clean Debian root
  chromium                                # ui tier: code-server driven by playwright-core
  build-essential pkg-config libx11-dev libxkbfile-dev libsecret-1-dev libkrb5-dev # native npm modules
)

missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
  [ "$status" = installed ] || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  log "system packages: all ${#packages[@]} installed"
  exit 0
fi
log "system packages missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  log "not root: cannot apt-get install; tiers that need these will skip (or fail under CI=true)"
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
  candidate="$(LC_ALL=C apt-cache policy "$p" 2>/dev/null || true)"
  candidate="$(sed -n 's/^ *Candidate: *//p' <<<"$candidate")"
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
    die "Debian package $p has no install candidate (apt-cache policy $p; check /etc/apt/sources.list)"
  fi
done
# --no-install-recommends: recommends of docker.io/chromium pull in services (apparmor, upower) we do not want.
apt_step "apt-get install ${missing[*]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
rm -f "$apt_log"
log "system packages installed: ${missing[*]}"
