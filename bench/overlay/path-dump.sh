#!/usr/bin/env bash
# bench/overlay/path-dump.sh OUTFILE NS [NS…]: every setting of each namespace that could touch the data path
# (links with details, addresses, routes of every table, rules, neighbours, FDB, bridge ports, tc, nft,
# iptables, every net.* sysctl, ethtool -k of every device, sockets), for a side-by-side diff of the engine's
# path and the hand-built shape:
#   node --import tsx bench/overlay/path-knobs.ts --dump bench/overlay/path-dump.sh /tmp/lab.txt
#   DUMP=/tmp/shape.txt bash bench/overlay/path-shapes.sh
# Both write host A, sandbox A, host B, sandbox B in that order. Read-only: it changes nothing.
out=$1; shift
: > "$out"
for n in "$@"; do
  {
  echo "=== NS $n"
  echo "--- links"; ip -n "$n" -d link show
  echo "--- addrs"; ip -n "$n" addr show
  echo "--- routes"; ip -n "$n" route show table all
  echo "--- rules"; ip -n "$n" rule show
  echo "--- neigh"; ip -n "$n" neigh show
  echo "--- fdb"; bridge -n "$n" fdb show
  echo "--- bridge link"; bridge -n "$n" -d link show
  echo "--- tc"; ip netns exec "$n" tc qdisc show; ip netns exec "$n" tc filter show 2>/dev/null
  echo "--- nft"; ip netns exec "$n" nft list ruleset
  echo "--- iptables-legacy"; ip netns exec "$n" iptables-legacy-save 2>/dev/null; ip netns exec "$n" iptables-nft-save 2>/dev/null
  echo "--- sysctl"; ip netns exec "$n" sysctl -a 2>/dev/null | grep '^net\.' | grep -v 'stable_secret\|\.nf_conntrack_count\|netfilter.nf_conntrack_.*count'
  for d in $(ip -n "$n" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do
    echo "--- ethtool $d"; ip netns exec "$n" ethtool -k "$d" 2>/dev/null | grep -v fixed
  done
  echo "--- sockets"; ip netns exec "$n" ss -tulpn
  } >> "$out" 2>&1
done
