import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S062 resolves named targetPorts like FindPort: name and protocol, sidecars included', () => {
  const found = checkK8sFixture(fixture('K8S062-target-port-not-exposed.yaml'), ['K8S062']);
  assert.match(
    messages(found, 'K8S062')[0] ?? '',
    /^spec\.ports\[0\]\.targetPort: no container of Deployment default\/web has a port named "http" with protocol TCP \(it has web, dns, metrics\)/,
  );
});
