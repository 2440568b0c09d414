// The RPC server's caps, on a Unix socket in a temp dir (no network): message size, connections at once,
// and a slow reader of `logs --follow` / `events` (bounded, told what it lost).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from '../../../../engine/src/daemon/server';
import { Events } from '../../../../engine/src/log/events';
import { Logger } from '../../../../engine/src/log/logger';
import type { EngineContext } from '../../../../engine/src/ops/context';

const dir = mkdtempSync(join(tmpdir(), 'sy-rpc-'));
const path = join(dir, 'engine.sock');
const log = new Logger('info', undefined, false);
const events = new Events();
const limits = { maxMessageBytes: 64 * 1024, maxConnections: 4, maxPendingNotifications: 50 };
let server: Server;
const sockets: Socket[] = [];

before(async () => {
  server = await listen({ log, events } as unknown as EngineContext, path, limits);
});
after(() => {
  for (const s of sockets) s.destroy();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const frame = (msg: unknown) => {
  const body = JSON.stringify(msg);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

function open(): Promise<{ sock: Socket; text: () => string; closed: Promise<void> }> {
  return new Promise((ok, fail) => {
    const sock = connect(path);
    sockets.push(sock);
    let text = '';
    sock.on('data', (b) => (text += b.toString()));
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.once('connect', () => ok({ sock, text: () => text, closed }));
    sock.once('error', fail);
  });
}

const until = async (what: string, ok: () => boolean) => {
  for (const end = Date.now() + 10_000; !ok(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
};

test('a request announced over the size limit is refused before its body is read, and the connection closed', async () => {
  const c = await open();
  c.sock.write('Content-Length: 1073741824\r\n\r\n{"jsonrpc":"2.0","id":1,');
  await c.closed;
  assert.match(c.text(), /a message of 1073741824 bytes is over the engine's limit of 65536 bytes/);
  // Under the limit, the same connection kind works.
  const d = await open();
  d.sock.write(frame({ jsonrpc: '2.0', id: 1, method: 'version', params: {} }));
  await until('an answer', () => d.text().includes('"id":1'));
  d.sock.destroy();
});

test('one connection more than the limit is answered with an error and closed', async () => {
  const held = await Promise.all(Array.from({ length: limits.maxConnections }, () => open()));
  const extra = await open();
  await extra.closed;
  assert.match(extra.text(), /serves at most 4 connections at once/);
  for (const h of held) h.sock.destroy();
  await Promise.all(held.map((h) => h.closed));
  const again = await open();
  again.sock.write(frame({ jsonrpc: '2.0', id: 2, method: 'version', params: {} }));
  await until('room again', () => again.text().includes('"id":2'));
  again.sock.destroy();
});

test('logs --follow: a reader that does not read loses lines (and is told), the daemon holds a bounded amount', async () => {
  const c = await open();
  c.sock.write(
    frame({ jsonrpc: '2.0', id: 3, method: 'logs', params: { follow: true, tail: 0, stream: 's1' } }),
  );
  await new Promise((r) => setTimeout(r, 100));
  c.sock.pause();
  const filler = 'x'.repeat(2000);
  for (let i = 0; i < 20_000; i++) log.info('burst', { i, filler });
  c.sock.resume();
  // The notice goes out with the next line that finds room.
  await until('the dropped notice', () => {
    log.info('after');
    return /log lines were dropped/.test(c.text());
  });
  const got = (c.text().match(/"msg":"burst"/g) ?? []).length;
  assert.ok(got < 20_000, `the slow reader got ${got} of 20000 lines; the rest were dropped`);
  c.sock.destroy();
});

test('events: a reader that falls behind gets an error instead of a silent gap', async () => {
  const c = await open();
  c.sock.write(frame({ jsonrpc: '2.0', id: 4, method: 'events', params: { stream: 's2' } }));
  await new Promise((r) => setTimeout(r, 100));
  c.sock.pause();
  for (let i = 0; i < 20_000; i++)
    events.emit({ type: 'network', action: 'create', id: `${i}`.padEnd(64, '0'), name: `n${i}` });
  c.sock.resume();
  await until('the error', () => /reader fell behind/.test(c.text()));
  c.sock.destroy();
});
