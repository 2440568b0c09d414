import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findHostPortClashes, findPortConflicts } from '@switchyard/core';
import { svc } from './bindings';

test('NET109 quotes the allocator and sits at the later binding, with the earlier one related', () => {
  const [f, ...rest] = findPortConflicts([...svc('a', '8080:80'), ...svc('b', '8080:3000')]);
  assert.equal(rest.length, 0);
  assert.equal(f?.code, 'NET109');
  assert.equal(f?.severity, 'error');
  assert.equal(f?.at, 'b:8080:3000');
  assert.match(f?.message ?? '', /^Bind for 0\.0\.0\.0:8080 failed: port is already allocated: service "a"/);
  assert.deepEqual(
    f?.related?.map((r) => r.at),
    ['a:8080:80'],
  );
  assert.deepEqual(f?.fix, { kind: 'replace', title: 'Use free host port 8081', text: '8081' });
});

test('tcp, udp and sctp are independent; distinct addresses of one family are too', () => {
  assert.deepEqual(findPortConflicts([...svc('a', '53:53/udp'), ...svc('b', '53:53')]), []);
  assert.deepEqual(findPortConflicts([...svc('a', '127.0.0.1:80:80'), ...svc('b', '127.0.0.2:80:80')]), []);
  assert.deepEqual(findPortConflicts([...svc('a', '0.0.0.0:80:80'), ...svc('b', '[::1]:80:80')]), []);
});

test('the engine names the address of the refused binding', () => {
  const [f] = findPortConflicts([...svc('a', '80:80'), ...svc('b', '[::1]:80:80')]);
  assert.match(f?.message ?? '', /^Bind for ::1:80 failed/);
  const [g] = findPortConflicts([...svc('a', '[::]:80:80'), ...svc('b', '80:80')]);
  assert.match(g?.message ?? '', /^Bind for :::80 failed/);
});

test('a range mapping that clashes on many ports is reported once per pair of places', () => {
  const found = findPortConflicts([...svc('a', '8000-8010:8000-8010'), ...svc('b', '8000-8010:9000-9010')]);
  assert.equal(found.length, 1);
  assert.equal(found[0]?.code, 'NET109');
});

test('NET110: a fixed host port on a replicated service, with a free range as the fix', () => {
  const [f] = findPortConflicts([...svc('web', '8080:80', { replicas: 3 }), ...svc('x', '8081:80')]);
  assert.equal(f?.code, 'NET110');
  assert.equal(f?.fix?.kind, 'replace');
  assert.match(f?.message ?? '', /runs 3 replicas/);
  assert.equal(f?.fix && 'text' in f.fix ? f.fix.text : '', '8082-8084');
});

test('NET111: a host range smaller than its replicas plus the fixed ports inside it', () => {
  const found = findPortConflicts([...svc('web', '8080-8081:80', { replicas: 3 })]);
  assert.deepEqual(
    found.map((f) => f.code),
    ['NET111'],
  );
  const crowded = findPortConflicts([
    ...svc('web', '8080-8082:80', { replicas: 3 }),
    ...svc('db', '8081:5432'),
  ]);
  assert.deepEqual(crowded.map((f) => f.code).sort(), ['NET111', 'NET112']);
  assert.deepEqual(findPortConflicts([...svc('web', '8080-8082:80', { replicas: 3 })]), []);
});

test("NET112: a fixed port inside another service's dynamic range", () => {
  const [f, ...rest] = findPortConflicts([...svc('a', '8000-8010:80'), ...svc('b', '8005:80')]);
  assert.equal(rest.length, 0);
  assert.equal(f?.code, 'NET112');
  assert.equal(f?.at, 'b:8005:80');
  assert.equal(f?.severity, 'warning');
});

test('NET158: a clash that needs a profile is a warning; disjoint profiles are alternatives', () => {
  const [f] = findPortConflicts([...svc('a', '80:80'), ...svc('b', '80:80', { profiles: ['dev'] })]);
  assert.equal(f?.code, 'NET158');
  assert.equal(f?.severity, 'warning');
  assert.match(f?.message ?? '', /when profile dev is enabled/);
  const alt = findPortConflicts([
    ...svc('a', '80:80', { profiles: ['prod'] }),
    ...svc('b', '80:80', { profiles: ['dev'] }),
  ]);
  assert.deepEqual(alt, []);
  const shared = findPortConflicts([
    ...svc('a', '80:80', { profiles: ['dev', 'x'] }),
    ...svc('b', '80:80', { profiles: ['dev'] }),
  ]);
  assert.deepEqual(
    shared.map((x) => x.code),
    ['NET158'],
  );
});

test('NET090: a host-mode service listening on a port another service publishes', () => {
  const [f] = findPortConflicts([
    ...svc('proxy', '80', { direct: true }).map((b) => ({ ...b, hostPort: { start: 80, end: 80 } })),
    ...svc('web', '80:8080'),
  ]);
  assert.equal(f?.code, 'NET090');
  assert.equal(f?.severity, 'warning');
  assert.equal(f?.at, 'web:80:8080');
});

test('a host port range clashes only within its protocol: a udp port inside a tcp range is no NET112', () => {
  // Both orders: the later binding is paired with the earlier ones, fixed or range.
  assert.deepEqual(findPortConflicts([...svc('a', '8000-8100:80'), ...svc('b', '8050:53/udp')]), []);
  assert.deepEqual(findPortConflicts([...svc('b', '8050:53/udp'), ...svc('a', '8000-8100:80')]), []);
  assert.deepEqual(findPortConflicts([...svc('a', '8000-8100:80/udp'), ...svc('b', '8050:80')]), []);
  // The same protocol still clashes: the range check itself is on.
  assert.deepEqual(
    findPortConflicts([...svc('a', '8000-8100:80/udp'), ...svc('b', '8050:53/udp')]).map((f) => f.code),
    ['NET112'],
  );
});

test('two network_mode: host services on one port are not reported as clashing with each other', () => {
  const hostMode = (service: string) =>
    svc(service, '80', { direct: true }).map((b) => ({ ...b, hostPort: { start: 80, end: 80 } }));
  assert.deepEqual(findPortConflicts([...hostMode('proxy'), ...hostMode('metrics')]), []);
  // Each of them still clashes with a service that publishes the port: one NET090, both places related.
  const [f, ...rest] = findPortConflicts([
    ...hostMode('proxy'),
    ...hostMode('metrics'),
    ...svc('web', '80:8080'),
  ]);
  assert.equal(rest.length, 0);
  assert.equal(f?.code, 'NET090');
  assert.equal(f?.at, 'web:80:8080');
  assert.deepEqual(
    f?.related?.map((r) => r.at),
    ['proxy:80', 'metrics:80'],
  );
});

test('HOST003: a port held on the host by a container or a listening socket', () => {
  const bindings = [...svc('web', '8080:80'), ...svc('dns', '127.0.0.1:53:53/udp'), ...svc('api', '9000:80')];
  const found = findHostPortClashes(
    bindings,
    [
      { hostIp: '0.0.0.0', port: 8080, protocol: 'tcp', owner: 'container "old-web"', kind: 'published' },
      { hostIp: '0.0.0.0', port: 53, protocol: 'udp', owner: 'systemd-resolved', kind: 'listening' },
      { hostIp: '::', port: 9000, protocol: 'udp', owner: 'x', kind: 'listening' },
    ],
    { host: 'build-1' },
  );
  assert.deepEqual(
    found.map((f) => f.at),
    ['web:8080:80', 'dns:127.0.0.1:53:53/udp'],
  );
  assert.match(
    found[0]?.message ?? '',
    /^Bind for 0\.0\.0\.0:8080 failed: port is already allocated: on build-1, container "old-web"/,
  );
  assert.match(found[1]?.message ?? '', /systemd-resolved listens on 0\.0\.0\.0:53/);
  assert.equal(found[0]?.fix && 'text' in found[0].fix ? found[0].fix.text : '', '8081');
});

test('HOST003: a host-mode service whose own port is taken on the host is a warning without a fix', () => {
  const direct = svc('proxy', '80').map((b) => ({ ...b, hostPort: { start: 80, end: 80 }, direct: true }));
  const [f, ...rest] = findHostPortClashes(
    direct,
    [{ hostIp: '0.0.0.0', port: 80, protocol: 'tcp', owner: 'nginx (pid 1)', kind: 'listening' }],
    { host: 'h' },
  );
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'warning');
  assert.equal(f?.fix, undefined);
  assert.match(
    f?.message ?? '',
    /network_mode: host and listens on port 80\/tcp itself, but on h nginx \(pid 1\)/,
  );
});
