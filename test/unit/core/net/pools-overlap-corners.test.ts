// Corners of the address pools (global pool, sizes a pool cannot be split into, the limit) and of NET036
// (touching ends, family, IPv6 off, the warning text, no free subnet left).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_GLOBAL_POOLS,
  freeSubnet,
  overlaps,
  poolSubnets,
  tryFreeSubnet,
} from '../../../../core/src/net';
import type { OverlapNetworkInput } from '../../../../core/src/net';

test("the global (overlay) pool is Docker's 10.0.0.0/8 in /24s", () => {
  assert.equal(tryFreeSubnet([], undefined, DEFAULT_GLOBAL_POOLS), '10.0.0.0/24');
  assert.equal(tryFreeSubnet(['10.0.0.0/24', '10.0.1.0/25'], undefined, DEFAULT_GLOBAL_POOLS), '10.0.2.0/24');
  assert.equal(poolSubnets(DEFAULT_GLOBAL_POOLS).length, 4096, '65536 /24s, cut at the default limit');
});

test('exhausted pools throw the engine text itself', () => {
  assert.throws(() => freeSubnet(['0.0.0.0/0']), {
    message: 'all predefined address pools have been fully subnetted',
  });
});

test('a size outside the pool (shorter than its base, longer than the family) yields nothing', () => {
  const tiny = [{ base: '10.0.0.0/30', size: 30 }];
  assert.equal(tryFreeSubnet([], 32, tiny), '10.0.0.0/32', 'a /32 is still an IPv4 subnet');
  assert.equal(tryFreeSubnet(['10.0.0.0/32'], 32, tiny), '10.0.0.1/32');
  assert.equal(tryFreeSubnet([], 33, tiny), undefined);
  assert.equal(tryFreeSubnet([], 29, tiny), undefined);
  assert.deepEqual(poolSubnets([{ base: '10.0.0.0/30', size: 32 }]), [
    '10.0.0.0/32',
    '10.0.0.1/32',
    '10.0.0.2/32',
    '10.0.0.3/32',
  ]);
  assert.deepEqual(poolSubnets([{ base: '10.0.0.0/30', size: 33 }]), []);
  assert.deepEqual(poolSubnets([{ base: '10.0.0.0/8', size: 4 }]), []);
  assert.deepEqual(poolSubnets(undefined, 3), ['172.17.0.0/16', '172.18.0.0/16', '172.19.0.0/16']);
});

const net = (
  name: string,
  subnet: string,
  extra: Partial<OverlapNetworkInput<string>> = {},
  ipRange?: string,
): OverlapNetworkInput<string> => ({
  name,
  configs: [
    {
      subnet: { value: subnet, at: name },
      ...(ipRange ? { ipRange: { value: ipRange, at: `${name}:range` } } : {}),
    },
  ],
  ...extra,
});
const codes = (fs: ReturnType<typeof overlaps<string>>) => fs.map((f) => `${f.code} ${f.at}`);

test('NET036: subnets that share only their last or first address overlap', () => {
  assert.deepEqual(codes(overlaps([net('a', '10.0.0.0/24'), net('b', '10.0.0.255/32')])), ['NET036 b']);
  assert.deepEqual(codes(overlaps([net('a', '10.0.0.255/32'), net('b', '10.0.0.0/24')])), ['NET036 b']);
  assert.deepEqual(codes(overlaps([net('a', '10.0.0.0/32'), net('b', '10.0.0.0/24')])), ['NET036 b']);
  assert.deepEqual(codes(overlaps([net('a', '10.0.0.0/24'), net('b', '10.0.1.0/24')])), []);
});

test('NET036: the same numbers in the other family do not overlap; enable_ipv6: false drops only IPv6', () => {
  assert.deepEqual(overlaps([net('a', '10.0.0.0/8'), net('b', '::a00:0/104', { enableIpv6: true })]), []);
  assert.deepEqual(
    codes(
      overlaps([
        net('a', '10.1.0.0/16', { enableIpv6: false }),
        net('b', '10.1.0.0/16', { enableIpv6: false }),
      ]),
    ),
    ['NET036 b'],
  );
  assert.deepEqual(
    overlaps([net('a', 'fd00::/64', { enableIpv6: false }), net('b', 'fd00::/64', { enableIpv6: false })]),
    [],
  );
});

test('NET036 texts: the ip_range warning, and the advice when no free subnet is left', () => {
  const [warn] = overlaps([net('a', '10.1.0.0/16'), net('b', '10.1.0.0/16', {}, '10.1.1.0/24')]);
  assert.equal(
    warn?.message,
    'subnet 10.1.0.0/16 of network "b" overlaps 10.1.0.0/16 of network "a"; Docker accepts this only because of ip_range, and only if the networks are created in a favourable order; use a free subnet such as 10.128.0.0/16',
  );
  const [full] = overlaps([net('a', '10.1.0.0/16'), net('b', '10.1.0.0/16')], { alsoUsed: ['0.0.0.0/0'] });
  assert.equal(
    full?.message,
    'Pool overlaps with other one on this address space: subnet 10.1.0.0/16 of network "b" overlaps 10.1.0.0/16 of network "a"; use a subnet that overlaps no other network',
  );
  assert.equal(full?.fix, undefined);
});
