import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S026 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S026-port-two-protocols.yaml'), ['K8S026']);
});
