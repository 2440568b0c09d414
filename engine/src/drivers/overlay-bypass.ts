import { z } from 'zod';
import type { Runner } from '../exec/command';
import { nftApply, nftChange } from '../exec/nft';
import type { NetworkRecord } from '../model/types';

/** A local endpoint's port on the overlay: its MAC (inside the sandbox) and its veth's host end. */
export interface LocalPort {
  mac: string;
  ifname: string;
}

/** What one network's bypass table holds (remote MACs, local ports by endpoint id). */
export interface BypassContents {
  remote: Set<string>;
  local: Map<string, LocalPort>;
}

/** Per network: on (with what it holds) or off, and why (inspect says it). */
interface NetBypass extends BypassContents {
  table: string;
  vx: string;
  off?: string;
  /** The table was written whole since this engine started or the network was made (else: write it whole). */
  written: boolean;
  /** Changes of one network run one after the other (a leave and a watch batch may race). */
  queue: Promise<void>;
  /** The change waiting in the queue: later calls merge into it (the latest contents win). */
  next?: Pending;
  /**
   * Endpoints whose veth left (or is being re-made): never written back from contents computed before
   * that, until their next join. An id goes from here once no wanted contents hold it.
   */
  gone: Set<string>;
}

/** A change not started yet: what the network's table should hold once it runs. */
interface Pending {
  net: NetworkRecord;
  vx: string;
  want: BypassContents;
  full: boolean;
  done?: Promise<void>;
}

// Values reach an nft script: only these shapes pass (a row from another host is input like any other).
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;
const IFNAME = /^[A-Za-z0-9._-]{1,15}$/;
const portChain = (epId: string) => `p_${epId.replace(/[^0-9a-f]/g, '').slice(0, 12)}`;

/**
 * The whole table of one network, replacing whatever it held (one transaction): a set of the remote
 * endpoints' MACs, a map local MAC → host veth end, one ingress chain on the VXLAN device that forwards
 * frames for a local MAC straight to its veth, and one ingress chain per local veth that forwards frames
 * for a remote MAC straight to the VXLAN device (whose own FDB then picks the host). Everything else
 * (the gateway's MAC, broadcast and multicast, local-to-local) is left to the bridge. The counters show
 * that frames take this path (inspect, tests).
 */
export function renderBypass(table: string, vx: string, c: BypassContents): string {
  const remote = [...c.remote].filter((m) => MAC.test(m));
  const local = [...c.local].filter(([, p]) => MAC.test(p.mac) && IFNAME.test(p.ifname));
  const elems = (xs: string[]) => (xs.length > 0 ? ` elements = { ${xs.join(', ')} };` : '');
  return [
    `table netdev ${table}`,
    `delete table netdev ${table}`,
    `table netdev ${table} {`,
    `\tset remote { type ether_addr;${elems(remote)} }`,
    `\tmap local { type ether_addr : iface_index;${elems(local.map(([, p]) => `${p.mac} : "${p.ifname}"`))} }`,
    `\tchain vxlan { ${hook(vx)} ether daddr @local counter fwd to ether daddr map @local; }`,
    ...local.map(([id, p]) => `\tchain ${portChain(id)} { ${portChainBody(p, vx)} }`),
    '}',
    '',
  ].join('\n');
}

const hook = (dev: string) => `type filter hook ingress device "${dev}" priority 0; policy accept;`;
const portChainBody = (p: LocalPort, vx: string) =>
  `${hook(p.ifname)} ether daddr @remote counter fwd to "${vx}";`;

/** The commands that turn `from` into `to` (one transaction); '' when nothing changed. */
export function renderBypassDelta(
  table: string,
  vx: string,
  from: BypassContents,
  to: BypassContents,
): string {
  const lines: string[] = [];
  const gone = [...from.remote].filter((m) => !to.remote.has(m));
  const added = [...to.remote].filter((m) => !from.remote.has(m) && MAC.test(m));
  if (gone.length > 0) lines.push(`delete element netdev ${table} remote { ${gone.join(', ')} }`);
  if (added.length > 0) lines.push(`add element netdev ${table} remote { ${added.join(', ')} }`);
  for (const [id, p] of from.local) {
    const next = to.local.get(id);
    if (next && next.mac === p.mac && next.ifname === p.ifname) continue;
    lines.push(`delete element netdev ${table} local { ${p.mac} }`);
    if (!next || next.ifname !== p.ifname)
      lines.push(
        `flush chain netdev ${table} ${portChain(id)}`,
        `delete chain netdev ${table} ${portChain(id)}`,
      );
  }
  for (const [id, p] of to.local) {
    const prev = from.local.get(id);
    if (prev && prev.mac === p.mac && prev.ifname === p.ifname) continue;
    if (!MAC.test(p.mac) || !IFNAME.test(p.ifname)) continue;
    if (!prev || prev.ifname !== p.ifname)
      lines.push(`add chain netdev ${table} ${portChain(id)} { ${portChainBody(p, vx)} }`);
    lines.push(`add element netdev ${table} local { ${p.mac} : "${p.ifname}" }`);
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** Removes a table whether or not it exists (one transaction). */
const dropTable = (table: string) => `table netdev ${table}\ndelete table netdev ${table}\n`;

const CounterSchema = z.object({
  nftables: z.array(
    z.object({
      rule: z.object({ chain: z.string(), expr: z.array(z.record(z.string(), z.unknown())) }).optional(),
    }),
  ),
});

/** Frames forwarded by the bypass so far, from `nft -j list table` (per direction). */
export function countersFrom(json: string): { fromVxlan: number; toVxlan: number } {
  const out = { fromVxlan: 0, toVxlan: 0 };
  for (const item of CounterSchema.parse(JSON.parse(json)).nftables) {
    if (!item.rule) continue;
    for (const e of item.rule.expr) {
      const n = (e.counter as { packets?: number } | undefined)?.packets;
      if (typeof n !== 'number') continue;
      if (item.rule.chain === 'vxlan') out.fromVxlan += n;
      else out.toVxlan += n;
    }
  }
  return out;
}

/**
 * The overlay's bridge bypass on this host. Frames between a local sandbox and another host's endpoint skip
 * the host bridge (and so br_netfilter: with dockerd on the host, `bridge-nf-call-iptables=1` runs every
 * bridged frame through the namespace's IPv4 hooks and conntrack, ~10 % of the overlay's throughput here).
 * Nothing the bridge path enforces is lost: within one overlay network the engine's forward chain accepts
 * every bridged frame (`iifname . oifname @same accept`), and Docker's own overlay never shows such frames to
 * the host's netfilter either. A network with ICC off is the exception (the bridge's port isolation and
 * the forward chain's `@icc_off` rule act on its frames): it keeps the bridge path. Any failure turns the
 * bypass off for that network (table removed, frames take the bridge): it is a
 * shortcut, never needed for traffic to flow (the next change of the network tries the whole table again).
 */
export class OverlayBypass {
  private readonly nets = new Map<string, NetBypass>();
  /** Why the bypass is off on this host (the kernel probe), or undefined when the kernel has it. */
  unavailable?: string = 'the kernel was not probed for nftables netdev fwd';

  constructor(
    private readonly runner: Runner,
    private readonly tableName: (networkId: string) => string,
    private readonly warn: (msg: string, fields: Record<string, unknown>) => void = () => undefined,
  ) {}

  /** Why `net` takes the bridge path for all frames, or undefined when it may bypass it. */
  private ineligible(net: NetworkRecord): string | undefined {
    if (this.unavailable) return this.unavailable;
    if (!net.icc)
      return 'ICC is off on this network: its port isolation and forward rules need every frame on the bridge';
    return undefined;
  }

  private serial(netId: string, f: () => Promise<void>): Promise<void> {
    const n = this.nets.get(netId);
    if (!n) return f();
    const run = n.queue.then(f);
    n.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Makes the network's table hold `want`: the delta from what it holds, or the whole table when `full`
   * (start, resync: stale elements and chains go) or when the delta fails. A failure of the whole table
   * turns the bypass off for the network and removes its table. Changes are coalesced: while one runs,
   * the calls that arrive merge into the next (the latest `want` wins, `full` sticks), so a burst of
   * watch batches costs one nft transaction, not one each; the promise settles when the change that
   * carries this call's contents (or later ones) is in the kernel. The bypass is a shortcut, so callers
   * need not wait for it: until it lands, frames take the bridge.
   */
  program(net: NetworkRecord, vx: string, want: BypassContents, full: boolean): Promise<void> {
    let n = this.nets.get(net.id);
    if (!n) {
      n = {
        table: this.tableName(net.id),
        vx,
        remote: new Set(),
        local: new Map(),
        written: false,
        queue: Promise.resolve(),
        gone: new Set(),
      };
      this.nets.set(net.id, n);
    }
    const waiting = n.next;
    if (waiting?.done) {
      Object.assign(waiting, { net, vx, want, full: waiting.full || full });
      return waiting.done;
    }
    const next: Pending = { net, vx, want, full };
    n.next = next;
    const held = n;
    next.done = this.serial(net.id, async () => {
      if (held.next === next) held.next = undefined;
      if (this.nets.get(net.id) !== held) return; // removed or made again meanwhile
      // Never rejects (callers do not wait): a command that could not even run leaves the table unknown,
      // so the next change writes it whole.
      await this.apply(held, next).catch((e: unknown) => {
        held.written = false;
        this.warn('overlay bypass: a change could not run; the next one writes the whole table', {
          network: net.name,
          error: String(e),
        });
      });
    });
    return next.done;
  }

  private async apply(n: NetBypass, p: Pending): Promise<void> {
    const { net, vx, full } = p;
    const table = n.table;
    for (const id of n.gone) if (!p.want.local.has(id)) n.gone.delete(id);
    const want = {
      remote: p.want.remote,
      local: new Map([...p.want.local].filter(([id]) => !n.gone.has(id))),
    };
    const why = this.ineligible(net);
    if (why) {
      if (n.off !== why && !this.unavailable) await this.runner.run(nftApply(dropTable(table)));
      this.set(n, { remote: new Set(), local: new Map() }, why);
      return;
    }
    if (!full && !n.off && n.written) {
      const delta = renderBypassDelta(table, vx, n, want);
      if (delta === '') return;
      const r = await this.runner.run(nftChange(delta));
      if (r.exitCode === 0) return this.set(n, want);
      this.warn('overlay bypass: a change failed; writing the whole table again', {
        network: net.name,
        error: (r.stderr || r.stdout).trim().split('\n')[0],
      });
    }
    const r = await this.runner.run(nftApply(renderBypass(table, vx, want)));
    if (r.exitCode === 0) return this.set(n, want);
    const error = (r.stderr || r.stdout).trim().split('\n')[0] ?? `nft exited ${r.exitCode}`;
    this.warn('overlay bypass off for this network until a later change loads it: frames take the bridge', {
      network: net.name,
      error,
    });
    await this.runner.run(nftApply(dropTable(table)));
    this.set(n, { remote: new Set(), local: new Map() }, `nft could not load the bypass table: ${error}`);
  }

  private set(n: NetBypass, c: BypassContents, off?: string): void {
    n.remote = new Set(c.remote);
    n.local = new Map(c.local);
    n.off = off;
    n.written = !off;
  }

  /**
   * Before a local veth goes: its element and chain leave the table first (a stale ifindex would stay), and
   * no change computed before this one puts them back (until `joined`).
   */
  leave(netId: string, epId: string): Promise<void> {
    const n = this.nets.get(netId);
    n?.gone.add(epId);
    if (!n?.local.has(epId)) return Promise.resolve();
    return this.serial(netId, async () => {
      if (!n.local.has(epId) || n.off) return;
      const to = { remote: n.remote, local: new Map([...n.local].filter(([id]) => id !== epId)) };
      const r = await this.runner.run(nftChange(renderBypassDelta(n.table, n.vx, n, to)));
      if (r.exitCode !== 0) {
        // Rewritten without it (the table is then exactly `to`); off if even that fails.
        const full = await this.runner.run(nftApply(renderBypass(n.table, n.vx, to)));
        if (full.exitCode !== 0) {
          await this.runner.run(nftApply(dropTable(n.table)));
          return this.set(
            n,
            { remote: new Set(), local: new Map() },
            'nft could not update the bypass table',
          );
        }
      }
      this.set(n, to);
    });
  }

  /** The endpoint's veth is (re)made: the next change may add it again (after its announce). */
  joined(netId: string, epId: string): void {
    this.nets.get(netId)?.gone.delete(epId);
  }

  /**
   * The network was made (again): what this engine knew of its table is forgotten, so its first change
   * writes the table whole, replacing one an earlier life may have left (`renderBypass` deletes before it
   * loads). No nft here: a create does not pay a process for a table that is almost never there.
   */
  async forget(net: NetworkRecord): Promise<void> {
    const pending = this.nets.get(net.id)?.queue;
    this.nets.delete(net.id);
    await pending;
  }

  /**
   * The network is gone: its table too. Idempotent, and never fails the network's own
   * operation: without netdev fwd (or without nft, the `none` firewall) no table can exist.
   */
  async remove(net: NetworkRecord): Promise<void> {
    const table = this.nets.get(net.id)?.table ?? this.tableName(net.id);
    const pending = this.nets.get(net.id)?.queue;
    this.nets.delete(net.id);
    await pending;
    if (this.unavailable) return;
    const r = await this.runner.run(nftApply(dropTable(table)));
    if (r.exitCode !== 0)
      this.warn('overlay bypass: its table could not be removed', {
        network: net.name,
        table,
        error: (r.stderr || r.stdout).trim().split('\n')[0],
      });
  }

  /** In words, for `network inspect`: on (what it holds, frames it forwarded) or off and why. */
  async status(net: NetworkRecord): Promise<string> {
    const why = this.ineligible(net);
    const n = this.nets.get(net.id);
    if (why ?? n?.off) return `off: ${why ?? n?.off}; every frame crosses the host bridge`;
    if (!n) return 'not programmed yet (the first resync writes it)';
    const r = await this.runner.run({ argv: ['nft', '-j', 'list', 'table', 'netdev', n.table] });
    if (r.exitCode !== 0) return `on, but its table ${n.table} could not be read: ${r.stderr.trim()}`;
    const c = countersFrom(r.stdout);
    return (
      `on (nft table netdev ${n.table}): frames between ${n.local.size} local and ${n.remote.size} remote ` +
      `endpoints skip the host bridge; forwarded so far ${c.toVxlan} to and ${c.fromVxlan} from the VXLAN device`
    );
  }
}

/** The bypass tables of a prefix present in the kernel (uninstall). */
export async function listBypassTables(runner: Runner, isOurs: (name: string) => boolean): Promise<string[]> {
  const r = await runner.run({ argv: ['nft', '-j', 'list', 'tables', 'netdev'] });
  if (r.exitCode !== 0) return [];
  const parsed = z
    .object({ nftables: z.array(z.object({ table: z.object({ name: z.string() }).optional() })) })
    .safeParse(JSON.parse(r.stdout || '{}'));
  if (!parsed.success) return [];
  return parsed.data.nftables.flatMap((t) => (t.table && isOurs(t.table.name) ? [t.table.name] : []));
}

export const dropBypassTable = dropTable;
