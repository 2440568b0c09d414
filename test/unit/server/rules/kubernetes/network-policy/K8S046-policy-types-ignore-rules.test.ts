import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S046 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S046-policy-types-ignore-rules.yaml'), ['K8S046']);
});
