import { NodeMemo } from '@switchyard/core';
import type { IpamConfigInput, IpamNetworkInput, Located } from '@switchyard/core';
import type { ComposeProject, NetworkModel, ServiceModel } from '../../compose/project';
import { bool, entry, get, isMap, isScalar, isSeq, str } from '../../yaml/tree';
import type { PEntry, PMap, PNode, Span } from '../../yaml/tree';

/** A scalar's text with where it is written; undefined for anything that is not a scalar. */
export function located(n: PNode | null | undefined): Located<string, Span> | undefined {
  if (!isScalar(n)) return undefined;
  const s = str(n);
  return s === undefined ? undefined : { value: s, at: n.span };
}

export const driverOf = (net: NetworkModel): string => str(get(net.node, 'driver')) ?? 'bridge';

/**
 * The network's IPAM configuration in core's terms. `name` is the key the user wrote, so messages name the
 * network as the file does.
 */
export function ipamOf(net: NetworkModel): IpamNetworkInput<Span> {
  let ipam = ipamCache.get(net);
  if (!ipam) {
    ipam = readIpam(net);
    ipamCache.set(net, ipam);
  }
  return ipam;
}

/** Rules and endpoints read one network's IPAM many times; the model is immutable, so read it once. */
const ipamCache = new NodeMemo<NetworkModel, IpamNetworkInput<Span>>();

function readIpam(net: NetworkModel): IpamNetworkInput<Span> {
  const cfgNode = get(get(net.node, 'ipam'), 'config');
  const configs: IpamConfigInput<Span>[] = isSeq(cfgNode) ? cfgNode.items.filter(isMap).map(configOf) : [];
  const v6 = bool(get(net.node, 'enable_ipv6'));
  return {
    name: net.key,
    driver: driverOf(net),
    ...(v6 !== undefined ? { enableIpv6: v6 } : {}),
    configs,
    ...(net.keySpans[0] ? { at: net.keySpans[0] } : {}),
  };
}

function configOf(item: PMap): IpamConfigInput<Span> {
  const subnet = located(get(item, 'subnet'));
  const gateway = located(get(item, 'gateway'));
  const ipRange = located(get(item, 'ip_range'));
  const aux = get(item, 'aux_addresses');
  const auxAddresses = isMap(aux)
    ? aux.entries.flatMap((e) => {
        const v = located(e.value);
        return v ? [{ name: e.key, value: v }] : [];
      })
    : [];
  return {
    ...(subnet ? { subnet } : {}),
    ...(gateway ? { gateway } : {}),
    ...(ipRange ? { ipRange } : {}),
    auxAddresses,
    at: firstLine(item),
  };
}

/** The entry's first key and value: a range on one line, where an editor can underline it. */
function firstLine(item: PMap): Span {
  const first = item.entries[0];
  if (!first) return item.span;
  return { file: item.span.file, start: item.span.start, end: first.value?.span.end ?? first.keySpan.end };
}

/** Networks whose IPAM this project manages: declared, not external (Compose does not touch those). */
export function managedNetworks(project: ComposeProject): NetworkModel[] {
  return project.networks.filter((n) => !n.external && !n.implicit);
}

/** True when the network uses Docker's built-in IPAM (the one with pools, overlap checks, reservations). */
export function usesDefaultIpam(net: NetworkModel): boolean {
  const d = str(get(get(net.node, 'ipam'), 'driver'));
  return d === undefined || d === 'default';
}

/** One service's attachment to one network, as written under `services.<s>.networks`. */
export interface Attachment {
  service: ServiceModel;
  /** The network key the service names. */
  key: string;
  keySpan: Span;
  /** The per-network body (map form), or null for list form and `name:` with no body. */
  body: PNode | null;
  network: NetworkModel | undefined;
}

/** Appends to the list at `key`, in place: copying the list on every push is quadratic (200k networks). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const attachmentCache = new WeakMap<ComposeProject, Attachment[]>();

/** Every network attachment of every enabled service (list and map form), read once per project. */
export function attachments(project: ComposeProject): Attachment[] {
  let list = attachmentCache.get(project);
  if (!list) {
    list = readAttachments(project);
    attachmentCache.set(project, list);
  }
  return list;
}

function readAttachments(project: ComposeProject): Attachment[] {
  const byKey = new Map(project.networks.map((n) => [n.key, n]));
  const out: Attachment[] = [];
  for (const svc of project.services) {
    if (!svc.enabled) continue;
    for (const a of attachmentsOf(svc, byKey)) out.push(a);
  }
  return out;
}

/** One service's attachments (list and map form), whether or not it is enabled. */
export function attachmentsOf(svc: ServiceModel, byKey: Map<string, NetworkModel>): Attachment[] {
  return writtenAttachments(svc.node).map((w) => ({
    service: svc,
    key: w.key,
    keySpan: w.keySpan,
    body: w.body,
    network: byKey.get(w.key),
  }));
}

export type WrittenAttachment = Pick<Attachment, 'key' | 'keySpan' | 'body'>;

/**
 * What a service body writes under `networks`, per body: the editor's parse cache hands back an unchanged
 * body as the same object (trees are not changed after load), and the spans are the body's own.
 */
const writtenByBody = new NodeMemo<PMap, WrittenAttachment[]>();

export function writtenAttachments(body: PMap): WrittenAttachment[] {
  let out = writtenByBody.get(body);
  if (out !== undefined) return out;
  out = [];
  const nets = get(body, 'networks');
  if (isSeq(nets)) {
    for (const i of nets.items) {
      const s = str(i);
      if (s !== undefined) out.push({ key: s, keySpan: i.span, body: null });
    }
  } else if (isMap(nets)) {
    for (const e of nets.entries) out.push({ key: e.key, keySpan: e.keySpan, body: e.value });
  }
  if (out.length === 0) out = NO_ATTACHMENTS;
  writtenByBody.set(body, out);
  return out;
}

/** Shared by the bodies that write no network (kept per body, one empty list each would add up); never appended to. */
const NO_ATTACHMENTS: WrittenAttachment[] = [];

/** The entry `key` of an attachment body, when the body is a map. */
export function attachmentEntry(a: Attachment, key: string): PEntry | undefined {
  return entry(a.body, key);
}
