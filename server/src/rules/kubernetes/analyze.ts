import type { Finding } from '@switchyard/core';
import type { Span } from '../../compose/tree';
import { modelOf } from '../../kubernetes/model';
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
  for (const rule of rules) {
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

function rethrow(rule: string, error: unknown): void {
  if (process.env['NODE_TEST_CONTEXT'] !== undefined) throw error;
  console.error(
    `rule ${rule} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}
