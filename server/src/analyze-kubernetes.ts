import type { Finding } from '@switchyard/core';
import type { Span } from './yaml/tree';
import { withPlainSpans } from './yaml/tree';
import type { ClusterConfig } from './kubernetes/cluster-config';
import { knownModel, modelAfter, modelOf } from './kubernetes/cross-object';
import { advance, keptKubernetesFindings, keptObjectFindings, newKeep } from './incremental/kubernetes';
import type { K8sKeep } from './incremental/kubernetes';
import type { K8sObject } from './kubernetes/objects';
import type { K8sProject } from './kubernetes/project';
import { kubernetesRules } from './rules/kubernetes/registry';
import type { K8sRule } from './rules/kubernetes/rule';

type OnCrash = (rule: string, error: unknown) => void;

/**
 * Every finding for a Kubernetes project: the loader's, then each rule's. A rule that throws loses only
 * its own findings (`onCrash` says which). A base built by two overlays is checked in each; the same
 * finding at the same place is reported once.
 *
 * Incremental where it is exact (an edit re-parses only the changed documents, which keep nothing else's
 * trees): per-object rules keep their findings per parse tree; namespace rules (per unit and namespace) and
 * project-wide rules that say what kinds they `read` keep theirs while no object changed what they read
 * (`incremental/kubernetes.ts`). Whatever changed is checked again.
 */
export function analyzeKubernetes(
  project: K8sProject,
  rules: K8sRule[] = kubernetesRules,
  onCrash: OnCrash = rethrow,
): Finding<Span>[] {
  const out: Finding<Span>[] = [...project.findings];
  const keep = keepFor(project, rules);
  const context = `${clusterKey(project.cluster)}\0${project.units.join('\0')}`;
  const delta = advance(keep, project.objects, context);
  const local = rules.filter((r) => r.scope === 'object');
  const perObject = keptObjectFindings(keep, project.objects, delta, (o) =>
    objectFindings(project, o, local, rules, onCrash),
  );
  for (const list of perObject) if (list.length > 0) out.push(...list);
  // The whole project's model, from the last one when only objects edited in place changed.
  if (keep.model !== undefined && delta.added.length === 0 && delta.removed.length === 0)
    modelAfter(keep.model, project, delta.pairs);
  // One sub-project per namespace, so the rules that run on it share its model (modelOf).
  const subs = new Map<K8sObject[], K8sProject>();
  const subOf = (objects: K8sObject[]): K8sProject => {
    let sub = subs.get(objects);
    if (sub === undefined)
      subs.set(objects, (sub = { ...project, objects, units: [objects[0]?.unit ?? ''], findings: [] }));
    return sub;
  };
  const kept = keptKubernetesFindings(keep, project.objects, delta, rules, (rule, objects, report) => {
    const sub = objects === undefined ? project : subOf(objects);
    let ok = true;
    const found = runRules(sub, [rule], (id, error) => {
      ok = false;
      onCrash(id, error);
    });
    for (const f of found) report(f);
    return ok;
  });
  keep.model = knownModel(project);
  out.push(...kept.namespaces);
  for (const rule of rules) {
    if (rule.scope !== undefined) continue;
    out.push(...(kept.projectWide.get(rule) ?? runRules(project, [rule], onCrash)));
  }
  const seen = new Set<string>();
  const unique: Finding<Span>[] = [];
  for (const f of out) {
    const key = `${f.code}\0${f.at.file}\0${f.at.start}\0${f.at.end}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(withPlainSpans(f));
  }
  return unique;
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

/** Kept findings per rule set and project (its inputs); a project's next analysis finds them here. */
const keeps = new WeakMap<K8sRule[], Map<string, K8sKeep>>();
/** At most this many projects are remembered per rule set (an editor has a few workspace folders). */
const MAX_PROJECTS = 16;

function keepFor(project: K8sProject, rules: K8sRule[]): K8sKeep {
  let byProject = keeps.get(rules);
  if (byProject === undefined) {
    byProject = new Map();
    keeps.set(rules, byProject);
  }
  const key = project.inputs.join('\0');
  let keep = byProject.get(key);
  if (keep === undefined) {
    if (byProject.size >= MAX_PROJECTS) byProject.delete(byProject.keys().next().value as string);
    keep = newKeep();
    byProject.set(key, keep);
  }
  return keep;
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
