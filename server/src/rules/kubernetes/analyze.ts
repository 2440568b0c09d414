import type { Finding } from '@switchyard/core';
import type { Span } from '../../yaml/tree';
import type { ClusterConfig } from '../../kubernetes/cluster-config';
import { modelOf } from '../../kubernetes/model';
import type { K8sObject } from '../../kubernetes/objects';
import type { K8sProject } from '../../kubernetes/project';
import { kubernetesRules } from './index';
import type { K8sRule } from './rule';

type OnCrash = (rule: string, error: unknown) => void;

/**
 * Every finding for a Kubernetes project: the loader's, then each rule's. A rule that throws loses only
 * its own findings (`onCrash` says which). A base built by two overlays is checked in each; the same
 * finding at the same place is reported once.
 *
 * Incremental where it is exact (an edit re-parses only the changed documents, which keep nothing else's
 * trees): per-object rules keep their findings per parse tree; namespace rules per unit and namespace while
 * its objects are the same trees at the same offsets; project-wide rules that say what kinds they `read`
 * while those objects and the cluster configuration are the same. Whatever changed is checked again.
 */
export function analyzeKubernetes(
  project: K8sProject,
  rules: K8sRule[] = kubernetesRules,
  onCrash: OnCrash = rethrow,
): Finding<Span>[] {
  const model = modelOf(project);
  const out: Finding<Span>[] = [...project.findings];
  const local = rules.filter((r) => r.scope === 'object');
  for (const o of project.objects) out.push(...objectFindings(project, o, local, rules, onCrash));
  const memo = memoFor(project, rules);
  const cluster = clusterKey(project.cluster);
  const perNamespace = rules.filter((r) => r.scope === 'namespace');
  if (perNamespace.length > 0) {
    const groups = new Map<string, K8sObject[]>();
    for (const o of project.objects) {
      const k = `${o.unit}\0${o.namespace ?? ''}`;
      const list = groups.get(k);
      if (list === undefined) groups.set(k, [o]);
      else list.push(o);
    }
    for (const k of memo.namespaces.keys()) if (!groups.has(k)) memo.namespaces.delete(k);
    for (const [k, objects] of groups) {
      const known = memo.namespaces.get(k);
      if (known !== undefined && known.cluster === cluster && sameObjects(known.objects, objects)) {
        out.push(...known.findings);
        continue;
      }
      const sub: K8sProject = { ...project, objects, units: [objects[0]?.unit ?? ''], findings: [] };
      const findings = runRules(sub, perNamespace, onCrash);
      memo.namespaces.set(k, { cluster, objects: snapshot(objects), findings });
      out.push(...findings);
    }
  }
  for (const rule of rules) {
    if (rule.scope !== undefined) continue;
    if (rule.reads === undefined) {
      out.push(...runRules(project, [rule], onCrash));
      continue;
    }
    const read = rule.reads.flatMap((kind) => model.byKind.get(kind) ?? []);
    const known = memo.projectWide.get(rule.id);
    if (known !== undefined && known.cluster === cluster && sameObjects(known.objects, read)) {
      out.push(...known.findings);
      continue;
    }
    const findings = runRules(project, [rule], onCrash);
    memo.projectWide.set(rule.id, { cluster, objects: snapshot(read), findings });
    out.push(...findings);
  }
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.code}\0${f.at.file}\0${f.at.start}\0${f.at.end}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function runRules(project: K8sProject, rules: K8sRule[], onCrash: OnCrash): Finding<Span>[] {
  const model = modelOf(project);
  const findings: Finding<Span>[] = [];
  for (const rule of rules) {
    const mine: Finding<Span>[] = [];
    try {
      rule.run({ project, model, report: (f) => mine.push(f) });
      findings.push(...mine);
    } catch (error) {
      onCrash(rule.id, error);
    }
  }
  return findings;
}

/**
 * What a set of objects was when findings were computed from it: each object record (the loader keeps one
 * per tree, file and unit) and where its tree started. The same trees at the same offsets give the same
 * findings.
 */
interface Snapshot {
  objects: K8sObject[];
  starts: number[];
}

function snapshot(objects: K8sObject[]): Snapshot {
  return { objects, starts: objects.map((o) => o.node.span.start) };
}

function sameObjects(s: Snapshot, objects: K8sObject[]): boolean {
  if (s.objects.length !== objects.length) return false;
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i] as K8sObject;
    const was = s.objects[i] as K8sObject;
    if (was !== o && (was.node !== o.node || idOf(was) !== idOf(o))) return false;
    if (s.starts[i] !== o.node.span.start) return false;
  }
  return true;
}

const idOf = (o: K8sObject): string => `${o.unit}\0${o.namespace ?? ''}\0${o.kind}\0${o.name}\0${o.file}`;

interface Kept {
  cluster: string;
  objects: Snapshot;
  findings: Finding<Span>[];
}

interface Memo {
  namespaces: Map<string, Kept>;
  projectWide: Map<string, Kept>;
}

/** Kept findings per rule set and project (its inputs); a project's next analysis finds them here. */
const memos = new WeakMap<K8sRule[], Map<string, Memo>>();
/** At most this many projects are remembered per rule set (an editor has a few workspace folders). */
const MAX_PROJECTS = 16;

function memoFor(project: K8sProject, rules: K8sRule[]): Memo {
  let byProject = memos.get(rules);
  if (byProject === undefined) {
    byProject = new Map();
    memos.set(rules, byProject);
  }
  const key = project.inputs.join('\0');
  let memo = byProject.get(key);
  if (memo === undefined) {
    if (byProject.size >= MAX_PROJECTS) byProject.delete(byProject.keys().next().value as string);
    memo = { namespaces: new Map(), projectWide: new Map() };
    byProject.set(key, memo);
  }
  return memo;
}

/**
 * The cluster configuration as the rules see it: its tree (the same tree when its file did not change) and
 * where it starts, or the defaults' values.
 */
const clusterIds = new WeakMap<object, number>();
let nextClusterId = 0;
function clusterKey(c: ClusterConfig): string {
  if (c.node === undefined)
    return `${c.source}\0${c.serviceCIDRs.map((x) => x.text).join(',')}\0${c.podCIDRs.map((x) => x.text).join(',')}\0${c.nodePorts.min}-${c.nodePorts.max}`;
  let id = clusterIds.get(c.node);
  if (id === undefined) {
    id = ++nextClusterId;
    clusterIds.set(c.node, id);
  }
  return `${c.source}\0${c.file ?? ''}\0${id}\0${c.node.span.start}\0${c.nodeAddresses.map((a) => `${a.text}@${a.span.start}`).join(',')}`;
}

interface ObjectRecord {
  obj: K8sObject;
  key: string;
  rules: K8sRule[];
  findings: Finding<Span>[];
}

/**
 * Findings of the per-object rules, kept by the object's parse tree: an unchanged document keeps its tree
 * (and its spans move with it), so after an edit only changed objects are checked again.
 */
const perObject = new WeakMap<object, ObjectRecord>();

function objectFindings(
  project: K8sProject,
  o: K8sObject,
  rules: K8sRule[],
  all: K8sRule[],
  onCrash: OnCrash,
): Finding<Span>[] {
  const known = perObject.get(o.node);
  if (known !== undefined && known.obj === o && known.rules === all) return known.findings;
  const key = `${o.unit}\0${o.namespace ?? ''}\0${o.name}\0${o.file}`;
  if (known !== undefined && known.key === key && known.rules === all) {
    known.obj = o;
    return known.findings;
  }
  const single: K8sProject = { ...project, objects: [o], units: [o.unit], findings: [] };
  const findings = runRules(single, rules, onCrash);
  perObject.set(o.node, { obj: o, key, rules: all, findings });
  return findings;
}

function rethrow(rule: string, error: unknown): void {
  if (process.env['NODE_TEST_CONTEXT'] !== undefined) throw error;
  console.error(
    `rule ${rule} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}
