// The overlay tier's set-up: an underlay bridge in a namespace of its own, three namespace hosts (NamespaceHost, each
// with its own daemon, state dir, socket and prefix) and three etcd members, each in its own namespace,
// all plugged into that bridge. Nothing touches the root namespace; close() removes all of it.
import { EngineClient } from '@switchyard/hostio';
import { createNetns, type Netns } from '../support/netns';
import { startEtcdCluster, type EtcdCluster, type EtcdTls } from '../support/etcd';
import { BUNDLE, NamespaceHost, must, sh, waitFor } from './harness';

export const UNDERLAY = '198.18.0';
export const hostAddr = (i: number) => `${UNDERLAY}.${11 + i}`;
export const etcdAddr = (i: number) => `${UNDERLAY}.${21 + i}`;
/** The underlay's IPv6 prefix (documentation range): hosts also get `${UNDERLAY6}::<11+i>/64` with `ipv6`. */
export const UNDERLAY6 = '2001:db8:5918';
export const hostAddr6 = (i: number) => `${UNDERLAY6}::${11 + i}`;

/**
 * The MAC of a lab machine's underlay NIC, fixed by its address (02:18 and the four octets): a host that
 * "vanishes" and is revived keeps it, as a real machine's NIC does. With a new random MAC each revival, its
 * peers kept sending VXLAN to the old one from their ARP cache for seconds after the overlay had converged.
 */
export const underlayMac = (addr: string): string =>
  ['02', '18', ...addr.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':');

/** Plugs namespace `ns` into the underlay bridge with `addr`/24 on its end `u0` (made from the underlay side). */
export function plug(
  underlay: string,
  ns: string,
  port: string,
  addr: string,
  mtu = 1500,
  addr6?: string,
): void {
  const mac = underlayMac(addr);
  must([
    'ip',
    '-n',
    underlay,
    'link',
    'add',
    port,
    'type',
    'veth',
    'peer',
    'name',
    'u0',
    'address',
    mac,
    'netns',
    ns,
  ]);
  must(['ip', '-n', underlay, 'link', 'set', port, 'master', 'br0', 'up']);
  must(['ip', '-n', ns, 'addr', 'add', `${addr}/24`, 'dev', 'u0']);
  // nodad: a tentative address cannot be bound, and the VXLAN device binds to it at once.
  if (addr6) must(['ip', '-n', ns, 'addr', 'add', `${addr6}/64`, 'dev', 'u0', 'nodad']);
  must(['ip', '-n', ns, 'link', 'set', 'u0', 'mtu', String(mtu), 'up']);
}

export interface LabOptions {
  hosts?: number;
  /** Underlay MTU per host index (default 1500). */
  mtu?: Record<number, number>;
  etcdTls?: { server: EtcdTls };
  /** Extra daemon flags per host (TLS options, insecure flag). */
  storeOpts?: string[];
  members?: number;
  /** Hosts also hold an IPv6 address on the underlay and advertise it: VXLAN over IPv6. */
  ipv6?: boolean;
}

export class OverlayLab {
  hosts: NamespaceHost[] = [];
  etcdNs: Netns[] = [];
  etcd?: EtcdCluster;
  constructor(
    readonly underlay: Netns,
    readonly o: LabOptions,
  ) {}

  static async start(o: LabOptions = {}): Promise<OverlayLab> {
    const underlay = await createNetns('syul');
    must(['ip', '-n', underlay.name, 'link', 'add', 'br0', 'type', 'bridge']);
    must(['ip', '-n', underlay.name, 'link', 'set', 'br0', 'up']);
    const lab = new OverlayLab(underlay, o);
    try {
      const members = o.members ?? 3;
      for (let i = 0; i < members; i++) {
        const ns = await createNetns('syet');
        lab.etcdNs.push(ns);
        plug(underlay.name, ns.name, `e${i}`, etcdAddr(i));
      }
      lab.etcd = await startEtcdCluster(
        lab.etcdNs.map((ns, i) => ({ ns, host: etcdAddr(i) })),
        o.etcdTls,
      );
      lab.hosts = await Promise.all(
        Array.from({ length: o.hosts ?? 3 }, (_, i) =>
          NamespaceHost.start(lab.daemonArgs(i), (h) => {
            // The first host runs the bundle the extension deploys (dist/engine.js, etcd3's protos inlined),
            // the others the source: every cross-host test checks that the shipped file works with them.
            if (i === 0) h.engineEntry = [BUNDLE];
            lab.plugHost(h, i);
          }),
        ),
      );
    } catch (e) {
      await lab.close();
      throw e;
    }
    return lab;
  }

  daemonArgs(i: number): string[] {
    return [
      '--cluster-store',
      this.etcd?.storeUrl as string,
      '--advertise-addr',
      this.o.ipv6 ? hostAddr6(i) : hostAddr(i),
      ...(this.o.storeOpts ?? ['--cluster-store-opt', 'kv.insecure=true']),
    ];
  }

  plugHost(h: NamespaceHost, i: number): void {
    const v6 = this.o.ipv6 ? hostAddr6(i) : undefined;
    plug(this.underlay.name, h.hostNs, `h${i}`, hostAddr(i), this.o.mtu?.[i] ?? 1500, v6);
  }

  /** Kills host i's daemon and removes its namespaces (a dead machine). */
  async vanish(i: number): Promise<void> {
    await this.hosts[i]?.vanish();
  }
  async revive(i: number): Promise<void> {
    await this.hosts[i]?.revive(this.daemonArgs(i), (h) => this.plugHost(h, i));
  }
  /**
   * kill -9 and start again on the same state. The new daemon resumes the killed one's lease while etcd
   * still holds it (its id is in the state dir), so its rows never leave the store; a restart slower than
   * the TTL gets a new lease (the peers dropped its rows when the old one expired, and get them back).
   * `test/engine/overlay-lease.test.ts` checks both.
   */
  async restartDaemon(i: number): Promise<void> {
    const h = this.hosts[i] as NamespaceHost;
    await h.kill9();
    await h.startDaemon(this.daemonArgs(i));
  }

  /** The lease host i's record is under (undefined while it has none). */
  leaseOf(i: number): string | undefined {
    const addr = this.o.ipv6 ? hostAddr6(i) : hostAddr(i);
    return (
      this.etcdRead<string | null>(
        `c.get('/switchyard/v1/hosts/${addr}').string().then((v)=>v&&String(JSON.parse(v).lease))`,
      ) ?? undefined
    );
  }

  /** Seconds etcd gives lease `id` still (negative once it expired). */
  leaseTtl(id: string): number {
    return this.etcdRead<number>(`c.leaseClient.leaseTimeToLive({ID:'${id}'}).then((r)=>Number(r.TTL))`);
  }

  /** Waits until etcd no longer holds lease `id`. */
  async leaseExpired(id: string, what: string): Promise<void> {
    await waitFor(`${what}: lease ${id} to expire`, () => this.leaseTtl(id) < 0 || undefined, 20_000);
  }

  /** The store's current revision. */
  revision(): number {
    return this.etcdRead<number>(
      `c.getAll().prefix('/switchyard/v1/').exec().then((r)=>Number(r.header.revision))`,
    );
  }

  /**
   * Every event under the engine's prefix after `revision`, from etcd's history (a watch from that revision):
   * `PUT key` or `DELETE key`. It ends at a marker key written (and removed) outside the engine's prefix, so
   * no event up to now is missed however slowly the history arrives.
   */
  storeEvents(revision: number): string[] {
    const marker = `/switchyard-lab/marker-${process.pid}`;
    return this.etcdRead<string[]>(
      `new Promise((resolve,reject)=>{const out=[];c.watch().prefix('/switchyard').startRevision('${revision + 1}').create().then((w)=>{` +
        `w.on('error',reject);w.on('data',(res)=>{for(const e of res.events){const k=e.kv.key.toString();` +
        `if(k==='${marker}'){w.cancel().then(()=>c.delete().key(k)).then(()=>resolve(out),reject);return}` +
        `if(k.startsWith('/switchyard/v1/'))out.push(String(e.type).toUpperCase()+' '+k)}});return c.put('${marker}').value('x')},reject)})`,
    );
  }

  /** The revision each of `keys` was last written at (0: no such key). */
  modRevisions(keys: string[]): number[] {
    return this.etcdRead<number[]>(
      `Promise.all(${JSON.stringify(keys)}.map((k)=>c.get(k).exec().then((r)=>Number(r.kvs[0]?.mod_revision??0))))`,
    );
  }

  /** Keys under the engine's prefix, read by a node process inside an etcd member's namespace. */
  etcdKeys(member = 0): string[] {
    return this.etcdRead<string[]>(`c.getAll().prefix('/switchyard/v1/').keys()`, member);
  }

  /** Writes `value` at `key` (no lease), as a host the engine does not know would; the tests remove it. */
  etcdPut(key: string, value: string): void {
    this.etcdRead(`c.put(${JSON.stringify(key)}).value(${JSON.stringify(value)}).exec().then(()=>null)`);
  }

  /** The value at `key`, or null. */
  etcdGet(key: string): string | null {
    return this.etcdRead<string | null>(`c.get(${JSON.stringify(key)}).string()`);
  }

  etcdDelete(key: string): void {
    this.etcdRead(`c.delete().key(${JSON.stringify(key)}).exec().then(()=>null)`);
  }

  /** Runs `expr` (a promise, with `c` an etcd3 client on a running member) in that member's namespace. */
  private etcdRead<T>(expr: string, member = 0): T {
    const m = this.etcd?.members.find((x, i) => i >= member && x.running());
    if (!m) throw new Error('no etcd member running');
    const script = `const {Etcd3}=require('etcd3');const c=new Etcd3({hosts:'${m.clientUrl}'});Promise.resolve().then(()=>${expr}).then((v)=>{console.log(JSON.stringify(v===undefined?null:v));c.close()},(e)=>{console.error(String(e));process.exit(1)})`;
    const r = sh(['nsenter', `--net=/run/netns/${m.ns.name}`, '--', process.execPath, '-e', script]);
    if (r.status !== 0) throw new Error(`reading etcd failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  async close(): Promise<void> {
    const t0 = Date.now();
    const log = (m: string) =>
      process.env.LAB_DEBUG && console.log(`lab close: ${m} at ${Date.now() - t0} ms`);
    await Promise.all(this.hosts.map((h) => h.close()));
    log('hosts');
    await this.etcd?.stop();
    log('etcd');
    for (const ns of this.etcdNs) await ns.delete();
    log('etcd ns');
    await this.underlay.delete();
    log('underlay');
  }
}

/** One don't-fragment ping of `size` payload bytes from namespace `netns` on host `h` to `to`. */
export const dfPing = (h: NamespaceHost, netns: string, size: number, to: string) =>
  h.inHost([
    'nsenter',
    `--net=/run/netns/${netns}`,
    '--',
    'ping',
    '-n',
    '-c',
    '1',
    '-W',
    '2',
    '-M',
    'do',
    '-s',
    String(size),
    to,
  ]);

/** The VXLAN device of a network on a host (its name: `<prefix>-x<first 7 of the id>`). */
export const vxlanOf = (h: NamespaceHost, networkId: string) => `${h.prefix}-x${networkId.slice(0, 7)}`;

/** FDB (MAC → VTEP) and permanent neighbour (IP → MAC) entries of a VXLAN device, sorted, as strings. */
export function programmed(h: NamespaceHost, dev: string): { fdb: string[]; neigh: string[] } {
  const fdb = JSON.parse(h.inHost(['bridge', '-j', 'fdb', 'show', 'dev', dev]).stdout || '[]') as {
    mac: string;
    dst?: string;
  }[];
  const neigh = JSON.parse(
    h.inHost(['ip', '-j', 'neigh', 'show', 'dev', dev, 'nud', 'permanent']).stdout || '[]',
  ) as {
    dst: string;
    lladdr?: string;
  }[];
  return {
    fdb: fdb
      .filter((f) => f.dst)
      .map((f) => `${f.mac}>${f.dst}`)
      .sort(),
    neigh: neigh.map((n) => `${n.dst}>${n.lladdr}`).sort(),
  };
}

/**
 * The bridge bypass of a network on a host, read from the kernel (`nft list table netdev …`): the remote MACs,
 * the local `MAC>veth` map, the devices its ingress chains hook, and the frames its counters saw. `undefined`
 * when the host has no such table.
 */
export function bypassOf(
  h: NamespaceHost,
  networkId: string,
): { remote: string[]; local: string[]; hooks: string[]; toVxlan: number; fromVxlan: number } | undefined {
  const table = `switchyard_${h.prefix}_x${networkId.slice(0, 7)}`;
  const r = h.inHost(['nft', 'list', 'table', 'netdev', table]);
  if (r.status !== 0) return undefined;
  const block = (name: string) => new RegExp(`(?:set|map) ${name} \\{([^}]*)\\}`).exec(r.stdout)?.[1] ?? '';
  const elems = (text: string) => /elements = \{([^}]*)/.exec(text.replace(/\s+/g, ' '))?.[1] ?? '';
  const remote = elems(block('remote')).match(/[0-9a-f]{2}(?::[0-9a-f]{2}){5}/g) ?? [];
  const local = [...elems(block('local')).matchAll(/([0-9a-f:]{17}) : "?([^",\s]+)"?/g)].map(
    (m) => `${m[1]}>${m[2]}`,
  );
  const hooks = [...r.stdout.matchAll(/hook ingress device "([^"]+)"/g)].map((m) => m[1] as string);
  let toVxlan = 0;
  let fromVxlan = 0;
  for (const m of r.stdout.matchAll(/chain (\S+) \{[^}]*?counter packets (\d+)/g))
    if (m[1] === 'vxlan') fromVxlan += Number(m[2]);
    else toVxlan += Number(m[2]);
  return { remote: remote.sort(), local: local.sort(), hooks: hooks.sort(), toVxlan, fromVxlan };
}

/** What host `me`'s bypass should hold for a network: its own endpoints there, `MAC>host veth end`. */
export async function expectedLocal(h: NamespaceHost, network: string): Promise<string[]> {
  const out: string[] = [];
  for (const sb of await h.c.call('sandbox.ls', {}))
    for (const ep of sb.endpoints)
      if (ep.network === network) out.push(`${ep.mac}>${h.prefix}-v${ep.id.slice(0, 7)}`);
  return out.sort();
}

/** What host `me` should hold for a network: every endpoint on the other hosts. */
export async function expected(lab: OverlayLab, me: number, network: string) {
  const fdb: string[] = [];
  const neigh: string[] = [];
  for (const [i, h] of lab.hosts.entries()) {
    if (i === me) continue;
    const sbs = await h.c.call('sandbox.ls', {});
    for (const sb of sbs)
      for (const ep of sb.endpoints)
        if (ep.network === network && ep.ipv4) {
          fdb.push(`${ep.mac}>${hostAddr(i)}`);
          neigh.push(`${ep.ipv4}>${ep.mac}`);
        }
  }
  return { fdb: fdb.sort(), neigh: neigh.sort() };
}

/** Waits until no host has the network's VXLAN device, then checks no etcd key names the network. */
export async function networkGone(lab: OverlayLab, hosts: NamespaceHost[], id: string): Promise<void> {
  for (const host of hosts)
    await waitFor(
      'the VXLAN device gone',
      () => host.inHost(['ip', 'link', 'show', vxlanOf(host, id)]).status !== 0,
    );
  const left = lab.etcdKeys().filter((k) => k.includes(id));
  if (left.length > 0) throw new Error(`etcd keys of network ${id} left: ${left.join(', ')}`);
}

/** A replica command that answers every connection with its own name (NAME.SLOT, from the engine's environment). */
export const NAME_RESPONDER = [
  process.execPath,
  '-e',
  "require('net').createServer((s)=>{s.on('error',()=>{});s.end('I am '+process.env.SWITCHYARD_REPLICA+'\\n')}).listen(80)",
];

export { EngineClient, waitFor };
