import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkCreateParamsSchema } from '@switchyard/protocol';
import { validateIpam } from '@switchyard/core';
import { BatchValueError, ipBatch, ipBatchForce, ipLine, ipWords } from '../../../../engine/src/exec/ip';
import { planSubnets } from '../../../../engine/src/ops/subnets';

// Issue 12: a zone that smuggles a second `ip` command into a batch line.
const HOSTILE = 'fd00::1%x\nlink del dev eth0 #';

test('validateIpam refuses a gateway with an IPv6 zone (Go: a zoned address is in no prefix)', () => {
  const findings = validateIpam(
    {
      name: 'n',
      enableIpv6: true,
      configs: [
        { subnet: { value: 'fd00::/64', at: 0 }, gateway: { value: HOSTILE, at: 1 }, auxAddresses: [] },
      ],
    },
    { texts: 'engine' },
  );
  assert.ok(
    findings.some((f) => f.code === 'NET034' && f.severity === 'error'),
    JSON.stringify(findings),
  );
});

test('the engine refuses the hostile gateway and aux address, and stores addresses canonical', () => {
  const params = (ipam: unknown[]) => NetworkCreateParamsSchema.parse({ name: 'n', enableIPv6: true, ipam });
  assert.throws(
    () => planSubnets(params([{ subnet: 'fd00::/64', gateway: HOSTILE }]), 'a'.repeat(64), [], []),
    /invalid gateway/,
  );
  assert.throws(
    () =>
      planSubnets(
        params([{ subnet: 'fd00::/64', auxAddresses: { r: 'fd00::5%eth0' } }]),
        'a'.repeat(64),
        [],
        [],
      ),
    /invalid auxiliary address/,
  );
  const ok = planSubnets(
    params([{ subnet: 'FD00:0:0::/64', gateway: 'FD00:0::0:1', auxAddresses: { r: 'fd00:0::00ab' } }]),
    'a'.repeat(64),
    [],
    [],
  );
  const v6 = ok.subnets.find((s) => s.subnet.includes(':'));
  assert.deepEqual(
    { subnet: v6?.subnet, gateway: v6?.gateway, aux: v6?.auxAddresses },
    { subnet: 'fd00::/64', gateway: 'fd00::1', aux: { r: 'fd00::ab' } },
  );
});

test('the batch line builder refuses whitespace, #, ;, quotes and newlines in any value', () => {
  assert.throws(() => ipLine`addr add ${HOSTILE}/64 dev br0`, BatchValueError);
  assert.throws(() => ipLine`link del ${'eth0 #'}`, BatchValueError);
  assert.throws(() => ipLine`link del ${'a;b'}`, BatchValueError);
  assert.throws(() => ipLine`link del ${'a"b'}`, BatchValueError);
  assert.throws(() => ipLine`link del ${'a\tb'}`, BatchValueError);
  assert.throws(() => ipLine`link del ${''}`, /may not be empty/);
  assert.throws(() => ipWords('addr', 'add', HOSTILE, 'dev', 'br0'), BatchValueError);
  // A line is an object made by ipLine only; a plain string (or a forged line) never reaches `ip`.
  assert.throws(() => ipBatch([HOSTILE as never]), BatchValueError);
  assert.throws(() => ipBatchForce([{ text: 'link del eth0' } as never]), BatchValueError);
  const good = ipBatch([
    ipLine`addr add ${'fd00::1'}/${64} dev ${'br0'} nodad`,
    ipLine`link set ${'br0'} up`,
  ]);
  assert.equal(good.stdin, 'addr add fd00::1/64 dev br0 nodad\nlink set br0 up\n');
  assert.match(new BatchValueError(HOSTILE, 'x').message, /refusing "fd00::1%x\\nlink del dev eth0 #"/);
});
