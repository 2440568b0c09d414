import { get, isMap, isScalar, isSeq, str } from '../yaml/tree';
import type { PMap, PNode, Span } from '../yaml/tree';
import type { YamlDocument } from './documents';

/** One Kubernetes object of the project, as the apiserver would receive it (after kustomize). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  /** `metadata.name` after kustomize's prefix/suffix; '' when missing. */
  name: string;
  /** The namespace it lands in (`default` when not set); undefined for cluster-scoped kinds. */
  namespace: string | undefined;
  node: PMap;
  file: string;
  /** What a finding about the whole object points at: the name's value, else `kind`. */
  anchor: Span;
  /** The project unit: a kustomization directory, a Helm chart, or '' for plain manifests. */
  unit: string;
}

/** Kinds that never take a namespace (§7.3): a namespace written on them is ignored. */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'IngressClass',
  'GatewayClass',
  'ServiceCIDR',
  'IPAddress',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'CustomResourceDefinition',
  'PriorityClass',
  'RuntimeClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
]);

/** A manifest's objects are at most this many per project; past it the rest is skipped (and said so). */
export const MAX_OBJECTS = 20000;

/**
 * The objects of one parsed file: one per document with `apiVersion`/`kind`, and the `items` of a `List`
 * (`kind: List`, `ServiceList`, …) each as its own object, as kubectl unpacks them.
 */
export function objectsOf(documents: YamlDocument[]): PMap[] {
  const out: PMap[] = [];
  for (const d of documents) {
    if (!isMap(d.root)) continue;
    const kind = str(get(d.root, 'kind'));
    const items = get(d.root, 'items');
    if (kind !== undefined && kind.endsWith('List') && isSeq(items)) {
      for (const item of items.items) if (isMap(item)) out.push(item);
    } else out.push(d.root);
  }
  return out;
}

/** Builds the object record for a root map, applying the namespace default. */
export function toObject(node: PMap, file: string, unit: string, defaultNamespace = 'default'): K8sObject {
  const kind = str(get(node, 'kind')) ?? '';
  const metadata = get(node, 'metadata');
  const nameNode = get(metadata, 'name');
  const ns = str(get(metadata, 'namespace'));
  const anchor = (nameNode ?? get(node, 'kind') ?? node).span;
  return {
    apiVersion: str(get(node, 'apiVersion')) ?? '',
    kind,
    name: str(nameNode) ?? '',
    namespace: CLUSTER_SCOPED.has(kind) ? undefined : ns !== undefined && ns !== '' ? ns : defaultNamespace,
    node,
    file,
    anchor,
    unit,
  };
}

/** A whole number written as a YAML integer; strings ("80") are not numbers to the apiserver. */
export function intOf(n: PNode | null | undefined): number | undefined {
  if (!isScalar(n) || typeof n.value !== 'number' || !Number.isInteger(n.value)) return undefined;
  return n.value;
}

/** `map[string]string` fields (labels, matchLabels, selector) as a Map; non-scalar values are skipped. */
export function stringMap(n: PNode | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!isMap(n)) return out;
  for (const e of n.entries) {
    const v = e.value;
    if (isScalar(v) && v.value !== null) out.set(e.key, String(v.value));
  }
  return out;
}

/** Where to point at a value: the value's span, else its key's, else the fallback. */
export function spanOf(map: PNode | null | undefined, key: string, fallback: Span): Span {
  if (!isMap(map)) return fallback;
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const e = map.entries[i];
    if (e?.key === key) return e.value?.span ?? e.keySpan;
  }
  return fallback;
}

/** The key's span of an entry, for findings about a field that should not be there. */
export function keySpanOf(map: PNode | null | undefined, key: string): Span | undefined {
  if (!isMap(map)) return undefined;
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const e = map.entries[i];
    if (e?.key === key) return e.keySpan;
  }
  return undefined;
}

/** Go-style rendering of a value in a field error: strings quoted, numbers bare. */
export function rendered(n: PNode | null | undefined): string {
  if (!isScalar(n)) return '""';
  if (typeof n.value === 'number' || typeof n.value === 'boolean') return String(n.value);
  return JSON.stringify(String(n.value ?? ''));
}

/** `Kind namespace/name` as people say it in messages. */
export function describeObject(o: K8sObject): string {
  return o.namespace !== undefined ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
}
