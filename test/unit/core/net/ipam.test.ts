import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineIpamError, validateIpam } from '../../../../core/src/net';
import type { IpamConfigInput, IpamNetworkInput, IpamOptions } from '../../../../core/src/net';

/** Handles are plain field names here, as the engine would pass them. */
function cfg(c: {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  aux?: Record<string, string>;
}): IpamConfigInput<string> {
  return {
    ...(c.subnet !== undefined ? { subnet: { value: c.subnet, at: 'subnet' } } : {}),
    ...(c.gateway !== undefined ? { gateway: { value: c.gateway, at: 'gateway' } } : {}),
    ...(c.ipRange !== undefined ? { ipRange: { value: c.ipRange, at: 'ip_range' } } : {}),
    auxAddresses: Object.entries(c.aux ?? {}).map(([name, value]) => ({
      name,
      value: { value, at: `aux.${name}` },
    })),
    at: 'config',
  };
}

const net = (
  configs: IpamConfigInput<string>[],
  extra: Partial<IpamNetworkInput<string>> = {},
): IpamNetworkInput<string> => ({
  name: 'n',
  configs,
  ...extra,
});

const summary = (fs: ReturnType<typeof validateIpam<string>>): string[] =>
  fs.map((f) => `${f.code} ${f.at}: ${f.message}`);

test('engine texts, in ValidateIPAM order, every problem at once', () => {
  const got = validateIpam(
    net([
      cfg({
        subnet: '172.28.5.1/16',
        ipRange: '10.0.0.0/8',
        gateway: '172.29.0.1',
        aux: { router: '10.9.9.9', x: 'bad' },
      }),
    ]),
    { texts: 'engine' },
  );
  assert.deepEqual(summary(got), [
    'NET031 subnet: invalid subnet 172.28.5.1/16: it should be 172.28.0.0/16',
    'NET033 ip_range: invalid ip-range 10.0.0.0/8: CIDR block is bigger than its parent subnet 172.28.5.1/16',
    "NET033 ip_range: invalid ip-range 10.0.0.0/8: parent subnet 172.28.5.1/16 doesn't contain ip-range",
    "NET034 gateway: invalid gateway 172.29.0.1: parent subnet 172.28.5.1/16 doesn't contain this address",
    "NET035 aux.router: invalid auxiliary address router: parent subnet 172.28.5.1/16 doesn't contain this address",
    'NET035 aux.x: invalid auxiliary address x: invalid address',
  ]);
  assert.equal(
    engineIpamError(got)?.split('\n').slice(0, 2).join('\n'),
    'invalid network config:\ninvalid subnet 172.28.5.1/16: it should be 172.28.0.0/16',
  );
  assert.deepEqual(got[0]?.fix, { kind: 'replace', title: 'Use 172.28.0.0/16', text: '172.28.0.0/16' });
  assert.equal(got[3]?.fix?.kind === 'replace' ? got[3].fix.text : '', '172.28.0.1');
});

test('compose texts for syntax, which compose checks before the engine', () => {
  const got = validateIpam(net([cfg({ subnet: '172.28.0.0', gateway: '172.28.0.300' })]));
  assert.deepEqual(summary(got), [
    `NET030 subnet: invalid subnet: netip.ParsePrefix("172.28.0.0"): no '/'`,
    'NET034 gateway: invalid gateway address: ParseAddr("172.28.0.300"): IPv4 field has value >255',
  ]);
  const engine = validateIpam(net([cfg({ subnet: '172.28.0.0' })]), { texts: 'engine' });
  assert.deepEqual(summary(engine), [
    'NET030 subnet: invalid subnet 172.28.0.0: invalid CIDR block notation',
  ]);
  const range = validateIpam(net([cfg({ subnet: '10.0.0.0/16', ipRange: '10.0.1.0/x' })]));
  assert.deepEqual(summary(range), [
    'NET033 ip_range: invalid ip-range: netip.ParsePrefix("10.0.1.0/x"): bad bits after slash: "x"',
  ]);
});

test('a config without subnet is NET032 at the entry', () => {
  assert.deepEqual(summary(validateIpam(net([cfg({ gateway: '172.28.0.1' })]))), [
    'NET032 config: invalid subnet : invalid CIDR block notation',
  ]);
});

test('ip_range family, host bits and containment', () => {
  const fam = validateIpam(net([cfg({ subnet: '10.0.0.0/16', ipRange: 'fd00::/64' })]));
  assert.deepEqual(summary(fam), [
    'NET033 ip_range: invalid ip-range fd00::/64: parent subnet is an IPv4 block',
  ]);
  const bits = validateIpam(net([cfg({ subnet: '10.0.0.0/16', ipRange: '10.0.1.5/24' })]));
  assert.deepEqual(summary(bits), [
    'NET033 ip_range: invalid ip-range 10.0.1.5/24: it should be 10.0.1.0/24',
  ]);
  assert.deepEqual(validateIpam(net([cfg({ subnet: '10.0.0.0/16', ipRange: '10.0.128.0/17' })])), []);
});

test('gateway of the wrong family names the subnet family', () => {
  const got = validateIpam(net([cfg({ subnet: 'fd00::/64', gateway: '10.0.0.1' })], { enableIpv6: true }));
  assert.deepEqual(summary(got), [
    'NET034 gateway: invalid gateway 10.0.0.1: parent subnet is an IPv6 block',
  ]);
});

test('IPv6 pools: hint without enable_ipv6, skipped when it is false', () => {
  const bad = cfg({ subnet: 'fd00::1/64' });
  assert.deepEqual(
    validateIpam(net([bad], { enableIpv6: true })).map((f) => f.code),
    ['NET031'],
  );
  assert.deepEqual(
    validateIpam(net([bad])).map((f) => `${f.code} ${f.severity}`),
    ['NET038 warning', 'NET031 error'],
  );
  const off = validateIpam(net([bad], { enableIpv6: false }));
  assert.deepEqual(
    off.map((f) => f.code),
    ['NET038'],
    'the engine does not validate a v6 pool with IPv6 off',
  );
  assert.match(off[0]?.message ?? '', /enable_ipv6: false/);
});

test('macvlan and ipvlan refuse the whole address space', () => {
  assert.deepEqual(
    validateIpam(net([cfg({ subnet: '0.0.0.0/0' })], { driver: 'macvlan' })).map((f) => f.message),
    ['ipv4 pool is empty'],
  );
  assert.deepEqual(
    validateIpam(net([cfg({ subnet: '::/0' })], { driver: 'ipvlan', enableIpv6: true })).map(
      (f) => f.message,
    ),
    ['ipv6 pool is empty'],
  );
  assert.deepEqual(validateIpam(net([cfg({ subnet: '0.0.0.0/0' })], { driver: 'bridge' })), []);
});

test('a clean configuration gives nothing', () => {
  const clean = cfg({
    subnet: '10.5.0.0/16',
    ipRange: '10.5.1.0/24',
    gateway: '10.5.0.254',
    aux: { r: '10.5.0.2' },
  });
  assert.deepEqual(validateIpam(net([clean])), []);
  assert.equal(engineIpamError([]), undefined);
});

// Corners: empty values, which texts each reader gives, the fixes, NET038 and NET053.
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
