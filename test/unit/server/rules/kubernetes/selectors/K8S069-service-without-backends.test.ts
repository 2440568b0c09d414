import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S069 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S069-service-without-backends.yaml'), ['K8S069']);
});
