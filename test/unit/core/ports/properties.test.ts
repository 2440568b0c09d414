import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collidingAddress, findPortConflicts, freePort, freeRange, parsePortSpec } from '@switchyard/core';
import type { OwnedBinding } from '@switchyard/core';

const PREFIXES = [
  'no port specified: ',
  'invalid proto: ',
  'invalid IP address',
  'invalid containerPort: ',
  'invalid hostPort: ',
  'invalid ranges specified for container and host Ports: ',
];

const spec = fc.string({
  unit: fc.constantFrom(...'0123456789:-/[].abtcpudsx+ %'.split('')),
  maxLength: 24,
  size: 'max',
});
/** Specs built as `[ip:][host:]container[/proto]`, each part sometimes wrong: many parse, every refusal is reached. */
const sometimesWrong = (good: string[], bad: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: fc.constantFrom(...bad) },
  );
const portPart = sometimesWrong(
  ['80', '8080', '65535', '1-2', '1-3', '8000-8002'],
  ['70000', '0', '5-1', 'abc', '', '-'],
);
const pieces = fc
  .tuple(
    sometimesWrong(['', '', '127.0.0.1:', '[::1]:', '0.0.0.0:'], ['999.1.1.1:', '::1:', 'x:']),
    fc.option(
      portPart.map((p) => `${p}:`),
      { nil: '' },
    ),
    portPart,
    sometimesWrong(['', '', '/tcp', '/udp', '/sctp', '/UDP'], ['/xyz', '/']),
  )
  .map((parts) => parts.join(''));

test("ParsePortSpec never throws and fails only with one of Docker's messages", () => {
  const RUNS = 5000;
  let ok = 0;
  const errors = new Map(PREFIXES.map((p) => [p, 0]));
  fc.assert(
    fc.property(
      fc.oneof(
        { weight: 1, arbitrary: spec },
        { weight: 2, arbitrary: pieces },
        { weight: 1, arbitrary: fc.string({ maxLength: 40, size: 'max' }) },
      ),
      (raw) => {
        const r = parsePortSpec(raw);
        if (!r.ok) {
          const prefix = PREFIXES.find((p) => r.error.startsWith(p));
          assert.ok(prefix !== undefined, r.error);
          errors.set(prefix, (errors.get(prefix) ?? 0) + 1);
        } else {
          ok++;
          for (const b of r.value) assert.ok(b.containerPort >= 0 && b.containerPort <= 65535);
        }
      },
    ),
    { numRuns: RUNS },
  );
  // The generator reaches the parser's success path and each of its refusals, not only the first check.
  const measured = JSON.stringify({ ok, ...Object.fromEntries(errors) });
  assert.ok(ok >= RUNS * 0.12, `too few specs parse: ${measured}`);
  for (const [prefix, n] of errors) assert.ok(n > 0, `no sample reached "${prefix}": ${measured}`);
  if (process.env['SWITCHYARD_FUZZ_STATS']) console.log(`port spec shares: ${measured}`);
});

const port = fc.integer({ min: 1, max: 65000 });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((t) => t.join('.'));

test('a well-formed mapping round-trips: one binding per container port, fields as written', () => {
  fc.assert(
    fc.property(
      fc.option(ipv4, { nil: undefined }),
      port,
      port,
      fc.integer({ min: 0, max: 20 }),
      fc.constantFrom('tcp', 'udp', 'sctp', 'UDP'),
      (ip, host, cont, extra, proto) => {
        const c = extra === 0 ? `${cont}` : `${cont}-${cont + extra}`;
        const h = extra === 0 ? `${host}` : `${host}-${host + extra}`;
        const raw = `${ip === undefined ? '' : `${ip}:`}${h}:${c}/${proto}`;
        const r = parsePortSpec(raw);
        assert.ok(r.ok, raw);
        assert.equal(r.value.length, extra + 1);
        r.value.forEach((b, i) => {
          assert.equal(b.containerPort, cont + i);
          assert.deepEqual(b.hostPort, { start: host + i, end: host + i });
          assert.equal(b.hostIp, ip ?? '');
          assert.equal(b.protocol, proto.toLowerCase());
        });
      },
    ),
  );
});

const hostIp = fc.constantFrom('', '0.0.0.0', '127.0.0.1', '10.0.0.1', '::', '::1', 'fe80::1');

function owned(service: string, hostIp: string, p: number, protocol: 'tcp' | 'udp'): OwnedBinding<string> {
  return {
    owner: `service "${service}"`,
    service,
    replicas: 1,
    profiles: [],
    protocol,
    hostIp,
    hostPort: { start: p, end: p },
    published: String(p),
    containerPort: 80,
    at: `${service}:${hostIp}:${p}`,
  };
}

test('two services clash iff protocol and port match and the addresses overlap', () => {
  fc.assert(
    fc.property(
      hostIp,
      hostIp,
      fc.constantFrom('tcp', 'udp'),
      fc.constantFrom('tcp', 'udp'),
      (ipA, ipB, pa, pb) => {
        const found = findPortConflicts([owned('a', ipA, 8080, pa), owned('b', ipB, 8080, pb)]);
        const v6 = (ip: string) => ip.includes(':');
        const overlap =
          ipA === '' || ipB === '' || ipA === ipB
            ? true
            : v6(ipA) === v6(ipB) && [ipA, ipB].some((ip) => ip === '0.0.0.0' || ip === '::');
        assert.equal(found.length, pa === pb && overlap ? 1 : 0, `${ipA} ${pa} vs ${ipB} ${pb}`);
        if (found.length) assert.equal(found[0]?.code, 'NET109');
        assert.equal(collidingAddress(ipA, ipB) !== null, overlap);
      },
    ),
  );
});

test('freePort and freeRange return ports outside the used set', () => {
  // With the used set crowded (up to 150 of 177 ports), most samples make freePort search past a taken
  // preferred port, which is the case worth checking.
  let searched = 0;
  const RUNS = 1000;
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 1024, max: 1200 }), { maxLength: 150, size: 'max' }),
      fc.integer({ min: 1024, max: 1200 }),
      fc.integer({ min: 1, max: 5 }),
      (used, preferred, count) => {
        if (used.includes(preferred)) searched++;
        const p = freePort(used, preferred);
        assert.ok(p !== undefined && !used.includes(p) && p >= 1024 && p <= 65535);
        if (!used.includes(preferred)) assert.equal(p, preferred);
        const r = freeRange(used, preferred, count);
        assert.ok(r);
        assert.equal(r.end - r.start + 1, count);
        for (let q = r.start; q <= r.end; q++) assert.ok(!used.includes(q));
      },
    ),
    { numRuns: RUNS },
  );
  assert.ok(searched >= RUNS * 0.3, `only ${searched} of ${RUNS} samples had the preferred port taken`);
  if (process.env['SWITCHYARD_FUZZ_STATS'])
    console.log(`freePort: preferred port taken in ${searched} of ${RUNS}`);
});
