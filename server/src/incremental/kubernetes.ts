import type { Finding } from '@switchyard/core';
import type { PNode, Span } from '../yaml/tree';
import { group } from '../kubernetes/cross-object';
import type { K8sModel } from '../kubernetes/cross-object';
import type { K8sObject } from '../kubernetes/objects';
import type { K8sRule } from '../rules/kubernetes/rule';
import { AnchorIndex, findHolder, pinWith, unpin } from './anchors';
import type { Anchor, KeptFinding } from './anchors';
import { readsText } from './reads';

/**
 * The Kubernetes side's kept findings (issue 11, as issue 16 did for Compose): the findings of the
 * namespace rules per unit and namespace, and of the project-wide rules that say what kinds they read, each
 * kept until an edit changes something the rule reads.
 *
 * An analysis first finds what changed since the last one of the same project (`deltaOf`): the loader
 * hands back the same object record for a tree the parse cache kept (moved in place when text above it
 * grew or shrank), so the objects of two analyses differ only in a window (the edited objects). A kept
 * result stays valid while:
 * - the cluster configuration and the unit list are the same;
 * - no object of a kind the rule reads (`K8sRule.reads`, every kind without it) was added to, or removed
 *   from, its namespace (or the project), and none moved among the others;
 * - every object of those kinds that changed in place (same kind, name, namespace, unit and file) reads the
 *   same for the rule: `readsText` of the rule's `fields` for its kind (the whole object without them);
 * - none of its findings lies in an object that changed (they are pinned to object trees, so a finding in
 *   an object that only moved moves with it: `anchors.ts`).
 * Otherwise the rule runs again, for that namespace only when it is a namespace rule.
 */
export interface K8sKeep {
  /** The objects of the last analysis, in order. */
  objects: K8sObject[] | undefined;
  /** The cluster configuration and units of the last analysis, as a key. */
  context: string;
  /** Per `unit \0 namespace`, per namespace rule. */
  namespaces: Map<string, Map<K8sRule, Kept>>;
  /** Per project-wide rule with `reads`. */
  projectWide: Map<K8sRule, Kept>;
  /** The objects of the last analysis by unit and namespace (`groupOf`), in project order. */
  groups?: Map<string, K8sObject[]>;
  /** The last analysis's model of the whole project, when one was made (`modelAfter` makes the next). */
  model?: K8sModel;
  /** The per-object rules' findings of each of `objects` (`keptObjectFindings`). */
  perObject?: { objects: readonly K8sObject[]; lists: Finding<Span>[][] };
  /** The objects' trees by file, for pinning (`ObjectAnchors`), while they describe `objects`. */
  anchors?: ObjectAnchors;
}

interface Kept {
  kept: KeptFinding[];
  /** The object trees its findings are pinned to. */
  pinned: Set<PNode>;
}

export function newKeep(): K8sKeep {
  return { objects: undefined, context: '', namespaces: new Map(), projectWide: new Map() };
}

/**
 * What changed between two analyses' object lists: the window between their common head and tail. When
 * both windows hold the same objects by kind, name, namespace, unit and file in the same order, and none of
 * the new window's records was in the old one, they are `pairs` (each object edited in place); otherwise
 * every object of the old window is `removed` and every one of the new `added`.
 */
export interface Delta {
  pairs: [K8sObject, K8sObject][];
  added: K8sObject[];
  removed: K8sObject[];
  /** How many objects before and after the window are the same records; the last analysis's objects. */
  head: number;
  tail: number;
  previous: readonly K8sObject[] | undefined;
}

export function deltaOf(prev: readonly K8sObject[], cur: readonly K8sObject[]): Delta {
  let head = 0;
  const n = Math.min(prev.length, cur.length);
  while (head < n && prev[head] === cur[head]) head++;
  let tail = 0;
  while (tail < n - head && prev[prev.length - 1 - tail] === cur[cur.length - 1 - tail]) tail++;
  const was = prev.slice(head, prev.length - tail);
  const now = cur.slice(head, cur.length - tail);
  const edges = { head, tail, previous: prev };
  // A record of the old window found again in the new one moved (identical documents swap their trees):
  // that is no edit in place.
  if (
    was.length === now.length &&
    was.every((o, i) => idOf(o) === idOf(now[i] as K8sObject)) &&
    !now.some((o) => was.includes(o))
  )
    return { pairs: was.map((o, i) => [o, now[i] as K8sObject]), added: [], removed: [], ...edges };
  return { pairs: [], added: now, removed: was, ...edges };
}

export const idOf = (o: K8sObject): string =>
  `${o.unit}\0${o.namespace ?? ''}\0${o.kind}\0${o.name}\0${o.file}`;

/** The group of a namespace rule: objects never select or reference across units or namespaces. */
export const groupOf = (o: K8sObject): string => `${o.unit}\0${o.namespace ?? ''}`;

const reads = (rule: K8sRule, o: K8sObject): boolean =>
  rule.reads === undefined || rule.reads.includes(o.kind);

/** `readsText` of an object for a list of fields, kept per tree (the same tree reads the same). */
const texts = new WeakMap<PNode, Map<readonly string[], string>>();
function textOf(o: K8sObject, fields: readonly string[]): string {
  let byFields = texts.get(o.node);
  if (byFields === undefined) texts.set(o.node, (byFields = new Map()));
  let t = byFields.get(fields);
  if (t === undefined) {
    t = readsText(o.node, fields);
    byFields.set(fields, t);
  }
  return t;
}

/** How much work the last analysis did: for tests and the benchmark, never for behaviour. */
export const lastKubernetes = { ran: [] as string[], kept: 0, changed: 0 };

/**
 * Whether a kept result of `rule` is still valid after `delta`; `inScope` tells the objects of its
 * namespace (every object for a project-wide rule).
 */
function valid(rule: K8sRule, k: Kept, delta: Delta, inScope: (o: K8sObject) => boolean): boolean {
  for (const o of delta.removed) if (k.pinned.has(o.node) || (reads(rule, o) && inScope(o))) return false;
  for (const o of delta.added) if (reads(rule, o) && inScope(o)) return false;
  for (const [was, now] of delta.pairs) {
    if (was === now) continue;
    if (k.pinned.has(was.node)) return false;
    if (!reads(rule, now) || !inScope(now)) continue;
    const fields = rule.fields?.[now.kind] ?? rule.fields?.['*'];
    if (fields === undefined || textOf(was, fields) !== textOf(now, fields)) return false;
  }
  return true;
}

/** Runs a rule over some objects and reports what it found; false when it crashed. */
export type RunRule = (
  rule: K8sRule,
  objects: K8sObject[] | undefined,
  report: (f: Finding<Span>) => void,
) => boolean;

/**
 * Moves `keep` on to this analysis (`objects`, and `context`: the cluster configuration and units as a
 * key) and says what changed since the last one. Kept results that depend on the context are dropped when
 * it changed.
 */
export function advance(keep: K8sKeep, objects: K8sObject[], context: string): Delta {
  lastKubernetes.ran = [];
  lastKubernetes.kept = 0;
  if (keep.context !== context || keep.objects === undefined) {
    keep.namespaces.clear();
    keep.projectWide.clear();
    delete keep.groups;
  }
  const delta: Delta =
    keep.objects === undefined
      ? { pairs: [], added: objects, removed: [], head: 0, tail: 0, previous: undefined }
      : deltaOf(keep.objects, objects);
  keep.objects = objects;
  keep.context = context;
  lastKubernetes.changed = delta.pairs.length + delta.added.length + delta.removed.length;
  if (keep.anchors !== undefined && !keep.anchors.follow(delta)) delete keep.anchors;
  return delta;
}

const NONE: Finding<Span>[] = [];

/**
 * The per-object rules' findings of each object, in project order: the last analysis's lists with the
 * window that changed (`delta`) computed again, so a keystroke looks at the edited objects, not at 2,000.
 */
export function keptObjectFindings(
  keep: K8sKeep,
  objects: readonly K8sObject[],
  delta: Delta,
  compute: (o: K8sObject) => Finding<Span>[],
): Finding<Span>[][] {
  const last = keep.perObject;
  const of = (o: K8sObject): Finding<Span>[] => {
    const found = compute(o);
    return found.length === 0 ? NONE : found;
  };
  let lists: Finding<Span>[][];
  if (last !== undefined && delta.previous !== undefined && last.objects === delta.previous) {
    const fresh: Finding<Span>[][] = [];
    for (let i = delta.head; i < objects.length - delta.tail; i++) fresh.push(of(objects[i] as K8sObject));
    lists = last.lists;
    const end = lists.length - delta.tail;
    // In place for a keystroke's window; a big window is joined (no spread of thousands of arguments).
    if (fresh.length <= 1024) lists.splice(delta.head, end - delta.head, ...fresh);
    else lists = lists.slice(0, delta.head).concat(fresh, lists.slice(end));
  } else lists = objects.map(of);
  keep.perObject = { objects, lists };
  return lists;
}

/**
 * The findings of the namespace rules and of the project-wide rules with `reads`, from `keep` where still
 * valid, else by `run` (objects: the namespace's, or undefined for the whole project). `advance` made
 * `delta`.
 */
export function keptKubernetesFindings(
  keep: K8sKeep,
  objects: K8sObject[],
  delta: Delta,
  rules: readonly K8sRule[],
  run: RunRule,
): { namespaces: Finding<Span>[]; projectWide: Map<K8sRule, Finding<Span>[]> } {
  const namespaces: Finding<Span>[] = [];
  const perNamespace = rules.filter((r) => r.scope === 'namespace');
  if (perNamespace.length > 0) {
    const groups = groupsAfter(keep, objects, delta);
    for (const k of keep.namespaces.keys()) if (!groups.has(k)) keep.namespaces.delete(k);
    for (const [g, members] of groups) {
      let mine = keep.namespaces.get(g);
      if (mine === undefined) keep.namespaces.set(g, (mine = new Map()));
      const inScope = (o: K8sObject): boolean => groupOf(o) === g;
      const anchors = lazyAnchors(members);
      for (const rule of perNamespace) {
        const k = mine.get(rule);
        if (k !== undefined && valid(rule, k, delta, inScope)) {
          lastKubernetes.kept++;
          for (const f of k.kept) namespaces.push(unpin(f));
          continue;
        }
        const fresh = runKept(rule, members, anchors, run);
        if (fresh.keep !== undefined) mine.set(rule, fresh.keep);
        else mine.delete(rule);
        namespaces.push(...fresh.findings);
      }
    }
  }

  const projectWide = new Map<K8sRule, Finding<Span>[]>();
  const all = (): ObjectAnchors => (keep.anchors ??= new ObjectAnchors(objects));
  for (const rule of rules) {
    if (rule.scope !== undefined || rule.reads === undefined) continue;
    const k = keep.projectWide.get(rule);
    if (k !== undefined && valid(rule, k, delta, () => true)) {
      lastKubernetes.kept++;
      projectWide.set(rule, k.kept.map(unpin));
      continue;
    }
    const fresh = runKept(rule, undefined, all, run);
    if (fresh.keep !== undefined) keep.projectWide.set(rule, fresh.keep);
    else keep.projectWide.delete(rule);
    projectWide.set(rule, fresh.findings);
  }
  return { namespaces, projectWide };
}

/** The objects' trees as anchors, indexed when a first finding needs one (most runs find nothing). */
function lazyAnchors(objects: readonly K8sObject[]): () => AnchorIndex {
  let index: AnchorIndex | undefined;
  return () => (index ??= new AnchorIndex(objects.map((o) => ({ node: o.node, from: o.node.span.start }))));
}

/**
 * The whole project's object trees by file, in text order, for pinning the project-wide rules' findings.
 * Kept across analyses: the trees of one file do not overlap and keep their order when text above them
 * moves them (their spans move in place, and are read live), and an edit in place swaps one tree for the
 * new one at the same place (`follow`); anything else makes it again.
 */
export class ObjectAnchors {
  private readonly byFile = new Map<string, PNode[]>();

  constructor(objects: readonly K8sObject[]) {
    for (const o of objects) {
      const list = this.byFile.get(o.node.span.file);
      if (list) list.push(o.node);
      else this.byFile.set(o.node.span.file, [o.node]);
    }
    for (const list of this.byFile.values()) list.sort((x, y) => x.span.start - y.span.start);
  }

  /** Swaps the trees of the objects edited in place; false when the index cannot follow `delta`. */
  follow(delta: Delta): boolean {
    if (delta.added.length > 0 || delta.removed.length > 0) return false;
    for (const [was, now] of delta.pairs) {
      if (was.node === now.node) continue;
      const file = was.node.span.file;
      const list = this.byFile.get(file);
      const i = list?.indexOf(was.node) ?? -1;
      if (list === undefined || i < 0 || now.node.span.file !== file) return false;
      list[i] = now.node;
      const before = list[i - 1];
      const after = list[i + 1];
      if (before !== undefined && before.span.start > now.node.span.start) return false;
      if (after !== undefined && after.span.start < now.node.span.start) return false;
    }
    return true;
  }

  find(span: Span): Anchor | undefined {
    const list = this.byFile.get(span.file);
    const node =
      list === undefined
        ? undefined
        : findHolder(
            list,
            span.start,
            (n) => n.span.start,
            (n) => n.span.start <= span.start && span.end <= n.span.end,
          );
    return node === undefined ? undefined : { node, from: node.span.start };
  }
}

/**
 * The objects by unit and namespace, in project order: the last analysis's groups with the records edited
 * in place swapped (only the groups that hold one are copied), or grouped afresh after anything else.
 */
function groupsAfter(keep: K8sKeep, objects: K8sObject[], delta: Delta): Map<string, K8sObject[]> {
  const known = keep.groups;
  if (known !== undefined && delta.added.length === 0 && delta.removed.length === 0) {
    const copied = new Set<string>();
    for (const [was, now] of delta.pairs) {
      if (was === now) continue;
      const g = groupOf(now);
      let list = known.get(g);
      const i = list?.indexOf(was) ?? -1;
      if (list === undefined || i < 0) return (keep.groups = groupAll(objects));
      if (!copied.has(g)) {
        list = list.slice();
        known.set(g, list);
        copied.add(g);
      }
      list[i] = now;
    }
    return known;
  }
  return (keep.groups = groupAll(objects));
}

function groupAll(objects: readonly K8sObject[]): Map<string, K8sObject[]> {
  return group(objects, groupOf);
}

/**
 * Runs a rule and pins its findings to the object trees that hold them; nothing is kept when one lies in
 * no object (a kustomization, a patch written in another file) or the rule crashed.
 */
function runKept(
  rule: K8sRule,
  objects: K8sObject[] | undefined,
  anchors: () => { find(span: Span): Anchor | undefined },
  run: RunRule,
): { findings: Finding<Span>[]; keep: Kept | undefined } {
  lastKubernetes.ran.push(rule.id);
  const findings: Finding<Span>[] = [];
  const ok = run(rule, objects, (f) => findings.push(f));
  if (!ok) return { findings, keep: undefined };
  const kept: KeptFinding[] = [];
  const pinned = new Set<PNode>();
  for (const f of findings) {
    const p = pinWith(f, anchors());
    if (p === undefined || p.at === null) return { findings, keep: undefined };
    pinned.add(p.at.node);
    for (const r of p.related) pinned.add(r.node);
    kept.push(p);
  }
  return { findings, keep: { kept, pinned } };
}
