import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, WorkspaceEdit } from 'vscode-languageserver';
import { withScratchServer } from './client';
import type { LspClient } from './client';

/** Five files that name each other: Service, Deployment, Ingress, HTTPRoute, NetworkPolicy. */
const FILES: Record<string, string> = {
  'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
`,
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
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
          readinessProbe:
            httpGet:
              port: http
`,
  'ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service:
      name: web
      port:
        name: http
`,
  'route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  rules:
    - backendRefs:
        - name: "web"
          port: 80
`,
  'netpol.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
`,
};

/** Position of the `nth` (0-based) `needle` in a file, plus `delta` characters. */
function pos(file: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  const text = FILES[file] ?? '';
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in ${file}`);
  const before = text.slice(0, i + delta);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

async function withProject(
  fn: (c: LspClient, dir: string, uri: (f: string) => string) => Promise<void>,
): Promise<void> {
  await withScratchServer(
    async (client, dir) => {
      const uri = (f: string): string => pathToFileURL(join(dir, f)).href;
      for (const name of Object.keys(FILES)) await client.open(join(dir, name), FILES[name] ?? '');
      await fn(client, dir, uri);
    },
    { files: FILES },
  );
}

/** `file:line:character` of each location, sorted, with file names relative to the project. */
const where = (
  dir: string,
  locs: { uri: string; range: { start: { line: number; character: number } } }[],
): string[] =>
  locs
    .map(
      (l) =>
        `${l.uri.slice(pathToFileURL(dir).href.length + 1)}:${l.range.start.line}:${l.range.start.character}`,
    )
    .sort();

const edited = (dir: string, edit: WorkspaceEdit | null): string[] =>
  Object.entries(edit?.changes ?? {})
    .flatMap(([u, edits]) =>
      edits.map(
        (e) =>
          `${u.slice(pathToFileURL(dir).href.length + 1)}:${e.range.start.line}:${e.range.start.character}=${e.newText}`,
      ),
    )
    .sort();

test('references and rename of a Service name reach the Ingress and the HTTPRoute backends (quotes kept)', async () => {
  await withProject(async (c, dir, uri) => {
    const at = pos('service.yaml', 'name: web', 6);
    const refs = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri: uri('service.yaml') },
      position: at,
      context: { includeDeclaration: true },
    });
    assert.deepEqual(where(dir, refs), ['ingress.yaml:7:12', 'route.yaml:7:17', 'service.yaml:3:8']);
    // From a backend, without the declaration.
    const fromRoute = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri: uri('route.yaml') },
      position: pos('route.yaml', '- name: "web"', 10),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(where(dir, fromRoute), ['ingress.yaml:7:12', 'route.yaml:7:17']);
    const def = await c.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri('route.yaml') },
      position: pos('route.yaml', '- name: "web"', 10),
    });
    assert.deepEqual(where(dir, def), ['service.yaml:3:8']);
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uri('ingress.yaml') },
      position: pos('ingress.yaml', 'name: web', 7, 1),
      newName: 'front',
    });
    assert.deepEqual(edited(dir, edit), [
      'ingress.yaml:7:12=front',
      'route.yaml:7:17=front',
      'service.yaml:3:8=front',
    ]);
    await assert.rejects(
      c.request('textDocument/rename', {
        textDocument: { uri: uri('service.yaml') },
        position: at,
        newName: '1front',
      }),
      /"1front" is not a valid Service name: a DNS-1035 label must consist of lower case alphanumeric characters/,
    );
  });
});

test('a selector label renames with the pod template labels, the workload selector and the NetworkPolicy selectors', async () => {
  await withProject(async (c, dir, uri) => {
    const onValue = pos('service.yaml', 'app: web', 6);
    const refs = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri: uri('service.yaml') },
      position: onValue,
      context: { includeDeclaration: true },
    });
    // Not the Deployment's own metadata.labels (line 5): they select nothing.
    assert.deepEqual(where(dir, refs), [
      'deployment.yaml:13:13',
      'deployment.yaml:9:11',
      'netpol.yaml:12:19',
      'netpol.yaml:7:11',
      'service.yaml:6:9',
    ]);
    const prep = await c.request<{ placeholder: string }>('textDocument/prepareRename', {
      textDocument: { uri: uri('service.yaml') },
      position: onValue,
    });
    assert.equal(prep.placeholder, 'web');
    const value = await c.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uri('deployment.yaml') },
      position: pos('deployment.yaml', 'app: web', 6, 2),
      newName: 'shop',
    });
    assert.equal(edited(dir, value).length, 5);
    assert.ok(edited(dir, value).every((e) => e.endsWith('=shop')));
    // On the key: the key of the same key=value pairs.
    const key = await c.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uri('netpol.yaml') },
      position: pos('netpol.yaml', 'app: web', 1),
      newName: 'app.kubernetes.io/name',
    });
    assert.deepEqual(edited(dir, key), [
      'deployment.yaml:13:8=app.kubernetes.io/name',
      'deployment.yaml:9:6=app.kubernetes.io/name',
      'netpol.yaml:12:14=app.kubernetes.io/name',
      'netpol.yaml:7:6=app.kubernetes.io/name',
      'service.yaml:6:4=app.kubernetes.io/name',
    ]);
    await assert.rejects(
      c.request('textDocument/rename', {
        textDocument: { uri: uri('service.yaml') },
        position: onValue,
        newName: 'no spaces',
      }),
      /"no spaces" is not a valid label value: a valid label must be an empty string or consist of alphanumeric characters/,
    );
  });
});

test('a named port: the container port, the probe and the Service targetPort; the Service port name and the Ingress', async () => {
  await withProject(async (c, dir, uri) => {
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uri('service.yaml') },
      position: pos('service.yaml', 'targetPort: http', 13),
      newName: 'web-http',
    });
    assert.deepEqual(edited(dir, edit), [
      'deployment.yaml:19:20=web-http',
      'deployment.yaml:23:20=web-http',
      'service.yaml:10:18=web-http',
    ]);
    const fromProbe = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri: uri('deployment.yaml') },
      position: pos('deployment.yaml', 'port: http', 7),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(where(dir, fromProbe), ['deployment.yaml:23:20', 'service.yaml:10:18']);
    const servicePort = await c.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uri('service.yaml') },
      position: pos('service.yaml', '- name: http', 9),
      newName: 'main',
    });
    assert.deepEqual(edited(dir, servicePort), ['ingress.yaml:9:14=main', 'service.yaml:8:12=main']);
    await assert.rejects(
      c.request('textDocument/rename', {
        textDocument: { uri: uri('deployment.yaml') },
        position: pos('deployment.yaml', '- name: http', 9),
        newName: 'a-very-long-port-name',
      }),
      /is not a valid container port name: must be no more than 15 characters/,
    );
  });
});

test('completion in a Gateway route backendRef: Service names of its namespace, then the named Service ports', async () => {
  await withProject(async (c, _dir, uri) => {
    const route = `${FILES['route.yaml'] ?? ''}        - name: \n`;
    const routeUri = uri('route.yaml');
    await c.change(routeUri, route);
    const lines = route.split('\n');
    const names = await c.request<{ label: string }[]>('textDocument/completion', {
      textDocument: { uri: routeUri },
      position: { line: lines.length - 2, character: '        - name: '.length },
    });
    assert.deepEqual(
      names.map((i) => i.label),
      ['web'],
    );
    const withPort = `${FILES['route.yaml'] ?? ''}        - name: web\n          port: \n`;
    await c.change(routeUri, withPort);
    const ports = await c.request<{ label: string; detail: string }[]>('textDocument/completion', {
      textDocument: { uri: routeUri },
      position: { line: withPort.split('\n').length - 2, character: '          port: '.length },
    });
    assert.deepEqual(
      ports.map((i) => [i.label, i.detail]),
      [['80', 'http 80/TCP → targetPort http']],
    );
  });
});
