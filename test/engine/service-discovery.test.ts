import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NamespaceHost, must, skipReason, waitFor } from './harness';

const skip = skipReason(['dig']);

/** dig inside a sandbox against its own resolv.conf (127.0.0.11); returns status and answer lines. */
function dig(netns: string, name: string, type = 'A') {
  const out = must(['ip', 'netns', 'exec', netns, 'dig', '+tries=1', '+time=2', name, type]);
  const status = /status: ([A-Z]+)/.exec(out)?.[1];
  const answers = (/;; ANSWER SECTION:\n([\s\S]*?)\n\n/.exec(out)?.[1] ?? '')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(/\s+/));
  return { status, answers, data: answers.map((a) => a[4]).sort(), ttl: answers[0]?.[1] };
}

describe('engine: embedded DNS wired to the model', { skip }, () => {
  let h: NamespaceHost;
  const ns: Record<string, string> = {};
  before(async () => {
    h = await NamespaceHost.start(['--upstream-dns', '198.51.100.2']);
    const outside = h.addOutside();
    const stub = h.spawnIn(outside, [
      process.execPath,
      '--import',
      'tsx',
      join(process.cwd(), 'test/engine/dns/stub-upstream.ts'),
      '198.51.100.2',
    ]);
    await waitFor(
      'stub upstream',
      () => new Promise<boolean>((r) => stub.stdout?.once('data', () => r(true))),
    );
    await h.c.call('network.create', { name: 'front' });
    await h.c.call('network.create', { name: 'back' });
    await h.c.call('network.create', { name: 'vault', internal: true });
    for (const [name, networks, aliases] of [
      ['web', ['front'], ['www']],
      ['api', ['front', 'back'], []],
      ['db', ['back'], ['www']],
      ['safe', ['vault'], []],
      ['legacy', ['bridge'], []],
    ] as const) {
      const sb = await h.c.call('sandbox.create', { name, networks: [...networks], aliases: [...aliases] });
      ns[name] = sb.netns;
    }
  });
  after(async () => h?.close());

  test('names and aliases resolve within shared networks, with Docker TTL', async () => {
    const api = await h.c.call('sandbox.inspect', { sandbox: 'api' });
    const r = dig(ns.web as string, 'api');
    assert.equal(r.status, 'NOERROR');
    assert.deepEqual(r.data, [api.endpoints.find((e) => e.network === 'front')?.ipv4]);
    assert.equal(r.ttl, '600');
    const web = await h.c.call('sandbox.inspect', { sandbox: 'web' });
    assert.deepEqual(dig(ns.api as string, 'www').data.length >= 1, true);
    assert.deepEqual(dig(ns.api as string, 'web.front').data, [web.endpoints[0]?.ipv4]);
  });

  test('a name on a network the asker does not share is not ours: forwarded, NXDOMAIN upstream', () => {
    assert.equal(dig(ns.web as string, 'db').status, 'NXDOMAIN');
  });

  test('foreign names go to the upstream; internal-only sandboxes get NXDOMAIN', () => {
    assert.deepEqual(dig(ns.web as string, 'example.test').data, ['10.204.0.99']);
    assert.equal(dig(ns.safe as string, 'example.test').status, 'NXDOMAIN');
  });

  test('probes from a sandbox resolve names as the sandbox does', async () => {
    const tcp = await h.c.call('diag.tcp', { from: { sandbox: 'web' }, host: 'api', port: 1 });
    assert.equal(tcp.error, 'ECONNREFUSED');
    const ping = await h.c.call('diag.ping', { from: { sandbox: 'web' }, host: 'www', count: 1 });
    assert.equal(ping.received, 1, ping.output);
  });

  test('a daemon at debug level logs each query for the DNS log viewer (component dns)', async () => {
    const web = await h.c.call('sandbox.inspect', { sandbox: 'web' });
    const client = web.endpoints[0]?.ipv4;
    dig(ns.web as string, 'api');
    const line = await waitFor('the dns query line', async () =>
      (await h.c.call('logs', { tail: 5000 })).lines.find(
        (l) => l.msg === 'dns query' && l['client'] === client && l['name'] === 'api',
      ),
    );
    assert.equal(line.level, 'debug');
    assert.equal(line['component'], 'dns');
    assert.equal(line['type'], 'A');
    assert.equal(line['outcome'], 'answer');
    assert.equal(line['rcode'], 'NOERROR');
    assert.equal(typeof line['ms'], 'number');
  });

  test('the default bridge has no name resolution', () => {
    const resolv = must(['cat', `/etc/netns/${ns.legacy}/resolv.conf`]);
    assert.doesNotMatch(resolv, /127\.0\.0\.11/);
  });

  test('diag.dns answers as the sandbox resolves; connect/disconnect update names at once', async () => {
    const r = await h.c.call('diag.dns', { from: { sandbox: 'web' }, name: 'api' });
    assert.equal(r.status, 'NOERROR');
    assert.equal(r.server, '127.0.0.11');
    await h.c.call('network.connect', { network: 'front', sandbox: 'db', aliases: ['store'] });
    const db = await h.c.call('sandbox.inspect', { sandbox: 'db' });
    assert.deepEqual(dig(ns.web as string, 'store').data, [
      db.endpoints.find((e) => e.network === 'front')?.ipv4,
    ]);
    await h.c.call('network.disconnect', { network: 'front', sandbox: 'db' });
    assert.equal(dig(ns.web as string, 'store').status, 'NXDOMAIN');
  });
});
