// The configuration layer in the editor: `switchyard.rules` (initializationOptions and
// didChangeConfiguration), `.switchyard.yaml` beside the compose file, `# switchyard-ignore` and its quick fix,
// unknown rule ids as CONFIG diagnostics, and each diagnostic's link to its rule's page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { applyEdits, messageOf, withScratchServer } from './client';
import type { LspClient } from './client';

/** Two services on host port 8080 (NET109), and 22:22 unquoted (NET101) below 1024 (NET115). */
const COMPOSE = readFileSync(join(__dirname, '..', 'fixtures', 'rule-config', 'compose.yaml'), 'utf8');

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => `${String(d.code)} ${d.severity}`).sort();

function withServer(
  files: Record<string, string>,
  initializationOptions: unknown,
  body: (c: LspClient, dir: string) => Promise<void>,
): Promise<void> {
  return withScratchServer(body, { files, initializationOptions });
}

test('diagnostics link to their rule page; switchyard.rules from initializationOptions and on change', async () => {
  await withServer({}, { rules: [{ rule: 'NET101', severity: 'off' }] }, async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    const first = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET109'));
    assert.deepEqual(codes(first), ['NET109 1', 'NET115 3'], JSON.stringify(first));
    const net109 = first.find((d) => d.code === 'NET109');
    assert.equal(
      net109?.codeDescription?.href,
      'https://github.com/switchyard/switchyard/blob/main/docs/rules/NET109.md',
    );
    await c.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: {
        switchyard: {
          rules: [
            { rule: 'NET1*', severity: 'info' },
            { rule: 'NET115', severity: 'off' },
            { rule: 'NET777', severity: 'error' },
          ],
        },
      },
    });
    const after = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'CONFIG'));
    assert.deepEqual(codes(after), ['CONFIG 2', 'NET101 3', 'NET109 3'], JSON.stringify(after));
    const config = after.find((d) => d.code === 'CONFIG');
    assert.ok(config);
    assert.match(messageOf(config), /switchyard\.rules\[2\]: unknown rule "NET777"/);
  });
});

test('.switchyard.yaml beside the compose file sets levels; its unknown ids are diagnostics in it', async () => {
  const project = 'rules:\n  NET115: off\n  NET101: error\n  NET42: warning\n';
  await withServer({ '.switchyard.yaml': project }, undefined, async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET109'));
    assert.deepEqual(codes(ds), ['NET101 1', 'NET109 1'], JSON.stringify(ds));
    const own = await c.diagnostics(pathToFileURL(join(dir, '.switchyard.yaml')).href, (d) => d.length > 0);
    const [bad] = own;
    assert.ok(bad && own.length === 1, JSON.stringify(own));
    assert.equal(bad.code, 'CONFIG');
    assert.deepEqual(bad.range.start, { line: 3, character: 2 });
    assert.match(messageOf(bad), /unknown rule "NET42"/);
    // Editing the project file in the editor checks the compose project again with the buffer's text.
    const pf = await c.open(join(dir, '.switchyard.yaml'), project);
    await c.change(pf, 'rules:\n  NET1*: off\n');
    const after = await c.diagnostics(uri, (d) => d.every((x) => !String(x.code).startsWith('NET1')));
    assert.deepEqual(codes(after), []);
  });
});

test('the ignore quick fix writes # switchyard-ignore and the finding goes; an unknown id in one is reported', async () => {
  await withServer({}, undefined, async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET109'));
    const net109 = ds.find((d) => d.code === 'NET109');
    assert.ok(net109);
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: net109.range,
      context: { diagnostics: [net109] },
    });
    const ignore = actions.find((a) => a.title === 'Ignore NET109 on this line (# switchyard-ignore)');
    assert.ok(ignore, actions.map((a) => a.title).join('\n'));
    const text = applyEdits(COMPOSE, ignore.edit?.changes?.[uri] ?? []);
    assert.match(text, /\n {6}# switchyard-ignore NET109\n {6}- "8080:81"\n/);
    const v = await c.change(uri, text);
    const after = await c.diagnostics(uri, () => true, v);
    assert.deepEqual(codes(after), ['NET101 2', 'NET115 3'], JSON.stringify(after));

    const typo = text.replace('# switchyard-ignore NET109', '# switchyard-ignore NET1O9: typo');
    const v2 = await c.change(uri, typo);
    const withTypo = await c.diagnostics(uri, () => true, v2);
    assert.deepEqual(codes(withTypo), ['CONFIG 2', 'NET101 2', 'NET109 1', 'NET115 3']);
  });
});
