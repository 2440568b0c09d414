import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostSnapshot } from '@switchyard/protocol';
import { checkFixture, fixture, messagesOf } from '../harness';

const host: HostSnapshot = {
  host: 'build-1',
  takenAt: '2026-01-01T00:00:00Z',
  networks: [],
  routes: [],
  ports: [
    { hostIp: '0.0.0.0', port: 8080, protocol: 'tcp', owner: 'legacy-web', kind: 'published' },
    { hostIp: '127.0.0.1', port: 5432, protocol: 'tcp', owner: 'postgres (pid 812)', kind: 'listening' },
    { hostIp: '0.0.0.0', port: 53, protocol: 'udp', owner: 'dnsmasq', kind: 'listening' },
    { hostIp: '192.168.1.5', port: 9000, protocol: 'tcp', owner: 'minio', kind: 'listening' },
    { hostIp: '0.0.0.0', port: 3000, protocol: 'tcp', owner: 'shop-api-1', kind: 'published' },
  ],
};

test('HOST003 marks host ports already taken on the connected host', () => {
  checkFixture(fixture('HOST003-host-port-in-use.yaml'), { codes: ['HOST003'], host });
});

test("HOST003 names the holder, treats 0.0.0.0 as every IPv4 address, skips the project's own containers", () => {
  assert.deepEqual(messagesOf(fixture('HOST003-host-port-in-use.yaml'), 'HOST003', { host }), [
    'Bind for 0.0.0.0:8080 failed: port is already allocated: on build-1, legacy-web already publishes 0.0.0.0:8080/tcp; use a free host port such as 8081',
    'host port 5432/tcp is already in use on build-1: postgres (pid 812) listens on 127.0.0.1:5432, so Docker cannot bind it (address already in use); use a free host port such as 5433',
    'host port 9000/tcp is already in use on build-1: minio listens on 192.168.1.5:9000, so Docker cannot bind it (address already in use); use a free host port such as 9001',
  ]);
});

test('HOST003 needs a host', () => {
  assert.deepEqual(messagesOf(fixture('HOST003-host-port-in-use.yaml'), 'HOST003'), []);
});
