import { get, isMap, isSeq } from '../../yaml/tree';
import type { PMap, PNode, Span } from '../../yaml/tree';
import { modelOf } from '../../kubernetes/cross-object';
import { describeObject } from '../../kubernetes/objects';
import type { K8sProject } from '../../kubernetes/project';
import { formatMap, mapMatches } from '../../kubernetes/selectors';
import type { ServiceInfo, ServicePort } from '../../kubernetes/services';
import { servingContainers } from '../../kubernetes/workloads';
import type { Container, PodTemplate } from '../../kubernetes/workloads';
import { locate } from './locate';

/** A text edit in some file of the project. */
export interface SpanEdit {
  span: Span;
  text: string;
}

export interface ManifestFix {
  title: string;
  edits: SpanEdit[];
}

/**
 * Fixes that edit another place than the diagnostic (the selector map, another file's container), computed
 * when the editor asks, from the project it already has: K8S061 "align the selector with the closest pod
 * template's labels", K8S062 "add the missing named port" (name the container's unnamed port of that
 * protocol, else add a port).
 */
export function manifestFixes(
  project: K8sProject,
  code: string,
  file: string,
  offset: number,
): ManifestFix[] {
  const here = locate(project, file, offset);
  if (here === undefined || here.obj.kind !== 'Service') return [];
  const model = modelOf(project);
  const svc = model.services.find((s) => s.obj === here.obj);
  if (svc === undefined) return [];
  if (code === 'K8S061') return alignSelector(project, svc, model.podsIn(svc.obj.unit, svc.obj.namespace));
  if (code === 'K8S062') {
    const i = here.steps[2]?.key;
    const port = svc.ports.find((p) => p.index === i);
    if (port === undefined || typeof port.targetPort !== 'string') return [];
    const pods = model
      .podsIn(svc.obj.unit, svc.obj.namespace)
      .filter((p) => mapMatches(svc.selector ?? new Map(), p.labels));
    return addNamedPort(project, port, pods);
  }
  return [];
}

/** The pod template whose labels share the most `key=value` pairs with the selector, then the most keys. */
function closest(selector: Map<string, string>, pods: PodTemplate[]): PodTemplate | undefined {
  let best: PodTemplate | undefined;
  let score = -1;
  for (const p of pods) {
    if (p.labelsNode === undefined || p.labels.size === 0) continue;
    let s = 0;
    for (const [k, v] of selector) if (p.labels.has(k)) s += p.labels.get(k) === v ? 1000 : 1;
    if (s > score) {
      best = p;
      score = s;
    }
  }
  return best;
}

function alignSelector(project: K8sProject, svc: ServiceInfo, pods: PodTemplate[]): ManifestFix[] {
  const selector = svc.selector;
  const node = svc.selectorNode;
  if (selector === undefined || !isMap(node)) return [];
  const pod = closest(selector, pods);
  if (pod === undefined) return [];
  // Keep the selector's keys the pod has (with the pod's values); with none in common, take all its labels.
  const kept = new Map(
    [...selector].flatMap(([k]) => (pod.labels.has(k) ? [[k, pod.labels.get(k) ?? '']] : [])),
  );
  const next = kept.size > 0 ? kept : pod.labels;
  const text = mapText(project, node, next);
  if (text === undefined) return [];
  return [
    {
      title: `Align the selector with the labels of ${describeObject(pod.obj)} (${formatMap(next)})`,
      edits: [{ span: trimmed(project, node.span), text }],
    },
  ];
}

function addNamedPort(project: K8sProject, port: ServicePort, pods: PodTemplate[]): ManifestFix[] {
  const name = String(port.targetPort);
  const out: ManifestFix[] = [];
  for (const pod of pods) {
    const serving = servingContainers(pod);
    if (serving.some((c) => c.ports.some((cp) => cp.name === name && cp.protocol === port.protocol)))
      continue;
    const fix = namePort(project, pod, serving, name, port) ?? newPort(project, pod, serving[0], name, port);
    if (fix !== undefined) out.push(fix);
  }
  return out;
}

/** A container's only port of that protocol without a name gets the name. */
function namePort(
  project: K8sProject,
  pod: PodTemplate,
  serving: Container[],
  name: string,
  port: ServicePort,
): ManifestFix | undefined {
  for (const c of serving) {
    const unnamed = c.ports.filter((cp) => cp.name === undefined && cp.protocol === port.protocol);
    const target = unnamed[0];
    if (unnamed.length !== 1 || target === undefined || c.ports.some((cp) => cp.name === name)) continue;
    const first = target.node.entries[0];
    if (first === undefined) continue;
    const src = project.sources.get(first.keySpan.file)?.text ?? '';
    const flow = src[target.node.span.start] === '{';
    const at = flow ? target.node.span.start + 1 : first.keySpan.start;
    const text = flow ? `name: ${name}, ` : `name: ${name}\n${' '.repeat(column(src, first.keySpan.start))}`;
    return {
      title: `Name containerPort ${target.containerPort ?? '?'} of container "${c.name}" in ${describeObject(pod.obj)} "${name}"`,
      edits: [{ span: { file: first.keySpan.file, start: at, end: at }, text }],
    };
  }
  return undefined;
}

/** A new `{name, containerPort}` port on the container, with the Service's port number as the guess. */
function newPort(
  project: K8sProject,
  pod: PodTemplate,
  c: Container | undefined,
  name: string,
  port: ServicePort,
): ManifestFix | undefined {
  if (c === undefined || port.port === undefined) return undefined;
  const src = project.sources.get(c.node.span.file)?.text;
  if (src === undefined) return undefined;
  const protocol = port.protocol !== 'TCP' ? [`protocol: ${port.protocol}`] : [];
  const fields = [`name: ${name}`, `containerPort: ${port.port}`, ...protocol];
  const list = get(c.node, 'ports');
  let edit: SpanEdit | undefined;
  if (isSeq(list) && list.items.length > 0 && src[list.span.start] !== '[') {
    const last = list.items[list.items.length - 1] as PNode;
    const itemCol = column(src, last.span.start);
    const dash = ' '.repeat(Math.max(0, itemCol - 2));
    const end = trimmed(project, last.span).end;
    edit = {
      span: { file: last.span.file, start: end, end },
      text: `\n${dash}- ${fields.join(`\n${' '.repeat(itemCol)}`)}`,
    };
  } else if (list === undefined || list === null) {
    const first = c.node.entries[0];
    if (first === undefined) return undefined;
    const col = column(src, first.keySpan.start);
    const end = trimmed(project, c.node.span).end;
    const pad = ' '.repeat(col);
    edit = {
      span: { file: c.node.span.file, start: end, end },
      text: `\n${pad}ports:\n${pad}  - ${fields.join(`\n${pad}    `)}`,
    };
  }
  if (edit === undefined) return undefined;
  return {
    title: `Add port "${name}" (containerPort ${port.port}) to container "${c.name}" in ${describeObject(pod.obj)}`,
    edits: [edit],
  };
}

const column = (src: string, offset: number): number => offset - (src.lastIndexOf('\n', offset - 1) + 1);

/** A block node's span without the line breaks and spaces the parser may count at its end. */
function trimmed(project: K8sProject, span: Span): Span {
  const src = project.sources.get(span.file)?.text ?? '';
  let end = span.end;
  while (end > span.start && /\s/.test(src[end - 1] ?? '')) end--;
  return { file: span.file, start: span.start, end };
}

/** Label values YAML would read as something else than a string are quoted. */
function yamlValue(v: string): string {
  const plain = /^[A-Za-z][-A-Za-z0-9_./]*$/.test(v) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(v);
  return plain ? v : JSON.stringify(v);
}

/** The map as text in the style of `node` (flow `{a: b}` or block at the node's column). */
function mapText(project: K8sProject, node: PMap, m: Map<string, string>): string | undefined {
  const src = project.sources.get(node.span.file)?.text;
  if (src === undefined || m.size === 0) return undefined;
  const pairs = [...m].map(([k, v]) => `${k}: ${yamlValue(v)}`);
  if (src[node.span.start] === '{') return `{${pairs.join(', ')}}`;
  return pairs.join(`\n${' '.repeat(column(src, node.span.start))}`);
}
