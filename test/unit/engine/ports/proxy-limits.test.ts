// The published-port proxy's caps, on loopback only (127.0.0.1, ephemeral ports): a "sandbox" server
// and the proxy both run in this process.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { AddressInfo, Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { onProxyLimit, relayUdp, tcpProxyServer } from '../../../../engine/src/ports/proxy';

const warnings: string[] = [];
onProxyLimit((msg, f) => warnings.push(`${msg} ${JSON.stringify(f)}`));
const servers: { close(): unknown }[] = [];
after(() => servers.forEach((s) => s.close()));

const listen = (s: Server) =>
  new Promise<number>((ok) => s.listen(0, '127.0.0.1', () => ok((s.address() as AddressInfo).port)));
const until = async (what: string, ok: () => boolean) => {
  for (const end = Date.now() + 5000; !ok(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
};

/** Connects through the proxy and resolves with the first bytes, or 'CLOSED' when it is closed first. */
function hello(port: number): Promise<{ sock: Socket; said: string }> {
  return new Promise((ok) => {
    const sock = connect(port, '127.0.0.1');
    sock.on('error', () => undefined);
    sock.once('data', (b) => ok({ sock, said: b.toString() }));
    sock.once('close', () => ok({ sock, said: 'CLOSED' }));
  });
}

test('TCP: connections beyond the cap are closed at once and the limit is logged; idle ones are closed', async () => {
  const sandbox = createServer((s) => s.write('hello'));
  servers.push(sandbox);
  const target = await listen(sandbox);
  const { server, open } = tcpProxyServer(() => ({ ipv4: '127.0.0.1' }), target, '127.0.0.1:x/tcp', {
    maxConnections: 3,
    idleMs: 400,
    maxUdpFlows: 2,
    udpIdleMs: 1000,
  });
  servers.push(server);
  const port = await listen(server);
  const first = await Promise.all([hello(port), hello(port), hello(port)]);
  assert.deepEqual(
    first.map((c) => c.said),
    ['hello', 'hello', 'hello'],
  );
  const fourth = await hello(port);
  assert.equal(fourth.said, 'CLOSED', 'the 4th connection is refused');
  await until('the limit warning', () => warnings.some((w) => /connection limit reached.*"limit":3/.test(w)));
  // Nobody sends anything: every proxied connection is closed for idleness.
  await until('idle connections to close', () =>
    first.every((c) => c.sock.destroyed || c.sock.readableEnded),
  );
  await until('the proxy to let go of them', () => open.size === 0);
  assert.equal((await hello(port)).said, 'hello', 'room again once they are gone');
});

test('UDP: flows beyond the cap evict the oldest and the limit is logged', async () => {
  const echo = createSocket('udp4');
  servers.push(echo);
  echo.on('message', (m, r) => echo.send(Buffer.from(`echo ${m}`), r.port, r.address));
  await new Promise<void>((ok) => echo.bind(0, '127.0.0.1', () => ok()));
  const relay = createSocket('udp4');
  servers.push(relay);
  await new Promise<void>((ok) => relay.bind(0, '127.0.0.1', () => ok()));
  const stop = relayUdp(relay, () => ({ ipv4: '127.0.0.1' }), echo.address().port, 'x/udp', {
    maxConnections: 3,
    idleMs: 1000,
    maxUdpFlows: 2,
    udpIdleMs: 60_000,
  });
  servers.push({ close: stop });
  const ask = (msg: string) =>
    new Promise<string>((ok) => {
      const c = createSocket('udp4');
      c.on('message', (b) => {
        c.close();
        ok(b.toString());
      });
      c.send(msg, relay.address().port, '127.0.0.1');
    });
  assert.equal(await ask('a'), 'echo a');
  assert.equal(await ask('b'), 'echo b');
  assert.equal(await ask('c'), 'echo c', 'a new client still gets through');
  await until('the flow limit warning', () =>
    warnings.some((w) => /UDP flow limit reached.*"limit":2/.test(w)),
  );
});
