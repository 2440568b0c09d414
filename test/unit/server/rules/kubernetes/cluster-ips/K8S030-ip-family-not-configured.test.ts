import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, findingsOf, fixture, messages } from '../harness';

test('K8S030 refuses families a single-stack kind cluster does not have, with the allocator texts', () => {
  const found = checkK8sFixture(fixture('K8S030-project'), ['K8S030']);
  assert.deepEqual(messages(found, 'K8S030'), [
    'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services (kind: IPv4)',
    'spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster (kind: IPv4)',
    'spec.clusterIPs[0]: Invalid value: ["fd00:10:96::20"]: IPv6 is not configured on this cluster (kind: IPv4)',
  ]);
});

test('K8S030 only warns against the apiserver default range', () => {
  const found = checkK8sFixture(fixture('K8S030-default.yaml'), ['K8S030']);
  assert.equal(
    messages(found, 'K8S030')[0],
    'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
  );
});

test('K8S030 accepts both families on a dual-stack kind cluster', () => {
  const { project, findings } = findingsOf(fixture('K8S030-project'), {
    clusterConfig: fixture('K8S030-dual.yaml'),
  });
  assert.equal(project.cluster.serviceCIDRs.map((c) => c.text).join(','), '10.96.0.0/16,fd00:10:96::/112');
  assert.deepEqual(messages(findings, 'K8S030'), []);
});
