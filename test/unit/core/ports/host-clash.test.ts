// HOST003 in full (core/src/ports/host.ts): a fixed host port the project publishes that the connected host
// already holds, as core builds the finding (written from mutation testing: core's tests pinned only parts of
// the messages, and not the owner filter, the severity with profiles, the fix or the no-free-port case).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findHostPortClashes } from '@switchyard/core';
import type { HostPort } from '@switchyard/protocol';
import { svc } from './bindings';

const published = (port: number, owner: string, hostIp = '0.0.0.0'): HostPort => ({
  hostIp,
  port,
  protocol: 'tcp',
  owner,
  kind: 'published',
});
const listening = (port: number, owner: string, hostIp = '0.0.0.0'): HostPort => ({
  hostIp,
  port,
  protocol: 'tcp',
  owner,
  kind: 'listening',
});

test('HOST003 for a published port: the allocator text, the holder, the next free port as text and fix', () => {
  assert.deepEqual(
    findHostPortClashes(svc('web', '8080:80'), [published(8080, 'container "old"')], { host: 'h1' }),
    [
      {
        code: 'HOST003',
        severity: 'error',
        message:
          'Bind for 0.0.0.0:8080 failed: port is already allocated: on h1, container "old" already publishes ' +
          '0.0.0.0:8080/tcp; use a free host port such as 8081',
        at: 'web:8080:80',
        fix: { kind: 'replace', title: 'Use free host port 8081', text: '8081' },
      },
    ],
  );
});

test('HOST003 for a listening socket, on a service with profiles: a warning naming the socket', () => {
  assert.deepEqual(
    findHostPortClashes(
      svc('web', '127.0.0.1:8080:80', { profiles: ['dev'] }),
      [listening(8080, 'nginx (pid 7)')],
      {
        host: 'h1',
        used: [8081],
      },
    ),
    [
      {
        code: 'HOST003',
        severity: 'warning',
        message:
          'host port 8080/tcp is already in use on h1: nginx (pid 7) listens on 0.0.0.0:8080, so Docker cannot ' +
          'bind it (address already in use); use a free host port such as 8082',
        at: 'web:127.0.0.1:8080:80',
        fix: { kind: 'replace', title: 'Use free host port 8082', text: '8082' },
      },
    ],
  );
});

test('HOST003: holders the caller ignores, and holders on another address, are no clash', () => {
  const taken = [published(8080, 'container "app-web-1"')];
  const ignoreOwner = (owner: string) => owner === 'container "app-web-1"';
  assert.deepEqual(findHostPortClashes(svc('web', '8080:80'), taken, { host: 'h', ignoreOwner }), []);
  // An owner the filter does not ignore still clashes.
  assert.equal(
    findHostPortClashes(svc('web', '8080:80'), [published(8080, 'container "other"')], {
      host: 'h',
      ignoreOwner,
    }).length,
    1,
  );
  assert.deepEqual(
    findHostPortClashes(svc('web', '127.0.0.1:8080:80'), [listening(8080, 'x', '127.0.0.2')], { host: 'h' }),
    [],
  );
  assert.deepEqual(findHostPortClashes(svc('web', '8080:80/udp'), [listening(8080, 'x')], { host: 'h' }), []);
});

test('HOST003 with no free port left: the message alone, no fix; a caller fix that declines gives none', () => {
  const all = Array.from({ length: 65535 }, (_, i) => i + 1);
  assert.deepEqual(
    findHostPortClashes(svc('web', '8080:80'), [listening(8080, 'x')], { host: 'h', used: all }),
    [
      {
        code: 'HOST003',
        severity: 'error',
        message:
          'host port 8080/tcp is already in use on h: x listens on 0.0.0.0:8080, so Docker cannot bind it (address ' +
          'already in use)',
        at: 'web:8080:80',
      },
    ],
  );
  const [declined] = findHostPortClashes(svc('web', '8080:80'), [listening(8080, 'x')], {
    host: 'h',
    fix: () => undefined,
  });
  // The free port is still named; the caller found nothing to edit, so no default edit is made up for it.
  assert.equal(declined?.message.endsWith('; use a free host port such as 8081'), true);
  assert.equal(declined && 'fix' in declined, false);
  const [own] = findHostPortClashes(svc('web', '8080:80'), [listening(8080, 'x')], {
    host: 'h',
    fix: (b, free) => ({ kind: 'replace', title: `move ${b.owner} to ${free}`, text: String(free) }),
  });
  assert.deepEqual(own?.fix, { kind: 'replace', title: 'move service "web" to 8081', text: '8081' });
});

test('HOST003 for a host-mode service: the process fails, a warning without a fix, the holder in full', () => {
  const direct = svc('proxy', '80:80', { direct: true });
  assert.deepEqual(findHostPortClashes(direct, [listening(80, 'nginx (pid 1)', '::')], { host: 'h' }), [
    {
      code: 'HOST003',
      severity: 'warning',
      message:
        'service "proxy" uses network_mode: host and listens on port 80/tcp itself, but on h nginx (pid 1) already ' +
        'holds :::80; the process will fail with "address already in use"',
      at: 'proxy:80:80',
    },
  ]);
});
