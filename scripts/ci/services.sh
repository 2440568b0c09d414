#!/usr/bin/env bash
# The services the test tiers share, for .ci/run and for developers:
#   scripts/ci/services.sh start    dockerd (started only if none answers) + the local busybox image
#   scripts/ci/services.sh stop     stops what `start` started, nothing else
#   scripts/ci/services.sh status
#   eval "$(scripts/ci/services.sh env)"   exports DOCKER_HOST and SWITCHYARD_TEST_IMAGE for `npm test`
# sshd and etcd are not shared: the tests that need them start their own inside a namespace
# (test/support/sshd.ts, test/support/etcd.ts).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"

env_lines() {
  printf 'export DOCKER_HOST=%q\n' "$(docker_host_url)"
  printf 'export SWITCHYARD_TEST_IMAGE=%q\n' "$SY_BUSYBOX_IMAGE"
}

case "${1:-}" in
  start)
    bash "$here/dockerd.sh" start
    bash "$here/busybox-image.sh"
    ;;
  stop) bash "$here/dockerd.sh" stop ;;
  status)
    bash "$here/dockerd.sh" status
    "$SY_DOCKER_CLI" -H "$(docker_host_url)" image inspect --format 'image {{index .RepoTags 0}}: present' \
      "$SY_BUSYBOX_IMAGE" 2>/dev/null || { echo "image $SY_BUSYBOX_IMAGE: missing"; exit 1; }
    ;;
  env) env_lines ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
