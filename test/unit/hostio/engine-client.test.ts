// The one engine RPC client against a JSON-RPC peer of the test's own over an in-memory duplex: what it checks
// before a request leaves, after a result arrives, and when the engine speaks another API version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Duplex, PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { API_VERSION, STREAM_NOTIFICATION } from '@switchyard/protocol';
import { EngineClient, EngineVersionMismatch } from '@switchyard/hostio';
import { waitFor } from '../../support/wait';

/** Two ends of an in-memory connection: the client's stream and a JSON-RPC peer playing the engine. */
function fakeEngine(apiVersion = API_VERSION): {
  stream: Duplex;
  peer: MessageConnection;
  seen: string[];
  streamIds: string[];
} {
  const toEngine = new PassThrough();
  const toClient = new PassThrough();
  const stream = Duplex.from({ readable: toClient, writable: toEngine });
  const peer = createMessageConnection(new StreamMessageReader(toEngine), new StreamMessageWriter(toClient));
  const seen: string[] = [];
  const streamIds: string[] = [];
  peer.onRequest((method, params) => {
    seen.push(method);
    if (method === 'version')
      return { apiVersion, engineVersion: '9.9.9', node: 'v20', prefix: 'sy', pid: 42 };
    if (method === 'network.ls') return [{ not: 'a network' }];
    if (method === 'events') {
      const { stream: id } = params as { stream: string };
      streamIds.push(id);
      void peer.sendNotification(STREAM_NOTIFICATION, { stream: id, data: { type: 'network' } });
      return new Promise(() => undefined); // follows until the connection goes
    }
    return {};
  });
  peer.listen();
  return { stream, peer, seen, streamIds };
}

test('another API version is refused with EngineVersionMismatch naming both', async () => {
  const { stream, peer } = fakeEngine('0.0-old');
  await assert.rejects(EngineClient.connect(stream), (e: unknown) => {
    assert.ok(e instanceof EngineVersionMismatch);
    assert.match(
      e.message,
      /speaks API 0\.0-old \(engine 9\.9\.9\), this client needs .*; redeploy the engine/,
    );
    return true;
  });
  peer.dispose();
});

test('params are checked before they leave; a result of the wrong shape is refused by name', async () => {
  const { stream, peer, seen } = fakeEngine();
  const { client, version } = await EngineClient.connect(stream);
  assert.equal(version.pid, 42);
  await assert.rejects(
    client.call('network.create', { name: 42 } as never),
    /^Error: invalid network\.create params: name /,
  );
  assert.deepEqual(seen, ['version'], 'nothing was sent for the bad params');
  await assert.rejects(client.call('network.ls', {}), /invalid network\.ls result from the engine: 0\./);
  client.dispose();
  peer.dispose();
});

test('a stream gets a random UUID id and its items; a closed connection fails the call in flight', async () => {
  const { stream, peer, streamIds } = fakeEngine();
  const { client } = await EngineClient.connect(stream);
  const items: unknown[] = [];
  const following = client.stream('events', {}, (d) => items.push(d));
  await waitFor(() => items.length > 0, 5000, { what: 'the streamed event' });
  assert.match(streamIds[0] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(items, [{ type: 'network' }]);
  stream.destroy();
  await assert.rejects(following);
  peer.dispose();
});

test('lazy: nothing is opened before the first call; bad params fail first, then the missing socket', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-lazy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'engine.sock');
  const client = EngineClient.lazy(path);
  await assert.rejects(client.call('network.inspect', {} as never), /invalid network\.inspect params/);
  await assert.rejects(
    client.call('network.ls', {}),
    new RegExp(`cannot connect to the engine at ${path}: ENOENT; is \`switchyard-engine daemon\` running\\?`),
  );
  // A daemon that appears later is not retried by the same client: one client, one connection attempt.
  const seen: string[] = [];
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    const peer = createMessageConnection(new StreamMessageReader(socket), new StreamMessageWriter(socket));
    peer.onRequest((method) => {
      seen.push(method);
      return method === 'version'
        ? { apiVersion: API_VERSION, engineVersion: '9.9.9', node: 'v20', prefix: 'sy', pid: 7 }
        : [];
    });
    peer.listen();
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const fresh = EngineClient.lazy(path);
  assert.deepEqual(seen, [], 'lazy opens nothing');
  assert.deepEqual(await fresh.call('network.ls', {}), []);
  assert.deepEqual(seen, ['version', 'network.ls'], 'the first call checks the API version first');
  fresh.dispose();
});
