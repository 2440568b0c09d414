import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S003 forbids nodePort on ClusterIP', () => {
  const found = checkK8sFixture(fixture('K8S003-node-port-on-cluster-ip.yaml'), ['K8S003']);
  assert.deepEqual(messages(found, 'K8S003'), [
    "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
  ]);
});
