import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsLookup } from '../../../../engine/src/diag/resolve-host';

const HOSTS = `127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
# 10.9.9.9 commented
fd00::5\tweb
172.18.0.2\t3f2a9c1d0b7e  web # Docker writes the container's hostname here
`;

test('/etc/hosts lookups match as glibc does: any name column, case-insensitive, IPv4 first', () => {
  assert.equal(hostsLookup(HOSTS, '3f2a9c1d0b7e'), '172.18.0.2');
  assert.equal(hostsLookup(HOSTS, 'WEB'), '172.18.0.2');
  assert.equal(hostsLookup(HOSTS, 'ip6-loopback'), '::1');
  assert.equal(hostsLookup(HOSTS, 'localhost.'), '127.0.0.1');
  assert.equal(hostsLookup(HOSTS, 'commented'), undefined);
  assert.equal(hostsLookup(HOSTS, '10.9.9.9'), undefined);
  assert.equal(hostsLookup('', 'web'), undefined);
});
