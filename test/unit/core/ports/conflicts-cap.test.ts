import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findPortConflicts, findPortConflictsCounted } from '@switchyard/core';
import type { Finding, OwnedBinding } from '@switchyard/core';
import { svc } from './bindings';

// `maxFindingsPerCode` only stops building findings past the cap: what it builds must be exactly the first
// findings of each code without the cap (messages, related places, fixes, summaries), and `beyond` must
// count the rest. Bindings crowd a few ports, with ranges, replicas, profiles and host mode, so that every
// code the cap covers (NET090, NET109, NET110, NET112, NET158) and the related and per-port budgets are hit.
const binding = fc
  .record({
    service: fc.integer({ min: 0, max: 40 }),
    port: fc.integer({ min: 8000, max: 8006 }),
    width: fc.constantFrom(0, 0, 0, 2, 5),
    replicas: fc.constantFrom(1, 1, 1, 3),
    profile: fc.constantFrom('', '', 'dev', 'prod'),
    direct: fc.constantFrom(false, false, false, false, false, true),
    hostIp: fc.constantFrom('', '', '127.0.0.1'),
  })
  .map((b): OwnedBinding<string> => ({
    owner: `service "s${b.service}"`,
    service: `s${b.service}`,
    replicas: b.replicas,
    profiles: b.profile ? [b.profile] : [],
    protocol: 'tcp',
    hostIp: b.hostIp,
    hostPort: { start: b.port, end: b.port + b.width },
    published: b.width ? `${b.port}-${b.port + b.width}` : String(b.port),
    containerPort: 80,
    ...(b.direct ? { direct: true } : {}),
    at: `s${b.service}:${b.port}`,
  }));

/** Distinct places (`at`), as a project has: one binding per written place. */
const bindings = fc
  .array(binding, { minLength: 0, maxLength: 400 })
  .map((list) => list.map((b, i) => ({ ...b, at: `${b.at}#${i}` })));

function firstPerCode(findings: Finding<string>[], max: number): Finding<string>[] {
  const seen = new Map<string, number>();
  return findings.filter((f) => {
    const n = seen.get(f.code) ?? 0;
    seen.set(f.code, n + 1);
    return n < max || f.code === 'NET111';
  });
}

test('capped conflicts are the first of each code, and the rest are counted', () => {
  fc.assert(
    fc.property(bindings, fc.integer({ min: 1, max: 30 }), (list, max) => {
      const all = findPortConflicts(list);
      const capped = findPortConflictsCounted(list, { maxFindingsPerCode: max });
      assert.deepEqual(capped.findings, firstPerCode(all, max));
      const counts = new Map<string, number>();
      for (const f of all) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
      for (const [code, n] of counts) {
        const beyond = code === 'NET111' ? 0 : Math.max(0, n - max);
        assert.equal(capped.beyond.get(code) ?? 0, beyond, code);
      }
    }),
    { numRuns: 300 },
  );
});

test('on a crowded project the cap keeps the related-place and per-port budgets as they were', () => {
  // 40 ports with 30 services each, interleaved: the 5,000 related places run out and every port fills its
  // 20 findings, so placeholders past the cap must use both budgets as the findings they stand for would.
  const list: OwnedBinding<string>[] = Array.from({ length: 1200 }, (_, i) => ({
    owner: `service "s${i}"`,
    service: `s${i}`,
    replicas: 1,
    profiles: [],
    protocol: 'tcp',
    hostIp: '',
    hostPort: { start: 8000 + (i % 40), end: 8000 + (i % 40) },
    published: String(8000 + (i % 40)),
    containerPort: 80,
    at: `s${i}`,
  }));
  const all = findPortConflicts(list);
  const capped = findPortConflictsCounted(list, { maxFindingsPerCode: 100 });
  assert.equal(capped.findings.length, 100);
  assert.deepEqual(capped.findings, firstPerCode(all, 100));
  assert.equal(capped.beyond.get('NET109'), all.length - 100);
  assert.ok(
    all.some((f) => / more places? publish/.test(f.message)),
    'the budgets were reached',
  );
});

test('the cap counts replicated services past it by their code: NET110 without profiles, NET158 with', () => {
  const replicated = (service: string, port: number, profiles: string[] = []): OwnedBinding<string> => ({
    owner: `service "${service}"`,
    service,
    replicas: 2,
    profiles,
    protocol: 'tcp',
    hostIp: '',
    hostPort: { start: port, end: port },
    published: String(port),
    containerPort: 80,
    at: service,
  });
  const list = [
    replicated('a', 8000),
    replicated('b', 8100),
    replicated('c', 8200),
    replicated('d', 8300, ['dev']),
    replicated('e', 8400, ['dev']),
  ];
  const capped = findPortConflictsCounted(list, { maxFindingsPerCode: 1 });
  assert.deepEqual(
    capped.findings.map((f) => [f.code, f.at]),
    [
      ['NET110', 'a'],
      ['NET158', 'd'],
    ],
  );
  assert.deepEqual([...capped.beyond].sort(), [
    ['NET110', 2],
    ['NET158', 1],
  ]);
  // A place that publishes two ports (a range mapping) of a replicated service is one finding, counted once.
  const twoPorts = (service: string, profiles: string[] = []): OwnedBinding<string>[] =>
    [9000, 9001].map((port) => ({ ...replicated(service, port, profiles), at: `${service}:9000-9001` }));
  const mapped = findPortConflictsCounted([...list, ...twoPorts('f'), ...twoPorts('g', ['dev'])], {
    maxFindingsPerCode: 1,
  });
  assert.deepEqual([...mapped.beyond].sort(), [
    ['NET110', 3],
    ['NET158', 2],
  ]);
  const uncapped = findPortConflictsCounted([...twoPorts('f'), ...twoPorts('g', ['dev'])]);
  assert.deepEqual(
    uncapped.findings.map((f) => [f.code, f.at]),
    [
      ['NET110', 'f:9000-9001'],
      ['NET158', 'g:9000-9001'],
    ],
  );
});

test('a finding past the cap at a place that has another code keeps that code known there', () => {
  const fixed = (service: string, spec: string, replicas = 1): OwnedBinding<string>[] => {
    const [start, end] = spec.split('-').map(Number);
    const ports = Array.from({ length: (end ?? start ?? 0) - (start ?? 0) + 1 }, (_, i) => (start ?? 0) + i);
    return ports.map((port) => ({
      owner: `service "${service}"`,
      service,
      replicas,
      profiles: [],
      protocol: 'tcp',
      hostIp: '',
      hostPort: { start: port, end: port },
      published: String(port),
      containerPort: port,
      at: `${service}:${spec}`,
    }));
  };
  // p/q fill the NET109 cap; w's first port is its NET110 and a NET109 past the cap; its second port is the same
  // NET110 again, not a new one to count.
  const list = [
    ...fixed('p', '7000'),
    ...fixed('q', '7000'),
    ...fixed('a', '8080'),
    ...fixed('w', '8080-8081', 2),
  ];
  const capped = findPortConflictsCounted(list, { maxFindingsPerCode: 1 });
  assert.deepEqual(
    capped.findings.map((f) => [f.code, f.at]),
    [
      ['NET109', 'q:7000'],
      ['NET110', 'w:8080-8081'],
    ],
  );
  assert.deepEqual([...capped.beyond], [['NET109', 1]]);
});

test('clashes past the cap spend no related-place budget that the same clashes without the cap would not', () => {
  // 5,100 pairs of two-port mappings clash twice each, at the same two places: past the NET109 cap each is one
  // placeholder, and its second clash names no new place. Then a NET112 with two ranges: both related.
  const pairs = Array.from({ length: 5100 }, (_, i) => {
    const p = 10000 + i * 2;
    return [...svc(`a${i}`, `${p}-${p + 1}:80-81`), ...svc(`b${i}`, `${p}-${p + 1}:90-91`)];
  }).flat();
  const rest = [...svc('f', '7000:80'), ...svc('r1', '6990-7010:80'), ...svc('r2', '6995-7005:80')];
  const list = [...pairs, ...rest];
  const capped = findPortConflictsCounted(list, { maxFindingsPerCode: 1 });
  assert.deepEqual(capped.findings, firstPerCode(findPortConflicts(list), 1));
  assert.deepEqual(
    capped.findings.filter((f) => f.code === 'NET112').map((f) => f.related?.map((r) => r.at)),
    [['r1:6990-7010:80', 'r2:6995-7005:80']],
  );
});
