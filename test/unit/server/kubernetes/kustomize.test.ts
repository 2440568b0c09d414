import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isMap, isScalar, isSeq } from '../../../../server/src/yaml/tree';
import type { PNode } from '../../../../server/src/yaml/tree';
import { ManifestFiles } from '../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../server/src/kubernetes/loader';
import { requireOrSkip, which } from '../../../support/env';
import { diskFs } from '../rules/kubernetes/harness';

const ROOT = join(__dirname, '..', '..', '..', 'fixtures', 'kubernetes', 'kustomize');

function plain(n: PNode | null): unknown {
  if (n === null) return null;
  if (isScalar(n)) return n.value;
  if (isSeq(n)) return n.items.map(plain);
  if (isMap(n)) return Object.fromEntries(n.entries.map((e) => [e.key, plain(e.value)]));
  return undefined;
}

/** What the networking rules read of an object: identity, labels, selectors, ports, backends, replicas. */
// The projection walks untyped YAML output; one loose type for it keeps the comparison readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function projection(o: Record<string, Loose>): unknown {
  const spec = o['spec'] ?? {};
  const pod = spec.template?.spec;
  return {
    id: `${o['kind']} ${o['metadata']?.namespace ?? ''}/${o['metadata']?.name}`,
    labels: o['metadata']?.labels ?? null,
    selector: spec.selector ?? spec.podSelector ?? null,
    templateLabels: spec.template?.metadata?.labels ?? null,
    replicas: spec.replicas ?? null,
    ports: spec.ports ?? null,
    containerPorts:
      pod?.containers?.map((c: { name: string; ports?: unknown }) => [c.name, c.ports ?? null]) ?? null,
    ingress: spec.ingress ?? null,
    backends: spec.rules?.flatMap((r: Loose) => r.http?.paths?.map((p: Loose) => p.backend) ?? []) ?? null,
  };
}

const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);

function ours(dir: string): unknown[] {
  const project = loadKubernetesProject({
    paths: [],
    kustomize: [dir],
    recursive: false,
    files: new ManifestFiles(diskFs),
  });
  assert.deepEqual(project.findings, [], 'the build reports no errors');
  return project.objects
    .map((o) => projection(plain(o.node) as Record<string, unknown>) as { id: string })
    .sort(byId);
}

/**
 * true when `kubectl kustomize` can build these overlays (components and `labels` need kustomize v4, built
 * into kubectl 1.21 and later), else why not. Debian 12's kubernetes-client is 1.20 (kustomize v2.0.3).
 */
let kubectlCheck: true | string | undefined;
function modernKubectl(): true | string {
  if (kubectlCheck !== undefined) return kubectlCheck;
  if (which('kubectl') === undefined) return (kubectlCheck = 'kubectl is not installed');
  let out: string;
  try {
    out = execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  const minor = Number(/"minor":\s*"(\d+)/.exec(out)?.[1] ?? 0);
  kubectlCheck =
    minor >= 21
      ? true
      : `kubectl 1.${minor} has kustomize v2, which cannot build components or labels; needs kubectl 1.21 or later`;
  return kubectlCheck;
}

function kubectl(dir: string): unknown[] {
  const out = execFileSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(out)
    .map((d) => projection(d.toJS() as Record<string, unknown>) as { id: string })
    .sort(byId);
}

for (const overlay of ['overlays/dev', 'overlays/prod', 'base']) {
  test(`kustomize build of ${overlay} equals kubectl kustomize on names, labels, selectors, ports and backends`, (t: TestContext) => {
    const ready = modernKubectl();
    if (!requireOrSkip(t, ready === true, ready === true ? '' : ready)) return;
    assert.deepEqual(ours(join(ROOT, overlay)), kubectl(join(ROOT, overlay)));
  });
}
