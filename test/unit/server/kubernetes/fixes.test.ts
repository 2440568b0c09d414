import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifestFixes } from '../../../../server/src/features/kubernetes/fixes';
import { ManifestFiles } from '../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../../../server/src/analyze-kubernetes';

/** The K8S061/K8S062 fixes on the shapes the LSP test does not write: flow maps, a container without ports. */
const FILE = '/fixes/app.yaml';

function fixesFor(text: string, code: string): { text: string; titles: string[]; fixed: string[] } {
  const files = new ManifestFiles({
    read: (p) => (p === FILE ? text : undefined),
    list: (p) => (p === '/fixes' ? ['app.yaml'] : undefined),
  });
  const project = loadKubernetesProject({ paths: ['/fixes'], recursive: true, files });
  const finding = analyzeKubernetes(project).find((f) => f.code === code);
  assert.ok(finding, `${code} is reported`);
  const fixes = manifestFixes(project, code, FILE, finding.at.start);
  const apply = (edits: { span: { start: number; end: number }; text: string }[]): string =>
    [...edits]
      .sort((a, b) => b.span.start - a.span.start)
      .reduce((t, e) => t.slice(0, e.span.start) + e.text + t.slice(e.span.end), text);
  return { text, titles: fixes.map((f) => f.title), fixed: fixes.map((f) => apply(f.edits)) };
}

const deployment = (ports: string, labels = '{app: web, tier: front}'): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n      labels: ${labels}\n    spec:\n      containers:\n        - name: web\n          image: nginx${ports}\n`;

test('K8S061: a flow selector is rewritten as a flow map with the closest template labels', () => {
  const text = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: frontend, release: "1"}\n  ports: [{port: 80}]\n---\n${deployment('\n          ports: [{containerPort: 80}]')}`;
  const r = fixesFor(text, 'K8S061');
  assert.deepEqual(r.titles, ['Align the selector with the labels of Deployment default/web (app=web)']);
  assert.match(r.fixed[0] ?? '', /selector: \{app: web\}\n/);
});

test('K8S062: a flow port map gets the name; a container without ports gets a ports list', () => {
  const svc = (target: string): string =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 8080, targetPort: ${target}, protocol: UDP}]\n---\n`;
  const flow = fixesFor(
    `${svc('dns')}${deployment('\n          ports: [{containerPort: 53, protocol: UDP}]')}`,
    'K8S062',
  );
  assert.deepEqual(flow.titles, ['Name containerPort 53 of container "web" in Deployment default/web "dns"']);
  assert.match(flow.fixed[0] ?? '', /ports: \[\{name: dns, containerPort: 53, protocol: UDP\}\]/);
  const none = fixesFor(`${svc('dns')}${deployment('')}`, 'K8S062');
  assert.deepEqual(none.titles, [
    'Add port "dns" (containerPort 8080) to container "web" in Deployment default/web',
  ]);
  assert.match(
    none.fixed[0] ?? '',
    /- name: web\n {10}image: nginx\n {10}ports:\n {12}- name: dns\n {14}containerPort: 8080\n {14}protocol: UDP\n$/,
  );
});
