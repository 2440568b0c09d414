import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S058 finds the overlapping pod and service ranges of a k3s config; K8S028 uses its service range', () => {
  const found = checkK8sFixture(fixture('K8S058-project'), ['K8S058', 'K8S028']);
  assert.deepEqual(messages(found, 'K8S058'), [
    'pod CIDR "2001:cafe:42::/56" and service CIDR "2001:cafe:42::/112" overlap (k3s); the service range must not overlap the pods\' addresses: pick disjoint ranges',
  ]);
  assert.match(
    messages(found, 'K8S028')[0] ?? '',
    /failed to allocate IP 10\.50\.0\.10: provided IP is not in the valid range\. The range of valid IPs is 10\.43\.0\.0\/16,2001:cafe:42::\/112$/,
  );
});
