// Host port ranges in the conflict algorithm, message for message (found by mutation testing: npm run mutate
// -- core/src/ports left each of these cases to the rules tier or to nobody).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCoActivity, findPortConflicts } from '@switchyard/core';
import type { OwnedBinding } from '@switchyard/core';
import { svc } from './bindings';

test('two overlapping dynamic ranges draw from one pool: no NET112 between them', () => {
  assert.deepEqual(findPortConflicts([...svc('a', '8000-8010:80'), ...svc('b', '8005-8015:80')]), []);
});

test('a host-mode service inside a dynamic range is not NET112 (the engine does not allocate its port)', () => {
  const direct = svc('p', '8005:80').map((b) => ({ ...b, direct: true }));
  assert.deepEqual(findPortConflicts([...direct, ...svc('a', '8000-8010:80')]), []);
  assert.deepEqual(findPortConflicts([...svc('a', '8000-8010:80'), ...direct]), []);
});

test('a fixed port just outside a range written before it, below or above, is no NET112', () => {
  for (const port of ['7999', '8011', '7000']) {
    assert.deepEqual(findPortConflicts([...svc('a', '8000-8010:80'), ...svc('b', `${port}:80`)]), [], port);
    assert.deepEqual(findPortConflicts([...svc('b', `${port}:80`), ...svc('a', '8000-8010:80')]), [], port);
  }
});

test('NET112 names the fixed port, the range and both owners, with the range related and a free port as fix', () => {
  const [f, ...rest] = findPortConflicts([...svc('a', '8000-8010:80'), ...svc('b', '8005:80')]);
  assert.equal(rest.length, 0);
  assert.deepEqual(f, {
    code: 'NET112',
    severity: 'warning',
    message:
      'host port 8005/tcp of service "b" lies inside the range 8000-8010 that service "a" publishes; whichever ' +
      'starts second may fail or move, depending on allocation order',
    at: 'b:8005:80',
    related: [{ at: 'a:8000-8010:80', message: 'service "a" publishes the range 8000-8010 here' }],
    fix: { kind: 'replace', title: 'Use free host port 8011', text: '8011' },
  });
});

test('NET111 counts replicas, fixed ports inside and other ranges drawing from it, each related', () => {
  const found = findPortConflicts([
    ...svc('web', '8080-8081:80', { replicas: 2 }),
    ...svc('db', '8081:5432'),
    ...svc('x', '8080-8081:90'),
  ]);
  const net111 = found.filter((f) => f.code === 'NET111');
  assert.deepEqual(
    net111.map((f) => ({ at: f.at, message: f.message, related: f.related })),
    [
      {
        at: 'web:8080-8081:80',
        message:
          'host port range 8080-8081/tcp of service "web" has 2 ports but 4 are needed (2 replicas plus 2 other ' +
          'bindings); the engine will fail with "all ports are allocated"',
        related: [
          { at: 'db:8081:5432', message: 'service "db" takes 8081' },
          { at: 'x:8080-8081:90', message: 'service "x" also draws from this range' },
        ],
      },
      {
        at: 'x:8080-8081:90',
        message:
          'host port range 8080-8081/tcp of service "x" has 2 ports but 4 are needed (1 replica plus 2 other ' +
          'bindings); the engine will fail with "all ports are allocated"',
        related: [
          { at: 'web:8080-8081:80', message: 'service "web" also draws from this range' },
          { at: 'db:8081:5432', message: 'service "db" takes 8081' },
        ],
      },
    ],
  );
  // The fixed port's NET112 lists both ranges it lies in.
  assert.deepEqual(
    found.find((f) => f.code === 'NET112')?.related?.map((r) => r.at),
    ['web:8080-8081:80', 'x:8080-8081:90'],
  );
});

test('NET111 with one other binding says so in the singular; a range that fits says nothing', () => {
  const [f] = findPortConflicts([
    ...svc('web', '8080-8081:80', { replicas: 2 }),
    ...svc('db', '8081:5432'),
  ]).filter((x) => x.code === 'NET111');
  assert.match(f?.message ?? '', /has 2 ports but 3 are needed \(2 replicas plus 1 other binding\);/);
  assert.deepEqual(
    findPortConflicts([...svc('web', '8080-8082:80', { replicas: 2 }), ...svc('db', '9000:5432')]),
    [],
  );
});

test('defaultCoActivity: profile-less services always run together, shared or missing profiles sometimes, disjoint never', () => {
  const b = (service: string, profiles: string[]): OwnedBinding<string> => {
    const [one] = svc(service, '80:80');
    assert.ok(one);
    return { ...one, profiles };
  };
  assert.equal(defaultCoActivity(b('a', []), b('b', [])), 'always');
  assert.equal(defaultCoActivity(b('a', ['dev']), b('a', ['prod'])), 'profiles', 'one service with itself');
  assert.equal(defaultCoActivity(b('a', []), b('b', ['dev'])), 'profiles');
  assert.equal(defaultCoActivity(b('a', ['dev']), b('b', [])), 'profiles');
  assert.equal(defaultCoActivity(b('a', ['dev', 'x']), b('b', ['x'])), 'profiles');
  assert.equal(defaultCoActivity(b('a', ['dev']), b('b', ['prod'])), 'never');
});

test('NET111 counts a fixed port inside the range once, however many services ask for it', () => {
  const found = findPortConflicts([
    ...svc('web', '8080-8081:80', { replicas: 2 }),
    ...svc('db', '8081:5432'),
    ...svc('cache', '8081:6379'),
  ]);
  const [f] = found.filter((x) => x.code === 'NET111');
  assert.match(f?.message ?? '', /has 2 ports but 3 are needed \(2 replicas plus 1 other binding\);/);
  assert.deepEqual(
    f?.related?.map((r) => r.at),
    ['db:8081:5432'],
  );
});

test('a short range written after many fixed ports: NET112 for each fixed port of its protocol inside it', () => {
  // Both ends of the range hold one; it has room for them and its own replica (no NET111).
  const fixed = [8000, 8001, 8004, 8005, 8006, 8007].flatMap((p) => svc(`p${p}`, `${p}:80`));
  const found = findPortConflicts([...fixed, ...svc('u', '8002:80/udp'), ...svc('r', '8001-8004:80')]);
  assert.deepEqual(
    found.map((f) => [f.code, f.at, f.related?.map((r) => r.at)]),
    [
      ['NET112', 'p8001:8001:80', ['r:8001-8004:80']],
      ['NET112', 'p8004:8004:80', ['r:8001-8004:80']],
    ],
  );
});

test('a wide range after fixed ports written out of order: its NET112s come in the order the ports were written', () => {
  // Written 8004 first, then 8001: the findings follow the file, not the port numbers (the same for the
  // search by port, short range, and the search through every port, wide range).
  const fixed = [8100, 8099, 8098, 8004, 8001, 7990].flatMap((p) => svc(`p${p}`, `${p}:80`));
  for (const range of ['8001-8004', '8000-8050']) {
    const found = findPortConflicts([...fixed, ...svc('r', `${range}:80`)]);
    assert.deepEqual(
      found.map((f) => [f.code, f.at]),
      [
        ['NET112', 'p8004:8004:80'],
        ['NET112', 'p8001:8001:80'],
      ],
      range,
    );
  }
});

test('fixed ports elsewhere do not use up the 100 candidates of a wide range', () => {
  // 120 fixed ports far away and one inside, then a range wider than the number of ports in use.
  const far = Array.from({ length: 120 }, (_, i) => svc(`f${i}`, `${20000 + i}:80`)).flat();
  const found = findPortConflicts([...far, ...svc('in', '8050:80'), ...svc('r', '8000-8300:80')]);
  assert.deepEqual(
    found.map((f) => [f.code, f.at, f.related?.map((r) => r.at)]),
    [['NET112', 'in:8050:80', ['r:8000-8300:80']]],
  );
});

test('NET111 counts only ranges that lie inside the range, and only services that can run with it', () => {
  const net111At = (list: OwnedBinding<string>[], at: string) =>
    findPortConflicts(list).filter((f) => f.code === 'NET111' && f.at === at);
  // Two ranges that start inside 8000-8001 but run past it draw from their own ports too: no NET111.
  assert.deepEqual(
    net111At(
      [...svc('r', '8000-8001:80'), ...svc('a', '8001-8005:80'), ...svc('b', '8001-8005:81')],
      'r:8000-8001:80',
    ),
    [],
  );
  // Services whose profiles never run with it take nothing from it.
  const dev = { profiles: ['dev'] };
  const prod = { profiles: ['prod'] };
  assert.deepEqual(
    net111At(
      [...svc('r', '8000-8001:80', dev), ...svc('a', '8000-8001:80', prod), ...svc('b', '8000:80', prod)],
      'r:8000-8001:80',
    ),
    [],
  );
  // The same inside and together: counted.
  assert.deepEqual(
    net111At(
      [...svc('r', '8000-8001:80', dev), ...svc('a', '8000-8001:80', dev), ...svc('b', '8000:80')],
      'r:8000-8001:80',
    ).map((f) => f.message),
    [
      'host port range 8000-8001/tcp of service "r" has 2 ports but 3 are needed (1 replica plus 2 other bindings); ' +
        'the engine will fail with "all ports are allocated"',
    ],
  );
});

test('NET111 finds the takers of a range wherever they are written, among any number of other ports', () => {
  const net111At = (list: OwnedBinding<string>[], at: string) =>
    findPortConflicts(list)
      .filter((f) => f.code === 'NET111' && f.at === at)
      .map((f) => [f.message, f.related?.map((r) => r.at)]);
  const full = (others: string) =>
    `host port range 8000-8009/tcp of service "r" has 10 ports but 11 are needed (10 replicas plus ${others}); ` +
    'the engine will fail with "all ports are allocated"';
  const r = svc('r', '8000-8009:80', { replicas: 10 });
  // Written before the range, after a higher port: still found.
  assert.deepEqual(net111At([...svc('high', '9000:80'), ...svc('in', '8005:80'), ...r], 'r:8000-8009:80'), [
    [full('1 other binding'), ['in:8005:80']],
  ]);
  // udp, and a host-mode service, do not draw from a tcp range: 10 replicas fit.
  const udp = svc('u', '8005:80/udp');
  const host = svc('h', '8006:80', { direct: true });
  assert.deepEqual(net111At([...udp, ...host, ...r], 'r:8000-8009:80'), []);
  // 2,100 ports below the range do not hide the one inside it.
  const below = Array.from({ length: 2100 }, (_, i) => svc(`b${i}`, `${1100 + i}:80`)).flat();
  assert.deepEqual(net111At([...below, ...svc('in', '8005:80'), ...r], 'r:8000-8009:80'), [
    [full('1 other binding'), ['in:8005:80']],
  ]);
});

test('NET111 reads at most 2,000 bindings that start in a range; past them its demand is "at least"', () => {
  // 2,001 bindings on the range's last port, on another address (no takers), then the range: too small by its
  // own replicas, and the scan was cut, so the count is a lower bound.
  const other = Array.from({ length: 2001 }, (_, i) => svc(`o${i}`, '127.0.0.2:8009:80')).flat();
  const r = svc('r', '127.0.0.1:8000-8009:80', { replicas: 11 });
  const messages = (list: OwnedBinding<string>[]) =>
    findPortConflicts(list)
      .filter((f) => f.code === 'NET111')
      .map((f) => f.message);
  assert.deepEqual(messages([...other, ...r]), [
    'host port range 8000-8009/tcp of service "r" has 10 ports but at least 11 are needed (11 replicas); the ' +
      'engine will fail with "all ports are allocated"',
  ]);
  // 2,000 of them and the range itself: one too many to read.
  assert.match(messages([...other.slice(1), ...r])[0] ?? '', /has 10 ports but at least 11 are needed/);
  // 1,999 of them and the range itself: all read, the count is exact.
  assert.deepEqual(messages([...other.slice(2), ...r]), [
    'host port range 8000-8009/tcp of service "r" has 10 ports but 11 are needed (11 replicas); the engine will ' +
      'fail with "all ports are allocated"',
  ]);
});
