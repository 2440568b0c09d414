import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S002 marks the second Service taking a nodePort, across namespaces; same-port entries of one Service share', () => {
  const found = checkK8sFixture(fixture('K8S002-node-port-taken.yaml'), ['K8S002']);
  assert.deepEqual(messages(found, 'K8S002'), [
    'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    'spec.ports[0].nodePort: Invalid value: 30053: provided port is already allocated',
  ]);
});
