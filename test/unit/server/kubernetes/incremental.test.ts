import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManifestFiles } from '../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../../../server/src/analyze-kubernetes';
import { kubernetesRules } from '../../../../server/src/rules/kubernetes/registry';
import type { K8sRule } from '../../../../server/src/rules/kubernetes/rule';

/**
 * The editor's path re-checks only what an edit can change: per-object rules on changed objects, namespace
 * rules on the changed unit and namespace, project-wide rules when a kind they read (or the cluster
 * configuration) changed. Counted here with spies around real rules; the findings must still be a fresh
 * analysis's (the property test checks that on random edits).
 */
const DIR = '/inc';
const A = `${DIR}/a.yaml`;
const B = `${DIR}/b.yaml`;
const CONFIG = `${DIR}/kind.yaml`;

const svc = (ns: string, nodePort: number, selector = 'web'): string =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  type: NodePort\n  selector: {app: ${selector}}\n  ports:\n    - {port: 80, nodePort: ${nodePort}}\n`;
const deploy = (ns: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - {name: web, image: nginx, ports: [{containerPort: 80}]}\n`;
const ingress = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: one}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n`;

function spied(): { rules: K8sRule[]; runs: Map<string, number> } {
  const runs = new Map<string, number>();
  const rules = kubernetesRules.map((r) => ({
    ...r,
    run: (ctx: Parameters<K8sRule['run']>[0]) => {
      runs.set(r.id, (runs.get(r.id) ?? 0) + 1);
      r.run(ctx);
    },
  }));
  return { rules, runs };
}

test('an edit re-runs only the namespace and the project-wide rules its change can affect', () => {
  const texts = new Map<string, string>([
    [A, `${svc('one', 30080)}---\n${deploy('one')}---\n${ingress}`],
    [B, `${svc('two', 30081)}---\n${deploy('two')}`],
    [CONFIG, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n'],
  ]);
  const files = new ManifestFiles({
    read: (p) => texts.get(p),
    list: (p) => (p === DIR ? ['a.yaml', 'b.yaml', 'kind.yaml'] : undefined),
  });
  const { rules, runs } = spied();
  const analyze = (): ReturnType<typeof analyzeKubernetes> =>
    analyzeKubernetes(loadKubernetesProject({ paths: [DIR], recursive: true, files }), rules);
  const fresh = (): ReturnType<typeof analyzeKubernetes> =>
    analyzeKubernetes(
      loadKubernetesProject({
        paths: [DIR],
        recursive: true,
        files: new ManifestFiles({
          read: (p) => texts.get(p),
          list: (p) => (p === DIR ? ['a.yaml', 'b.yaml', 'kind.yaml'] : undefined),
        }),
      }),
      // A rule list of its own: a fresh analysis neither uses nor replaces what `analyze` kept.
      [...rules],
    );
  assert.deepEqual(analyze(), []);
  assert.equal(runs.get('K8S061'), 2, 'a namespace rule runs once per namespace');
  assert.equal(runs.get('K8S053'), 1);

  // Nothing changed: nothing runs again.
  runs.clear();
  analyze();
  assert.deepEqual([...runs.keys()], []);

  // The Service in namespace "two" now selects nothing and takes namespace one's nodePort.
  runs.clear();
  texts.set(B, `${svc('two', 30080, 'api')}---\n${deploy('two')}`);
  const after = analyze();
  assert.equal(runs.get('K8S061'), 1, 'only namespace two is checked again');
  assert.equal(runs.get('K8S002'), 1, 'a Service changed: the nodePort rules run');
  assert.equal(runs.get('K8S053'), undefined, 'no Ingress changed');
  assert.equal(runs.get('K8S005'), undefined, 'no pod template changed');
  assert.equal(runs.get('K8S010'), 1, 'the per-object rules run on the changed Service only');
  assert.deepEqual(after.map((f) => f.code).sort(), ['K8S002', 'K8S061']);
  assert.deepEqual(after, fresh());

  // Only a nodePort changed (of a Service without findings): the nodePort rules run, not the rules that
  // read selectors and ports.
  runs.clear();
  texts.set(A, `${svc('one', 30082)}---\n${deploy('one')}---\n${ingress}`);
  const moved = analyze();
  assert.equal(runs.get('K8S002'), 1);
  for (const id of ['K8S061', 'K8S062', 'K8S063', 'K8S068', 'K8S028', 'K8S029', 'K8S053', 'K8S005'])
    assert.equal(runs.get(id), undefined, `${id} reads no nodePort`);
  assert.deepEqual(moved.map((f) => f.code).sort(), ['K8S061']);
  assert.deepEqual(moved, fresh());

  // A comment document added above every object of a file: nothing is checked again, the kept findings
  // move with their objects.
  runs.clear();
  texts.set(B, `# a comment\n---\n${svc('two', 30080, 'api')}---\n${deploy('two')}`);
  const shifted = analyze();
  assert.deepEqual([...runs.keys()], []);
  assert.equal(shifted[0]?.at.start, (moved[0]?.at.start ?? 0) + '# a comment\n---\n'.length);
  assert.deepEqual(shifted, fresh());

  // The cluster configuration changed: every project-wide rule that reads it runs again.
  runs.clear();
  texts.set(CONFIG, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking: {ipFamily: dual}\n');
  analyze();
  assert.equal(runs.get('K8S053'), 1);
  assert.equal(runs.get('K8S061'), 2);
});

test('an edit that changes more than a thousand objects at once gives a fresh analysis’s findings', () => {
  // Every Service's port name changes (a search-and-replace): the window of changed objects is the whole
  // file, past the size the per-object lists are spliced in place at; some names are invalid (K8S012).
  const big = (name: (i: number) => string): string =>
    Array.from(
      { length: 1100 },
      (_, i) =>
        `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: one}\nspec:\n  ports:\n    - {name: ${name(i)}, port: 80}\n`,
    ).join('---\n');
  const texts = new Map<string, string>([[A, big((i) => (i % 7 === 0 ? 'Bad_Name' : 'http'))]]);
  const list = (p: string): string[] | undefined => (p === DIR ? ['a.yaml'] : undefined);
  const kept = new ManifestFiles({ read: (p) => texts.get(p), list });
  const analyze = (files: ManifestFiles, rules = kubernetesRules): ReturnType<typeof analyzeKubernetes> =>
    analyzeKubernetes(loadKubernetesProject({ paths: [DIR], recursive: true, files }), rules);
  const rules = [...kubernetesRules];
  const before = analyze(kept, rules);
  assert.equal(before.filter((f) => f.code === 'K8S012').length, 158);
  texts.set(
    A,
    big((i) => (i % 5 === 0 ? 'Also_Bad' : 'web')),
  );
  const after = analyze(kept, rules);
  const fresh = analyze(new ManifestFiles({ read: (p) => texts.get(p), list }), [...kubernetesRules]);
  assert.equal(after.filter((f) => f.code === 'K8S012').length, 220);
  assert.deepStrictEqual(
    after.map((f) => [f.code, f.at.start, f.message]),
    fresh.map((f) => [f.code, f.at.start, f.message]),
  );
});
