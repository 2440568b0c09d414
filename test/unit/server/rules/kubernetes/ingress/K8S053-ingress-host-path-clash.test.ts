import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S053 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S053-ingress-host-path-clash.yaml'), ['K8S053']);
});
