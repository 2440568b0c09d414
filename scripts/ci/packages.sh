#!/usr/bin/env bash
# Installs the Debian packages the test tiers need. Quick no-op when all are installed.
# Needs root for apt-get; without root it only reports what is missing (tests then skip, or fail under CI).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"

packages=(
  docker.io docker-compose busybox-static # ground truth and benchmarks: Debian's dockerd 20.10, compose v1
  iproute2 nftables iptables              # engine: namespaces, links, firewall
  iputils-ping dnsutils dnsperf iperf3 tcpdump # engine diagnostics and benchmarks
  openssh-server                          # remote tier: sshd in a namespace plays the remote host
  sudo passwd                             # remote tier: deploy through sudo with a password, throwaway account
  etcd-server                             # overlay networks: global-scope state
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
apt-get "${apt_opts[@]}" update -qq
for p in "${missing[@]}"; do
  if ! apt-cache policy "$p" | grep -q 'Candidate: [^(]'; then
    die "Debian package $p has no install candidate (check /etc/apt/sources.list)"
  fi
done
# --no-install-recommends: recommends of docker.io/chromium pull in services (apparmor, upower) we do not want.
apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "system packages installed: ${missing[*]}"
