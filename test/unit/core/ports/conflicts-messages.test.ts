// The port-conflict findings in full (code, severity, message, place, related places, fix), as core builds them
// (written from mutation testing: core's own tests pinned only parts of these, the rules tier the rest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPortConflicts } from '@switchyard/core';
import type { OwnedBinding } from '@switchyard/core';
import { svc } from './bindings';

const host = (service: string, spec: string): OwnedBinding<string>[] => svc(service, spec, { direct: true });

test('NET109 in full: the allocator text, the earlier binding related, the next free port as text and fix', () => {
  assert.deepEqual(findPortConflicts([...svc('a', '8080:80'), ...svc('b', '8080:81')]), [
    {
      code: 'NET109',
      severity: 'error',
      message:
        'Bind for 0.0.0.0:8080 failed: port is already allocated: service "a" already publishes host port ' +
        '8080/tcp; use a free host port such as 8081',
      at: 'b:8080:81',
      related: [{ at: 'a:8080:80', message: 'service "a" publishes host port 8080/tcp here' }],
      fix: { kind: 'replace', title: 'Use free host port 8081', text: '8081' },
    },
  ]);
});

test('NET158 between two services names every profile it needs, in the plural, at the refused address', () => {
  const found = findPortConflicts([
    ...svc('web', '127.0.0.1:8080:80/udp', { profiles: ['a'] }),
    ...svc('db', '8080:80/udp', { profiles: ['b', 'a'] }),
  ]);
  assert.deepEqual(found, [
    {
      code: 'NET158',
      severity: 'warning',
      message:
        'Bind for 0.0.0.0:8080 failed: port is already allocated: service "web" already publishes host port ' +
        '8080/udp when profiles a, b are enabled; use a free host port such as 8081',
      at: 'db:8080:80/udp',
      related: [
        { at: 'web:127.0.0.1:8080:80/udp', message: 'service "web" publishes host port 8080/udp here' },
      ],
      fix: { kind: 'replace', title: 'Use free host port 8081', text: '8081' },
    },
  ]);
});

test('NET110/NET158 for replicas: the message, and a free range as the fix (its own port counts as free)', () => {
  assert.deepEqual(findPortConflicts([...svc('web', '8080:80', { replicas: 3, profiles: ['dev', 'ci'] })]), [
    {
      code: 'NET158',
      severity: 'warning',
      message:
        'Bind for 0.0.0.0:8080 failed: port is already allocated: service "web" runs 3 replicas and each binds ' +
        'host port 8080/tcp when profiles dev, ci are enabled; publish a range such as 8080-8082 or leave the ' +
        'host port empty',
      at: 'web:8080:80',
      fix: { kind: 'replace', title: 'Use free host port 8080-8082', text: '8080-8082' },
    },
  ]);
  // A port someone else asks for is not the service's own: the range moves past it.
  const [f] = findPortConflicts([...svc('web', '8080:80', { replicas: 3 }), ...svc('x', '8082:80')]);
  assert.equal(f?.code, 'NET110');
  assert.equal(f?.severity, 'error');
  assert.deepEqual(f?.fix, { kind: 'replace', title: 'Use free host port 8083-8085', text: '8083-8085' });
  assert.match(f?.message ?? '', /; publish a range such as 8083-8085 or leave the host port empty$/);
  const [g] = findPortConflicts([...svc('web', '8080:80', { replicas: 2 }), ...svc('x', '8082:80')]);
  assert.deepEqual(g?.fix, { kind: 'replace', title: 'Use free host port 8080-8081', text: '8080-8081' });
});

test('NET110 with no free range anywhere: the message proposes the ports from its own, and no fix is offered', () => {
  const everyOther = [...Array(65536).keys()].filter((p) => p !== 8080);
  assert.deepEqual(findPortConflicts([...svc('web', '8080:80', { replicas: 3 })], { used: everyOther }), [
    {
      code: 'NET110',
      severity: 'error',
      message:
        'Bind for 0.0.0.0:8080 failed: port is already allocated: service "web" runs 3 replicas and each binds ' +
        'host port 8080/tcp; publish a range such as 8080-8082 or leave the host port empty',
      at: 'web:8080:80',
    },
  ]);
  // The same for a clash between two services: the message ends without a suggestion.
  const [g] = findPortConflicts([...svc('a', '8080:80'), ...svc('b', '8080:81')], { used: everyOther });
  assert.equal(
    g?.message,
    'Bind for 0.0.0.0:8080 failed: port is already allocated: service "a" already publishes host port 8080/tcp',
  );
  assert.equal(g && 'fix' in g, false);
});

test('ports taken elsewhere (`used`) are kept out of the suggested port', () => {
  const [f] = findPortConflicts([...svc('a', '8080:80'), ...svc('b', '8080:81')], { used: [8081, 8082] });
  assert.match(f?.message ?? '', /; use a free host port such as 8083$/);
  assert.deepEqual(f?.fix, { kind: 'replace', title: 'Use free host port 8083', text: '8083' });
});

test('a caller-built fix replaces the default one, and a caller that builds none leaves the finding without', () => {
  const seen: string[] = [];
  const [f] = findPortConflicts([...svc('a', '8080:80'), ...svc('b', '8080:81')], {
    fix: (b, free) => {
      seen.push(`${b.at} ${free.start}-${free.end}`);
      return { kind: 'insert', title: 'mine', text: String(free.start) };
    },
  });
  assert.deepEqual(seen, ['b:8080:81 8081-8081']);
  assert.deepEqual(f?.fix, { kind: 'insert', title: 'mine', text: '8081' });
  const [g] = findPortConflicts([...svc('a', '8080:80'), ...svc('b', '8080:81')], { fix: () => undefined });
  assert.equal(g?.code, 'NET109');
  assert.equal(g && 'fix' in g, false);
});

test('NET090 in full: the host-mode service is named as the listener, the publisher is told to move', () => {
  assert.deepEqual(findPortConflicts([...host('proxy', '80:80'), ...svc('web', '80:8080')]), [
    {
      code: 'NET090',
      severity: 'warning',
      message:
        'service "proxy" uses network_mode: host and listens on host port 80/tcp itself, which service "web" ' +
        'also publishes; the second to start fails with "address already in use"; use a free host port such as 81',
      at: 'web:80:8080',
      related: [
        {
          at: 'proxy:80:80',
          message: 'service "proxy" listens on host port 80/tcp here (network_mode: host)',
        },
      ],
      fix: { kind: 'replace', title: 'Use free host port 81', text: '81' },
    },
  ]);
  // Written the other way round, the finding and its fix still land on the publisher: a free host port in
  // the host-mode service's `ports:` would not change where its process listens.
  const [f, ...rest] = findPortConflicts([
    ...svc('web', '80:8080', { profiles: ['edge'] }),
    ...host('proxy', '80:80'),
  ]);
  assert.equal(rest.length, 0);
  assert.equal(f?.code, 'NET090');
  assert.equal(f?.at, 'web:80:8080');
  assert.match(
    f?.message ?? '',
    /^service "proxy" uses network_mode: host and listens on host port 80\/tcp itself, which service "web" also publishes when profile edge is enabled; .*; use a free host port such as 81$/,
  );
  assert.deepEqual(f?.related, [
    { at: 'proxy:80:80', message: 'service "proxy" listens on host port 80/tcp here (network_mode: host)' },
  ]);
  assert.deepEqual(f && 'fix' in f ? f.fix : undefined, {
    kind: 'replace',
    title: 'Use free host port 81',
    text: '81',
  });
});

test('the related places of all findings together stop at their budget; later places are counted instead', () => {
  // 300 groups: 21 single ports and a range mapping over them. Each range's finding takes the first clash as
  // its own related place and up to 19 more from the budget of 5,000 shared by all findings.
  const groups = Array.from({ length: 300 }, (_, g) => {
    const base = 1000 + g * 30;
    const singles = Array.from({ length: 21 }, (_, i) => svc(`g${g}s${i}`, `${base + i}:80`)).flat();
    return [...singles, ...svc(`g${g}r`, `${base}-${base + 20}:${base}-${base + 20}`)];
  });
  const found = findPortConflicts(groups.flat());
  assert.equal(found.length, 300);
  const extra = found.reduce((n, f) => n + (f.related?.length ?? 0) - 1, 0);
  assert.equal(extra, 5000);
  const last = found[found.length - 1];
  assert.equal(last?.related?.length, 1);
  assert.match(last?.message ?? '', /; and 20 more places publish \d+\/tcp$/);
});

test('the summaries past the caps say "1 more place publishes" in the singular', () => {
  // 22 services on one port: 21 clashes, 20 reported, the last of them naming the one left.
  const many = Array.from({ length: 22 }, (_, i) => svc(`s${i}`, '8080:80')).flat();
  const found = findPortConflicts(many);
  assert.equal(found.length, 20);
  assert.match(
    found[19]?.message ?? '',
    /; and 1 more place publishes 8080\/tcp \(not reported one by one\)$/,
  );
  // A range mapping over 21 single ports: one finding, 20 related places, the 21st counted.
  const singles = Array.from({ length: 21 }, (_, i) => svc(`p${i}`, `${8000 + i}:80`)).flat();
  const [f, ...rest] = findPortConflicts([...singles, ...svc('r', '8000-8030:8000-8030')]);
  assert.equal(rest.length, 0);
  assert.equal(f?.related?.length, 20);
  assert.match(
    f?.message ?? '',
    /^Bind for 0\.0\.0\.0:8000 failed: .*; and 1 more place publishes 8020\/tcp$/,
  );
  const two = Array.from({ length: 22 }, (_, i) => svc(`p${i}`, `${8000 + i}:80`)).flat();
  const [g] = findPortConflicts([...two, ...svc('r', '8000-8030:8000-8030')]);
  assert.match(g?.message ?? '', /; and 2 more places publish 8020\/tcp$/);
});

test('NET111 in full when only the replicas overflow the range: no related places at all', () => {
  assert.deepEqual(findPortConflicts([...svc('web', '8080-8081:80', { replicas: 3 })]), [
    {
      code: 'NET111',
      severity: 'warning',
      message:
        'host port range 8080-8081/tcp of service "web" has 2 ports but 3 are needed (3 replicas); the engine ' +
        'will fail with "all ports are allocated"',
      at: 'web:8080-8081:80',
    },
  ]);
});

test('one place with two codes keeps both: a replicated range mapping that also clashes has one of each', () => {
  const found = findPortConflicts([...svc('a', '8080:80'), ...svc('w', '8080-8081:80-81', { replicas: 2 })]);
  assert.deepEqual(
    found.map((f) => [f.code, f.at]),
    [
      ['NET110', 'w:8080-8081:80-81'],
      ['NET109', 'w:8080-8081:80-81'],
    ],
  );
});

test('the free port suggested for a tcp clash may be one that only udp uses', () => {
  const [f] = findPortConflicts([...svc('a', '8080:80'), ...svc('u', '8081:53/udp'), ...svc('b', '8080:81')]);
  assert.deepEqual(f?.fix, { kind: 'replace', title: 'Use free host port 8081', text: '8081' });
});

test('a place that clashes with another place on two ports names it once among the related places', () => {
  const found = findPortConflicts([
    ...svc('a', '8080:80'),
    ...svc('c', '8081-8082:70-71'),
    ...svc('b', '8080-8082:80-82'),
  ]);
  assert.deepEqual(
    found.map((f) => [f.code, f.at, f.related?.map((r) => r.at)]),
    [['NET109', 'b:8080-8082:80-82', ['a:8080:80', 'c:8081-8082:70-71']]],
  );
});
