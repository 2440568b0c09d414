import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S035 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S035-duplicate-container-port.yaml'), ['K8S035']);
});
