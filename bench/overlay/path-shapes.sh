#!/usr/bin/env bash
# Throughput of the overlay's data-plane shape against the bare VXLAN pair, one kernel knob at a time.
# No engine and no etcd: the shape the overlay driver builds per host (a bridge with the gateway address,
# a VXLAN device enslaved to it with nolearning + proxy, one veth to the sandbox, static FDB and neighbour
# entries) is built by hand in throwaway namespaces on an underlay bridge of its own, beside the bare pair
# (VXLAN device in the namespace that sends). Each round runs every variant, each variant's iperf3 run
# followed at once by a bare-pair run, so load swings show as spread. Run as root, under the heavy lock:
#   flock /tmp/switchyard-heavy.lock bash bench/overlay/path-shapes.sh [ROUNDS] [VARIANT…]
# Variants: base gro gro-threaded nolearn nfcall txq docker-shape routed macvlan hostnft sbnft allnft
# hostnft-notrack allnft-notrack (the engine's nft rulesets on the hosts, in the sandboxes, or both; with
# -notrack the hosts' guard chain also skips conntrack between two sandboxes of the network: tried, no gain).
set -euo pipefail
ROUNDS=${1:-5}
shift || true
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=(base gro gro-threaded nolearn nfcall txq docker-shape routed macvlan)
P=sypath$$ # unique per run: namespaces ${P}u (underlay), ${P}a/${P}b (hosts), ${P}ca/${P}cb (sandboxes)
U=198.18.7
MTU=1450
ns() { ip netns exec "$@"; }
cleanup() { for n in u a b ca cb fa fb; do ip netns del "$P$n" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

plug() { # plug NS IFNAME ADDR: a veth from the underlay bridge into NS, named u0 there
  ip link add "$P$2" netns "${P}u" type veth peer name u0 netns "$1"
  ns "${P}u" ip link set "$P$2" master ul up
  ns "$1" ip addr add "$3/24" dev u0
  ns "$1" ip link set u0 up
  ns "$1" ip link set lo up
}

ip netns add "${P}u"
ns "${P}u" ip link add ul type bridge
ns "${P}u" ip link set ul up
# The bare pair: VXLAN devices in the namespaces themselves.
for s in a b; do ip netns add "${P}f$s"; done
plug "${P}fa" fa "$U.31"
plug "${P}fb" fb "$U.32"
bare() { # NS LOCAL PEERU ADDR PEERADDR MAC PEERMAC
  ns "$1" ip link add vx0 address "$6" mtu $MTU type vxlan id 4242 local "$2" dev u0 dstport 4789 nolearning
  ns "$1" ip addr add "$4/24" dev vx0
  ns "$1" ip link set vx0 up
  ns "$1" ip neigh replace "$5" lladdr "$7" dev vx0 nud permanent
  ns "$1" bridge fdb append "$7" dev vx0 dst "$3" self permanent
}
bare "${P}fa" $U.31 $U.32 192.0.2.1 192.0.2.2 02:00:c0:00:02:01 02:00:c0:00:02:02
bare "${P}fb" $U.32 $U.31 192.0.2.2 192.0.2.1 02:00:c0:00:02:02 02:00:c0:00:02:01

# The overlay's shape on hosts a and b, sandboxes ca and cb (10.77.0.2 and .3, MACs ..:02 and ..:03).
mac() { echo "02:42:0a:4d:00:0$1"; }
build() { # VARIANT
  local v=$1
  for s in a b; do ip netns add "$P$s"; ip netns add "${P}c$s"; done
  BUILD=$((BUILD + 1)) # underlay port names: a namespace's deletion frees its veth asynchronously
  plug "${P}a" "a$BUILD" "$U.11"
  plug "${P}b" "b$BUILD" "$U.12"
  local i=0
  for s in a b; do
    i=$((i + 1))
    local me=$((i + 1)) peer=$((3 - i + 1)) local=$U.1$i peeru=$U.1$((3 - i))
    local h="$P$s" c="${P}c$s"
    if [ "$v" = macvlan ]; then
      # Attached differently: the sandbox's interface is a macvlan child of the VXLAN device (no bridge, no veth).
      ns "$h" ip link add vx1 mtu $MTU type vxlan id 77 local "$local" dev u0 dstport 4789 nolearning
      ns "$h" ip link set vx1 up
      ns "$h" ip link add e0 link vx1 address "$(mac $me)" type macvlan mode bridge
      ns "$h" ip link set e0 netns "$c"
      ns "$h" bridge fdb append "$(mac $peer)" dev vx1 dst "$peeru" self permanent
      ns "$c" ip addr add "10.77.0.$me/24" dev e0
      ns "$c" ip link set e0 up
      ns "$c" ip neigh replace "10.77.0.$peer" lladdr "$(mac $peer)" dev e0 nud permanent
      continue
    fi
    if [ "$v" = routed ]; then
      # Attached differently: routed, not bridged. The sandbox's veth is routed on the host (a /32 route),
      # remote sandboxes are routed via the VXLAN device with a neighbour entry (flannel's shape).
      ns "$h" ip link add vx1 address "02:42:0a:4e:00:0$me" mtu $MTU type vxlan id 77 local "$local" dev u0 dstport 4789 nolearning
      ns "$h" ip addr add "10.78.0.$me/32" dev vx1
      ns "$h" ip link set vx1 up
      ns "$h" ip route add "10.78.0.$peer/32" via "10.78.0.$peer" dev vx1 onlink
      ns "$h" ip neigh replace "10.78.0.$peer" lladdr "02:42:0a:4e:00:0$peer" dev vx1 nud permanent
      ns "$h" bridge fdb append "02:42:0a:4e:00:0$peer" dev vx1 dst "$peeru" self permanent
      ns "$h" ip route add "10.77.0.$peer/32" via "10.78.0.$peer" dev vx1 onlink
      ns "$h" ip link add v0 mtu $MTU type veth peer name e0 netns "$c"
      ns "$h" ip link set v0 up
      ns "$h" ip route add "10.77.0.$me/32" dev v0
      ns "$h" sysctl -qw net.ipv4.ip_forward=1
      ns "$h" sysctl -qw net.ipv4.conf.v0.proxy_arp=1
      ns "$c" ip addr add "10.77.0.$me/24" dev e0
      ns "$c" ip link set e0 address "$(mac $me)" up
      continue
    fi
    if [ "$v" = docker-shape ]; then
      # Docker's shape: the VXLAN device is made in the host namespace and moved into the network's own
      # namespace (br0 + vxlan0 there; its UDP socket stays in the host namespace); learning + proxy.
      local n="${P}n$s"
      ip netns add "$n"
      ns "$h" ip link add vxd mtu $MTU type vxlan id 77 local "$local" dev u0 dstport 4789 learning proxy l2miss l3miss
      ns "$h" ip link set vxd netns "$n"
      ns "$n" ip link add br0 mtu $MTU type bridge
      ns "$n" ip addr add 10.77.0.1/24 dev br0
      ns "$n" ip link set vxd master br0
      ns "$n" ip link set br0 up
      ns "$n" ip link set vxd up
      ns "$n" ip link add v0 mtu $MTU type veth peer name e0 netns "$c"
      ns "$n" ip link set v0 master br0 up
      ns "$n" ip neigh replace "10.77.0.$peer" lladdr "$(mac $peer)" dev vxd nud permanent
      ns "$n" bridge fdb append "$(mac $peer)" dev vxd dst "$peeru" self permanent
      ns "$c" ip addr add "10.77.0.$me/24" dev e0
      ns "$c" ip link set e0 address "$(mac $me)" up
      continue
    fi
    ns "$h" ip link add br0 mtu $MTU type bridge
    ns "$h" ip addr add 10.77.0.1/24 dev br0
    ns "$h" ip link add vx1 mtu $MTU type vxlan id 77 local "$local" dev u0 dstport 4789 nolearning proxy
    ns "$h" ip link set vx1 master br0
    ns "$h" ip link set vx1 up
    ns "$h" ip link set br0 up
    ns "$h" ip link add v0 mtu $MTU type veth peer name e0 netns "$c"
    ns "$h" ip link set v0 master br0 up
    ns "$h" ip neigh replace "10.77.0.$peer" lladdr "$(mac $peer)" dev vx1 nud permanent
    ns "$h" bridge fdb replace "$(mac $peer)" dev vx1 dst "$peeru" self permanent
    ns "$c" ip addr add "10.77.0.$me/24" dev e0
    ns "$c" ip link set e0 address "$(mac $me)" up
    case $v in
      gro | gro-threaded)
        ns "$h" ethtool -K v0 gro on >/dev/null
        ns "$c" ethtool -K e0 gro on >/dev/null
        if [ "$v" = gro-threaded ]; then
          ns "$h" sh -c 'echo 1 > /sys/class/net/v0/threaded'
          ns "$c" sh -c 'echo 1 > /sys/class/net/e0/threaded'
        fi
        ;;
      nolearn) # the VXLAN port neither learns nor floods; the remote MAC is a static bridge FDB entry
        ns "$h" bridge link set dev vx1 learning off flood off mcast_flood off
        ns "$h" bridge fdb replace "$(mac $peer)" dev vx1 master static
        ns "$h" bridge fdb replace "$(mac $me)" dev v0 master static
        ns "$h" bridge link set dev v0 learning off
        ;;
      nfcall) # br_netfilter off for this namespace and this bridge
        ns "$h" ip link set br0 type bridge nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0
        ns "$h" sh -c 'for f in /proc/sys/net/bridge/bridge-nf-call-*; do [ -e "$f" ] && echo 0 > "$f"; done; true'
        ;;
      hostnft | allnft | hostnft-notrack | allnft-notrack)
        # the engine's host ruleset (its sets and chains as the lab has them), br_netfilter on; the -notrack
        # variants add a notrack rule for traffic within the subnet to the guard chain (tried, no gain)
        ns "$h" nft -f - <<'NFT'
table inet switchyard_shape {
	set bridges { type ifname; elements = { "br0" } }
	set internal { type ifname; }
	set icc_off { type ifname; }
	set same { type ifname . ifname; elements = { "br0" . "br0" } }
	set hairpin4 { type ifname . ipv4_addr . ipv4_addr; flags interval; elements = { "br0" . 10.77.0.0/24 . 10.77.0.0/24 } }
	set masq4 { type ipv4_addr; flags interval; elements = { 10.77.0.0/24 } }
	set own4 { type ipv4_addr . ifname; flags interval; elements = { 10.77.0.0/24 . "br0" } }
	set fwd_guard { type nf_proto; }
	chain forward {
		type filter hook forward priority filter - 10; policy accept;
		ct state established,related accept
		ct status dnat accept
		iifname @icc_off iifname . oifname @same drop
		iifname . oifname @same accept
		iifname @internal drop
		oifname @bridges drop
		meta nfproto @fwd_guard iifname != @bridges oifname != @bridges drop
	}
	chain ports { }
	chain prerouting { type nat hook prerouting priority dstnat - 10; policy accept; fib daddr type local jump ports; }
	chain output { type nat hook output priority -110; policy accept; ip6 daddr ::1 return; fib daddr type local jump ports; }
	chain postrouting {
		type nat hook postrouting priority srcnat - 10; policy accept;
		ct status dnat oifname . ip saddr . ip daddr @hairpin4 masquerade
		oifname @bridges ip saddr 127.0.0.0/8 masquerade
		ip saddr @masq4 ip saddr . oifname != @own4 masquerade
	}
	chain guard { type filter hook prerouting priority raw; policy accept; iifname @bridges ip daddr 127.0.0.0/8 drop; }
}
NFT
        case $v in *-notrack)
          ns "$h" nft -f - <<'NFT'
table inet switchyard_shape {
	set within4 { type ifname . ipv4_addr . ipv4_addr; flags interval; elements = { "br0" . 10.77.0.0/24 . 10.77.0.0/24 } }
	chain guard { iifname . ip saddr . ip daddr @within4 fib daddr type != local notrack; }
}
NFT
        esac
        ;;&
      sbnft | allnft | allnft-notrack) # the engine's sandbox table: the 127.0.0.11 DNS redirect (nat hooks, so conntrack)
        ns "$c" nft -f - <<'NFT'
table ip switchyard_dns {
	chain guard { type filter hook prerouting priority raw; policy accept; iifname != "lo" ip daddr 127.0.0.0/8 drop; }
	chain output {
		type nat hook output priority -100; policy accept;
		ip daddr 127.0.0.11 udp dport 53 dnat to 10.77.0.1:53
		ip daddr 127.0.0.11 tcp dport 53 dnat to 10.77.0.1:53
	}
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		ip saddr 127.0.0.0/8 ip daddr 10.77.0.1 meta l4proto { tcp, udp } th dport 53 masquerade
	}
}
NFT
        ;;
      txq) # no queue on the veth's host end and the VXLAN device
        ns "$h" ip link set v0 txqueuelen 0
        ns "$c" ip link set e0 txqueuelen 0
        ;;
    esac
  done
}
teardown() { for n in a b ca cb na nb; do ip netns del "$P$n" 2>/dev/null || true; done; }

iperf() { # SERVERNS CLIENTNS ADDR → Gbit/s:Gbit/s per CPU-s
  ns "$1" iperf3 -s -1 >/dev/null &
  local srv=$!
  for _ in $(seq 50); do ns "$1" ss -ltn | grep -q ':5201 ' && break; sleep 0.05; done
  # Gbit/s and Gbit/s per CPU-second of both iperf3 processes (what the path costs, less swayed by load)
  ns "$2" iperf3 -c "$3" -t 3 -J | python3 -c 'import json,sys; e=json.load(sys.stdin)["end"]; g=e["sum_received"]["bits_per_second"]/1e9; c=e["cpu_utilization_percent"]; print("%.2f:%.2f" % (g, g / ((c["host_total"] + c["remote_total"]) / 100)))'
  kill "$srv" 2>/dev/null || true
  wait "$srv" 2>/dev/null || true
}

if [ -n "${DUMP:-}" ]; then # DUMP=FILE: build the base shape once, write its settings (path-dump.sh), stop
  BUILD=0
  build base
  bash "$(dirname "$0")/path-dump.sh" "$DUMP" "${P}a" "${P}ca" "${P}b" "${P}cb"
  teardown
  exit 0
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); kernel $(uname -r); $ROUNDS rounds"
declare -A OURS BARE
BUILD=0
for r in $(seq "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    build "$v"
    ns "${P}ca" ping -c 2 -i 0.2 -W 1 10.77.0.3 >/dev/null || { echo "$v: no ping across" >&2; teardown; continue; }
    o=$(iperf "${P}cb" "${P}ca" 10.77.0.3)
    b=$(iperf "${P}fb" "${P}fa" 192.0.2.2)
    OURS[$v]+="$o "
    BARE[$v]+="$b "
    echo "round $r $v: shape ${o%%:*} Gbit/s (${o##*:} per CPU-s), bare ${b%%:*} Gbit/s (${b##*:} per CPU-s), load $(cut -d' ' -f1 /proc/loadavg)"
    teardown
  done
done
echo "summary (median of per-round ratios shape/bare, of Gbit/s and of Gbit/s per CPU-s; medians of each):"
for v in "${VARIANTS[@]}"; do
  python3 - "$v" "${OURS[$v]:-}" "${BARE[$v]:-}" <<'PY'
import statistics as s, sys
v = sys.argv[1]
o = [[float(y) for y in x.split(":")] for x in sys.argv[2].split()]
b = [[float(y) for y in x.split(":")] for x in sys.argv[3].split()]
if not o: print(f"{v}: no result"); sys.exit()
r = [x[0] / y[0] for x, y in zip(o, b)]
e = [x[1] / y[1] for x, y in zip(o, b)]
print(f"{v:13} shape {s.median(x[0] for x in o):6.2f}  bare {s.median(x[0] for x in b):6.2f} Gbit/s  ratio median {s.median(r)*100:5.1f}%  range {min(r)*100:.1f}-{max(r)*100:.1f}%;"
      f"  per CPU-s ratio median {s.median(e)*100:5.1f}%  range {min(e)*100:.1f}-{max(e)*100:.1f}%")
PY
done
