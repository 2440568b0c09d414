import { NodeMemo } from '@switchyard/core';
import type { NetworkModel, ServiceModel } from './project';
import { bool, entry, get, hasRepeatedKeys, isMap, isNull, isSeq, str } from '../yaml/tree';
import type { PEntry, PMap, PNode, Span } from '../yaml/tree';
import { enforceUnicity } from './unicity';

/**
 * Services of the merged project, after de-duplication, with profiles applied: with `profiles` undefined
 * every profile is active (the editor's view); `*` activates every profile, as in `docker compose`.
 * `keep`: each model is remembered by its body, for the next load to hand out again (only a load with the
 * editor's parse cache gets the same bodies back).
 */
export function buildServices(
  root: PMap,
  places: KeyPlaces,
  profiles: string[] | undefined,
  keep = true,
  /** The project's parse cache: the last load through it hands its models to this one (below). */
  cache?: object,
): ServiceModel[] {
  const services = get(root, 'services');
  if (!isMap(services)) return [];
  const all = profiles === undefined || profiles.includes('*');
  const out: ServiceModel[] = [];
  const repeated = hasRepeatedKeys(services);
  const list = repeated ? lastOfEachKey(services.entries) : services.entries;
  // Each key written once, in the one section this mapping is: a key's place is its entry's own. Then an
  // entry the parse cache handed back (the same object at the same index as in the last load) whose key is
  // where the model says is that model, with no lookup by body, by key or by name: a keystroke costs one
  // comparison per unchanged service here.
  const direct =
    !repeated && places.many === undefined && (places.one === undefined || places.one === services);
  const last = keep && direct && cache !== undefined ? lastLoad.get(cache) : undefined;
  const same = last !== undefined && last.profiles === profiles ? last : undefined;
  const models: (ServiceModel | undefined)[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as PEntry;
    const was = same?.entries[i] === e ? same.models[i] : NOT_KNOWN;
    if (was !== NOT_KNOWN && (was === undefined || sameSpan(was.keySpans[0], e.keySpan))) {
      models.push(was);
      if (was !== undefined) out.push(was);
      continue;
    }
    models.push(undefined);
    if (!isMap(e.value)) continue;
    const { node, profiles: svcProfiles, replicas } = bodyFacts(e.value, keep);
    const enabled = svcProfiles.length === 0 || all || svcProfiles.some((p) => profiles.includes(p));
    const only = onlySpan(places, e.key, e.keySpan);
    // The model of the last load while all it holds is the same (the editor's parse cache hands back an
    // unchanged body as the same object; its key is at the same place): a keystroke above the service
    // makes it a new model, one elsewhere makes no model (and no list of key places) per service.
    const known = keep ? modelByBody.get(e.value) : undefined;
    if (
      known !== undefined &&
      known.name === e.key &&
      known.enabled === enabled &&
      (only === undefined
        ? sameSpans(known.keySpans, spansOf(places, e.key, e.keySpan))
        : known.keySpans.length === 1 && sameSpan(known.keySpans[0], only))
    ) {
      out.push(known);
      models[i] = known;
      continue;
    }
    // Without a parse cache (`keep` false) no span is ever moved, so the model takes the key's own span:
    // a copy per service is 48 bytes live from the load on (6.5 MB at 136,000 services).
    const spans =
      only === undefined ? spansOf(places, e.key, e.keySpan, keep) : [keep ? placeOf(only) : only];
    const model = { name: e.key, node, keySpans: spans, enabled, profiles: svcProfiles, replicas };
    if (keep) modelByBody.set(e.value, model);
    out.push(model);
    models[i] = model;
  }
  if (keep && direct && cache !== undefined) lastLoad.set(cache, { entries: list, models, profiles });
  return out;
}

/**
 * The last load's entries of `services` and the model of each (undefined: not a mapping), by the project's
 * parse cache, and the profiles it was built for (the same array: the same enabled flags).
 */
const lastLoad = new WeakMap<
  object,
  { entries: PEntry[]; models: (ServiceModel | undefined)[]; profiles: string[] | undefined }
>();
const NOT_KNOWN = Symbol('not known');

/** Models are never changed after they are built; `node`, profiles and replicas follow from the body. */
const modelByBody = new WeakMap<PMap, ServiceModel>();

/** The same places (a key's span is made afresh by each parse; the value is what counts). */
function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameSpan(a[i], b[i])) return false;
  return true;
}

function sameSpan(x: Span | undefined, y: Span | undefined): boolean {
  return x === y || (x?.file === y?.file && x?.start === y?.start && x?.end === y?.end);
}

/**
 * Where each service (or network) key is written, in load order, over every file's section. Most projects
 * are one file without a repeated key: then a key is written once, in that section, and nothing is built per
 * load (a keystroke re-loads the project: no map and no list per service); otherwise the map of every key's
 * places, built once per load.
 */
export interface KeyPlaces {
  one?: PMap;
  many?: Map<string, Span[]>;
}

export function keyPlaces(sections: PMap[]): KeyPlaces {
  const [first] = sections;
  if (first !== undefined && sections.length === 1 && !hasRepeatedKeys(first)) return { one: first };
  const many = new Map<string, Span[]>();
  for (const m of sections) {
    for (const e of m.entries) {
      const spans = many.get(e.key);
      if (spans) spans.push(e.keySpan);
      else many.set(e.key, [e.keySpan]);
    }
  }
  return { many };
}

/** The key's one place when it has one (written once, in the only section), else undefined. */
function onlySpan(places: KeyPlaces, key: string, fallback: Span): Span | undefined {
  if (places.many !== undefined) return undefined;
  return places.one === undefined ? fallback : (entry(places.one, key)?.keySpan ?? fallback);
}

/** Copies of the key's places (below); the places themselves, in a list of the model's own, without `copy`. */
function spansOf(places: KeyPlaces, key: string, fallback: Span, copy = true): Span[] {
  const only = onlySpan(places, key, fallback);
  const spans = only !== undefined ? [only] : (places.many?.get(key) ?? [fallback]);
  return copy ? spans.map(placeOf) : spans.slice();
}

/**
 * A copy of a key's span: the editor's parse cache hands back an unchanged entry as the same object and
 * moves its key's span in place when text above it changes, while a model must keep the place it was
 * built for (a moved service is a new model: rules keep what they derive from a model, spans included).
 */
function placeOf(s: Span): Span {
  return { file: s.file, start: s.start, end: s.end };
}

/**
 * What a service model takes from its body, read once per body (bodies are not changed after load);
 * remembered for the next load when `keep`.
 */
function bodyFacts(body: PMap, keep: boolean): { node: PMap; profiles: string[]; replicas: number } {
  let facts = factsByBody.get(body);
  if (facts === undefined) {
    const node = enforceUnicity(body, keep);
    facts = { node, profiles: stringList(get(node, 'profiles')), replicas: replicasOf(node) };
    if (keep) factsByBody.set(body, facts);
  }
  return facts;
}

const factsByBody = new NodeMemo<PMap, { node: PMap; profiles: string[]; replicas: number }>();

/** A key written twice in one mapping: the last one wins, as `entry()` reads it. */
function lastOfEachKey<T extends { key: string }>(entries: T[]): T[] {
  const last = new Map<string, T>();
  for (const e of entries) {
    last.delete(e.key);
    last.set(e.key, e);
  }
  return last.size === entries.length ? entries : [...last.values()];
}

/** compose-go `GetScale`: `scale`, else `deploy.replicas`, else 1. */
function replicasOf(svc: PMap): number {
  const scale = intOf(get(svc, 'scale'));
  if (scale !== undefined) return scale;
  return intOf(get(get(svc, 'deploy'), 'replicas')) ?? 1;
}

function intOf(n: PNode | null | undefined): number | undefined {
  const s = str(n);
  if (s === undefined || !/^[+-]?[0-9]+$/.test(s)) return undefined;
  return Number(s);
}

function stringList(n: PNode | null | undefined): string[] {
  if (!isSeq(n)) return NO_STRINGS;
  return n.items.map((i) => str(i)).filter((s): s is string => s !== undefined);
}

/** Shared by every service without `profiles` (most of them); never appended to. */
const NO_STRINGS: string[] = [];

/** Every profile some service names, in first-seen order. */
export function profilesNamed(services: ServiceModel[]): string[] {
  return [...new Set(services.flatMap((s) => s.profiles))];
}

/** A service is on the implicit default network when it has no network_mode and no (or empty) networks. */
export function usesDefaultNetwork(svc: PMap): boolean {
  let known = onDefault.get(svc);
  if (known === undefined) onDefault.set(svc, (known = readUsesDefault(svc)));
  return known;
}

/**
 * By body: bodies are not changed after interpolation, and the editor's parse cache hands an unchanged
 * body back as the same object, so every load need not look into every service again.
 */
const onDefault = new NodeMemo<PMap, boolean>();

function readUsesDefault(svc: PMap): boolean {
  if (entry(svc, 'network_mode') !== undefined) return false;
  const nets = get(svc, 'networks');
  // `networks:` with no value is empty to compose-go too (`len(s.Networks) == 0` in its normalize step).
  if (nets === undefined || isNull(nets)) return true;
  if (isSeq(nets)) return nets.items.length === 0 || nets.items.some((i) => str(i) === 'default');
  if (isMap(nets)) return nets.entries.length === 0 || entry(nets, 'default') !== undefined;
  return false;
}

/**
 * Declared networks, plus the implicit `default` when an enabled service needs it and none is declared.
 * Engine names follow compose-go: `name:`; for an external network the deprecated `external.name` or the
 * key; otherwise `<project>_<key>`.
 */
export function buildNetworks(
  root: PMap,
  project: string,
  places: KeyPlaces,
  services: ServiceModel[],
  keep = true,
): NetworkModel[] {
  const out: NetworkModel[] = [];
  const nets = get(root, 'networks');
  if (isMap(nets)) {
    for (const e of hasRepeatedKeys(nets) ? lastOfEachKey(nets.entries) : nets.entries) {
      const body = isMap(e.value) ? e.value : null;
      const only = onlySpan(places, e.key, e.keySpan);
      // As for services: the last load's model while its body, key, place and project are the same.
      const known = keep && body !== null ? networkByBody.get(body) : undefined;
      if (
        known !== undefined &&
        known.project === project &&
        known.model.key === e.key &&
        (only === undefined
          ? sameSpans(known.model.keySpans, spansOf(places, e.key, e.keySpan))
          : known.model.keySpans.length === 1 && sameSpan(known.model.keySpans[0], only))
      ) {
        out.push(known.model);
        continue;
      }
      const ext = get(body, 'external');
      const external = bool(ext) === true || isMap(ext);
      const name = str(get(body, 'name')) ?? (isMap(ext) ? str(get(ext, 'name')) : undefined);
      const model = {
        key: e.key,
        node: body,
        keySpans: spansOf(places, e.key, e.keySpan),
        implicit: false,
        engineName: name ?? (external ? e.key : `${project}_${e.key}`),
        external,
      };
      if (keep && body !== null) networkByBody.set(body, { project, model });
      out.push(model);
    }
  }
  const needsDefault = services.some((s) => s.enabled && usesDefaultNetwork(s.node));
  if (needsDefault && !out.some((n) => n.key === 'default')) {
    out.push({
      key: 'default',
      node: null,
      keySpans: [],
      implicit: true,
      engineName: `${project}_default`,
      external: false,
    });
  }
  return out;
}

/** Network models by body (a network without a body gets a new model on every load). */
const networkByBody = new NodeMemo<PMap, { project: string; model: NetworkModel }>();

export function normaliseProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}
