import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../../../server/src/lint-cli/main';
import { helmDouble, RENDERED_CHART } from '../../../support/helm-double';

const NODE_PORT_80 = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
    - port: 80
      nodePort: 80
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: c, image: nginx, ports: [{containerPort: 80}]}
`;

function tree(files: Record<string, string>): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-k8s-cli-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

function run(
  argv: string[],
  cwd: string,
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runWith(argv, cwd, {}, stdin);
}

/** `run` with an environment (PATH with a test double). */
async function runWith(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    cwd,
    env,
    ...(stdin !== undefined ? { readStdin: () => Promise.resolve(stdin) } : {}),
  });
  return { code, stdout, stderr };
}

test('a NodePort Service with nodePort 80 is an error, not "no problems found" (issue 11)', async () => {
  const t = tree({ 'svc.yaml': NODE_PORT_80, 'deploy.yaml': DEPLOYMENT });
  try {
    const r = await run(['lint', 'svc.yaml', 'deploy.yaml'], t.dir);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^svc\.yaml:10:17: error K8S001 spec\.ports\[0\]\.nodePort: Invalid value: 80: provided port is not in the valid range\. The range of valid ports is 30000-32767$/m,
    );
    assert.equal(r.stderr, '');
  } finally {
    t.done();
  }
});

test('folders (-R), stdin (-), json output and a clean project exit 0', async () => {
  const t = tree({
    'a/svc.yaml': NODE_PORT_80.replace('nodePort: 80', 'nodePort: 30080'),
    'a/b/deploy.yaml': DEPLOYMENT,
    'compose.yaml': 'services:\n  x:\n    image: y\n',
  });
  try {
    const flat = await run(['lint', 'a'], t.dir);
    // Without -R the Deployment in a/b is not read: the Service selects nothing.
    assert.match(flat.stdout, /warning K8S061/);
    const deep = await run(['lint', '-R', 'a'], t.dir);
    assert.equal(deep.code, 0, deep.stdout);
    assert.match(deep.stdout, /no problems found/);
    const piped = await run(['lint', '-', '--format', 'json'], t.dir, NODE_PORT_80);
    assert.equal(piped.code, 1);
    const json = JSON.parse(piped.stdout) as { file: string; code: string }[];
    assert.deepEqual(json.map((p) => [p.file, p.code]).sort(), [
      ['<stdin>', 'K8S001'],
      ['<stdin>', 'K8S061'],
    ]);
  } finally {
    t.done();
  }
});

test('-k builds the kustomization; --cluster-config gives the nodePort range and service CIDR', async () => {
  const t = tree({
    'base/kustomization.yaml': 'resources: [svc.yaml, deploy.yaml]\n',
    'base/svc.yaml': NODE_PORT_80.replace('nodePort: 80', 'nodePort: 30080'),
    'base/deploy.yaml': DEPLOYMENT,
    'overlay/kustomization.yaml':
      'resources: [../base]\nnamespace: prod\npatches:\n  - target: {kind: Service, name: web}\n    patch: |-\n      - {op: replace, path: /spec/ports/0/nodePort, value: 20080}\n',
    'kubeadm.yaml':
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  serviceSubnet: 10.200.0.0/16\n  podSubnet: 10.200.128.0/17\napiServer:\n  extraArgs:\n    service-node-port-range: 20000-22767\n',
  });
  try {
    const k = await run(['lint', '-k', 'overlay'], t.dir);
    assert.equal(k.code, 1);
    assert.match(
      k.stdout,
      /overlay\/kustomization\.yaml:\d+:\d+: error K8S001 .*Invalid value: 20080: .*30000-32767/,
    );
    const cfg = await run(['lint', '-k', 'overlay', '--cluster-config', 'kubeadm.yaml'], t.dir);
    assert.doesNotMatch(cfg.stdout, /K8S001/);
    assert.match(
      cfg.stdout,
      /kubeadm\.yaml:\d+:\d+: warning K8S058 pod CIDR "10\.200\.128\.0\/17" and service CIDR "10\.200\.0\.0\/16" overlap \(kubeadm\)/,
    );
  } finally {
    t.done();
  }
});

test('a Helm chart without helm on PATH gets one information diagnostic that says what to run', async () => {
  const t = tree({
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'chart/templates/svc.yaml': '{{ .Values.x }}\n',
  });
  try {
    const r = await run(['lint', '-R', '.'], t.dir);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /^chart\/Chart\.yaml:1:1: information HELM Helm chart not checked: `helm` is not on PATH\. Render it and check the output: helm template .*chart \| switchyard lint -$/m,
    );
  } finally {
    t.done();
  }
});

// Real helm cannot be installed here (not in Debian 12, not on npm): `helm` is a test double
// (test/support/helm-double.ts) that prints known manifests, so these tests check what Switchyard does with
// helm's answer, not helm itself.
test('with helm on PATH a chart is rendered with helm template and its manifests are checked', async () => {
  const t = tree({
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'chart/templates/service.yaml': '{{ .Values.x }}\n',
  });
  const helm = helmDouble({ manifests: RENDERED_CHART });
  try {
    const r = await runWith(['lint', '-R', '.'], t.dir, { PATH: helm.dir });
    assert.equal(r.code, 1, r.stdout);
    assert.deepEqual(helm.calls(), [`template test-release ${join(t.dir, 'chart')} --namespace default`]);
    assert.match(
      r.stdout,
      /^chart\/\(helm template\)\.yaml:\d+:\d+: error K8S001 spec\.ports\[0\]\.nodePort: Invalid value: 80: provided port is not in the valid range/m,
    );
    assert.doesNotMatch(r.stdout, /HELM/);
  } finally {
    helm.done();
    t.done();
  }
});

test('a chart helm cannot render gets the information diagnostic with helm’s reason and the command to run', async () => {
  const t = tree({
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'chart/templates/service.yaml': '{{ .Values.x }\n',
  });
  const helm = helmDouble({
    fail: 'Error: parse error at (web/templates/service.yaml:1): unexpected "}" in operand',
  });
  try {
    const r = await runWith(['lint', '-R', '.'], t.dir, { PATH: helm.dir });
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /^chart\/Chart\.yaml:1:1: information HELM Helm chart not checked: helm template failed: Error: parse error at \(web\/templates\/service\.yaml:1\): unexpected "}" in operand\. Render it and check the output: helm template .*chart \| switchyard lint -$/m,
    );
  } finally {
    helm.done();
    t.done();
  }
});
