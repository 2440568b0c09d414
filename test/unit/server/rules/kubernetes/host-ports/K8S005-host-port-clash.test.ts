import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture } from '../harness';

test('K8S005/K8S006 follow the scheduler: wildcard hostIP, protocol, disjoint nodeSelectors, hostNetwork ports', () => {
  const found = checkK8sFixture(fixture('K8S005-host-port-clash.yaml'), ['K8S005', 'K8S006']);
  const k005 = found.find((f) => f.code === 'K8S005');
  assert.match(k005?.message ?? '', /node\(s\) didn't have free ports for the requested pod ports/);
  assert.equal(k005?.related?.[0]?.message, 'DaemonSet default/exporter takes hostPort 9100/TCP');
  assert.deepEqual(k005?.fix, { kind: 'replace', title: 'Use free hostPort 9101', text: '9101' });
});
