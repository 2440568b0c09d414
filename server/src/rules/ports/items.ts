import { checkLongPort, parsePortSpec } from '@switchyard/core';
import type { Finding, LongPortFields, PortBinding } from '@switchyard/core';
import type { ServiceModel } from '../../compose/project';
import { entry, get, isMap, isScalar, isSeq } from '../../compose/tree';
import type { PMap, PNode, PScalar, Span } from '../../compose/tree';

/** A binding together with the place its host port is written (the short scalar or `published`). */
export type PlacedBinding = PortBinding & { at: Span };

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
  if (!isSeq(ports)) return [];
  return ports.items.map((node, index) => readItem(service, node, index));
}

function readItem(service: ServiceModel, node: PNode, index: number): PortItem {
  const base = { service, index, node, unknown: false, bindings: [] as PlacedBinding[] };
  if (isMap(node)) return readLong(base, node);
  if (!isScalar(node)) return { ...base, badType: node.kind === 'seq' ? 'sequence' : 'mapping' };
  const v = node.value;
  if (typeof v === 'number' && !YAML_INT.test(node.source.trim())) return { ...base, badType: 'float64' };
  if (typeof v === 'boolean') return { ...base, badType: 'bool' };
  if (v === null) return { ...base, badType: 'null' };
  const raw = String(v);
  if (raw.includes('$')) return { ...base, short: { scalar: node, raw }, unknown: true };
  const parsed = parseCached(raw);
  if (!parsed.ok) return { ...base, short: { scalar: node, raw, error: parsed.error } };
  return {
    ...base,
    short: { scalar: node, raw },
    bindings: parsed.value.map((b) => ({ ...b, at: node.span })),
  };
}

/**
 * ParsePortSpec results by text. The server re-analyses the whole project on every keystroke and nearly
 * every mapping is unchanged; the results are never mutated (bindings are copied to add their place).
 */
const specCache = new Map<string, ReturnType<typeof parsePortSpec>>();

function parseCached(raw: string): ReturnType<typeof parsePortSpec> {
  let r = specCache.get(raw);
  if (r === undefined) {
    if (specCache.size >= 20000) specCache.clear();
    r = parsePortSpec(raw);
    specCache.set(raw, r);
  }
  return r;
}

const LONG_FIELDS = ['target', 'published', 'host_ip', 'protocol', 'mode'] as const;

function readLong(base: Omit<PortItem, 'long'>, map: PMap): PortItem {
  const fields: LongPortFields<Span> = {};
  let unknown = false;
  for (const k of LONG_FIELDS) {
    const e = entry(map, k);
    if (!e) continue;
    const n = e.value;
    const value = n === null ? null : isScalar(n) ? n.value : `<${n.kind}>`;
    if (typeof value === 'string' && value.includes('$')) unknown = true;
    fields[k] = { value, at: n?.span ?? e.keySpan };
  }
  if (unknown) return { ...base, unknown: true, long: { map, findings: [] } };
  const r = checkLongPort(fields, { service: base.service.name, index: base.index, at: anchorOf(map) });
  const bindings = r.binding ? [{ ...r.binding, at: r.binding.publishedAt }] : [];
  return { ...base, long: { map, findings: r.findings }, bindings };
}

/** Where a finding about a whole item points: a scalar itself, a mapping's first key (one line, not the block). */
export function anchorOf(node: PNode): Span {
  return isMap(node) ? (node.entries[0]?.keySpan ?? node.span) : node.span;
}
