import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EngineClient } from '@switchyard/hostio';
import { NamespaceHost, skipReason, tcpFetch, tcpServer, waitFor } from './harness';

const skip = skipReason(['tcpdump']);

describe('engine: troubleshooting, logs and events', { skip }, () => {
  let h: NamespaceHost;
  let bIp: string;
  before(async () => {
    h = await NamespaceHost.start();
    await h.c.call('network.create', { name: 'dn', enableIPv6: true });
    await h.c.call('sandbox.create', { name: 'a', networks: ['dn'] });
    const b = await h.c.call('sandbox.create', { name: 'b', networks: ['dn'] });
    bIp = b.endpoints[0]?.ipv4 as string;
  });
  after(async () => h?.close());

  test('ping streams each reply, then a summary', async () => {
    const lines: string[] = [];
    const r = await h.c.stream(
      'diag.ping',
      { from: { sandbox: 'a' }, host: bIp, count: 3, intervalMs: 200 },
      (l) => lines.push(String(l)),
    );
    assert.equal(r.received, 3);
    assert.deepEqual(
      r.replies.map((x) => x.seq),
      [1, 2, 3],
    );
    assert.ok(r.rttAvgMs !== undefined && r.rttAvgMs > 0);
    assert.equal(lines.filter((l) => l.includes('bytes from')).length, 3);
  });

  test('IPv6 when enabled: a ULA subnet, addresses on both ends, ping6 works', async () => {
    const b = await h.c.call('sandbox.inspect', { sandbox: 'b' });
    const v6 = b.endpoints[0]?.ipv6 as string;
    assert.match(v6, /^fd[0-9a-f]{2}:/);
    const r = await h.c.call('diag.ping', { from: { sandbox: 'a' }, host: v6, count: 2, intervalMs: 200 });
    assert.equal(r.received, 2, r.output);
  });

  test('an IPv6 network publishes its ports on both families', async () => {
    const outside = h.addOutside();
    const s = await h.c.call('sandbox.create', { name: 'pub6', networks: ['dn'], publish: ['8086:80'] });
    await tcpServer(h, s.netns, 80);
    assert.match(tcpFetch(outside, '198.51.100.1', 8086), /^hello /);
    assert.match(tcpFetch(outside, '2001:db8:5::1', 8086), /^hello 2001:db8:5::2$/);
  });

  test('tcp probe reports refused vs connected with timing', async () => {
    const refused = await h.c.call('diag.tcp', { from: { sandbox: 'a' }, host: bIp, port: 5555 });
    assert.deepEqual([refused.connected, refused.error], [false, 'ECONNREFUSED']);
    const none = await h.c.call('diag.tcp', {
      from: { sandbox: 'a' },
      host: '203.0.113.9',
      port: 80,
      timeoutMs: 300,
    });
    assert.equal(none.connected, false);
  });

  test('service probe: N requests, each answer read back; refusals counted, not thrown', async () => {
    const b = await h.c.call('sandbox.inspect', { sandbox: 'b' });
    await tcpServer(h, b.netns, 7001);
    const a = await h.c.call('sandbox.inspect', { sandbox: 'a' });
    const aIp = (a.endpoints[0]?.ipv4 as string).split('/')[0];
    const r = await h.c.call('service.probe', { from: { sandbox: 'a' }, host: bIp, port: 7001, count: 5 });
    assert.equal(r.answers.length, 5);
    assert.deepEqual(
      r.answers.map((x) => [x.ok, x.reply]),
      Array.from({ length: 5 }, () => [true, `hello ::ffff:${aIp}`]),
    );
    const refused = await h.c.call('service.probe', {
      from: { sandbox: 'a' },
      host: bIp,
      port: 7002,
      count: 3,
      payload: 'GET / HTTP/1.0\r\n\r\n',
    });
    assert.deepEqual(
      refused.answers.map((x) => [x.ok, x.error]),
      Array.from({ length: 3 }, () => [false, 'ECONNREFUSED']),
    );
  });

  test('capture writes a pcap with the packets of a ping', async () => {
    const capture = h.c.call('diag.capture', {
      from: { sandbox: 'b' },
      iface: 'eth0',
      maxPackets: 4,
      maxSeconds: 20,
      filter: ['icmp'],
      inlineMaxBytes: 100_000,
    });
    // tcpdump needs a moment to attach; ping until the capture has what it needs.
    let settled = false;
    capture.then(
      () => (settled = true),
      () => (settled = true),
    );
    await waitFor(
      'capture to finish',
      async () => {
        if (settled) return true;
        await h.c.call('diag.ping', { from: { sandbox: 'a' }, host: bIp, count: 1, timeoutMs: 1000 });
        return settled;
      },
      20_000,
    );
    const r = await capture;
    assert.equal(r.packets, 4);
    const pcap = readFileSync(r.file);
    assert.equal(pcap.readUInt32LE(0), 0xa1b2c3d4, 'pcap magic');
    assert.equal(Buffer.from(r.base64 as string, 'base64').length, r.bytes);
  });

  test('events stream network and endpoint changes; logs are structured JSON lines', async () => {
    const watcher = await EngineClient.open(h.socket);
    const events: { type: string; action: string; name: string }[] = [];
    void watcher.stream('events', {}, (e) => events.push(e as never)).catch(() => undefined);
    await waitFor('subscription', async () => {
      await h.c.call('network.create', { name: `ev${events.length}` }).catch(() => undefined);
      return events.length > 0;
    });
    await h.c.call('sandbox.create', { name: 'ev-sb', networks: ['dn'] });
    await h.c.call('sandbox.rm', { sandbox: 'ev-sb' });
    await waitFor('events', () => events.some((e) => e.type === 'sandbox' && e.action === 'remove'));
    const kinds = events.map((e) => `${e.type}.${e.action}`);
    for (const k of [
      'network.create',
      'sandbox.create',
      'endpoint.connect',
      'endpoint.disconnect',
      'sandbox.remove',
    ])
      assert.ok(kinds.includes(k), `${k} in ${kinds}`);
    watcher.dispose();
    const logs = await h.c.call('logs', { level: 'info', tail: 500 });
    assert.ok(logs.lines.some((l) => l.msg === 'endpoint joined' && l.network === 'dn'));
    assert.ok(logs.lines.every((l) => l.level !== 'debug'));
    const file = readFileSync(`${h.stateDir}/engine.log`, 'utf8').trim().split('\n');
    for (const line of file.slice(-20)) assert.doesNotThrow(() => JSON.parse(line));
  });
});
