import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { LspClient, messageOf } from './client';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx
          ports:
            - name: http
              containerPort: 8080
`;

const OVERLAY = `resources:
  - ../../base
namePrefix: dev-
patches:
  - target:
      kind: Service
      name: web
    patch: |-
      - op: replace
        path: /spec/ports/0/nodePort
        value: 80
`;

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();

/** A project of three files: a Service and a Deployment in base/, an overlay in overlays/dev/. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-k8s-lsp-'));
  mkdirSync(join(dir, 'base'));
  mkdirSync(join(dir, 'overlays', 'dev'), { recursive: true });
  writeFileSync(join(dir, 'base', 'service.yaml'), SERVICE);
  writeFileSync(join(dir, 'base', 'deployment.yaml'), DEPLOYMENT);
  writeFileSync(
    join(dir, 'base', 'kustomization.yaml'),
    'resources:\n  - service.yaml\n  - deployment.yaml\n',
  );
  writeFileSync(join(dir, 'overlays', 'dev', 'kustomization.yaml'), OVERLAY);
  return dir;
}

test('a manifest project over stdio: the overlay patch is reported where it is written, edits across files re-check', async () => {
  const dir = project();
  const client = await LspClient.start(dir);
  try {
    const deployUri = await client.open(join(dir, 'base', 'deployment.yaml'), DEPLOYMENT);
    const overlayUri = pathToFileURL(join(dir, 'overlays', 'dev', 'kustomization.yaml')).href;
    const serviceUri = pathToFileURL(join(dir, 'base', 'service.yaml')).href;
    // The overlay sets nodePort 80: K8S001 on the patch's text in the overlay.
    const overlay = await client.diagnostics(overlayUri, (d) => d.length > 0);
    assert.deepEqual(codes(overlay), ['K8S001']);
    assert.match(
      messageOf(overlay[0] as Diagnostic),
      /spec\.ports\[0\]\.nodePort: Invalid value: 80: provided port is not in the valid range\. The range of valid ports is 30000-32767/,
    );
    // The Service and the Deployment agree on the named port: nothing on them.
    assert.deepEqual(await client.diagnostics(serviceUri), []);
    // Renaming the container port in the Deployment breaks the Service's named targetPort (another file).
    const v = await client.change(deployUri, DEPLOYMENT.replace('- name: http', '- name: web'));
    const svc = await client.diagnostics(serviceUri, (d) => d.some((x) => x.code === 'K8S062'));
    const k062 = svc.find((x) => x.code === 'K8S062');
    assert.match(
      messageOf(k062 as Diagnostic),
      /targetPort: no container of Deployment default\/(dev-)?web has a port named "http"/,
    );
    assert.ok(
      (k062?.relatedInformation ?? []).some((r) => r.location.uri === deployUri),
      'related points at the Deployment',
    );
    // And back: the warning goes away.
    await client.change(deployUri, DEPLOYMENT);
    await client.diagnostics(serviceUri, (d) => d.length === 0);
    assert.ok(v > 1);
    assert.ok(client.alive);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a compose file beside the manifests is still checked as compose, and a manifest is never checked as compose', async () => {
  const dir = project();
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    networks: [nope]\n');
  const client = await LspClient.start(dir);
  try {
    const composeUri = await client.open(
      join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: nginx\n    networks: [nope]\n',
    );
    const c = await client.diagnostics(composeUri, (d) => d.length > 0);
    assert.deepEqual(codes(c), ['NET010']);
    const svcText = SERVICE.replace('nodePort: 30080', 'nodePort: 31000\n      protocol: tcp');
    const svcUri = await client.open(join(dir, 'base', 'service.yaml'), svcText);
    const s = await client.diagnostics(svcUri, (d) => d.length > 0);
    assert.ok(
      s.every((d) => String(d.code).startsWith('K8S')),
      `only K8S codes: ${codes(s).join(', ')}`,
    );
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a YAML file that is neither compose nor a manifest (a CI workflow) gets no diagnostics from either side', async () => {
  const dir = project();
  const client = await LspClient.start(dir);
  try {
    const workflow =
      'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n';
    const wfUri = await client.open(join(dir, 'ci.yaml'), workflow);
    // A manifest opened after it is checked: once its diagnostics are in, the workflow's would be too.
    const svcUri = await client.open(
      join(dir, 'standalone.yaml'),
      SERVICE.replace('nodePort: 30080', 'nodePort: 80'),
    );
    await client.diagnostics(svcUri, (d) => d.some((x) => x.code === 'K8S001'));
    const forWorkflow = client.published.filter((p) => p.uri === wfUri && p.diagnostics.length > 0);
    assert.deepEqual(forWorkflow, []);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
