import { at, get, isMap, isScalar, isSeq, str } from '../../yaml/tree';
import type { PMap, PNode, PScalar, Span } from '../../yaml/tree';
import { CLUSTER_SCOPED } from '../objects';
import { addLabels, renamed, scalar, updateIn } from './tree-edit';

/** A resource flowing through a kustomize build: the object's tree and the file it was read from. */
export interface Resource {
  node: PMap;
  file: string;
}

const kindOf = (r: Resource): string => str(get(r.node, 'kind')) ?? '';

/** `namespace:`: every namespaced object lands there. */
export function setNamespace(resources: Resource[], ns: PScalar): Resource[] {
  const value = String(ns.value ?? '');
  return resources.map((r) =>
    CLUSTER_SCOPED.has(kindOf(r))
      ? r
      : { ...r, node: updateIn(r.node, ['metadata', 'namespace'], () => scalar(value, ns.span), ns.span) },
  );
}

/**
 * `namePrefix` / `nameSuffix`: renames every object and, as kustomize's name-reference transformer does,
 * the references to renamed Services in the same build (Ingress backends, StatefulSet `serviceName`).
 */
export function renameAll(resources: Resource[], prefix: string, suffix: string, span: Span): Resource[] {
  if (prefix === '' && suffix === '') return resources;
  const services = new Map<string, string>();
  const out = resources.map((r) => {
    const name = str(at(r.node, 'metadata', 'name'));
    if (name === undefined || kindOf(r) === 'Namespace') return r;
    const next = `${prefix}${name}${suffix}`;
    if (kindOf(r) === 'Service') services.set(name, next);
    return {
      ...r,
      node: updateIn(
        r.node,
        ['metadata', 'name'],
        (cur) => (cur ? renamed(cur, next) : scalar(next, span)),
        span,
      ),
    };
  });
  return out.map((r) => ({ ...r, node: renameReferences(r.node, kindOf(r), services) }));
}

function renameReferences(node: PMap, kind: string, services: Map<string, string>): PMap {
  const swap = (cur: PNode | null | undefined): PNode | null => {
    const old = str(cur);
    const next = old === undefined ? undefined : services.get(old);
    return cur === undefined || cur === null ? null : next === undefined ? cur : renamed(cur, next);
  };
  if (kind === 'StatefulSet' && str(at(node, 'spec', 'serviceName')) !== undefined) {
    return updateIn(node, ['spec', 'serviceName'], swap, node.span);
  }
  if (kind !== 'Ingress') return node;
  let out = node;
  if (str(at(out, 'spec', 'defaultBackend', 'service', 'name')) !== undefined)
    out = updateIn(out, ['spec', 'defaultBackend', 'service', 'name'], swap, node.span);
  const rules = at(out, 'spec', 'rules');
  if (!isSeq(rules)) return out;
  const newRules = rules.items.map((rule) => {
    const paths = at(rule, 'http', 'paths');
    if (!isMap(rule) || !isSeq(paths)) return rule;
    const newPaths = paths.items.map((p) =>
      isMap(p) && str(at(p, 'backend', 'service', 'name')) !== undefined
        ? updateIn(p, ['backend', 'service', 'name'], swap, p.span)
        : p,
    );
    return updateIn(rule, ['http', 'paths'], () => ({ ...paths, items: newPaths }), rule.span);
  });
  return updateIn(out, ['spec', 'rules'], () => ({ ...rules, items: newRules }), rules.span);
}

const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

/**
 * `commonLabels` (and `labels` with `includeSelectors`): on every object's labels, on selectors and pod
 * templates; `includeTemplates` alone adds them to templates but not selectors; plain `labels` only to
 * `metadata.labels`. Paths as in kustomize's commonLabels field specs.
 */
export function addCommonLabels(
  resources: Resource[],
  labels: [string, PScalar][],
  mode: { selectors: boolean; templates: boolean },
  span: Span,
): Resource[] {
  if (labels.length === 0) return resources;
  return resources.map((r) => {
    const kind = kindOf(r);
    let node = addLabels(r.node, ['metadata', 'labels'], labels, span);
    if (mode.templates || mode.selectors) {
      if (WORKLOADS.has(kind) || kind === 'Job')
        node = addLabels(node, ['spec', 'template', 'metadata', 'labels'], labels, span);
      if (kind === 'CronJob')
        node = addLabels(
          node,
          ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
          labels,
          span,
        );
    }
    if (mode.selectors) {
      if (kind === 'Service') node = addLabels(node, ['spec', 'selector'], labels, span);
      if (WORKLOADS.has(kind) && kind !== 'ReplicationController')
        node = addLabels(node, ['spec', 'selector', 'matchLabels'], labels, span);
      if (kind === 'ReplicationController') node = addLabels(node, ['spec', 'selector'], labels, span);
      if (kind === 'NetworkPolicy') {
        node = addLabels(node, ['spec', 'podSelector', 'matchLabels'], labels, span);
        node = labelPeers(node, labels, span);
      }
    }
    return { ...r, node };
  });
}

/**
 * kustomize's field specs also label the peers' `podSelector.matchLabels` of a NetworkPolicy's rules
 * (`spec/ingress/from/podSelector/matchLabels`, `spec/egress/to/podSelector/matchLabels`), where present.
 */
function labelPeers(node: PMap, labels: [string, PScalar][], span: Span): PMap {
  let out = node;
  for (const [dir, side] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rules = at(out, 'spec', dir);
    if (!isSeq(rules)) continue;
    const items = rules.items.map((rule) => {
      const peers = get(rule, side);
      if (!isMap(rule) || !isSeq(peers)) return rule;
      const labelled = peers.items.map((p) =>
        isMap(p) && isMap(at(p, 'podSelector', 'matchLabels'))
          ? addLabels(p, ['podSelector', 'matchLabels'], labels, span)
          : p,
      );
      return updateIn(rule, [side], () => ({ ...peers, items: labelled }), span);
    });
    out = updateIn(out, ['spec', dir], () => ({ ...rules, items }), span);
  }
  return out;
}

/** `commonLabels: {a: b}` or a `labels:` entry's `pairs`, as scalars pointing into the kustomization. */
export function labelPairs(map: PNode | null | undefined): [string, PScalar][] {
  if (!isMap(map)) return [];
  return map.entries.flatMap((e): [string, PScalar][] =>
    isScalar(e.value) ? [[e.key, { ...e.value, value: String(e.value.value ?? '') }]] : [],
  );
}
