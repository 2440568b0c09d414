// Scoped name resolution, pure. A client (the source address of a query) resolves only names on the
// networks its sandbox shares, like libnetwork's Sandbox.ResolveName. The view is compiled once per update
// into one hash map per distinct set of networks, so a query costs two Map lookups and no allocation
// beyond the result object.
import { canonicalIP, parseIPv4, parseIPv6, reverseName } from './addr';
import { DOCKER_TTL, QTYPE } from './constants';
import { encodeName, type DnsRecord } from './response';
import type { DnsNetworkView, DnsView } from './view';

export type ResolveResult =
  | { kind: 'answer'; records: readonly DnsRecord[] }
  | { kind: 'forward' }
  | { kind: 'nxdomain' }
  | { kind: 'refused' };

/**
 * What the server asks for every query. `qname` is lowercase without the trailing dot. The records of an
 * answer are only valid until the next call (they are reused and reshuffled in place).
 */
export interface DnsResolver {
  resolve(clientAddress: string, qname: string, qtype: number): ResolveResult;
}

export interface ScopedResolver extends DnsResolver {
  /** Replaces the view (call on every join and leave); queries after this see only the new view. */
  update(view: DnsView): void;
}

type Answer = { kind: 'answer'; records: DnsRecord[] };

/** Results are built once per name and reused: the record arrays are shuffled in place per query. */
interface NameEntry {
  a: Answer;
  aaaa: Answer;
}

interface Scope {
  names: Map<string, NameEntry>;
  ptr: Map<string, Answer>;
  /** False when every network of the sandbox is internal: unknown names get NXDOMAIN, never forwarded. */
  external: boolean;
}

interface NetworkTable {
  names: Map<string, NameEntry>;
  ptr: Map<string, Answer>;
}

const FORWARD: ResolveResult = { kind: 'forward' };
const NXDOMAIN: ResolveResult = { kind: 'nxdomain' };
const REFUSED: ResolveResult = { kind: 'refused' };
const NODATA: ResolveResult = { kind: 'answer', records: [] };

export interface ScopedResolverOptions {
  /** TTL of our answers; Docker's embedded DNS uses 600 s. */
  ttl?: number;
}

/** Creates the resolver the embedded DNS server asks; `update` it whenever the view changes. */
export function createScopedResolver(view: DnsView, options: ScopedResolverOptions = {}): ScopedResolver {
  const ttl = options.ttl ?? DOCKER_TTL;
  let clients = compile(view, ttl);
  return {
    update(next: DnsView): void {
      clients = compile(next, ttl);
    },
    resolve(clientAddress: string, qname: string, qtype: number): ResolveResult {
      const scope = clients.get(clientAddress);
      if (scope === undefined) return REFUSED; // not one of our sandboxes: we are no open resolver
      if (qtype === QTYPE.PTR) {
        const ptr = scope.ptr.get(qname);
        if (ptr !== undefined) return ptr;
      }
      const entry = scope.names.get(qname);
      if (entry !== undefined) return answerFor(entry, qtype);
      return scope.external ? FORWARD : NXDOMAIN;
    },
  };
}

/** A name of ours: its addresses of the asked type, shuffled (round robin); other types get NODATA. */
function answerFor(entry: NameEntry, qtype: number): ResolveResult {
  if (qtype === QTYPE.A) return shuffled(entry.a);
  if (qtype === QTYPE.AAAA) return shuffled(entry.aaaa);
  if (qtype === QTYPE.ANY) return { kind: 'answer', records: [...entry.a.records, ...entry.aaaa.records] };
  return NODATA;
}

/** Fisher-Yates in place: the arrays belong to the compiled view, so no copy is needed. */
function shuffled(result: Answer): Answer {
  const items = result.records;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = items[i] as DnsRecord;
    items[i] = items[j] as DnsRecord;
    items[j] = t;
  }
  return result;
}

function compile(view: DnsView, ttl: number): Map<string, Scope> {
  const records = new RecordCache(ttl);
  const tables = new Map<string, NetworkTable>();
  const sandboxes = new Map<string, { nets: string[]; external: boolean; ips: Set<string> }>();
  for (const net of view.networks) {
    const discover = net.serviceDiscovery !== false;
    if (discover) tables.set(net.name, buildTable(net, records));
    for (const ep of net.endpoints) {
      let sb = sandboxes.get(ep.sandbox);
      if (sb === undefined) sandboxes.set(ep.sandbox, (sb = { nets: [], external: false, ips: new Set() }));
      if (discover && !sb.nets.includes(net.name)) sb.nets.push(net.name);
      if (net.internal !== true) sb.external = true;
      for (const ip of [ep.ipv4, ep.ipv6]) {
        const canonical = ip === undefined ? undefined : canonicalIP(ip);
        if (canonical !== undefined) sb.ips.add(canonical);
      }
    }
  }
  const scopes = new Map<string, Scope>();
  const clients = new Map<string, Scope>();
  for (const sb of sandboxes.values()) {
    const key = `${sb.external ? 'x' : 'i'}\0${sb.nets.join('\0')}`;
    let scope = scopes.get(key);
    if (scope === undefined) scopes.set(key, (scope = buildScope(sb.nets, sb.external, tables)));
    for (const ip of sb.ips) clients.set(ip, scope);
  }
  return clients;
}

/** The names of one network: each name and alias maps to the addresses of every endpoint that has it. */
function buildTable(net: DnsNetworkView, records: RecordCache): NetworkTable {
  const names = new Map<string, NameEntry>();
  const ptr = new Map<string, Answer>();
  for (const ep of net.endpoints) {
    const keys = new Set([...(ep.aliases ?? []), ep.name].map((k) => k.toLowerCase()).filter((k) => k));
    const v4 = ep.ipv4 === undefined ? undefined : parseIPv4(ep.ipv4);
    const v6 = ep.ipv6 === undefined ? undefined : parseIPv6(ep.ipv6);
    for (const key of keys) {
      let entry = names.get(key);
      if (entry === undefined) names.set(key, (entry = { a: answer([]), aaaa: answer([]) }));
      if (v4) addOnce(entry.a.records, records.address(QTYPE.A, v4));
      if (v6) addOnce(entry.aaaa.records, records.address(QTYPE.AAAA, v6));
    }
    // PTR answers name.network, as libnetwork's Network.ResolveIP does.
    const owner = ep.name || ep.aliases?.[0];
    if (owner === undefined || owner === '') continue;
    const target = records.ptr(`${owner}.${net.name}`);
    for (const bytes of [v4, v6]) {
      const rev = bytes && reverseName(bytes);
      if (rev !== undefined && target !== undefined && !ptr.has(rev)) ptr.set(rev, answer([target]));
    }
  }
  return { names, ptr };
}

/** One sandbox's view: bare names first (first network wins), then `name.network` for each network. */
function buildScope(nets: string[], external: boolean, tables: Map<string, NetworkTable>): Scope {
  const names = new Map<string, NameEntry>();
  const ptr = new Map<string, Answer>();
  for (const net of nets) {
    const table = tables.get(net);
    if (table === undefined) continue;
    for (const [key, entry] of table.names) if (!names.has(key)) names.set(key, entry);
    for (const [rev, recs] of table.ptr) if (!ptr.has(rev)) ptr.set(rev, recs);
  }
  for (const net of nets) {
    const table = tables.get(net);
    if (table === undefined) continue;
    const suffix = `.${net.toLowerCase()}`;
    for (const [key, entry] of table.names) if (!names.has(key + suffix)) names.set(key + suffix, entry);
  }
  return { names, ptr, external };
}

function answer(records: DnsRecord[]): Answer {
  return { kind: 'answer', records };
}

function addOnce(list: DnsRecord[], rec: DnsRecord): void {
  if (!list.includes(rec)) list.push(rec);
}

/** Shares one record object per address and per PTR target across all tables of a compile. */
class RecordCache {
  private readonly cache = new Map<string, DnsRecord>();
  constructor(private readonly ttl: number) {}

  address(type: number, bytes: Uint8Array): DnsRecord {
    return this.get(`${type}:${bytes.join(',')}`, () => ({ type, ttl: this.ttl, rdata: bytes }));
  }

  /** undefined when the target is no valid DNS name (a 64-byte label): such an endpoint gets no PTR. */
  ptr(target: string): DnsRecord | undefined {
    try {
      return this.get(`ptr:${target}`, () => ({ type: QTYPE.PTR, ttl: this.ttl, rdata: encodeName(target) }));
    } catch {
      return undefined;
    }
  }

  private get(key: string, make: () => DnsRecord): DnsRecord {
    let rec = this.cache.get(key);
    if (rec === undefined) this.cache.set(key, (rec = make()));
    return rec;
  }
}
