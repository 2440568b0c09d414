import { fitted, NodeMemo } from '@switchyard/core';
import type { ComposeProject, ServiceModel } from '../../../compose/project';
import { entry, get, isMap, isScalar, isSeq, str, bool } from '../../../yaml/tree';
import type { PEntry, PMap, PScalar, Span } from '../../../yaml/tree';

/** `network_mode` as written: its entry, value node and parsed kind. */
export interface NetworkMode {
  entry: PEntry;
  value: PScalar;
  text: string;
  kind: 'none' | 'host' | 'bridge' | 'default' | 'service' | 'container' | 'other';
  /** The service or container named after `service:` / `container:`. */
  target: string;
}

// Rules share these derivations within one analysis. `network_mode` and the dependencies are read from the
// body alone (spans are the body's own, which the editor's parse cache moves with it), so they are kept by
// body: an unchanged service keeps them across edits. The name is checked because YAML aliases can give
// two services one body.
const modes = new NodeMemo<PMap, NetworkMode | null>();
const deps = new NodeMemo<PMap, { name: string; list: Dependency[] }>();
/**
 * By the project's name map, then by model: through `network_mode: service:x` the answer depends on other
 * services, and the loader hands an unchanged service's model to the next load (build-models.ts). The inner
 * map is a WeakMap, so a model kept across loads gathers no property per project.
 */
const attached = new NodeMemo<Map<string, ServiceModel>, WeakMap<ServiceModel, ReadonlySet<string> | null>>();
const byNames = new WeakMap<ComposeProject, Map<string, ServiceModel>>();

export function networkModeOf(svc: ServiceModel): NetworkMode | undefined {
  let mode = modes.get(svc.node);
  if (mode === undefined) {
    mode = readNetworkMode(svc) ?? null;
    modes.set(svc.node, mode);
  }
  return mode ?? undefined;
}

function readNetworkMode(svc: ServiceModel): NetworkMode | undefined {
  const e = entry(svc.node, 'network_mode');
  const v = e?.value;
  if (!e || !isScalar(v)) return undefined;
  const text = str(v);
  if (text === undefined || text === '') return undefined;
  return { entry: e, value: v, text, ...classify(text) };
}

function classify(text: string): Pick<NetworkMode, 'kind' | 'target'> {
  if (text === 'none' || text === 'host' || text === 'bridge' || text === 'default') {
    return { kind: text, target: '' };
  }
  // The engine takes a bare `container` as container mode too (and then refuses the empty name).
  if (text === 'container') return { kind: 'container', target: '' };
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? '' : text.slice(0, colon);
  if (prefix === 'service' || prefix === 'container') return { kind: prefix, target: text.slice(colon + 1) };
  return { kind: 'other', target: '' };
}

/** `service:` and `container:` share the other container's namespace; the engine sees both as container mode. */
export function isContainerMode(mode: NetworkMode | undefined): mode is NetworkMode {
  return mode?.kind === 'service' || mode?.kind === 'container';
}

/** A dependency of one service on another, as compose-go's normaliser derives it. */
export interface Dependency {
  from: string;
  to: string;
  via: 'depends_on' | 'links' | 'network_mode';
  span: Span;
  required: boolean;
}

export function dependenciesOf(svc: ServiceModel): Dependency[] {
  const known = deps.get(svc.node);
  if (known !== undefined && (known.name === svc.name || known === NO_DEPENDENCY_RECORD)) return known.list;
  const list = readDependencies(svc);
  // No dependency: the answer does not name the service, so all such bodies share one record.
  deps.set(svc.node, list === NO_DEPENDENCIES ? NO_DEPENDENCY_RECORD : { name: svc.name, list });
  return list;
}

function readDependencies(svc: ServiceModel): Dependency[] {
  const out: Dependency[] = [];
  const add = (to: string, via: Dependency['via'], span: Span, required = true): void => {
    out.push({ from: svc.name, to, via, span, required });
  };
  const deps = get(svc.node, 'depends_on');
  if (isSeq(deps)) {
    for (const i of deps.items) {
      const s = str(i);
      if (s !== undefined) add(s, 'depends_on', i.span);
    }
  } else if (isMap(deps)) {
    for (const e of deps.entries)
      add(e.key, 'depends_on', e.keySpan, bool(get(e.value, 'required')) !== false);
  }
  const links = get(svc.node, 'links');
  if (isSeq(links)) {
    for (const i of links.items) {
      const s = str(i);
      if (s !== undefined) add(s.split(':')[0] ?? s, 'links', i.span);
    }
  }
  const mode = networkModeOf(svc);
  if (mode?.kind === 'service') add(mode.target, 'network_mode', mode.value.span);
  return out.length > 0 ? fitted(out) : NO_DEPENDENCIES;
}

/** Shared by the many services without dependencies (kept per body: a list each adds up); never mutated. */
const NO_DEPENDENCIES: Dependency[] = [];
const NO_DEPENDENCY_RECORD = { name: '', list: NO_DEPENDENCIES };

export function servicesByName(project: ComposeProject): Map<string, ServiceModel> {
  let map = byNames.get(project);
  if (!map) {
    // Set one by one: a [name, service] pair per service was 9 MB at 136,000 services.
    map = new Map();
    for (const s of project.services) map.set(s.name, s);
    byNames.set(project, map);
  }
  return map;
}

/** Go's `%s` of a []string: `[a b]`. */
export function goList(items: string[]): string {
  return `[${items.join(' ')}]`;
}

/**
 * The networks a service's container ends up on: its `networks`, else the implicit `default`; through
 * `network_mode: service:x` those of x. Undefined for host/none/container modes, where it cannot be known.
 */
export function attachedNetworks(
  svc: ServiceModel,
  byName: Map<string, ServiceModel>,
  depth = 0,
): ReadonlySet<string> | undefined {
  let mine = attached.get(byName);
  if (mine === undefined) attached.set(byName, (mine = new WeakMap()));
  const known = mine.get(svc);
  if (known !== undefined) return known ?? undefined;
  const nets = readAttached(svc, byName, depth);
  mine.set(svc, nets ?? null);
  return nets;
}

function readAttached(
  svc: ServiceModel,
  byName: Map<string, ServiceModel>,
  depth: number,
): ReadonlySet<string> | undefined {
  const mode = networkModeOf(svc);
  if (mode) {
    const target = mode.kind === 'service' ? byName.get(mode.target) : undefined;
    return target && depth < 8 ? attachedNetworks(target, byName, depth + 1) : undefined;
  }
  const nets = get(svc.node, 'networks');
  // Straight into the set: no list (or two) first, for a service on 640,000 networks.
  const names = new Set<string>();
  if (isSeq(nets)) {
    for (const i of nets.items) {
      const s = str(i);
      if (s !== undefined) names.add(s);
    }
  } else if (isMap(nets)) for (const e of nets.entries) names.add(e.key);
  return names.size > 0 ? names : ONLY_DEFAULT;
}

/** Most services name no network: they share one set (callers only read it). */
const ONLY_DEFAULT: ReadonlySet<string> = new Set(['default']);
