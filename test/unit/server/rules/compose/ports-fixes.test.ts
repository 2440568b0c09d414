import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadProject } from '../../../../../server/src/compose/loader';
import { analyze } from '../../../../../server/src/analyze';
import { fixture } from './harness';

function findings(name: string, code: string, env: Record<string, string> = {}) {
  const file = fixture(name);
  const project = loadProject({ files: [file], reader: { read: () => readFileSync(file, 'utf8') }, env });
  return analyze(project, null).filter((f) => f.code === code);
}

test('NET110 proposes a free host range as wide as the replica count', () => {
  const [f] = findings('NET110-replica-port-conflict.yaml', 'NET110');
  assert.match(
    f?.message ?? '',
    /^Bind for 0\.0\.0\.0:8080 failed: port is already allocated: service "web" runs 3 replicas/,
  );
  assert.deepEqual(f?.fix, {
    kind: 'replace',
    title: 'Use free host port 8080-8082',
    text: '"8080-8082:80"',
  });
});

test('NET101 quotes the mapping', () => {
  const [f] = findings('NET101-unquoted-port.yaml', 'NET101');
  assert.deepEqual(f?.fix, { kind: 'replace', title: 'Quote the port mapping', text: '"22:22"' });
});

test('NET111 says how many ports the range lacks and quotes the allocator', () => {
  const [f] = findings('NET111-port-range-exhausted.yaml', 'NET111');
  assert.equal(
    f?.message,
    'host port range 8080-8081/tcp of service "web" has 2 ports but 3 are needed (3 replicas); the engine will fail with "all ports are allocated"',
  );
});

test('NET159 names the variable and what Docker does instead', () => {
  const [f] = findings('NET159-empty-host-port.yaml', 'NET159', { SET_PORT: '8082' });
  assert.equal(
    f?.message,
    'the host port of "${WEB_PORT}:80" is empty after interpolation (WEB_PORT is not set), so Docker publishes container port 80 on a random host port; set WEB_PORT or give it a default such as ${WEB_PORT:-8080}',
  );
});

test('NET114 rewrites the address in brackets', () => {
  const [f] = findings('NET114-unbracketed-ipv6.yaml', 'NET114');
  assert.deepEqual(f?.fix, {
    kind: 'replace',
    title: 'Put the IPv6 address in brackets',
    text: '"[2001:db8::1]:8080:80"',
  });
});
