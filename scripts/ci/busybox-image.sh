#!/usr/bin/env bash
# Builds the one image tests use, switchyard/busybox:local, from Debian's busybox-static with `docker import`.
# Never pulls. No-op when the image exists. Needs a dockerd that answers at DOCKER_HOST (or the default).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"

url="$(docker_host_url)"
docker_() { "$SY_DOCKER_CLI" -H "$url" "$@"; }

if docker_ image inspect "$SY_BUSYBOX_IMAGE" >/dev/null 2>&1; then
  log "image $SY_BUSYBOX_IMAGE: present"
  exit 0
fi
busybox=/bin/busybox
[ -x "$busybox" ] || die "$busybox missing (apt-get install busybox-static)"
# The image must run on its own: a dynamically linked busybox would need the host's libc inside it.
if ldd "$busybox" >/dev/null 2>&1; then die "$busybox is dynamically linked; install busybox-static"; fi

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev,var/run}
chmod 1777 "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
# One relative symlink per applet (sh, sleep, ip, ping, nc, wget, nslookup, ...).
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"

tar -C "$rootfs" -c . | docker_ import \
  -c 'ENV PATH=/bin' \
  -c 'CMD ["/bin/sh"]' \
  -c 'LABEL org.switchyard.test-image=busybox-static' \
  - "$SY_BUSYBOX_IMAGE" >/dev/null
docker_ run --rm --network none "$SY_BUSYBOX_IMAGE" true || die "image $SY_BUSYBOX_IMAGE does not run"
log "image $SY_BUSYBOX_IMAGE: built from $busybox ($("$busybox" | head -n 1 | cut -d' ' -f1-2))"
