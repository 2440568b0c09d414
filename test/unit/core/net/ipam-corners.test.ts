// validateIpam corners: empty values, which texts each reader gives, the fixes, NET038 and NET053.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineIpamError, validateIpam } from '../../../../core/src/net';
import type { IpamConfigInput, IpamNetworkInput, IpamOptions } from '../../../../core/src/net';

function cfg(c: { subnet?: string; gateway?: string; ipRange?: string; aux?: Record<string, string> }) {
  const out: IpamConfigInput<string> = {
    ...(c.subnet !== undefined ? { subnet: { value: c.subnet, at: 'subnet' } } : {}),
    ...(c.gateway !== undefined ? { gateway: { value: c.gateway, at: 'gateway' } } : {}),
    ...(c.ipRange !== undefined ? { ipRange: { value: c.ipRange, at: 'ip_range' } } : {}),
    auxAddresses: Object.entries(c.aux ?? {}).map(([name, value]) => ({
      name,
      value: { value, at: `aux.${name}` },
    })),
    at: 'config',
  };
  return out;
}

const check = (
  c: Parameters<typeof cfg>[0],
  extra: Partial<IpamNetworkInput<string>> = {},
  options: IpamOptions = {},
): string[] =>
  validateIpam({ name: 'n', configs: [cfg(c)], ...extra }, options).map(
    (f) => `${f.code} ${f.at}: ${f.message}`,
  );

test('empty ip_range, gateway and aux values are not set at all, for either reader', () => {
  const empty = { subnet: '10.5.0.0/24', ipRange: '', gateway: '', aux: { a: '' } };
  assert.deepEqual(check(empty), []);
  assert.deepEqual(check(empty, {}, { texts: 'engine' }), []);
});

test('compose reports a bad value once, with the Go parse text; the engine with its own text', () => {
  const bad = { subnet: '10.5.0.0/24', ipRange: 'junk', aux: { router: 'nope' } };
  assert.deepEqual(check(bad), [
    'NET033 ip_range: invalid ip-range: netip.ParsePrefix("junk"): no \'/\'',
    'NET035 aux.router: invalid auxiliary address: ParseAddr("nope"): unable to parse IP',
  ]);
  assert.deepEqual(check(bad, {}, { texts: 'engine' }), [
    'NET033 ip_range: invalid ip-range junk: invalid CIDR block notation',
    'NET035 aux.router: invalid auxiliary address router: invalid address',
  ]);
});

test('fixes: the gateway becomes the first host, a range or subnet its masked form', () => {
  const fixes = (c: Parameters<typeof cfg>[0]) =>
    validateIpam({ name: 'n', configs: [cfg(c)] }).map((f) => f.fix);
  assert.deepEqual(fixes({ subnet: '10.5.0.0/24', gateway: '10.6.0.1' }), [
    { kind: 'replace', title: 'Use 10.5.0.1', text: '10.5.0.1' },
  ]);
  assert.deepEqual(fixes({ subnet: '10.5.0.0/24', ipRange: '10.5.0.9/25' }), [
    { kind: 'replace', title: 'Use 10.5.0.0/25', text: '10.5.0.0/25' },
  ]);
  assert.deepEqual(
    check({ subnet: '10.5.0.0/24', ipRange: '10.5.0.0/24' }),
    [],
    'a range as big as its subnet',
  );
});

test('enable_ipv6: false skips only IPv6 subnets; NET038 texts and fix', () => {
  assert.deepEqual(check({ subnet: '10.5.0.1/24' }, { enableIpv6: false }), [
    'NET031 subnet: invalid subnet 10.5.0.1/24: it should be 10.5.0.0/24',
  ]);
  const [hint] = validateIpam({ name: 'n', configs: [cfg({ subnet: 'fd00::/64' })] });
  assert.deepEqual(hint, {
    code: 'NET038',
    severity: 'warning',
    message:
      'network "n" has IPv6 subnet fd00::/64 without enable_ipv6: true; Engine 25 and later enable IPv6 for it, older engines refuse the network; set enable_ipv6: true',
    at: 'subnet',
    fix: { kind: 'insert', title: 'Set enable_ipv6: true', text: 'enable_ipv6: true' },
  });
  assert.match(
    check({ subnet: 'fd00::/64' }, { enableIpv6: false })[0] ?? '',
    /sets enable_ipv6: false but has IPv6 subnet fd00::\/64; the subnet is ignored/,
  );
});

test('NET053: macvlan and ipvlan refuse only a pool of the whole address space', () => {
  assert.deepEqual(check({ subnet: '0.0.0.0/0' }, { driver: 'macvlan' }), [
    'NET053 subnet: ipv4 pool is empty',
  ]);
  assert.deepEqual(check({ subnet: '::/0' }, { driver: 'ipvlan', enableIpv6: true }), [
    'NET053 subnet: ipv6 pool is empty',
  ]);
  assert.deepEqual(check({ subnet: '10.0.0.0/8' }, { driver: 'macvlan' }), []);
  assert.deepEqual(check({ subnet: '0.0.0.0/0' }, { driver: 'bridge' }), []);
});

test("engineIpamError: the engine's text holds the errors only, none when there are only warnings", () => {
  const findings = validateIpam({ name: 'n', configs: [cfg({ subnet: 'fd00::1/64' })] });
  assert.deepEqual(
    findings.map((f) => f.severity),
    ['warning', 'error'],
  );
  assert.equal(
    engineIpamError(findings),
    'invalid network config:\ninvalid subnet fd00::1/64: it should be fd00::/64',
  );
  assert.equal(engineIpamError(findings.filter((f) => f.severity === 'warning')), undefined);
});
