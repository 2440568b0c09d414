import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S064 marks route backendRefs to a missing Service or port, or across namespaces without a grant', () => {
  const found = checkK8sFixture(fixture('K8S064-route-backend-missing.yaml'), ['K8S064']);
  assert.deepEqual(messages(found, 'K8S064'), [
    'spec.rules[0].backendRefs[1].port: ResolvedRefs=False (BackendNotFound): Service web/front has no port 8080 (its ports: 80)',
    'spec.rules[0].backendRefs[2].name: ResolvedRefs=False (BackendNotFound): no Service "cart" in namespace "web" (there: front)',
    'spec.rules[0].backendRefs[3]: ResolvedRefs=False (RefNotPermitted): no ReferenceGrant in namespace "other" lets HTTPRoute from "web" reference Service "api"; add one to "other"',
  ]);
  assert.deepEqual(found[0]?.fix, { kind: 'replace', title: 'Use port 80', text: '80' });
});
