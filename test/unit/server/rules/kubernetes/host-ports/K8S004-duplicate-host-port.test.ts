import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S004 finds the duplicate protocol/hostIP/port key among regular containers only', () => {
  const found = checkK8sFixture(fixture('K8S004-duplicate-host-port.yaml'), ['K8S004']);
  assert.deepEqual(messages(found, 'K8S004'), [
    'spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
  ]);
});
