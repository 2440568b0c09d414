import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  Hover,
  Location,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { messageOf, withScratchServer } from './client';
import type { LspClient } from './client';

const COMPOSE = `services:
  web:
    image: nginx
    networks: [front, back]
    ports:
      - "127.0.0.1:8080:80"
  api:
    image: api
    networks:
      - front
networks:
  front:
    ipam:
      config:
        - subnet: 10.20.0.0/24
`;

/** Position of the `nth` occurrence of `needle` in `text` (0-based line and character), plus `delta`. */
function pos(text: string, needle: string, nth = 0, delta = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in text`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

function withServer(fn: (c: LspClient, dir: string) => Promise<void>): Promise<void> {
  return withScratchServer(async (client, dir) => {
    await fn(client, dir);
    assert.ok(client.alive, 'server exited during the test');
  });
}

test('initialize advertises the features', async () => {
  await withServer(async (c) => {
    const caps = (c as unknown as { capabilities: Record<string, unknown> }).capabilities;
    for (const k of [
      'hoverProvider',
      'completionProvider',
      'renameProvider',
      'codeActionProvider',
      'definitionProvider',
    ]) {
      assert.ok(caps[k], `missing ${k}`);
    }
  });
});

test('didOpen publishes NET010 at the reference; didChange clears it', async () => {
  await withServer(async (c, dir) => {
    const path = join(dir, 'compose.yaml');
    const uri = await c.open(path, COMPOSE);
    const diags = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET010'));
    const net010 = diags.find((d) => d.code === 'NET010');
    assert.deepEqual(net010?.range.start, pos(COMPOSE, 'back'));
    assert.equal(net010?.severity, 1);
    const fixed = COMPOSE.replace('networks:\n  front:', 'networks:\n  back:\n  front:');
    const v = await c.change(uri, fixed);
    const after = await c.diagnostics(uri, () => true, v);
    assert.equal(after.filter((d) => d.code === 'NET010').length, 0);
  });
});

test('incremental didChange: a typed character produces fresh diagnostics for that version', async () => {
  await withServer(async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    await c.diagnostics(uri);
    // Rename the api's reference `front` to `fronx`: one character replaced.
    const at = pos(COMPOSE, '- front', 0, 6);
    const v = await c.changeRange(uri, { start: at, end: { ...at, character: at.character + 1 } }, 'x');
    const diags = await c.diagnostics(uri, () => true, v);
    assert.ok(
      diags.some((d) => d.code === 'NET010' && messageOf(d).includes('fronx')),
      JSON.stringify(diags),
    );
  });
});

test('hover: a network lists the services on it; a subnet shows its range', async () => {
  await withServer(async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    await c.diagnostics(uri);
    const onNet = await c.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: pos(COMPOSE, 'front:', 0, 1),
    });
    const text = JSON.stringify(onNet.contents);
    assert.match(text, /web/);
    assert.match(text, /api/);
    const onSubnet = await c.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: pos(COMPOSE, '10.20.0.0/24', 0, 3),
    });
    const s = JSON.stringify(onSubnet.contents);
    assert.match(s, /10\.20\.0\.0/);
    assert.match(s, /10\.20\.0\.255/);
    assert.match(s, /254/);
    assert.match(s, /10\.20\.0\.1/);
    const onPort = await c.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: pos(COMPOSE, '8080', 0, 1),
    });
    assert.match(JSON.stringify(onPort.contents), /8080.*loopback.*80/);
  });
});

test('completion: network names in a service, drivers, a free subnet', async () => {
  await withServer(async (c, dir) => {
    const text = `${COMPOSE}  other:\n    driver: \n    ipam:\n      config:\n        - subnet: \n  third:\nx-end: 1\n`;
    const withItem = text.replace('      - front\n', '      - front\n      - \n');
    const uri = await c.open(join(dir, 'compose.yaml'), withItem);
    await c.diagnostics(uri);
    const labels = async (p: { line: number; character: number }): Promise<string[]> => {
      const r = await c.request<CompletionItem[] | CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: p,
      });
      return (Array.isArray(r) ? r : r.items).map((i) => i.label);
    };
    const names = await labels(pos(withItem, '      - \n', 0, 8));
    // `front` is already listed by the service, so only the others are offered.
    assert.deepEqual(names.sort(), ['other', 'third']);
    const drivers = await labels(pos(withItem, 'driver: \n', 0, 8));
    assert.ok(drivers.includes('bridge') && drivers.includes('macvlan'), drivers.join());
    const subnets = await labels(pos(withItem, 'subnet: \n', 0, 8));
    assert.ok(subnets.length > 0, 'no subnet offered');
    assert.ok(!subnets.includes('10.20.0.0/24'));
  });
});

test('definition, references and rename of a network across the file', async () => {
  await withServer(async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    await c.diagnostics(uri);
    const ref = pos(COMPOSE, '- front', 0, 3);
    const defs = await c.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: ref,
    });
    assert.deepEqual(
      defs.map((d) => d.range.start),
      [pos(COMPOSE, 'front:')],
    );
    const refs = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: ref,
      context: { includeDeclaration: true },
    });
    assert.equal(refs.length, 3);
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: ref,
      newName: 'public',
    });
    const edits = edit.changes?.[uri] ?? [];
    assert.equal(edits.length, 3);
    assert.ok(
      edits.every((e) => e.newText === 'public' && e.range.end.character - e.range.start.character === 5),
    );
    await assert.rejects(
      c.request('textDocument/rename', { textDocument: { uri }, position: ref, newName: 'no spaces' }),
      /not a valid network name/,
    );
  });
});

test('code action: declare the missing network', async () => {
  await withServer(async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    const diags = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET010'));
    const net010 = diags.filter((d) => d.code === 'NET010');
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: net010[0]?.range,
      context: { diagnostics: net010 },
    });
    const declare = actions.find((a) => a.title.includes('back'));
    assert.ok(declare, JSON.stringify(actions));
    const [edit] = declare.edit?.changes?.[uri] ?? [];
    assert.ok(edit);
    const lines = COMPOSE.split('\n');
    lines.splice(edit.range.start.line, 0, edit.newText.replace(/\n$/, ''));
    const applied = lines.join('\n');
    assert.match(applied, /networks:\n {2}front:\n(.*\n)* {2}back: \{\}\n/);
    const v = await c.change(uri, applied);
    const after = await c.diagnostics(uri, () => true, v);
    assert.equal(after.filter((d) => d.code === 'NET010').length, 0, JSON.stringify(after));
  });
});

test('document symbols list services and networks', async () => {
  await withServer(async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    const services = symbols.find((s) => s.name === 'services');
    assert.deepEqual(
      services?.children?.map((s) => s.name),
      ['web', 'api'],
    );
    assert.deepEqual(
      symbols.find((s) => s.name === 'networks')?.children?.map((s) => s.name),
      ['front'],
    );
  });
});

test('an override file is checked together with its base', async () => {
  await withServer(async (c, dir) => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\nnetworks:\n  front: {}\n');
    const override = 'services:\n  web:\n    networks: [front, missing]\n';
    const uri = await c.open(join(dir, 'compose.override.yaml'), override);
    const diags = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET010'));
    assert.deepEqual(diags.filter((d) => d.code === 'NET010').map(messageOf), [
      'service "web" refers to undefined network missing: invalid compose project',
    ]);
  });
});

test('rename and definition reach across the base file and its override', async () => {
  await withServer(async (c, dir) => {
    const base = 'services:\n  web:\n    image: nginx\n    networks: [front]\nnetworks:\n  front: {}\n';
    writeFileSync(join(dir, 'compose.yaml'), base);
    const override = 'services:\n  api:\n    image: api\n    networks:\n      front: {}\n';
    const uri = await c.open(join(dir, 'compose.override.yaml'), override);
    await c.diagnostics(uri);
    const at = pos(override, 'front', 0, 2);
    const defs = await c.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: at,
    });
    assert.equal(defs.length, 1);
    assert.match(defs[0]?.uri ?? '', /\/compose\.yaml$/);
    assert.deepEqual(defs[0]?.range.start, pos(base, 'front:'));
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: at,
      newName: 'edge',
    });
    const files = Object.keys(edit.changes ?? {}).map((u) => u.split('/').pop());
    assert.deepEqual(files.sort(), ['compose.override.yaml', 'compose.yaml']);
    const inBase = Object.entries(edit.changes ?? {}).find(([u]) => u.endsWith('/compose.yaml'))?.[1] ?? [];
    assert.equal(inBase.length, 2);
  });
});

test('hover: a static address says which subnet holds it, or that none does', async () => {
  await withServer(async (c, dir) => {
    const doc = `${COMPOSE.replace('      - front\n', '      front:\n        ipv4_address: 10.20.0.7\n  db:\n    image: db\n    networks:\n      front:\n        ipv4_address: 10.99.0.7\n')}`;
    const uri = await c.open(join(dir, 'compose.yaml'), doc);
    await c.diagnostics(uri);
    const inside = await c.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: pos(doc, '10.20.0.7', 0, 2),
    });
    assert.match(JSON.stringify(inside.contents), /in subnet `10\.20\.0\.0\/24` of network `front`/);
    const outside = await c.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: pos(doc, '10.99.0.7', 0, 2),
    });
    assert.match(JSON.stringify(outside.contents), /outside every subnet of network `front`/);
  });
});
