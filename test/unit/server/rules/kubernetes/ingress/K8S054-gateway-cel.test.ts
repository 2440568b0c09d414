import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S054 runs the Gateway API CEL rules with the texts the apiserver prints', () => {
  const found = checkK8sFixture(fixture('K8S054-gateway-cel.yaml'), ['K8S054']);
  assert.deepEqual(messages(found, 'K8S054').sort(), [
    'spec.listeners: Invalid value: "array": Combination of port, protocol and hostname must be unique for each listener',
    'spec.listeners: Invalid value: "array": Listener name must be unique within the Gateway',
    "spec.listeners: Invalid value: \"array\": hostname must not be specified for protocols ['TCP', 'UDP']",
    'spec.listeners[3].port: Invalid value: 88888: spec.listeners[3].port in body should be less than or equal to 65535',
    'spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference',
  ]);
  const names = found.find((f) => f.message.includes('Listener name'));
  assert.equal(names?.related?.[0]?.message, 'listener 0 has the same name');
});
