import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture } from '../harness';
import { findingsWithFixes, hostWithNodes } from '../swarm-support';

const file = fixture('NET161-host-mode-port-replicas.yaml');

test('NET161 marks a fixed host-mode port on more replicas than one node holds (no host: a warning)', () => {
  checkFixture(file, { codes: ['NET161'] });
  const [f] = findingsWithFixes(file, 'NET161');
  assert.equal(f?.severity, 'warning');
  assert.match(
    f?.message ?? '',
    /^no suitable node \(host-mode port already in use on 1 node\): service "edge" runs 3 replicas that each bind host port 8080\/tcp \(mode: host\); one node holds one of them, so on a single node 2 stay pending/,
  );
  assert.deepEqual(f?.fix, {
    kind: 'remove',
    title: 'Leave out the published port (each replica gets a free one)',
  });
});

test('NET161 with a connected host: an error counted against its nodes, nothing when they suffice', () => {
  const alone = findingsWithFixes(file, 'NET161', hostWithNodes());
  assert.equal(alone[0]?.severity, 'error');
  assert.match(alone[0]?.message ?? '', /build-1 has 1 node, so 2 replicas stay pending/);
  const two = findingsWithFixes(file, 'NET161', hostWithNodes(2));
  assert.match(
    two[0]?.message ?? '',
    /^no suitable node \(host-mode port already in use on 2 nodes\): .*build-1 has 2 nodes, so 1 replica stay pending/,
  );
  assert.deepEqual(findingsWithFixes(file, 'NET161', hostWithNodes(3)), []);
});
