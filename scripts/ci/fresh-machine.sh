#!/usr/bin/env bash
# The fresh-machine check: does a new user's first hour work on a clean Debian 12 with nothing of ours on it?
#   scripts/ci/fresh-machine.sh [COMMIT]      (as root; default COMMIT: HEAD of this clone)
# It builds a clean Debian 12 root with debootstrap (the bare base is cached per machine in $SY_FRESH_CACHE:
# Debian's packages only, nothing of ours), puts the machine's Node (with its npm and headers), its npm/apt
# settings and CA bundle into it, clones the commit into it, and runs there as root, in a chroot with /proc,
# /dev and /sys mounted:
#   1. `npm start` (the README's first command) until code-server answers on the URL it prints, then stops it;
#   2. `npm test -- unit lsp`;
#   3. the system-package step of .ci/run (scripts/ci/packages.sh), for real, with apt inside the root.
# No ~/.cache/switchyard, node_modules, code-server or package of ours is carried in. Every step's time is
# printed. Everything is unmounted and removed at the end, also when a step fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$here/common.sh"

[ "$(id -u)" -eq 0 ] || die "the fresh-machine check needs root (debootstrap, chroot, mounts)"
commit="$(git -C "$repo" rev-parse "${1:-HEAD}")"
cache="${SY_FRESH_CACHE:-/var/cache/switchyard-ci/fresh}"
mirror="${SY_FRESH_MIRROR:-http://deb.debian.org/debian}"
base="$cache/bookworm-minbase.tar"
timeout_start="${SY_FRESH_START_TIMEOUT:-1500}" # s: npm start on a fresh root builds code-server's native modules

t_all=$(date +%s)
timings=()
timed() { # timed NAME COMMAND...: runs it, records its time, stops the check on failure
  local name=$1 t=$(date +%s) rc=0
  shift
  log "fresh machine: $name"
  "$@" || rc=$?
  timings+=("$(printf '%-44s %5ss%s' "$name" "$(($(date +%s) - t))" "$([ $rc -eq 0 ] || echo "  FAILED (exit $rc)")")")
  [ $rc -eq 0 ] || die "fresh machine: $name failed (exit $rc)"
}
report() {
  log "fresh machine: step times"
  printf '  %s\n' "${timings[@]}" >&2
  log "fresh machine: total $(($(date +%s) - t_all))s"
}

build_base() {
  command -v debootstrap >/dev/null || die "debootstrap is missing: bash scripts/ci/packages.sh fresh"
  mkdir -p "$cache"
  local tmp
  tmp="$(mktemp -d "$cache/build.XXXXXX")"
  # minbase: apt and dpkg only. git and ca-certificates are what a new machine of this kind has besides Node.
  if ! debootstrap --variant=minbase --include=git,ca-certificates bookworm "$tmp" "$mirror" >"$tmp.log" 2>&1; then
    tail -n 30 "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    return 1
  fi
  tar -C "$tmp" -cf "$base.partial" . && mv "$base.partial" "$base"
  rm -rf "$tmp" "$tmp.log"
}

root="" start_pgid=""
cleanup() {
  local rc=$?
  set +e
  [ -n "$start_pgid" ] && kill -KILL -- "-$start_pgid" 2>/dev/null
  if [ -n "$root" ] && [ -d "$root" ]; then
    # Only processes we started run inside this root; end each of them by its pid.
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -KILL "${p#/proc/}" 2>/dev/null
    done
    for m in $(awk -v r="$root" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/mounts | sort -r); do
      umount "$m" 2>/dev/null || umount -l "$m"
    done
    if awk -v r="$root" 'index($2, r) == 1 {found=1} END {exit !found}' /proc/mounts; then
      log "fresh machine: mounts under $root remain; leaving it for inspection"
    else
      rm -rf "$root"
    fi
  fi
  [ ${#timings[@]} -eq 0 ] || report
  exit $rc
}
trap cleanup EXIT

[ -f "$base" ] || timed "debootstrap (cached per machine)" build_base
root="$(mktemp -d /var/tmp/sy-fresh.XXXXXX)"
timed "unpack the base root" tar -C "$root" -xf "$base"

carry_machine() {
  # The machine's Node (as its nodejs package installs it: binary, npm, headers) and the machine's own
  # settings for reaching the registries: nothing of ours.
  local node npm_dir
  node="$(readlink -f "$(command -v node)")"
  npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
  install -D -m 0755 "$node" "$root/usr/bin/node"
  mkdir -p "$root/usr/lib/node_modules"
  cp -a "$npm_dir" "$root/usr/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
  local inc
  inc="$(dirname "$(dirname "$node")")/include/node"
  if [ -d "$inc" ]; then mkdir -p "$root/usr/include" && cp -a "$inc" "$root/usr/include/node"; fi
  for f in /etc/resolv.conf /etc/hosts /etc/npmrc /usr/etc/npmrc /root/.npmrc /etc/ssl/certs/ca-certificates.crt \
    /etc/apt/sources.list /etc/apt/sources.list.d/debian.sources /etc/apt/apt.conf.d/99artifact-registry; do
    [ -f "$f" ] && install -D -m 0644 "$f" "$root$f"
  done
  return 0
}
timed "carry in Node, npm and machine settings" carry_machine

mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
mkdir -p "$root/dev/shm" "$root/run"
mount -t tmpfs tmpfs "$root/run"

timed "git clone $commit" git clone -q --no-hardlinks "$repo" "$root/root/switchyard"
git -C "$root/root/switchyard" checkout -q "$commit"

# A login-like environment: only what a fresh root shell has.
root_env=(/usr/bin/env -i HOME=/root USER=root LOGNAME=root TERM=dumb LANG=C.UTF-8
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
# Not CI=true: this is a new user's first run, where a test whose tool the machine lacks (a kubectl new
# enough for kustomize components) skips with its reason instead of failing.
in_root() { chroot "$root" "${root_env[@]}" "$@"; }

start_until_url() {
  local log="$root/root/npm-start.log" url="" deadline=$(($(date +%s) + timeout_start))
  # Its own session, so that it and everything it starts (code-server) are stopped together by group id.
  setsid chroot "$root" "${root_env[@]}" bash -c 'cd /root/switchyard && npm start' >"$log" 2>&1 </dev/null &
  start_pgid=$!
  while [ -z "$url" ]; do
    if ! kill -0 "$start_pgid" 2>/dev/null; then
      log "npm start exited before printing its URL; the last lines of its output:"
      tail -n 40 "$log" >&2
      return 1
    fi
    if [ "$(date +%s)" -gt "$deadline" ]; then
      log "npm start printed no URL within ${timeout_start}s; the last lines of its output:"
      tail -n 40 "$log" >&2
      return 1
    fi
    url="$(sed -n 's/^Switchyard in VS Code: \(http[^ ]*\).*/\1/p' "$log" | head -n 1)"
    [ -n "$url" ] || sleep 2
  done
  log "npm start printed $url; asking it"
  # The chroot shares this machine's loopback: the machine's Node asks the URL and wants VS Code's page.
  node -e '
    fetch(process.argv[1]).then(async (r) => {
      const body = await r.text();
      if (r.status !== 200 || !/vscode|code-server|workbench/i.test(body)) throw new Error(`HTTP ${r.status}: ${body.slice(0, 200)}`);
      console.log(`code-server answered: HTTP ${r.status}, ${body.length} bytes`);
    }).catch((e) => { console.error(`code-server did not answer: ${e.message}`); process.exit(1); });' "$url"
  grep -E '^(examples/broken/compose.yaml:|[0-9]+ errors?)' "$log" | tail -n 3 >&2 || true
  kill -TERM -- "-$start_pgid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$start_pgid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$start_pgid" 2>/dev/null || true
  start_pgid=""
}
timed "npm start (until code-server answers)" start_until_url
timed "npm test -- unit lsp" in_root bash -c 'cd /root/switchyard && npm test -- unit lsp' </dev/null
timed "system packages (.ci/run's step)" in_root bash -c 'cd /root/switchyard && bash scripts/ci/packages.sh' </dev/null
log "fresh machine: passed"
