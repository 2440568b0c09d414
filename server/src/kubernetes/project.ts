import type { Finding } from '@switchyard/core';
import type { SourceText } from '../compose/project';
import type { Span } from '../yaml/tree';
import type { ClusterConfig } from './cluster-config';
import type { K8sObject } from './objects';

/**
 * A Kubernetes project: what `kubectl apply -f DIR -R` (plain manifests) and `kubectl apply -k DIR` (each
 * kustomization) would send, with the cluster configuration it is checked against. Cross-object rules
 * compare objects of the same unit only: sibling overlays are separate deployments of one base.
 */
export interface K8sProject {
  /** The folders and files it was loaded from. */
  inputs: string[];
  /** Every file read, by path, for positions and excerpts (`root` is always null: use `objects`). */
  sources: Map<string, SourceText>;
  objects: K8sObject[];
  /** One entry per unit: '' for plain manifests, a kustomization directory, a Helm chart directory. */
  units: string[];
  cluster: ClusterConfig;
  /** Load-time findings: YAML syntax, kustomize build errors, Helm, budgets. */
  findings: Finding<Span>[];
}
