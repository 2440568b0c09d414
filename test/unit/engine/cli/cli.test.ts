import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkCreateParams } from '../../../../engine/src/cli/network-create';
import { parsePing } from '../../../../engine/src/diag/ping';
import { Naming } from '../../../../engine/src/model/names';
import { parseFlags } from '../../../../core/src/flags';

const spec = {
  values: ['--driver', '--subnet', '--gateway', '--ip-range', '--aux-address', '--label', '--opt'],
  bools: ['--internal', '--ipv6'],
  alias: { '-d': '--driver', '-o': '--opt' },
};

test('network create flags pair with the subnet that contains them, as the Docker CLI does', () => {
  const p = parseFlags(
    [
      '-d',
      'bridge',
      '--subnet',
      '10.1.0.0/24',
      '--subnet=fd00:1::/64',
      '--gateway',
      'fd00:1::1',
      '--gateway',
      '10.1.0.254',
      '--ip-range',
      '10.1.0.128/25',
      '--aux-address',
      'a=10.1.0.5',
      '-o',
      'com.docker.network.driver.mtu=1400',
      '--internal',
      'n',
    ],
    spec,
  );
  const params = networkCreateParams('n', p);
  assert.deepEqual(params.ipam, [
    {
      subnet: '10.1.0.0/24',
      gateway: '10.1.0.254',
      ipRange: '10.1.0.128/25',
      auxAddresses: { a: '10.1.0.5' },
    },
    { subnet: 'fd00:1::/64', gateway: 'fd00:1::1', auxAddresses: {} },
  ]);
  assert.equal(params.internal, true);
  assert.deepEqual(params.options, { 'com.docker.network.driver.mtu': '1400' });
  assert.throws(
    () => networkCreateParams('n', parseFlags(['--subnet', '10.1.0.0/24', '--gateway', '10.2.0.1'], spec)),
    /no matching subnet for gateway 10\.2\.0\.1/,
  );
  assert.throws(() => parseFlags(['--bogus'], spec), /unknown flag: --bogus/);
});

test('ping output parses into replies and a summary', () => {
  const out = `PING 10.0.0.3 (10.0.0.3) 56(84) bytes of data.
64 bytes from 10.0.0.3: icmp_seq=1 ttl=64 time=0.058 ms
64 bytes from 10.0.0.3: icmp_seq=2 ttl=64 time=0.071 ms

--- 10.0.0.3 ping statistics ---
3 packets transmitted, 2 received, 33.3333% packet loss, time 2002ms
rtt min/avg/max/mdev = 0.058/0.064/0.071/0.006 ms`;
  const r = parsePing(out);
  assert.deepEqual(
    [r.transmitted, r.received, r.lossPercent, r.rttMinMs, r.rttMaxMs],
    [3, 2, 33.3, 0.058, 0.071],
  );
  assert.deepEqual(r.replies[1], { from: '10.0.0.3', seq: 2, ttl: 64, ms: 0.071 });
});

test('kernel names carry the prefix and fit in 15 bytes', () => {
  const n = new Naming('abcdef');
  const id = 'f'.repeat(64);
  assert.equal(n.bridge(id), 'abcdef-bfffffff');
  assert.ok(n.bridge(id).length <= 15 && n.hostVeth(id).length <= 15);
  assert.ok(
    n.isOurLink('abcdef-v0123456') &&
      !n.isOurLink('abcdefx-v0123456') &&
      !new Naming('abc').isOurLink('abcdef-v0123456'),
  );
  assert.throws(() => new Naming('Bad-Prefix'), /invalid prefix/);
});
