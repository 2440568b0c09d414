import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { Settler } from '../../../../server/src/lsp/settle';

/**
 * The server's own JSON-RPC layer (vscode-languageserver over in-memory streams) with one notification
 * handler that schedules a validation, as `documents.onDidChangeContent` does: what matters is how the
 * Settler's turns interleave with the layer's one-message-per-turn queue.
 */
function harness(): {
  send: (count: number) => void;
  runs: number[];
  ran: () => Promise<void>;
  settler: Settler;
  close: () => void;
} {
  const input = new PassThrough();
  const output = new PassThrough();
  const connection = createConnection(input, output);
  let handled = 0;
  const runs: number[] = [];
  let wake: (() => void) | undefined;
  const settler = new Settler(() => {
    runs.push(handled);
    wake?.();
  });
  connection.onNotification('test/edit', () => {
    handled++;
    settler.schedule('project');
  });
  connection.listen();
  const frame = (n: number): string => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'test/edit', params: { n } });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  let next = 0;
  return {
    // All frames in one chunk: the messages are queued together, as when edits arrive during a validation.
    send: (count) => {
      let chunk = '';
      for (let i = 0; i < count; i++) chunk += frame(next++);
      input.write(chunk);
    },
    runs,
    ran: () => new Promise<void>((resolve) => (wake = resolve)),
    settler,
    // Not ending the streams: the node connection ends the process when its input ends.
    close: () => connection.dispose(),
  };
}

/** Lets the event loop go round `n` times. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

test('edits queued together cost one validation, run after the last of them was handled', async () => {
  const h = harness();
  try {
    const ran = h.ran();
    h.send(5);
    await ran;
    await turns(10);
    assert.deepEqual(h.runs, [5]);
  } finally {
    h.close();
  }
});

test('each isolated edit is validated, without waiting for a later one', async () => {
  const h = harness();
  try {
    for (let i = 1; i <= 3; i++) {
      const ran = h.ran();
      h.send(1);
      await ran;
    }
    assert.deepEqual(h.runs, [1, 2, 3]);
  } finally {
    h.close();
  }
});

test('a cancelled validation does not run', async () => {
  const runs: string[] = [];
  const settler = new Settler((key) => runs.push(key));
  settler.schedule('gone');
  settler.schedule('kept');
  settler.cancel('gone');
  await turns(5);
  assert.deepEqual(runs, ['kept']);
});

test('edits that never pause are still validated (after maxWaitMs)', async () => {
  const runs: string[] = [];
  const settler = new Settler((key) => runs.push(key), 0);
  // An edit on every turn: with a wait of 0 ms the second turn validates although another edit came.
  for (let i = 0; i < 6; i++) {
    settler.schedule('busy');
    await turns(1);
  }
  assert.ok(runs.length >= 2, `validated ${runs.length} times during 6 turns of edits`);
});
