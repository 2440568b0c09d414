import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticsPublisher } from '../../../../server/src/lsp/publish';
import type { WorkspaceFiles } from '../../../../server/src/lsp/file-reader';

/** What the server sent, and a workspace where `/p/a.yaml` is open at a version the test sets. */
function fakes(): {
  sent: PublishDiagnosticsParams[];
  publisher: DiagnosticsPublisher;
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
  return { sent, publisher: new DiagnosticsPublisher(connection, files), open };
}

const d = (message: string, line = 0): Diagnostic => ({
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
  message,
});

test('diagnostics are sent again only for files whose diagnostics or document version changed', () => {
  const { sent, publisher, open } = fakes();
  const byFile = () =>
    new Map([
      ['/p/a.yaml', [d('in a')]],
      ['/p/b.yaml', [d('in b')]],
    ]);
  publisher.publish('p', byFile());
  assert.deepEqual(
    sent.map((p) => p.uri),
    ['file:///p/a.yaml', 'file:///p/b.yaml'],
  );
  assert.equal(sent[0]?.version, 1);

  sent.length = 0;
  publisher.publish('p', byFile());
  assert.equal(sent.length, 0, 'nothing changed, nothing is sent');

  sent.length = 0;
  open.version = 2;
  publisher.publish('p', byFile());
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
  publisher.publish('p', changed);
  assert.deepEqual(
    sent.map((p) => p.uri),
    ['file:///p/b.yaml'],
    'the file whose diagnostics changed',
  );

  sent.length = 0;
  publisher.publish('p', new Map([['/p/a.yaml', [d('in a')]]]));
  assert.deepEqual(
    sent,
    [{ uri: 'file:///p/b.yaml', diagnostics: [] }],
    'a file gone from the project is cleared',
  );

  sent.length = 0;
  publisher.publish('p', new Map([['/p/b.yaml', [d('in b')]]]));
  assert.deepEqual(
    sent.map((p) => [p.uri, p.diagnostics.length]),
    [
      ['file:///p/b.yaml', 1],
      ['file:///p/a.yaml', 0],
    ],
    'a cleared file that comes back is sent again',
  );
});

test('a file in two projects gets the union of both, each diagnostic once, whichever validates last', () => {
  // An included file open in the editor: a project of its own, and part of the project that includes it.
  const { sent, publisher } = fakes();
  const own = d('NET010 undefined network', 3);
  const crossFile = d('NET109 port 8080 is already allocated by service "web" in compose.yaml', 5);
  publisher.publish(
    'base',
    new Map([
      ['/p/infra.yaml', [own, crossFile]],
      ['/p/compose.yaml', []],
    ]),
  );
  publisher.publish('infra', new Map([['/p/infra.yaml', [own]]]));
  const last = () => sent.filter((p) => p.uri === 'file:///p/infra.yaml').at(-1)?.diagnostics;
  assert.deepEqual(
    last(),
    [own, crossFile],
    'the included file keeps the finding only the base project sees',
  );
  assert.equal(
    sent.filter((p) => p.uri === 'file:///p/infra.yaml').length,
    1,
    'the union did not change: not sent again',
  );

  publisher.publish(
    'base',
    new Map([
      ['/p/infra.yaml', [own]],
      ['/p/compose.yaml', []],
    ]),
  );
  assert.deepEqual(last(), [own], 'the cross-file finding fixed in the base project goes');

  publisher.publish(
    'base',
    new Map([
      ['/p/infra.yaml', [own, crossFile]],
      ['/p/compose.yaml', []],
    ]),
  );
  sent.length = 0;
  publisher.forget('infra');
  assert.equal(sent.length, 0, 'the other project still reports the same: nothing to send');
  publisher.forget('base');
  assert.deepEqual(
    sent.map((p) => [p.uri, p.diagnostics.length]),
    [
      ['file:///p/infra.yaml', 0],
      ['file:///p/compose.yaml', 0],
    ],
    'the last project gone clears its files',
  );
});

test('closing one of two projects keeps what the other reports on a shared file', () => {
  const { sent, publisher } = fakes();
  publisher.publish('infra', new Map([['/p/infra.yaml', [d('only in its own project')]]]));
  publisher.publish('base', new Map([['/p/infra.yaml', [d('only through the include')]]]));
  sent.length = 0;
  publisher.forget('infra');
  assert.deepEqual(sent, [{ uri: 'file:///p/infra.yaml', diagnostics: [d('only through the include')] }]);
});
