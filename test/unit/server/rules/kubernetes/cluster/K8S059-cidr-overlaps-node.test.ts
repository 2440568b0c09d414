import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S059 finds kubeadm pod and service ranges that hold the node addresses', () => {
  const found = checkK8sFixture(fixture('K8S059-project'), ['K8S059']);
  assert.deepEqual(messages(found, 'K8S059').sort(), [
    "pod CIDR 192.168.0.0/16 contains the node address 192.168.1.10 (localAPIEndpoint.advertiseAddress): traffic to the node can reach a pod instead; pick a pod range outside the nodes' network",
    "service CIDR 10.0.0.0/16 contains the node address 10.0.0.5 (controlPlaneEndpoint): traffic to the node can reach a Service VIP instead; pick a service range outside the nodes' network",
  ]);
  assert.equal(
    found.find((f) => f.message.startsWith('pod'))?.related?.[0]?.message,
    'node address 192.168.1.10 (localAPIEndpoint.advertiseAddress)',
  );
});

test("K8S059 marks the k3s node-ip when the range is k3s's default", () => {
  const found = checkK8sFixture(fixture('K8S059-k3s'), ['K8S059']);
  assert.match(
    messages(found, 'K8S059')[0] ?? '',
    /^pod CIDR 10\.42\.0\.0\/16 \(k3s's default\) contains the node address 10\.42\.0\.7 \(node-ip\)/,
  );
  // The finding is on the node address itself: no related place pointing at it again.
  assert.equal(found[0]?.related, undefined);
});
