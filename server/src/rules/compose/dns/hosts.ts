import { NodeMemo } from '@switchyard/core';
import type { ServiceModel } from '../../../compose/project';
import { get, isMap, isScalar, isSeq, str } from '../../../yaml/tree';
import type { PScalar, Span } from '../../../yaml/tree';

/** One `extra_hosts` mapping as compose-go reads it (`types/hostList.go`). */
export interface ExtraHost {
  /** The list item, or the map key for the host and the value for the IPs. */
  raw: string;
  host: string;
  hostSpan: Span;
  /** The IPs after the separator, split at commas, brackets stripped. */
  ips: { ip: string; span: Span }[];
  /** The separator a list item used: `=`, `:`, or none (which compose-go refuses). */
  separator: '=' | ':' | '' | 'map';
  node: PScalar;
}

// NET131-NET134 all read the same entries; parse them once per service model. Not per body: the spans made
// here (`inner`) are new objects computed from the body's place, and a reused body is moved in place when
// text above it changes, while its model is made again (build-models.ts keeps a model only at the same place).
const parsed = new NodeMemo<ServiceModel, ExtraHost[]>();

export function extraHostsOf(svc: ServiceModel): ExtraHost[] {
  let hosts = parsed.get(svc);
  if (!hosts) {
    hosts = readExtraHosts(svc);
    if (hosts.length === 0) hosts = NO_HOSTS;
    parsed.set(svc, hosts);
  }
  return hosts;
}

/** Shared by the services without `extra_hosts` (most of them); never appended to. */
const NO_HOSTS: ExtraHost[] = [];

function readExtraHosts(svc: ServiceModel): ExtraHost[] {
  const v = get(svc.node, 'extra_hosts');
  if (isSeq(v)) return v.items.flatMap((i) => (isScalar(i) && str(i) !== undefined ? [fromItem(i)] : []));
  if (!isMap(v)) return [];
  return v.entries.flatMap((e) => {
    const values = isSeq(e.value) ? e.value.items : [e.value];
    return values.flatMap((n) => {
      if (n !== null && !isScalar(n)) return [];
      const ip = str(n) ?? '';
      const span = n?.span ?? e.keySpan;
      const node: PScalar = n ?? { kind: 'scalar', value: '', source: '', quoted: false, span };
      return [
        {
          raw: e.key,
          host: e.key,
          hostSpan: e.keySpan,
          ips: [{ ip: unbracket(ip), span }],
          separator: 'map' as const,
          node,
        },
      ];
    });
  });
}

function fromItem(node: PScalar): ExtraHost {
  const raw = str(node) ?? '';
  const sep = raw.includes('=') ? '=' : raw.includes(':') ? ':' : '';
  const cut = sep === '' ? -1 : raw.indexOf(sep);
  const host = cut < 0 ? raw : raw.slice(0, cut);
  const ipText = cut < 0 ? '' : raw.slice(cut + 1);
  let at = cut + 1;
  const ips =
    sep === ''
      ? []
      : ipText.split(',').map((ip) => {
          const span = inner(node, at, at + ip.length);
          at += ip.length + 1;
          return { ip: unbracket(ip), span };
        });
  // An empty host name marks the separator, so the finding is not zero-width.
  return { raw, host, hostSpan: inner(node, 0, Math.max(host.length, 1)), ips, separator: sep, node };
}

function unbracket(ip: string): string {
  return ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

/**
 * The span of characters [from, to) of a scalar's value, when the value is written as is (no interpolation,
 * no escapes); the whole scalar otherwise.
 */
export function inner(node: PScalar, from: number, to: number): Span {
  const value = str(node) ?? '';
  const quote = node.quoted ? 1 : 0;
  const written = node.span.end - node.span.start - 2 * quote;
  if (node.source !== value || written !== value.length) return node.span;
  const start = node.span.start + quote;
  return { file: node.span.file, start: start + from, end: start + Math.max(to, from) };
}
