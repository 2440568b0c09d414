import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test("K8S060 compares flannel's Network and Calico's pools with kubeadm's podSubnet", () => {
  const found = checkK8sFixture(fixture('K8S060-project'), ['K8S060']);
  assert.deepEqual(messages(found, 'K8S060'), [
    "flannel net-conf.json Network 10.244.0.0/16 is not the cluster's pod CIDR 10.10.0.0/16 (kubeadm): pods get addresses the network does not route; set it to 10.10.0.0/16",
    "Calico CALICO_IPV4POOL_CIDR 192.168.0.0/16 lies outside the cluster's pod CIDR 10.10.0.0/16 (kubeadm): pods get addresses the nodes were not given; set it to 10.10.0.0/16",
  ]);
  assert.deepEqual(found[0]?.fix, { kind: 'replace', title: 'Use 10.10.0.0/16', text: '10.10.0.0/16' });
});
