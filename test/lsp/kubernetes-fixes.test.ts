import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { withScratchServer } from './client';
import type { LspClient } from './client';

const SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  selector:
    app: frontend
    tier: front
  ports:
    - port: 80
      targetPort: http
---
apiVersion: v1
kind: Service
metadata:
  name: metrics
spec:
  selector: {app: web}
  ports:
    - port: 9090
      targetPort: metrics
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: api
`;

const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
        - name: nginx
          image: nginx
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: api
          ports:
            - containerPort: 3000
`;

/** Applies LSP edits (non-overlapping) to a text. */
function apply(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const off = (p: { line: number; character: number }): number =>
    (starts[p.line] ?? text.length) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start)))
    out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

async function actionsFor(c: LspClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d] },
  });
}

test('quick fixes: align a selector with the closest pod template, add or name the missing named port', async () => {
  await withScratchServer(
    async (c, dir) => {
      const svcUri = await c.open(join(dir, 'services.yaml'), SERVICES);
      const wlUri = pathToFileURL(join(dir, 'workloads.yaml')).href;
      const diags = await c.diagnostics(svcUri, (d) => d.some((x) => x.code === 'K8S061'));
      const byCode = (code: string): Diagnostic[] => diags.filter((d) => d.code === code);
      assert.equal(byCode('K8S061').length, 1);
      assert.equal(byCode('K8S062').length, 2);

      // K8S061: app=frontend matches nothing; Deployment web shares tier=front and the key app.
      const align = await actionsFor(c, svcUri, byCode('K8S061')[0] as Diagnostic);
      assert.equal(
        align[0]?.title,
        'Align the selector with the labels of Deployment default/web (app=web,tier=front)',
      );
      const fixedServices = apply(SERVICES, align[0]?.edit?.changes?.[svcUri] ?? []);
      assert.match(fixedServices, /selector:\n {4}app: web\n {4}tier: front\n {2}ports:/);

      // K8S062 metrics: Deployment web has only a named port, so a port is added to its container.
      const [metricsDiag, apiDiag] = byCode('K8S062').sort((a, b) => a.range.start.line - b.range.start.line);
      const add = await actionsFor(c, svcUri, metricsDiag as Diagnostic);
      assert.equal(
        add[0]?.title,
        'Add port "metrics" (containerPort 9090) to container "nginx" in Deployment default/web',
      );
      const added = apply(WORKLOADS, add[0]?.edit?.changes?.[wlUri] ?? []);
      assert.match(
        added,
        / {12}- name: http\n {14}containerPort: 8080\n {12}- name: metrics\n {14}containerPort: 9090\n---/,
      );
      // K8S062 api: Deployment api has one unnamed TCP port, which gets the name.
      const name = await actionsFor(c, svcUri, apiDiag as Diagnostic);
      assert.equal(
        name[0]?.title,
        'Name containerPort 3000 of container "api" in Deployment default/api "api"',
      );
      // Both edits were computed on the same text: applied together.
      const workloads = apply(WORKLOADS, [
        ...(add[0]?.edit?.changes?.[wlUri] ?? []),
        ...(name[0]?.edit?.changes?.[wlUri] ?? []),
      ]);
      assert.match(workloads, / {12}- name: api\n {14}containerPort: 3000\n$/);

      // With the edits applied, the three warnings are gone.
      await c.open(join(dir, 'workloads.yaml'), WORKLOADS);
      await c.change(wlUri, workloads);
      await c.change(svcUri, fixedServices);
      await c.diagnostics(svcUri, (d) => !d.some((x) => x.code === 'K8S061' || x.code === 'K8S062'));
    },
    {
      setup: (dir) => {
        writeFileSync(join(dir, 'services.yaml'), SERVICES);
        writeFileSync(join(dir, 'workloads.yaml'), WORKLOADS);
      },
    },
  );
});
