import type { Severity } from '@switchyard/protocol';
import { allRules } from '../rules/registry';
import { kubernetesRules } from '../rules/kubernetes/registry';

/** What every finding code is, for configuration, docs and SARIF: the rules, and what the loaders report. */
export interface CodeInfo {
  id: string;
  title: string;
  /** Who reports it: a compose rule, a Kubernetes rule, or a loader (parse, interpolation, budgets). */
  kind: 'compose' | 'kubernetes' | 'loader';
  /** What it checks, for a code that has no rule file whose comment says so. */
  description?: string;
  /** The severity it is reported with, for a code no rule file states. */
  severity?: Severity;
}

/** Codes the loaders report before any rule runs; they can be configured like rules. */
export const LOADER_CODES: CodeInfo[] = [
  {
    id: 'YAML',
    severity: 'error',
    title: 'YAML syntax error',
    kind: 'loader',
    description:
      "A file is not valid YAML, or its top level is not a mapping. Compose and kubectl refuse the file before anything else is checked; the message is the YAML parser's.",
  },
  {
    id: 'LOAD',
    severity: 'error',
    title: 'A file of the project cannot be read',
    kind: 'loader',
    description:
      'A file the project names (an override, an `include`, an `extends` file, an `env_file`) is missing or unreadable, or the files include each other in a cycle. `docker compose` stops with the same complaint.',
  },
  {
    id: 'LIMIT',
    severity: 'warning',
    title: 'A budget for hostile input was reached',
    kind: 'loader',
    description:
      'A budget that keeps the checks bounded on hostile input was reached (nesting depth, expanded size, findings per rule); what lies beyond it is not checked, and this says so instead of going quiet.',
  },
  {
    id: 'NET153',
    severity: 'warning',
    title: 'Variable not set',
    kind: 'loader',
    description:
      'A `${VAR}` whose variable is not set in the environment or the `.env` file and has no default. Compose warns `The "VAR" variable is not set. Defaulting to a blank string.` and goes on with an empty value.',
  },
  {
    id: 'NET154',
    severity: 'error',
    title: 'Required variable missing',
    kind: 'loader',
    description:
      'A `${VAR:?message}` or `${VAR?message}` whose variable is missing (or empty, for `:?`). Compose stops with `required variable VAR is missing a value: message`. Nothing that depends on the value is checked further (one finding per root cause).',
  },
  {
    id: 'NET155',
    severity: 'error',
    title: 'Invalid interpolation format',
    kind: 'loader',
    description:
      'A `$` that does not start a valid `${...}` or `$VAR`. Compose stops with `invalid interpolation format for <path>`; a literal dollar sign is written `$$`. Nothing that depends on the value is checked further.',
  },
  {
    id: 'HELM',
    severity: 'information',
    title: 'Helm chart not rendered',
    kind: 'loader',
    description:
      'A Helm chart in the manifest folders could not be rendered with `helm template` (helm missing, or the chart fails), so its manifests are not checked.',
  },
  {
    id: 'KUSTOMIZE',
    severity: 'error',
    title: 'Kustomization not built',
    kind: 'loader',
    description:
      'A `kustomization.yaml` that cannot be built as `kubectl kustomize` would (a missing resource, a patch that matches nothing, a cycle), so what it would produce is not checked.',
  },
  {
    id: 'CONFIG',
    severity: 'warning',
    title: 'Switchyard configuration problem',
    kind: 'loader',
    description:
      'A problem in how Switchyard is configured: an unknown rule id or a bad level in `.switchyard.yaml`, the `switchyard.rules` setting or a `# switchyard-ignore` comment. The rest of the configuration still applies.',
  },
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
