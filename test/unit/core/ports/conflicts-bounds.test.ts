import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPortConflicts } from '@switchyard/core';
import type { OwnedBinding } from '@switchyard/core';
import { svc } from './bindings';

// Hostile sizes from issue 12. The timeouts only guard against a hang; nothing here asserts on time.
const HANG_GUARD = { timeout: 60_000 };

test('2,000 services on 8080: 20 findings on the port, the last one sums up the rest', HANG_GUARD, () => {
  const bindings = Array.from({ length: 2000 }, (_, i) => svc(`s${i}`, '8080:80')).flat();
  const found = findPortConflicts(bindings);
  assert.equal(found.length, 20);
  assert.ok(found.every((f) => f.code === 'NET109'));
  assert.deepEqual(
    found.map((f) => f.at),
    Array.from({ length: 20 }, (_, i) => `s${i + 1}:8080:80`),
  );
  const last = found[19];
  assert.match(last?.message ?? '', /; and 1,979 more places publish 8080\/tcp \(not reported one by one\)$/);
  // Each finding names at most 20 other places.
  assert.ok(found.every((f) => (f.related?.length ?? 0) <= 20));
  // The first finding is exactly what a small project gets.
  assert.equal(
    found[0]?.message,
    'Bind for 0.0.0.0:8080 failed: port is already allocated: service "s0" already publishes host port ' +
      '8080/tcp; use a free host port such as 8081',
  );
});

test(
  'two services publishing 1-65535:1-65535 give one finding at the later mapping, without a free port',
  HANG_GUARD,
  () => {
    const found = findPortConflicts([...svc('a', '1-65535:1-65535'), ...svc('b', '1-65535:1-65535')]);
    assert.deepEqual(
      found.map((f) => [f.code, f.at, f.related?.map((r) => r.at), f.fix]),
      [['NET109', 'b:1-65535:1-65535', ['a:1-65535:1-65535'], undefined]],
    );
    assert.equal(
      found[0]?.message,
      'Bind for 0.0.0.0:1 failed: port is already allocated: service "a" already publishes host port 1/tcp',
    );
  },
);

test('a fixed port inside thousands of ranges: one NET112 with a bounded related list', HANG_GUARD, () => {
  const bindings = [
    ...svc('fixed', '8050:80'),
    ...Array.from({ length: 3000 }, (_, i) => svc(`r${i}`, '8000-8100:80')).flat(),
  ];
  const found = findPortConflicts(bindings);
  const net112 = found.filter((f) => f.code === 'NET112');
  assert.equal(net112.length, 1);
  assert.ok((net112[0]?.related?.length ?? 0) <= 20);
  const net111 = found.filter((f) => f.code === 'NET111');
  assert.ok(net111.length > 0, 'the ranges run out of ports');
  assert.ok(net111.every((f) => (f.related?.length ?? 0) <= 20));
  // All findings together name at most 5,000 related places beyond one each; past that budget every
  // NET111 still names its first taker.
  const related = found.reduce((n, f) => n + (f.related?.length ?? 0), 0);
  assert.ok(related <= 5000 + found.length, `${related} related places in ${found.length} findings`);
  assert.ok(net111.every((f) => (f.related?.length ?? 0) >= 1));
  assert.match(
    net111[0]?.message ?? '',
    /^host port range 8000-8100\/tcp of service "r0" has 101 ports but at least \d+ are needed \(1 replica plus at least \d+ other bindings\)/,
  );
});

test('past 100 candidates on one port, the clashes not paired are still counted in the summary', () => {
  // 150 services on 8080 at addresses of their own (no clash among them), then one on every address.
  const own = Array.from({ length: 150 }, (_, i) => svc(`s${i}`, `127.0.0.${i + 1}:8080:80`)).flat();
  const [f, ...rest] = findPortConflicts([...own, ...svc('all', '8080:81')]);
  assert.equal(rest.length, 0);
  assert.equal(f?.at, 'all:8080:81');
  assert.equal(f?.related?.length, 20);
  assert.match(f?.message ?? '', /; and 130 more places publish 8080\/tcp$/);

  // The same with 150 ranges written before the fixed port that lies inside them.
  const ranges = Array.from({ length: 150 }, (_, i) => svc(`r${i}`, `127.0.0.${i + 1}:8000-8100:80`)).flat();
  const [g, ...others] = findPortConflicts([...ranges, ...svc('fixed', '8050:80')]);
  assert.equal(others.length, 0);
  assert.equal(g?.code, 'NET112');
  assert.equal(g?.related?.length, 20);
  assert.match(g?.message ?? '', /; and 130 more places publish 8000-8100$/);
});

test('exactly 100 candidates on one port leave nothing uncounted: no "0 more places" summary', () => {
  // The late service's own NET110 is its first finding; its NET109 is not built (the port has its 20).
  const hundred = Array.from({ length: 100 }, (_, i) => svc(`s${i}`, '8080:80')).flat();
  const found = findPortConflicts([...hundred, ...svc('late', '8080:81', { replicas: 2 })]);
  const late = found.filter((f) => f.at === 'late:8080:81');
  assert.deepEqual(
    late.map((f) => [f.code, f.message]),
    [
      [
        'NET110',
        'Bind for 0.0.0.0:8080 failed: port is already allocated: service "late" runs 2 replicas and each binds ' +
          'host port 8080/tcp; publish a range such as 8081-8082 or leave the host port empty',
      ],
    ],
  );
  // One more candidate is one more place, said on that finding.
  const more = findPortConflicts([
    ...hundred,
    ...svc('s100', '8080:80'),
    ...svc('late', '8080:81', { replicas: 2 }),
  ]);
  assert.match(
    more.find((f) => f.at === 'late:8080:81')?.message ?? '',
    /leave the host port empty; and 1 more place publishes 8080\/tcp$/,
  );
});

test('ranges elsewhere do not use up the 100 candidates of a fixed port', () => {
  // 120 ranges far from the port, then one that holds it: the fixed port is paired with that one.
  const far = Array.from({ length: 120 }, (_, i) =>
    svc(`r${i}`, `${20000 + i * 10}-${20000 + i * 10 + 5}:80`),
  ).flat();
  const found = findPortConflicts([...far, ...svc('near', '8000-8100:80'), ...svc('fixed', '8050:80')]);
  assert.deepEqual(
    found.map((f) => [f.code, f.at, f.related?.map((r) => r.at)]),
    [['NET112', 'fixed:8050:80', ['near:8000-8100:80']]],
  );
});

test('a fixed port is paired with at most 100 ranges that hold it; the ranges past them are only counted', () => {
  // The bound of design rule 11, seen where it shows: 100 ranges on addresses of their own (no clash), then
  // 10 on every address. The 10 are past the bound: no NET112, but counted on the port's finding (NET110).
  const own = Array.from({ length: 100 }, (_, i) => svc(`r${i}`, `127.0.0.${i + 1}:8000-8100:80`)).flat();
  const all = Array.from({ length: 10 }, (_, i) => svc(`a${i}`, '8000-8100:80')).flat();
  const found = findPortConflicts([...own, ...all, ...svc('fixed', '127.0.0.250:8050:80', { replicas: 2 })]);
  assert.deepEqual(
    found.filter((f) => f.at.startsWith('fixed')).map((f) => [f.code, f.message]),
    [
      [
        'NET110',
        'Bind for 127.0.0.250:8050 failed: port is already allocated: service "fixed" runs 2 replicas and each ' +
          'binds host port 8050/tcp; publish a range such as 8101-8102 or leave the host port empty; and 10 more ' +
          'places publish 8050/tcp',
      ],
    ],
  );
});

test('25 fixed bindings of one port inside a range: 20 NET112 findings, the last one sums up the other 5', () => {
  const own = Array.from({ length: 25 }, (_, i) => svc(`f${i}`, `127.0.0.${i + 1}:8050:80`)).flat();
  const found = findPortConflicts([...own, ...svc('range', '8000-8100:80')]);
  assert.deepEqual(
    found.map((f) => f.at),
    Array.from({ length: 20 }, (_, i) => `f${i}:127.0.0.${i + 1}:8050:80`),
  );
  assert.ok(found.every((f) => f.code === 'NET112'));
  assert.equal(
    found[19]?.message,
    'host port 8050/tcp of service "f19" lies inside the range 8000-8100 that service "range" publishes; ' +
      'whichever starts second may fail or move, depending on allocation order; and 5 more places publish ' +
      '8050/tcp (not reported one by one)',
  );
});

test('NET111 stops counting a crowded range after 200 takers once it is shown too small, and says "at least"', () => {
  const inner = (n: number, spec: string) => Array.from({ length: n }, (_, i) => svc(`i${i}`, spec)).flat();
  const net111 = (list: OwnedBinding<string>[], at: string) =>
    findPortConflicts(list)
      .filter((f) => f.at === at)
      .map((f) => [f.code, f.message, f.related?.length]);
  const tail = '; the engine will fail with "all ports are allocated"';
  // 250 ranges inside a range of 10 ports: the count stops at the 201st taker.
  assert.deepEqual(net111([...svc('r0', '8000-8009:80'), ...inner(250, '8000-8009:80')], 'r0:8000-8009:80'), [
    [
      'NET111',
      `host port range 8000-8009/tcp of service "r0" has 10 ports but at least 202 are needed (1 replica plus at least 201 other bindings)${tail}`,
      20,
    ],
  ]);
  // A range just full after 201 takers is not yet shown too small: counting goes on, and the count is exact.
  assert.deepEqual(net111([...svc('r0', '8000-8201:80'), ...inner(202, '8000-8001:80')], 'r0:8000-8201:80'), [
    [
      'NET111',
      `host port range 8000-8201/tcp of service "r0" has 202 ports but 203 are needed (1 replica plus 202 other bindings)${tail}`,
      20,
    ],
  ]);
  // Fixed ports inside count towards "too small" as they are read.
  const fixed = Array.from({ length: 60 }, (_, i) => svc(`f${i}`, `${8000 + i}:80`)).flat();
  assert.deepEqual(
    net111([...svc('r0', '8000-8099:80'), ...fixed, ...inner(150, '8090-8091:80')], 'r0:8000-8099:80'),
    [
      [
        'NET111',
        `host port range 8000-8099/tcp of service "r0" has 100 ports but at least 202 are needed (1 replica plus at least 201 other bindings)${tail}`,
        20,
      ],
    ],
  );
});

test('a range written after more than 100 fixed ports inside it: every one gets its NET112 or is counted', () => {
  // 101 fixed ports on ports of their own, then a range over them: the first 100 are the range's candidates,
  // the 101st is met past the bound (it used to get nothing).
  const own = Array.from({ length: 101 }, (_, i) => svc(`f${i}`, `${8000 + i}:80`)).flat();
  const found = findPortConflicts([...own, ...svc('range', '8000-8100:80')]);
  assert.equal(found.filter((f) => f.code === 'NET112').length, 101);
  assert.ok(found.some((f) => f.at === 'f100:8100:80'));
  // 150 on one port (addresses of their own: no clash among them), then a range over it: 20 findings on the
  // port, the last one counting the other 130 (it said 80: the 50 past the bound were lost).
  const same = Array.from({ length: 150 }, (_, i) => svc(`s${i}`, `127.0.0.${i + 1}:8050:80`)).flat();
  const onPort = findPortConflicts([...same, ...svc('range', '8000-8100:80')]);
  assert.equal(onPort.length, 20);
  assert.match(
    onPort[19]?.message ?? '',
    /; and 130 more places publish 8050\/tcp \(not reported one by one\)$/,
  );
});

test('past the bound, two ranges over the same fixed ports: each fixed port is met once, the count stays exact', () => {
  const own = Array.from({ length: 130 }, (_, i) => svc(`f${i}`, `${8000 + i}:80`)).flat();
  const found = findPortConflicts([...own, ...svc('r1', '8000-8200:80'), ...svc('r2', '8000-8200:80')]);
  const net112 = found.filter((f) => f.code === 'NET112');
  assert.equal(net112.length, 130, 'one NET112 per fixed place, never two');
  assert.equal(new Set(net112.map((f) => f.at)).size, 130);
  // The first 100 are both ranges' candidates and name both.
  assert.deepEqual(
    net112[0]?.related?.map((r) => r.at),
    ['r1:8000-8200:80', 'r2:8000-8200:80'],
  );
});
