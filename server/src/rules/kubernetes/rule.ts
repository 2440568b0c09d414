import type { Finding } from '@switchyard/core';
import type { Span } from '../../yaml/tree';
import type { K8sModel } from '../../kubernetes/cross-object';
import type { K8sProject } from '../../kubernetes/project';

export interface K8sRuleContext {
  project: K8sProject;
  model: K8sModel;
  report(finding: Finding<Span>): void;
}

/** A Kubernetes rule: one per file, named after its id, as the Compose rules (../rule.ts). */
export interface K8sRule {
  id: string;
  title: string;
  /**
   * `object`: what it reports on an object depends on that object alone (API validation of one object), so
   * its findings are kept per parse tree and an unchanged object is not checked again after an edit.
   * `namespace`: it depends only on the objects of one unit and namespace (and the cluster configuration), so
   * it runs per namespace and a namespace whose objects are unchanged keeps its findings.
   */
  scope?: 'object' | 'namespace';
  /**
   * For project-wide rules: the kinds it reads (`[]`: the cluster configuration alone). It runs again only
   * when an object of those kinds or the configuration changed; without `reads` it runs on every analysis.
   */
  reads?: readonly string[];
  /**
   * For namespace and project-wide rules: what the rule reads of objects of a kind (`'*'`: of the kinds not
   * named), as `readsText` paths (`../../incremental/reads.ts`: `spec.ports.*.nodePort`,
   * `spec.selector`), besides the object's kind, name, namespace, unit and file. A kind without an entry is
   * read whole. An object edited in place that reads the same leaves the rule's kept findings valid.
   */
  fields?: Readonly<Record<string, readonly string[]>>;
  run(ctx: K8sRuleContext): void;
}
