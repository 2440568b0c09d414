import { checkLongPort, memoByText, parsePortSpec } from '@switchyard/core';
import type { Finding, LongPortFields, OwnedBinding, PortBinding } from '@switchyard/core';
import type { ServiceModel } from '../../../compose/project';
import { entry, get, isMap, isScalar, isSeq } from '../../../yaml/tree';
import type { PMap, PNode, PScalar, Span } from '../../../yaml/tree';
import { keepsNothing } from '../cache';

/**
 * A binding together with the place its host port is written (the short scalar or `published`) and the
 * service that asks for it: the conflict check takes these very objects (port-model.ts), so a project of
 * 136,000 services holds one binding per port, not an item's copy and an owned copy of it.
 */
export type PlacedBinding = OwnedBinding<Span>;

/** One item of a service's `ports` list, read the way Compose reads it. */
export interface PortItem {
  service: ServiceModel;
  index: number;
  node: PNode;
  /** Short syntax: the scalar, its text after `fmt.Sprint`, and what ParsePortSpec made of it. */
  short?: { scalar: PScalar; raw: string; error?: string };
  /** Long syntax: the mapping and the findings of its fields (NET103-NET108). */
  long?: { map: PMap; findings: Finding<Span>[] };
  /** A float, boolean or null item (NET102): `services.<s>.ports: invalid type float64 for port`. */
  badType?: string;
  /** The value still holds a `$`: the loader did not interpolate it, so nothing can be said about it. */
  unknown: boolean;
  bindings: PlacedBinding[];
}

/** YAML 1.2 core-schema integers; any other number is a float to compose-go. */
const YAML_INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/** The items of `ports` in a service body (the merged one, or one file's own). */
export function portItems(service: ServiceModel, body: PNode | null | undefined = service.node): PortItem[] {
  const ports = get(body, 'ports');
  if (!isSeq(ports)) return NO_ITEMS;
  return ports.items.map((node, index) => readItem(service, node, index));
}

function readItem(service: ServiceModel, node: PNode, index: number): PortItem {
  // One object per item, filled in place: the server reads every item of the project on each keystroke.
  // Every field is set from the start so that all items share one shape (the rules loop over thousands).
  const item: PortItem = {
    service,
    index,
    node,
    short: undefined,
    long: undefined,
    badType: undefined,
    unknown: false,
    bindings: NO_BINDINGS,
  };
  if (isMap(node)) return readLong(item, node);
  if (!isScalar(node)) {
    item.badType = node.kind === 'seq' ? 'sequence' : 'mapping';
    return item;
  }
  const v = node.value;
  if (typeof v === 'number' && !YAML_INT.test(node.source.trim())) item.badType = 'float64';
  else if (typeof v === 'boolean') item.badType = 'bool';
  else if (v === null) item.badType = 'null';
  if (item.badType) return item;
  const raw = String(v);
  item.short = { scalar: node, raw };
  if (raw.includes('$')) {
    item.unknown = true;
    return item;
  }
  // A one-shot analysis reads each item once: a memory of 20,000 texts (a map that grows, is cleared and
  // grows again over 136,000 services) would outlive every binding it made.
  const parsed = keepsNothing() ? parsePortSpec(raw) : parseCached(raw);
  if (!parsed.ok) item.short.error = parsed.error;
  else item.bindings = placed(parsed.value, node.span, service);
  return item;
}

/** `parsePortSpec` by text (memo.ts): nearly every mapping is unchanged between keystrokes; results are never
 * mutated (bindings are copied to add their place). */
const parseCached = memoByText(parsePortSpec);

/** Shared by the services without `ports` (their lists are kept per body); nothing appends to them. */
const NO_ITEMS: PortItem[] = [];

/** Shared by items without bindings; nothing appends to an item's bindings. */
const NO_BINDINGS: PlacedBinding[] = [];

function placed(bindings: readonly PortBinding[], at: Span, service: ServiceModel): PlacedBinding[] {
  const out: PlacedBinding[] = new Array<PlacedBinding>(bindings.length);
  const owner = ownerName(service);
  for (let i = 0; i < bindings.length; i++) out[i] = owned(bindings[i] as PortBinding, at, service, owner);
  return out;
}

/** How messages name a service's bindings: `service "web"`. */
export function ownerName(service: ServiceModel): string {
  // Joined, not concatenated: one flat string instead of two rope nodes (64 bytes a service).
  return ['service "', service.name, '"'].join('');
}

/** Written out rather than spread: one object shape for the thousands of bindings of a big project. */
function owned(b: PortBinding, at: Span, service: ServiceModel, owner: string): PlacedBinding {
  return {
    protocol: b.protocol,
    hostIp: b.hostIp,
    hostPort: b.hostPort,
    published: b.published,
    containerPort: b.containerPort,
    at,
    owner,
    service: service.name,
    replicas: service.replicas,
    profiles: service.profiles,
  };
}

const LONG_FIELDS = ['target', 'published', 'host_ip', 'protocol', 'mode'] as const;

function readLong(item: PortItem, map: PMap): PortItem {
  const fields: LongPortFields<Span> = {};
  for (const k of LONG_FIELDS) {
    const e = entry(map, k);
    if (!e) continue;
    const n = e.value;
    const value = n === null ? null : isScalar(n) ? n.value : `<${n.kind}>`;
    if (typeof value === 'string' && value.includes('$')) item.unknown = true;
    fields[k] = { value, at: n?.span ?? e.keySpan };
  }
  item.long = { map, findings: [] };
  if (item.unknown) return item;
  const r = checkLongPort(fields, { service: item.service.name, index: item.index, at: anchorOf(map) });
  item.long.findings = r.findings;
  if (r.binding) {
    item.bindings = [owned(r.binding, r.binding.publishedAt, item.service, ownerName(item.service))];
  }
  return item;
}

/** Where a finding about a whole item points: a scalar itself, a mapping's first key (one line, not the block). */
export function anchorOf(node: PNode): Span {
  return isMap(node) ? (node.entries[0]?.keySpan ?? node.span) : node.span;
}
