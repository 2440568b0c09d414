import type { Finding } from '@switchyard/core';
import type { Span } from '../../compose/tree';
import { modelOf } from '../../kubernetes/model';
import type { K8sObject } from '../../kubernetes/objects';
import type { K8sProject } from '../../kubernetes/project';
import { kubernetesRules } from './index';
import type { K8sRule } from './rule';

/**
 * Every finding for a Kubernetes project: the loader's, then each rule's. A rule that throws loses only
 * its own findings (`onCrash` says which). A base built by two overlays is checked in each; the same
 * finding at the same place is reported once.
 */
export function analyzeKubernetes(
  project: K8sProject,
  rules: K8sRule[] = kubernetesRules,
  onCrash: (rule: string, error: unknown) => void = rethrow,
): Finding<Span>[] {
  const model = modelOf(project);
  const out: Finding<Span>[] = [...project.findings];
  const local = rules.filter((r) => r.scope === 'object');
  for (const o of project.objects) out.push(...objectFindings(project, o, local, rules, onCrash));
  for (const rule of rules) {
    if (rule.scope === 'object') continue;
    const mine: Finding<Span>[] = [];
    try {
      rule.run({ project, model, report: (f) => mine.push(f) });
      out.push(...mine);
    } catch (error) {
      onCrash(rule.id, error);
    }
  }
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.code}\0${f.at.file}\0${f.at.start}\0${f.at.end}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface ObjectRecord {
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
  onCrash: (rule: string, error: unknown) => void,
): Finding<Span>[] {
  const key = `${o.unit}\0${o.namespace ?? ''}\0${o.name}\0${o.file}`;
  const known = perObject.get(o.node);
  if (known !== undefined && known.key === key && known.rules === all) return known.findings;
  const single: K8sProject = { ...project, objects: [o], units: [o.unit], findings: [] };
  const model = modelOf(single);
  const findings: Finding<Span>[] = [];
  for (const rule of rules) {
    const mine: Finding<Span>[] = [];
    try {
      rule.run({ project: single, model, report: (f) => mine.push(f) });
      findings.push(...mine);
    } catch (error) {
      onCrash(rule.id, error);
    }
  }
  perObject.set(o.node, { key, rules: all, findings });
  return findings;
}

function rethrow(rule: string, error: unknown): void {
  if (process.env['NODE_TEST_CONTEXT'] !== undefined) throw error;
  console.error(
    `rule ${rule} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}
