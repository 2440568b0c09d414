import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { publishByFile } from '../../../../server/src/lsp/publish';
import type { WorkspaceFiles } from '../../../../server/src/lsp/file-reader';

/** What the server sent, and a workspace where `/p/a.yaml` is open at a version the test sets. */
function fakes(): {
  sent: PublishDiagnosticsParams[];
  connection: Connection;
  files: WorkspaceFiles;
  open: { version: number };
} {
  const sent: PublishDiagnosticsParams[] = [];
  const open = { version: 1 };
  const connection = {
    sendDiagnostics: (p: PublishDiagnosticsParams) => void sent.push(p),
  } as unknown as Connection;
  const files = {
    uriOf: (p: string) => `file://${p}`,
    document: (p: string) => (p === '/p/a.yaml' ? { version: open.version } : undefined),
  } as unknown as WorkspaceFiles;
  return { sent, connection, files, open };
}

const d = (message: string): Diagnostic => ({
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
  message,
});

test('diagnostics are sent again only for files whose diagnostics or document version changed', () => {
  const { sent, connection, files, open } = fakes();
  const last = new Map<string, string>();
  const byFile = () =>
    new Map([
      ['/p/a.yaml', [d('in a')]],
      ['/p/b.yaml', [d('in b')]],
    ]);
  let published = publishByFile(connection, files, byFile(), new Set(), last);
  assert.deepEqual(
    sent.map((p) => p.uri),
    ['file:///p/a.yaml', 'file:///p/b.yaml'],
  );
  assert.equal(sent[0]?.version, 1);

  sent.length = 0;
  published = publishByFile(connection, files, byFile(), published, last);
  assert.equal(sent.length, 0, 'nothing changed, nothing is sent');

  sent.length = 0;
  open.version = 2;
  published = publishByFile(connection, files, byFile(), published, last);
  assert.deepEqual(
    sent.map((p) => [p.uri, p.version]),
    [['file:///p/a.yaml', 2]],
    'the edited document, at its version',
  );

  sent.length = 0;
  const changed = new Map([
    ['/p/a.yaml', [d('in a')]],
    ['/p/b.yaml', [d('in b, now different')]],
  ]);
  published = publishByFile(connection, files, changed, published, last);
  assert.deepEqual(
    sent.map((p) => p.uri),
    ['file:///p/b.yaml'],
    'the file whose diagnostics changed',
  );

  sent.length = 0;
  publishByFile(connection, files, new Map([['/p/a.yaml', [d('in a')]]]), published, last);
  assert.deepEqual(
    sent,
    [{ uri: 'file:///p/b.yaml', diagnostics: [] }],
    'a file gone from the project is cleared',
  );
  assert.equal(last.has('file:///p/b.yaml'), false);
});

test('without a memory of what was sent, every file is sent every time', () => {
  const { sent, connection, files } = fakes();
  const byFile = new Map([['/p/b.yaml', [d('in b')]]]);
  const published = publishByFile(connection, files, byFile, new Set());
  publishByFile(connection, files, byFile, published);
  assert.equal(sent.length, 2);
});
