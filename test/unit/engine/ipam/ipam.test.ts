import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCidr, formatIp, mustCidr, parseCidr, parseIp } from '../../../../engine/src/ipam/addr';
import { allocateAddress, pickSubnet } from '../../../../engine/src/ipam/allocate';
import { DEFAULT_POOLS } from '../../../../engine/src/ipam/pools';

test("Docker's 31 default pools, in libnetwork's order", () => {
  assert.equal(DEFAULT_POOLS.length, 31);
  assert.deepEqual(DEFAULT_POOLS.slice(0, 4).map(formatCidr), [
    '172.17.0.0/16',
    '172.18.0.0/16',
    '172.19.0.0/16',
    '172.20.0.0/16',
  ]);
  assert.equal(formatCidr(DEFAULT_POOLS[14] as never), '172.31.0.0/16');
  assert.deepEqual(DEFAULT_POOLS.slice(15, 17).map(formatCidr), ['192.168.0.0/20', '192.168.16.0/20']);
});

test('pickSubnet skips networks, host routes and nameservers in use', () => {
  const inUse = [mustCidr('172.17.0.0/16'), mustCidr('172.18.5.0/24'), mustCidr('172.19.0.53/32')];
  assert.equal(formatCidr(pickSubnet(inUse) as never), '172.20.0.0/16');
  assert.equal(pickSubnet(DEFAULT_POOLS), undefined);
});

test('allocation: first free in the ip-range, skipping gateway, aux and used addresses', () => {
  const plan = { subnet: '10.1.0.0/24', gateway: '10.1.0.1', auxAddresses: { r: '10.1.0.2' } };
  assert.deepEqual(allocateAddress(plan, new Set(['10.1.0.3'])), { ok: true, ip: '10.1.0.4' });
  assert.deepEqual(allocateAddress({ ...plan, ipRange: '10.1.0.128/25' }, new Set()), {
    ok: true,
    ip: '10.1.0.128',
  });
  assert.deepEqual(allocateAddress(plan, new Set(), '10.1.0.1'), {
    ok: false,
    error: 'Address already in use',
  });
  assert.match((allocateAddress(plan, new Set(), '10.2.0.9') as { error: string }).error, /does not belong/);
  const tiny = { subnet: '10.9.0.0/30', gateway: '10.9.0.1', auxAddresses: {} };
  assert.deepEqual(allocateAddress(tiny, new Set(['10.9.0.2'])), {
    ok: false,
    error: 'no available addresses on this pool',
  });
});

test('property: sequential allocations never repeat and stay inside the subnet', () => {
  fc.assert(
    fc.property(fc.integer({ min: 24, max: 29 }), fc.integer({ min: 0, max: 255 }), (bits, third) => {
      const subnet = `10.${third}.0.0/${bits}`.replace(/\/(\d+)$/, (_, b) => `/${b}`);
      const c = parseCidr(subnet)?.cidr as never;
      const plan = {
        subnet: formatCidr(c),
        gateway: formatIp({ family: 4, value: (c as { base: bigint }).base + 1n }),
        auxAddresses: {},
      };
      const used = new Set<string>();
      for (;;) {
        const r = allocateAddress(plan, used);
        if (!r.ok) break;
        assert.ok(!used.has(r.ip));
        used.add(r.ip);
      }
      assert.equal(used.size, 2 ** (32 - bits) - 3);
    }),
  );
});

test('IPv6 parse/format round trip with zero compression', () => {
  for (const s of ['fd00::1', '2001:db8::', '::', '2001:db8:0:1:0:0:0:1', 'fe80::1:2']) {
    const ip = parseIp(s);
    assert.ok(ip);
    assert.equal(parseIp(formatIp(ip))?.value, ip.value);
  }
  assert.equal(formatIp(parseIp('2001:db8:0:0:1:0:0:1') as never), '2001:db8::1:0:0:1');
});
