import { allRules } from '../rules';
import { kubernetesRules } from '../rules/kubernetes';

/** What every finding code is, for configuration, docs and SARIF: the rules, and what the loaders report. */
export interface CodeInfo {
  id: string;
  title: string;
  /** Who reports it: a compose rule, a Kubernetes rule, or a loader (parse, interpolation, budgets). */
  kind: 'compose' | 'kubernetes' | 'loader';
}

/** Codes the loaders report before any rule runs; they can be configured like rules. */
export const LOADER_CODES: CodeInfo[] = [
  { id: 'YAML', title: 'YAML syntax error', kind: 'loader' },
  { id: 'LOAD', title: 'A file of the project cannot be read', kind: 'loader' },
  { id: 'LIMIT', title: 'A budget for hostile input was reached', kind: 'loader' },
  { id: 'NET153', title: 'Variable not set', kind: 'loader' },
  { id: 'NET154', title: 'Required variable missing', kind: 'loader' },
  { id: 'NET155', title: 'Invalid interpolation format', kind: 'loader' },
  { id: 'HELM', title: 'Helm chart not rendered', kind: 'loader' },
  { id: 'KUSTOMIZE', title: 'Kustomization not built', kind: 'loader' },
  { id: 'CONFIG', title: 'Switchyard configuration problem', kind: 'loader' },
];

let cached: Map<string, CodeInfo> | undefined;

/** Every known code, by id (rules in their own order, then the loaders'). */
export function knownCodes(): Map<string, CodeInfo> {
  cached ??= new Map<string, CodeInfo>([
    ...allRules.map((r) => [r.id, { id: r.id, title: r.title, kind: 'compose' as const }] as const),
    ...kubernetesRules.map((r) => [r.id, { id: r.id, title: r.title, kind: 'kubernetes' as const }] as const),
    ...LOADER_CODES.map((c) => [c.id, c] as const),
  ]);
  return cached;
}
