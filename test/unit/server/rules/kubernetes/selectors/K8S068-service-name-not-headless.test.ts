import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S068 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S068-service-name-not-headless.yaml'), ['K8S068']);
});
