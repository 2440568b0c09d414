import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S001 marks nodePorts outside 30000-32767 with the allocator text', () => {
  const found = checkK8sFixture(fixture('K8S001-node-port-range.yaml'), ['K8S001']);
  assert.deepEqual(messages(found, 'K8S001'), [
    'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    'spec.ports[3].nodePort: Invalid value: 32768: provided port is not in the valid range. The range of valid ports is 30000-32767',
    'spec.ports[0].nodePort: Invalid value: 65535: provided port is not in the valid range. The range of valid ports is 30000-32767',
  ]);
});
