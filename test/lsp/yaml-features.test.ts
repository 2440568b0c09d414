// `initializationOptions.yamlFeatures`: with Docker DX or Red Hat YAML beside it, the extension starts the
// server with `false`; YAML syntax errors and the outline are then left to them, the network checks, completion
// and hover stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CompletionItem, Hover } from 'vscode-languageserver';
import { withScratchServer } from './client';

const BROKEN = 'services:\n  web:\n    image: nginx\n    ports: [ "80:80"\n';
// A manifest (the Kubernetes side) with the same kind of syntax error, and a nodePort out of range.
const BROKEN_MANIFEST =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n' +
  '    - port: 80\n      nodePort: 80\n  externalIPs: [ "192.0.2.1"\n';
const UNDEFINED =
  'services:\n  web:\n    image: nginx\n    networks:\n      - front\n      - back\n      - \n' +
  'networks:\n  front: {}\n  side: {}\n';

async function run(initializationOptions: unknown): Promise<{
  caps: Record<string, unknown>;
  broken: string[];
  manifest: string[];
  other: string[];
  hover: Hover | null;
  names: string[];
}> {
  return withScratchServer(
    async (c, dir) => {
      const caps = (c as unknown as { capabilities: Record<string, unknown> }).capabilities;
      const b = await c.open(join(dir, 'a', 'compose.yaml'), BROKEN);
      const u = await c.open(join(dir, 'b', 'compose.yaml'), UNDEFINED);
      const other = (await c.diagnostics(u, (d) => d.length > 0)).map((d) => String(d.code));
      const broken = (await c.diagnostics(b)).map((d) => String(d.code));
      const m = await c.open(join(dir, 'k', 'service.yaml'), BROKEN_MANIFEST);
      const manifest = (await c.diagnostics(m, (d) => d.some((x) => x.code === 'K8S001'))).map((d) =>
        String(d.code),
      );
      const hover = await c.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: u },
        position: { line: 4, character: 9 },
      });
      const completion = await c.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: u },
        position: { line: 6, character: 8 },
      });
      assert.ok(c.alive);
      return { caps, broken, manifest, other, hover, names: completion.map((i) => i.label) };
    },
    { initializationOptions },
  );
}

test('yamlFeatures false: no YAML syntax errors, no outline; network checks, hover and completion stay', async () => {
  const off = await run({ yamlFeatures: false });
  assert.equal(off.caps.documentSymbolProvider, false);
  assert.ok(!off.broken.includes('YAML'), 'the syntax error is left to the YAML editor beside us');
  // What YAML's error recovery still reads is checked: port 80 is below 1024.
  assert.deepEqual(off.broken, ['NET115']);
  // The same for a manifest: its checks stay, its syntax error is left to the editor beside us.
  assert.deepEqual(off.manifest.sort(), ['K8S001', 'K8S069']);
  assert.ok(off.other.includes('NET010'), `undefined network still reported: ${off.other.join(', ')}`);
  assert.match(JSON.stringify(off.hover?.contents ?? ''), /front/);
  assert.ok(off.names.includes('side'), `network names completed: ${off.names.join(', ')}`);
});

test('yamlFeatures absent or true: the server reports YAML syntax errors and offers the outline', async () => {
  for (const options of [undefined, { yamlFeatures: true }]) {
    const on = await run(options);
    assert.equal(on.caps.documentSymbolProvider, true);
    assert.ok(on.broken.includes('YAML'), `syntax error reported: ${on.broken.join(', ')}`);
    assert.deepEqual(on.manifest.sort(), ['K8S001', 'K8S069', 'YAML']);
    assert.ok(on.other.includes('NET010'));
  }
});

test('yamlFeatures of the wrong type: logged and ignored, every feature on', async () => {
  const bad = await run({ yamlFeatures: 'no' });
  assert.equal(bad.caps.documentSymbolProvider, true);
  assert.ok(bad.broken.includes('YAML'));
});
