import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver';
import { messageOf, withScratchServer } from './client';
import { waitFor } from '../support/wait';
import { helmDouble, RENDERED_CHART } from '../support/helm-double';

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
function project(dir: string): void {
  mkdirSync(join(dir, 'base'));
  mkdirSync(join(dir, 'overlays', 'dev'), { recursive: true });
  writeFileSync(join(dir, 'base', 'service.yaml'), SERVICE);
  writeFileSync(join(dir, 'base', 'deployment.yaml'), DEPLOYMENT);
  writeFileSync(
    join(dir, 'base', 'kustomization.yaml'),
    'resources:\n  - service.yaml\n  - deployment.yaml\n',
  );
  writeFileSync(join(dir, 'overlays', 'dev', 'kustomization.yaml'), OVERLAY);
}

test('a manifest project over stdio: the overlay patch is reported where it is written, edits across files re-check', async () => {
  await withScratchServer(
    async (client, dir) => {
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
    },
    {
      setup: (dir) => {
        project(dir);
      },
    },
  );
});

test('a compose file beside the manifests is still checked as compose, and a manifest is never checked as compose', async () => {
  await withScratchServer(
    async (client, dir) => {
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
    },
    {
      setup: (dir) => {
        project(dir);
        writeFileSync(
          join(dir, 'compose.yaml'),
          'services:\n  web:\n    image: nginx\n    networks: [nope]\n',
        );
      },
    },
  );
});

test('a YAML file that is neither compose nor a manifest (a CI workflow) gets no diagnostics from either side', async () => {
  await withScratchServer(
    async (client, dir) => {
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
    },
    {
      setup: (dir) => {
        project(dir);
      },
    },
  );
});

/** Position of the first `needle` in `text`, plus `delta` characters. */
function at(text: string, needle: string, delta = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in text`);
  const before = text.slice(0, i + delta);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

test('editor features on manifests: symbols, hover chain, definition across files, completion, quick fix', async () => {
  const svc = SERVICE.replace('nodePort: 30080', 'nodePort: 80');
  await withScratchServer(
    async (client, dir) => {
      const uri = await client.open(join(dir, 'service.yaml'), svc);
      const deployUri = pathToFileURL(join(dir, 'deployment.yaml')).href;
      const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'K8S001'));
      const symbols = await client.request<{ name: string; detail?: string }[]>(
        'textDocument/documentSymbol',
        {
          textDocument: { uri },
        },
      );
      assert.deepEqual(
        symbols.map((s) => [s.name, s.detail]),
        [['Service web', 'default']],
      );
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
        textDocument: { uri },
        position: at(svc, 'targetPort: http', 13),
      });
      assert.match(hover.contents.value, /port 80\/TCP → targetPort http/);
      assert.match(hover.contents.value, /Deployment default\/web, container `nginx`: containerPort 8080/);
      const defs = await client.request<{ uri: string; range: { start: { line: number } } }[]>(
        'textDocument/definition',
        { textDocument: { uri }, position: at(svc, 'targetPort: http', 13) },
      );
      assert.deepEqual(
        defs.map((d) => [d.uri, d.range.start.line]),
        [[deployUri, at(DEPLOYMENT, '- name: http').line]],
      );
      const sel = await client.request<{ uri: string }[]>('textDocument/definition', {
        textDocument: { uri },
        position: at(svc, 'app: web', 1),
      });
      assert.deepEqual(
        sel.map((d) => d.uri),
        [deployUri],
      );
      const items = await client.request<{ label: string }[]>('textDocument/completion', {
        textDocument: { uri },
        position: at(svc, 'targetPort: http', 'targetPort: '.length),
      });
      assert.deepEqual(
        items.map((i) => i.label),
        ['http'],
      );
      const k001 = diags.find((d) => d.code === 'K8S001');
      const actions = await client.request<
        { title: string; edit: { changes: Record<string, { newText: string }[]> } }[]
      >('textDocument/codeAction', {
        textDocument: { uri },
        range: k001?.range,
        context: { diagnostics: [k001] },
      });
      assert.equal(actions[0]?.title, 'Use free nodePort 32767');
      assert.equal(actions[0]?.edit.changes[uri]?.[0]?.newText, '32767');
    },
    {
      setup: (dir) => {
        writeFileSync(join(dir, 'service.yaml'), svc);
        writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT);
      },
    },
  );
});

test('an edit re-sends only the diagnostics that changed: the edited file always, the others when theirs did', async () => {
  await withScratchServer(
    async (client, dir) => {
      const uri = await client.open(join(dir, 'service.yaml'), SERVICE);
      const deployUri = pathToFileURL(join(dir, 'deployment.yaml')).href;
      await client.diagnostics(deployUri);
      const sentTo = (u: string): number => client.published.filter((p) => p.uri === u).length;
      const before = sentTo(deployUri);
      // A new nodePort: nothing changes for the Deployment, the Service's own list is sent for the new version.
      const v = await client.change(uri, SERVICE.replace('nodePort: 30080', 'nodePort: 30081'));
      await waitFor(() => client.published.some((p) => p.uri === uri && p.version === v), 20_000, {
        what: `the Service's diagnostics for version ${v}`,
      });
      // The named port now names nothing in the Deployment: K8S062 on the Service; the Deployment unchanged.
      await client.change(uri, SERVICE.replace('targetPort: http', 'targetPort: web'));
      await client.diagnostics(uri, (d) => d.some((x) => x.code === 'K8S062'));
      assert.equal(sentTo(deployUri), before, 'the Deployment file was not sent again');
    },
    {
      setup: (dir) => {
        writeFileSync(join(dir, 'service.yaml'), SERVICE);
        writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT);
      },
    },
  );
});

test("a kustomize base outside the workspace is two projects: its file gets both projects' findings, whichever ran last", async () => {
  // The base, in a folder outside the workspace: alone, its Service selects no pod (K8S061). The workspace's
  // kustomization adds a Deployment the Service selects, which declares no port 80 (K8S062 on the Service).
  const outside = mkdtempSync(join(tmpdir(), 'switchyard-base-'));
  try {
    mkdirSync(join(outside, 'base'));
    const service = SERVICE.replace('  type: NodePort\n', '').replace(
      / {6}targetPort: http\n {6}nodePort: 30080\n/,
      '',
    );
    writeFileSync(join(outside, 'base', 'service.yaml'), service);
    writeFileSync(join(outside, 'base', 'kustomization.yaml'), 'resources:\n  - service.yaml\n');
    const deployment = DEPLOYMENT.replace(/ {10}ports:\n[^]*$/, '');
    await withScratchServer(
      async (client, dir) => {
        const deployUri = await client.open(join(dir, 'deployment.yaml'), deployment);
        const serviceUri = pathToFileURL(join(outside, 'base', 'service.yaml')).href;
        await client.diagnostics(serviceUri, (d) => codes(d).join() === 'K8S062');
        // Opening the base's file validates its own project, which finds K8S061 there: both stay.
        await client.open(join(outside, 'base', 'service.yaml'), service);
        const both = ['K8S061', 'K8S062'];
        await client.diagnostics(serviceUri, (d) => codes(d).join() === both.join());
        // The workspace's project runs again (an edit in the Deployment): its list joins, never replaces.
        const v = await client.change(deployUri, deployment.replace('image: nginx', 'image: nginx:1.27'));
        await waitFor(() => client.published.some((p) => p.uri === deployUri && p.version === v), 20_000, {
          what: `the Deployment's diagnostics for version ${v}`,
        });
        assert.deepEqual(codes(await client.diagnostics(serviceUri)), both);
      },
      {
        setup: (dir) => {
          writeFileSync(join(dir, 'deployment.yaml'), deployment);
          writeFileSync(
            join(dir, 'kustomization.yaml'),
            `resources:\n  - deployment.yaml\n  - ../${basename(outside)}/base\n`,
          );
        },
      },
    );
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

const CHART = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';

function chart(dir: string): void {
  mkdirSync(join(dir, 'chart', 'templates'), { recursive: true });
  writeFileSync(join(dir, 'chart', 'Chart.yaml'), CHART);
  writeFileSync(join(dir, 'chart', 'templates', 'service.yaml'), '{{ .Values.x }}\n');
}

test('a Helm chart without helm on the server’s PATH gets one information diagnostic with the command to run', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'switchyard-no-helm-'));
  try {
    await withScratchServer(
      async (client, dir) => {
        const uri = await client.open(join(dir, 'chart', 'Chart.yaml'), CHART);
        const ds = await client.diagnostics(uri, (d) => d.length > 0);
        assert.equal(ds.length, 1);
        const d = ds[0] as Diagnostic;
        assert.equal(d.code, 'HELM');
        assert.equal(d.severity, DiagnosticSeverity.Information);
        assert.match(
          messageOf(d),
          /^Helm chart not checked: `helm` is not on PATH\. Render it and check the output: helm template .*chart \| switchyard lint -$/,
        );
      },
      { setup: chart, env: { ...process.env, PATH: empty } },
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

// Real helm cannot be installed here (not in Debian 12, not on npm): `helm` on the server's PATH is a test
// double (test/support/helm-double.ts) that prints known manifests.
test('with helm on the server’s PATH a chart is rendered and checked, and rendered again when a chart file changes', async () => {
  const helm = helmDouble({ manifests: RENDERED_CHART });
  try {
    await withScratchServer(
      async (client, dir) => {
        const chartUri = await client.open(join(dir, 'chart', 'Chart.yaml'), CHART);
        const rendered = pathToFileURL(join(dir, 'chart', '(helm template).yaml')).href;
        const ds = await client.diagnostics(rendered, (d) => d.some((x) => x.code === 'K8S001'));
        assert.match(
          messageOf(ds.find((x) => x.code === 'K8S001') as Diagnostic),
          /spec\.ports\[0\]\.nodePort: Invalid value: 80: provided port is not in the valid range/,
        );
        assert.deepEqual(await client.diagnostics(chartUri), []);
        assert.deepEqual(helm.calls(), [`template test-release ${join(dir, 'chart')} --namespace default`]);
        // An edit of a template renders the chart again (helm reads what is saved).
        const tpl = join(dir, 'chart', 'templates', 'service.yaml');
        const tplUri = await client.open(tpl, '{{ .Values.x }}\n');
        await client.change(tplUri, '{{ .Values.y }}\n');
        await waitFor(() => helm.calls().length >= 2, 10_000);
      },
      { setup: chart, env: { ...process.env, PATH: `${helm.dir}:${process.env['PATH'] ?? ''}` } },
    );
  } finally {
    helm.done();
  }
});
