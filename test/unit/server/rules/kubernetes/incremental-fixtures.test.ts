// The editor's incremental path (rules re-run only when a kind they `read`, or a field they list in `fields`,
// changed: rule.ts) against a fresh analysis, on every marked fixture of the Kubernetes rules: the fixture's
// files appear in an empty project one at a time, are replaced by its `.right` example and come back, then
// appear again one at a time in the other order (a config file before or after the objects). After each step the
// kept findings must be exactly a fresh analysis's. A rule whose `reads` or `fields` leaves out what it reads
// keeps stale findings here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ManifestFiles } from '../../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../../../../server/src/analyze-kubernetes';
import { kubernetesRules } from '../../../../../server/src/rules/kubernetes/registry';
import { fixture } from './harness';

const DIR = '/fixture';

/** A fixture's files by name: the file itself, or the files of its folder (flat folders only). */
function filesOf(path: string): Map<string, string> | undefined {
  if (!statSync(path).isDirectory()) return new Map([['manifests.yaml', readFileSync(path, 'utf8')]]);
  const names = readdirSync(path);
  if (names.some((n) => statSync(join(path, n)).isDirectory())) return undefined;
  return new Map(names.map((n) => [n, readFileSync(join(path, n), 'utf8')]));
}

function analyzer(texts: Map<string, string>): () => ReturnType<typeof analyzeKubernetes> {
  const files = (): ManifestFiles =>
    new ManifestFiles({
      read: (p) => (p.startsWith(`${DIR}/`) ? texts.get(p.slice(DIR.length + 1)) : undefined),
      list: (p) => (p === DIR ? [...texts.keys()].sort() : undefined),
    });
  const kept = files();
  const rules = [...kubernetesRules];
  return () =>
    analyzeKubernetes(loadKubernetesProject({ paths: [DIR], recursive: true, files: kept }), rules);
}

function fresh(texts: Map<string, string>): ReturnType<typeof analyzeKubernetes> {
  return analyzer(new Map(texts))();
}

const show = (fs: ReturnType<typeof analyzeKubernetes>): string[] =>
  fs.map((f) => `${f.at.file}:${f.at.start}-${f.at.end} ${f.code} ${f.severity}: ${f.message}`);

const names = readdirSync(fixture()).filter(
  (n) => /^K8S\d{3}-/.test(n) && !/\.right(\.yaml)?$/.test(n) && !n.endsWith('.json'),
);

test('the Kubernetes fixtures are found', () => assert.ok(names.length >= 70, `${names.length} fixtures`));

for (const n of names) {
  const wrong = filesOf(fixture(n));
  if (!wrong) continue;
  test(`${n}: the incremental findings after each edit are a fresh analysis's`, () => {
    const rightPath = fixture(n.endsWith('.yaml') ? n.replace(/\.yaml$/, '.right.yaml') : `${n}.right`);
    const right = existsSync(rightPath) ? filesOf(rightPath) : undefined;
    const keys = [...wrong.keys()].sort();
    const empty = new Map(keys.map((k) => [k, '']));
    /** The fixture's files written one at a time into an empty project, in the given order. */
    const oneByOne = (order: string[]): [string, Map<string, string>][] =>
      order.map((k, i) => [
        `fixture up to ${k}`,
        new Map(keys.map((f) => [f, order.slice(0, i + 1).includes(f) ? (wrong.get(f) ?? '') : ''])),
      ]);
    const steps: [string, Map<string, string>][] = [
      ['empty', empty],
      ...oneByOne(keys),
      ...(right
        ? ([
            ['right example', right],
            ['fixture again', wrong],
          ] as [string, Map<string, string>][])
        : []),
      ['empty again', empty],
      ...oneByOne([...keys].reverse()),
    ];
    const texts = new Map<string, string>();
    const analyze = analyzer(texts);
    for (const [step, files] of steps) {
      texts.clear();
      for (const [k, v] of files) texts.set(k, v);
      assert.deepEqual(show(analyze()), show(fresh(texts)), `${n}, ${step}`);
    }
  });
}

test("K8S060 runs again when only a CNI's ConfigMap, IPPool or Installation changes", () => {
  const kubeadm =
    'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.10.0.0/16\n';
  const cni = {
    ConfigMap: (cidr: string) =>
      `kind: ConfigMap\napiVersion: v1\nmetadata: {name: flannel}\ndata:\n  net-conf.json: '{"Network": "${cidr}"}'\n`,
    IPPool: (cidr: string) =>
      `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec:\n  cidr: ${cidr}\n`,
    Installation: (cidr: string) =>
      `apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata: {name: default}\nspec:\n  calicoNetwork:\n    ipPools: [{cidr: ${cidr}}]\n`,
  };
  for (const [kind, doc] of Object.entries(cni)) {
    const texts = new Map([
      ['kubeadm.yaml', kubeadm],
      ['cni.yaml', doc('10.10.0.0/16')],
    ]);
    const analyze = analyzer(texts);
    assert.deepEqual(show(analyze()), []);
    texts.set('cni.yaml', doc('10.244.0.0/16'));
    const after = show(analyze());
    assert.equal(after.length, 1, kind);
    assert.deepEqual(after, show(fresh(texts)), kind);
  }
});

test('K8S062 runs again when a field it reads of the Service changes, or only its pods change', () => {
  const service = (ports: string, more = ''): string =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [${ports}]\n${more}`;
  const deployment = (port: string): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - {name: web, image: nginx, ports: [{name: ${port}, containerPort: 80}]}\n`;
  const ok = service('{port: 80, targetPort: http}');
  const texts = new Map([
    ['deploy.yaml', deployment('http')],
    ['svc.yaml', ok],
  ]);
  const analyze = analyzer(texts);
  assert.deepEqual(show(analyze()), []);
  // Each edit of one file, in place, changes K8S062's findings. A Service that holds a finding is run again
  // on any edit (the finding is pinned to it), so the fields are checked by edits that add one.
  const edits: [string, string, number][] = [
    ['svc.yaml', service('{port: 80, targetPort: metrics}'), 1],
    ['svc.yaml', ok, 0],
    ['svc.yaml', service('{port: 80, targetPort: http, protocol: UDP}'), 1],
    ['svc.yaml', service('{port: 80}'), 0],
    ['svc.yaml', service('{port: 8080}'), 1],
    ['svc.yaml', service('{port: 8080}').replace('{app: web}', '{app: api}'), 0],
    ['svc.yaml', service('{port: 8080}'), 1],
    ['svc.yaml', service('{port: 8080}', '  type: ExternalName\n'), 0],
    ['svc.yaml', service('{port: 8080}'), 1],
    ['svc.yaml', ok, 0],
    ['deploy.yaml', deployment('web'), 1],
  ];
  for (const [file, text, count] of edits) {
    texts.set(file, text);
    const after = show(analyze());
    assert.deepEqual(after, show(fresh(texts)), `${file}: ${text}`);
    assert.equal(after.filter((f) => f.includes(' K8S062 ')).length, count, `${file}: ${text}`);
  }
});

test('K8S028 runs again when only the Service type changes (an ExternalName has no clusterIP to check)', () => {
  const service = (type: string): string =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: ${type}\n  clusterIP: 192.168.0.10\n  externalName: db.example\n  ports: [{port: 80}]\n`;
  const texts = new Map([['svc.yaml', service('ExternalName')]]);
  const analyze = analyzer(texts);
  assert.deepEqual(
    show(analyze()).filter((f) => f.includes(' K8S028 ')),
    [],
  );
  // The edit adds the finding: a Service holding a finding is run again on any edit.
  texts.set('svc.yaml', service('ClusterIP'));
  const after = show(analyze());
  assert.deepEqual(after, show(fresh(texts)));
  assert.equal(after.filter((f) => f.includes(' K8S028 ')).length, 1);
});
