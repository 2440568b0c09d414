// `node --import tsx bench/overlay/path-knobs.ts [--rounds N] [knob…]` (root, etcd, iperf3, ethtool; run it
// under flock /tmp/switchyard-heavy.lock): the real overlay path (two fake hosts with their engine daemons,
// one etcd member, an overlay and a sandbox on each host) beside the bare VXLAN pair on the same underlay,
// with one kernel knob at a time applied to our path and undone after its round. Each round runs every
// knob, each knob's iperf3 run followed at once by a bare-pair run; the ratio per round is ours / bare.
// Knobs change the lab's namespaces only, never the machine's own.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { NamespaceHost } from '../../test/engine/harness';
import { must, sh, skipReason } from '../../test/engine/harness';
import { OverlayLab, vxlanOf } from '../../test/engine/overlay-lab';
import { bareVxlanPair } from './floor';
import { type IperfRun, iperfRun } from './iperf';

interface Knob {
  name: string;
  what: string;
  apply(): void;
  undo(): void;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const inNs = (ns: string, argv: string[], input?: string) =>
  must(['nsenter', `--net=/run/netns/${ns}`, '--', ...argv], input);

async function main() {
  // ethtool only for the knobs that use it (veth-gro*), or when every knob runs.
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-') && !/^\d+$/.test(a));
  const needEthtool = asked.length === 0 || asked.some((k) => k.includes('gro'));
  const tools = ['etcd', 'iperf3', ...(needEthtool ? ['ethtool'] : [])].filter(
    (t) => sh(['which', t]).status !== 0,
  );
  const reason = skipReason(tools);
  if (reason) return console.log(`path knobs not measured: ${reason}`);
  const i = process.argv.indexOf('--rounds');
  const rounds = i > 0 ? Number(process.argv[i + 1]) : 5;
  const only = process.argv
    .slice(2)
    .filter(
      (a, k, all) =>
        !a.startsWith('--') &&
        all[k - 1] !== '--rounds' &&
        all[k - 1] !== '--dump' &&
        all[k - 2] !== '--dump',
    );
  const lab = await OverlayLab.start({ hosts: 2, members: 1 });
  const floor = await bareVxlanPair(lab.underlay.name);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => void floor.close().finally(() => lab.close().finally(() => process.exit(130))));
  try {
    const [h0, h1] = lab.hosts as [NamespaceHost, NamespaceHost];
    await h0.c.call('network.create', { name: 'pk', driver: 'overlay', attachable: true });
    const id = (await h0.c.call('network.inspect', { network: 'pk' })).Id;
    const a = await h0.c.call('sandbox.create', { name: 'a', networks: ['pk'] });
    const b = await h1.c.call('sandbox.create', { name: 'b', networks: ['pk'] });
    const bIp = b.endpoints[0]?.ipv4 as string;
    const gateway = (await h0.c.call('network.inspect', { network: 'pk' })).IPAM.Config[0]?.Gateway as string;
    inNs(a.netns, ['ping', '-c', '3', '-i', '0.2', bIp]);
    const sides = [
      {
        h: h0,
        sb: a.netns,
        veth: `${h0.prefix}-v${a.endpoints[0]?.id.slice(0, 7)}`,
        mac: a.endpoints[0]?.mac as string,
      },
      {
        h: h1,
        sb: b.netns,
        veth: `${h1.prefix}-v${b.endpoints[0]?.id.slice(0, 7)}`,
        mac: b.endpoints[0]?.mac as string,
      },
    ];
    const hostNs = (h: NamespaceHost) => h.hostNs;
    const saved = new Map<string, string>();
    // Both ends of each veth: the host end in the fake host, eth0 in the sandbox.
    const bothEnds = (f: (ns: string, dev: string) => void) => {
      for (const s of sides) {
        f(hostNs(s.h), s.veth);
        f(s.sb, 'eth0');
      }
    };
    const vxlanPort = (v: 'on' | 'off') => {
      for (const s of sides) {
        const dev = vxlanOf(s.h, id);
        inNs(hostNs(s.h), ['bridge', 'link', 'set', 'dev', dev, 'learning', v, 'flood', v, 'mcast_flood', v]);
      }
    };
    const bridgeOf = (h: NamespaceHost) => `${h.prefix}-b${id.slice(0, 7)}`;
    const bridgeOpt = (opt: string, v: string) => {
      for (const s of sides)
        inNs(hostNs(s.h), ['ip', 'link', 'set', 'dev', bridgeOf(s.h), 'type', 'bridge', opt, v]);
    };
    const brNf = (v: '0' | '1') => {
      for (const s of sides)
        inNs(hostNs(s.h), [
          'sysctl',
          '-qw',
          `net.bridge.bridge-nf-call-iptables=${v}`,
          `net.bridge.bridge-nf-call-ip6tables=${v}`,
        ]);
    };
    // Each namespace's whole ruleset, saved and flushed for a knob's run, then loaded back.
    const flushRulesets = (nss: string[]) => {
      for (const ns of nss) {
        saved.set(ns, inNs(ns, ['nft', 'list', 'ruleset']));
        inNs(ns, ['nft', 'flush', 'ruleset']);
      }
    };
    const restoreRulesets = (nss: string[]) => {
      for (const ns of nss) inNs(ns, ['nft', '-f', '-'], saved.get(ns));
    };
    const hostNss = () => sides.map((s) => hostNs(s.h));
    const sandboxNss = () => sides.map((s) => s.sb);
    const vethGro = (on: 'on' | 'off') => bothEnds((ns, dev) => inNs(ns, ['ethtool', '-K', dev, 'gro', on]));
    const threaded = (v: '0' | '1') =>
      // `ip netns exec` mounts the namespace's own /sys (nsenter --net would show the machine's).
      bothEnds((ns, dev) =>
        must(['ip', 'netns', 'exec', ns, 'tee', `/sys/class/net/${dev}/threaded`], `${v}\n`),
      );
    // Every process in the lab's namespaces before any iperf3 runs (daemons, their `ip`/`bridge` sessions,
    // etcd): only what the lab started.
    const labNs = [
      ...lab.hosts.map((h) => h.hostNs),
      ...lab.etcdNs.map((n) => n.name),
      a.netns,
      b.netns,
      lab.underlay.name,
    ];
    const labPids = new Map<number, string>();
    for (const ns of labNs)
      for (const pid of must(['ip', 'netns', 'pids', ns]).split(/\s+/).filter(Boolean))
        labPids.set(Number(pid), `${ns}:${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()}`);
    const d = process.argv.indexOf('--dump');
    if (d > 0) {
      const script = process.argv[d + 1] as string;
      must([script, process.argv[d + 2] as string, hostNs(h0), a.netns, hostNs(h1), b.netns]);
      return;
    }
    await idleCpu(
      new Map([...labPids, [process.pid, "this bench process (reads the daemons' logs)"]]),
      10_000,
    );
    const signalAll = (sig: 'SIGSTOP' | 'SIGCONT') => {
      for (const pid of labPids.keys())
        try {
          process.kill(pid, sig);
        } catch {
          // gone since (a one-shot helper such as the announcement's arping)
        }
    };
    const all: Knob[] = [
      { name: 'as-is', what: 'the path as the engine builds it', apply() {}, undo() {} },
      {
        name: 'lab-stopped',
        what: "the lab's daemons, their helper processes and etcd SIGSTOPped for the run (SIGCONT after)",
        apply: () => signalAll('SIGSTOP'),
        undo: () => signalAll('SIGCONT'),
      },
      {
        name: 'no-sandbox-nft',
        what: "the sandboxes' own nft table (DNS redirect: nat hooks, so conntrack on every packet) removed",
        apply: () => flushRulesets(sandboxNss()),
        undo: () => restoreRulesets(sandboxNss()),
      },
      {
        name: 'no-host-nft-brnf',
        what: "the fake hosts' nft ruleset removed and bridge-nf-call-ip(6)tables 0 (no netfilter on the bridge hop)",
        apply() {
          flushRulesets(hostNss());
          brNf('0');
        },
        undo() {
          restoreRulesets(hostNss());
          brNf('1');
        },
      },
      {
        name: 'no-nft-anywhere',
        what:
          "no netfilter on the path: the sandboxes' and the fake hosts' nft rulesets removed, bridge-nf-call-ip(6)tables 0 " +
          '(the hand-built shape has none of it)',
        apply() {
          flushRulesets([...sandboxNss(), ...hostNss()]);
          brNf('0');
        },
        undo() {
          restoreRulesets([...sandboxNss(), ...hostNss()]);
          brNf('1');
        },
      },
      {
        name: 'vxlan-notrack',
        what: 'the fake hosts skip conntrack for the VXLAN packets themselves (UDP 4789 on the underlay, in and out)',
        apply() {
          for (const s of sides)
            inNs(
              hostNs(s.h),
              ['nft', '-f', '-'],
              [
                'table inet sy_bench_vxlan {',
                '\tchain pre { type filter hook prerouting priority raw; policy accept; udp dport 4789 notrack; }',
                '\tchain out { type filter hook output priority raw; policy accept; udp dport 4789 notrack; }',
                '}',
                '',
              ].join('\n'),
            );
        },
        undo() {
          for (const s of sides) inNs(hostNs(s.h), ['nft', 'delete', 'table', 'inet', 'sy_bench_vxlan']);
        },
      },
      {
        name: 'host-nft-off',
        what: "the fake hosts' nft ruleset removed (bridge-nf-call-iptables stays 1; the sandboxes' tables kept)",
        apply: () => flushRulesets(hostNss()),
        undo: () => restoreRulesets(hostNss()),
      },
      {
        name: 'no-bypass',
        what:
          "the engine's bridge bypass removed for the run (its netdev table on each host, loaded back after): " +
          'every frame crosses the host bridge, as before the bypass was built',
        apply() {
          for (const s of sides) {
            const table = `switchyard_${s.h.prefix}_x${id.slice(0, 7)}`;
            saved.set(`bypass:${s.h.hostNs}`, inNs(hostNs(s.h), ['nft', 'list', 'table', 'netdev', table]));
            inNs(hostNs(s.h), ['nft', 'delete', 'table', 'netdev', table]);
          }
        },
        undo() {
          for (const s of sides) inNs(hostNs(s.h), ['nft', '-f', '-'], saved.get(`bypass:${s.h.hostNs}`));
        },
      },
      {
        name: 'bypass-nocounter',
        what: "the engine's bypass table loaded again without its `counter` statements (the lookups and fwd kept)",
        apply() {
          for (const s of sides) {
            const table = `switchyard_${s.h.prefix}_x${id.slice(0, 7)}`;
            const text = inNs(hostNs(s.h), ['nft', 'list', 'table', 'netdev', table]);
            saved.set(`bypass:${s.h.hostNs}`, text);
            inNs(hostNs(s.h), ['nft', 'delete', 'table', 'netdev', table]);
            inNs(hostNs(s.h), ['nft', '-f', '-'], text.replace(/counter packets \d+ bytes \d+ /g, ''));
          }
        },
        undo() {
          for (const s of sides) {
            const table = `switchyard_${s.h.prefix}_x${id.slice(0, 7)}`;
            inNs(hostNs(s.h), ['nft', 'delete', 'table', 'netdev', table]);
            inNs(hostNs(s.h), ['nft', '-f', '-'], saved.get(`bypass:${s.h.hostNs}`));
          }
        },
      },
      {
        name: 'netdev-fwd',
        what:
          '(the engine now does this itself: use no-bypass for the A/B) the bridge hop bypassed for the stream: a netdev ingress chain on the host end of the veth sends frames ' +
          "for the other host's sandbox straight to the VXLAN device, and one on the VXLAN device sends frames " +
          'for the local sandbox straight to the veth (fwd to; no bridge, so no br_netfilter)',
        apply() {
          for (const [i, s] of sides.entries()) {
            const peer = sides[1 - i] as (typeof sides)[number];
            const vx = vxlanOf(s.h, id);
            inNs(
              hostNs(s.h),
              ['nft', '-f', '-'],
              [
                'table netdev sy_bench_fwd {',
                `\tchain from_sandbox { type filter hook ingress device "${s.veth}" priority 0; policy accept; ether daddr ${peer.mac} fwd to "${vx}"; }`,
                `\tchain from_vxlan { type filter hook ingress device "${vx}" priority 0; policy accept; ether daddr ${s.mac} fwd to "${s.veth}"; }`,
                '}',
                '',
              ].join('\n'),
            );
          }
        },
        undo() {
          for (const s of sides) inNs(hostNs(s.h), ['nft', 'delete', 'table', 'netdev', 'sy_bench_fwd']);
        },
      },
      {
        name: 'veth-gro',
        what: 'GRO on both ends of each veth (ethtool -K gro on: the veth gets NAPI)',
        apply: () => vethGro('on'),
        undo: () => vethGro('off'),
      },
      {
        name: 'veth-gro-threaded',
        what: 'GRO on the veths plus threaded NAPI (/sys/class/net/X/threaded)',
        apply() {
          vethGro('on');
          threaded('1');
        },
        undo() {
          threaded('0');
          vethGro('off');
        },
      },
      {
        name: 'sandbox-dnat',
        what:
          'before the 7th pass: the DNS redirect as the engine made it until then, an nft table in each ' +
          'sandbox (127.0.0.11:53 DNAT-ed to the gateway, masquerade, a prerouting guard)',
        apply() {
          for (const s of sides) inNs(s.sb, ['nft', '-f', '-'], legacyDnsTable(gateway));
        },
        undo() {
          for (const s of sides) inNs(s.sb, ['nft', 'delete', 'table', 'ip', 'switchyard_dns']);
        },
      },
      {
        name: 'vxlan-port-quiet',
        what: 'the VXLAN bridge port neither learns nor floods (bridge link set … learning off flood off)',
        apply: () => vxlanPort('off'),
        undo: () => vxlanPort('on'),
      },
      {
        name: 'sandbox-notrack',
        what:
          "the sandboxes' nft table kept, plus a raw-priority chain that skips conntrack for everything but the " +
          'DNS redirect (127.0.0.11 and the answers from the gateway port 53)',
        apply() {
          for (const s of sides)
            inNs(
              s.sb,
              ['nft', '-f', '-'],
              [
                'table ip sy_bench_notrack {',
                '\tchain out {',
                '\t\ttype filter hook output priority raw; policy accept;',
                '\t\tip daddr != 127.0.0.11 notrack',
                '\t}',
                '\tchain pre {',
                '\t\ttype filter hook prerouting priority raw; policy accept;',
                '\t\tmeta l4proto { tcp, udp } th sport 53 return',
                '\t\tnotrack',
                '\t}',
                '}',
                '',
              ].join('\n'),
            );
        },
        undo() {
          for (const s of sides) inNs(s.sb, ['nft', 'delete', 'table', 'ip', 'sy_bench_notrack']);
        },
      },
      {
        name: 'bridge-nf-off',
        what: 'bridge-nf-call-ip(6)tables 0 in the fake hosts (their nft ruleset kept)',
        apply: () => brNf('0'),
        undo: () => brNf('1'),
      },
      {
        name: 'bridge-no-mcast-snoop',
        what: "the overlay bridge's multicast snooping off (mcast_snooping 0)",
        apply: () => bridgeOpt('mcast_snooping', '0'),
        undo: () => bridgeOpt('mcast_snooping', '1'),
      },
      {
        name: 'txqlen-0',
        what: 'tx queue length 0 on both veth ends (they have noqueue anyway)',
        apply: () => bothEnds((ns, dev) => inNs(ns, ['ip', 'link', 'set', dev, 'txqueuelen', '0'])),
        undo: () => bothEnds((ns, dev) => inNs(ns, ['ip', 'link', 'set', dev, 'txqueuelen', '1000'])),
      },
    ];
    // Two knobs at once, named `a+b`: applied in order, undone in reverse.
    const knobs = (only.length === 0 ? all.map((k) => k.name) : only).map((name): Knob => {
      const parts = name.split('+').map((n) => all.find((k) => k.name === n));
      if (parts.some((k) => !k))
        throw new Error(`no knob ${name}; knobs: ${all.map((k) => k.name).join(' ')}`);
      const ks = parts as Knob[];
      return {
        name,
        what: ks.map((k) => k.what).join('; and '),
        apply: () => ks.forEach((k) => k.apply()),
        undo: () => [...ks].reverse().forEach((k) => k.undo()),
      };
    });
    console.log(
      `load average: ${loadavg().map(r1).join(' ')} (2 cores shared); ${rounds} rounds, iperf3 3 s`,
    );
    const res = new Map(knobs.map((k) => [k.name, { ours: [] as IperfRun[], bare: [] as IperfRun[] }]));
    // Gbit/s per CPU core-second of the two iperf3 processes: what the path costs, less swayed by load.
    const eff = (x: IperfRun) => x.gbps / (x.cpu / 100);
    for (let r = 0; r < rounds; r++)
      for (const k of knobs) {
        k.apply();
        try {
          const ours = await iperfRun(b.netns, a.netns, bIp);
          const bare = await iperfRun(floor.b.name, floor.a.name, '192.0.2.2');
          const e = res.get(k.name);
          e?.ours.push(ours);
          e?.bare.push(bare);
          console.log(
            `round ${r + 1} ${k.name}: ours ${r1(ours.gbps)} bare ${r1(bare.gbps)} Gbit/s, ` +
              `${r1(eff(ours))} / ${r1(eff(bare))} Gbit/s per CPU-s (load ${r1(loadavg()[0] ?? 0)})`,
          );
        } finally {
          k.undo();
        }
      }
    console.log(`load average at the end: ${loadavg().map(r1).join(' ')}`);
    const pct = (xs: number[]) =>
      `median ${r1(median(xs) * 100)}% (${r1(Math.min(...xs) * 100)}-${r1(Math.max(...xs) * 100)}%)`;
    for (const k of knobs) {
      const e = res.get(k.name) as { ours: IperfRun[]; bare: IperfRun[] };
      const ratios = e.ours.map((o, j) => o.gbps / (e.bare[j] as IperfRun).gbps);
      const effRatios = e.ours.map((o, j) => eff(o) / eff(e.bare[j] as IperfRun));
      console.log(
        `${k.name.padEnd(18)} ours median ${r1(median(e.ours.map((x) => x.gbps)))} Gbit/s, bare ${r1(median(e.bare.map((x) => x.gbps)))}; ` +
          `ours/bare per round ${pct(ratios)}; per CPU-s ${pct(effRatios)}: ${k.what}`,
      );
    }
  } finally {
    await floor.close();
    await lab.close();
  }
}

/** The sandbox table engines before the 7th pass loaded (discovery/sandbox-nat.ts then), for `sandbox-dnat`. */
function legacyDnsTable(gateway: string): string {
  return [
    'table ip switchyard_dns {',
    '\tchain guard {',
    '\t\ttype filter hook prerouting priority -300; policy accept;',
    '\t\tiifname != "lo" ip daddr 127.0.0.0/8 drop',
    '\t}',
    '\tchain output {',
    '\t\ttype nat hook output priority -100; policy accept;',
    `\t\tip daddr 127.0.0.11 udp dport 53 dnat to ${gateway}:53`,
    `\t\tip daddr 127.0.0.11 tcp dport 53 dnat to ${gateway}:53`,
    '\t}',
    '\tchain postrouting {',
    '\t\ttype nat hook postrouting priority 100; policy accept;',
    `\t\tip saddr 127.0.0.0/8 ip daddr ${gateway} meta l4proto { tcp, udp } th dport 53 masquerade`,
    '\t}',
    '}',
    '',
  ].join('\n');
}

/** CPU time (user + system, clock ticks → ms) of `pid`, from /proc/PID/stat; NaN once it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // fields 14, 15; USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** Prints each lab process's CPU over `ms` of idling (nothing asked of the daemons meanwhile). */
async function idleCpu(pids: Map<number, string>, ms: number): Promise<void> {
  const before = new Map([...pids.keys()].map((p) => [p, cpuMs(p)]));
  await new Promise((r) => setTimeout(r, ms));
  let total = 0;
  for (const [pid, what] of pids) {
    const used = cpuMs(pid) - (before.get(pid) as number);
    total += used || 0;
    console.log(
      `idle CPU over ${ms / 1000} s: ${what} (pid ${pid}) ${r1(used)} ms = ${r1((used / ms) * 100)}% of a core`,
    );
  }
  console.log(
    `idle CPU over ${ms / 1000} s, all lab processes: ${r1(total)} ms = ${r1((total / ms) * 100)}% of a core`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
