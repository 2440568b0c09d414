import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { parseDocument } from 'yaml';
import { applyEdits, messageOf, withScratchServer } from './client';
import type { LspClient } from './client';

const BROKEN = readFileSync(join(__dirname, '..', '..', 'examples', 'broken', 'compose.yaml'), 'utf8');

const key = (d: Diagnostic): string => `${String(d.code)} ${messageOf(d)}`;

test('every quick fix on the broken example removes its diagnostic and keeps the YAML valid', async () => {
  await withScratchServer(async (client, dir) => {
    const uri = await client.open(join(dir, 'compose.yaml'), BROKEN);
    const diags = await client.diagnostics(uri, (d) => d.length > 0);
    const fixable = diags.filter((d) => (d.data as { fix?: unknown } | undefined)?.fix !== undefined);
    // The example's mistakes that have fixes: the port clash, the overlap, the undefined network, network_mode.
    const codes = new Set(fixable.map((d) => String(d.code)));
    for (const c of ['NET010', 'NET011', 'NET036'])
      assert.ok(codes.has(c), `no fix offered for ${c}: ${[...codes].join()}`);
    await assertEachFixRemoves(client, uri, BROKEN, fixable);
  });
});

test('insert fixes add the entry beside the one at fault, at its indentation', async () => {
  await withScratchServer(async (client, dir) => {
    const doc =
      'services:\n  web:\n    image: nginx\n    networks: [mesh]\nnetworks:\n  mesh:\n    driver: overlay\n';
    const uri = await client.open(join(dir, 'compose.yaml'), doc);
    const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'NET046'));
    const d = diags.find((x) => x.code === 'NET046');
    assert.ok(d);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const text = applyEdits(doc, actions[0]?.edit?.changes?.[uri] ?? []);
    assert.equal(text, `${doc}    attachable: true\n`);
  });
});

test("the swarm rules' quick fixes (NET160-NET163) each remove their diagnostic and keep the YAML valid", async () => {
  await withScratchServer(async (client, dir) => {
    const doc = [
      'services:',
      '  api:',
      '    image: api',
      '    deploy:',
      '      endpoint_mode: dnsrr',
      '    ports:',
      '      - "8080:80"',
      '      - target: 443',
      '        published: 8443',
      '      - target: 9000',
      '        mode: ingress',
      '  edge:',
      '    image: nginx',
      '    deploy:',
      '      replicas: 3',
      '    ports:',
      '      - target: 80',
      '        published: 18080',
      '        mode: host',
      '  odd:',
      '    image: odd',
      '    deploy:',
      '      endpoint_mode: round-robin',
      '  agent:',
      '    image: agent',
      '    deploy:',
      '      mode: global',
      '      replicas: 2',
      '',
    ].join('\n');
    const uri = await client.open(join(dir, 'compose.yaml'), doc);
    const wanted = ['NET160', 'NET161', 'NET162', 'NET163'];
    const diags = await client.diagnostics(uri, (d) => wanted.every((c) => d.some((x) => x.code === c)));
    const fixable = diags.filter((d) => wanted.includes(String(d.code)));
    assert.equal(fixable.length, 6, fixable.map(key).join('\n'));
    await assertEachFixRemoves(client, uri, doc, fixable);
  });
});

/**
 * Applies each diagnostic's one fix to `doc` on its own and checks that the YAML stays valid and the
 * diagnostic goes. Every diagnostic also offers "Ignore … on this line" (ignore-comments.test.ts): left aside.
 */
async function assertEachFixRemoves(
  client: LspClient,
  uri: string,
  doc: string,
  fixable: Diagnostic[],
): Promise<void> {
  for (const d of fixable) {
    await client.change(uri, doc);
    const offered = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const actions = offered.filter((a) => !a.title.startsWith('Ignore '));
    assert.equal(actions.length, 1, `one fix for ${key(d)}`);
    const edits = actions[0]?.edit?.changes?.[uri] ?? [];
    assert.ok(edits.length > 0, `no edit for ${key(d)}`);
    const text = applyEdits(doc, edits);
    assert.deepEqual(
      parseDocument(text).errors.map((e) => e.message),
      [],
      `${actions[0]?.title} broke the YAML:\n${text}`,
    );
    const v = await client.change(uri, text);
    const after = await client.diagnostics(uri, () => true, v);
    assert.ok(!after.some((x) => key(x) === key(d)), `"${actions[0]?.title}" left ${key(d)}:\n${text}`);
  }
}
