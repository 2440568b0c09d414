import { NodeMemo } from '@switchyard/core';
import { entry, isMap, isScalar, isSeq, str } from '../yaml/tree';
import type { PEntry, PMap, PNode, PSeq } from '../yaml/tree';

/**
 * compose-go `override.EnforceUnicity` for a service: in these lists an item whose key was already seen
 * replaces the earlier one in its place, so duplicates (within one file or across merged files) vanish
 * silently, as they do in `docker compose config`. Returns the same node when nothing changed. `keep`: the
 * result is remembered by body for the next load (only the editor's parse cache hands the same body back).
 */
export function enforceUnicity(service: PMap, keep = true): PMap {
  const known = uniqueBodies.get(service);
  if (known !== undefined) return known;
  const out = dedupe(service);
  if (keep) uniqueBodies.set(service, out);
  return out;
}

/**
 * Results by body. Bodies are not changed after interpolation, and the editor's parse cache hands an
 * unchanged service body back as the same object, so each body is de-duplicated once.
 */
const uniqueBodies = new NodeMemo<PMap, PMap>();

function dedupe(service: PMap): PMap {
  let entries: PEntry[] | undefined;
  service.entries.forEach((e, i) => {
    const value = uniqueValue(e.key, e.value);
    if (value === e.value) return;
    entries ??= service.entries.slice();
    entries[i] = { ...e, value };
  });
  return entries === undefined ? service : { ...service, entries };
}

type Indexer = (item: PNode) => string | undefined;

/** `keyValueIndexer`: the text before `=`, or the whole string. */
const keyValue: Indexer = (item) => {
  const s = isScalar(item) ? str(item) : undefined;
  if (s === undefined) return undefined;
  const eq = s.indexOf('=');
  return eq < 0 ? s : s.slice(0, eq);
};

const whole: Indexer = (item) => (isScalar(item) ? str(item) : undefined);

/** `portIndexer`: the raw string of a short mapping, `host_ip:published:target/protocol` of a long one. */
const port: Indexer = (item) => {
  if (isScalar(item)) return str(item);
  if (!isMap(item)) return undefined;
  const field = (k: string) => str(entry(item, k)?.value);
  const target = field('target');
  if (target === undefined) return undefined;
  return `${field('host_ip') ?? '0.0.0.0'}:${field('published') ?? ''}:${target}/${field('protocol') ?? 'tcp'}`;
};

const SERVICE_LISTS: Record<string, Indexer> = {
  ports: port,
  expose: whole,
  dns: keyValue,
  dns_opt: keyValue,
  dns_search: keyValue,
  links: keyValue,
  extra_hosts: whole,
  profiles: keyValue,
  cap_add: keyValue,
  cap_drop: keyValue,
  environment: keyValue,
  labels: keyValue,
  sysctls: keyValue,
  tmpfs: keyValue,
};

const ENDPOINT_LISTS: Record<string, Indexer> = { aliases: keyValue, link_local_ips: keyValue };

function uniqueValue(key: string, value: PNode | null): PNode | null {
  const indexer = SERVICE_LISTS[key];
  if (indexer !== undefined) return isSeq(value) ? unique(value, indexer) : value;
  if (key === 'networks' && isMap(value)) return uniqueEndpoints(value);
  return value;
}

function uniqueEndpoints(networks: PMap): PMap {
  let entries: PEntry[] | undefined;
  networks.entries.forEach((net, i) => {
    if (!isMap(net.value)) return;
    const body = net.value;
    let changed: PEntry[] | undefined;
    body.entries.forEach((e, j) => {
      const indexer = ENDPOINT_LISTS[e.key];
      if (indexer === undefined || !isSeq(e.value)) return;
      const value = unique(e.value, indexer);
      if (value === e.value) return;
      changed ??= body.entries.slice();
      changed[j] = { ...e, value };
    });
    if (changed === undefined) return;
    entries ??= networks.entries.slice();
    entries[i] = { ...net, value: { ...body, entries: changed } };
  });
  return entries === undefined ? networks : { ...networks, entries };
}

function unique(seq: PSeq, indexer: Indexer): PSeq {
  const n = seq.items.length;
  if (n < 2) return seq;
  const keys = seq.items.map(indexer);
  if (!hasDuplicate(keys)) return seq;
  const seen = new Map<string, number>();
  const items: PNode[] = [];
  seq.items.forEach((item, i) => {
    const key = keys[i];
    const at = key === undefined ? undefined : seen.get(key);
    if (at !== undefined) {
      items[at] = item;
      return;
    }
    if (key !== undefined) seen.set(key, items.length);
    items.push(item);
  });
  return { ...seq, items };
}

/** Most lists are short and have no duplicate: compare pairwise without building a map. */
function hasDuplicate(keys: (string | undefined)[]): boolean {
  if (keys.length > 16)
    return new Set(keys.filter((k) => k !== undefined)).size < keys.filter((k) => k !== undefined).length;
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    if (k === undefined) continue;
    for (let j = 0; j < i; j++) if (keys[j] === k) return true;
  }
  return false;
}
