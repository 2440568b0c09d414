import {
  findPortConflictsCounted,
  fitted,
  freeRange,
  isPortProtocol,
  parseExpose,
  NodeMemo,
} from '@switchyard/core';
import type { Finding, FixHint, OwnedBinding, PortRange } from '@switchyard/core';
import type { ComposeProject, ServiceModel } from '../../../compose/project';
import { entry, get, hasRepeatedKeys, isMap, isScalar, isSeq, str } from '../../../yaml/tree';
import { pushTo } from '../network-facts';
import { keepsNothing } from '../cache';
import type { PMap, PScalar, Span } from '../../../yaml/tree';
import { MAX_FINDINGS_PER_RULE } from '../../rule';
import { hostPortFix } from './fix';
import type { PortItem } from './items';
import { ownerName, portItems } from './items';

/** What the port rules share for one project, computed once (the rules run one after another). */
export interface PortModel {
  /** `ports` items of every enabled service, from the merged tree. */
  items: PortItem[];
  /**
   * Items of every service, profiles or not: compose-go parses ports and validates `host_ip` before it
   * filters profiles, so a load-time error in a disabled service still fails `docker compose config`.
   */
  allItems: PortItem[];
  /** Bindings that go through the engine's allocator or bind the host directly, one per replica set. */
  owned: OwnedBinding<Span>[];
  /** Findings of the §5 conflict algorithm (NET090, NET109-NET112, NET158), at most MAX_FINDINGS_PER_RULE a code. */
  conflicts: Finding<Span>[];
  /** By code, the conflicts found past MAX_FINDINGS_PER_RULE: counted, never built. */
  beyond: Map<string, number>;
  /** Fixed and ranged host ports the project asks for, by protocol (kept out of suggested fixes). */
  used: Map<string, Set<number>>;
  /** The edit that moves the binding written at `at` to a free host port (undefined when none fits). */
  fix(at: Span, free: PortRange, protocol: string, extra?: Iterable<number>): FixHint | undefined;
}

const cache = new WeakMap<ComposeProject, PortModel>();

export function portModel(project: ComposeProject): PortModel {
  let m = cache.get(project);
  if (!m) cache.set(project, (m = build(project)));
  return m;
}

/** `network_mode` of a service as written ('' when absent). */
export function networkMode(svc: ServiceModel): string {
  return str(get(svc.node, 'network_mode')) ?? '';
}

/** Whether the service's `ports` are really published (not under host, none or a container's namespace). */
export function publishesPorts(svc: ServiceModel): boolean {
  const mode = networkMode(svc);
  return mode !== 'host' && !skipsAllocator(mode);
}

/** Ports of these modes never reach the allocator: `service:`/`container:` are errors, `none` has no effect. */
function skipsAllocator(mode: string): boolean {
  return mode === 'none' || mode.startsWith('service:') || mode.startsWith('container:');
}

function build(project: ComposeProject): PortModel {
  const allItems: PortItem[] = [];
  const owned: OwnedBinding<Span>[] = [];
  const bodies = writtenBodies(project);
  for (const svc of project.services) {
    const { items: mine, bindings } = serviceData(svc);
    for (const item of mine) allItems.push(item);
    if (bindings.length === 0) continue;
    const written = bodies.get(svc.name) ?? [];
    for (const b of bindings) owned.push(placeInherited(written, svc, b));
  }
  // What only fixes need (the project's taken ports, the scalars to edit) is read on the first fix:
  // a project without conflicts never needs it.
  let usedCache: Map<string, Set<number>> | undefined;
  const used = () => (usedCache ??= usedPorts(owned));
  let scalarsCache: ReturnType<typeof hostPortScalars> | undefined;
  const fix = (at: Span, free: PortRange, protocol: string, extra: Iterable<number> = []) => {
    const item = (scalarsCache ??= hostPortScalars(allItems)).get(at);
    const s = item && hostPortScalar(item, at);
    return s
      ? hostPortFix(project, s.scalar, s.kind, free, () => [...(used().get(protocol) ?? []), ...extra])
      : undefined;
  };
  const { findings: conflicts, beyond } = findPortConflictsCounted(owned, {
    fix: (b, free) => fix(b.at, free, b.protocol),
    maxFindingsPerCode: MAX_FINDINGS_PER_RULE,
  });
  const items = allItems.filter((i) => i.service.enabled);
  return {
    items,
    allItems,
    owned,
    conflicts,
    beyond,
    get used() {
      return used();
    },
    fix,
  };
}

/** What one service contributes: its `ports` items and the bindings it asks the allocator (or the host) for. */
interface ServiceData {
  service: ServiceModel;
  items: PortItem[];
  bindings: OwnedBinding<Span>[];
}

/**
 * Per service body. Everything here is read from the body and the service's name, enabled flag, replicas
 * and profiles, and its spans are the body's own span objects (which the editor's parse cache moves in
 * place when an edit shifts an unchanged body), so while the editor hands back the same body object for
 * an unchanged service, its data is taken from here instead of being derived again on every keystroke.
 */
const byBody = new NodeMemo<PMap, ServiceData>();
/** Shared by services that ask for no port (kept per body, so one list each would add up); never appended to. */
const NO_BINDINGS: OwnedBinding<Span>[] = [];

function serviceData(svc: ServiceModel): ServiceData {
  const known = byBody.get(svc.node);
  if (known !== undefined && sameService(known.service, svc)) {
    // Items name their service: point them at this load's model (its key spans are this parse's).
    if (known.service !== svc) {
      known.service = svc;
      for (const item of known.items) item.service = svc;
    }
    return known;
  }
  const items = portItems(svc);
  const mode = networkMode(svc);
  const bindings =
    !svc.enabled || skipsAllocator(mode)
      ? NO_BINDINGS
      : mode === 'host'
        ? hostModeBindings(svc, items) // `expose` counts too
        : items.length === 0
          ? NO_BINDINGS
          : publishedBindings(items);
  const data = { service: svc, items, bindings };
  if (!keepsNothing()) byBody.set(svc.node, data);
  return data;
}

/** The fields of a service model that its port data depends on, besides the body. */
function sameService(a: ServiceModel, b: ServiceModel): boolean {
  return (
    a.name === b.name &&
    a.enabled === b.enabled &&
    a.replicas === b.replicas &&
    a.profiles.length === b.profiles.length &&
    a.profiles.every((p, i) => p === b.profiles[i])
  );
}

/**
 * Where each binding's host port is written: the short scalar, or the long syntax's `published`. The map
 * holds the item (no record per item: a project with clashes builds it over all of them).
 */
function hostPortScalars(items: PortItem[]): Map<Span, PortItem> {
  const out = new Map<Span, PortItem>();
  for (const item of items) {
    if (item.short) out.set(item.short.scalar.span, item);
    const published = item.long ? get(item.long.map, 'published') : undefined;
    if (isScalar(published)) out.set(published.span, item);
  }
  return out;
}

/** The scalar written at `at` of an item from `hostPortScalars`, and which kind it is. */
function hostPortScalar(
  item: PortItem,
  at: Span,
): { scalar: PScalar; kind: 'short' | 'published' } | undefined {
  if (item.short?.scalar.span === at) return { scalar: item.short.scalar, kind: 'short' };
  const published = item.long ? get(item.long.map, 'published') : undefined;
  return isScalar(published) && published.span === at ? { scalar: published, kind: 'published' } : undefined;
}

/**
 * Each service's bodies as written in the files (not merged), in file order: a `services` map without a
 * repeated key answers through its key index (the one `entry()` keeps), so a project of 136,000 services
 * makes no map of its own; one with a repeated key is listed once, in order.
 */
function writtenBodies(project: ComposeProject): { get(name: string): PMap[] | undefined } {
  const files: (PMap | Map<string, PMap[]>)[] = [];
  for (const src of project.sources.values()) {
    const services = get(src.root, 'services');
    if (!isMap(services)) continue;
    if (!hasRepeatedKeys(services)) {
      files.push(services);
      continue;
    }
    const byName = new Map<string, PMap[]>();
    for (const e of services.entries) if (isMap(e.value)) pushTo(byName, e.key, e.value);
    files.push(byName);
  }
  return {
    get(name) {
      let out: PMap[] | undefined;
      for (const f of files) {
        if (f instanceof Map) {
          for (const body of f.get(name) ?? []) (out ??= []).push(body);
          continue;
        }
        const body = get(f, name);
        if (isMap(body)) (out ??= []).push(body);
      }
      return out;
    },
  };
}

/**
 * A port the service got through `extends` is written in the base service; a finding about this service's
 * copy belongs on its own `extends` (its cause), not on the base's scalar, which has its own finding.
 */
function placeInherited(bodies: PMap[], svc: ServiceModel, b: OwnedBinding<Span>): OwnedBinding<Span> {
  for (const body of bodies) {
    const sp = body.span;
    if (sp.file === b.at.file && sp.start <= b.at.start && b.at.end <= sp.end) return b;
  }
  // The merged body no longer says `extends`; the file that wrote the service does.
  for (const body of bodies) {
    const ext = entry(body, 'extends');
    if (ext) return { ...b, at: ext.value?.span ?? ext.keySpan };
  }
  const key = svc.keySpans[0];
  return key ? { ...b, at: key } : b;
}

function ownerOf(svc: ServiceModel) {
  return {
    owner: ownerName(svc),
    service: svc.name,
    replicas: svc.replicas,
    profiles: svc.profiles,
  };
}

/**
 * compose-go drops a repeated binding after expanding the short syntax; so must the conflict check. The
 * items' own binding objects are handed on (they name their service already), and a service with one item
 * and nothing repeated hands on that item's list itself.
 */
function publishedBindings(items: PortItem[]): OwnedBinding<Span>[] {
  const only = items.length === 1 ? items[0] : undefined;
  if (only !== undefined && only.bindings.length <= 1)
    return only.bindings.length === 0 ? NO_BINDINGS : only.bindings;
  const out: OwnedBinding<Span>[] = [];
  let seen: Set<string> | undefined;
  for (const item of items) {
    for (const b of item.bindings) {
      // A repeat needs a second binding: the first one of the service is never one (most services have one).
      if (out.length > 0) {
        const key = `${b.hostIp || '0.0.0.0'}:${b.published}:${b.containerPort}/${b.protocol}`;
        if (seen === undefined) {
          const first = out[0] as OwnedBinding<Span>;
          seen = new Set([
            `${first.hostIp || '0.0.0.0'}:${first.published}:${first.containerPort}/${first.protocol}`,
          ]);
        }
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push(b);
    }
  }
  return out.length === 0 ? NO_BINDINGS : fitted(out); // kept per body
}

/**
 * Under `network_mode: host` the published ports are discarded and the process binds its own (container)
 * ports on the host: those of `ports` and `expose` are the best guess of what it listens on (NET090).
 */
function hostModeBindings(svc: ServiceModel, items: PortItem[]): OwnedBinding<Span>[] {
  const out: OwnedBinding<Span>[] = [];
  const seen = new Set<string>(); // a set, not a scan of `out`: `1-65535:1-65535` is 65,535 ports
  const add = (port: number, protocol: string, at: Span) => {
    if (!isPortProtocol(protocol)) return;
    if (seen.has(`${port}/${protocol}`)) return;
    seen.add(`${port}/${protocol}`);
    out.push({
      protocol,
      hostIp: '',
      hostPort: { start: port, end: port },
      published: String(port),
      containerPort: port,
      at,
      direct: true,
      ...ownerOf(svc),
    });
  };
  for (const item of items) for (const b of item.bindings) add(b.containerPort, b.protocol, item.node.span);
  const expose = get(svc.node, 'expose');
  for (const n of isSeq(expose) ? expose.items : []) {
    if (!isScalar(n) || n.value === null) continue;
    const r = parseExpose(String(n.value));
    if (!r.ok) continue;
    for (let p = r.value.range.start; p <= r.value.range.end && p - r.value.range.start < 64; p++) {
      add(p, r.value.protocol, n.span);
    }
  }
  return fitted(out); // kept per body
}

function usedPorts(owned: OwnedBinding<Span>[]): Map<string, Set<number>> {
  const used = new Map<string, Set<number>>();
  for (const b of owned) {
    if (!b.hostPort) continue;
    let set = used.get(b.protocol);
    if (!set) used.set(b.protocol, (set = new Set()));
    for (let p = b.hostPort.start; p <= b.hostPort.end; p++) set.add(p);
  }
  return used;
}

/** A free range of `count` ports near `start` for `protocol`, avoiding the project's and `extra` ports. */
export function freeNear(
  used: Map<string, Set<number>>,
  protocol: string,
  start: number,
  count: number,
  extra: Iterable<number> = [],
) {
  return freeRange([...(used.get(protocol) ?? []), ...extra], start, count);
}
