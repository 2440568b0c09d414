// Scoping rules of the embedded DNS, pure: who sees which names, name.network, aliases, round robin,
// PTR, NODATA, internal-only sandboxes and unknown clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScopedResolver, type ResolveResult } from '../../../../engine/src/dns/resolver';
import type { DnsView } from '../../../../engine/src/dns/view';
import { QTYPE } from '../../../../engine/src/dns/constants';
import { readName } from '../../../../engine/src/dns/message';

// front: web (alias lb), api (alias lb), client; back: db, api; intra (internal): vault, lonely.
const view: DnsView = {
  networks: [
    {
      name: 'front',
      endpoints: [
        { sandbox: 's-web', name: 'web', aliases: ['lb', 'WWW'], ipv4: '10.1.0.2', ipv6: 'fd00:1::2' },
        { sandbox: 's-api', name: 'api', aliases: ['lb'], ipv4: '10.1.0.3' },
        { sandbox: 's-client', name: 'client', ipv4: '10.1.0.4' },
      ],
    },
    {
      name: 'back',
      endpoints: [
        { sandbox: 's-db', name: 'db', ipv4: '10.2.0.2' },
        { sandbox: 's-api', name: 'api', ipv4: '10.2.0.3' },
      ],
    },
    {
      name: 'intra',
      internal: true,
      endpoints: [
        { sandbox: 's-vault', name: 'vault', ipv4: '10.3.0.2', ipv6: 'FD00:3:0::2' },
        { sandbox: 's-db', name: 'db', ipv4: '10.3.0.3' },
      ],
    },
  ],
};

const ips = (r: ResolveResult): string[] =>
  r.kind === 'answer'
    ? r.records.map((x) => (x.rdata.length === 4 ? [...x.rdata].join('.') : 'v6')).sort()
    : [r.kind];

test('names resolve within the networks the client shares, with TTL 600', () => {
  const r = createScopedResolver(view);
  const res = r.resolve('10.1.0.4', 'web', QTYPE.A);
  assert.deepEqual(ips(res), ['10.1.0.2']);
  assert.equal(res.kind === 'answer' && res.records[0]?.ttl, 600);
  assert.deepEqual(
    ips(r.resolve('10.1.0.4', 'db', QTYPE.A)),
    ['forward'],
    'db is on back only: not ours for client',
  );
});

test('a name on another network is NXDOMAIN for a sandbox attached only to internal networks', () => {
  const r = createScopedResolver(view);
  assert.deepEqual(ips(r.resolve('10.3.0.2', 'web', QTYPE.A)), ['nxdomain']);
  assert.deepEqual(ips(r.resolve('10.3.0.2', 'example.com', QTYPE.A)), ['nxdomain']);
  assert.deepEqual(ips(r.resolve('10.3.0.2', 'db', QTYPE.A)), ['10.3.0.3']);
});

test('a sandbox on an internal and an external network still forwards', () => {
  const r = createScopedResolver(view);
  assert.deepEqual(ips(r.resolve('10.3.0.3', 'example.com', QTYPE.A)), ['forward']);
  assert.deepEqual(ips(r.resolve('10.2.0.2', 'vault', QTYPE.A)), ['10.3.0.2'], 'db sees vault via intra');
});

test('name.network and alias.network resolve; a network the client is not on does not', () => {
  const r = createScopedResolver(view);
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'web.front', QTYPE.A)), ['10.1.0.2']);
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'lb.front', QTYPE.A)), ['10.1.0.2', '10.1.0.3']);
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'db.back', QTYPE.A)), ['forward']);
  assert.deepEqual(ips(r.resolve('10.2.0.2', 'api.back', QTYPE.A)), ['10.2.0.3']);
});

test('a multi-homed sandbox is one client: both its addresses see both networks, first network first', () => {
  const r = createScopedResolver(view);
  for (const ip of ['10.1.0.3', '10.2.0.3']) {
    assert.deepEqual(ips(r.resolve(ip, 'db', QTYPE.A)), ['10.2.0.2'], ip);
    assert.deepEqual(ips(r.resolve(ip, 'web', QTYPE.A)), ['10.1.0.2'], ip);
    assert.deepEqual(ips(r.resolve(ip, 'api', QTYPE.A)), ['10.1.0.3'], `${ip}: front is listed first`);
    assert.deepEqual(ips(r.resolve(ip, 'api.back', QTYPE.A)), ['10.2.0.3'], ip);
  }
});

test('aliases are case-insensitive and shared aliases return every address, shuffled', () => {
  const r = createScopedResolver(view);
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'www', QTYPE.A)), ['10.1.0.2']);
  const orders = new Set<string>();
  for (let i = 0; i < 64; i++) {
    const res = r.resolve('10.1.0.4', 'lb', QTYPE.A);
    assert.ok(res.kind === 'answer');
    orders.add(res.records.map((x) => x.rdata.join('.')).join(','));
  }
  assert.equal(orders.size, 2, 'both orders of two addresses show up (round robin)');
});

test('AAAA answers, NODATA for a known name without that type, NODATA for MX', () => {
  const r = createScopedResolver(view);
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'web', QTYPE.AAAA)), ['v6']);
  assert.deepEqual(
    ips(r.resolve('10.1.0.4', 'api', QTYPE.AAAA)),
    [],
    'known name, no AAAA: NOERROR, no records',
  );
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'web', QTYPE.MX)), []);
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'web', QTYPE.ANY)).length, 2);
});

test('PTR answers name.network for addresses in scope, forwards others', () => {
  const r = createScopedResolver(view);
  const res = r.resolve('10.1.0.4', '2.0.1.10.in-addr.arpa', QTYPE.PTR);
  assert.ok(res.kind === 'answer');
  assert.equal(readName(Buffer.from(res.records[0]?.rdata ?? []), { pos: 0 }), 'web.front.');
  assert.deepEqual(ips(r.resolve('10.1.0.4', '2.0.2.10.in-addr.arpa', QTYPE.PTR)), ['forward']);
  const v6 = `2.0.0.0.${'0.'.repeat(20)}3.0.0.0.0.0.d.f.ip6.arpa`;
  assert.equal(r.resolve('10.3.0.2', v6, QTYPE.PTR).kind, 'answer', 'IPv6 PTR from non-canonical view text');
});

test('clients are matched by canonical address; unknown clients are refused', () => {
  const r = createScopedResolver(view);
  assert.deepEqual(ips(r.resolve('fd00:3::2', 'db', QTYPE.A)), ['10.3.0.3']);
  assert.deepEqual(ips(r.resolve('192.0.2.1', 'web', QTYPE.A)), ['refused']);
});

test('networks without service discovery resolve nothing but give external access', () => {
  const r = createScopedResolver({
    networks: [
      {
        name: 'bridge',
        serviceDiscovery: false,
        endpoints: [{ sandbox: 'x', name: 'x', ipv4: '172.17.0.2' }],
      },
      {
        name: 'iso',
        internal: true,
        endpoints: [
          { sandbox: 'x', name: 'x', ipv4: '10.9.0.2' },
          { sandbox: 'y', name: 'y', ipv4: '10.9.0.3' },
        ],
      },
    ],
  });
  assert.deepEqual(ips(r.resolve('10.9.0.3', 'x', QTYPE.A)), ['10.9.0.2'], 'x on bridge is not resolvable');
  assert.deepEqual(ips(r.resolve('10.9.0.2', 'example.com', QTYPE.A)), ['forward']);
  assert.deepEqual(ips(r.resolve('10.9.0.3', 'example.com', QTYPE.A)), ['nxdomain']);
});

test('update replaces the view: a sandbox that left is gone at once', () => {
  const r = createScopedResolver(view);
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'api', QTYPE.A)), ['10.1.0.3']);
  r.update({
    networks: [
      { name: 'front', endpoints: (view.networks[0]?.endpoints ?? []).filter((e) => e.name !== 'api') },
    ],
  });
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'api', QTYPE.A)), ['forward']);
  assert.deepEqual(ips(r.resolve('10.1.0.4', 'lb', QTYPE.A)), ['10.1.0.2']);
});

test('a name that cannot be a DNS name (64-byte label) gets no PTR but still resolves', () => {
  const long = 'n'.repeat(64);
  const r = createScopedResolver({
    networks: [{ name: 'net', endpoints: [{ sandbox: 'a', name: long, ipv4: '10.5.0.2' }] }],
  });
  assert.deepEqual(ips(r.resolve('10.5.0.2', long, QTYPE.A)), ['10.5.0.2']);
  assert.deepEqual(ips(r.resolve('10.5.0.2', '2.0.5.10.in-addr.arpa', QTYPE.PTR)), ['forward']);
});
